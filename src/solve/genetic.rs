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
}

impl GaConfig {
    /// Population 40 with a restart after 800 children without a new best
    /// (tuned on PSPLIB j30); the run ends after `max(20 000, 50 n^2)`
    /// children without a new best or at `children` from the caller's budget.
    pub fn for_problem(n: usize, children: usize) -> Self {
        let population = 40;
        Self {
            population,
            children,
            restart_after: 800,
            give_up_after: (50 * n * n).max(20_000),
        }
    }
}

#[derive(Clone)]
struct Individual {
    list: Vec<ActivityId>,
    modes: Vec<usize>,
    objective: f64,
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
        let mut ind = Individual {
            list,
            modes: vec![FREE; n],
            objective: f64::INFINITY,
        };
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

    let mut since_best = 0usize;
    let mut stale = 0usize;
    let mut child = population[0].clone();
    for _ in 0..config.children {
        if Instant::now() >= input.deadline {
            break;
        }
        let m = tournament(&population, rng);
        let f = tournament(&population, rng);
        crossover(
            &population[m],
            &population[f],
            &mut child,
            &mut scratch,
            rng,
        );
        mutate(problem, &mut child, &mut scratch, rng, multi_mode);
        evaluate(&mut sgs, &mut child, &mut scratch, multi_mode);
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
        if child.objective <= population[worst].objective
            && !population
                .iter()
                .any(|p| p.objective == child.objective && p.list == child.list)
        {
            std::mem::swap(&mut population[worst], &mut child);
            sort(&mut population);
        }
        if since_best >= config.restart_after {
            since_best = 0;
            for k in ELITE.min(population.len())..population.len() {
                let keys = &input.keys[k % input.keys.len()];
                let ind = &mut population[k];
                sampler.sample(problem, keys, ALPHA, rng, &mut ind.list);
                ind.modes.fill(FREE);
                evaluate(&mut sgs, ind, &mut scratch, false);
            }
            sort(&mut population);
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
}

impl Scratch {
    fn new(n: usize) -> Self {
        Self {
            used: vec![false; n],
            pos: vec![0; n],
            order: Vec::with_capacity(n),
            list: Vec::with_capacity(n),
        }
    }
}

/// Decodes, improves and writes the improved schedule back (Lamarckian):
/// the list sorted by start (ties keep list order) and, on multi-mode
/// problems, the modes actually used.
fn evaluate(sgs: &mut Sgs<'_>, ind: &mut Individual, scratch: &mut Scratch, keep_modes: bool) {
    sgs.decode(&ind.list, Some(&ind.modes));
    ind.objective = sgs.improve(PASSES);
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
    population.sort_by(|a, b| a.objective.total_cmp(&b.objective));
}

fn tournament(population: &[Individual], rng: &mut Rng) -> usize {
    let a = rng.below(population.len());
    let b = rng.below(population.len());
    a.min(b) // the population is sorted: the smaller index is the better one
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
