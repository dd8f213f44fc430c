//! Cross-row checks of a plan: duplicate and unknown ids and staffing; the
//! dependency cycles are in `cycles`. When nothing is wrong the rows come
//! out resolved (indices instead of ids), ready for the builder.
//!
//! Id lookups go through `HashMap`s (a 10k-task plan must not be checked
//! quadratically); every output keeps file order, so no map order leaks.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::path::Path;

use super::cycles::{self, Links};
use super::paths::{Paths, issue};
use super::rows::{CalendarRow, GoalRow, Parsed, TaskRow, TeamRow};
use crate::error::{InputIssue, InputIssueKind};
use crate::input::suggest::{Suggester, Suggestions};
use crate::model::{Calendar, EffortRange};

/// Row-level results; `None` for a file that is missing or unreadable.
#[derive(Debug, Default)]
pub(super) struct Rows {
    pub(super) teams: Option<Parsed<TeamRow>>,
    pub(super) calendar: Vec<CalendarRow>,
    pub(super) goals: Option<Parsed<GoalRow>>,
    pub(super) tasks: Option<Parsed<TaskRow>>,
}

/// A checked team with its capacity calendar.
#[derive(Debug)]
pub(super) struct Team {
    pub(super) id: String,
    pub(super) name: Option<String>,
    pub(super) calendar: Calendar,
}

/// A checked goal; `depends_on` holds goal indices.
#[derive(Debug)]
pub(super) struct Goal {
    pub(super) id: String,
    pub(super) name: Option<String>,
    pub(super) priority: f64,
    pub(super) due: Option<u32>,
    pub(super) depends_on: Vec<usize>,
}

/// A checked alternative: team indices with their fixed crews, and its effort.
#[derive(Debug)]
pub(super) struct Alternative {
    pub(super) teams: Vec<(usize, Option<u32>)>,
    pub(super) effort: f64,
}

/// A checked task; teams, goal and dependencies are indices.
#[derive(Debug)]
pub(super) struct Task {
    pub(super) id: String,
    pub(super) line: u64,
    pub(super) name: Option<String>,
    pub(super) goal: usize,
    pub(super) alternatives: Vec<Alternative>,
    /// The ranged estimate of its effort, if any.
    pub(super) range: Option<EffortRange>,
    pub(super) min_people: u32,
    pub(super) max_people: u32,
    pub(super) release: u32,
    pub(super) depends_on: Vec<(usize, i32)>,
}

/// A fully checked plan, in file order.
#[derive(Debug)]
pub(super) struct Resolved {
    pub(super) teams: Vec<Team>,
    pub(super) goals: Vec<Goal>,
    pub(super) tasks: Vec<Task>,
}

/// The ids of one file: the first row defining each, and what to suggest
/// for an unknown one.
struct Ids<'a> {
    rows: HashMap<&'a str, usize>,
    suggester: Suggester<'a>,
}

type Index<'a> = Option<Ids<'a>>;

/// Maps ids to the first row defining them and reports later duplicates.
/// `None` when the file or its id column is missing. `key` gives a row's
/// id, line and display name.
fn index<'a, T>(
    parsed: Option<&'a Parsed<T>>,
    key: impl Fn(&'a T) -> (Option<&'a str>, u64, Option<&'a str>),
    (what, path, column): (&'static str, &Path, &str),
    issues: &mut Vec<InputIssue>,
) -> Index<'a> {
    let parsed = parsed?;
    let mut map: HashMap<&str, usize> = HashMap::with_capacity(parsed.rows.len());
    let mut first_lines: Vec<u64> = Vec::with_capacity(parsed.rows.len());
    let mut names: Vec<(&str, Option<&str>)> = Vec::with_capacity(parsed.rows.len());
    for (i, row) in parsed.rows.iter().enumerate() {
        let (id, line, name) = key(row);
        first_lines.push(line);
        let Some(id) = id else { continue };
        match map.entry(id) {
            Entry::Vacant(e) => {
                e.insert(i);
                names.push((id, name));
            }
            Entry::Occupied(e) => issues.push(issue(
                path,
                line,
                column,
                InputIssueKind::DuplicateId {
                    what,
                    id: id.into(),
                    first_line: first_lines.get(*e.get()).copied().unwrap_or(0),
                },
            )),
        }
    }
    parsed.ids_known.then(|| Ids {
        rows: map,
        suggester: Suggester::new(names),
    })
}

/// Looks `id` up; reports it as unknown when the index exists but lacks it.
fn lookup(
    index: &Index<'_>,
    id: &str,
    (what, path, line, column): (&'static str, &Path, u64, &str),
    issues: &mut Vec<InputIssue>,
) -> Option<usize> {
    let ids = index.as_ref()?;
    let found = ids.rows.get(id).copied();
    if found.is_none() {
        let Suggestions { close, known } = ids.suggester.suggest(id);
        issues.push(issue(
            path,
            line,
            column,
            InputIssueKind::UnknownId {
                what,
                id: id.into(),
                suggestions: close,
                known,
            },
        ));
    }
    found
}

fn is_first(index: &Index<'_>, id: Option<&str>, row: usize) -> bool {
    match (index, id) {
        (Some(ix), Some(id)) => ix.rows.get(id) == Some(&row),
        _ => false,
    }
}

/// Checks everything across rows; `Some` only if no issue was found at all
/// (including issues reported earlier into `issues`).
pub(super) fn resolve(
    paths: &Paths,
    rows: &Rows,
    issues: &mut Vec<InputIssue>,
) -> Option<Resolved> {
    let team_rows = rows.teams.as_ref().map_or(&[][..], |p| &p.rows);
    let goal_rows = rows.goals.as_ref().map_or(&[][..], |p| &p.rows);
    let task_rows = rows.tasks.as_ref().map_or(&[][..], |p| &p.rows);

    let team_ix = index(
        rows.teams.as_ref(),
        |r: &TeamRow| (r.id.as_deref(), r.line, r.name.as_deref()),
        ("team", &paths.teams, "team"),
        issues,
    );
    let mut teams: Vec<Option<Team>> = team_rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let first = is_first(&team_ix, r.id.as_deref(), i);
            Some(Team {
                id: r.id.clone().filter(|_| first)?,
                name: r.name.clone(),
                calendar: Calendar::constant(r.capacity?),
            })
        })
        .collect();

    let mut calendar_ok = true;
    for r in &rows.calendar {
        let team = r.team.as_deref().and_then(|id| {
            lookup(
                &team_ix,
                id,
                ("team", &paths.calendar, r.line, "team"),
                issues,
            )
        });
        match (team, r.from, r.to, r.capacity) {
            (Some(t), Some(from), Some(to), Some(cap)) => {
                if let Some(Some(team)) = teams.get_mut(t) {
                    team.calendar.set(from, to, cap);
                }
            }
            _ => calendar_ok = false,
        }
    }

    let goal_ix = index(
        rows.goals.as_ref(),
        |r: &GoalRow| (r.id.as_deref(), r.line, r.name.as_deref()),
        ("goal", &paths.goals, "goal"),
        issues,
    );
    // Links: the references that resolve, for cycle checks even on rows
    // with other problems.
    let mut goal_links: Vec<Vec<usize>> = Vec::with_capacity(goal_rows.len());
    let mut goals: Vec<Option<Goal>> = Vec::with_capacity(goal_rows.len());
    for (i, r) in goal_rows.iter().enumerate() {
        let deps: Vec<Option<usize>> = r
            .depends_on
            .iter()
            .map(|d| {
                lookup(
                    &goal_ix,
                    d,
                    ("goal", &paths.goals, r.line, "depends_on"),
                    issues,
                )
            })
            .collect();
        let first = is_first(&goal_ix, r.id.as_deref(), i);
        goal_links.push(if first {
            deps.iter().flatten().copied().collect()
        } else {
            Vec::new()
        });
        goals.push(goal(r, first, deps));
    }
    let goal_cycle = cycles::report_goal_cycle(paths, goal_rows, &goal_links, issues);

    let task_ix = index(
        rows.tasks.as_ref(),
        |r: &TaskRow| (r.id.as_deref(), r.line, r.name.as_deref()),
        ("task", &paths.tasks, "task"),
        issues,
    );
    let mut task_links: Vec<Links> = Vec::with_capacity(task_rows.len());
    let mut tasks: Vec<Option<Task>> = Vec::with_capacity(task_rows.len());
    for (i, r) in task_rows.iter().enumerate() {
        let first = is_first(&task_ix, r.id.as_deref(), i);
        let (links, task) = resolve_task(
            paths,
            r,
            first,
            (&team_ix, &goal_ix, &task_ix),
            team_rows,
            issues,
        );
        task_links.push(if first { links } else { Links::default() });
        tasks.push(task);
    }
    let task_cycle = cycles::report_task_cycle(paths, task_rows, &task_links, issues);
    if !goal_cycle && !task_cycle {
        cycles::report_goal_induced_cycle(
            paths,
            task_rows,
            &task_links,
            goal_rows,
            &goal_links,
            issues,
        );
    }

    if !issues.is_empty() || !calendar_ok {
        return None;
    }
    Some(Resolved {
        teams: teams.into_iter().collect::<Option<_>>()?,
        goals: goals.into_iter().collect::<Option<_>>()?,
        tasks: tasks.into_iter().collect::<Option<_>>()?,
    })
}

/// Resolves one task's references and checks that it can be staffed.
fn resolve_task(
    paths: &Paths,
    r: &TaskRow,
    first: bool,
    (team_ix, goal_ix, task_ix): (&Index<'_>, &Index<'_>, &Index<'_>),
    team_rows: &[TeamRow],
    issues: &mut Vec<InputIssue>,
) -> (Links, Option<Task>) {
    let path = paths.tasks.as_path();
    let goal = r
        .goal
        .as_deref()
        .and_then(|g| lookup(goal_ix, g, ("goal", path, r.line, "goal"), issues));
    let alternatives: Vec<Option<Alternative>> = r
        .teams
        .iter()
        .map(|alt| {
            // every team looked up (each unknown one reported)
            let teams: Vec<Option<(usize, Option<u32>)>> = alt
                .teams
                .iter()
                .map(|t| {
                    // an id that itself ends in `*N` keeps meaning its team
                    if t.crew.is_some()
                        && let Some(ids) = team_ix
                        && !ids.rows.contains_key(t.id.as_str())
                        && let Some(&team) = ids.rows.get(t.written.as_str())
                    {
                        return Some((team, None));
                    }
                    let team = lookup(team_ix, &t.id, ("team", path, r.line, "teams"), issues)?;
                    Some((team, t.crew))
                })
                .collect();
            Some(Alternative {
                teams: teams.into_iter().collect::<Option<_>>()?,
                effort: alt.effort.or(r.effort)?,
            })
        })
        .collect();
    let mut deps = Vec::with_capacity(r.depends_on.len());
    for d in &r.depends_on {
        if r.id.as_deref() == Some(d.id.as_str()) {
            let kind = InputIssueKind::SelfDependency { id: d.id.clone() };
            issues.push(issue(path, r.line, "depends_on", kind));
            deps.push(None);
        } else {
            let found = lookup(task_ix, &d.id, ("task", path, r.line, "depends_on"), issues);
            deps.push(found.map(|t| (t, d.lag)));
        }
    }
    let links = Links {
        goal,
        deps: deps.iter().flatten().map(|&(d, _)| d).collect(),
    };
    let alternatives: Option<Vec<Alternative>> = alternatives.into_iter().collect();
    let staffed = match (&alternatives, r.min_people) {
        (Some(alts), Some(min)) => check_staffing(paths, r, alts, min, team_rows, issues),
        _ => None,
    };
    let task = staffed.and_then(|()| {
        Some(Task {
            id: r.id.clone().filter(|_| first && r.valid)?,
            line: r.line,
            name: r.name.clone(),
            goal: goal?,
            alternatives: alternatives?,
            range: r.range,
            min_people: r.min_people?,
            max_people: r.max_people?,
            release: r.release,
            depends_on: deps.into_iter().collect::<Option<_>>()?,
        })
    });
    (links, task)
}

fn goal(r: &GoalRow, first: bool, deps: Vec<Option<usize>>) -> Option<Goal> {
    Some(Goal {
        id: r.id.clone().filter(|_| first && r.valid)?,
        name: r.name.clone(),
        priority: r.priority?,
        due: r.due,
        depends_on: deps.into_iter().collect::<Option<Vec<_>>>()?,
    })
}

/// FORMAT.md: a task with no eligible team able to staff `min_people` is an
/// input error; an alternative on several teams (or with fixed crews)
/// needs each fixed crew and `min_people` on each other team. A team with
/// effort 0 (a milestone) needs nobody. `None` when unstaffable (reported)
/// or when a team's capacity is unknown.
fn check_staffing(
    paths: &Paths,
    r: &TaskRow,
    alternatives: &[Alternative],
    min_people: u32,
    team_rows: &[TeamRow],
    issues: &mut Vec<InputIssue>,
) -> Option<()> {
    // today's form: single teams without fixed crews
    let simple = alternatives
        .iter()
        .all(|a| matches!(a.teams[..], [(_, None)]));
    let mut caps = Vec::with_capacity(alternatives.len());
    let mut fixed_short = false;
    // resolved alternatives are the row's, in order
    for (alt, written) in alternatives.iter().zip(&r.teams) {
        let mut short = None;
        for &(t, fixed) in &alt.teams {
            let team = team_rows.get(t)?;
            let cap = team.capacity?;
            let need = fixed.unwrap_or(min_people);
            if short.is_none() && cap < need {
                short = Some((
                    team.id.as_deref().unwrap_or("?"),
                    cap,
                    need,
                    fixed.is_some(),
                ));
            }
        }
        let Some((id, cap, need, fixed)) = short.filter(|_| alt.effort > 0.0) else {
            return Some(());
        };
        fixed_short |= fixed;
        caps.push(if simple {
            format!("`{id}` has {cap}")
        } else {
            format!("`{}` needs {need} of `{id}`, which has {cap}", written.text)
        });
    }
    if caps.is_empty() {
        return None; // no resolvable team: reported as missing or unknown
    }
    let kind = if simple {
        InputIssueKind::Unstaffable {
            task: r.id.clone().unwrap_or_default(),
            min_people,
            detail: format!("the eligible teams have fewer: {}", caps.join(", ")),
        }
    } else {
        InputIssueKind::UnstaffableAlternatives {
            task: r.id.clone().unwrap_or_default(),
            detail: caps.join("; "),
        }
    };
    issues.push(issue(
        &paths.tasks,
        r.line,
        if r.min_people_given && !fixed_short {
            "min_people"
        } else {
            "teams"
        },
        kind,
    ));
    None
}
