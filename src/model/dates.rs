//! Calendar dates and working days (Monday to Friday).
//!
//! Day `i` of a plan is the `i`-th working day counted from the start date
//! (day 0 is the first working day on or after it); a date maps to the first
//! working day on or after it. Conversions use Howard Hinnant's
//! `days_from_civil` algorithm on the proleptic Gregorian calendar.

use std::fmt;
use std::str::FromStr;

/// A calendar date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Days since 1970-01-01.
    days: i64,
}

impl Date {
    /// 9999-12-31: the last date written (ISO dates have four-digit years).
    pub const LAST: Date = Date {
        days: 2_932_896, // days_from_civil(9999, 12, 31)
    };

    /// The date `year-month-day`, if it exists.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Self> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Self {
            days: days_from_civil(i64::from(year), month, day),
        })
    }

    /// `(year, month, day)`.
    pub fn ymd(self) -> (i32, u32, u32) {
        civil_from_days(self.days)
    }

    /// 0 = Monday .. 6 = Sunday.
    pub fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday (3).
        ((self.days + 3).rem_euclid(7)) as u32
    }

    /// True on Saturday and Sunday.
    pub fn is_weekend(self) -> bool {
        self.weekday() >= 5
    }

    /// The date `n` calendar days later.
    pub fn plus_days(self, n: i64) -> Self {
        Self {
            days: self.days + n,
        }
    }

    /// The first working day on or after this date.
    pub fn next_working_day(self) -> Self {
        match self.weekday() {
            5 => self.plus_days(2),
            6 => self.plus_days(1),
            _ => self,
        }
    }
}

/// Error parsing an ISO date.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not an ISO date (YYYY-MM-DD)")]
pub struct DateParseError(pub String);

impl FromStr for Date {
    type Err = DateParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || DateParseError(s.to_string());
        let t = s.trim();
        let mut parts = t.split('-');
        let (Some(y), Some(m), Some(d), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(err());
        };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(err());
        }
        let y: i32 = y.parse().map_err(|_| err())?;
        let m: u32 = m.parse().map_err(|_| err())?;
        let d: u32 = d.parse().map_err(|_| err())?;
        Date::from_ymd(y, m, d).ok_or_else(err)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

/// Maps working-day indices to dates and back, from a plan start date.
///
/// ```
/// use tandem::model::WorkDays;
/// use tandem::Date;
/// let wd = WorkDays::new("2027-01-02".parse().unwrap()); // a Saturday
/// assert_eq!(wd.date_of(0).to_string(), "2027-01-04"); // Monday
/// assert_eq!(wd.date_of(5).to_string(), "2027-01-11");
/// assert_eq!(wd.day_of("2027-01-09".parse().unwrap()), Some(5)); // Saturday -> next Monday
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WorkDays {
    /// Day 0: the first working day on or after the given start.
    day0: Date,
}

impl WorkDays {
    /// Working days counted from `start` (moved to the next working day if on a weekend).
    pub fn new(start: Date) -> Self {
        Self {
            day0: start.next_working_day(),
        }
    }

    /// The date of day 0.
    pub fn start(&self) -> Date {
        self.day0
    }

    /// The date of working day `day`.
    pub fn date_of(&self, day: u32) -> Date {
        let day = i64::from(day);
        let w0 = i64::from(self.day0.weekday()); // 0..=4
        let total = w0 + day;
        let weeks = total.div_euclid(5);
        let rem = total.rem_euclid(5);
        self.day0.plus_days(weeks * 7 + rem - w0)
    }

    /// The last working day whose date has a four-digit year (on or before
    /// [`Date::LAST`]); `None` when even day 0 is later.
    pub fn last_day(&self) -> Option<u32> {
        let d = self.day_of(Date::LAST)?;
        if self.date_of(d) > Date::LAST {
            d.checked_sub(1)
        } else {
            Some(d)
        }
    }

    /// The index of the first working day on or after `date`; `None` before the start.
    pub fn day_of(&self, date: Date) -> Option<u32> {
        let d = date.next_working_day();
        if d < self.day0 {
            return None;
        }
        let w0 = i64::from(self.day0.weekday());
        let calendar = d.days - self.day0.days + w0; // days from the Monday of day0's week
        let weeks = calendar.div_euclid(7);
        let rem = calendar.rem_euclid(7); // 0..=4 after next_working_day
        u32::try_from(weeks * 5 + rem - w0).ok()
    }
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(y) => 29,
        _ => 28,
    }
}

fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    ((if m <= 2 { y + 1 } else { y }) as i32, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_format_round_trip() {
        for s in ["2027-01-04", "2024-02-29", "1999-12-31", "2100-03-01"] {
            assert_eq!(s.parse::<Date>().unwrap().to_string(), s);
        }
        for bad in [
            "2023-02-29",
            "2027-13-01",
            "2027-1-4",
            "27-01-04",
            "2027-01-04x",
            "",
        ] {
            assert!(bad.parse::<Date>().is_err(), "{bad}");
        }
    }

    #[test]
    fn weekdays() {
        assert_eq!("2027-01-04".parse::<Date>().unwrap().weekday(), 0); // Monday
        assert_eq!("2026-11-30".parse::<Date>().unwrap().weekday(), 0); // Monday
        assert_eq!("2027-01-03".parse::<Date>().unwrap().weekday(), 6); // Sunday
    }

    #[test]
    fn working_days_round_trip_from_every_weekday() {
        for start in 0..7 {
            let wd = WorkDays::new("2027-01-04".parse::<Date>().unwrap().plus_days(start));
            for day in 0..40 {
                let date = wd.date_of(day);
                assert!(!date.is_weekend());
                assert_eq!(wd.day_of(date), Some(day));
            }
            // dates are increasing by one working day
            for day in 0..40 {
                let (a, b) = (wd.date_of(day), wd.date_of(day + 1));
                assert_eq!(b, a.plus_days(1).next_working_day());
            }
        }
    }

    #[test]
    fn before_start_is_none() {
        let wd = WorkDays::new("2027-01-06".parse().unwrap());
        assert_eq!(wd.day_of("2027-01-05".parse().unwrap()), None);
        assert_eq!(wd.day_of("2027-01-06".parse().unwrap()), Some(0));
    }

    #[test]
    fn the_last_day_is_the_last_four_digit_date() {
        // regression (issue 14 D): `--start 9999-12-31` wrote 10000-04-20
        assert_eq!(Date::from_ymd(9999, 12, 31), Some(Date::LAST));
        assert_eq!(Date::LAST.to_string(), "9999-12-31");
        let wd = WorkDays::new("9999-12-27".parse().unwrap()); // a Monday
        assert_eq!(wd.last_day(), Some(4)); // Friday 9999-12-31
        let wd = WorkDays::new("9999-12-20".parse().unwrap());
        assert_eq!(wd.last_day(), Some(9));
        // a start on Saturday 9999-12-25 moves to Monday 9999-12-27
        let wd = WorkDays::new("9999-12-25".parse().unwrap());
        assert_eq!(wd.last_day(), Some(4));
        let wd = WorkDays::new("2027-01-04".parse().unwrap());
        let last = wd.last_day().unwrap();
        assert_eq!(wd.date_of(last).to_string(), "9999-12-31");
    }
}
