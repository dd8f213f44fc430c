//! The multi-mode serial schedule generation scheme (SGS) and
//! forward-backward improvement.
//!
//! # Theoretical
//! An *activity list* is an order of the activities in which every
//! predecessor comes before its successors. The serial SGS takes the
//! activities in list order and starts each at the earliest day
//! `t >= ES(j) = max(release(j), max_{(i,j,lag)} F(i) + lag)` such that, for
//! every day `t .. t + d(j) - 1` and every resource `r`, the units already in
//! use plus the demand fit the capacity `c_r(day)` of that day. The result is
//! an *active* schedule, and for a regular objective (makespan, weighted goal
//! finishes) some activity list decodes to an optimal one (Kolisch, 1996).
//! With several modes, an activity without a fixed mode takes the mode with
//! the earliest finish (ties: least energy `d * sum demands`, then the lowest
//! index). Pinned activities are placed first with their pinned start and
//! mode, even if that overloads a resource: the pin wins.
//!
//! *Forward-backward improvement* (double justification): given a schedule
//! with makespan `T`, take the activities by decreasing finish and place each
//! as late as possible, finishing by `T` and before its successors' (new)
//! starts minus lags, in the same mode; then take them by increasing new start
//! and place each as early as possible. By induction on the list, the
//! backward pass finishes every activity no earlier than before and the
//! forward pass starts every activity no later than the backward pass did:
//! the days an activity occupied stay free of the activities placed before
//! it, per day, so the argument holds with time-varying capacity too. The
//! makespan never grows; the weighted objective may, so the result is kept
//! only when it improves.
//!
//! # Practical
//! [`Sgs`] owns per-resource `used` and `capacity` arrays indexed by day,
//! grown on demand (capacity materialised from the [`Calendar`] steps) and
//! cleared only up to the last used day between decodes, so decoding does not
//! allocate once the arrays have reached the schedule's horizon. Each
//! resource keeps `first_free`, the first day with spare capacity: no
//! activity using it can start earlier, which skips saturated stretches. The
//! earliest start is found by one forward scan counting consecutive feasible
//! days; a mode whose finish cannot beat the best mode so far is abandoned as
//! soon as that is clear.
//!
//! # Bibliography
//! - Kolisch, *Serial and parallel resource-constrained project scheduling
//!   methods revisited: theory and computation*, EJOR 90 (1996).
//! - Valls, Ballestín & Quintanilla, *Justification and RCPSP: a technique
//!   that pays*, EJOR 165 (2005).
//!
//! [`Calendar`]: crate::Calendar

use std::collections::VecDeque;

use crate::model::{ActivityId, Demand, GoalId, Mode, Objective, Problem, Resource};
use crate::schedule::{Assignment, Schedule, weighted_objective};

/// Per-day resource usage against time-varying capacity.
#[derive(Debug)]
struct Profile<'p> {
    resources: &'p [Resource],
    /// Days `0..len` are materialised in `cap` and `used`.
    len: usize,
    /// Days `hi..` have no usage.
    hi: usize,
    cap: Vec<Vec<u32>>,
    used: Vec<Vec<u32>>,
    /// First day with spare capacity (among materialised days) per resource.
    first_free: Vec<u32>,
    /// No start is ever searched beyond this day (see [`Problem::horizon`]).
    limit: u64,
}

impl<'p> Profile<'p> {
    fn new(resources: &'p [Resource], limit: u64) -> Self {
        let nr = resources.len();
        let mut p = Self {
            resources,
            len: 0,
            hi: 0,
            cap: vec![Vec::new(); nr],
            used: vec![Vec::new(); nr],
            first_free: vec![0; nr],
            limit,
        };
        p.grow(64);
        p.reset();
        p
    }

    /// Materialises days up to `upto` (exclusive) at least.
    fn grow(&mut self, upto: usize) {
        if upto <= self.len {
            return;
        }
        let new_len = upto.max(self.len * 2).max(64);
        for (r, res) in self.resources.iter().enumerate() {
            let cap = &mut self.cap[r];
            let steps = res.capacity.steps();
            let mut day = self.len;
            for (i, &(_, c)) in steps.iter().enumerate() {
                let to = steps.get(i + 1).map_or(usize::MAX, |s| s.0 as usize);
                if to <= day {
                    continue;
                }
                let end = to.min(new_len);
                cap.extend(std::iter::repeat_n(c, end - day));
                day = end;
                if day >= new_len {
                    break;
                }
            }
            if cap.len() < new_len {
                // unreachable with well-formed calendars (the last step lasts for ever)
                cap.resize(new_len, res.capacity.base());
            }
            self.used[r].resize(new_len, 0);
        }
        self.len = new_len;
    }

    fn reset(&mut self) {
        for r in 0..self.resources.len() {
            self.used[r][..self.hi].fill(0);
            self.first_free[r] = 0;
            self.advance(r);
        }
        self.hi = 0;
    }

    fn advance(&mut self, r: usize) {
        let (cap, used) = (&self.cap[r], &self.used[r]);
        let mut d = self.first_free[r] as usize;
        while d < self.len && used[d] >= cap[d] {
            d += 1;
        }
        self.first_free[r] = d as u32;
    }

    /// Spare units of `r` on `day`.
    #[inline]
    fn spare(&self, r: usize, day: u64) -> u32 {
        let d = day as usize;
        if d < self.len {
            self.cap[r][d].saturating_sub(self.used[r][d])
        } else {
            self.resources[r]
                .capacity
                .at(day.min(u64::from(u32::MAX)) as u32)
        }
    }

    #[inline]
    fn fits(&self, demands: &[Demand], day: u64) -> bool {
        demands
            .iter()
            .all(|d| d.amount == 0 || self.spare(d.resource.index(), day) >= d.amount)
    }

    /// Earliest start `>= es` with finish `<= max_finish`, or `None`.
    fn earliest(&self, mode: &Mode, es: u32, max_finish: u64) -> Option<u32> {
        let d = u64::from(mode.duration);
        let mut s = u64::from(es);
        if d == 0 || mode.demands.iter().all(|x| x.amount == 0) {
            return (s + d <= max_finish).then_some(es);
        }
        for x in &mode.demands {
            if x.amount > 0 {
                s = s.max(u64::from(self.first_free[x.resource.index()]));
            }
        }
        let max_finish = max_finish.min(self.limit + d);
        let mut x = s;
        while x < s + d {
            if s + d > max_finish {
                return None;
            }
            if self.fits(&mode.demands, x) {
                x += 1;
            } else {
                s = x + 1;
                x = s;
            }
        }
        if s + d > max_finish {
            return None;
        }
        u32::try_from(s).ok()
    }

    /// Latest start `>= min_start` with finish `<= lf`, or `None`.
    fn latest(&self, mode: &Mode, lf: u32, min_start: u32) -> Option<u32> {
        let d = mode.duration;
        if lf < min_start || lf - min_start < d {
            return None;
        }
        if d == 0 || mode.demands.iter().all(|x| x.amount == 0) {
            return Some(lf - d);
        }
        // candidate finish `f`; days `x..f` are known to fit
        let mut f = lf;
        let mut x = f;
        while f - x < d {
            let day = x - 1;
            if self.fits(&mode.demands, u64::from(day)) {
                x = day;
            } else {
                f = day;
                x = f;
                if f < min_start || f - min_start < d {
                    return None;
                }
            }
        }
        Some(f - d)
    }

    /// Adds a mode's demands on days `start .. start + duration`.
    fn add(&mut self, mode: &Mode, start: u32) {
        let (s, f) = (start as usize, start as usize + mode.duration as usize);
        if s == f {
            return;
        }
        self.grow(f);
        self.hi = self.hi.max(f);
        for x in &mode.demands {
            if x.amount == 0 {
                continue;
            }
            let r = x.resource.index();
            for u in &mut self.used[r][s..f] {
                *u += x.amount;
            }
            if (self.first_free[r] as usize) >= s {
                self.advance(r);
            }
        }
    }
}

/// A reusable serial schedule generator for one problem.
///
/// Decode an activity list with [`Sgs::decode`], improve the result with
/// [`Sgs::justify`], read it with [`Sgs::objective`] or [`Sgs::schedule`].
/// The generator keeps its buffers between decodes, so a search loop does not
/// allocate.
///
/// ```
/// use tandem::{Analysis, Calendar, PriorityRule, ProblemBuilder, Sgs};
/// let mut b = ProblemBuilder::new();
/// let t = b.resource("t", Calendar::constant(1));
/// let a = b.plan_task("a", None, &[(t, 3.0)], 1, 1, 0);
/// let c = b.plan_task("c", None, &[(t, 2.0)], 1, 1, 0);
/// let p = b.build().unwrap();
/// let cpm = Analysis::new(&p);
/// let mut sgs = Sgs::new(&p);
/// sgs.decode(&PriorityRule::Lft.activity_list(&p, &cpm), None);
/// assert_eq!(sgs.makespan(), 5); // one person: 3 + 2 days
/// let schedule = sgs.schedule();
/// assert_eq!(schedule.finish(&p, a).max(schedule.finish(&p, c)), 5);
/// ```
#[derive(Debug)]
pub struct Sgs<'p> {
    problem: &'p Problem,
    profile: Profile<'p>,
    start: Vec<u32>,
    finish: Vec<u32>,
    mode: Vec<usize>,
    objective: f64,
    /// Pinned activities.
    pinned: Vec<ActivityId>,
    /// Unpinned activities (scratch order for justification).
    order: Vec<ActivityId>,
    /// Position of each activity in a fixed topological order (tie-breaks).
    topo: Vec<u32>,
    goal_finish: Vec<u32>,
    saved_start: Vec<u32>,
    saved_finish: Vec<u32>,
    saved_mode: Vec<usize>,
}

impl<'p> Sgs<'p> {
    /// A generator for `problem`.
    pub fn new(problem: &'p Problem) -> Self {
        let n = problem.len();
        let limit = problem.horizon();
        let pinned: Vec<ActivityId> = problem
            .activity_ids()
            .filter(|&a| problem.activity(a).pin.is_some())
            .collect();
        let order: Vec<ActivityId> = problem
            .activity_ids()
            .filter(|&a| problem.activity(a).pin.is_none())
            .collect();
        let mut s = Self {
            problem,
            profile: Profile::new(problem.resources(), limit),
            start: vec![0; n],
            finish: vec![0; n],
            mode: vec![0; n],
            objective: 0.0,
            pinned,
            order,
            topo: topological_positions(problem),
            goal_finish: vec![0; problem.goals().len()],
            saved_start: vec![0; n],
            saved_finish: vec![0; n],
            saved_mode: vec![0; n],
        };
        s.objective = s.compute_objective();
        s
    }

    /// Decodes an activity list (every activity once, predecessors first)
    /// into a schedule and returns its objective. `modes[i]`, when given and
    /// a valid mode index of activity `i`, fixes its mode; otherwise (no
    /// `modes`, or e.g. `usize::MAX`) the activity takes its earliest-finishing
    /// mode. Pinned activities keep their pin either way.
    pub fn decode(&mut self, list: &[ActivityId], modes: Option<&[usize]>) -> f64 {
        self.begin();
        let problem = self.problem;
        for &a in list {
            let fixed = modes
                .and_then(|m| m.get(a.index()).copied())
                .filter(|&m| m < problem.activity(a).modes.len());
            self.place_forward(a, fixed);
        }
        self.objective = self.compute_objective();
        self.objective
    }

    /// One forward-backward improvement pass on the current schedule (see the
    /// module docs). Keeps the new schedule and returns `true` only if its
    /// objective is strictly better.
    pub fn justify(&mut self) -> bool {
        if self.order.is_empty() {
            return false;
        }
        self.saved_start.copy_from_slice(&self.start);
        self.saved_finish.copy_from_slice(&self.finish);
        self.saved_mode.copy_from_slice(&self.mode);
        let before = self.objective;
        if !self.backward() {
            self.restore(before);
            return false;
        }
        // forward: by increasing right-justified start
        let (start, topo) = (&self.start, &self.topo);
        self.order
            .sort_unstable_by_key(|a| (start[a.index()], topo[a.index()]));
        self.begin();
        for i in 0..self.order.len() {
            let a = self.order[i];
            self.place_forward(a, Some(self.mode[a.index()]));
        }
        self.objective = self.compute_objective();
        if self.objective < before {
            true
        } else {
            self.restore(before);
            false
        }
    }

    /// Repeats [`Sgs::justify`] while it improves, at most `passes` times;
    /// returns the final objective.
    pub fn improve(&mut self, passes: usize) -> f64 {
        for _ in 0..passes {
            if !self.justify() {
                break;
            }
        }
        self.objective
    }

    /// Objective of the current schedule (as [`Schedule::objective`]).
    pub fn objective(&self) -> f64 {
        self.objective
    }

    /// Makespan of the current schedule.
    pub fn makespan(&self) -> u32 {
        self.finish.iter().copied().max().unwrap_or(0)
    }

    /// The current schedule.
    pub fn schedule(&self) -> Schedule {
        Schedule::new(
            self.start
                .iter()
                .zip(&self.mode)
                .map(|(&start, &mode)| Assignment { start, mode })
                .collect(),
        )
    }

    /// Clears the profile and places the pinned activities.
    fn begin(&mut self) {
        self.profile.reset();
        for &a in &self.pinned {
            let act = self.problem.activity(a);
            if let Some(pin) = act.pin {
                let i = a.index();
                let mode = &act.modes[pin.mode];
                self.profile.add(mode, pin.start);
                self.start[i] = pin.start;
                self.mode[i] = pin.mode;
                self.finish[i] = pin.start + mode.duration;
            }
        }
    }

    /// Starts `a` as early as possible after its (already placed) predecessors.
    fn place_forward(&mut self, a: ActivityId, fixed: Option<usize>) {
        let problem = self.problem;
        let act = problem.activity(a);
        if act.pin.is_some() {
            return;
        }
        let mut es = act.release;
        for &(p, lag) in problem.predecessors(a) {
            es = es.max(self.finish[p.index()].saturating_add(lag));
        }
        let (start, m) = match fixed {
            Some(m) => (self.profile.earliest(&act.modes[m], es, u64::MAX), m),
            None => {
                // earliest finish, then least energy, then lowest index
                let mut best: Option<(u64, u64, usize, u32)> = None;
                for (m, mode) in act.modes.iter().enumerate() {
                    let energy = mode.energy();
                    let max_finish = match best {
                        None => u64::MAX,
                        Some((f, e, _, _)) if energy < e => f,
                        Some((0, _, _, _)) => continue,
                        Some((f, _, _, _)) => f - 1,
                    };
                    if let Some(s) = self.profile.earliest(mode, es, max_finish) {
                        best = Some((u64::from(s) + u64::from(mode.duration), energy, m, s));
                    }
                }
                match best {
                    Some((_, _, m, s)) => (Some(s), m),
                    None => (None, 0),
                }
            }
        };
        // `None` only if a demand exceeds the base capacity, which the builder rejects
        let start = start.unwrap_or(es);
        let mode = &act.modes[m];
        self.profile.add(mode, start);
        let i = a.index();
        self.start[i] = start;
        self.mode[i] = m;
        self.finish[i] = start + mode.duration;
    }

    /// Right-justifies the current schedule before its makespan; `false` if
    /// some activity cannot be placed (only possible around pins).
    fn backward(&mut self) -> bool {
        let problem = self.problem;
        let deadline = self.makespan();
        let (finish, topo) = (&self.finish, &self.topo);
        self.order.sort_unstable_by_key(|a| {
            (
                std::cmp::Reverse(finish[a.index()]),
                std::cmp::Reverse(topo[a.index()]),
            )
        });
        self.begin();
        for k in 0..self.order.len() {
            let a = self.order[k];
            let i = a.index();
            let act = problem.activity(a);
            let mut lf = deadline;
            for &(s, lag) in problem.successors(a) {
                match self.start[s.index()].checked_sub(lag) {
                    Some(t) => lf = lf.min(t),
                    None => return false,
                }
            }
            let mode = &act.modes[self.mode[i]];
            let Some(start) = self.profile.latest(mode, lf, act.release) else {
                return false;
            };
            self.profile.add(mode, start);
            self.start[i] = start;
            self.finish[i] = start + mode.duration;
        }
        true
    }

    fn restore(&mut self, objective: f64) {
        self.start.copy_from_slice(&self.saved_start);
        self.finish.copy_from_slice(&self.saved_finish);
        self.mode.copy_from_slice(&self.saved_mode);
        self.objective = objective;
    }

    fn compute_objective(&mut self) -> f64 {
        let problem = self.problem;
        match problem.objective() {
            Objective::Makespan => f64::from(self.makespan()),
            Objective::Weighted { lateness_weight } => {
                for (g, f) in self.goal_finish.iter_mut().enumerate() {
                    *f = problem
                        .goal_members(GoalId::from_index(g))
                        .iter()
                        .map(|a| self.finish[a.index()])
                        .max()
                        .unwrap_or(0);
                }
                weighted_objective(problem, &self.goal_finish, lateness_weight)
            }
        }
    }
}

/// Position of each activity in Kahn's topological order (smallest index first).
fn topological_positions(problem: &Problem) -> Vec<u32> {
    let n = problem.len();
    let mut indeg: Vec<usize> = problem
        .activity_ids()
        .map(|a| problem.predecessors(a).len())
        .collect();
    let mut queue: VecDeque<ActivityId> = problem
        .activity_ids()
        .filter(|a| indeg[a.index()] == 0)
        .collect();
    let mut pos = vec![0u32; n];
    let mut k = 0u32;
    while let Some(a) = queue.pop_front() {
        pos[a.index()] = k;
        k += 1;
        for &(s, _) in problem.successors(a) {
            indeg[s.index()] -= 1;
            if indeg[s.index()] == 0 {
                queue.push_back(s);
            }
        }
    }
    pos
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::graph::Analysis;
    use crate::model::{Activity, Calendar, Pin, ProblemBuilder};
    use crate::solve::rng::Rng;
    use crate::solve::rules::PriorityRule;

    /// Independent feasibility check: pins, releases, precedences with lags,
    /// capacity on every day. Returns the first violation found.
    pub(crate) fn violation(p: &Problem, s: &Schedule) -> Option<String> {
        if s.assignments().len() != p.len() {
            return Some("wrong length".into());
        }
        let mut horizon = 0u32;
        for a in p.activity_ids() {
            let act = p.activity(a);
            let asg = s.get(a);
            if asg.mode >= act.modes.len() {
                return Some(format!("{a}: bad mode"));
            }
            horizon = horizon.max(s.finish(p, a));
            if let Some(pin) = act.pin {
                if asg.start != pin.start || asg.mode != pin.mode {
                    return Some(format!("{a}: pin moved"));
                }
                continue;
            }
            if asg.start < act.release {
                return Some(format!("{a}: starts before release"));
            }
            for &(b, lag) in p.predecessors(a) {
                if asg.start < s.finish(p, b) + lag {
                    return Some(format!("{a}: starts before {b} + {lag}"));
                }
            }
        }
        for (r, res) in p.resources().iter().enumerate() {
            for day in 0..horizon {
                let used: u32 = p
                    .activity_ids()
                    .filter(|&a| s.start(a) <= day && day < s.finish(p, a))
                    .flat_map(|a| s.mode(p, a).demands.iter())
                    .filter(|d| d.resource.index() == r)
                    .map(|d| d.amount)
                    .sum();
                let pinned: u32 = p
                    .activity_ids()
                    .filter(|&a| p.activity(a).pin.is_some())
                    .filter(|&a| s.start(a) <= day && day < s.finish(p, a))
                    .flat_map(|a| s.mode(p, a).demands.iter())
                    .filter(|d| d.resource.index() == r)
                    .map(|d| d.amount)
                    .sum();
                // pins may overload on their own; nothing else may add to that
                if used > res.capacity.at(day).max(pinned) {
                    return Some(format!("resource {r} overloaded on day {day}: {used}"));
                }
            }
        }
        None
    }

    /// A random acyclic problem: `n` activities, 2 resources with a vacation,
    /// some lags and releases, `modes` modes per activity.
    pub(crate) fn random_problem(
        seed: u64,
        n: usize,
        modes: usize,
        objective: Objective,
    ) -> Problem {
        let mut rng = Rng::new(seed);
        let mut b = ProblemBuilder::new();
        b.objective(objective);
        let mut res = Vec::new();
        for r in 0..2 {
            let base = 2 + rng.below(3) as u32;
            let mut cal = Calendar::constant(base);
            let from = rng.below(10) as u32;
            cal.set(
                from,
                from + rng.below(4) as u32,
                rng.below(base as usize) as u32,
            );
            res.push(b.resource(format!("r{r}"), cal));
        }
        let goals: Vec<_> = (0..3)
            .map(|g| {
                let due = (rng.below(2) == 0).then(|| 5 + rng.below(20) as u32);
                b.goal(format!("g{g}"), 1.0 + rng.below(5) as f64, due)
            })
            .collect();
        let ids: Vec<ActivityId> = (0..n)
            .map(|i| {
                let modes = (0..modes)
                    .map(|_| Mode {
                        duration: rng.below(5) as u32,
                        demands: res
                            .iter()
                            .map(|&r| Demand {
                                resource: r,
                                amount: rng.below(3) as u32,
                            })
                            .collect(),
                    })
                    .collect();
                b.activity(Activity {
                    id: format!("a{i}"),
                    name: None,
                    goal: Some(goals[rng.below(goals.len())]),
                    release: if rng.below(4) == 0 {
                        rng.below(8) as u32
                    } else {
                        0
                    },
                    modes,
                    spec: None,
                    pin: None,
                })
            })
            .collect();
        for j in 1..n {
            for i in 0..j {
                if rng.below(n) < 2 {
                    b.precedence(
                        ids[i],
                        ids[j],
                        if rng.below(3) == 0 {
                            1 + rng.below(3) as u32
                        } else {
                            0
                        },
                    );
                }
            }
        }
        b.build().expect("random problems are valid")
    }

    fn decode_lft(p: &Problem) -> Schedule {
        let cpm = Analysis::new(p);
        let mut sgs = Sgs::new(p);
        sgs.decode(&PriorityRule::Lft.activity_list(p, &cpm), None);
        let s = sgs.schedule();
        assert_eq!(sgs.objective(), s.objective(p));
        s
    }

    #[test]
    fn vacation_forces_a_gap() {
        let mut b = ProblemBuilder::new();
        let mut cal = Calendar::constant(1);
        cal.set(2, 4, 0);
        let t = b.resource("t", cal);
        let long = b.plan_task("long", None, &[(t, 3.0)], 1, 1, 0);
        let short = b.plan_task("short", None, &[(t, 2.0)], 1, 1, 0);
        b.precedence(short, long, 0);
        let p = b.build().unwrap();
        let s = decode_lft(&p);
        assert_eq!(violation(&p, &s), None);
        assert_eq!(s.start(short), 0);
        // 3 days do not fit on day 2 (vacation 2..=4): wait for day 5
        assert_eq!(s.start(long), 5);
        assert_eq!(s.makespan(&p), 8);
    }

    #[test]
    fn lags_and_releases_are_honoured() {
        let mut b = ProblemBuilder::new();
        let t = b.resource("t", Calendar::constant(5));
        let a = b.plan_task("a", None, &[(t, 2.0)], 1, 1, 0);
        let c = b.plan_task("c", None, &[(t, 1.0)], 1, 1, 0);
        let d = b.plan_task("d", None, &[(t, 1.0)], 1, 1, 6);
        b.precedence(a, c, 3);
        let p = b.build().unwrap();
        let s = decode_lft(&p);
        assert_eq!(violation(&p, &s), None);
        assert_eq!((s.start(a), s.start(c), s.start(d)), (0, 5, 6));
    }

    #[test]
    fn pins_win_even_when_they_overload() {
        let mut b = ProblemBuilder::new();
        let t = b.resource("t", Calendar::constant(2));
        let x = b.plan_task("x", None, &[(t, 4.0)], 1, 2, 0);
        let y = b.plan_task("y", None, &[(t, 4.0)], 2, 2, 0);
        let z = b.plan_task("z", None, &[(t, 2.0)], 1, 1, 0);
        b.pin(x, Pin { start: 3, mode: 0 }); // 1 person, days 3..7
        b.pin(y, Pin { start: 1, mode: 0 }); // 2 people, days 1..3 (overload day 3..3? no: 1..3)
        let p = b.build().unwrap();
        let s = decode_lft(&p);
        assert_eq!(violation(&p, &s), None);
        assert_eq!(s.get(x), Assignment { start: 3, mode: 0 });
        assert_eq!(s.get(y), Assignment { start: 1, mode: 0 });
        // z needs 1 person for 2 days: day 0 is free but day 1 is not; from day 3 one is free
        assert_eq!(s.start(z), 3);
        let mut sgs = Sgs::new(&p);
        sgs.decode(&[z, x, y], None);
        sgs.improve(4);
        assert_eq!(violation(&p, &sgs.schedule()), None);
    }

    #[test]
    fn overloading_pins_are_kept() {
        let mut b = ProblemBuilder::new();
        let t = b.resource("t", Calendar::constant(1));
        let x = b.plan_task("x", None, &[(t, 2.0)], 1, 1, 0);
        let y = b.plan_task("y", None, &[(t, 2.0)], 1, 1, 0);
        let z = b.plan_task("z", None, &[(t, 1.0)], 1, 1, 0);
        b.pin(x, Pin { start: 0, mode: 0 });
        b.pin(y, Pin { start: 1, mode: 0 }); // day 1: two people on a team of one
        let p = b.build().unwrap();
        let s = decode_lft(&p);
        assert_eq!((s.start(x), s.start(y), s.start(z)), (0, 1, 3));
    }

    #[test]
    fn multi_mode_takes_the_shorter_crew_when_it_fits() {
        let mut b = ProblemBuilder::new();
        let t = b.resource("t", Calendar::constant(3));
        let a = b.plan_task("a", None, &[(t, 6.0)], 1, 3, 0);
        let p = b.build().unwrap();
        let s = decode_lft(&p);
        assert_eq!(s.mode(&p, a).crew().map(|c| c.amount), Some(3));
        assert_eq!(s.finish(&p, a), 2);

        // two of the three people are busy until day 10: one person is faster
        let mut b = ProblemBuilder::new();
        let t = b.resource("t", Calendar::constant(3));
        let busy = b.plan_task("busy", None, &[(t, 20.0)], 2, 2, 0);
        b.pin(busy, Pin { start: 0, mode: 0 });
        let a = b.plan_task("a", None, &[(t, 6.0)], 1, 3, 0);
        let p = b.build().unwrap();
        let s = decode_lft(&p);
        assert_eq!(violation(&p, &s), None);
        assert_eq!(s.mode(&p, a).crew().map(|c| c.amount), Some(1));
        assert_eq!(s.finish(&p, a), 6);
    }

    #[test]
    fn milestones_need_no_capacity() {
        let mut b = ProblemBuilder::new();
        let mut cal = Calendar::constant(1);
        cal.set(0, 9, 0);
        let t = b.resource("t", cal);
        let m = b.plan_task("m", None, &[(t, 0.0)], 1, 1, 2);
        let p = b.build().unwrap();
        let s = decode_lft(&p);
        assert_eq!((s.start(m), s.finish(&p, m)), (2, 2));
    }

    #[test]
    fn decoding_with_fixed_modes_keeps_them() {
        let p = random_problem(3, 12, 3, Objective::Makespan);
        let cpm = Analysis::new(&p);
        let list = PriorityRule::Lst.activity_list(&p, &cpm);
        let modes: Vec<usize> = (0..p.len()).map(|i| i % 3).collect();
        let mut sgs = Sgs::new(&p);
        sgs.decode(&list, Some(&modes));
        let s = sgs.schedule();
        assert_eq!(violation(&p, &s), None);
        assert!(
            s.assignments()
                .iter()
                .zip(&modes)
                .all(|(a, &m)| a.mode == m)
        );
        // out-of-range entries leave the choice free
        let free = sgs.decode(&list, Some(&vec![usize::MAX; p.len()]));
        let free_schedule = sgs.schedule();
        assert_eq!(free, sgs.decode(&list, None));
        assert_eq!(free_schedule, sgs.schedule());
    }

    #[test]
    fn justification_is_feasible_and_never_worse() {
        let mut improved = 0;
        for seed in 0..40 {
            let objective = if seed % 2 == 0 {
                Objective::Makespan
            } else {
                Objective::default()
            };
            let mut p = random_problem(seed, 14, 1 + (seed as usize % 3), objective);
            if seed % 3 == 0 {
                // pins anywhere, even against precedences and capacity
                p.activities[2].pin = Some(Pin { start: 4, mode: 0 });
                p.activities[9].pin = Some(Pin { start: 1, mode: 0 });
            }
            let cpm = Analysis::new(&p);
            let mut sgs = Sgs::new(&p);
            for rule in PriorityRule::WEIGHTED {
                let before = sgs.decode(&rule.activity_list(&p, &cpm), None);
                let makespan = sgs.makespan();
                let after = sgs.improve(5);
                let s = sgs.schedule();
                assert_eq!(violation(&p, &s), None, "seed {seed} rule {rule:?}");
                assert!(after <= before);
                improved += usize::from(after < before);
                assert_eq!(after, s.objective(&p));
                if objective == Objective::Makespan {
                    assert!(sgs.makespan() <= makespan);
                }
            }
        }
        assert!(improved > 0, "justification never helped");
    }
}
