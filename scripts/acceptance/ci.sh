#!/usr/bin/env bash
# The acceptance suite in CI, bounded to a minute or two: nasty inputs (asserted),
# tiny plans against brute force, and a few generated plans (50..1000 tasks)
# checked by the independent checker, all with the debug binary `cargo test`
# has just built (no release build), without wall-time assertions. Needs
# Python 3 (stdlib only): installed with apt-get when absent.
# Usage: scripts/acceptance/ci.sh [WORKDIR]   (TANDEM=binary to choose another binary)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
WORK="${1:-$(mktemp -d)}"
mkdir -p "$WORK"

if ! command -v python3 >/dev/null 2>&1; then
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends python3
fi
if [ -z "${TANDEM:-}" ]; then
    (cd "$ROOT" && cargo build -q --bin tandem)
    export TANDEM="$ROOT/target/debug/tandem"
fi

echo "== nasty inputs"
python3 "$HERE/nasty.py" "$WORK/nasty"
echo "== a working calendar (project.csv, workdays.csv), independent checker"
"$TANDEM" plan "$ROOT/tests/fixtures/plans/holiday" --out "$WORK/holiday" -q --work-limit 0.2
python3 "$HERE/check_schedule.py" "$ROOT/tests/fixtures/plans/holiday" "$WORK/holiday"
echo "== leads (negative lags), independent checker"
"$TANDEM" plan "$ROOT/tests/fixtures/plans/leads" --out "$WORK/leads" -q --work-limit 0.2
python3 "$HERE/check_schedule.py" "$ROOT/tests/fixtures/plans/leads" "$WORK/leads"
python3 "$HERE/gen_plans.py" --out "$WORK/leads_gen/plan" --tasks 300 --seed 5 --leads
"$TANDEM" plan "$WORK/leads_gen/plan" --out "$WORK/leads_gen/out" -q --work-limit 0.3
python3 "$HERE/check_schedule.py" "$WORK/leads_gen/plan" "$WORK/leads_gen/out"
echo "== tiny plans against brute force"
python3 "$HERE/brute_small.py" --count 40 --seed 1 --work "$WORK/brute"
echo "== generated plans, independent checker"
ACCEPT_PICK="1 4 8 11 14 18" ACCEPT_TIME_LIMIT=1 ACCEPT_WALL=0 "$HERE/run.sh" "$WORK/run"
