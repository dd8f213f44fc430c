#!/usr/bin/env python3
"""Moves against objective of re-plans after one priority change (issue 16).

    python3 scripts/replan/moves.py BIN WEIGHTS [EXTRA_FLAGS]   (run in an empty folder)

For the example roadmap (`mobile-app` 5 -> 10) and three generated 2,000-task
plans (seeds 7, 11, 13; the goal of median finish among those of priority <= 5
raised to 10): plans the baseline at a work limit (1 for the roadmap, 3 for
the others), re-plans at the same work limit with each stability weight in
WEIGHTS (comma-separated) and the EXTRA_FLAGS (e.g. "--min-gain 0"), and
prints per plan the objective without the stability term and the tasks that
moved (diff.csv rows).
"""
import csv, json, subprocess, sys, os, shutil
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
B = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, 'target/release/tandem')
weights = [float(x) for x in (sys.argv[2].split(',') if len(sys.argv) > 2 else ['0','0.01','0.03','0.1','0.3','1'])]
extra = sys.argv[3].split() if len(sys.argv) > 3 else []
def run(args):
    r = subprocess.run([B] + args, capture_output=True, text=True)
    if r.returncode != 0: print(r.stderr); raise SystemExit(1)
    return r.stdout
def setup(name, src, work):
    base = f'base_{name}'
    if not os.path.exists(base + '/schedule.csv'):
        run(['plan', src, '--out', base, '--work-limit', str(work), '-q'])
    new = f'plan_{name}'
    if not os.path.exists(new):
        shutil.copytree(src, new)
        rows = list(csv.reader(open(f'{new}/goals.csv')))
        h = rows[0]; pi = h.index('priority'); gi = h.index('goal')
        if name == 'roadmap':
            target = 'mobile-app'
        else:
            fin = {r['goal']: int(r['finish']) for r in csv.DictReader(open(f'{base}/goals.csv'))}
            cands = sorted([r for r in rows[1:] if float(r[pi]) <= 5], key=lambda r: fin.get(r[gi], 0))
            target = cands[len(cands) // 2][gi]
        for r in rows[1:]:
            if r[gi] == target: r[pi] = '10'
        csv.writer(open(f'{new}/goals.csv', 'w', newline=''), lineterminator='\n').writerows(rows)
        open(f'{new}/TARGET', 'w').write(target)
    return base, new
def evaluate(base, new, work, w):
    out = f'out_{new}_{w}'
    run(['replan', new, '--baseline', base, '--out', out, '--work-limit', str(work), '--stability-weight', str(w), '-q'] + extra)
    s = json.load(open(f'{out}/summary.json'))
    diff = list(csv.DictReader(open(f'{out}/diff.csv')))
    shift = sum(abs(int(d['shift'])) for d in diff if d['shift'])
    moved = len(diff)
    obj = s['objective'] - w * shift
    return obj, moved, shift
for seed in (7, 11, 13):
    if not os.path.exists(f'p{seed}'):
        run(['generate', '--tasks', '2000', '--seed', str(seed), '--out', f'p{seed}'])
for name, src, work in [('roadmap', os.path.join(ROOT, 'data/roadmap'), 1), ('p7', 'p7', 3), ('p11', 'p11', 3), ('p13', 'p13', 3)]:
    base, new = setup(name, src, work)
    res = {w: evaluate(base, new, work, w) for w in weights}
    o0 = res[weights[0]][0]
    print(name, open(f'{new}/TARGET').read(), ' '.join(f'w={w}: obj={o:.0f} ({100*(o/o0-1):+.2f}%) moved={m}' for w,(o,m,_) in res.items()), flush=True)
