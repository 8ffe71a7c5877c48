# Shared by bench/profile.sh, bench/ab.sh and bench/feature-budget.sh (sourced): how a benchmarked Switchyard is configured,
# prepared and stopped.

# Servers a script starts go into PIDS; they are stopped when it exits, however it exits. The databases and Redis dbs
# it prepared (fresh_stores, recorded in STORES) are dropped once their servers are gone.
PIDS=(); STORES=()
stop_started() {
  local pid store
  for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]:-}"; do for _ in $(seq 50); do [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done; done
  for store in "${STORES[@]:-}"; do
    [ -n "$store" ] || continue
    mariadb -uroot -h127.0.0.1 -e "DROP DATABASE IF EXISTS ${store% *}" 2>/dev/null || true
    redis-cli -n "${store#* }" FLUSHDB >/dev/null 2>&1 || true
  done
}
trap stop_started EXIT

# require_build <checkout>...: each has a built dist/, and wrk is installed; otherwise says what to do, and exits.
require_build() {
  local checkout
  for checkout in "$@"; do [ -f "$checkout/dist/apps/api/src/main.js" ] || { echo "build $checkout first: npm run build" >&2; exit 1; }; done
  command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
}

# The migrated route of every scenario: /api/v1/spaces served by Switchyard for tenant acme, the rest by legacy.
write_routing_rules() {
  cat > "$1" <<'JSON'
{"default":"legacy","features":[{"key":"spaces-api","enabled":true,"tenants":{"allow":["acme"],"deny":[]},"spaces":{"allow":[],"deny":[]},"percentage":0,"stickBy":"tenant","salt":"bench"}],"rules":[{"match":{"pathPrefix":"/api/v1/spaces","methods":["GET","POST","PATCH","DELETE"]},"feature":"spaces-api","target":"new","fallback":"safe","timeoutMs":5000}]}
JSON
}

# bench_env <database> <redis db> <port> <rules file> <legacy port>: sets BENCH_ENV, the production-mode settings
# run.sh gives Switchyard (MariaDB + Redis, request log at LOG_LEVEL, default info).
bench_env() {
  BENCH_ENV=(NODE_ENV=production DATABASE_URL="mysql://root@127.0.0.1:3306/$1" REDIS_URL="redis://127.0.0.1:6379/$2"
    JWT_SECRET=bench-secret-0123456789abcdef0123456789 DATASOURCE_ENCRYPTION_KEYS="k1:$(printf 'b%.0s' $(seq 32) | base64)"
    PLATFORM_INTERNAL_TOKEN=bench-internal-token-0123456789abcdef GRPC_ENABLED=false BOOTSTRAP_TENANT=acme
    BOOTSTRAP_ADMIN_USER=admin BOOTSTRAP_ADMIN_PASSWORD='Bench-admin-password-1' LEGACY_BASE_URL="http://127.0.0.1:$5"
    LEGACY_IDENTITY_SECRET=bench-legacy-identity-secret-0123456789 ROUTING_CONFIG="$4" PORT="$3" HOST=127.0.0.1
    LOG_LEVEL="${LOG_LEVEL:-info}")
}

# fresh_stores <database> <redis db>
fresh_stores() {
  mariadb -uroot -h127.0.0.1 -e "DROP DATABASE IF EXISTS $1; CREATE DATABASE $1"
  redis-cli -n "$2" FLUSHDB >/dev/null
  STORES+=("$1 $2")
}

field() { node -pe "JSON.parse(require('fs').readFileSync(0, 'utf8')).$1"; }

# scenario_target <base url> <stderr file>: waits for the server, logs in, creates a space; prints "url|token"
# for SCENARIO (cached, proxy, anonymous-proxy, junk-token-proxy: a token that is no JWT, which makes the request
# anonymous; the token is empty when anonymous).
scenario_target() {
  local base="$1" token="" space
  for _ in $(seq 300); do curl -fsS -o /dev/null "$base/health/live" 2>/dev/null && break; sleep 0.2; done
  for _ in $(seq 40); do
    token="$(curl -fsS -H 'content-type: application/json' -d '{"tenant":"acme","username":"admin","password":"Bench-admin-password-1"}' "$base/api/v1/auth/login" 2>/dev/null | field accessToken 2>/dev/null)" && [ -n "$token" ] && break
    sleep 0.5
  done
  [ -n "$token" ] || { echo "login failed on $base; see $2" >&2; return 1; }
  space="$(curl -fsS -H 'content-type: application/json' -H "Authorization: Bearer $token" -d '{"name":"bench-space"}' "$base/api/v1/spaces" | field id)"
  case "${SCENARIO:-cached}" in
    cached) echo "$base/api/v1/spaces/$space|$token";;
    proxy) echo "$base/api/v1/reports/1|$token";;
    anonymous-proxy) echo "$base/api/v1/reports/1|";;
    junk-token-proxy) echo "$base/api/v1/reports/1|junk";;
    *) echo "unknown SCENARIO $SCENARIO" >&2; return 2;;
  esac
}
