"""CP-SAT model of a plan exported by `examples/cpsat_export.rs` (see README.md).

usage: cpsat.py PLAN.json SECONDS [hint|nohint] [SOLUTION_OUT]

One interval per task and mode (optional when there are several, exactly one
present), a cumulative per team whose capacity dips are fixed intervals,
precedences with their lags (not into pinned tasks, which are fixed), goal
finish >= every member's end and >= tandem's proven finish bound, lateness
>= finish - due; minimise sum p * (finish + w * lateness). With `hint` the
search starts from tandem's schedule. Prints each improving solution, then
the final objective and CP-SAT's bound; writes `start mode` per task.
"""
import json, sys, time
from ortools.sat.python import cp_model
d = json.load(open(sys.argv[1])); limit = float(sys.argv[2]); hint = len(sys.argv) < 4 or sys.argv[3] != 'nohint'
w = d['w']; acts = d['activities']
# horizon: tandem's makespan * 1.5
mk = max(a['start'] + a['modes'][a['mode']]['d'] for a in acts)
H = int(mk * 1.5) + 10
m = cp_model.CpModel()
S, E, lits = [], [], []
per_res = [[] for _ in d['resources']]
for j, a in enumerate(acts):
    lo = a['release']
    s = m.NewIntVar(lo, H, f's{j}'); e = m.NewIntVar(lo, H, f'e{j}')
    ls = []
    for k, md in enumerate(a['modes']):
        l = m.NewBoolVar(f'l{j}_{k}') if len(a['modes']) > 1 else m.NewConstant(1)
        iv = m.NewOptionalFixedSizeIntervalVar(s, md['d'], l, f'i{j}_{k}') if len(a['modes']) > 1 else m.NewFixedSizeIntervalVar(s, md['d'], f'i{j}')
        for r, amt in md['dem']:
            if md['d'] > 0: per_res[r].append((iv, amt))
        ls.append(l)
    if len(ls) > 1: m.AddExactlyOne(ls)
    m.Add(e == s + sum(md['d'] * l for md, l in zip(a['modes'], ls)))
    if a['pin'] is not None:
        m.Add(s == a['pin'][0])
    S.append(s); E.append(e); lits.append(ls)
    if hint:
        m.AddHint(s, a['start'])
        if len(ls) > 1:
            for k, l in enumerate(ls): m.AddHint(l, 1 if k == a['mode'] else 0)
for f, t, lag in d['edges']:
    if acts[t]['pin'] is None:
        m.Add(S[t] >= E[f] + lag)
for r, res in enumerate(d['resources']):
    cap = res['max']; steps = res['steps'] + [[H + 1, cap]]
    for (a0, c), (a1, _) in zip(steps, steps[1:]):
        if c < cap and a1 > a0:
            per_res[r].append((m.NewFixedSizeIntervalVar(a0, min(a1, H + 1) - a0, f'dip{r}_{a0}'), cap - c))
    m.AddCumulative([iv for iv, _ in per_res[r]], [amt for _, amt in per_res[r]], cap)
obj = []
for g, goal in enumerate(d['goals']):
    if not goal['members']: continue
    f = m.NewIntVar(goal['lb'], H, f'f{g}')
    for j in goal['members']: m.Add(f >= E[j])
    obj.append(goal['p'] * f)
    if goal['due'] is not None and w:
        L = m.NewIntVar(0, H, f'L{g}'); m.Add(L >= f - goal['due']); obj.append(goal['p'] * w * L)
m.Minimize(sum(obj))
solver = cp_model.CpSolver()
solver.parameters.max_time_in_seconds = limit
solver.parameters.num_workers = 2
class CB(cp_model.CpSolverSolutionCallback):
    def __init__(s): super().__init__(); s.t0 = time.time()
    def on_solution_callback(s): print(f'{time.time()-s.t0:7.1f}s obj {s.ObjectiveValue():.0f} bound {s.BestObjectiveBound():.0f}', flush=True)
st = solver.Solve(m, CB())
print('status', solver.StatusName(st), 'obj', solver.ObjectiveValue(), 'bound', solver.BestObjectiveBound(), 'tandem', d['objective'], d['bound'])
if st in (cp_model.OPTIMAL, cp_model.FEASIBLE) and len(sys.argv) >= 5:
    with open(sys.argv[4], 'w') as fh:
        for j, a in enumerate(acts):
            mode = [k for k, l in enumerate(lits[j]) if solver.Value(l)][0]
            fh.write(f'{solver.Value(S[j])} {mode}\n')
