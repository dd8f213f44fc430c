//! A FORMAT.md checker written from the contract alone: it reads the plan's
//! CSV files and the written `schedule.csv` and verifies every rule without
//! using the library, then recomputes the objective. (Day-number plans only.)

use std::collections::HashMap;
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
            header: header.iter().map(|h| h.trim().to_string()).collect(),
            rows,
        })
    }
    fn get<'a>(&self, row: &'a [String], col: &str) -> Option<&'a str> {
        let i = self.header.iter().position(|h| h == col)?;
        row.get(i).map(|s| s.trim()).filter(|s| !s.is_empty())
    }
}

/// Checks a written schedule against a plan folder; returns the objective.
pub fn check_plan_schedule(plan: &Path, out: &Path, lateness_weight: f64) -> Result<f64, String> {
    let teams = Table::read(&plan.join("teams.csv")).ok_or("no teams.csv")?;
    let goals = Table::read(&plan.join("goals.csv")).ok_or("no goals.csv")?;
    let tasks = Table::read(&plan.join("tasks.csv")).ok_or("no tasks.csv")?;
    let calendar = Table::read(&plan.join("calendar.csv"));
    let sched = Table::read(&out.join("schedule.csv")).ok_or("no schedule.csv")?;
    let num = |s: Option<&str>| -> f64 { s.map_or(0.0, |x| x.parse().expect("number")) };

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
                num(cal.get(r, "from")) as i64,
                num(cal.get(r, "to")) as i64,
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
    let mut placed: HashMap<String, (String, i64, i64, i64)> = HashMap::new(); // team, people, start, finish
    for r in &sched.rows {
        let id = sched
            .get(r, "task")
            .ok_or("schedule row without task")?
            .to_string();
        let team = sched.get(r, "team").unwrap_or("").to_string();
        let people = num(sched.get(r, "people")) as i64;
        let start = num(sched.get(r, "start")) as i64;
        let finish = num(sched.get(r, "finish")) as i64;
        if placed
            .insert(id.clone(), (team, people, start, finish))
            .is_some()
        {
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
        let (team, people, start, finish) = placed.get(id).ok_or(format!("task {id} missing"))?;
        let default_effort = num(tasks.get(r, "effort"));
        let mut effort = None;
        for part in tasks.get(r, "teams").unwrap().split('|') {
            let mut it = part.trim().splitn(2, ':');
            let t = it.next().unwrap().trim();
            if t == team {
                effort = Some(
                    it.next()
                        .map_or(default_effort, |e| e.trim().parse().unwrap()),
                );
            }
        }
        let effort = effort.ok_or(format!("task {id}: team {team} not eligible"))?;
        let min = tasks
            .get(r, "min_people")
            .map_or(1, |s| s.parse::<i64>().unwrap());
        let max = tasks
            .get(r, "max_people")
            .map_or(min, |s| s.parse::<i64>().unwrap());
        if effort == 0.0 {
            if *people != 0 || start != finish {
                return Err(format!("milestone {id} has people or duration"));
            }
        } else {
            if *people < min || *people > max || *people > base[team.as_str()] {
                return Err(format!(
                    "task {id}: crew {people} outside [{min},{max}] or capacity"
                ));
            }
            let d = (effort / *people as f64).ceil() as i64;
            if finish - start != d {
                return Err(format!(
                    "task {id}: duration {} != ceil({effort}/{people})",
                    finish - start
                ));
            }
        }
        if let Some(rel) = tasks.get(r, "release")
            && *start < rel.parse::<i64>().unwrap()
        {
            return Err(format!("task {id} starts before its release"));
        }
        if *start < 0 {
            return Err(format!("task {id} starts before day 0"));
        }
        for day in *start..*finish {
            *usage.entry((team.clone(), day)).or_default() += people;
        }
        let gf = goal_finish.entry(goal.to_string()).or_default();
        *gf = (*gf).max(*finish);
        if let Some(deps) = tasks.get(r, "depends_on") {
            for dep in deps.split(';').map(str::trim).filter(|s| !s.is_empty()) {
                let (pid, lag) = match dep.split_once('+') {
                    Some((p, l)) => (p.trim(), l.trim().parse::<i64>().unwrap()),
                    None => (dep, 0),
                };
                let pf = placed[pid].3;
                if *start < pf + lag {
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
    for r in &goals.rows {
        let g = goals.get(r, "goal").unwrap();
        if let Some(deps) = goals.get(r, "depends_on") {
            for h in deps.split(';').map(str::trim).filter(|s| !s.is_empty()) {
                let hf = goal_finish.get(h).copied().unwrap_or(0);
                for (t, tg) in &task_goal {
                    if tg == g && placed[t].2 < hf {
                        return Err(format!(
                            "task {t} of goal {g} starts before goal {h} finished ({hf})"
                        ));
                    }
                }
            }
        }
        let p = num(goals.get(r, "priority"));
        let f = goal_finish.get(g).copied().unwrap_or(0) as f64;
        let late = goals
            .get(r, "due")
            .map_or(0.0, |d| (f - d.parse::<f64>().unwrap()).max(0.0));
        objective += p * f + lateness_weight * p * late;
    }
    Ok(objective)
}
