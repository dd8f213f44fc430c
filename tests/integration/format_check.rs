//! A FORMAT.md checker written from the contract alone: it reads the plan's
//! CSV files and the written `schedule.csv` and verifies every rule without
//! using the library, then recomputes the objective. It also knows dated
//! plans (`--start`: ISO dates in day cells, `start_date`/`finish_date`
//! output columns) and re-plans (`progress.csv`, `--today`, the baseline's
//! stability term, `diff.csv` recomputed from the two `schedule.csv` files).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use super::util::read_csv;

struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn read(path: &Path) -> Option<Self> {
        if !path.exists() {
            return None;
        }
        let (header, rows) = read_csv(path);
        Some(Self {
            header: header
                .iter()
                .map(|h| h.trim_start_matches('\u{feff}').trim().to_string())
                .collect(),
            rows,
        })
    }
    fn get<'a>(&self, row: &'a [String], col: &str) -> Option<&'a str> {
        let i = self.header.iter().position(|h| h == col)?;
        row.get(i).map(|s| s.trim()).filter(|s| !s.is_empty())
    }
}

/// Days since 1970-01-01 of an ISO date `YYYY-MM-DD` (proleptic Gregorian).
fn epoch_day(text: &str) -> Option<i64> {
    let mut it = text.split('-');
    let (y, m, d): (i64, i64, i64) = (
        it.next()?.parse().ok()?,
        it.next()?.parse().ok()?,
        it.next()?.parse().ok()?,
    );
    if it.next().is_some() || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // days from civil (H. Hinnant)
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// The working-day calendar of a plan: day 0 is the first working day on
/// or after the start date (`--start`, else `start` in `project.csv`); a
/// date works when its weekday is in `project.csv`'s `weekdays` (default
/// `mon|tue|wed|thu|fri`) unless a row of `workdays.csv` says otherwise, the
/// last such row winning. Counted day by day.
pub struct WorkingDays {
    day0: i64,
    /// Monday first.
    weekdays: [bool; 7],
    /// `(from, to, working)` in day numbers, in file order.
    exceptions: Vec<(i64, i64, bool)>,
}

impl WorkingDays {
    /// The calendar of the plan in `plan`, with `start` overriding
    /// `project.csv`'s; `None` without a start date.
    pub fn for_plan(plan: &Path, start: Option<&str>) -> Option<Self> {
        const NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
        let project = Table::read(&plan.join("project.csv"));
        let row = project.as_ref().and_then(|t| Some((t, t.rows.first()?)));
        let start = start.or_else(|| row.and_then(|(t, r)| t.get(r, "start")))?;
        let mut weekdays = [true, true, true, true, true, false, false];
        if let Some(names) = row.and_then(|(t, r)| t.get(r, "weekdays")) {
            weekdays = [false; 7];
            for name in names.split('|') {
                let i = NAMES
                    .iter()
                    .position(|n| n.eq_ignore_ascii_case(name.trim()))
                    .expect("weekday name");
                weekdays[i] = true;
            }
        }
        let mut exceptions = Vec::new();
        if let Some(t) = Table::read(&plan.join("workdays.csv")) {
            for r in &t.rows {
                let from = epoch_day(t.get(r, "from").expect("from")).expect("date");
                let to = t.get(r, "to").map_or(from, |v| epoch_day(v).expect("date"));
                let working = t
                    .get(r, "working")
                    .is_some_and(|v| v.eq_ignore_ascii_case("yes"));
                exceptions.push((from, to, working));
            }
        }
        let mut w = Self {
            day0: epoch_day(start).expect("start date"),
            weekdays,
            exceptions,
        };
        while !w.works(w.day0) {
            w.day0 += 1;
        }
        Some(w)
    }
    /// Whether the date of day number `e` is a working day.
    fn works(&self, e: i64) -> bool {
        // 1970-01-01 was a Thursday
        let mut working = self.weekdays[(e + 3).rem_euclid(7) as usize];
        for &(from, to, w) in &self.exceptions {
            if (from..=to).contains(&e) {
                working = w;
            }
        }
        working
    }
    /// The working day of a date: the first working day on or after it.
    fn day_of(&self, date: &str) -> Option<i64> {
        let mut e = epoch_day(date)?;
        while !self.works(e) {
            e += 1;
        }
        if e < self.day0 {
            return None;
        }
        Some((self.day0..e).filter(|&x| self.works(x)).count() as i64)
    }
    /// The epoch day of working day `day`.
    fn date_of(&self, day: i64) -> i64 {
        let mut e = self.day0;
        let mut left = day;
        while left > 0 || !self.works(e) {
            if self.works(e) {
                left -= 1;
            }
            e += 1;
        }
        e
    }
}

/// What a run was asked to do, as far as the checker needs to know.
pub struct Run<'a> {
    pub plan: &'a Path,
    pub out: &'a Path,
    pub lateness_weight: f64,
    /// `--start` (else `start` in `project.csv`): day cells may be ISO
    /// dates, outputs carry date columns.
    pub start: Option<&'a str>,
    /// `progress.csv` of a re-plan.
    pub progress: Option<&'a Path>,
    /// `--today`, as a day number.
    pub today: i64,
    /// The baseline `schedule.csv` of a re-plan, with its stability weight.
    pub baseline: Option<(&'a Path, f64)>,
}

impl<'a> Run<'a> {
    /// A plain plan run: day numbers, no progress, no baseline.
    pub fn plan(plan: &'a Path, out: &'a Path, lateness_weight: f64) -> Self {
        Self {
            plan,
            out,
            lateness_weight,
            start: None,
            progress: None,
            today: 0,
            baseline: None,
        }
    }
}

/// Checks a written schedule against a plan folder; returns the objective.
pub fn check_plan_schedule(plan: &Path, out: &Path, lateness_weight: f64) -> Result<f64, String> {
    check_run(&Run::plan(plan, out, lateness_weight))
}

enum Status {
    Done,
    /// The start and the crew on each team, sorted by team.
    Started {
        start: i64,
        crew: Vec<(String, i64)>,
    },
}

/// A crew: each team with its people (`[("backend", 2), ("qa", 1)]`).
type Crew = Vec<(String, i64)>;

/// An alternative of a `teams` cell: each team with its fixed crew.
type Teams = Vec<(String, Option<i64>)>;

/// A `team` and `people` pair of cells (`backend`/`2`, or for a task on
/// several teams at once `backend+qa`/`2+1`): the crew on each team, in
/// the order written (`people` absent: 0 on each).
fn crew_cells(team: &str, people: Option<&str>) -> Crew {
    let teams: Vec<String> = team.split('+').map(|t| t.trim().to_string()).collect();
    let people: Vec<i64> = match people {
        None => vec![0; teams.len()],
        Some(p) => p
            .split('+')
            .map(|k| k.trim().parse().expect("people"))
            .collect(),
    };
    assert_eq!(teams.len(), people.len(), "team {team:?} people {people:?}");
    teams.into_iter().zip(people).collect()
}

fn by_team(mut crew: Crew) -> Crew {
    crew.sort();
    crew
}

/// The teams of a crew as a sorted list (for "changed team").
fn team_set(crew: &[(String, i64)]) -> Vec<String> {
    let mut teams: Vec<String> = crew.iter().map(|c| c.0.clone()).collect();
    teams.sort();
    teams
}

/// One alternative of a `teams` cell (`backend*2+qa:12`): each team with
/// its fixed crew, and the alternative's effort.
fn alternatives(cell: &str, default_effort: f64) -> Vec<(Teams, f64)> {
    cell.split('|')
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(|alt| {
            let (teams, effort) = match alt.split_once(':') {
                Some((t, e)) => (t, e.trim().parse().unwrap()),
                None => (alt, default_effort),
            };
            let teams = teams
                .split('+')
                .map(|t| match t.rsplit_once('*') {
                    Some((id, n)) if n.trim().parse::<i64>().is_ok() => {
                        (id.trim().to_string(), Some(n.trim().parse().unwrap()))
                    }
                    _ => (t.trim().to_string(), None),
                })
                .collect();
            (teams, effort)
        })
        .collect()
}

/// Every rule of FORMAT.md a run's outputs must satisfy; returns the
/// objective (with the stability term of a re-plan).
pub fn check_run(run: &Run) -> Result<f64, String> {
    let (plan, out, lateness_weight) = (run.plan, run.out, run.lateness_weight);
    let wd = WorkingDays::for_plan(plan, run.start);
    let teams = Table::read(&plan.join("teams.csv")).ok_or("no teams.csv")?;
    let goals = Table::read(&plan.join("goals.csv")).ok_or("no goals.csv")?;
    let tasks = Table::read(&plan.join("tasks.csv")).ok_or("no tasks.csv")?;
    let calendar = Table::read(&plan.join("calendar.csv"));
    let sched = Table::read(&out.join("schedule.csv")).ok_or("no schedule.csv")?;
    let num = |s: Option<&str>| -> f64 { s.map_or(0.0, |x| x.parse().expect("number")) };
    // a day cell: a day number, or an ISO date with a start date
    let day = |s: &str| -> i64 {
        s.parse::<i64>().unwrap_or_else(|_| {
            wd.as_ref()
                .and_then(|w| w.day_of(s))
                .unwrap_or_else(|| panic!("day cell {s:?}"))
        })
    };

    let mut status: HashMap<String, Status> = HashMap::new();
    if let Some(path) = run.progress {
        let p = Table::read(path).ok_or("no progress.csv")?;
        for r in &p.rows {
            let id = p.get(r, "task").unwrap().to_string();
            let s = match p.get(r, "status").unwrap() {
                "done" => Status::Done,
                "started" => Status::Started {
                    start: day(p.get(r, "start").unwrap()),
                    crew: by_team(crew_cells(
                        p.get(r, "team").unwrap(),
                        Some(p.get(r, "people").unwrap()),
                    )),
                },
                other => return Err(format!("progress status {other}")),
            };
            status.insert(id, s);
        }
    }
    let done = |id: &str| matches!(status.get(id), Some(Status::Done));

    let mut base: HashMap<String, i64> = HashMap::new();
    for r in &teams.rows {
        base.insert(
            teams.get(r, "team").unwrap().to_string(),
            num(teams.get(r, "capacity")) as i64,
        );
    }
    let mut overrides: Vec<(String, i64, i64, i64)> = Vec::new();
    if let Some(cal) = &calendar {
        for r in &cal.rows {
            overrides.push((
                cal.get(r, "team").unwrap().to_string(),
                day(cal.get(r, "from").unwrap()),
                day(cal.get(r, "to").unwrap()),
                num(cal.get(r, "capacity")) as i64,
            ));
        }
    }
    let cap = |team: &str, day: i64| -> i64 {
        let mut c = base[team];
        for (t, f, to, v) in &overrides {
            if t == team && *f <= day && day <= *to {
                c = *v;
            }
        }
        c
    };

    // schedule rows
    let mut placed: HashMap<String, (Crew, i64, i64)> = HashMap::new(); // crew, start, finish
    for r in &sched.rows {
        let id = sched
            .get(r, "task")
            .ok_or("schedule row without task")?
            .to_string();
        let crew = crew_cells(
            sched.get(r, "team").unwrap_or(""),
            Some(sched.get(r, "people").unwrap_or("0")),
        );
        let start = num(sched.get(r, "start")) as i64;
        let finish = num(sched.get(r, "finish")) as i64;
        check_dates(
            &sched,
            r,
            wd.as_ref(),
            &[("start", start), ("finish", finish)],
        )
        .map_err(|e| format!("schedule.csv, task {id}: {e}"))?;
        if placed.insert(id.clone(), (crew, start, finish)).is_some() {
            return Err(format!("task {id} scheduled twice"));
        }
    }
    if placed.len() != tasks.rows.len() {
        return Err(format!(
            "{} rows for {} tasks",
            placed.len(),
            tasks.rows.len()
        ));
    }
    // order: by start then task id
    let keys: Vec<(i64, String)> = sched
        .rows
        .iter()
        .map(|r| {
            (
                num(sched.get(r, "start")) as i64,
                sched.get(r, "task").unwrap().to_string(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    if keys != sorted {
        return Err("schedule.csv is not ordered by start then task".into());
    }

    let mut usage: HashMap<(String, i64), i64> = HashMap::new();
    let mut goal_finish: HashMap<String, i64> = HashMap::new();
    let mut task_goal: HashMap<String, String> = HashMap::new();
    for r in &tasks.rows {
        let id = tasks.get(r, "task").unwrap();
        let goal = tasks.get(r, "goal").unwrap();
        task_goal.insert(id.to_string(), goal.to_string());
        let (crew, start, finish) = placed.get(id).ok_or(format!("task {id} missing"))?;
        let people: i64 = crew.iter().map(|c| c.1).sum();
        if done(id) {
            // a milestone on day 0 that uses no capacity and never moves
            if (people, *start, *finish) != (0, 0, 0) {
                return Err(format!("done task {id} is not a day-0 milestone"));
            }
            continue;
        }
        let min = tasks
            .get(r, "min_people")
            .map_or(1, |s| s.parse::<i64>().unwrap());
        let max = tasks
            .get(r, "max_people")
            .map_or(min, |s| s.parse::<i64>().unwrap());
        // the crew must fit one alternative on exactly its teams
        let teams = team_set(crew);
        let fits = |(alt, effort): &(Teams, f64)| -> Result<(), String> {
            if *effort == 0.0 {
                return if people != 0 || start != finish {
                    Err(format!("milestone {id} has people or duration"))
                } else {
                    Ok(())
                };
            }
            let mut shared = None;
            for (team, k) in crew {
                let fixed = alt.iter().find(|a| &a.0 == team).and_then(|a| a.1);
                match fixed {
                    Some(n) if n != *k => {
                        return Err(format!("task {id}: {team} fixed at {n}, has {k}"));
                    }
                    Some(_) => {}
                    None if *k < min || *k > max || shared.is_some_and(|s| s != *k) => {
                        return Err(format!(
                            "task {id}: crew {k} on {team} outside [{min},{max}] or not shared"
                        ));
                    }
                    None => shared = Some(*k),
                }
                if *k > base[team.as_str()] {
                    return Err(format!("task {id}: crew {k} above the capacity of {team}"));
                }
            }
            let d = (effort / people as f64).ceil() as i64;
            if finish - start != d {
                return Err(format!(
                    "task {id}: duration {} != ceil({effort}/{people})",
                    finish - start
                ));
            }
            Ok(())
        };
        let alts = alternatives(tasks.get(r, "teams").unwrap(), num(tasks.get(r, "effort")));
        let candidates: Vec<_> = alts
            .iter()
            .filter(|(alt, _)| {
                let mut ids: Vec<String> = alt.iter().map(|a| a.0.clone()).collect();
                ids.sort();
                ids == teams
            })
            .collect();
        if candidates.is_empty() {
            return Err(format!("task {id}: teams {teams:?} not eligible"));
        }
        if !candidates.iter().any(|c| fits(c).is_ok()) {
            fits(candidates[0])?;
        }
        match status.get(id) {
            Some(Status::Started { start: s, crew: c })
                if (s, c) != (start, &by_team(crew.clone())) =>
            {
                return Err(format!(
                    "started task {id} moved: {start} {crew:?} instead of {s} {c:?}"
                ));
            }
            Some(Status::Started { .. }) => {}
            _ if *start < run.today => {
                return Err(format!(
                    "task {id} starts {start}, before today {}",
                    run.today
                ));
            }
            _ => {}
        }
        if let Some(rel) = tasks.get(r, "release")
            && *start < day(rel)
        {
            return Err(format!("task {id} starts before its release"));
        }
        if *start < 0 {
            return Err(format!("task {id} starts before day 0"));
        }
        for day in *start..*finish {
            for (team, k) in crew {
                *usage.entry((team.clone(), day)).or_default() += k;
            }
        }
        let gf = goal_finish.entry(goal.to_string()).or_default();
        *gf = (*gf).max(*finish);
        if let Some(deps) = tasks.get(r, "depends_on") {
            for dep in deps.split(';').map(str::trim).filter(|s| !s.is_empty()) {
                let (pid, lag) = match dep.split_once('+') {
                    Some((p, l)) => (p.trim(), l.trim().parse::<i64>().unwrap()),
                    None => (dep, 0),
                };
                // a dependency on a done task is met
                let pf = placed[pid].2;
                if !done(pid) && *start < pf + lag {
                    return Err(format!(
                        "task {id} starts {start} before {pid} finish {pf} + lag {lag}"
                    ));
                }
            }
        }
    }
    for ((team, day), used) in &usage {
        let c = cap(team, *day);
        if *used > c {
            return Err(format!(
                "team {team} day {day}: {used} people used, capacity {c}"
            ));
        }
    }
    // goal dependencies
    let mut objective = 0.0;
    let mut finishes = BTreeMap::new();
    for r in &goals.rows {
        let g = goals.get(r, "goal").unwrap();
        if let Some(deps) = goals.get(r, "depends_on") {
            for h in deps.split(';').map(str::trim).filter(|s| !s.is_empty()) {
                let hf = goal_finish.get(h).copied().unwrap_or(0);
                for (t, tg) in &task_goal {
                    if tg == g && !done(t) && placed[t].1 < hf {
                        return Err(format!(
                            "task {t} of goal {g} starts before goal {h} finished ({hf})"
                        ));
                    }
                }
            }
        }
        let p = num(goals.get(r, "priority"));
        let f = goal_finish.get(g).copied().unwrap_or(0);
        finishes.insert(g.to_string(), f);
        let late = goals
            .get(r, "due")
            .map_or(0.0, |d| (f as f64 - day(d) as f64).max(0.0));
        objective += p * f as f64 + lateness_weight * p * late;
    }
    // goals.csv: every goal with its finish (and dates with a start date)
    if let Some(out_goals) = Table::read(&out.join("goals.csv")) {
        if out_goals.rows.len() != goals.rows.len() {
            return Err("goals.csv: not one row per goal".into());
        }
        for r in &out_goals.rows {
            let g = out_goals
                .get(r, "goal")
                .ok_or("goals.csv row without goal")?;
            let f = num(out_goals.get(r, "finish")) as i64;
            if finishes.get(g) != Some(&f) {
                return Err(format!(
                    "goals.csv: goal {g} finish {f}, expected {:?}",
                    finishes.get(g)
                ));
            }
            let due = out_goals.get(r, "due").map(&day);
            let mut days = vec![("finish", f)];
            days.extend(due.map(|d| ("due", d)));
            check_dates(&out_goals, r, wd.as_ref(), &days)
                .map_err(|e| format!("goals.csv, goal {g}: {e}"))?;
        }
    }
    // the stability term of a re-plan, and diff.csv
    if let Some((baseline, weight)) = run.baseline {
        let old = Table::read(baseline).ok_or("no baseline schedule.csv")?;
        let mut old_rows: BTreeMap<String, (Crew, i64)> = BTreeMap::new();
        for r in &old.rows {
            let id = old.get(r, "task").unwrap().to_string();
            let crew = crew_cells(old.get(r, "team").unwrap_or(""), old.get(r, "people"));
            old_rows.insert(id, (crew, num(old.get(r, "start")) as i64));
        }
        for (id, (_, start, _)) in &placed {
            if let Some((_, b)) = old_rows.get(id)
                && !done(id)
            {
                objective += weight * (start - b).abs() as f64;
            }
        }
        check_diff(out, &old_rows, &placed, &done)?;
    }
    Ok(objective)
}

/// With a start date, `<name>_date` of every `(name, day)` is the date of
/// that working day; without one, no date column is written.
fn check_dates(
    table: &Table,
    row: &[String],
    wd: Option<&WorkingDays>,
    days: &[(&str, i64)],
) -> Result<(), String> {
    for &(name, day) in days {
        let column = format!("{name}_date");
        match (wd, table.get(row, &column)) {
            (None, None) => {}
            (None, Some(v)) => return Err(format!("{column} {v} without a start date")),
            (Some(_), None) => return Err(format!("{column} missing")),
            (Some(w), Some(v)) => {
                let e = epoch_day(v).ok_or(format!("{column} {v:?} is not a date"))?;
                if !w.works(e) {
                    return Err(format!("{column} {v} is not a working day"));
                }
                if e != w.date_of(day) || w.day_of(v) != Some(day) {
                    return Err(format!("{column} {v} is not working day {day}"));
                }
            }
        }
    }
    Ok(())
}

/// `diff.csv` recomputed from the two schedules: one row per task (by id)
/// whose start or set of teams differs, done tasks left out, empty cells
/// for a task only one schedule has, `shift = new_start - old_start`; the
/// teams and crews as `schedule.csv` writes them (`backend+qa`, `2+1`).
fn check_diff(
    out: &Path,
    old: &BTreeMap<String, (Crew, i64)>,
    new: &HashMap<String, (Crew, i64, i64)>,
    done: &dyn Fn(&str) -> bool,
) -> Result<(), String> {
    let team = |c: &[(String, i64)]| c.iter().map(|x| x.0.as_str()).collect::<Vec<_>>().join("+");
    let people = |c: &[(String, i64)]| {
        c.iter()
            .map(|x| x.1.to_string())
            .collect::<Vec<_>>()
            .join("+")
    };
    let mut expected: Vec<Vec<String>> = Vec::new();
    let mut ids: Vec<&String> = old.keys().chain(new.keys()).collect();
    ids.sort();
    ids.dedup();
    for id in ids {
        if done(id) {
            continue;
        }
        let o = old.get(id);
        let n = new.get(id);
        let moved = match (o, n) {
            (Some((ot, os)), Some((nt, ns, _))) => team_set(ot) != team_set(nt) || os != ns,
            _ => true,
        };
        if moved {
            let cell = |v: Option<String>| v.unwrap_or_default();
            expected.push(vec![
                id.clone(),
                cell(o.map(|o| team(&o.0))),
                cell(n.map(|n| team(&n.0))),
                cell(o.map(|o| o.1.to_string())),
                cell(n.map(|n| n.1.to_string())),
                match (o, n) {
                    (Some(o), Some(n)) => (n.1 - o.1).to_string(),
                    _ => String::new(),
                },
                cell(o.map(|o| people(&o.0))),
                cell(n.map(|n| people(&n.0))),
            ]);
        }
    }
    let (header, rows) = read_csv(&out.join("diff.csv"));
    if header
        != [
            "task",
            "old_team",
            "new_team",
            "old_start",
            "new_start",
            "shift",
            "goal",
            "old_people",
            "new_people",
        ]
    {
        return Err(format!("diff.csv header {header:?}"));
    }
    // every column but the goal recomputed (the goal is checked by the
    // library's diff tests)
    let rows: Vec<Vec<String>> = rows
        .into_iter()
        .map(|r| [&r[..6], &r[7..]].concat())
        .collect();
    if rows != expected {
        return Err(format!(
            "diff.csv differs from the recomputed diff:\nwritten  {rows:?}\nexpected {expected:?}"
        ));
    }
    Ok(())
}
