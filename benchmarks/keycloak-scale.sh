#!/usr/bin/env bash
# Scenario benchmark against a real Keycloak (not a test): a hub and N spokes given only by code.
# Measures the first apply, then a no-op plan and a no-op drift, wall time including JVM start,
# and the requests sent. Needs a Keycloak at DIVE_KEYCLOAK_URL (./dive sandbox up gives one).
#   benchmarks/keycloak-scale.sh 16 32
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
codes=(alb bel bgr can hrv cze dnk est fin fra deu grc hun isl ita lva ltu lux mne nld mkd nor pol prt rou svk svn esp swe tur gbr aus)
for n in "$@"; do
  dir=$(mktemp -d)
  { echo "name: scale-$n"
    echo "keycloak:"
    echo "  url: \${env:DIVE_KEYCLOAK_URL:-http://127.0.0.1:8080}"
    echo "  admin: {username: admin, password: admin}"
    echo "hub: {code: usa}"
    echo "spokes:"
    for c in "${codes[@]:0:$n}"; do echo "  - code: $c"; done; } > "$dir/topology.yaml"
  "$root/dive" validate "$dir/topology.yaml" >/dev/null   # builds the jar if needed, outside the timings
  t() { local s=$(date +%s.%N); DIVE_KEYCLOAK_STATS=1 "$@" >"$dir/out" 2>"$dir/err" || true; local e=$(date +%s.%N);
        printf '%6.2fs  %s\n' "$(echo "$e - $s" | bc)" "$(grep -h 'keycloak requests' "$dir/err" || tail -1 "$dir/err")"; }
  echo "== $n spokes ($(grep -c . "$dir/topology.yaml") manifest lines)"
  printf 'first apply:  '; t "$root/dive" apply --auto-approve "$dir/topology.yaml"; tail -1 "$dir/out"
  printf 'no-op plan:   '; t "$root/dive" plan "$dir/topology.yaml"; tail -1 "$dir/out"
  printf 'no-op plan:   '; t "$root/dive" plan "$dir/topology.yaml"
  printf 'drift:        '; t "$root/dive" drift "$dir/topology.yaml"
  printf 'destroy:      '; t "$root/dive" destroy --auto-approve "$dir/topology.yaml"; tail -1 "$dir/out"
  rm -rf "$dir"
done
