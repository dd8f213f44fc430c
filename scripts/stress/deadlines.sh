#!/usr/bin/env bash
# The deadline rows of issue 14: wall time and peak memory of each case.
# Usage: scripts/stress/deadlines.sh [WORKDIR]   (after cargo build --release)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
T="$ROOT/target/release/tandem"
W="${1:-$(mktemp -d)}"
mkdir -p "$W"
cd "$W"
m() { /usr/bin/time -f "%e s wall, %M KB" "$@" 2>&1 >/dev/null | tail -1; }
for n in 5000 10000 20000 50000; do python3 "$ROOT/scripts/stress/gen_plan.py" $n chain$n chain; done
python3 "$ROOT/scripts/stress/gen_plan.py" 20000 free20000 free
python3 "$ROOT/scripts/stress/gen_plan.py" 20000 chain20000g20 chain 20
for n in 5000 20000 50000; do "$T" generate --tasks $n --goals 1 --seed 3 --out g1_$n 2>/dev/null; done
"$T" generate --tasks 49846 --seed 1 --out p50k 2>/dev/null
"$T" plan "$ROOT/data/roadmap" --out base --time-limit 0.5 -q
echo "roadmap --threads 256 --time-limit 0.3: $(m "$T" plan "$ROOT/data/roadmap" --out o --threads 256 --time-limit 0.3 -q)"
for d in chain5000 chain10000 chain20000 chain50000 free20000 chain20000g20 g1_5000 g1_20000 g1_50000; do
    echo "$d --time-limit 0.2: $(m "$T" plan $d --out o --time-limit 0.2 -q)"
done
echo "replan --today 2000000 --time-limit 0.3: $(m "$T" replan "$ROOT/data/roadmap" --baseline base/schedule.csv --today 2000000 --time-limit 0.3 --out o2 -q)"
echo "p50k --time-limit 10: $(m "$T" plan p50k --out o3 --time-limit 10 -q)"
echo "p50k --time-limit 0: $(m "$T" plan p50k --out o3 --time-limit 0 -q)"
