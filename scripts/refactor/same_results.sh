#!/usr/bin/env bash
# Same-results check for refactors (issue 15): runs a fixed set of plans,
# re-plans and PSPLIB instances with deterministic work limits and prints
# one line per run: name, objective, status, moved tasks, md5 of schedule.csv.
# Run it with the binary before and after a change and diff the outputs:
#   scripts/refactor/same_results.sh OLD_BIN /tmp/old > old.txt
#   scripts/refactor/same_results.sh target/release/tandem /tmp/new > new.txt
#   diff old.txt new.txt
# PSPLIB sets from ../shared are used when present (PSPLIB=DIR to choose).
set -euo pipefail
BIN=$(realpath "$1")
WORK=$2
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PSPLIB=${PSPLIB:-$ROOT/../shared/psplib}
mkdir -p "$WORK"
cd "$WORK"

line() { # name outdir
  local obj status moved md5
  obj=$(python3 -c 'import json,sys;d=json.load(open(sys.argv[1]));print(d["objective"], d["status"])' "$2/summary.json")
  moved=-
  if [ -f "$2/diff.csv" ]; then moved=$(($(wc -l < "$2/diff.csv") - 1)); fi
  md5=$(md5sum < "$2/schedule.csv" | cut -c1-12)
  echo "$1 $obj moved=$moved $md5"
}

plan() { # name dir threads work extra...
  local name=$1 dir=$2 threads=$3 work=$4; shift 4
  rm -rf "out_$name"
  "$BIN" plan "$dir" --out "out_$name" --threads "$threads" --work-limit "$work" -q "$@"
  line "$name" "out_$name"
}
replan() { # name dir baseline threads work extra...
  local name=$1 dir=$2 base=$3 threads=$4 work=$5; shift 5
  rm -rf "out_$name"
  local rc=0
  "$BIN" replan "$dir" --baseline "out_$base" --out "out_$name" --threads "$threads" --work-limit "$work" -q "$@" 2> "err_$name" || rc=$?
  if [ "$rc" != 0 ]; then echo "$name exit=$rc $(md5sum < "err_$name" | cut -c1-12)"; return; fi
  line "$name" "out_$name"
}

rm -rf roadmap roadmap_prio p300 p2000
cp -r "$ROOT/data/roadmap" roadmap
"$BIN" generate --tasks 300 --seed 3 --out p300 2>/dev/null
"$BIN" generate --tasks 2000 --seed 7 --out p2000 2>/dev/null

for t in 1 2; do
  plan "roadmap_t$t" roadmap "$t" 2
  plan "p300_t$t" p300 "$t" 2
  plan "p2000_t$t" p2000 "$t" 2
done
plan roadmap_makespan roadmap 1 1 --objective makespan
plan roadmap_dates roadmap 1 1 --start 2027-01-04

# re-plans: a priority change, stability, progress/today/freeze, bounds thread
cp -r roadmap roadmap_prio
python3 - roadmap_prio/goals.csv <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
head = rows[0]; p = head.index("priority"); i = head.index("goal")
for r in rows[1:]:
    if r[i] == "mobile-app": r[p] = "10"
csv.writer(open(sys.argv[1], "w", newline=""), lineterminator="\n").writerows(rows)
PY
for t in 1 2; do
  replan "rp_prio_t$t" roadmap_prio "roadmap_t$t" "$t" 2
  replan "rp_stab_t$t" roadmap_prio "roadmap_t$t" "$t" 2 --stability-weight 0.1
  replan "rp_today_t$t" roadmap_prio "roadmap_t$t" "$t" 2 --today 15 --stability-weight 0.3
  replan "rp300_t$t" p300 "p300_t$t" "$t" 5 --today 10 --stability-weight 0.1
  replan "rp2000_t$t" p2000 "p2000_t$t" "$t" 2 --today 20
  replan "rp_freeze_t$t" roadmap_prio "roadmap_t$t" "$t" 2 --today 15 --freeze 5
done
# progress at today from a baseline: tasks finished by then done, running ones started
progress() { # schedule.csv today out.csv
  python3 - "$1" "$2" "$3" <<'PY'
import csv, sys
today = int(sys.argv[2])
with open(sys.argv[3], "w") as f:
    f.write("task,status,start,team,people\n")
    for r in csv.DictReader(open(sys.argv[1])):
        s, e = int(r["start"]), int(r["finish"])
        if e <= today:
            f.write(f'{r["task"]},done,,,\n')
        elif s < today:
            f.write(f'{r["task"]},started,{s},{r["team"]},{r["people"]}\n')
PY
}
progress out_roadmap_t1/schedule.csv 15 roadmap_progress.csv
progress out_p300_t1/schedule.csv 10 p300_progress.csv
replan rp_progress roadmap_prio roadmap_t1 1 2 --today 15 --progress roadmap_progress.csv --freeze 5 --stability-weight 0.1
replan rp300_progress p300 p300_t1 1 5 --today 10 --progress p300_progress.csv --freeze 3 --stability-weight 0.1
replan rp300_progress_t2 p300 p300_t1 2 2 --today 10 --progress p300_progress.csv

# library-level diff
"$BIN" diff out_roadmap_t1 out_rp_prio_t1 | md5sum | cut -c1-12 | sed 's/^/diff_roadmap /'

# PSPLIB: the bundled set and, when present, the first 60 of j30 and j60
bench() { # name dir limit
  rm -f "bench_$1.csv"
  "$BIN" bench "$2" --out "bench_$1.csv" --work-limit 0.2 --threads 1 --limit "$3" -q
  echo "bench_$1 $(cut -d, -f1-4 "bench_$1.csv" | md5sum | cut -c1-12) $(python3 -c '
import csv,sys
r=list(csv.DictReader(open(sys.argv[1])))
k="objective"
print(k, sum(float(x[k]) for x in r))' "bench_$1.csv")"
}
bench bundled "$ROOT/data/psplib" 100
if [ -d "$PSPLIB/j30" ]; then bench j30 "$PSPLIB/j30" 60; fi
if [ -d "$PSPLIB/j60" ]; then bench j60 "$PSPLIB/j60" 60; fi
