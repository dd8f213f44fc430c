//! Goals sequenced on one team at a time, with their convex lateness cost:
//! a Lagrangian relaxation over the mean busy times of a preemptive machine
//! (the `machine` part of `sequencing`; proof in the module docs of
//! [`bounds`](super)).

use super::context::Context;
use crate::model::GoalId;

/// Most slope updates per team and round.
const ITERATIONS: usize = 400;
/// Most joint updates of shares and slopes.
const JOINT: usize = 600;
/// Work budget of one round over all teams (iterations times the sum over
/// teams of squared job counts, the cost of one WSPT pass with a sorted
/// ready list), so large plans stay fast; fewer iterations only weaken
/// the bound.
const WORK: usize = 20_000_000;

/// `psi_g(x) = phi_g(max(x, LB_g))` per unit of priority: convex,
/// non-decreasing, piecewise linear (`w >= 0`).
#[derive(Clone, Copy, Debug)]
struct Cost {
    /// Breakpoints `LB_g <= K_g` (`K_g = max(LB_g, due_g)`; `K = LB` without due day).
    lb: f64,
    knee: f64,
    /// `psi` at the breakpoints.
    at_lb: f64,
    at_knee: f64,
    /// Largest slope (`1 + w` with a due day, else 1).
    steepest: f64,
}

impl Cost {
    /// `beta(alpha) = min_x psi(x) - alpha x` for `0 <= alpha <= steepest`
    /// and the breakpoint `x*` where it is attained (the one nearest `near`
    /// on a tie).
    fn intercept(&self, alpha: f64, near: f64) -> (f64, f64) {
        let a = self.at_lb - alpha * self.lb;
        let b = self.at_knee - alpha * self.knee;
        if a < b || (a == b && (near - self.lb).abs() <= (near - self.knee).abs()) {
            (a, self.lb)
        } else {
            (b, self.knee)
        }
    }
}

/// A goal's work on one team, as one job of a machine of speed `c`.
#[derive(Clone, Debug)]
struct Job {
    /// Smallest head of the work.
    release: f64,
    /// Energy over `c`.
    length: f64,
    /// The activities of the work.
    members: Vec<usize>,
}

/// A goal whose finish is bounded through a job: `f_g >= C_J + tail`.
#[derive(Clone, Copy, Debug)]
struct Rider {
    job: usize,
    goal: usize,
    tail: f64,
}

/// The jobs of one team, by release, and the goals riding them.
struct Team {
    jobs: Vec<Job>,
    riders: Vec<Rider>,
}

impl Team {
    /// `sum_j weight_j M_j` minimised by preemptive WSPT (largest
    /// `weight / length` among released jobs first); returns every job's
    /// mean busy time `M_j`.
    fn mean_busy_times(&self, weight: &[f64]) -> Vec<f64> {
        let n = self.jobs.len();
        let mut left: Vec<f64> = self.jobs.iter().map(|j| j.length).collect();
        let mut area = vec![0.0f64; n];
        // released, unfinished jobs, best first (a sorted vector)
        let mut ready: Vec<usize> = Vec::new();
        let better = |a: usize, b: usize| {
            // is a preferred to b? ratio weight / length, ties by index
            let x = weight[a] * self.jobs[b].length;
            let y = weight[b] * self.jobs[a].length;
            x > y || (x == y && a < b)
        };
        let mut next = 0;
        let mut t = 0.0f64;
        loop {
            if ready.is_empty() {
                if next == n {
                    break;
                }
                t = t.max(self.jobs[next].release);
            }
            while next < n && self.jobs[next].release <= t {
                let pos = ready.partition_point(|&r| better(r, next));
                ready.insert(pos, next);
                next += 1;
            }
            let j = ready[0];
            let until = if next < n {
                self.jobs[next].release
            } else {
                f64::INFINITY
            };
            let run = if until - t >= left[j] {
                let run = left[j];
                left[j] = 0.0;
                ready.remove(0);
                run
            } else {
                let run = until - t;
                left[j] -= run;
                run
            };
            area[j] += run * (t + run / 2.0);
            t += run;
        }
        area.iter()
            .zip(&self.jobs)
            .map(|(a, j)| a / j.length)
            .collect()
    }

    /// The team's bound for goal weights `v` (priority times share) and
    /// rider slopes `alpha`: `sum_i v_g (beta_g(alpha_i) + alpha_i X_i)`
    /// over riders `i = (J, g)` with `X_i = M_J + length_J / 2 + tail_i`;
    /// also returns the `X_i`.
    fn value(&self, costs: &[Cost], v: &[f64], alpha: &[f64]) -> (f64, Vec<f64>) {
        let mut weight = vec![0.0f64; self.jobs.len()];
        for (r, &a) in self.riders.iter().zip(alpha) {
            weight[r.job] += v[r.goal] * a;
        }
        let m = self.mean_busy_times(&weight);
        let mut total = 0.0;
        let x: Vec<f64> = self
            .riders
            .iter()
            .zip(alpha)
            .map(|(r, &a)| {
                let x = m[r.job] + self.jobs[r.job].length / 2.0 + r.tail;
                if v[r.goal] > 0.0 {
                    let (beta, _) = costs[r.goal].intercept(a, x);
                    total += v[r.goal] * (beta + a * x);
                }
                x
            })
            .collect();
        (total, x)
    }

    /// The best bound found by projected subgradient ascent over the
    /// slopes from `alpha = 0` (where the bound is `sum v_g psi_g(LB_g)`);
    /// every slope vector tried gives a valid bound. Returns it and its
    /// slopes.
    fn optimise(&self, costs: &[Cost], v: &[f64], iterations: usize) -> (f64, Vec<f64>) {
        let mut alpha = vec![0.0f64; self.riders.len()];
        let (mut best, mut x) = self.value(costs, v, &alpha);
        let mut best_alpha = alpha.clone();
        for it in 0..iterations {
            let d = self.supergradient(costs, v, &alpha, &x);
            let norm = d.iter().fold(0.0f64, |m, v| m.max(v.abs()));
            if norm <= 0.0 {
                break;
            }
            // the largest move is `step` of the slope range
            let step = 0.5 / (1.0 + it as f64 / 10.0);
            for ((r, a), d) in self.riders.iter().zip(&mut alpha).zip(&d) {
                let c = &costs[r.goal];
                *a = (*a + step * c.steepest * d / norm).clamp(0.0, c.steepest);
            }
            let (val, nx) = self.value(costs, v, &alpha);
            if val > best {
                best = val;
                best_alpha.clone_from(&alpha);
            }
            x = nx;
        }
        (best, best_alpha)
    }

    /// A supergradient of the bound in the slopes: `v_g (X_i - x*_i)`.
    fn supergradient(&self, costs: &[Cost], v: &[f64], alpha: &[f64], x: &[f64]) -> Vec<f64> {
        self.riders
            .iter()
            .zip(alpha)
            .zip(x)
            .map(|((r, &a), &x)| {
                let (_, star) = costs[r.goal].intercept(a, x);
                v[r.goal] * (x - star)
            })
            .collect()
    }

    /// Each goal with a job rides it.
    fn own_riders(&mut self, goal_tails: &[super::Tails], own: &[Option<usize>]) {
        self.riders.clear();
        for (g, tails) in goal_tails.iter().enumerate() {
            if let Some(j) = own[g] {
                let tail = self.tail(j, tails).unwrap_or(0.0);
                self.riders.push(Rider {
                    job: j,
                    goal: g,
                    tail,
                });
            }
        }
    }

    /// The smallest tail from job `j`'s members to a goal (`None` when one
    /// is outside its closure).
    fn tail(&self, j: usize, tails: &super::Tails) -> Option<f64> {
        self.jobs[j]
            .members
            .iter()
            .map(|&m| tails.get(m))
            .try_fold(u64::MAX, |acc, q| q.map(|q| acc.min(q)))
            .map(|q| q as f64)
    }
}

/// Joint supergradient ascent over the goals' shares `lambda` (a point of
/// the simplex over their teams and the floor) and the slopes; returns
/// the best bound seen, starting from the shares of `home` and the slopes
/// `alpha`.
fn joint(
    teams: &[Team],
    costs: &[Cost],
    floor: &[f64],
    priority: &[f64],
    home: &[Option<usize>],
    mut alpha: Vec<Vec<f64>>,
    iterations: usize,
) -> f64 {
    let ng = floor.len();
    // options per goal: the floor, then its riders (team, rider index)
    let mut options: Vec<Vec<(usize, usize)>> = vec![Vec::new(); ng];
    for (k, team) in teams.iter().enumerate() {
        for (i, r) in team.riders.iter().enumerate() {
            options[r.goal].push((k, i));
        }
    }
    // shares start at the home team (or the floor), mixed with a little of
    // every option so that multiplicative updates can reach them
    const MIX: f64 = 0.02;
    let mut lam_floor = vec![0.0f64; ng];
    let mut lam: Vec<Vec<f64>> = teams.iter().map(|t| vec![0.0; t.riders.len()]).collect();
    for g in 0..ng {
        let n = options[g].len() as f64 + 1.0;
        let main = |at_home: bool| {
            if at_home {
                1.0 - MIX + MIX / n
            } else {
                MIX / n
            }
        };
        lam_floor[g] = main(home[g].is_none());
        for &(k, i) in &options[g] {
            lam[k][i] = main(home[g] == Some(k));
        }
    }
    let mut best = f64::NEG_INFINITY;
    let mut estimate: Vec<Vec<f64>> = lam.clone();
    for it in 0..iterations {
        let mut total: f64 = lam_floor.iter().zip(floor).map(|(l, f)| l * f).sum();
        let step = 0.05 / (1.0 + it as f64 / 50.0);
        for (k, team) in teams.iter().enumerate() {
            let v: Vec<f64> = team
                .riders
                .iter()
                .zip(&lam[k])
                .map(|(r, l)| l * priority[r.goal])
                .collect();
            // value() takes weights per goal: spread them
            let mut vg = vec![0.0f64; ng];
            for (r, &x) in team.riders.iter().zip(&v) {
                vg[r.goal] = x;
            }
            let (val, x) = team.value(costs, &vg, &alpha[k]);
            total += val;
            let mut d = Vec::with_capacity(x.len());
            for (i, r) in team.riders.iter().enumerate() {
                let (beta, star) = costs[r.goal].intercept(alpha[k][i], x[i]);
                estimate[k][i] = priority[r.goal] * (beta + alpha[k][i] * x[i]);
                d.push(priority[r.goal] * (x[i] - star));
            }
            let norm = d.iter().fold(0.0f64, |m, v| m.max(v.abs()));
            if norm > 0.0 {
                for (i, r) in team.riders.iter().enumerate() {
                    let c = &costs[r.goal];
                    alpha[k][i] =
                        (alpha[k][i] + step * c.steepest * d[i] / norm).clamp(0.0, c.steepest);
                }
            }
        }
        best = best.max(total);
        // exponentiated gradient on each goal's shares
        for g in 0..ng {
            if options[g].is_empty() {
                continue;
            }
            let most = options[g]
                .iter()
                .map(|&(k, i)| estimate[k][i])
                .fold(floor[g], f64::max);
            let scale = most.abs().max(1e-9);
            let eta = 4.0 * step;
            lam_floor[g] *= (eta * (floor[g] - most) / scale).exp();
            let mut sum = lam_floor[g];
            for &(k, i) in &options[g] {
                lam[k][i] = (lam[k][i] * (eta * (estimate[k][i] - most) / scale).exp()).max(1e-6);
                sum += lam[k][i];
            }
            lam_floor[g] /= sum;
            for &(k, i) in &options[g] {
                lam[k][i] /= sum;
            }
        }
    }
    best
}

impl Context<'_> {
    /// The machine bound (module docs, "Weighted objective"; `w >= 0`) on
    /// the cost of the goals not in `skip`.
    pub(super) fn machine_bound(
        &self,
        goal_tails: &[super::Tails],
        goal_lb: &[u64],
        w: f64,
        skip: &[bool],
    ) -> f64 {
        let goals = self.problem.goals();
        let ng = goals.len();
        if goals
            .iter()
            .any(|g| !(g.priority >= 0.0 && g.priority.is_finite()))
            || w < 0.0
        {
            return f64::NEG_INFINITY; // the proof needs non-negative weights and convex costs
        }
        let costs: Vec<Cost> = goals
            .iter()
            .zip(goal_lb)
            .map(|(g, &lb)| {
                let lb = lb as f64;
                let phi = |x: f64| x + w * g.due.map_or(0.0, |d| (x - f64::from(d)).max(0.0));
                let knee = g.due.map_or(lb, |d| lb.max(f64::from(d)));
                Cost {
                    lb,
                    knee,
                    at_lb: phi(lb),
                    at_knee: phi(knee),
                    steepest: if g.due.is_some() { 1.0 + w } else { 1.0 },
                }
            })
            .collect();
        // skipped goals weigh nothing
        let full: Vec<f64> = goals
            .iter()
            .enumerate()
            .map(|(g, goal)| {
                if skip.get(g) == Some(&true) {
                    0.0
                } else {
                    goal.priority
                }
            })
            .collect();
        let floor: Vec<f64> = full.iter().zip(&costs).map(|(p, c)| p * c.at_lb).collect();
        let base: f64 = floor.iter().sum();
        let mut teams: Vec<(Team, Vec<Option<usize>>)> =
            (0..self.nr).filter_map(|r| self.team(r)).collect();
        let jobs: usize = teams.iter().map(|t| t.0.jobs.len()).sum();
        if jobs == 0 {
            return base;
        }
        let pass: usize = teams.iter().map(|t| t.0.jobs.len().pow(2)).sum();
        let iterations = (WORK / pass.max(1)).clamp(4, ITERATIONS);
        let mut best = f64::NEG_INFINITY;
        let mut single = Vec::with_capacity(teams.len());
        for (team, own) in &mut teams {
            // round 1: each team on its own, every goal at full priority (the
            // others at their finish bounds)
            team.own_riders(goal_tails, own);
            let (val, _) = team.optimise(&costs, &full, iterations);
            let carried: f64 = team.riders.iter().map(|r| floor[r.goal]).sum();
            single.push(val - carried);
        }
        let top = single.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        best = best.max(base + top);
        // round 2: teams by decreasing gain alone take every goal not yet
        // taken that rides them (a goal that gains nothing still keeps
        // the others from the front of the machine)
        let mut by_gain: Vec<usize> = (0..teams.len()).filter(|&k| single[k] > 0.0).collect();
        by_gain.sort_by(|&a, &b| single[b].total_cmp(&single[a]).then(a.cmp(&b)));
        let mut home: Vec<Option<usize>> = vec![None; ng];
        for &k in &by_gain {
            for r in &teams[k].0.riders {
                home[r.goal].get_or_insert(k);
            }
        }
        let mut total: f64 = (0..ng)
            .filter(|&g| home[g].is_none())
            .map(|g| floor[g])
            .sum();
        let mut slopes = Vec::with_capacity(teams.len());
        for (k, (team, _)) in teams.iter().enumerate() {
            let v: Vec<f64> = (0..ng)
                .map(|g| if home[g] == Some(k) { full[g] } else { 0.0 })
                .collect();
            if team.riders.iter().any(|r| v[r.goal] > 0.0) {
                let (val, alpha) = team.optimise(&costs, &v, iterations);
                total += val;
                slopes.push(alpha);
            } else {
                slopes.push(vec![0.0; team.riders.len()]);
            }
        }
        best = best.max(total);
        let teams: Vec<Team> = teams.into_iter().map(|t| t.0).collect();
        let rounds = (WORK / pass.max(1)).clamp(4, JOINT);
        best = best.max(joint(&teams, &costs, &floor, &full, &home, slopes, rounds));
        best - 1e-9 * best.abs().max(1.0)
    }

    /// The jobs of resource `r` (one per goal with member energy on it, by
    /// release) and each goal's own job.
    fn team(&self, r: usize) -> Option<(Team, Vec<Option<usize>>)> {
        let c = self.curves[r].max;
        if c == 0 {
            return None;
        }
        let mut jobs: Vec<(usize, Job)> = Vec::new();
        for g in 0..self.problem.goals().len() {
            let (mut e, mut release) = (0u64, u64::MAX);
            let mut members = Vec::new();
            for &m in self.problem.goal_members(GoalId::from_index(g)) {
                let j = m.index();
                let ej = self.energy(j, r);
                if ej > 0 {
                    e = e.saturating_add(ej);
                    release = release.min(self.es(j));
                    members.push(j);
                }
            }
            if e > 0 {
                let job = Job {
                    release: release as f64,
                    length: e as f64 / c as f64,
                    members,
                };
                jobs.push((g, job));
            }
        }
        if jobs.is_empty() {
            return None;
        }
        jobs.sort_by(|a, b| a.1.release.total_cmp(&b.1.release).then(a.0.cmp(&b.0)));
        let mut own = vec![None; self.problem.goals().len()];
        for (k, (g, _)) in jobs.iter().enumerate() {
            own[*g] = Some(k);
        }
        let team = Team {
            jobs: jobs.into_iter().map(|p| p.1).collect(),
            riders: Vec::new(),
        };
        Some((team, own))
    }
}
