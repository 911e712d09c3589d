#!/usr/bin/env bash
# The floor under any tool's first apply (not a test): what Keycloak itself needs to create N bare
# realms and 6 users with passwords in each, sent with curl, 8 at a time, no reads at all. Prints
# wall time and the Keycloak process's CPU seconds (both cores busy means the server is the bound).
# Needs a Keycloak at DIVE_KEYCLOAK_URL (./dive sandbox up gives one) with admin/admin.
#   benchmarks/keycloak-floor.sh 17
set -euo pipefail
n=${1:-17}
url=${DIVE_KEYCLOAK_URL:-http://127.0.0.1:8080}
kc=$(pgrep -f 'quarkus' | while read -r p; do [ -r /proc/$p/stat ] && grep -q java /proc/$p/comm && echo "$p"; done | head -1)
cpu() { awk '{print ($14+$15)/100}' /proc/"$kc"/stat; }
tok=$(curl -s -d grant_type=password -d client_id=admin-cli -d username=admin -d password=admin "$url/realms/master/protocol/openid-connect/token" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
auth="Authorization: Bearer $tok"
measure() { local what=$1; shift; local c0 s e c1; c0=$(cpu); s=$(date +%s.%N); "$@"; e=$(date +%s.%N); c1=$(cpu)
  printf '%-32s wall %6.2f s   keycloak cpu %6.2f s\n' "$what" "$(echo "$e - $s" | bc)" "$(echo "$c1 - $c0" | bc)"; }
realms() { seq 1 "$n" | xargs -P 8 -I{} curl -sf -o /dev/null -H "$auth" -H 'Content-Type: application/json' \
  -d '{"realm":"floor-{}","enabled":true}' "$url/admin/realms"; }
users() { for r in $(seq 1 "$n"); do for u in 1 2 3 4 5 6; do echo "$r $u"; done; done | xargs -P 8 -L1 sh -c \
  'curl -s -o /dev/null -w "%{http_code}\n" -H "$0" -H "Content-Type: application/json" -d "{\"username\":\"floor-user-$3\",\"enabled\":true,\"email\":\"floor-user-$3@x.org\",\"credentials\":[{\"type\":\"password\",\"value\":\"Passw0rd-$3-long\",\"temporary\":false}]}" "$1/admin/realms/floor-$2/users"' "$auth" "$url" | grep -v '^201$' || true; }
cleanup() { seq 1 "$n" | xargs -P 4 -I{} curl -s -o /dev/null -X DELETE -H "$auth" "$url/admin/realms/floor-{}"; }
trap cleanup EXIT
measure "$n bare realms" realms
measure "$((n * 6)) users with passwords" users
