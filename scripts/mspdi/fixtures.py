#!/usr/bin/env python3
"""Every MSPDI fixture through tandem (issue 17's acceptance report).

    python3 scripts/mspdi/fixtures.py BIN OUT_ROOT

For each file under tests/fixtures/mspdi: `tandem import` (imported, or
refused with which messages), what was read (tasks, goals, teams,
dependencies), and `tandem plan FILE --out OUT_ROOT/<name>` (solved or not).
Also plans the bundled roadmap with a start date (a CSV plan's schedule.xml).
Prints a Markdown table and writes OUT_ROOT/planned.txt, the output folders
whose schedule.xml the independent MPXJ check (scripts/mspdi/ci.sh) reads.
"""
import os, re, subprocess, sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
BIN, OUT = sys.argv[1], sys.argv[2]
os.makedirs(OUT, exist_ok=True)
fixtures = []
for d, _, files in os.walk(os.path.join(ROOT, 'tests/fixtures/mspdi')):
    fixtures += [os.path.join(d, f) for f in files if f.endswith('.xml')]
fixtures.sort()
planned = []
print('| file | import | read (tandem; the file) | plan (work limit 0.3) |')
print('|---|---|---|---|')
def attempt(f, name, extra):
    r = subprocess.run([BIN, 'import', f, '--out', os.path.join(OUT, name + '-plan')] + extra, capture_output=True, text=True)
    notes = [l for l in r.stderr.splitlines() if l.startswith('note:')]
    if r.returncode == 0:
        m = re.search(r'(\d+ tasks in \d+ goals, \d+ teams, \d+ dependencies \(the file: [^)]*\))', r.stdout)
        read = m.group(1) if m else r.stdout.strip()
        out = os.path.join(OUT, name)
        p = subprocess.run([BIN, 'plan', f, '--out', out, '--work-limit', '0.3'] + extra, capture_output=True, text=True)
        if p.returncode == 0:
            obj = re.search(r'objective:\s*(\S+)', p.stdout)
            theirs = re.search(r"file's dates: (.*)", p.stdout)
            plan = f"solved, objective {obj.group(1) if obj else '?'}" + (f"; {theirs.group(1)}" if theirs else '')
            planned.append(out)
        else:
            plan = 'FAILED: ' + ' / '.join(p.stderr.strip().splitlines()[:2])
        verdict = 'imported' + (f' ({len(notes)} notes)' if notes else '')
    else:
        errs = [l.strip() for l in r.stderr.splitlines() if re.match(r'\s*\S+\.xml:\d+', l)]
        first = errs[0] if errs else r.stderr.strip().splitlines()[-1]
        first = re.sub(r'^\S*/', '', first)
        verdict = f'refused ({len(errs)} problems), e.g. `{first}`'
        read, plan = '-', '-'
    flags = ' '.join(extra)
    print(f'| {name}{" (" + flags + ")" if flags else ""} | {verdict} | {read} | {plan} |', flush=True)
    return r.returncode == 0, r.stderr
for f in fixtures:
    name = os.path.relpath(f, os.path.join(ROOT, 'tests/fixtures/mspdi')).replace('/', '_')[:-4]
    imported, err = attempt(f, name, [])
    # refused only for its progress: plan it from the start too
    if not imported and 'progress.csv' in err:
        attempt(f, name + '-from-start', ['--no-progress'])
roadmap = os.path.join(OUT, 'roadmap')
p = subprocess.run([BIN, 'plan', os.path.join(ROOT, 'data/roadmap'), '--out', roadmap, '--start', '2027-01-04', '--work-limit', '0.3', '-q'], capture_output=True, text=True)
if p.returncode != 0:
    sys.exit('roadmap plan failed: ' + p.stderr)
planned.append(roadmap)
open(os.path.join(OUT, 'planned.txt'), 'w').write('\n'.join(planned) + '\n')
