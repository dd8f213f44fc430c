#!/usr/bin/env bash
# Acceptance run: generate ~30 plans (50..3000 tasks), schedule each with tandem
# (--time-limit 2, one process at a time), check every output independently.
# Usage: [TANDEM=/path/to/binary] scripts/acceptance/run.sh [WORKDIR]   (default /tmp/tandem_acceptance)
# Knobs (for CI, see ci.sh): ACCEPT_PICK="1 5 9" runs only those cases (1-based),
# ACCEPT_TIME_LIMIT (default 2) is tandem's --time-limit, ACCEPT_WALL=0 drops the
# wall-time assertions (which depend on the machine's speed and load).
set -u
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
BIN="${TANDEM:-$ROOT/target/release/tandem}"
WORK="${1:-/tmp/tandem_acceptance}"
TL="${ACCEPT_TIME_LIMIT:-2}"
PICK="${ACCEPT_PICK:-}"
WALL="${ACCEPT_WALL:-1}"
[ -x "$BIN" ] || (cd "$ROOT" && cargo build --release -q) || exit 2
rm -rf "$WORK"; mkdir -p "$WORK"

# size seed extra-args (objective / lateness weight)
CASES=(
  "50 1 " "60 2 " "75 3 --lateness-weight 0" "90 4 " "110 5 --objective makespan"
  "130 6 " "160 7 --lateness-weight 2.5" "200 8 " "240 9 " "290 10 --objective makespan"
  "350 11 " "420 12 --lateness-weight 0" "500 13 " "600 14 " "700 15 --lateness-weight 2.5"
  "800 16 " "900 17 --objective makespan" "1000 18 " "1150 19 " "1300 20 --lateness-weight 0"
  "1500 21 " "1700 22 " "1900 23 --lateness-weight 2.5" "2100 24 " "2300 25 --objective makespan"
  "2500 26 " "2650 27 " "2800 28 --lateness-weight 0" "2900 29 " "3000 30 "
)

pass=0; fail=0
printf "%-4s %6s %-24s %14s %14s %7s %6s  %s\n" "#" "tasks" "args" "objective" "lower_bound" "lb/obj" "secs" "result"
i=0
ran=0
for c in "${CASES[@]}"; do
  i=$((i+1))
  if [ -n "$PICK" ] && [[ " $PICK " != *" $i "* ]]; then continue; fi
  ran=$((ran+1))
  read -r n seed extra <<<"$c"
  plan="$WORK/plan_$i"; out="$WORK/out_$i"
  python3 "$HERE/gen_plans.py" --out "$plan" --tasks "$n" --seed "$seed"
  lw=10; kind=weighted
  if [[ "$extra" == *lateness-weight* ]]; then lw="${extra##* }"; fi
  if [[ "$extra" == *makespan* ]]; then kind=makespan; fi
  t0=$(date +%s.%N)
  # shellcheck disable=SC2086
  "$BIN" plan "$plan" --out "$out" --time-limit $TL --seed "$seed" --quiet $extra >"$WORK/log_$i" 2>&1
  rc=$?
  t1=$(date +%s.%N)
  secs=$(python3 -c "print('%.2f' % ($t1 - $t0))")
  if [ $rc -ne 0 ]; then
    res="FAIL tandem exit $rc: $(head -c 200 "$WORK/log_$i" | tr '\n' ' ')"
    obj=-; lb=-; ratio=-
  else
    tl_check=(); [ "$WALL" = 1 ] && tl_check=(--time-limit "$TL")
    res=$(python3 "$HERE/check_schedule.py" "$plan" "$out" --lateness-weight "$lw" --objective "$kind" "${tl_check[@]}" 2>"$WORK/check_$i")
    read -r obj lb ratio < <(python3 -c "
import json,sys; s=json.load(open('$out/summary.json')); o=s['objective']; l=s['lower_bound']
print(o, l, '%.4f' % (l/o if o else 1.0))")
    if [ "$WALL" = 1 ] && python3 -c "import sys; sys.exit(0 if $secs > $TL*1.5+1 else 1)"; then
      res="FAIL wall time $secs s >> --time-limit $TL; $res"
    fi
  fi
  case "$res" in PASS*) pass=$((pass+1)); res="PASS";; *) fail=$((fail+1));; esac
  printf "%-4s %6s %-24s %14s %14s %7s %6s  %s\n" "$i" "$n" "${extra:--}" "$obj" "$lb" "$ratio" "$secs" "$res"
done
echo "TALLY: $pass PASS, $fail FAIL of $ran plans (work dir $WORK)"
[ $fail -eq 0 ]
