#!/usr/bin/env bash
# `npm test`: everything CI checks, on a clean clone of a Debian 12 + Node 20 machine.
#   1 deps + Prisma client  2 PostgreSQL/Redis  3 Chromium/docker-compose  4 tsc, biome
#   5 vitest (unit + int, including the docker/ file checks)   6 next build + Playwright e2e
# Prints each step's duration and a final "N passed, N failed" (vitest + playwright).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$(pwd)"
export NEXT_TELEMETRY_DISABLED=1 ORT_DISABLE_TELEMETRY=1 ONNXRUNTIME_NODE_INSTALL=skip
export PATH="$ROOT/node_modules/.bin:$PATH"

# One id per run: the int tests and e2e make their databases and Redis prefixes from it.
ZOMMA_TEST_RUN_ID="${ZOMMA_TEST_RUN_ID:-t$(date +%s)_$$}"
export ZOMMA_TEST_RUN_ID
export QUEUE_PREFIX="zomma-test-${ZOMMA_TEST_RUN_ID}"
export TEST_DATABASE_URL="${TEST_DATABASE_URL:-postgresql://127.0.0.1:5432/test}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
REPORTS="$ROOT/.zomma/test-reports/$ZOMMA_TEST_RUN_ID"
mkdir -p "$REPORTS"

TIMINGS=()
FAILED_STEPS=()
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
banner() { printf '\n==== %s\n' "$*"; }

# run_step NAME fatal|check CMD...: times the step; a failing "check" is recorded and
# the run goes on (so the summary counts everything); a failing "fatal" stops the run.
run_step() {
  local name="$1" mode="$2"
  shift 2
  banner "$name"
  local start status=0
  start="$(now)"
  "$@" || status=$?
  local took
  took="$(elapsed "$start")"
  TIMINGS+=("$(printf '%-28s %7ss  %s' "$name" "$took" "$([ "$status" -eq 0 ] && echo ok || echo "FAILED ($status)")")")
  printf -- '---- %s: %ss%s\n' "$name" "$took" "$([ "$status" -eq 0 ] || echo ", FAILED (exit $status)")"
  if [ "$status" -ne 0 ]; then
    FAILED_STEPS+=("$name")
    if [ "$mode" = fatal ]; then
      print_summary
      exit "$status"
    fi
  fi
}

apt_install() { # apt_install PACKAGE... (root only)
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing: $* -- install it as root: apt-get update && apt-get install -y $*" >&2
    return 1
  fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

step_deps() {
  node scripts/lib/bootstrap.mjs
}

pg_ready() { pg_isready -q -h 127.0.0.1 -p 5432 -t 2 2>/dev/null && psql -h 127.0.0.1 -d postgres -tAc 'SELECT 1' >/dev/null 2>&1; }
redis_ready() { [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = PONG ]; }

step_services() {
  if ! command -v pg_ctlcluster >/dev/null || ! command -v redis-server >/dev/null; then
    apt_install postgresql redis-server
  fi
  if ! pg_ready; then
    echo "starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start || true
  fi
  if ! redis_ready; then
    echo "starting Redis"
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
  fi
  local i
  for i in $(seq 1 60); do
    if pg_ready && redis_ready; then
      echo "PostgreSQL and Redis answer"
      return 0
    fi
    sleep 0.5
  done
  echo "PostgreSQL or Redis did not become ready in 30 s" >&2
  return 1
}

step_tools() {
  [ -x /usr/bin/chromium ] || apt_install chromium
  command -v docker-compose >/dev/null || apt_install docker-compose
  /usr/bin/chromium --version
  docker-compose version --short
}

step_vitest() {
  vitest run --reporter=default --reporter=json --outputFile.json="$REPORTS/vitest.json"
}

step_build() {
  tsx scripts/lib/build-web.ts
}

step_e2e() {
  PLAYWRIGHT_JSON_OUTPUT_NAME="$REPORTS/playwright.json" \
    playwright test -c e2e/playwright.config.ts --reporter=list,json
}

print_summary() {
  banner "summary (run $ZOMMA_TEST_RUN_ID)"
  printf '%s\n' "${TIMINGS[@]}"
  node scripts/lib/test-summary.mjs "$REPORTS" "${#FAILED_STEPS[@]}" || true
}

# The run's BullMQ keys (int tests derive their prefixes from QUEUE_PREFIX): remove them at exit.
cleanup_redis() {
  redis-cli -u "$REDIS_URL" --scan --pattern "${QUEUE_PREFIX}*" 2>/dev/null |
    xargs -r -n 500 redis-cli -u "$REDIS_URL" del >/dev/null 2>&1 || true
}
trap cleanup_redis EXIT

TOTAL_START="$(now)"
run_step "1 dependencies" fatal step_deps
run_step "2 postgres + redis" fatal step_services
run_step "3 chromium + docker-compose" fatal step_tools
run_step "4a typecheck (tsc)" check tsc -p tsconfig.json
run_step "4b lint (biome)" check biome check .
run_step "5 vitest (unit + int)" check step_vitest
run_step "6a next build" check step_build
if [[ " ${FAILED_STEPS[*]} " == *" 6a next build "* ]]; then
  echo "skipping e2e: no production build" >&2
else
  run_step "6b playwright e2e" check step_e2e
fi
TIMINGS+=("$(printf '%-28s %7ss' total "$(elapsed "$TOTAL_START")")")
print_summary
if [ "${#FAILED_STEPS[@]}" -ne 0 ]; then
  echo "failed steps: ${FAILED_STEPS[*]}" >&2
  exit 1
fi
