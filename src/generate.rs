//! Synthetic plan portfolios in the CSV plan format, for benchmarks and tests.
//!
//! [`generate_plan`] writes the four files of a plan (`teams.csv`,
//! `calendar.csv`, `goals.csv`, `tasks.csv`, see FORMAT.md) that look like a
//! real product portfolio: goals made of chains and small DAGs of tasks,
//! a few dependencies across goals, goal dependencies, alternative teams
//! with their own effort, crews, lags, releases, vacations, hiring ramps,
//! milestones and ranged estimates (`effort_low`, `effort_high`).
//!
//! # Guarantees
//! * **Deterministic**: the output depends only on the parameters (a
//!   hand-written splitmix64 generator, no global state). The ranged
//!   estimates come from a stream of their own, so with or without them
//!   ([`GeneratorParams::ranges`]) every other value is the same.
//! * **Acyclic**: tasks are numbered goal by goal; every task dependency and
//!   every goal dependency points from a lower number to a higher one, and the
//!   edges a goal dependency expands to (sinks of the required goal to sources
//!   of the dependent one) do too.
//! * **Staffable**: every eligible team of a task has at least `min_people`
//!   people in `teams.csv`.
//!
//! ```
//! use tandem::generate::{GeneratorParams, generate_plan};
//! let plan = generate_plan(&GeneratorParams { tasks: 200, goals: 10, ..GeneratorParams::default() });
//! assert_eq!(plan.tasks_csv.lines().count(), 201); // header + 200 tasks
//! assert_eq!(plan, generate_plan(&GeneratorParams { tasks: 200, goals: 10, ..GeneratorParams::default() }));
//! ```

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use crate::error::InputError;
use crate::input::{PlanOptions, read_plan_files};
use crate::model::Problem;

/// What to generate. Every field has a documented default ([`Default`]).
#[derive(Clone, Debug, PartialEq)]
pub struct GeneratorParams {
    /// Number of tasks (default 1000).
    pub tasks: usize,
    /// Number of teams, at least 1 (default 8).
    pub teams: usize,
    /// Number of goals, at least 1 and at most `tasks` when there are tasks (default 40).
    pub goals: usize,
    /// Seed of the random generator (default 1).
    pub seed: u64,
    /// Share of tasks that another team could also do, often with its own
    /// effort (default 0.2).
    pub alternative_share: f64,
    /// Share of tasks that also wait for a task of an earlier goal (default 0.05).
    pub cross_goal_share: f64,
    /// Share of goals that depend on one or two earlier goals (default 0.25).
    pub goal_dependency_share: f64,
    /// Share of task dependencies with a lag of 1..=5 days (default 0.05).
    pub lag_share: f64,
    /// Share of tasks with a release day (default 0.03).
    pub release_share: f64,
    /// Share of goals of 4+ tasks that end in a milestone (default 0.3).
    pub milestone_share: f64,
    /// Largest crew a task may ask for, at least 1 (default 3).
    pub max_crew: u32,
    /// Whether tasks get ranged estimates, the `effort_low` and
    /// `effort_high` columns (default true): `effort` x U(0.6, 0.95) and
    /// `effort` x U(1.1, 2.5), rounded to half person-days and kept on
    /// their side of `effort`; milestones get none. They are drawn from a
    /// stream of their own, so turning them off leaves every other value
    /// of the plan as it is (and leaves the two columns out).
    pub ranges: bool,
}

impl Default for GeneratorParams {
    fn default() -> Self {
        Self {
            tasks: 1000,
            teams: 8,
            goals: 40,
            seed: 1,
            alternative_share: 0.2,
            cross_goal_share: 0.05,
            goal_dependency_share: 0.25,
            lag_share: 0.05,
            release_share: 0.03,
            milestone_share: 0.3,
            max_crew: 3,
            ranges: true,
        }
    }
}

impl GeneratorParams {
    /// Defaults with the organisation scaled to `tasks`: one team per 150
    /// tasks (4 to 40 teams) and one goal per 25 tasks, so that a 10k-task
    /// portfolio spans about a year and a half rather than a decade.
    ///
    /// ```
    /// use tandem::generate::GeneratorParams;
    /// let p = GeneratorParams::scaled(10_000);
    /// assert_eq!((p.tasks, p.teams, p.goals), (10_000, 40, 400));
    /// ```
    pub fn scaled(tasks: usize) -> Self {
        Self {
            tasks,
            teams: (tasks / 150).clamp(4, 40),
            goals: (tasks / 25).max(1),
            ..Self::default()
        }
    }
}

/// The four CSV files of a generated plan, as text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GeneratedPlan {
    /// `teams.csv`: `team,name,capacity`.
    pub teams_csv: String,
    /// `calendar.csv`: `team,from,to,capacity`.
    pub calendar_csv: String,
    /// `goals.csv`: `goal,name,priority,due,depends_on`.
    pub goals_csv: String,
    /// `tasks.csv`: `task,goal,name,effort,teams,min_people,max_people,depends_on,release`,
    /// then `effort_low,effort_high` with [`GeneratorParams::ranges`].
    pub tasks_csv: String,
}

impl GeneratedPlan {
    /// The four files, by name.
    fn files(&self) -> [(&'static str, &str); 4] {
        [
            ("teams.csv", &self.teams_csv),
            ("calendar.csv", &self.calendar_csv),
            ("goals.csv", &self.goals_csv),
            ("tasks.csv", &self.tasks_csv),
        ]
    }

    /// Writes the four files into `dir` (created if needed).
    pub fn write_to(&self, dir: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        for (name, text) in self.files() {
            std::fs::write(dir.join(name), text)?;
        }
        Ok(())
    }

    /// The plan read from memory as [`read_plan`](crate::read_plan) reads
    /// it from a folder (issues name the files in a folder `generated`).
    ///
    /// ```
    /// use tandem::PlanOptions;
    /// use tandem::generate::{GeneratorParams, generate_plan};
    /// let plan = generate_plan(&GeneratorParams::scaled(50));
    /// assert_eq!(plan.problem(&PlanOptions::default()).unwrap().len(), 50);
    /// ```
    pub fn problem(&self, options: &PlanOptions) -> Result<Problem, InputError> {
        let files: Vec<(&str, Vec<u8>)> = self
            .files()
            .into_iter()
            .map(|(name, text)| (name, text.as_bytes().to_vec()))
            .collect();
        read_plan_files(Path::new("generated"), &files, options)
    }
}

/// splitmix64 (Steele, Lea & Flood, 2014): tiny, fast, good enough for test data.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in `0..n`; 0 when `n == 0`.
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// Uniform in `lo..=hi` (`lo` when `hi < lo`).
    fn range(&mut self, lo: u32, hi: u32) -> u32 {
        if hi <= lo {
            return lo;
        }
        lo + self.below((hi - lo) as usize + 1) as u32
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Known team kinds: id, display name, task name templates (`{}` = goal area).
const TEAM_KINDS: &[(&str, &str, &[&str])] = &[
    (
        "backend",
        "Backend",
        &[
            "Design {} data model",
            "Implement {} API endpoints",
            "Migrate {} webhooks to queue",
            "Add {} rate limiting",
            "Write {} database migrations",
            "Expose {} events to the bus",
            "Add {} audit trail",
            "Backfill {} records",
        ],
    ),
    (
        "frontend",
        "Frontend",
        &[
            "Build {} settings page",
            "Implement {} list view",
            "Add {} empty states",
            "Wire {} forms to API",
            "Add {} feature flag UI",
            "Make {} screens accessible",
        ],
    ),
    (
        "mobile",
        "Mobile",
        &[
            "Build {} screens on iOS",
            "Build {} screens on Android",
            "Add {} push notifications",
            "Cache {} data offline",
            "Ship {} mobile release",
        ],
    ),
    (
        "platform",
        "Platform",
        &[
            "Provision {} infrastructure",
            "Set up {} CI pipeline",
            "Add {} dashboards and alerts",
            "Load-test {}",
            "Harden {} secrets handling",
            "Autoscale {} workers",
        ],
    ),
    (
        "data",
        "Data",
        &[
            "Model {} warehouse tables",
            "Build {} ETL job",
            "Define {} metrics",
            "Build {} usage report",
            "Validate {} data quality",
        ],
    ),
    (
        "design",
        "Design & QA",
        &[
            "Research {} user needs",
            "Design {} mockups",
            "Write {} test plan",
            "Run {} regression tests",
            "Usability test {}",
        ],
    ),
    (
        "security",
        "Security",
        &["Threat-model {}", "Review {} permissions", "Pen-test {}"],
    ),
    (
        "ml",
        "Machine learning",
        &[
            "Train {} ranking model",
            "Evaluate {} model offline",
            "Serve {} model online",
        ],
    ),
];

const GENERIC_TEMPLATES: &[&str] = &[
    "Scope {}",
    "Build {} core",
    "Integrate {}",
    "Test {}",
    "Document {}",
];

const AREAS: &[&str] = &[
    "Billing",
    "Checkout",
    "Search",
    "Onboarding",
    "Reporting",
    "SSO",
    "Notifications",
    "Audit log",
    "Permissions",
    "Integrations",
    "Analytics",
    "Admin console",
    "Public API",
    "Localization",
    "Compliance",
    "Usage metering",
    "Workflow builder",
    "Data export",
    "Team spaces",
    "Invoicing",
];

const GOAL_SUFFIXES: &[&str] = &[
    "revamp",
    "v2",
    "launch",
    "migration",
    "hardening",
    "GA",
    "beta",
    "rollout",
    "redesign",
    "expansion",
];

struct Team {
    id: String,
    name: String,
    capacity: u32,
    templates: &'static [&'static str],
}

struct Task {
    goal: usize,
    name: String,
    effort: u32,
    /// `(team, explicit effort)`; the first is the main team.
    teams: Vec<(usize, Option<u32>)>,
    min_people: u32,
    max_people: u32,
    depends_on: Vec<(usize, u32)>,
    release: Option<u32>,
}

/// Generates a plan. Deterministic in `params`; always valid (acyclic,
/// every task staffable). Sizes are clamped: at least one team, and between
/// one goal and one goal per task.
pub fn generate_plan(params: &GeneratorParams) -> GeneratedPlan {
    let mut rng = SplitMix64(params.seed ^ 0x7A4D_E3C1_0B5F_9E27);
    let share = |p: f64| {
        if p.is_finite() {
            p.clamp(0.0, 1.0)
        } else {
            0.0
        }
    };
    let n_tasks = params.tasks;
    let n_teams = params.teams.max(1);
    let n_goals = if n_tasks == 0 {
        params.goals
    } else {
        params.goals.clamp(1, n_tasks)
    };
    let max_crew = params.max_crew.max(1);

    let teams = make_teams(&mut rng, n_teams);
    let sizes = goal_sizes(&mut rng, n_tasks, n_goals);
    let goal_areas: Vec<String> = (0..n_goals)
        .map(|g| {
            let area = AREAS[g % AREAS.len()];
            let round = g / AREAS.len();
            if round == 0 {
                area.to_string()
            } else {
                format!("{area} {}", round + 1)
            }
        })
        .collect();

    // tasks, goal by goal
    let mut tasks: Vec<Task> = Vec::with_capacity(n_tasks);
    let mut goal_offsets = Vec::with_capacity(n_goals);
    for (g, &size) in sizes.iter().enumerate() {
        let offset = tasks.len();
        goal_offsets.push(offset);
        let home = rng.below(n_teams);
        let second = (home + 1 + rng.below(n_teams.saturating_sub(1).max(1))) % n_teams;
        let milestone = size >= 4 && rng.chance(share(params.milestone_share));
        let mut has_local_succ = vec![false; size];
        let mut names_used: BTreeMap<String, u32> = BTreeMap::new();
        for j in 0..size {
            if milestone && j + 1 == size {
                let sinks: Vec<(usize, u32)> = (0..j)
                    .filter(|&i| !has_local_succ[i])
                    .map(|i| (offset + i, 0))
                    .collect();
                tasks.push(Task {
                    goal: g,
                    name: format!("{} ready", goal_areas[g]),
                    effort: 0,
                    teams: vec![(home, None)],
                    min_people: 1,
                    max_people: 1,
                    depends_on: sinks,
                    release: None,
                });
                continue;
            }
            let roll = rng.unit();
            let team = if roll < 0.55 {
                home
            } else if roll < 0.85 {
                second
            } else {
                rng.below(n_teams)
            };
            let u = rng.unit();
            let effort = 1 + (39.0 * u * u * u) as u32;
            let cap = teams[team].capacity;
            let mut min_people = if effort >= 6 && rng.chance(0.15) {
                2
            } else {
                1
            };
            min_people = min_people.min(cap).min(max_crew);
            let max_people = if effort <= 2 {
                min_people
            } else {
                (min_people + rng.range(0, max_crew - 1)).min(max_crew)
            };
            let mut eligible = vec![(team, None)];
            if n_teams > 1 && rng.chance(share(params.alternative_share)) {
                let alt = (team + 1 + rng.below(n_teams - 1)) % n_teams;
                if teams[alt].capacity >= min_people {
                    let own = rng.chance(0.5);
                    let alt_effort = if own {
                        Some((f64::from(effort) * (1.1 + 0.5 * rng.unit())).ceil() as u32)
                    } else {
                        None
                    };
                    if own && rng.chance(0.3) {
                        eligible[0].1 = Some(effort);
                    }
                    eligible.push((alt, alt_effort));
                }
            }
            let mut deps: Vec<(usize, u32)> = Vec::new();
            let lag = |rng: &mut SplitMix64| {
                if rng.chance(share(params.lag_share)) {
                    rng.range(1, 5)
                } else {
                    0
                }
            };
            if j > 0 && rng.chance(0.9) {
                let p = j - 1 - rng.below(j.min(4));
                has_local_succ[p] = true;
                deps.push((offset + p, lag(&mut rng)));
                if j > 1 && rng.chance(0.3) {
                    let q = rng.below(j);
                    if q != p {
                        has_local_succ[q] = true;
                        deps.push((offset + q, lag(&mut rng)));
                    }
                }
            }
            if offset > 0 && rng.chance(share(params.cross_goal_share)) {
                let t = rng.below(offset);
                deps.push((t, lag(&mut rng)));
            }
            let templates = teams[team].templates;
            let mut name = rng.pick(templates).replace("{}", &goal_areas[g]);
            let uses = names_used.entry(name.clone()).or_insert(0u32);
            *uses += 1;
            if *uses > 1 {
                let _ = write!(name, " (part {uses})");
            }
            tasks.push(Task {
                goal: g,
                name,
                effort,
                teams: eligible,
                min_people,
                max_people,
                depends_on: deps,
                release: None,
            });
        }
    }

    // a rough horizon: all work spread over all people, plus slack
    let work: u64 = tasks.iter().map(|t| u64::from(t.effort)).sum();
    let people: u64 = teams.iter().map(|t| u64::from(t.capacity)).sum();
    let horizon = ((work as f64 / people.max(1) as f64) * 1.3)
        .ceil()
        .max(20.0) as u32;
    for t in &mut tasks {
        if rng.chance(share(params.release_share)) {
            t.release = Some(rng.range(5, (horizon / 3).max(5)));
        }
    }

    let task_ids = ids("T", n_tasks);
    let goal_ids = ids("G", n_goals);

    let mut teams_csv = String::from("team,name,capacity\n");
    for t in &teams {
        let _ = writeln!(teams_csv, "{},{},{}", t.id, field(&t.name), t.capacity);
    }

    let mut calendar_csv = String::from("team,from,to,capacity\n");
    for t in &teams {
        if rng.chance(0.25) {
            // hiring ramp: fewer people until the new hires are on board
            let to = rng.range(10, (horizon / 4).max(10));
            let capacity = t.capacity.saturating_sub(rng.range(1, 2)).max(1);
            let _ = writeln!(calendar_csv, "{},0,{to},{capacity}", t.id);
        }
        if rng.chance(0.5) {
            // vacation
            let from = rng.range(10, horizon.max(10));
            let to = from + rng.range(4, 9);
            let capacity = t.capacity.saturating_sub(rng.range(1, 2));
            let _ = writeln!(calendar_csv, "{},{from},{to},{capacity}", t.id);
        }
    }

    let mut goals_csv = String::from("goal,name,priority,due,depends_on\n");
    for g in 0..n_goals {
        let name = format!("{} {}", goal_areas[g], rng.pick(GOAL_SUFFIXES));
        let priority = rng.range(1, 10);
        let due = if rng.chance(0.8) {
            let frac = 0.3 + 0.7 * (g + 1) as f64 / n_goals as f64;
            let due = (f64::from(horizon) * frac * (0.8 + 0.4 * rng.unit())).round() as u32;
            due.to_string()
        } else {
            String::new()
        };
        let mut deps: Vec<usize> = Vec::new();
        if g > 0 && rng.chance(share(params.goal_dependency_share)) {
            deps.push(g - 1 - rng.below(g.min(5)));
            if g > 1 && rng.chance(0.3) {
                let h = rng.below(g);
                if !deps.contains(&h) {
                    deps.push(h);
                }
            }
        }
        let deps: Vec<&str> = deps.iter().map(|&h| goal_ids[h].as_str()).collect();
        let _ = writeln!(
            goals_csv,
            "{},{},{priority},{due},{}",
            goal_ids[g],
            field(&name),
            deps.join(";")
        );
    }

    let ranges = if params.ranges {
        effort_ranges(params.seed, &tasks)
    } else {
        Vec::new()
    };
    let mut tasks_csv =
        String::from("task,goal,name,effort,teams,min_people,max_people,depends_on,release");
    tasks_csv.push_str(if params.ranges {
        ",effort_low,effort_high\n"
    } else {
        "\n"
    });
    for (i, t) in tasks.iter().enumerate() {
        let team_cell: Vec<String> = t
            .teams
            .iter()
            .map(|&(team, effort)| match effort {
                Some(e) => format!("{}:{e}", teams[team].id),
                None => teams[team].id.clone(),
            })
            .collect();
        let deps: Vec<String> = t
            .depends_on
            .iter()
            .map(|&(d, lag)| {
                if lag > 0 {
                    format!("{}+{lag}", task_ids[d])
                } else {
                    task_ids[d].clone()
                }
            })
            .collect();
        let release = t.release.map(|r| r.to_string()).unwrap_or_default();
        let _ = write!(
            tasks_csv,
            "{},{},{},{},{},{},{},{},{release}",
            task_ids[i],
            goal_ids[t.goal],
            field(&t.name),
            t.effort,
            team_cell.join("|"),
            t.min_people,
            t.max_people,
            deps.join(";"),
        );
        match ranges.get(i) {
            Some(Some((low, high))) => {
                let _ = write!(tasks_csv, ",{low},{high}");
            }
            Some(None) => tasks_csv.push_str(",,"),
            None => {}
        }
        tasks_csv.push('\n');
    }

    GeneratedPlan {
        teams_csv,
        calendar_csv,
        goals_csv,
        tasks_csv,
    }
}

/// The stream of the ranged estimates: the generator's seed mixed with a
/// constant of its own, so that drawing them moves no other value.
const RANGE_STREAM: u64 = 0xD1B5_4A32_D192_ED03;

/// Each task's ranged estimate `(low, high)` (`None` for a milestone):
/// `effort` x U(0.6, 0.95) and `effort` x U(1.1, 2.5), rounded to half
/// person-days, `low <= effort <= high`. Drawn from their own stream of
/// `seed`, two draws per task that has a range.
fn effort_ranges(seed: u64, tasks: &[Task]) -> Vec<Option<(f64, f64)>> {
    let mut rng = SplitMix64(seed ^ RANGE_STREAM);
    let half = |x: f64| (2.0 * x).round() / 2.0;
    tasks
        .iter()
        .map(|t| {
            if t.effort == 0 {
                return None;
            }
            let effort = f64::from(t.effort);
            let low = half(effort * (0.6 + 0.35 * rng.unit())).min(effort);
            let high = half(effort * (1.1 + 1.4 * rng.unit())).max(effort);
            Some((low, high))
        })
        .collect()
}

fn make_teams(rng: &mut SplitMix64, n: usize) -> Vec<Team> {
    (0..n)
        .map(|i| {
            let capacity = rng.range(3, 8);
            match TEAM_KINDS.get(i) {
                Some(&(id, name, templates)) => Team {
                    id: id.to_string(),
                    name: name.to_string(),
                    capacity,
                    templates,
                },
                None => Team {
                    id: format!("team-{}", i + 1),
                    name: format!("Team {}", i + 1),
                    capacity,
                    templates: GENERIC_TEMPLATES,
                },
            }
        })
        .collect()
}

/// Splits `tasks` over `goals` (each at least one when possible), sizes varying ±50%.
fn goal_sizes(rng: &mut SplitMix64, tasks: usize, goals: usize) -> Vec<usize> {
    if goals == 0 {
        return Vec::new();
    }
    let base = tasks.min(goals);
    let rest = tasks - base;
    let weights: Vec<f64> = (0..goals).map(|_| 0.5 + rng.unit()).collect();
    let total: f64 = weights.iter().sum();
    let mut sizes: Vec<usize> = weights
        .iter()
        .enumerate()
        .map(|(g, w)| usize::from(g < base) + (rest as f64 * w / total) as usize)
        .collect();
    let mut missing = tasks - sizes.iter().sum::<usize>();
    while missing > 0 {
        let g = rng.below(goals);
        sizes[g] += 1;
        missing -= 1;
    }
    sizes
}

/// `prefix` followed by zero-padded numbers 1..=n, so ids sort like their numbers.
fn ids(prefix: &str, n: usize) -> Vec<String> {
    let width = n.to_string().len();
    (1..=n).map(|i| format!("{prefix}{i:0width$}")).collect()
}

/// A CSV field, quoted when it needs to be.
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests;
