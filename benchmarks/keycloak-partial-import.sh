#!/usr/bin/env bash
# Many new users in one realm (not a test): one request per user, N at a time as dive's apply sends
# them (parallelism 10), against Keycloak's partial import (POST /admin/realms/R/partialImport, one
# request for all, ifResourceExists SKIP). Then what partial import does when one user of the batch
# is refused: how many of the others it made. Prints wall times and users made.
# Needs a Keycloak at DIVE_KEYCLOAK_URL (./dive sandbox up gives one) with admin/admin.
#   benchmarks/keycloak-partial-import.sh 900
set -euo pipefail
n=${1:-900}
url=${DIVE_KEYCLOAK_URL:-http://127.0.0.1:8080}
tok() { curl -s -d grant_type=password -d client_id=admin-cli -d username=admin -d password=admin "$url/realms/master/protocol/openid-connect/token" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'; }
auth="Authorization: Bearer $(tok)"
json() { curl -sf -H "$auth" -H 'Content-Type: application/json' "$@"; }
realm() { json -o /dev/null -d "{\"realm\":\"$1\",\"enabled\":true}" "$url/admin/realms"; }
count() { json "$url/admin/realms/$1/users/count"; }
user() { echo "{\"username\":\"user-$1\",\"enabled\":true,\"email\":\"user-$1@many.example\",\"attributes\":{\"clearance\":[\"SECRET\"]},\"credentials\":[{\"type\":\"password\",\"value\":\"Passw0rd-$1-long\",\"temporary\":false}]}"; }
export -f user
cleanup() { auth="Authorization: Bearer $(tok)"; for r in pi-single pi-batch pi-bad; do curl -s -o /dev/null -X DELETE -H "$auth" "$url/admin/realms/$r"; done; }
trap cleanup EXIT
cleanup
for r in pi-single pi-batch pi-bad; do realm $r; done
now() { date +%s.%N; }

s=$(now)
seq 1 "$n" | xargs -P 10 -I{} bash -c 'curl -s -o /dev/null -w "%{http_code}\n" -H "$0" -H "Content-Type: application/json" -d "$(user {})" "$1/admin/realms/pi-single/users"' "$auth" "$url" | sort | uniq -c | sed 's/^/  answers: /'
e=$(now)
printf 'one request per user, 10 at a time: %6.2f s, %s users\n' "$(echo "$e - $s" | bc)" "$(count pi-single)"

auth="Authorization: Bearer $(tok)"
body=$(python3 -c "
import json,sys
n=int(sys.argv[1])
print(json.dumps({'ifResourceExists':'SKIP','users':[{'username':f'user-{i}','enabled':True,'email':f'user-{i}@many.example','attributes':{'clearance':['SECRET']},'credentials':[{'type':'password','value':f'Passw0rd-{i}-long','temporary':False}]} for i in range(1,n+1)]}))" "$n")
s=$(now)
echo "$body" | json -o /tmp/partial-import.json -d @- "$url/admin/realms/pi-batch/partialImport"
e=$(now)
printf 'partial import, one request:        %6.2f s, %s users, %s results (one per user)\n' "$(echo "$e - $s" | bc)" "$(count pi-batch)" \
  "$(python3 -c 'import json; print(len(json.load(open("/tmp/partial-import.json"))["results"]))')"

auth="Authorization: Bearer $(tok)"   # an admin token lives a minute: a fresh one for each step
# The same batch with one user Keycloak refuses (two users with one e-mail address) in the middle.
bad=$(echo "$body" | python3 -c "
import json,sys
b=json.load(sys.stdin); b['users'][len(b['users'])//2]['email']=b['users'][0]['email']; print(json.dumps(b))")
code=$(echo "$bad" | curl -s -o /tmp/partial-import-bad.json -w '%{http_code}' -H "$auth" -H 'Content-Type: application/json' -d @- "$url/admin/realms/pi-bad/partialImport")
printf 'partial import with one refused user: answered %s (%s), %s of the %s others made\n' "$code" "$(head -c 200 /tmp/partial-import-bad.json)" \
  "$(count pi-bad)" "$((n - 1))"
