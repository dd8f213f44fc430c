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

    /// Start of every activity in the current schedule.
    pub fn starts(&self) -> &[u32] {
        &self.start
    }

    /// Mode of every activity in the current schedule.
    pub fn modes(&self) -> &[usize] {
        &self.mode
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
        let stability = problem.stability_term(|a| self.start[a.index()]);
        let base = match problem.objective() {
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
        };
        base + stability
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
pub(crate) mod tests;
