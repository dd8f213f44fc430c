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

    /// Sets the capacity on days `from..=to` (inclusive), overriding earlier settings.
    pub fn set(&mut self, from: u32, to: u32, capacity: u32) {
        if to < from {
            return;
        }
        let after = to.checked_add(1);
        let resume = after.map(|d| self.at(d));
        self.steps
            .retain(|&(d, _)| d < from || after.is_some_and(|a| d > a));
        let pos = self.steps.partition_point(|&(d, _)| d < from);
        self.steps.insert(pos, (from, capacity));
        if let (Some(a), Some(c)) = (after, resume) {
            self.steps.insert(pos + 1, (a, c));
        }
        // merge equal neighbours
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
    fn override_from_day_zero() {
        let mut c = Calendar::constant(3);
        c.set(0, 1, 0);
        assert_eq!(c.at(0), 0);
        assert_eq!(c.at(2), 3);
        assert_eq!(c.steps(), &[(0, 0), (2, 3)]);
    }
}
