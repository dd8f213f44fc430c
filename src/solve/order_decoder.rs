//! Decoding goal orders from saved SGS states: the evaluation step shared
//! by the cold goal-order search ([`super::goal_order`]) and the re-plan's
//! goal-order walk (`warm::order`).
//!
//! # Theoretical
//! A goal order's activity list ([`Lister`]) takes the activities by rank
//! (the best rank among the goals each delivers or precedes), then by
//! latest finish. Moving a goal from rank `i` to rank `j` leaves every
//! activity ranked below `m = min(i, j)` where it was in the list: its rank
//! comes from a goal ranked below both, and the list takes all of them, in
//! the same order, before any other (ranks never fall along a dependency).
//! The serial SGS places a list's activities one after the other, each
//! depending only on those before it, so a decode of the new list may
//! start from the state (resource profile, starts) the current list's
//! decode had after those activities, and ends with exactly the schedule
//! of a decode from scratch. The decoder keeps [`CHECKPOINTS`] such states
//! of the current list, at evenly spaced ranks; on generated 2,000-task
//! plans a random move keeps about a third of the list.
//!
//! When the plan has leads (negative lags), [`Sgs::decode`] may reorder a
//! list, so without slots every decode is a [`Sgs::decode`] from scratch
//! (with slots, the re-plan's walk places the list as it is).

use super::rules::list_from_sorted;
use super::sgs::prices::ModePrices;
use super::sgs::{ProfileSnapshot, Sgs};
use crate::graph::Analysis;
use crate::model::{ActivityId, Problem};

/// Saved states per decode of the current goal order.
const CHECKPOINTS: usize = 10;

/// Decodes goal orders against a current one. `cur` holds the decode of
/// the current list and [`CHECKPOINTS`] saved profiles of it, each after
/// the activities ranked below a checkpoint rank (`c * step`); a candidate
/// that differs from rank `m` on is decoded on `trial` from the last
/// checkpoint at or below `m`, saving the later checkpoints on the way
/// (`pending`), so that accepting it is a swap.
pub(crate) struct OrderDecoder<'a> {
    lister: Lister<'a>,
    cur: Sgs<'a>,
    trial: Sgs<'a>,
    step: usize,
    snaps: Vec<ProfileSnapshot>,
    /// List position of each checkpoint in the current list.
    pos: Vec<usize>,
    pending: Vec<ProfileSnapshot>,
    pending_pos: Vec<usize>,
    /// The first checkpoint the last evaluation started from.
    resumed: usize,
    /// The current list.
    list: Vec<ActivityId>,
    /// A slot (mode, start) per activity that the decode puts it in when
    /// free and at most `slack` days late ([`Sgs::place_near`]; empty:
    /// none).
    slots: Vec<Option<(usize, u32)>>,
    slack: u32,
    /// Every decode from scratch (leads, no slots).
    scratch: bool,
}

impl<'a> OrderDecoder<'a> {
    /// A decoder without a current order (the first evaluation, with `m =
    /// 0`, decodes from scratch); `slots` as in the field's docs.
    pub(crate) fn new(
        problem: &'a Problem,
        analysis: &'a Analysis,
        slots: Vec<Option<(usize, u32)>>,
        slack: u32,
    ) -> Self {
        let ng = problem.goals().len().max(1);
        let mut decoder = Self {
            lister: Lister::new(problem, analysis),
            cur: Sgs::new(problem),
            trial: Sgs::new(problem),
            step: ng.div_ceil(CHECKPOINTS),
            snaps: vec![ProfileSnapshot::default(); CHECKPOINTS],
            pos: vec![0; CHECKPOINTS],
            pending: vec![ProfileSnapshot::default(); CHECKPOINTS],
            pending_pos: vec![0; CHECKPOINTS],
            resumed: 0,
            list: Vec::new(),
            slots,
            slack,
            scratch: false,
        };
        decoder.scratch = decoder.cur.has_leads() && decoder.slots.is_empty();
        decoder.cur.begin_decode();
        decoder.trial.begin_decode();
        decoder.cur.save_profile(&mut decoder.snaps[0]);
        decoder
    }

    /// Decodes with mode `prices` ([`Sgs::set_prices`]); before the first
    /// evaluation.
    pub(crate) fn set_prices(&mut self, prices: Option<ModePrices>) {
        self.cur.set_prices(prices.clone());
        self.trial.set_prices(prices);
    }

    /// Objective and list of `order`, whose ranks below `m` are those of
    /// the current order (decoded on [`Self::trial`]; [`Self::accept`]
    /// makes it current).
    pub(crate) fn evaluate(&mut self, order: &[usize], m: usize) -> (f64, Vec<ActivityId>) {
        let list = self.lister.list(order);
        if self.scratch {
            self.resumed = CHECKPOINTS;
            return (self.trial.decode(&list, None), list);
        }
        let first = (m / self.step).min(CHECKPOINTS - 1);
        let k = self.pos[first];
        self.trial
            .resume(&self.snaps[first], Some(&self.cur), &self.list[..k]);
        self.resumed = first;
        let mut next = first + 1;
        for (idx, &a) in list.iter().enumerate().skip(k) {
            let rank = self.lister.rank[a.index()] as usize;
            while next < CHECKPOINTS && next * self.step <= rank {
                self.trial.save_profile(&mut self.pending[next]);
                self.pending_pos[next] = idx;
                next += 1;
            }
            match self.slots.get(a.index()).copied().flatten() {
                Some(slot) => self.trial.place_near(a, slot, self.slack),
                None => self.trial.place(a, None),
            }
        }
        while next < CHECKPOINTS {
            self.trial.save_profile(&mut self.pending[next]);
            self.pending_pos[next] = list.len();
            next += 1;
        }
        (self.trial.end_decode(), list)
    }

    /// Makes the order evaluated last, with its `list`, current.
    pub(crate) fn accept(&mut self, list: Vec<ActivityId>) {
        std::mem::swap(&mut self.cur, &mut self.trial);
        for c in self.resumed + 1..CHECKPOINTS {
            std::mem::swap(&mut self.snaps[c], &mut self.pending[c]);
            self.pos[c] = self.pending_pos[c];
        }
        self.list = list;
    }

    /// The decode of the current order.
    pub(crate) fn current(&self) -> &Sgs<'a> {
        &self.cur
    }

    /// The decode of the order evaluated last.
    pub(crate) fn trial(&self) -> &Sgs<'a> {
        &self.trial
    }

    /// The current list.
    pub(crate) fn list(&self) -> &[ActivityId] {
        &self.list
    }

    /// The slot of each activity (empty: none).
    pub(crate) fn slots(&self) -> &[Option<(usize, u32)>] {
        &self.slots
    }
}

/// Builds the activity list of a goal order (as the goal-aware rules do).
pub(crate) struct Lister<'a> {
    problem: &'a Problem,
    analysis: &'a Analysis,
    /// Per activity, after [`Lister::list`]: the best rank among the goals
    /// it delivers or precedes (the number of goals for none).
    rank: Vec<u32>,
    goal_rank: Vec<u32>,
    keys: Vec<i64>,
    span: i64,
    /// All activities by (latest finish, index): a stable bucket pass by
    /// rank over it sorts by key without a comparison sort.
    by_finish: Vec<ActivityId>,
    /// Bucket starts, one per rank (and one past the last).
    count: Vec<usize>,
}

impl<'a> Lister<'a> {
    pub(crate) fn new(problem: &'a Problem, analysis: &'a Analysis) -> Self {
        let n = problem.len();
        let mut by_finish: Vec<ActivityId> = problem.activity_ids().collect();
        by_finish.sort_unstable_by_key(|a| (analysis.lf[a.index()], a.0));
        Self {
            problem,
            analysis,
            rank: vec![0; n],
            goal_rank: vec![0; problem.goals().len()],
            keys: vec![0; n],
            span: i64::from(analysis.lf.iter().copied().max().unwrap_or(0)) + 1,
            by_finish,
            count: vec![0; problem.goals().len() + 2],
        }
    }

    /// The activity list of a goal order: by rank, then by latest finish.
    pub(crate) fn list(&mut self, order: &[usize]) -> Vec<ActivityId> {
        let (problem, analysis) = (self.problem, self.analysis);
        let ng = order.len() as u32;
        for (k, &g) in order.iter().enumerate() {
            self.goal_rank[g] = k as u32;
        }
        for (r, act) in self.rank.iter_mut().zip(problem.activities()) {
            *r = act.goal.map_or(ng, |g| self.goal_rank[g.index()]);
        }
        for &a in analysis.order.iter().rev() {
            let best = problem
                .successors(a)
                .iter()
                .map(|&(s, _)| self.rank[s.index()])
                .min()
                .unwrap_or(u32::MAX);
            let r = &mut self.rank[a.index()];
            *r = (*r).min(best);
        }
        for (i, key) in self.keys.iter_mut().enumerate() {
            *key = i64::from(self.rank[i]) * self.span + i64::from(analysis.lf[i]);
        }
        // counting sort by rank, stable over (latest finish, index): the
        // order of (key, index)
        self.count.iter_mut().for_each(|c| *c = 0);
        for &r in &self.rank {
            self.count[r as usize + 1] += 1;
        }
        for k in 1..self.count.len() {
            self.count[k] += self.count[k - 1];
        }
        let mut sorted = vec![ActivityId(0); self.rank.len()];
        for &a in &self.by_finish {
            let slot = &mut self.count[self.rank[a.index()] as usize];
            sorted[*slot] = a;
            *slot += 1;
        }
        list_from_sorted(problem, &self.keys, sorted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::solve::goal_order::insertion;
    use crate::solve::rng::Rng;
    use crate::solve::testkit;

    /// Resumed decodes give the schedules of decodes from scratch, for
    /// accepted and rejected moves, with and without slots (leads included:
    /// the random plans have some).
    #[test]
    fn resumed_decodes_equal_full_decodes() {
        let mut rng = testkit::Rng(11);
        let mut moves = Rng::new(4);
        let (mut checked, mut scratch) = (0, 0);
        for case in 0..90 {
            // a third with leads
            let p = if case % 3 == 0 {
                testkit::random_problem_with_leads(&mut rng, 14, 12, 6)
            } else {
                testkit::random_problem_sized(&mut rng, 14, 12, 6)
            };
            let Some(p) = p else {
                continue;
            };
            let ng = p.goals().len();
            if ng < 2 {
                continue;
            }
            let cpm = Analysis::new(&p);
            // without slots, then with some (a decode of a random order a
            // day later, which some tasks are pulled back to)
            let mut other = Sgs::new(&p);
            let mut order: Vec<usize> = (0..ng).collect();
            insertion(&mut order, &mut moves);
            other.decode(&Lister::new(&p, &cpm).list(&order), None);
            let pulled: Vec<Option<(usize, u32)>> = p
                .activity_ids()
                .map(|a| Some((other.modes()[a.index()], other.starts()[a.index()] + 1)))
                .collect();
            for slots in [Vec::new(), pulled] {
                let mut decoder = OrderDecoder::new(&p, &cpm, slots.clone(), 3);
                scratch += usize::from(decoder.scratch);
                let mut current: Vec<usize> = (0..ng).collect();
                let (_, list) = decoder.evaluate(&current, 0);
                decoder.accept(list);
                let mut full = Sgs::new(&p);
                let mut lister = Lister::new(&p, &cpm);
                for step in 0..40 {
                    let mut candidate = current.clone();
                    let m = insertion(&mut candidate, &mut moves);
                    let (value, list) = decoder.evaluate(&candidate, m);
                    let expected = lister.list(&candidate);
                    assert_eq!(list, expected);
                    let want = if slots.is_empty() {
                        full.decode(&expected, None)
                    } else {
                        full.begin_decode();
                        for &a in &expected {
                            match slots[a.index()] {
                                Some(slot) => full.place_near(a, slot, 3),
                                None => full.place(a, None),
                            }
                        }
                        full.end_decode()
                    };
                    assert_eq!(value, want);
                    assert_eq!(decoder.trial().schedule(), full.schedule());
                    if step % 3 != 0 {
                        decoder.accept(list);
                        current = candidate;
                        assert_eq!(decoder.current().schedule(), full.schedule());
                        assert_eq!(decoder.list(), &expected[..]);
                    }
                    checked += 1;
                }
            }
        }
        assert!(checked > 100, "{checked}");
        assert!(scratch > 0, "no plan with leads");
    }

    #[test]
    fn the_bucketed_list_is_the_sorted_one() {
        let mut checked = 0;
        let mut rng = crate::solve::testkit::Rng(5);
        for _ in 0..40 {
            let Some(p) = crate::solve::testkit::random_problem_sized(&mut rng, 20, 12, 5) else {
                continue;
            };
            let cpm = Analysis::new(&p);
            let mut lister = Lister::new(&p, &cpm);
            let mut moves = Rng::new(3);
            let mut order: Vec<usize> = (0..p.goals().len()).collect();
            for _ in 0..5 {
                let list = lister.list(&order);
                assert_eq!(list, crate::solve::rules::list_by_keys(&p, &lister.keys));
                if order.len() >= 2 {
                    insertion(&mut order, &mut moves);
                }
                checked += 1;
            }
        }
        assert!(checked > 50);
    }
}
