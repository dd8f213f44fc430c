//! Calendar dates and the plan's working-day calendar.
//!
//! Day `i` of a plan is the `i`-th working day counted from the start date
//! (day 0 is the first working day on or after it); a date maps to the
//! first working day on or after it. Which dates are working days is the
//! project's calendar ([`WorkDays`]): a weekly pattern (by default Monday to
//! Friday) corrected by exceptions, date ranges that are non-working despite
//! the pattern (holidays) or working despite it (a Saturday worked).
//!
//! # Theoretical
//!
//! Let `e(x)` be the day number of date `x` (days since 1970-01-01; the
//! calendar is proleptic Gregorian) and `C(e)` the number of working days
//! in `[0, e)` (negative below 0). `C` is non-decreasing and splits into
//! `C = P + D`:
//!
//! - `P(e) = floor(e / 7) * w + b(e mod 7)` counts the pattern's working
//!   days: `w` working weekdays per week, `b(r)` of them among the first `r`
//!   days of a week (weeks counted from 1970-01-01, a Thursday);
//! - `D(e)` sums the exceptions' corrections (a range's working days minus
//!   its pattern days) over the part of each range before `e`. The ranges
//!   are kept sorted and disjoint with their prefix sums, so one binary
//!   search finds the range that can hold `e`.
//!
//! Then, with `s` the start date:
//!
//! - `day_of(x) = C(e(x)) - C(e(s))` when that is `>= 0` (the working days
//!   from day 0 up to `x`, which is the index of the first working day on
//!   or after `x`);
//! - `date_of(i)` is the working day `e` with `C(e) = C(e(s)) + i`: a binary
//!   search over the ranges' end counts finds the range or the gap between
//!   two ranges that holds it; inside a working range it is a step from the
//!   range's first day, in a gap the closed-form inverse of `P` (whole weeks,
//!   then the working weekday within the week) shifted by the gap's `D`.
//!
//! Both take `O(log m)` time for `m` exception ranges, whatever the day:
//! plans run to day 2,097,152, so no per-day table is built.
//!
//! # Practical
//!
//! Dates are [`jiff`] civil dates ([`Date`] wraps one). The counting runs
//! on `i64` day numbers, so a calendar runs on past 9999-12-31, the last
//! date tandem writes ([`Date::LAST`]); [`WorkDays::last_day`] is the last
//! day that has a four-digit date, and [`WorkDays::date_of`] saturates at
//! [`Date::LAST`] after it. Writers refuse schedules that need later dates.

use std::fmt;
use std::str::FromStr;

use jiff::SignedDuration;
use jiff::civil;

use crate::error::CalendarError;

/// 1970-01-01, day number 0.
const EPOCH: civil::Date = civil::Date::constant(1970, 1, 1);
const SECONDS_PER_DAY: i64 = 86_400;

/// A calendar date (proleptic Gregorian), written and read as ISO
/// `YYYY-MM-DD`.
///
/// ```
/// use tandem::Date;
/// let d: Date = "2027-01-04".parse()?;
/// assert_eq!(d.ymd(), (2027, 1, 4));
/// assert_eq!(d.weekday(), 0); // Monday
/// assert_eq!(d.plus_days(5).map(|d| d.to_string()), Some("2027-01-09".to_string()));
/// assert!("2027-02-30".parse::<Date>().is_err());
/// # Ok::<(), tandem::model::DateParseError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(civil::Date);

impl Date {
    /// 9999-12-31: the last date written (ISO dates have four-digit years).
    pub const LAST: Date = Date(civil::Date::constant(9999, 12, 31));

    /// The date `year-month-day`, if it exists (years -9999 to 9999).
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Self> {
        let year = i16::try_from(year).ok()?;
        let month = i8::try_from(month).ok()?;
        let day = i8::try_from(day).ok()?;
        civil::Date::new(year, month, day).ok().map(Self)
    }

    /// `(year, month, day)`.
    pub fn ymd(self) -> (i32, u32, u32) {
        (
            i32::from(self.0.year()),
            u32::from(self.0.month().unsigned_abs()),
            u32::from(self.0.day().unsigned_abs()),
        )
    }

    /// 0 = Monday .. 6 = Sunday.
    pub fn weekday(self) -> u32 {
        u32::from(self.0.weekday().to_monday_zero_offset().unsigned_abs())
    }

    /// True on Saturday and Sunday.
    pub fn is_weekend(self) -> bool {
        self.weekday() >= 5
    }

    /// The date `n` calendar days later (earlier when `n < 0`); `None`
    /// outside the years -9999 to 9999.
    pub fn plus_days(self, n: i64) -> Option<Self> {
        Self::from_day_number(self.day_number().checked_add(n)?)
    }

    /// Calendar days from this date to `later` (negative when it is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        later.day_number() - self.day_number()
    }

    /// Days since 1970-01-01.
    fn day_number(self) -> i64 {
        self.0.duration_since(EPOCH).as_secs() / SECONDS_PER_DAY
    }

    /// The date of a day number, if it is one.
    fn from_day_number(n: i64) -> Option<Self> {
        let secs = n.checked_mul(SECONDS_PER_DAY)?;
        EPOCH
            .checked_add(SignedDuration::from_secs(secs))
            .ok()
            .map(Self)
    }
}

impl From<civil::Date> for Date {
    fn from(date: civil::Date) -> Self {
        Self(date)
    }
}

impl From<Date> for civil::Date {
    fn from(date: Date) -> Self {
        date.0
    }
}

/// Error parsing an ISO date.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not an ISO date (YYYY-MM-DD)")]
pub struct DateParseError(pub String);

impl FromStr for Date {
    type Err = DateParseError;
    /// Exactly `YYYY-MM-DD` (four-digit year, surrounding whitespace
    /// ignored) naming a date that exists.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let shape = t.len() == 10
            && t.bytes().enumerate().all(|(i, b)| match i {
                4 | 7 => b == b'-',
                _ => b.is_ascii_digit(),
            });
        match shape.then(|| t.parse::<civil::Date>()) {
            Some(Ok(date)) => Ok(Self(date)),
            _ => Err(DateParseError(s.to_string())),
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

/// Dates `from..=to` that are working days (`working`) or not, whatever
/// the weekly pattern says: a holiday, a plant shutdown, a Saturday worked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DateException {
    /// The first date.
    pub from: Date,
    /// The last date (inclusive; `>= from`).
    pub to: Date,
    /// True: working days; false: non-working days (holidays).
    pub working: bool,
}

/// The weekly pattern in the form the counting needs (weeks start on
/// Thursdays, as day number 0 does).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Pattern {
    /// Working days per week (1..=7).
    per_week: i64,
    /// `before[r]`: working days among the first `r` days of a week.
    before: [i64; 8],
    /// The offsets in the week of the working days, ascending (the first
    /// `per_week` entries are used).
    slots: [i64; 7],
}

impl Pattern {
    /// `weekdays[0]` is Monday; at least one must be true.
    fn new(weekdays: [bool; 7]) -> Self {
        let mut before = [0; 8];
        let mut slots = [0; 7];
        let mut per_week = 0;
        for offset in 0..7 {
            before[offset] = per_week;
            // offset 0 is a Thursday (Monday-zero weekday 3)
            if weekdays[(offset + 3) % 7] {
                slots[per_week as usize] = offset as i64;
                per_week += 1;
            }
        }
        before[7] = per_week;
        Self {
            per_week,
            before,
            slots,
        }
    }

    /// `P(e)`: pattern working days in `[0, e)` (negative below 0).
    fn count(&self, e: i64) -> i64 {
        e.div_euclid(7) * self.per_week + self.before[e.rem_euclid(7) as usize]
    }

    /// The pattern working day `e` with `P(e) = n`.
    fn nth(&self, n: i64) -> i64 {
        7 * n.div_euclid(self.per_week) + self.slots[n.rem_euclid(self.per_week) as usize]
    }
}

/// An exception range in day numbers, with the corrections before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Span {
    /// First day number.
    from: i64,
    /// One past the last day number.
    end: i64,
    working: bool,
    /// `D(from)`: the corrections of all earlier ranges.
    before: i64,
    /// `D(end)`.
    after: i64,
}

/// The project's working-day calendar, from a plan start date: maps
/// working-day indices to dates and back.
///
/// A date is a working day when its weekday is one of the pattern's (by
/// default Monday to Friday), unless an exception says otherwise; later
/// exceptions override earlier ones where they overlap. Day 0 is the first
/// working day on or after the start date.
///
/// ```
/// use tandem::model::WorkDays;
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let wd = WorkDays::new("2027-01-02".parse()?); // a Saturday
/// assert_eq!(wd.date_of(0).to_string(), "2027-01-04"); // Monday
/// assert_eq!(wd.date_of(5).to_string(), "2027-01-11");
/// assert_eq!(wd.day_of("2027-01-09".parse()?), Some(5)); // Saturday -> next Monday
///
/// // Monday to Saturday, with Wednesday 2027-01-06 off and Sunday 2027-01-10 worked
/// let six = WorkDays::new("2027-01-04".parse()?)
///     .with_weekdays([true, true, true, true, true, true, false])?
///     .with_exception("2027-01-06".parse()?, false)
///     .with_exception("2027-01-10".parse()?, true);
/// let dates: Vec<String> = (0..7).map(|d| six.date_of(d).to_string()).collect();
/// assert_eq!(dates, ["2027-01-04", "2027-01-05", "2027-01-07", "2027-01-08",
///                    "2027-01-09", "2027-01-10", "2027-01-11"]);
/// assert_eq!(six.day_of("2027-01-06".parse()?), Some(2)); // the holiday -> Thursday
/// assert!(!six.is_working("2027-01-06".parse()?));
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkDays {
    /// The start date as given (day 0 is the first working day on or after it).
    start: Date,
    /// Monday first.
    weekdays: [bool; 7],
    /// Sorted, disjoint; adjacent ranges of the same kind merged.
    exceptions: Vec<DateException>,
    pattern: Pattern,
    /// `exceptions` in day numbers.
    spans: Vec<Span>,
    /// `C(e(start))`.
    base: i64,
}

impl WorkDays {
    /// Monday to Friday, the default weekly pattern.
    pub const MONDAY_TO_FRIDAY: [bool; 7] = [true, true, true, true, true, false, false];

    /// Working days Monday to Friday without exceptions, counted from
    /// `start` (day 0 is `start`, or the Monday after it on a weekend).
    pub fn new(start: Date) -> Self {
        let mut wd = Self {
            start,
            weekdays: Self::MONDAY_TO_FRIDAY,
            exceptions: Vec::new(),
            pattern: Pattern::new(Self::MONDAY_TO_FRIDAY),
            spans: Vec::new(),
            base: 0,
        };
        wd.derive();
        wd
    }

    /// The same calendar with the weekly pattern `weekdays` (`[0]` is
    /// Monday, `[6]` Sunday; true = a working day).
    ///
    /// ```
    /// use tandem::model::WorkDays;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// // Sunday to Thursday
    /// let wd = WorkDays::new("2027-01-01".parse()?) // a Friday
    ///     .with_weekdays([true, true, true, true, false, false, true])?;
    /// assert_eq!(wd.start().to_string(), "2027-01-03"); // Sunday
    /// assert!(WorkDays::new("2027-01-01".parse()?).with_weekdays([false; 7]).is_err());
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`CalendarError::NoWorkingWeekday`] when no weekday is a working day.
    pub fn with_weekdays(mut self, weekdays: [bool; 7]) -> Result<Self, CalendarError> {
        if !weekdays.contains(&true) {
            return Err(CalendarError::NoWorkingWeekday);
        }
        self.weekdays = weekdays;
        self.pattern = Pattern::new(weekdays);
        self.derive();
        Ok(self)
    }

    /// The same calendar with `date` a working day (`working`) or not,
    /// whatever the weekly pattern and earlier exceptions say.
    pub fn with_exception(self, date: Date, working: bool) -> Self {
        self.with_exceptions(date, date, working)
    }

    /// The same calendar with the dates `from..=to` working days
    /// (`working`) or not, whatever the weekly pattern and earlier
    /// exceptions say. Nothing changes when `to < from`.
    ///
    /// ```
    /// use tandem::model::WorkDays;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// // a shutdown between the years, but 2027-12-30 is worked
    /// let wd = WorkDays::new("2027-12-20".parse()?)
    ///     .with_exceptions("2027-12-24".parse()?, "2028-01-02".parse()?, false)
    ///     .with_exception("2027-12-30".parse()?, true);
    /// assert_eq!(wd.date_of(4).to_string(), "2027-12-30");
    /// assert_eq!(wd.date_of(5).to_string(), "2028-01-03");
    /// assert_eq!(wd.exceptions().len(), 3); // split around the worked day
    /// # Ok(()) }
    /// ```
    pub fn with_exceptions(mut self, from: Date, to: Date, working: bool) -> Self {
        if to < from {
            return self;
        }
        let mut ranges: Vec<DateException> = Vec::with_capacity(self.exceptions.len() + 2);
        for &e in &self.exceptions {
            if e.to < from || e.from > to {
                ranges.push(e);
                continue;
            }
            // the parts of `e` outside `from..=to` stay
            if let Some(last) = from.plus_days(-1).filter(|_| e.from < from) {
                ranges.push(DateException { to: last, ..e });
            }
            if let Some(first) = to.plus_days(1).filter(|_| e.to > to) {
                ranges.push(DateException { from: first, ..e });
            }
        }
        ranges.push(DateException { from, to, working });
        ranges.sort_by_key(|e| e.from);
        self.exceptions.clear();
        for e in ranges {
            match self.exceptions.last_mut() {
                Some(prev) if prev.working == e.working && prev.to.plus_days(1) == Some(e.from) => {
                    prev.to = e.to;
                }
                _ => self.exceptions.push(e),
            }
        }
        self.derive();
        self
    }

    /// Recomputes the day-number form of the exceptions and `C(start)`.
    fn derive(&mut self) {
        let mut d = 0;
        self.spans = self
            .exceptions
            .iter()
            .map(|e| {
                let (from, end) = (e.from.day_number(), e.to.day_number() + 1);
                let days = if e.working { end - from } else { 0 };
                let before = d;
                d += days - (self.pattern.count(end) - self.pattern.count(from));
                Span {
                    from,
                    end,
                    working: e.working,
                    before,
                    after: d,
                }
            })
            .collect();
        self.base = self.count(self.start.day_number());
    }

    /// `C(e)`: working days in `[0, e)`.
    fn count(&self, e: i64) -> i64 {
        let k = self.spans.partition_point(|s| s.from < e);
        let correction = match k.checked_sub(1).map(|i| &self.spans[i]) {
            None => 0,
            Some(s) if e >= s.end => s.after,
            Some(s) => {
                let days = if s.working { e - s.from } else { 0 };
                s.before + days - (self.pattern.count(e) - self.pattern.count(s.from))
            }
        };
        self.pattern.count(e) + correction
    }

    /// The working day number `e` with `C(e) = n`.
    fn nth(&self, n: i64) -> i64 {
        // the first range whose end count exceeds n holds it, or the gap before it
        let k = self
            .spans
            .partition_point(|s| self.pattern.count(s.end) + s.after <= n);
        if let Some(s) = self.spans.get(k) {
            let at_from = self.pattern.count(s.from) + s.before;
            if at_from <= n {
                // C grows inside the range, so it is a working one
                return s.from + (n - at_from);
            }
        }
        let correction = k.checked_sub(1).map_or(0, |i| self.spans[i].after);
        self.pattern.nth(n - correction)
    }

    /// The date of day 0 (saturated at [`Date::LAST`], see [`date_of`](Self::date_of)).
    pub fn start(&self) -> Date {
        self.date_of(0)
    }

    /// The weekly pattern: `[0]` is Monday, `[6]` Sunday; true = a working day.
    pub fn weekdays(&self) -> [bool; 7] {
        self.weekdays
    }

    /// The exceptions to the weekly pattern, sorted by date and disjoint
    /// (overlaps resolved in favour of the later one; adjacent ranges of
    /// the same kind merged).
    pub fn exceptions(&self) -> &[DateException] {
        &self.exceptions
    }

    /// True when `date` is a working day of this calendar.
    pub fn is_working(&self, date: Date) -> bool {
        let e = date.day_number();
        self.count(e + 1) > self.count(e)
    }

    /// The date of working day `day`. Days after [`last_day`](Self::last_day)
    /// have no four-digit date: they give [`Date::LAST`].
    pub fn date_of(&self, day: u32) -> Date {
        let e = self.nth(self.base + i64::from(day));
        match Date::from_day_number(e) {
            Some(date) if date <= Date::LAST => date,
            _ => Date::LAST,
        }
    }

    /// The last working day whose date has a four-digit year (on or before
    /// [`Date::LAST`]); `None` when even day 0 is later.
    pub fn last_day(&self) -> Option<u32> {
        let days = self.count(Date::LAST.day_number() + 1) - self.base;
        u32::try_from(days.checked_sub(1)?).ok()
    }

    /// The index of the first working day on or after `date`; `None` before
    /// the start.
    pub fn day_of(&self, date: Date) -> Option<u32> {
        u32::try_from(self.count(date.day_number()) - self.base).ok()
    }
}

#[cfg(test)]
mod tests;
