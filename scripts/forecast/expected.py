#!/usr/bin/env python3
"""Risk-aware plans against deterministic ones (issue 18).

For each size and seed: `tandem generate` (ranges on), `tandem plan` with
`--objective weighted` and with `--objective expected` at the same work
limit (reproducible; the wall time of each is printed too), then `tandem
forecast` of both schedules on the same fresh scenarios (a seed neither
plan was chosen on). Prints one row per plan and the mean ratio per size.

    python3 scripts/forecast/expected.py target/release/tandem [--sizes 300,2000]
        [--seeds 1,2,3,4,5] [--samples 10000] [--work W] [--out DIR]
    python3 scripts/forecast/expected.py target/release/tandem --plan data/roadmap
        --seeds 0,1,2,3,4 --work 1.15     # one plan; the seeds are search seeds

The work limit defaults to the default time limit of the size (1 s + 1 s
per 1,000 tasks), so both plans get the same budget a plain `tandem plan`
would.
"""

import argparse
import json
import os
import subprocess
import sys
import time

FRESH_SEED = 424242
EXTRA = os.environ.get("TANDEM_PLAN_ARGS", "").split()


def run(cmd):
    start = time.time()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return time.time() - start


def forecast(tandem, plan, out, samples):
    fc = out + "-forecast"
    run([tandem, "forecast", plan, "--schedule", os.path.join(out, "schedule.csv"),
         "--samples", str(samples), "--seed", str(FRESH_SEED), "--out", fc, "-q"])
    with open(os.path.join(fc, "summary.json")) as f:
        return json.load(f)["forecast"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("tandem")
    ap.add_argument("--sizes", default="300,2000")
    ap.add_argument("--seeds", default="1,2,3,4,5")
    ap.add_argument("--samples", type=int, default=10000)
    ap.add_argument("--work", type=float, default=None)
    ap.add_argument("--out", default="expected-runs")
    ap.add_argument("--plan", default=None, help="one plan folder; --seeds are then search seeds")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    print("plan,seed,work,det_nominal,det_mean,det_p90,det_s,exp_nominal,exp_mean,exp_p90,exp_s,ratio")
    sizes = [0] if a.plan else [int(x) for x in a.sizes.split(",")]
    for size in sizes:
        ratios = []
        for seed in [int(x) for x in a.seeds.split(",")]:
            if a.plan:
                plan, search_seed = a.plan, seed
                name = f"{os.path.basename(os.path.normpath(a.plan))}-seed{seed}"
                work = a.work if a.work is not None else 1.15
            else:
                plan, search_seed = os.path.join(a.out, f"p{size}s{seed}"), 0
                name = f"p{size}s{seed}"
                if not os.path.isdir(plan):
                    run([a.tandem, "generate", "--tasks", str(size), "--seed", str(seed),
                         "--out", plan])
                work = a.work if a.work is not None else 1.0 + size / 1000.0
            row = [size or a.plan, seed, work]
            means = []
            for objective in ["weighted", "expected"]:
                out = os.path.join(a.out, f"{name}-{objective}")
                secs = run([a.tandem, "plan", plan, "--out", out, "--work-limit", str(work),
                            "--seed", str(search_seed), "--objective", objective,
                            "--samples", "0", "-q"] + EXTRA)
                f = forecast(a.tandem, plan, out, a.samples)
                row += [f["objective_plan"], round(f["objective_mean"], 1), f["objective_p90"], round(secs, 2)]
                means.append(f["objective_mean"])
            ratio = means[1] / means[0]
            ratios.append(ratio)
            print(",".join(str(x) for x in row + [round(ratio, 4)]), flush=True)
        label = a.plan if a.plan else f"{size} tasks"
        print(f"# {label}: mean ratio expected/deterministic {sum(ratios) / len(ratios):.4f}"
              f" over {len(ratios)} seeds; expected better on {sum(r < 1 for r in ratios)}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
