//! A steady-state genetic algorithm over activity lists and mode genes, with
//! forward-backward improvement of every child.
//!
//! # Theoretical
//! An individual is a precedence-feasible activity list plus one mode gene
//! per activity (a mode index, or "free": the serial SGS then takes the
//! earliest-finishing mode). Decoding is the serial SGS ([`Sgs::decode`])
//! followed by forward-backward improvement ([`Sgs::improve`], Valls,
//! Ballestín & Quintanilla 2005); the improved schedule is written back
//! into the individual (its list re-sorted by start time, its genes set to
//! the modes used), the "Lamarckian" step of Debels & Vanhoucke (2007).
//!
//! Parents are drawn by binary tournament; the two-point crossover of
//! Hartmann (1998) keeps lists precedence-feasible: the child copies the
//! mother up to `q1`, then the father's order of the rest up to `q2`, then
//! the mother's order of what is left. Mode genes are inherited uniformly.
//! Mutation shifts one activity between its last predecessor and first
//! successor and, on multi-mode problems, resets one mode gene to a random
//! mode or to "free". A child replaces the worst member when it is at least
//! as good and not a duplicate. After a long run without a new best, all
//! but the best few members are replaced by fresh biased samples (restart).
//!
//! # Practical
//! Deterministic: all randomness comes from the worker's [`Rng`] stream,
//! and the run ends after a fixed number of children unless the deadline or
//! the proven bound comes first.
//!
//! # Bibliography
//! - S. Hartmann (1998), A competitive genetic algorithm for resource-constrained
//!   project scheduling, Naval Research Logistics 45.
//! - S. Hartmann (2001), Project scheduling with multiple modes: a genetic algorithm,
//!   Annals of Operations Research 102.
//! - D. Debels, M. Vanhoucke (2007), A decomposition-based genetic algorithm for the
//!   resource-constrained project scheduling problem, Operations Research 55(3).
//! - V. Valls, F. Ballestín, S. Quintanilla (2005), Justification and RCPSP: a technique
//!   that pays, European Journal of Operational Research 165.

use std::time::Instant;

use super::rng::Rng;
use super::rules::Sampler;
use super::sgs::Sgs;
use crate::model::{ActivityId, Problem};
use crate::schedule::Schedule;

/// A mode gene meaning "take the earliest-finishing mode".
const FREE: usize = usize::MAX;
/// Forward-backward passes per child.
const PASSES: usize = 1;
/// Bias exponent of the regret-based sampling.
const ALPHA: f64 = 1.0;
/// Members kept on a restart.
const ELITE: usize = 4;

/// Tuning of one GA run.
#[derive(Clone, Debug)]
pub(crate) struct GaConfig {
    /// Population size.
    pub population: usize,
    /// Children to evaluate at most.
    pub children: usize,
    /// Children without a new best before a restart.
    pub restart_after: usize,
    /// Children without a new best before the run ends.
    pub give_up_after: usize,
    /// Share of children made by the peak crossover (the rest: two-point).
    pub peak_share: f64,
    /// Every other restart refills the population with neighbours of the best.
    pub neighbour_restarts: bool,
    /// Tournament size.
    pub tournament: usize,
    /// Members kept on a restart.
    pub elite: usize,
    /// Probability of the list mutation (one shift).
    pub mutation: f64,
}

impl GaConfig {
    /// Population 40 with a restart after 800 children without a new best
    /// (tuned on PSPLIB j30); the run ends after `max(20 000, 50 n^2)`
    /// children without a new best or at `children` from the caller's budget.
    pub fn for_worker(n: usize, children: usize, worker: usize) -> Self {
        let var = if worker % 2 == 1 { "TANDEM_GA1" } else { "TANDEM_GA" };
        let env = std::env::var(var)
            .or_else(|_| std::env::var("TANDEM_GA"))
            .unwrap_or_default();
        let get = |k: &str, d: f64| -> f64 {
            env.split(',')
                .filter_map(|kv| kv.split_once('='))
                .find(|(a, _)| *a == k)
                .and_then(|(_, v)| v.parse().ok())
                .unwrap_or(d)
        };
        Self {
            population: get("pop", 150.0) as usize,
            children,
            restart_after: get("restart", 800.0) as usize,
            give_up_after: get("giveup", ((50 * n * n).max(20_000)) as f64) as usize,
            peak_share: get("peak", 0.5),
            neighbour_restarts: get("neigh", 0.0) > 0.0,
            tournament: get("tour", 2.0) as usize,
            elite: get("elite", ELITE as f64) as usize,
            mutation: get("mut", 1.0),
        }
    }
}

#[derive(Clone)]
struct Individual {
    list: Vec<ActivityId>,
    modes: Vec<usize>,
    /// Start and finish of every activity in the decoded (improved) schedule.
    start: Vec<u32>,
    finish: Vec<u32>,
    objective: f64,
    /// Tie-break among equal objectives: the sum of finishes (compactness).
    tie: u64,
}

impl Individual {
    /// Whether `self` ranks before or with `other`.
    fn not_worse(&self, other: &Individual) -> bool {
        (self.objective, self.tie) <= (other.objective, other.tie)
    }

    fn new(list: Vec<ActivityId>) -> Self {
        let n = list.len();
        Self {
            list,
            modes: vec![FREE; n],
            start: vec![0; n],
            finish: vec![0; n],
            objective: f64::INFINITY,
            tie: u64::MAX,
        }
    }
}

/// What a GA run needs from its caller.
pub(crate) struct GaInput<'a> {
    /// The problem.
    pub problem: &'a Problem,
    /// Priority keys for biased sampling (one vector per rule).
    pub keys: &'a [Vec<i64>],
    /// Lists to seed the population with (best first).
    pub seeds: &'a [Vec<ActivityId>],
    /// Stop when reached (a proven lower bound, plus a tolerance).
    pub bound: f64,
    /// Only schedules strictly better than this are returned.
    pub incumbent: f64,
    /// Wall-clock limit.
    pub deadline: Instant,
}

/// Runs the GA; returns the best schedule strictly better than the incumbent.
pub(crate) fn evolve(
    input: &GaInput<'_>,
    config: &GaConfig,
    rng: &mut Rng,
) -> Option<(f64, Schedule)> {
    let problem = input.problem;
    let n = problem.len();
    if n < 2 {
        return None;
    }
    let multi_mode = problem.activities().iter().any(|a| a.modes.len() > 1);
    let mut sgs = Sgs::new(problem);
    let mut sampler = Sampler::new(problem);
    let mut scratch = Scratch::new(n);
    let mut best: Option<(f64, Schedule)> = None;
    let mut target = input.incumbent;

    let mut population: Vec<Individual> = Vec::with_capacity(config.population);
    for k in 0..config.population {
        let list = match input.seeds.get(k) {
            Some(seed) => seed.clone(),
            None => {
                let mut list = Vec::with_capacity(n);
                let keys = &input.keys[k % input.keys.len()];
                sampler.sample(problem, keys, ALPHA, rng, &mut list);
                list
            }
        };
        let mut ind = Individual::new(list);
        evaluate(&mut sgs, &mut ind, &mut scratch, false);
        if offer(&mut best, &mut target, &ind, &sgs) && ind.objective <= input.bound {
            return best;
        }
        population.push(ind);
        if Instant::now() >= input.deadline {
            return best;
        }
    }
    sort(&mut population);

    let rates = Rates::new(problem);
    let mut since_best = 0usize;
    let mut stale = 0usize;
    let mut restarts = 0usize;
    let mut child = population[0].clone();
    let t0 = Instant::now();
    let mut done = 0usize;
    let mut dup = 0usize;
    let mut dup2 = 0usize;
    for _ in 0..config.children {
        if Instant::now() >= input.deadline {
            break;
        }
        done += 1;
        if std::env::var("TANDEM_DBG").is_ok() && done % 100000 == 1 {
            eprintln!("start children={done} left={:?}", input.deadline.saturating_duration_since(t0));
        }
        let m = tournament(&population, config.tournament, rng);
        let f = tournament(&population, config.tournament, rng);
        if config.peak_share > 0.0 && rng.next_f64() < config.peak_share {
            peak_crossover(
                &population[m],
                &population[f],
                &mut child,
                &rates,
                &mut scratch,
                rng,
            );
        } else {
            crossover(
                &population[m],
                &population[f],
                &mut child,
                &mut scratch,
                rng,
            );
        }
        if rng.next_f64() < config.mutation {
            mutate(problem, &mut child, &mut scratch, rng, multi_mode);
        }
        if child.list == population[m].list || child.list == population[f].list {
            dup += 1;
        }
        evaluate(&mut sgs, &mut child, &mut scratch, multi_mode);
        if population.iter().any(|p| p.objective == child.objective && p.list == child.list) {
            dup2 += 1;
        }
        if offer(&mut best, &mut target, &child, &sgs) {
            since_best = 0;
            stale = 0;
            if child.objective <= input.bound {
                break;
            }
        } else {
            since_best += 1;
            stale += 1;
            if stale >= config.give_up_after {
                break;
            }
        }
        let worst = population.len() - 1;
        if child.not_worse(&population[worst])
            && !population
                .iter()
                .any(|p| p.objective == child.objective && p.list == child.list)
        {
            std::mem::swap(&mut population[worst], &mut child);
            sort(&mut population);
        }
        if std::env::var("TANDEM_DBG").is_ok() && (done == config.children || Instant::now() >= input.deadline) {
            eprintln!("children={done} in {:?} restarts={restarts} dup={dup} dup_after={dup2}", t0.elapsed());
        }
        if since_best >= config.restart_after {
            since_best = 0;
            restarts += 1;
            let neighbours = config.neighbour_restarts && restarts % 2 == 0;
            let elite = config.elite.min(population.len());
            let (head, tail) = population.split_at_mut(elite);
            for (k, ind) in tail.iter_mut().enumerate() {
                if neighbours {
                    // neighbours of the best: a few random shifts (and modes)
                    let best = &head[0];
                    ind.list.clone_from(&best.list);
                    ind.modes.clone_from(&best.modes);
                    let moves = 1 + rng.below((n / 10).max(2));
                    for _ in 0..moves {
                        mutate(problem, ind, &mut scratch, rng, multi_mode);
                    }
                    evaluate(&mut sgs, ind, &mut scratch, multi_mode);
                } else {
                    let keys = &input.keys[(k + ELITE) % input.keys.len()];
                    sampler.sample(problem, keys, ALPHA, rng, &mut ind.list);
                    ind.modes.fill(FREE);
                    evaluate(&mut sgs, ind, &mut scratch, false);
                }
                if offer(&mut best, &mut target, ind, &sgs) {
                    since_best = 0;
                }
            }
            sort(&mut population);
            if best.as_ref().is_some_and(|b| b.0 <= input.bound) {
                break;
            }
        }
    }
    best
}

/// Reusable buffers.
struct Scratch {
    used: Vec<bool>,
    pos: Vec<usize>,
    order: Vec<(u32, usize)>,
    list: Vec<ActivityId>,
    load: Vec<f64>,
}

impl Scratch {
    fn new(n: usize) -> Self {
        Self {
            used: vec![false; n],
            pos: vec![0; n],
            order: Vec::with_capacity(n),
            list: Vec::with_capacity(n),
            load: Vec::new(),
        }
    }
}

fn use_tie() -> bool {
    thread_local! {
        static P: bool = std::env::var("TANDEM_TIE").is_ok();
    }
    P.with(|p| *p)
}

fn passes() -> usize {
    thread_local! {
        static P: usize = std::env::var("TANDEM_PASSES").ok().and_then(|v| v.parse().ok()).unwrap_or(PASSES);
    }
    P.with(|p| *p)
}

/// Decodes, improves and writes the improved schedule back (Lamarckian):
/// the list sorted by start (ties keep list order) and, on multi-mode
/// problems, the modes actually used.
fn evaluate(sgs: &mut Sgs<'_>, ind: &mut Individual, scratch: &mut Scratch, keep_modes: bool) {
    sgs.decode(&ind.list, Some(&ind.modes));
    ind.objective = sgs.improve(passes());
    let starts = sgs.starts();
    scratch.order.clear();
    scratch.order.extend(
        ind.list
            .iter()
            .enumerate()
            .map(|(k, a)| (starts[a.index()], k)),
    );
    scratch.order.sort_unstable();
    scratch.list.clear();
    scratch
        .list
        .extend(scratch.order.iter().map(|&(_, k)| ind.list[k]));
    std::mem::swap(&mut ind.list, &mut scratch.list);
    if keep_modes {
        ind.modes.copy_from_slice(sgs.modes());
    }
    ind.start.copy_from_slice(starts);
    let problem = sgs.problem();
    for (i, (f, (&s, &m))) in ind
        .finish
        .iter_mut()
        .zip(starts.iter().zip(sgs.modes()))
        .enumerate()
    {
        *f = s + problem.activities()[i].modes[m].duration;
    }
    ind.tie = if use_tie() { ind.finish.iter().map(|&f| u64::from(f)).sum() } else { 0 };
}

/// Share of the capacity each mode of each activity takes per day
/// (`sum_r demand_r / base capacity_r`), for the peak crossover.
struct Rates {
    rate: Vec<Vec<f64>>,
}

impl Rates {
    fn new(problem: &Problem) -> Self {
        let base: Vec<f64> = problem
            .resources()
            .iter()
            .map(|r| f64::from(r.capacity.base().max(1)))
            .collect();
        Self {
            rate: problem
                .activities()
                .iter()
                .map(|a| {
                    a.modes
                        .iter()
                        .map(|m| {
                            m.demands
                                .iter()
                                .map(|d| f64::from(d.amount) / base[d.resource.index()])
                                .sum()
                        })
                        .collect()
                })
                .collect(),
        }
    }
}

/// The peak crossover (after Valls, Ballestín & Quintanilla 2008): find the
/// window of the mother's schedule with the highest resource utilisation;
/// the child lists, in the father's order, the activities the mother starts
/// before the window, then in the mother's order those she starts inside
/// it, then in the father's order the rest. Precedence-feasible because the
/// mother's list is sorted by start. The window's modes come from the mother.
fn peak_crossover(
    mother: &Individual,
    father: &Individual,
    child: &mut Individual,
    rates: &Rates,
    scratch: &mut Scratch,
    rng: &mut Rng,
) {
    let horizon = mother.finish.iter().copied().max().unwrap_or(0) as usize;
    if horizon < 2 {
        crossover(mother, father, child, scratch, rng);
        return;
    }
    // utilisation per day (difference array, then prefix sums)
    let load = &mut scratch.load;
    load.clear();
    load.resize(horizon + 1, 0.0);
    for i in 0..mother.start.len() {
        let (s, f) = (mother.start[i] as usize, mother.finish[i] as usize);
        if f > s {
            let m = if mother.modes[i] == FREE { 0 } else { mother.modes[i] };
            let m = m.min(rates.rate[i].len().saturating_sub(1));
            let r = rates.rate[i].get(m).copied().unwrap_or(0.0);
            load[s] += r;
            load[f] -= r;
        }
    }
    for t in 1..=horizon {
        load[t] += load[t - 1];
    }
    // window length in [horizon / 4, horizon / 2]
    let lo = (horizon / 4).max(1);
    let len = lo + rng.below(horizon / 2 - lo + 1);
    let mut sum: f64 = load[..len].iter().sum();
    let (mut best, mut t1) = (sum, 0usize);
    for t in len..horizon {
        sum += load[t] - load[t - len];
        if sum > best + 1e-9 {
            best = sum;
            t1 = t + 1 - len;
        }
    }
    let t2 = (t1 + len) as u32;
    let t1 = t1 as u32;
    let block = |a: ActivityId| -> u8 {
        let s = mother.start[a.index()];
        if s < t1 {
            0
        } else if s < t2 {
            1
        } else {
            2
        }
    };
    child.list.clear();
    child.list.extend(father.list.iter().filter(|&&a| block(a) == 0));
    child.list.extend(mother.list.iter().filter(|&&a| block(a) == 1));
    child.list.extend(father.list.iter().filter(|&&a| block(a) == 2));
    for (i, gene) in child.modes.iter_mut().enumerate() {
        *gene = if block(ActivityId(i as u32)) == 1 {
            mother.modes[i]
        } else {
            father.modes[i]
        };
    }
}

fn offer(
    best: &mut Option<(f64, Schedule)>,
    target: &mut f64,
    ind: &Individual,
    sgs: &Sgs<'_>,
) -> bool {
    if ind.objective < *target {
        *target = ind.objective;
        *best = Some((ind.objective, sgs.schedule()));
        true
    } else {
        false
    }
}

fn sort(population: &mut [Individual]) {
    if use_tie() {
        population.sort_by(|a, b| a.objective.total_cmp(&b.objective).then(a.tie.cmp(&b.tie)));
    } else {
        population.sort_by(|a, b| a.objective.total_cmp(&b.objective));
    }
}

fn tournament(population: &[Individual], size: usize, rng: &mut Rng) -> usize {
    // the population is sorted: the smaller index is the better one
    (0..size.max(1))
        .map(|_| rng.below(population.len()))
        .min()
        .unwrap_or(0)
}

/// Hartmann's two-point crossover of the lists; uniform crossover of the modes.
fn crossover(
    mother: &Individual,
    father: &Individual,
    child: &mut Individual,
    scratch: &mut Scratch,
    rng: &mut Rng,
) {
    let n = mother.list.len();
    let mut q1 = rng.below(n + 1);
    let mut q2 = rng.below(n + 1);
    if q1 > q2 {
        std::mem::swap(&mut q1, &mut q2);
    }
    scratch.used.fill(false);
    child.list.clear();
    for &a in &mother.list[..q1] {
        scratch.used[a.index()] = true;
        child.list.push(a);
    }
    for &a in &father.list {
        if child.list.len() >= q2 {
            break;
        }
        if !scratch.used[a.index()] {
            scratch.used[a.index()] = true;
            child.list.push(a);
        }
    }
    for &a in &mother.list {
        if !scratch.used[a.index()] {
            scratch.used[a.index()] = true;
            child.list.push(a);
        }
    }
    for (i, gene) in child.modes.iter_mut().enumerate() {
        *gene = if rng.below(2) == 0 {
            mother.modes[i]
        } else {
            father.modes[i]
        };
    }
}

fn mutate(
    problem: &Problem,
    child: &mut Individual,
    scratch: &mut Scratch,
    rng: &mut Rng,
    multi_mode: bool,
) {
    shift(problem, &mut child.list, &mut scratch.pos, rng);
    if multi_mode && rng.below(2) == 0 {
        let i = rng.below(child.modes.len());
        let modes = problem.activities()[i].modes.len();
        child.modes[i] = if rng.below(3) == 0 {
            FREE
        } else {
            rng.below(modes)
        };
    }
}

/// Moves one random activity of a precedence-feasible list to a random
/// position between its last predecessor and its first successor.
pub(crate) fn shift(problem: &Problem, list: &mut [ActivityId], pos: &mut [usize], rng: &mut Rng) {
    let n = list.len();
    if n < 2 {
        return;
    }
    for (k, a) in list.iter().enumerate() {
        pos[a.index()] = k;
    }
    let i = rng.below(n);
    let a = list[i];
    let lo = problem
        .predecessors(a)
        .iter()
        .map(|(p, _)| pos[p.index()] + 1)
        .max()
        .unwrap_or(0);
    let hi = problem
        .successors(a)
        .iter()
        .map(|(s, _)| pos[s.index()])
        .min()
        .unwrap_or(n)
        - 1;
    let j = lo + rng.below(hi - lo + 1);
    if j < i {
        list[j..=i].rotate_right(1);
    } else {
        list[i..=j].rotate_left(1);
    }
}

