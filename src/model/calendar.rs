//! Time-varying capacity of a renewable resource.

/// A piecewise-constant capacity profile over working days.
///
/// Starts at a base capacity; [`Calendar::set`] overrides a closed day range
/// (later calls win where ranges overlap, as in `calendar.csv`). After the last
/// override the base capacity applies for ever, so every demand up to the base
/// capacity can always be placed eventually.
///
/// ```
/// use tandem::Calendar;
/// let mut cal = Calendar::constant(4);
/// cal.set(10, 14, 2); // vacation on days 10..=14
/// assert_eq!(cal.at(9), 4);
/// assert_eq!(cal.at(12), 2);
/// assert_eq!(cal.at(15), 4);
/// assert_eq!(cal.max(), 4);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Calendar {
    base: u32,
    /// `(first_day, capacity)` steps sorted by day; the first is always day 0.
    steps: Vec<(u32, u32)>,
}

impl Calendar {
    /// The same capacity on every day.
    pub fn constant(capacity: u32) -> Self {
        Self {
            base: capacity,
            steps: vec![(0, capacity)],
        }
    }

    /// The capacity given in `teams.csv` (or the PSPLIB availability).
    pub fn base(&self) -> u32 {
        self.base
    }

    /// The last day a change can cover: the base capacity always returns
    /// on day `u32::MAX` at the latest, so the last step is the base (see
    /// [`Calendar::steps`]). A [`ProblemBuilder`](crate::ProblemBuilder)
    /// cuts every change much earlier, at the plan's horizon.
    pub const UNTIL_FURTHER_NOTICE: u32 = u32::MAX - 1;

    /// Sets the capacity on days `from..=to` (inclusive), overriding earlier
    /// settings. `to` is capped at [`Calendar::UNTIL_FURTHER_NOTICE`].
    pub fn set(&mut self, from: u32, to: u32, capacity: u32) {
        let to = to.min(Self::UNTIL_FURTHER_NOTICE);
        if to < from {
            return;
        }
        // `to + 1` cannot overflow: after the change the capacity resumes,
        // so the last step always lasts for ever with the base capacity
        let after = to + 1;
        let resume = self.at(after);
        self.steps.retain(|&(d, _)| d < from || d > after);
        let pos = self.steps.partition_point(|&(d, _)| d < from);
        self.steps.insert(pos, (from, capacity));
        self.steps.insert(pos + 1, (after, resume));
        self.merge();
    }

    /// Sets the capacity from day `from` on, until further notice (that is,
    /// up to [`Calendar::UNTIL_FURTHER_NOTICE`], in a built problem up to
    /// its horizon).
    pub fn set_from(&mut self, from: u32, capacity: u32) {
        self.set(from, Self::UNTIL_FURTHER_NOTICE, capacity);
    }

    /// Ends every change before day `end`: from `end` on the base capacity
    /// applies. Changes starting on or after `end` are dropped.
    pub(crate) fn cut_at(&mut self, end: u32) {
        if self.settles_at() <= end {
            return;
        }
        self.steps.retain(|&(d, _)| d < end);
        self.steps.push((end, self.base));
        if self.steps[0].0 != 0 {
            self.steps.insert(0, (0, self.base));
        }
        self.merge();
    }

    /// Merges equal neighbouring steps.
    fn merge(&mut self) {
        let mut merged: Vec<(u32, u32)> = Vec::with_capacity(self.steps.len());
        for &(d, c) in &self.steps {
            match merged.last() {
                Some(&(_, lc)) if lc == c => {}
                _ => merged.push((d, c)),
            }
        }
        self.steps = merged;
    }

    /// Capacity on `day`.
    pub fn at(&self, day: u32) -> u32 {
        let i = self.steps.partition_point(|&(d, _)| d <= day);
        self.steps[i - 1].1
    }

    /// The largest capacity on any day.
    pub fn max(&self) -> u32 {
        self.steps.iter().map(|s| s.1).max().unwrap_or(0)
    }

    /// `(first_day, capacity)` steps, sorted, starting at day 0; the last step lasts for ever.
    pub fn steps(&self) -> &[(u32, u32)] {
        &self.steps
    }

    /// The last day on which the capacity differs from the base, plus one (0 if constant).
    pub fn settles_at(&self) -> u32 {
        match self.steps.last() {
            Some(&(d, _)) => d,
            None => 0,
        }
    }

    /// Total person-days available on days `from..to` (half-open).
    pub fn energy(&self, from: u32, to: u32) -> u64 {
        if to <= from {
            return 0;
        }
        let mut total = 0u64;
        for (i, &(d, c)) in self.steps.iter().enumerate() {
            let end = self.steps.get(i + 1).map_or(u32::MAX, |s| s.0);
            let lo = d.max(from);
            let hi = end.min(to);
            if lo < hi {
                total += u64::from(hi - lo) * u64::from(c);
            }
        }
        total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_later_wins_and_resumes() {
        let mut c = Calendar::constant(5);
        c.set(3, 8, 2);
        c.set(6, 10, 7);
        let got: Vec<u32> = (0..13).map(|d| c.at(d)).collect();
        assert_eq!(got, vec![5, 5, 5, 2, 2, 2, 7, 7, 7, 7, 7, 5, 5]);
        assert_eq!(c.max(), 7);
        assert_eq!(
            c.energy(0, 13),
            got.iter().map(|&x| u64::from(x)).sum::<u64>()
        );
    }

    #[test]
    fn open_ended_change_keeps_base_as_last_step() {
        // regression (issue 14 A): `to` = u32::MAX left the reduced capacity
        // as the last step, so the scheduler overloaded the team
        let mut c = Calendar::constant(3);
        c.set(5, u32::MAX, 1);
        assert_eq!(c.steps().last(), Some(&(u32::MAX, 3)));
        assert_eq!(c.at(u32::MAX - 1), 1);
        let mut d = Calendar::constant(3);
        d.set_from(5, 1);
        assert_eq!(c, d);
        d.cut_at(100);
        assert_eq!(d.steps(), &[(0, 3), (5, 1), (100, 3)]);
        d.cut_at(5);
        assert_eq!(d.steps(), &[(0, 3)]);
        let mut e = Calendar::constant(2);
        e.set(0, 9, 0);
        e.cut_at(0);
        assert_eq!(e.steps(), &[(0, 2)]);
    }

    #[test]
    fn override_from_day_zero() {
        let mut c = Calendar::constant(3);
        c.set(0, 1, 0);
        assert_eq!(c.at(0), 0);
        assert_eq!(c.at(2), 3);
        assert_eq!(c.steps(), &[(0, 0), (2, 3)]);
    }
}
