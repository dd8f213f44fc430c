//! Command-line arguments (clap) and their validation into run configs.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// tandem: turns product goals and team bandwidth into an optimised schedule.
#[derive(Debug, Parser)]
#[command(
    name = "tandem",
    version,
    about,
    long_about = None,
    after_help = "Examples:\n  tandem plan data/roadmap --out out --start 2027-01-04   # then open out/report.html\n  tandem replan data/roadmap --baseline out --today 10 --out out2\n  tandem solve data/psplib/j301_1.sm --out out-j301\n\n`tandem help COMMAND` shows each command's options and an example."
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Schedule a CSV plan folder (teams.csv, goals.csv, tasks.csv, calendar.csv).
    #[command(
        after_help = "Examples:\n  tandem plan data/roadmap --out out --start 2027-01-04 --time-limit 5\n  tandem plan data/roadmap --out out --json > summary.json\n\nWrites schedule.csv, goals.csv, summary.json, report.html (open it in a browser) and\nschedule.mmd (a Mermaid gantt chart: paste it into Markdown on GitHub or GitLab)."
    )]
    Plan(PlanArgs),
    /// Schedule a PSPLIB instance (.sm single-mode, .mm multi-mode); minimises the makespan.
    #[command(
        after_help = "Example:\n  tandem solve data/psplib/j301_1.sm --out out-j301\n\nWrites schedule.csv, summary.json and report.html."
    )]
    Solve(SolveArgs),
    /// Re-plan against a baseline schedule: progress, today, freeze window,
    /// stability; writes the usual outputs plus diff.csv and prints what moved.
    #[command(
        after_help = "Example:\n  tandem replan data/roadmap --baseline out/schedule.csv --progress progress.csv --today 10 --freeze 5 --stability-weight 1 --out out2\n\nprogress.csv (task,status,start,team,people) is also read from DIR when present."
    )]
    Replan(ReplanArgs),
    /// Compare two schedules (schedule.csv files or output folders): which tasks and goals moved.
    #[command(after_help = "Example:\n  tandem diff out/schedule.csv out2/schedule.csv")]
    Diff(DiffArgs),
    /// Run every instance of a folder (PSPLIB files and plan folders) and compare with reference values.
    #[command(
        after_help = "Example:\n  tandem bench ../shared/psplib/j30 --time-limit 1 --threads 2 --out j30.csv\n\nA reference.csv (instance,cpm_lb,best_ub,best_lb) in the folder is read automatically."
    )]
    Bench(BenchArgs),
    /// Translate a Microsoft Project XML (MSPDI) file into a CSV plan folder.
    #[command(
        after_help = "Example:\n  tandem import project.xml --out plan\n  tandem plan plan --out out\n\nWrites project.csv, teams.csv, goals.csv, tasks.csv and, when the file has them,\nworkdays.csv, calendar.csv and progress.csv. `tandem plan project.xml` plans the file\ndirectly and also writes schedule.xml (the file with tandem's dates)."
    )]
    Import(ImportArgs),
    /// Forecast an existing schedule under the plan's ranged efforts (effort_low,
    /// effort_high): each goal's P10/P50/P90 finish and on-time probability.
    #[command(
        after_help = "Example:\n  tandem forecast data/roadmap --schedule out/schedule.csv --samples 10000 --out fc\n\nWrites forecast.csv and summary.json (its `forecast` object) into --out."
    )]
    Forecast(ForecastArgs),
    /// Write a synthetic plan folder (for tests and benchmarks).
    #[command(after_help = "Example:\n  tandem generate --tasks 2000 --seed 7 --out plans/p2000")]
    Generate(GenerateArgs),
}

/// Options shared by every solving command.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Wall-clock limit in seconds (at most 10,000,000); the best schedule found so far
    /// is returned. Default: 1 s plus 1 s per 1,000 tasks, at most 30 s; none with
    /// --work-limit.
    #[arg(long, value_name = "SECS")]
    pub time_limit: Option<f64>,
    /// Deterministic work limit in work units (one unit is about the work of one second
    /// of time limit on a 2-core machine): the same input, seed and threads then give
    /// the same schedule on any machine, however loaded. Combined with --time-limit, the
    /// time limit still stops the run (and then it need not be reproducible).
    #[arg(long, value_name = "UNITS")]
    pub work_limit: Option<f64>,
    /// Seed for every random choice; same input, seed and threads give the same schedule
    /// (always with --work-limit; with a time limit, when it does not cut the search).
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Worker threads (0 = all cores; at most 256).
    #[arg(long, default_value_t = 1)]
    pub threads: usize,
    /// Print nothing on success.
    #[arg(long, short)]
    pub quiet: bool,
}

/// `tandem plan`.
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Plan folder (teams.csv, goals.csv, tasks.csv and optionally calendar.csv,
    /// project.csv (start date, working weekdays) and workdays.csv (holidays)), or a
    /// Microsoft Project XML (MSPDI) file.
    pub dir: PathBuf,
    /// Output folder (created if missing).
    #[arg(long)]
    pub out: PathBuf,
    /// Date of day 0 (YYYY-MM-DD); day columns then also accept ISO dates.
    /// Overrides the `start` of the plan's project.csv.
    #[arg(long, value_name = "DATE")]
    pub start: Option<String>,
    /// Weight of the lateness term of the objective.
    #[arg(long, default_value_t = 10.0, value_name = "W")]
    pub lateness_weight: f64,
    /// What to minimise.
    #[arg(long, value_enum, default_value_t = ObjectiveArg::Weighted)]
    pub objective: ObjectiveArg,
    #[command(flatten)]
    pub replan: ReplanFlags,
    #[command(flatten)]
    pub search: SearchArgs,
    #[command(flatten)]
    pub report: ReportFlags,
    /// Sections of schedule.mmd (the Mermaid gantt export): one per team or one per goal.
    #[arg(long, value_enum, default_value_t = MermaidArg::Team, value_name = "BY")]
    pub mermaid_sections: MermaidArg,
    #[command(flatten)]
    pub mspdi: MspdiFlags,
    #[command(flatten)]
    pub forecast: ForecastFlags,
}

/// The forecast of `tandem plan` and `tandem replan`.
#[derive(Debug, Args)]
pub struct ForecastFlags {
    /// Scenarios of the forecast under ranged efforts (forecast.csv, summary.json,
    /// report.html). Default: 1000 when some task has effort_low/effort_high, else 0;
    /// 0 turns it off. At most 1,000,000.
    #[arg(long, value_name = "N")]
    pub samples: Option<usize>,
    /// Seed of the forecast's scenarios (the training scenarios of
    /// --objective expected are drawn with another seed derived from it).
    #[arg(long, value_name = "S", default_value_t = tandem::solve::forecast::DEFAULT_SEED)]
    pub forecast_seed: u64,
    /// Training scenarios of --objective expected (at most 10,000).
    #[arg(long, value_name = "N", default_value_t = 200)]
    pub training_samples: usize,
}

/// `tandem forecast`.
#[derive(Debug, Args)]
pub struct ForecastArgs {
    /// Plan folder (as for `tandem plan`).
    pub dir: PathBuf,
    /// The schedule to forecast (a schedule.csv of `tandem plan` or `tandem replan`).
    #[arg(long, value_name = "FILE")]
    pub schedule: PathBuf,
    /// Scenarios (at least 1, at most 1,000,000).
    #[arg(long, value_name = "N", default_value_t = 1000)]
    pub samples: usize,
    /// Seed of the scenarios.
    #[arg(long, value_name = "S", default_value_t = tandem::solve::forecast::DEFAULT_SEED)]
    pub seed: u64,
    /// Date of day 0 (YYYY-MM-DD): dates in forecast.csv. Overrides project.csv's `start`.
    #[arg(long, value_name = "DATE")]
    pub start: Option<String>,
    /// progress.csv of a re-plan's schedule: done and started tasks stay as they are
    /// (default: DIR/progress.csv when present).
    #[arg(long, value_name = "FILE")]
    pub progress: Option<PathBuf>,
    /// The re-plan's today (a day number, or a date with a start date).
    #[arg(long, value_name = "D")]
    pub today: Option<String>,
    /// Output folder (created if missing): forecast.csv and summary.json.
    #[arg(long)]
    pub out: PathBuf,
    /// Print nothing on success.
    #[arg(long, short)]
    pub quiet: bool,
}

/// How a Microsoft Project XML file is read.
#[derive(Debug, Args)]
pub struct MspdiFlags {
    /// (MS Project XML) The outline level whose summary tasks become goals.
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub goal_level: u32,
    /// (MS Project XML) Make every resource its own team instead of one team per
    /// resource Group.
    #[arg(long)]
    pub no_groups: bool,
    /// (MS Project XML) Ignore the file's progress (per cent complete, actual dates):
    /// plan every task from the project start.
    #[arg(long)]
    pub no_progress: bool,
}

/// `tandem import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The Microsoft Project XML (MSPDI) file.
    pub file: PathBuf,
    /// The plan folder to write (created if missing).
    #[arg(long)]
    pub out: PathBuf,
    #[command(flatten)]
    pub mspdi: MspdiFlags,
}

/// What a solving command prints and how (report.html is always written).
#[derive(Debug, Args)]
pub struct ReportFlags {
    /// Print summary.json on stdout instead of the human summary.
    #[arg(long, conflicts_with = "quiet")]
    pub json: bool,
}

/// Sections of the Mermaid gantt export.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum MermaidArg {
    /// One section per team.
    Team,
    /// One section per goal.
    Goal,
}

/// Re-planning inputs (FORMAT.md `progress.csv` and the stability term).
#[derive(Debug, Args)]
pub struct ReplanFlags {
    /// progress.csv: done and started tasks (default: DIR/progress.csv when present).
    #[arg(long, value_name = "FILE")]
    pub progress: Option<PathBuf>,
    /// Nothing that is neither done nor started starts before this day
    /// (day number, or a date with --start). Default 0.
    #[arg(long, value_name = "D")]
    pub today: Option<String>,
    /// A previous schedule.csv: the stability term's baseline and the warm start.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Weight of `sum |start - baseline start|` in the objective.
    #[arg(long, default_value_t = 0.0, value_name = "W")]
    pub stability_weight: f64,
    /// Tasks the baseline starts before today + DAYS keep their start, team and crew.
    #[arg(long, default_value_t = 0, value_name = "DAYS")]
    pub freeze: u32,
    /// Moves must pay: tasks go back to their baseline slots as long as the
    /// objective stays within PCT % of the best re-plan found (0 keeps every
    /// improvement).
    #[arg(long, default_value_t = 100.0 * tandem::replan::DEFAULT_MIN_GAIN, value_name = "PCT")]
    pub min_gain: f64,
}

/// `tandem replan`: `tandem plan` with a required `--baseline`, plus `diff.csv`.
#[derive(Debug, Args)]
pub struct ReplanArgs {
    #[command(flatten)]
    pub plan: PlanArgs,
}

/// `tandem diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The old schedule.csv (or a folder holding one).
    pub old: PathBuf,
    /// The new schedule.csv (or a folder holding one).
    pub new: PathBuf,
    /// Also write diff.csv (task,old_team,new_team,old_start,new_start,shift,goal,old_people,new_people) to this file.
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,
}

/// `tandem solve`.
#[derive(Debug, Args)]
pub struct SolveArgs {
    /// A PSPLIB file (.sm or .mm).
    pub file: PathBuf,
    /// Output folder (created if missing).
    #[arg(long)]
    pub out: PathBuf,
    #[command(flatten)]
    pub search: SearchArgs,
    #[command(flatten)]
    pub report: ReportFlags,
}

/// `tandem bench`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct BenchArgs {
    #[command(subcommand)]
    pub merge: Option<BenchCommand>,
    /// Folder of instances: PSPLIB `.sm`/`.mm` files and plan sub-folders.
    #[arg(required = true)]
    pub dir: Option<PathBuf>,
    /// Reference values `instance,cpm_lb,best_ub,best_lb` (default: DIR/reference.csv if present).
    #[arg(long)]
    pub reference: Option<PathBuf>,
    /// Results CSV: one row per instance.
    #[arg(long, required = true)]
    pub out: Option<PathBuf>,
    /// Only the first N instances (in name order).
    #[arg(long)]
    pub limit: Option<usize>,
    /// Run only shard I of N (I from 0 to N-1): the instances whose position in name
    /// order (after --limit) is I modulo N. For batch systems: a Kubernetes Indexed Job
    /// (JOB_COMPLETION_INDEX), a Slurm array (SLURM_ARRAY_TASK_ID); `tandem bench merge`
    /// joins the parts.
    #[arg(long, value_name = "I/N")]
    pub shard: Option<String>,
    #[command(flatten)]
    pub search: SearchArgs,
}

/// `tandem bench` subcommands.
#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Join the results of `tandem bench --shard I/N` runs into one results CSV (rows in
    /// name order, as one unsharded run writes them) and print its summary.
    Merge(MergeArgs),
}

/// `tandem bench merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The shards' results CSVs.
    #[arg(required = true)]
    pub parts: Vec<PathBuf>,
    /// The merged results CSV.
    #[arg(long)]
    pub out: PathBuf,
    /// Print nothing on success.
    #[arg(long, short)]
    pub quiet: bool,
}

/// `tandem generate`.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Number of tasks.
    #[arg(long, default_value_t = 1000)]
    pub tasks: usize,
    /// Number of teams.
    #[arg(long)]
    pub teams: Option<usize>,
    /// Number of goals.
    #[arg(long)]
    pub goals: Option<usize>,
    /// Seed.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Leave out the ranged estimates (tasks.csv columns effort_low and effort_high);
    /// every other value stays the same.
    #[arg(long)]
    pub no_ranges: bool,
    /// Output folder (created if missing).
    #[arg(long)]
    pub out: PathBuf,
}

/// The objective choice on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ObjectiveArg {
    /// FORMAT.md's weighted goal completion plus lateness.
    Weighted,
    /// The largest finish.
    Makespan,
    /// The mean weighted objective over sampled efforts (effort_low/effort_high):
    /// a plan chosen to be robust (sample-average approximation).
    Expected,
}
