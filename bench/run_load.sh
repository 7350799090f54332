#!/usr/bin/env bash
# The load test of issue 18 §3, start to finish: gunicorn (deploy/gunicorn.conf.py) and a
# job worker on the county-size database, a warm-up, locust headless with 32 users, the
# p50/p95/p99 of every page and the failures, then everything stopped again.
#
#   bench/run_load.sh                     # tj_load, 32 users, 5 minutes, 3 gunicorn workers
#   USERS=32 DURATION=5m GUNICORN_WORKERS=3 DB=tj_load bench/run_load.sh
#   DURATION=60s bench/run_load.sh        # a short check that everything answers
#
# Needs: the database of docs/benchmarks.md "Load" (demo + bench/load_data.py), and
# locust in the venv (`.venv/bin/pip install -e '.[load]'`). Runs on loopback only.
# PRODUCTION=1 (the default): DEBUG off, as a county runs it behind its TLS proxy: locust
# sends X-Forwarded-Proto: https and keeps the Secure cookies (LOAD_BEHIND_PROXY, see
# bench/locustfile.py); the demo users have no second-factor device, so the run sets
# TYONJAKO_OTP_REQUIRED=0 (a per-session check, not a per-request cost). The keys are
# random, made for the run. PRODUCTION=0 runs with DEBUG=1 instead (Django then keeps
# each query's text: slower).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
BIN="${BIN:-$ROOT/.venv/bin}"
DB="${DB:-tj_load}"
USERS="${USERS:-32}"
SPAWN_RATE="${SPAWN_RATE:-8}"
DURATION="${DURATION:-5m}"
WARMUP="${WARMUP:-30s}"
PORT="${PORT:-8001}"
OUT="${OUT:-$(mktemp -d /tmp/tyonjako-load.XXXXXX)}"

export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/$DB}"
if [[ "${PRODUCTION:-1}" == 1 ]]; then
    export DEBUG=0 TYONJAKO_OTP_REQUIRED=0 LOAD_BEHIND_PROXY=1 ALLOWED_HOSTS=127.0.0.1
    SECRET_KEY="$(head -c 60 /dev/urandom | base64 | tr -d '\n/+=')"
    TYONJAKO_PSEUDONYM_KEY="$(head -c 60 /dev/urandom | base64 | tr -d '\n/+=')"
    export SECRET_KEY TYONJAKO_PSEUDONYM_KEY
else
    export DEBUG=1
fi
export TYONJAKO_DATA_DIR="${TYONJAKO_DATA_DIR:-$ROOT/data}"
export GUNICORN_WORKERS="${GUNICORN_WORKERS:-3}"
export GUNICORN_BIND="127.0.0.1:$PORT"
# The access log would be the largest write of the run; errors still reach the error log.
export GUNICORN_LOG_LEVEL="${GUNICORN_LOG_LEVEL:-warning}"
mkdir -p "$TYONJAKO_DATA_DIR" "$OUT"

if [[ ! -x "$BIN/locust" ]]; then
    echo "locust is missing: $BIN/pip install -e '.[load]'" >&2
    exit 2
fi

if curl -fsS -o /dev/null "http://127.0.0.1:$PORT/healthz" 2>/dev/null; then
    echo "something already answers on port $PORT: stop it or choose PORT=..." >&2
    exit 1
fi

pids=()
stop() {
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${pids[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
}
trap stop EXIT INT TERM

if [[ "$DEBUG" == 0 ]]; then  # as a deployment does: the hashed static files' manifest
    "$BIN/tyonjako" collectstatic --noinput --verbosity 0
fi
"$BIN/gunicorn" -c deploy/gunicorn.conf.py --access-logfile /dev/null \
    tyonjako.wsgi:application >"$OUT/gunicorn.log" 2>&1 &
pids+=($!)
"$BIN/tyonjako" worker --no-reload >"$OUT/worker.log" 2>&1 &
pids+=($!)

for _ in $(seq 1 60); do
    if curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; then
        break
    fi
    sleep 1
done
curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null || {
    echo "gunicorn did not answer on port $PORT; see $OUT/gunicorn.log" >&2
    exit 1
}

load() { cut -d' ' -f1-3 /proc/loadavg; }
echo "database $DATABASE_URL, DEBUG=$DEBUG, $GUNICORN_WORKERS gunicorn workers, $USERS users, $DURATION"
echo "warming up ($WARMUP, 8 users); load average $(load)"
"$BIN/locust" -f bench/locustfile.py --host "http://127.0.0.1:$PORT" --headless \
    -u 8 -r 8 -t "$WARMUP" --only-summary >"$OUT/warmup.log" 2>&1 || true

echo "measuring; load average at start $(load)"
status=0
"$BIN/locust" -f bench/locustfile.py --host "http://127.0.0.1:$PORT" --headless \
    -u "$USERS" -r "$SPAWN_RATE" -t "$DURATION" --csv "$OUT/load" --only-summary \
    >"$OUT/locust.log" 2>&1 || status=$?
echo "load average at end $(load)"

"$BIN/python" - "$OUT/load_stats.csv" "$OUT/load_failures.csv" <<'PY'
import csv
import sys

stats, failures = sys.argv[1], sys.argv[2]
print(f"{'page':<18} {'requests':>8} {'fails':>6} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'max ms':>7}")
with open(stats, newline="") as handle:
    for row in csv.DictReader(handle):
        name = row["Name"] or row["Type"]
        print(
            f"{name:<18} {row['Request Count']:>8} {row['Failure Count']:>6} "
            f"{row['50%']:>7} {row['95%']:>7} {row['99%']:>7} {float(row['Max Response Time']):>7.0f}"
        )
with open(failures, newline="") as handle:
    rows = list(csv.DictReader(handle))
for row in rows:
    print(f"failure: {row['Method']} {row['Name']}: {row['Error']} ×{row['Occurrences']}")
print("errors: none" if not rows else f"errors: {len(rows)} kinds")
PY
echo "files: $OUT (locust.log, gunicorn.log, worker.log, load_stats.csv)"
exit "$status"
