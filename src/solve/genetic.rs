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
//! Parents are drawn by binary tournament. Half of the children come from
//! the two-point crossover of Hartmann (1998), which keeps lists
//! precedence-feasible: the child copies the mother up to `q1`, then the
//! father's order of the rest up to `q2`, then the mother's order of what is
//! left; mode genes are inherited uniformly. The other half come from a peak
//! crossover (after Valls, Ballestín & Quintanilla 2008): the window of the
//! mother's schedule (a quarter to a half of its length) with the highest
//! resource utilisation is kept as she scheduled it, the activities she
//! starts before and after it are listed in the father's order. Since the
//! mother's list is sorted by start, the child is precedence-feasible
//! (with leads, a successor the mother starts first may land in an earlier
//! block than its predecessor: such a child, and a list sorted by start,
//! are put back in precedence order, each activity as soon as its
//! predecessors are listed).
//! Mutation shifts one activity between its last predecessor and first
//! successor and, on multi-mode problems, resets one mode gene to a random
//! mode or to "free". A child replaces the worst member when it is at least
//! as good and not a duplicate. After a long run without a new best, the
//! best member first takes a plateau walk ([`walk`]: shift and block-shuffle
//! moves accepted when not worse; makespan problems, and weighted ones with
//! a large budget), then all but the
//! best few members are replaced by fresh biased samples (restart).
//!
//! # Practical
//! Deterministic: all randomness comes from the worker's [`Rng`] stream,
//! and the run ends after a fixed number of decodes (children and walk
//! steps) unless the deadline or the proven bound comes first.
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
//! - V. Valls, F. Ballestín, S. Quintanilla (2008), A hybrid genetic algorithm for the
//!   resource-constrained project scheduling problem, European Journal of Operational
//!   Research 185.

mod walk;

use std::time::Instant;

use self::walk::Walk;
use super::rng::Rng;
use super::rules::{Sampler, in_precedence_order};
use super::sgs::Sgs;
use super::sgs::prices::ModePrices;
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
/// Decodes per plateau walk of the best member, at each restart.
pub(crate) const WALK_STEPS: usize = 5000;

/// Tuning of one GA run.
#[derive(Clone, Debug)]
pub(crate) struct GaConfig {
    /// Population size.
    pub population: usize,
    /// Decodes (children and walk steps) at most.
    pub children: usize,
    /// Children without a new best before a restart.
    pub restart_after: usize,
    /// Children without a new best before the run ends.
    pub give_up_after: usize,
    /// Share of children made by the peak crossover (the rest: two-point).
    pub peak_share: f64,
    /// Decodes of the plateau walk before each restart (0: no walk).
    pub walk: usize,
    /// Whether a walk that finds no new best counts its decodes towards
    /// `give_up_after` (otherwise only children do, and a run with walks
    /// decodes several times more before it gives up).
    pub walk_counts_towards_give_up: bool,
}

impl GaConfig {
    /// Population `9000 / n` between 40 and 150 (large populations pay on
    /// PSPLIB j60 but cost a whole generation of decodes on large plans),
    /// half of the children by the peak crossover, a restart after 800
    /// children without a new best; the run ends after `max(100 000,
    /// 200 n^2)` children without a new best or at `children` from the
    /// caller's budget. No plateau walk (see [`GaConfig::walk`]).
    pub fn for_problem(n: usize, children: usize) -> Self {
        Self {
            // never more individuals than children (tiny work-limit budgets
            // on huge plans; time-limited budgets are at least 200)
            population: (9000 / n.max(1)).clamp(40, 150).min(children.max(4)),
            children,
            restart_after: 800,
            give_up_after: (200 * n * n).max(100_000),
            peak_share: 0.5,
            walk: 0,
            walk_counts_towards_give_up: false,
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
}

impl Individual {
    fn new(list: Vec<ActivityId>) -> Self {
        let n = list.len();
        Self {
            list,
            modes: vec![FREE; n],
            start: vec![0; n],
            finish: vec![0; n],
            objective: f64::INFINITY,
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
    /// Mode prices of the decodes ([`Sgs::set_prices`]; `None`: earliest finish).
    pub prices: Option<&'a ModePrices>,
}

/// Runs the GA; returns the best schedule strictly better than the
/// incumbent. `decodes` grows by the children and walk steps decoded.
pub(crate) fn evolve(
    input: &GaInput<'_>,
    config: &GaConfig,
    rng: &mut Rng,
    decodes: &mut usize,
) -> Option<(f64, Schedule)> {
    let problem = input.problem;
    let n = problem.len();
    if n < 2 {
        return None;
    }
    let multi_mode = problem.activities().iter().any(|a| a.modes.len() > 1);
    let mut sgs = Sgs::new(problem);
    sgs.set_prices(input.prices.cloned());
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
    let mut child = population[0].clone();
    let mut walk = (config.walk > 0).then(|| {
        Walk::new(
            problem,
            config.walk,
            input.bound,
            input.deadline,
            multi_mode,
        )
    });
    let start = *decodes;
    while *decodes - start < config.children {
        *decodes += 1;
        if Instant::now() >= input.deadline {
            break;
        }
        let m = tournament(&population, rng);
        let f = tournament(&population, rng);
        let (mother, father) = (&population[m], &population[f]);
        if rng.next_f64() < config.peak_share {
            peak_crossover(
                problem,
                mother,
                father,
                &mut child,
                &rates,
                &mut scratch,
                rng,
            );
        } else {
            crossover(mother, father, &mut child, &mut scratch, rng);
        }
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
            if let Some(walk) = walk.as_mut() {
                let before = best.as_ref().map_or(f64::INFINITY, |b| b.0);
                let steps = walk.run(
                    &mut sgs,
                    &mut population[0],
                    &mut scratch,
                    rng,
                    &mut best,
                    &mut target,
                );
                *decodes += steps;
                if best.as_ref().is_some_and(|b| b.0 <= input.bound) {
                    break;
                }
                if config.walk_counts_towards_give_up {
                    if best.as_ref().is_some_and(|b| b.0 < before) {
                        stale = 0;
                    } else {
                        stale += steps;
                        if stale >= config.give_up_after {
                            break;
                        }
                    }
                }
            }
            for k in ELITE.min(population.len())..population.len() {
                let keys = &input.keys[k % input.keys.len()];
                let ind = &mut population[k];
                sampler.sample(problem, keys, ALPHA, rng, &mut ind.list);
                ind.modes.fill(FREE);
                evaluate(&mut sgs, ind, &mut scratch, false);
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

/// Decodes, improves and writes the improved schedule back (Lamarckian):
/// the list sorted by start (ties keep list order; with leads, then put
/// back in precedence order) and, on multi-mode problems, the modes
/// actually used.
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
    if sgs.has_leads() {
        // a lead may let a successor start first: back in precedence order
        ind.list = in_precedence_order(sgs.problem(), std::mem::take(&mut ind.list));
    }
    record(sgs, ind, keep_modes);
}

/// Copies the schedule of `sgs` (starts, finishes, modes if asked) into `ind`.
fn record(sgs: &Sgs<'_>, ind: &mut Individual, keep_modes: bool) {
    if keep_modes {
        ind.modes.copy_from_slice(sgs.modes());
    }
    let starts = sgs.starts();
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
/// mother's list is sorted by start (with leads, put back in precedence
/// order). The window's modes come from the mother.
fn peak_crossover(
    problem: &Problem,
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
            let m = if mother.modes[i] == FREE {
                0
            } else {
                mother.modes[i]
            };
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
    child
        .list
        .extend(father.list.iter().filter(|&&a| block(a) == 0));
    child
        .list
        .extend(mother.list.iter().filter(|&&a| block(a) == 1));
    child
        .list
        .extend(father.list.iter().filter(|&&a| block(a) == 2));
    for (i, gene) in child.modes.iter_mut().enumerate() {
        *gene = if block(ActivityId(i as u32)) == 1 {
            mother.modes[i]
        } else {
            father.modes[i]
        };
    }
    if problem.has_leads() {
        // a successor the mother starts first may sit in an earlier block
        child.list = in_precedence_order(problem, std::mem::take(&mut child.list));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Analysis;
    use crate::model::Objective;
    use crate::solve::rules::PriorityRule;
    use crate::solve::sgs::tests::{random_problem, random_problem_with_leads, violation};
    use crate::solve::testkit::precedence_feasible;

    /// A decoded, improved individual from a random biased sample.
    fn individual(
        p: &Problem,
        sgs: &mut Sgs<'_>,
        rng: &mut Rng,
        scratch: &mut Scratch,
    ) -> Individual {
        let keys = PriorityRule::Lft.keys(p, &Analysis::new(p));
        let mut list = Vec::new();
        Sampler::new(p).sample(p, &keys, 1.0, rng, &mut list);
        let mut ind = Individual::new(list);
        evaluate(sgs, &mut ind, scratch, true);
        ind
    }

    #[test]
    fn crossovers_and_mutation_keep_lists_feasible() {
        for seed in 0..24 {
            let modes = 1 + (seed as usize % 2);
            // with leads a list sorted by start need not be feasible: the
            // write-back and the peak crossover put it back in order
            let p = if seed < 12 {
                random_problem(300 + seed, 30, modes, Objective::Makespan)
            } else {
                random_problem_with_leads(300 + seed, 30, modes, Objective::Makespan)
            };
            let mut sgs = Sgs::new(&p);
            let mut rng = Rng::new(seed);
            let mut scratch = Scratch::new(p.len());
            let rates = Rates::new(&p);
            let mother = individual(&p, &mut sgs, &mut rng, &mut scratch);
            let father = individual(&p, &mut sgs, &mut rng, &mut scratch);
            let mut child = mother.clone();
            for round in 0..20 {
                if round % 2 == 0 {
                    peak_crossover(
                        &p,
                        &mother,
                        &father,
                        &mut child,
                        &rates,
                        &mut scratch,
                        &mut rng,
                    );
                } else {
                    crossover(&mother, &father, &mut child, &mut scratch, &mut rng);
                }
                assert!(precedence_feasible(&p, &child.list), "seed {seed}");
                mutate(&p, &mut child, &mut scratch, &mut rng, modes > 1);
                assert!(precedence_feasible(&p, &child.list), "seed {seed}");
                evaluate(&mut sgs, &mut child, &mut scratch, modes > 1);
                assert!(precedence_feasible(&p, &child.list), "seed {seed}");
                let schedule = sgs.schedule();
                assert_eq!(violation(&p, &schedule), None);
                assert!(schedule.check(&p).is_ok());
                assert_eq!(schedule.objective(&p), child.objective);
            }
        }
    }

    #[test]
    fn peak_crossover_gives_a_permutation() {
        let p = random_problem(41, 40, 1, Objective::Makespan);
        let mut sgs = Sgs::new(&p);
        let mut rng = Rng::new(3);
        let mut scratch = Scratch::new(p.len());
        let rates = Rates::new(&p);
        let mother = individual(&p, &mut sgs, &mut rng, &mut scratch);
        let father = individual(&p, &mut sgs, &mut rng, &mut scratch);
        let mut child = mother.clone();
        peak_crossover(
            &p,
            &mother,
            &father,
            &mut child,
            &rates,
            &mut scratch,
            &mut rng,
        );
        let mut sorted_child = child.list.clone();
        sorted_child.sort();
        let mut sorted_mother = mother.list.clone();
        sorted_mother.sort();
        assert_eq!(sorted_child, sorted_mother);
    }

    #[test]
    fn runs_are_deterministic_for_a_seed() {
        for objective in [Objective::Makespan, Objective::default()] {
            let p = random_problem(77, 40, 2, objective);
            let cpm = Analysis::new(&p);
            let keys = vec![PriorityRule::Lft.keys(&p, &cpm)];
            let seeds = vec![PriorityRule::Lft.activity_list(&p, &cpm)];
            let input = GaInput {
                problem: &p,
                keys: &keys,
                seeds: &seeds,
                bound: 0.0,
                incumbent: f64::INFINITY,
                deadline: Instant::now() + std::time::Duration::from_secs(3600),
                prices: None,
            };
            let mut config = GaConfig::for_problem(p.len(), 3000);
            if objective == Objective::Makespan {
                // frequent restarts, each after a plateau walk
                config.restart_after = 100;
                config.walk = 300;
            }
            let a = evolve(&input, &config, &mut Rng::stream(5, 1), &mut 0);
            let b = evolve(&input, &config, &mut Rng::stream(5, 1), &mut 0);
            let (a, b) = (a.expect("a schedule"), b.expect("a schedule"));
            assert_eq!(a.0, b.0);
            assert_eq!(a.1, b.1);
            assert_eq!(violation(&p, &a.1), None);
        }
    }
}
