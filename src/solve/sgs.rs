//! The multi-mode serial schedule generation scheme (SGS) and
//! forward-backward improvement.
//!
//! # Theoretical
//! An *activity list* is an order of the activities in which every
//! predecessor comes before its successors. The serial SGS takes the
//! activities in list order and starts each at the earliest day
//! `t >= ES(j) = max(release(j), max_{(i,j,lag)} F(i) + lag, 0)` such that, for
//! every day `t .. t + d(j) - 1` and every resource `r`, the units already in
//! use plus the demand fit the capacity `c_r(day)` of that day. The result is
//! an *active* schedule, and for a regular objective (makespan, weighted goal
//! finishes) some activity list decodes to an optimal one (Kolisch, 1996).
//! With several modes, an activity without a fixed mode takes the mode with
//! the earliest finish (ties: least energy `d * sum demands`, then the lowest
//! index). Pinned activities are placed first with their pinned start and
//! mode, even if that overloads a resource: the pin wins.
//!
//! A lag may be negative (a lead): `F(i) + lag` is then taken with its sign
//! and clamped at day 0, and a successor may start before its predecessor.
//! A list sorted by start (the genetic search's write-back) is then not
//! always in precedence order; [`Sgs::decode`] takes such a list in its
//! nearest precedence order (each activity as soon as its predecessors are
//! listed). With leads the active schedules such lists decode to need not
//! include an optimal one (a successor placed after its predecessor cannot
//! take the slot before it that the predecessor took): the decoder stays a
//! heuristic, exact searches (`exhaustive_optimum`, the time-indexed MILP)
//! do not rely on it.
//!
//! *Forward-backward improvement* (double justification): given a schedule
//! with makespan `T`, take the activities by decreasing finish and place each
//! as late as possible, finishing by `T` and before its successors' (new)
//! starts minus lags, in the same mode; then take them by increasing new start
//! and place each as early as possible. (With leads a successor may come
//! later in these orders than its predecessor; the pass then reads its
//! start, or its predecessor's finish, from the schedule before, which only
//! moves the other way, so every lag still holds.) By induction on the list, the
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

use crate::model::{ActivityId, GoalId, Objective, Problem, Resource};
use crate::schedule::{Assignment, Schedule, weighted_objective};

/// One nonzero demand of a mode, compacted for the inner loop.
#[derive(Clone, Copy, Debug)]
struct Load {
    resource: u32,
    amount: u32,
}

/// Per-day spare capacity against time-varying capacity, day-major: the
/// spare units of resource `r` on day `d` are at `(d - origin) * nr + r`,
/// so the check of one day for all of a mode's demands reads one cache
/// line. Days before `origin` (the earliest release of an activity that
/// is placed: a re-plan's today) are never searched, so they are not
/// stored: a re-plan on day 2,000,000 costs what one on day 0 does.
#[derive(Debug)]
struct Profile<'p> {
    resources: &'p [Resource],
    nr: usize,
    /// The first stored day.
    origin: usize,
    /// Days `origin..len` are materialised in `cap` and `free`.
    len: usize,
    /// Days `hi..` have no usage (`free == cap`).
    hi: usize,
    cap: Vec<u32>,
    /// Spare units (capacity minus usage, 0 when a pin overloads).
    free: Vec<u32>,
    /// First day with spare capacity (among materialised days) per resource.
    first_free: Vec<u32>,
    /// No start is ever searched beyond this day (see [`Problem::horizon`]).
    limit: u64,
}

impl<'p> Profile<'p> {
    fn new(resources: &'p [Resource], limit: u64, origin: u32) -> Self {
        let nr = resources.len();
        let origin = origin as usize;
        let mut p = Self {
            resources,
            nr,
            origin,
            len: origin,
            hi: origin,
            cap: Vec::new(),
            free: Vec::new(),
            first_free: vec![0; nr],
            limit,
        };
        p.grow(origin + 64);
        p.reset();
        p
    }

    /// Index of resource 0 on (stored) `day` in `cap` and `free`.
    #[inline]
    fn at(&self, day: usize) -> usize {
        (day - self.origin) * self.nr
    }

    /// Materialises days up to `upto` (exclusive) at least.
    #[cold]
    fn grow_to(&mut self, upto: usize) {
        let stored = self.len - self.origin;
        let new_len = upto.max(self.origin + stored * 2).max(self.origin + 64);
        let nr = self.nr;
        let o = self.origin;
        self.cap.resize((new_len - o) * nr, 0);
        for (r, res) in self.resources.iter().enumerate() {
            let steps = res.capacity.steps();
            let mut day = self.len;
            for (i, &(_, c)) in steps.iter().enumerate() {
                let to = steps.get(i + 1).map_or(usize::MAX, |s| s.0 as usize);
                if to <= day {
                    continue;
                }
                let end = to.min(new_len);
                for d in day..end {
                    self.cap[(d - o) * nr + r] = c;
                }
                day = end;
                if day >= new_len {
                    break;
                }
            }
            // unreachable with well-formed calendars (the last step lasts for ever)
            for d in day..new_len {
                self.cap[(d - o) * nr + r] = res.capacity.base();
            }
        }
        let old = (self.len - o) * nr;
        self.free.extend_from_slice(&self.cap[old..]);
        self.len = new_len;
    }

    #[inline]
    fn grow(&mut self, upto: usize) {
        if upto > self.len {
            self.grow_to(upto);
        }
    }

    fn reset(&mut self) {
        let k = self.at(self.hi);
        self.free[..k].copy_from_slice(&self.cap[..k]);
        self.hi = self.origin;
        for r in 0..self.nr {
            self.first_free[r] = self.origin as u32;
            self.advance(r);
        }
    }

    fn advance(&mut self, r: usize) {
        let mut d = self.first_free[r] as usize;
        while d < self.len && self.free[self.at(d) + r] == 0 {
            d += 1;
        }
        self.first_free[r] = d as u32;
    }

    /// Whether every load fits on materialised `day`.
    #[inline]
    fn fits(&self, loads: &[Load], day: usize) -> bool {
        let i = self.at(day);
        let row = &self.free[i..i + self.nr];
        loads.iter().all(|x| row[x.resource as usize] >= x.amount)
    }

    /// Earliest start `>= es` with finish `<= max_finish`, or `None`.
    ///
    /// Each window `s .. s + d` is checked from its last day down, and only
    /// down to the days a previous window already found free: a busy day
    /// `y` moves the window to `y + 1` at once, so a long busy stretch is
    /// crossed `d` days per check instead of one.
    fn earliest(&mut self, loads: &[Load], duration: u32, es: u32, max_finish: u64) -> Option<u32> {
        let d = u64::from(duration);
        let mut s = u64::from(es);
        if d == 0 || loads.is_empty() {
            return (s + d <= max_finish).then_some(es);
        }
        s = s.max(self.origin as u64);
        for x in loads {
            s = s.max(u64::from(self.first_free[x.resource as usize]));
        }
        let max_finish = max_finish.min(self.limit + d);
        // days `s .. free_until` are known to fit
        let mut free_until = s;
        loop {
            if s + d > max_finish {
                return None;
            }
            let end = s + d;
            if end as usize > self.len {
                self.grow(end as usize);
            }
            let mut y = end;
            let mut busy = None;
            while y > free_until {
                y -= 1;
                if !self.fits(loads, y as usize) {
                    busy = Some(y);
                    break;
                }
            }
            match busy {
                None => return u32::try_from(s).ok(),
                Some(y) => {
                    s = y + 1;
                    free_until = end.max(s);
                }
            }
        }
    }

    /// Latest start `>= min_start` with finish `<= lf`, or `None`.
    fn latest(&mut self, loads: &[Load], d: u32, lf: u32, min_start: u32) -> Option<u32> {
        if lf < min_start || lf - min_start < d {
            return None;
        }
        if d == 0 || loads.is_empty() {
            return Some(lf - d);
        }
        let min_start = min_start.max(self.origin as u32);
        if lf < min_start || lf - min_start < d {
            return None;
        }
        self.grow(lf as usize);
        // candidate finish `f`; days `x..f` are known to fit
        let mut f = lf;
        let mut x = f;
        while f - x < d {
            let day = x - 1;
            if self.fits(loads, day as usize) {
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

    /// Removes loads added on days `start .. start + duration`.
    fn remove(&mut self, loads: &[Load], duration: u32, start: u32) {
        let f = start as usize + duration as usize;
        let s = (start as usize).max(self.origin);
        if s >= f {
            return;
        }
        let nr = self.nr;
        let base = self.at(s);
        for x in loads {
            let r = x.resource as usize;
            for k in 0..f - s {
                self.free[base + k * nr + r] += x.amount;
            }
            if x.amount > 0 {
                self.first_free[r] = self.first_free[r].min(s as u32);
            }
        }
    }

    /// Adds loads on days `start .. start + duration`.
    fn add(&mut self, loads: &[Load], duration: u32, start: u32) {
        let f = start as usize + duration as usize;
        let s = (start as usize).max(self.origin);
        if s >= f {
            return;
        }
        self.grow(f);
        self.hi = self.hi.max(f);
        let nr = self.nr;
        let base = self.at(s);
        for x in loads {
            let r = x.resource as usize;
            for k in 0..f - s {
                let v = &mut self.free[base + k * nr + r];
                *v = v.saturating_sub(x.amount);
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
/// use tandem::graph::Analysis;
/// use tandem::solve::{PriorityRule, Sgs};
/// use tandem::{Calendar, ProblemBuilder};
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
    table: LoadTable,
    start: Vec<u32>,
    finish: Vec<u32>,
    mode: Vec<usize>,
    objective: f64,
    /// Pinned activities.
    pinned: Vec<ActivityId>,
    /// Unpinned activities (scratch order for justification).
    order: Vec<ActivityId>,
    /// The unpinned activities in a fixed topological order (tie-breaks).
    topo_order: Vec<ActivityId>,
    /// Bucket counts of the justification's sorts.
    counts: Vec<u32>,
    goal_finish: Vec<u32>,
    saved_start: Vec<u32>,
    saved_finish: Vec<u32>,
    saved_mode: Vec<usize>,
    /// Some lag is negative: a list may need putting in precedence order.
    leads: bool,
    /// List positions (scratch of [`Sgs::in_order`]).
    position: Vec<u32>,
    /// The expected objective over the problem's training scenarios, if any.
    expected: Option<Box<Expected<'p>>>,
    /// Whether the expected objective may estimate a rating (see
    /// `replay::SCREEN`).
    screen: bool,
    /// Mode prices for activities without a fixed mode ([`prices`]); `None`:
    /// the earliest-finishing mode.
    prices: Option<prices::ModePrices>,
}

/// A resource profile saved by [`Sgs::save_profile`] (for resuming a
/// decode after a list prefix, [`Sgs::resume`]).
#[derive(Clone, Debug, Default)]
pub(crate) struct ProfileSnapshot {
    hi: usize,
    free: Vec<u32>,
    first_free: Vec<u32>,
}

impl<'p> Sgs<'p> {
    /// A generator for `problem`.
    pub fn new(problem: &'p Problem) -> Self {
        let n = problem.len();
        let limit = problem.horizon();
        let origin = first_placed_day(problem);
        let pinned: Vec<ActivityId> = problem
            .activity_ids()
            .filter(|&a| problem.activity(a).pin.is_some())
            .collect();
        let order: Vec<ActivityId> = problem
            .activity_ids()
            .filter(|&a| problem.activity(a).pin.is_none())
            .collect();
        let mut s = Self {
            prices: None,
            problem,
            profile: Profile::new(problem.resources(), limit, origin),
            table: LoadTable::new(problem),
            start: vec![0; n],
            finish: vec![0; n],
            mode: vec![0; n],
            objective: 0.0,
            pinned,
            order,
            topo_order: Vec::new(),
            counts: Vec::new(),
            goal_finish: vec![0; problem.goals().len()],
            saved_start: vec![0; n],
            saved_finish: vec![0; n],
            saved_mode: vec![0; n],
            leads: problem.has_leads(),
            position: Vec::new(),
            expected: None,
            screen: true,
        };
        let topo = topological_positions(problem);
        s.topo_order.clone_from(&s.order);
        s.topo_order.sort_unstable_by_key(|a| topo[a.index()]);
        s.objective = s.compute_objective();
        // rated over the scenarios from the first decode on
        s.expected = Expected::new(problem, topo).map(Box::new);
        s
    }

    /// Decodes an activity list (every activity once, predecessors first)
    /// into a schedule and returns its objective. `modes[i]`, when given and
    /// a valid mode index of activity `i`, fixes its mode; otherwise (no
    /// `modes`, or e.g. `usize::MAX`) the activity takes its earliest-finishing
    /// mode. Pinned activities keep their pin either way. When some lag is
    /// negative, a list not in precedence order (e.g. sorted by start) is
    /// decoded in its nearest one: each activity as soon as its
    /// predecessors are listed.
    pub fn decode(&mut self, list: &[ActivityId], modes: Option<&[usize]>) -> f64 {
        if self.leads && list.len() == self.problem.len() && !self.in_order(list) {
            let ordered = super::rules::in_precedence_order(self.problem, list.to_vec());
            return self.decode_ordered(&ordered, modes);
        }
        self.decode_ordered(list, modes)
    }

    /// True when `list` puts every predecessor before its successors.
    fn in_order(&mut self, list: &[ActivityId]) -> bool {
        let pos = &mut self.position;
        pos.clear();
        pos.resize(self.problem.len(), u32::MAX);
        for (k, a) in list.iter().enumerate() {
            pos[a.index()] = k as u32;
        }
        let problem = self.problem;
        problem
            .precedences()
            .iter()
            .all(|e| pos[e.from.index()] < pos[e.to.index()])
    }

    /// [`Sgs::decode`] of a list in precedence order.
    fn decode_ordered(&mut self, list: &[ActivityId], modes: Option<&[usize]>) -> f64 {
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
    /// [module docs](crate::solve::sgs)). Keeps the new schedule and returns `true` only if its
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
        // forward: by increasing right-justified start (ties: topological)
        let start = &self.start;
        bucket_sort(
            &mut self.order,
            self.topo_order.iter(),
            |a| start[a.index()] as usize,
            &mut self.counts,
        );
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

    /// Takes `schedule` (of this problem, every mode valid) as the current
    /// schedule and returns its objective: with training scenarios, the
    /// mean objective of its policy over them.
    pub(crate) fn rate(&mut self, schedule: &Schedule) -> f64 {
        let problem = self.problem;
        for (i, asg) in schedule.assignments().iter().enumerate() {
            self.start[i] = asg.start;
            self.mode[i] = asg.mode;
            self.finish[i] = asg.start + problem.activities()[i].modes[asg.mode].duration;
        }
        self.screen = false;
        self.objective = self.compute_objective();
        self.screen = true;
        self.objective
    }

    /// The problem this generator schedules.
    pub fn problem(&self) -> &'p Problem {
        self.problem
    }

    /// True when some lag of the problem is negative (a lead).
    pub(crate) fn has_leads(&self) -> bool {
        self.leads
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

    /// Starts a decode one activity at a time ([`Sgs::place`]): clears the
    /// profile and places the pinned activities.
    pub(crate) fn begin_decode(&mut self) {
        self.begin();
    }

    /// Places `a` as [`Sgs::decode`] does (its predecessors placed first).
    pub(crate) fn place(&mut self, a: ActivityId, fixed: Option<usize>) {
        self.place_forward(a, fixed);
    }

    /// Places `a` as [`Sgs::place`] does (free mode), except that when
    /// `slot = (mode, start)` (e.g. its baseline slot) has the capacity,
    /// its predecessors allow it and it starts at most `slack` days after
    /// where [`Sgs::place`] would start `a`, `a` goes there.
    pub(crate) fn place_near(&mut self, a: ActivityId, slot: (usize, u32), slack: u32) {
        let problem = self.problem;
        let act = problem.activity(a);
        if act.pin.is_some() {
            return;
        }
        let (m, b) = slot;
        if m >= act.modes.len() {
            self.place_forward(a, None);
            return;
        }
        let i = a.index();
        let es = problem.earliest_start(a, &self.finish);
        self.place_forward(a, None);
        let (s, sm) = (self.start[i], self.mode[i]);
        if (s, sm) == (b, m) || b < es || b > s.saturating_add(slack) {
            return;
        }
        // the slot, if it has the capacity without this placement
        let d = act.modes[sm].duration;
        self.profile.remove(self.table.get(i, sm), d, s);
        let duration = act.modes[m].duration;
        let end = u64::from(b) + u64::from(duration);
        if self
            .profile
            .earliest(self.table.get(i, m), duration, b, end)
            == Some(b)
        {
            self.profile.add(self.table.get(i, m), duration, b);
            self.start[i] = b;
            self.mode[i] = m;
            self.finish[i] = b + duration;
        } else {
            self.profile.add(self.table.get(i, sm), d, s);
        }
    }

    /// Ends a decode begun by [`Sgs::begin_decode`]: its objective.
    pub(crate) fn end_decode(&mut self) -> f64 {
        self.objective = self.compute_objective();
        self.objective
    }

    /// Saves the resource profile of a decode in progress.
    pub(crate) fn save_profile(&self, snapshot: &mut ProfileSnapshot) {
        let p = &self.profile;
        snapshot.hi = p.hi;
        snapshot.free.clear();
        snapshot.free.extend_from_slice(&p.free[..p.at(p.hi)]);
        snapshot.first_free.clone_from(&p.first_free);
    }

    /// Resumes a decode from a saved profile: the profile becomes
    /// `snapshot` and the activities of `placed` (those placed when it was
    /// saved) take their start, finish and mode from `from`, a generator
    /// of the same problem that decoded the same prefix. Placing the rest
    /// of the list then gives exactly the full decode's schedule.
    pub(crate) fn resume(
        &mut self,
        snapshot: &ProfileSnapshot,
        from: Option<&Sgs<'_>>,
        placed: &[ActivityId],
    ) {
        let p = &mut self.profile;
        p.grow(snapshot.hi);
        let (k, old) = (p.at(snapshot.hi), p.at(p.hi));
        p.free[..k].copy_from_slice(&snapshot.free);
        if old > k {
            p.free[k..old].copy_from_slice(&p.cap[k..old]);
        }
        p.hi = snapshot.hi;
        p.first_free.copy_from_slice(&snapshot.first_free);
        if let Some(from) = from {
            for &a in placed {
                let i = a.index();
                self.start[i] = from.start[i];
                self.finish[i] = from.finish[i];
                self.mode[i] = from.mode[i];
            }
        }
    }

    /// Clears the profile and places the pinned activities.
    fn begin(&mut self) {
        self.profile.reset();
        for &a in &self.pinned {
            let act = self.problem.activity(a);
            if let Some(pin) = act.pin {
                let i = a.index();
                let mode = &act.modes[pin.mode];
                let loads = self.table.get(i, pin.mode);
                self.profile.add(loads, mode.duration, pin.start);
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
        let i = a.index();
        // a lead may bring `finish + lag` before day 0: clamped there
        let es = problem.earliest_start(a, &self.finish);
        let (start, m) = match fixed {
            Some(m) => (
                self.profile
                    .earliest(self.table.get(i, m), act.modes[m].duration, es, u64::MAX),
                m,
            ),
            None if act.modes.len() > 1 && self.prices.is_some() => self.priced_mode(a, es),
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
                    let loads = self.table.get(i, m);
                    if let Some(s) = self.profile.earliest(loads, mode.duration, es, max_finish) {
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
        self.profile.add(self.table.get(i, m), mode.duration, start);
        self.start[i] = start;
        self.mode[i] = m;
        self.finish[i] = start + mode.duration;
    }

    /// The start and mode of the smallest finish plus price ([`prices`]),
    /// then least energy, then lowest index.
    fn priced_mode(&mut self, a: ActivityId, es: u32) -> (Option<u32>, usize) {
        let i = a.index();
        let act = self.problem.activity(a);
        let (profile, table) = (&mut self.profile, &self.table);
        let Some(prices) = self.prices.as_ref().map(|p| p.of(i)) else {
            return (None, 0);
        };
        let mut best: Option<(f64, u64, usize, u32)> = None;
        for (m, mode) in act.modes.iter().enumerate() {
            let price = prices[m];
            let energy = mode.energy();
            // not even the earliest start could beat the best
            let lowest = f64::from(es) + f64::from(mode.duration) + price;
            if best
                .is_some_and(|(score, e, _, _)| lowest > score || (lowest == score && energy >= e))
            {
                continue;
            }
            let loads = table.get(i, m);
            if let Some(s) = profile.earliest(loads, mode.duration, es, u64::MAX) {
                let score = f64::from(s) + f64::from(mode.duration) + price;
                let better =
                    best.is_none_or(|(b, e, _, _)| score < b || (score == b && energy < e));
                if better {
                    best = Some((score, energy, m, s));
                }
            }
        }
        match best {
            Some((_, _, m, s)) => (Some(s), m),
            None => (None, 0),
        }
    }

    /// Decodes activities without a fixed mode with `prices` ([`prices`]:
    /// finish plus price) instead of the earliest-finishing mode (`None`).
    pub(crate) fn set_prices(&mut self, prices: Option<prices::ModePrices>) {
        self.prices = prices;
    }

    /// Right-justifies the current schedule before its makespan; `false` if
    /// some activity cannot be placed (only possible around pins).
    fn backward(&mut self) -> bool {
        let problem = self.problem;
        let deadline = self.makespan();
        // by decreasing finish (ties: reverse topological)
        let finish = &self.finish;
        bucket_sort(
            &mut self.order,
            self.topo_order.iter().rev(),
            |a| (deadline - finish[a.index()]) as usize,
            &mut self.counts,
        );
        self.begin();
        for k in 0..self.order.len() {
            let a = self.order[k];
            let i = a.index();
            let act = problem.activity(a);
            let mut lf = deadline;
            for &(s, lag) in problem.successors(a) {
                // start - lag, signed: a lead lets `a` finish after `s` starts
                match u32::try_from(i64::from(self.start[s.index()]) - i64::from(lag)) {
                    Ok(t) => lf = lf.min(t),
                    Err(_) => return false,
                }
            }
            let m = self.mode[i];
            let d = act.modes[m].duration;
            let Some(start) = self
                .profile
                .latest(self.table.get(i, m), d, lf, act.release)
            else {
                return false;
            };
            self.profile.add(self.table.get(i, m), d, start);
            let mode = &act.modes[m];
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
        let nominal = objective_of(
            self.problem,
            &self.start,
            &self.finish,
            &mut self.goal_finish,
        );
        match &mut self.expected {
            Some(expected) => {
                expected.rate(nominal, &self.start, &self.finish, &self.mode, self.screen)
            }
            None => nominal,
        }
    }
}

/// The objective of a schedule given by its starts and finishes (as
/// [`Schedule::objective`]); `goal_finish` receives each goal's finish.
pub(crate) fn objective_of(
    problem: &Problem,
    start: &[u32],
    finish: &[u32],
    goal_finish: &mut [u32],
) -> f64 {
    let stability = problem.stability_term(|a| start[a.index()]);
    for (g, f) in goal_finish.iter_mut().enumerate() {
        *f = problem
            .goal_members(GoalId::from_index(g))
            .iter()
            .map(|a| finish[a.index()])
            .max()
            .unwrap_or(0);
    }
    let base = match problem.objective() {
        Objective::Makespan => f64::from(finish.iter().copied().max().unwrap_or(0)),
        Objective::Weighted { lateness_weight } => {
            weighted_objective(problem, goal_finish, lateness_weight)
        }
    };
    base + stability
}

/// The first day a placed activity may start: no activity that is placed
/// starts before its release (pinned ones are not placed).
fn first_placed_day(problem: &Problem) -> u32 {
    problem
        .activities()
        .iter()
        .filter(|a| a.pin.is_none())
        .map(|a| a.release)
        .min()
        .unwrap_or(0)
}

/// Sorts `order` (a permutation of `by`) by `key`, ties in `by` order
/// (a stable counting sort; `by` is typically a topological order).
fn bucket_sort<'a>(
    order: &mut [ActivityId],
    by: impl Iterator<Item = &'a ActivityId> + Clone,
    key: impl Fn(ActivityId) -> usize,
    counts: &mut Vec<u32>,
) {
    // keys counted from the smallest (a re-plan's starts begin at today)
    let low = by.clone().map(|&a| key(a)).min().unwrap_or(0);
    let top = by.clone().map(|&a| key(a)).max().unwrap_or(0);
    let key = |a: ActivityId| key(a) - low;
    counts.clear();
    counts.resize(top - low + 2, 0);
    for &a in by.clone() {
        counts[key(a) + 1] += 1;
    }
    for k in 1..counts.len() {
        counts[k] += counts[k - 1];
    }
    for &a in by {
        let slot = &mut counts[key(a)];
        order[*slot as usize] = a;
        *slot += 1;
    }
}

/// The nonzero demands of every mode, flattened.
#[derive(Debug)]
struct LoadTable {
    loads: Vec<Load>,
    /// `loads[range[k].0 .. range[k].1]` for global mode `k`.
    range: Vec<(u32, u32)>,
    /// Global index of each activity's first mode.
    first: Vec<u32>,
}

impl LoadTable {
    fn new(problem: &Problem) -> Self {
        let mut t = Self {
            loads: Vec::new(),
            range: Vec::new(),
            first: Vec::with_capacity(problem.len()),
        };
        for act in problem.activities() {
            t.first.push(t.range.len() as u32);
            for mode in &act.modes {
                let from = t.loads.len() as u32;
                t.loads
                    .extend(mode.demands.iter().filter(|x| x.amount > 0).map(|x| Load {
                        resource: x.resource.index() as u32,
                        amount: x.amount,
                    }));
                t.range.push((from, t.loads.len() as u32));
            }
        }
        t
    }

    #[inline]
    fn get(&self, activity: usize, mode: usize) -> &[Load] {
        let (a, b) = self.range[self.global(activity, mode)];
        &self.loads[a as usize..b as usize]
    }

    /// The global index of mode `mode` of `activity` (modes of all
    /// activities numbered in activity order).
    #[inline]
    fn global(&self, activity: usize, mode: usize) -> usize {
        self.first[activity] as usize + mode
    }

    /// Modes of all activities.
    fn modes(&self) -> usize {
        self.range.len()
    }
}

/// Position of each activity in Kahn's topological order (smallest index first).
pub(crate) fn topological_positions(problem: &Problem) -> Vec<u32> {
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

pub(crate) mod prices;
mod replay;

use replay::Expected;
pub(crate) use replay::{Replayer, policy_order};

#[cfg(test)]
pub(crate) mod tests;
