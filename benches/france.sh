#!/usr/bin/env bash
# The France-scale measurements of docs/performance.md, from a clean clone:
#
#   1. the machine;
#   2. a 2-million-row establishments file (generate_establishments);
#   3. the engine at 0.25, 0.5, 1 and 2 million rows and PostgreSQL +
#      PostGIS on the same data and searches (cargo bench --bench france);
#   4. the import of the file into SQLite and into PostgreSQL, with peak
#      memory;
#   5. the public search over HTTP on loopback at a fixed rate (oha), on
#      the SQLite database of step 4.
#
# Installs what is missing: PostGIS from Debian's packages (needs root),
# oha with cargo under target/tools. Expects PostgreSQL on 127.0.0.1:5432
# with trust authentication for `postgres` (RELAIS_BENCH_PG to change).
# Settings: FRANCE_ROWS (2000000), FRANCE_SEED (2026), FRANCE_QUERIES
# (1500), HTTP_RATES (3000 and 1000 requests per second, one run each),
# HTTP_SECONDS (60).
# Everything it prints also goes to target/france/report.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

ROWS="${FRANCE_ROWS:-2000000}"
SEED="${FRANCE_SEED:-2026}"
QUERIES="${FRANCE_QUERIES:-1500}"
RATES="${HTTP_RATES:-3000 1000}"
SECONDS_UNDER_LOAD="${HTTP_SECONDS:-60}"
PG="${RELAIS_BENCH_PG:-postgres://postgres@127.0.0.1:5432}"
DATA_DIR="${RELAIS_DATA_DIR:-../shared/data}"
TARGET="${CARGO_TARGET_DIR:-target}"
OUT="$TARGET/france"
FILE="$OUT/establishments-$ROWS-seed$SEED.csv"
BIN="$TARGET/release/relais-cli"
export RELAIS_DATA_DIR="$DATA_DIR" CARGO_TERM_COLOR=never
mkdir -p "$OUT"
exec > >(tee "$OUT/report.txt") 2>&1

step() { printf '\n==> %s\n' "$*"; }

# Elapsed seconds and peak resident memory of a command, from GNU time.
measure() {
  local label="$1"
  shift
  /usr/bin/time -f "$label: %e s elapsed, peak RSS %M KiB" "$@"
}

step "machine"
nproc
grep -m1 'model name' /proc/cpuinfo || true
free -g | sed -n 2p
rustc --version
psql "$PG/postgres" -Atc 'SHOW server_version'

step "tools"
[ -x /usr/bin/time ] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time; }
pg_major="$(psql "$PG/postgres" -Atc 'SHOW server_version_num' | cut -c1-2)"
if ! psql "$PG/postgres" -Atc "SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'" | grep -q 1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "postgresql-$pg_major-postgis-3"
fi
OHA="$(command -v oha || echo "$TARGET/tools/bin/oha")"
if [ ! -x "$OHA" ]; then
  # oha's default TLS backend builds C code with cmake; plain HTTP needs none.
  cargo install oha --locked --version 1.16.0 --root "$TARGET/tools"
fi
"$OHA" --version

step "release build"
cargo build --release --bin relais-cli
[ -f frontend/dist/index.html ] || { npm --prefix frontend ci --no-audit --no-fund && npm --prefix frontend run build; }

step "France-sized file: $ROWS rows, seed $SEED"
if [ ! -f "$FILE" ]; then
  measure "generate" "$BIN" task generate_establishments "rows:$ROWS" "seed:$SEED" "file:$FILE"
fi
ls -l "$FILE"
md5sum "$FILE"

step "engine and PostgreSQL + PostGIS: cargo bench --bench france"
psql "$PG/postgres" -qc 'DROP DATABASE IF EXISTS relais_bench_postgis' -c 'CREATE DATABASE relais_bench_postgis'
RELAIS_BENCH_PG_URL="$PG/relais_bench_postgis" FRANCE_ROWS="$ROWS" FRANCE_SEED="$SEED" \
  FRANCE_QUERIES="$QUERIES" cargo bench --bench france -- --noplot
psql "$PG/postgres" -qc 'DROP DATABASE relais_bench_postgis'

import_into() {
  local label="$1" url="$2"
  DATABASE_URL="$url" "$BIN" db migrate >/dev/null
  DATABASE_URL="$url" "$BIN" task import_referentials >/dev/null
  DATABASE_URL="$url" measure "import into $label" "$BIN" task import_establishments "file:$FILE"
}

step "import of $ROWS establishments into SQLite"
SQLITE_DB="$OUT/relais-france.sqlite"
rm -f "$SQLITE_DB" "$SQLITE_DB"-*
import_into SQLite "sqlite://$SQLITE_DB?mode=rwc"

step "import of $ROWS establishments into PostgreSQL"
psql "$PG/postgres" -qc 'DROP DATABASE IF EXISTS relais_bench_import' -c 'CREATE DATABASE relais_bench_import'
import_into PostgreSQL "$PG/relais_bench_import"
psql "$PG/postgres" -qc 'DROP DATABASE relais_bench_import'

step "HTTP: the mix's searches at $RATES requests per second, $SECONDS_UNDER_LOAD s each"
PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
started="$(date +%s%N)"
DATABASE_URL="sqlite://$SQLITE_DB?mode=rwc" PORT="$PORT" BINDING=127.0.0.1 LOG_LEVEL=warn \
  RELAIS_IMPORT_REPORT_DIR="$OUT/import-reports" "$BIN" start >"$OUT/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
until curl -sf -o /dev/null "http://127.0.0.1:$PORT/api/v1/companies?rome=K2204&latitude=48.86&longitude=2.35&distance_km=5"; do
  kill -0 $server 2>/dev/null || { cat "$OUT/server.log"; exit 1; }
  sleep 0.2
done
echo "server ready (index built from the database) in $((($(date +%s%N) - started) / 1000000)) ms"
sed "s|^|http://127.0.0.1:$PORT|" "$OUT/searches-$QUERIES-seed$SEED.txt" >"$OUT/urls.txt"
for rate in $RATES; do
  # --latency-correction counts from when each request was due, so a slow
  # answer also delays the ones queued behind it (no coordinated omission).
  "$OHA" --no-tui -q "$rate" -z "${SECONDS_UNDER_LOAD}s" -c 64 --latency-correction \
    --output-format json --urls-from-file "$OUT/urls.txt" >"$OUT/http-$rate.json"
  python3 - "$OUT/http-$rate.json" "$rate" <<'EOF'
import json, sys
report = json.load(open(sys.argv[1]))
summary, percentiles = report["summary"], report["latencyPercentiles"]
codes = report.get("statusCodeDistribution", {})
errors = sum(report.get("errorDistribution", {}).values()) + sum(n for code, n in codes.items() if not code.startswith("2"))
print(f"http at {sys.argv[2]}/s: {summary['requestsPerSec']:.0f} requests per second served, "
      f"p50 {percentiles['p50'] * 1000:.2f} ms, p99 {percentiles['p99'] * 1000:.2f} ms, "
      f"max {summary['slowest'] * 1000:.2f} ms, status codes {codes}, errors {errors}")
EOF
done
echo "server peak RSS: $(grep VmHWM /proc/$server/status)"
kill $server
wait $server 2>/dev/null || true
trap - EXIT
echo
echo "report: $OUT/report.txt"
