//! Dependency cycles of a plan, looked for in three graphs, each only if the
//! previous ones are acyclic (one cycle is reported per graph):
//!
//! 1. goals, from the `depends_on` column of goals.csv;
//! 2. tasks, from their written dependencies (self-loops are reported
//!    separately as self-dependencies);
//! 3. tasks plus two gate nodes per goal, `start_g` and `finish_g`: every
//!    task of goal `g` hangs between them, and "`g` depends on `h`" is an
//!    edge `finish_h -> start_g`.
//!
//! The third graph has a cycle exactly when the builder's expansion of goal
//! dependencies (sink tasks of `h` to source tasks of `g`, sinks and sources
//! counted over the edges with a lag >= 0) has one, given acyclic written
//! edges: inside a goal every task reaches a sink and is reached from a
//! source. Checking it here lets such a cycle be reported
//! together with every other problem, on the line of a task on it.
//!
//! Graph nodes are row positions, so cycles map straight back to lines; the
//! edges come from the references that resolved, even on rows with other
//! problems.

use super::paths::{Paths, issue};
use super::rows::{GoalRow, TaskRow};
use crate::error::{InputIssue, InputIssueKind};
use crate::model::find_cycle;

/// The references of one task that resolve (row positions).
#[derive(Debug, Default)]
pub(super) struct Links {
    /// The goal's row.
    pub(super) goal: Option<usize>,
    /// The rows of the tasks it depends on.
    pub(super) deps: Vec<usize>,
}

pub(super) fn report_goal_cycle(
    paths: &Paths,
    rows: &[GoalRow],
    links: &[Vec<usize>],
    issues: &mut Vec<InputIssue>,
) -> bool {
    let edges = links
        .iter()
        .enumerate()
        .flat_map(|(g, deps)| deps.iter().map(move |&h| (h, g)));
    let Some(cycle) = find_cycle(rows.len(), edges) else {
        return false;
    };
    let (line, ids) = cycle_at(rows, &cycle, |r| (r.line, r.id.as_deref()));
    issues.push(issue(
        &paths.goals,
        line,
        "depends_on",
        InputIssueKind::GoalCycle { ids },
    ));
    true
}

/// Where a cycle among `rows` is reported (its first row's line, line 1
/// when unknown) and the ids along it; `row` gives a row's line and id.
fn cycle_at<T>(
    rows: &[T],
    cycle: &[usize],
    row: impl Fn(&T) -> (u64, Option<&str>),
) -> (u64, Vec<String>) {
    let line = cycle
        .first()
        .and_then(|&i| rows.get(i))
        .map_or(1, |r| row(r).0);
    (line, ids_of(rows, cycle, |r| row(r).1))
}

/// Edges `(predecessor, task)` of the written dependencies, without
/// self-loops (those are reported as self-dependencies).
fn task_edges(links: &[Links]) -> impl Iterator<Item = (usize, usize)> + '_ {
    links.iter().enumerate().flat_map(|(i, l)| {
        l.deps
            .iter()
            .filter(move |&&d| d != i)
            .map(move |&d| (d, i))
    })
}

pub(super) fn report_task_cycle(
    paths: &Paths,
    rows: &[TaskRow],
    links: &[Links],
    issues: &mut Vec<InputIssue>,
) -> bool {
    let Some(cycle) = find_cycle(rows.len(), task_edges(links)) else {
        return false;
    };
    let (line, ids) = cycle_at(rows, &cycle, |r| (r.line, r.id.as_deref()));
    issues.push(issue(
        &paths.tasks,
        line,
        "depends_on",
        InputIssueKind::DependencyCycle { ids },
    ));
    true
}

/// Looks for a cycle that needs goal dependencies (see the module docs).
pub(super) fn report_goal_induced_cycle(
    paths: &Paths,
    task_rows: &[TaskRow],
    task_links: &[Links],
    goal_rows: &[GoalRow],
    goal_links: &[Vec<usize>],
    issues: &mut Vec<InputIssue>,
) {
    let n = task_rows.len();
    let start = |g: usize| n + 2 * g;
    let finish = |g: usize| n + 2 * g + 1;
    let mut edges: Vec<(usize, usize)> = task_edges(task_links).collect();
    for (i, l) in task_links.iter().enumerate() {
        if let Some(g) = l.goal {
            edges.push((start(g), i));
            edges.push((i, finish(g)));
        }
    }
    for (g, deps) in goal_links.iter().enumerate() {
        edges.extend(deps.iter().map(|&h| (finish(h), start(g))));
    }
    let Some(cycle) = find_cycle(n + 2 * goal_rows.len(), edges) else {
        return;
    };
    let on_tasks: Vec<usize> = cycle.iter().copied().filter(|&v| v < n).collect();
    let goal_id = |v: usize| {
        goal_rows
            .get((v - n) / 2)
            .and_then(|r| r.id.as_deref())
            .unwrap_or("?")
    };
    let via = cycle
        .iter()
        .zip(cycle.iter().cycle().skip(1))
        .filter(|&(&a, &b)| a >= n && b >= n)
        .map(|(&a, &b)| format!("goal `{}` depends on goal `{}`", goal_id(b), goal_id(a)))
        .collect();
    let line = on_tasks
        .first()
        .and_then(|&i| task_rows.get(i))
        .map_or(1, |r| r.line);
    issues.push(issue(
        &paths.tasks,
        line,
        "depends_on",
        InputIssueKind::GoalInducedCycle {
            tasks: ids_of(task_rows, &on_tasks, |r| r.id.as_deref()),
            via,
        },
    ));
}

/// The ids of rows `nodes` (`?` for a row without one).
fn ids_of<T>(rows: &[T], nodes: &[usize], id: impl Fn(&T) -> Option<&str>) -> Vec<String> {
    nodes
        .iter()
        .map(|&i| rows.get(i).and_then(&id).unwrap_or("?").to_string())
        .collect()
}
