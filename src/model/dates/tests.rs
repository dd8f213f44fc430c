use proptest::prelude::*;

use super::*;

fn date(s: &str) -> Date {
    s.parse().unwrap()
}

#[test]
fn parse_and_format_round_trip() {
    for s in [
        "2027-01-04",
        "2024-02-29",
        "1999-12-31",
        "2100-03-01",
        "0000-01-01",
        "9999-12-31",
    ] {
        assert_eq!(s.parse::<Date>().unwrap().to_string(), s);
    }
    assert_eq!(" 2027-01-04 ".parse::<Date>(), Ok(date("2027-01-04")));
    for bad in [
        "2023-02-29",
        "2027-13-01",
        "2027-1-4",
        "27-01-04",
        "2027-01-04x",
        "20270104",
        "+2027-01-04",
        "2027-01-04T00:00",
        "2027/01/04",
        "",
    ] {
        assert_eq!(
            bad.parse::<Date>(),
            Err(DateParseError(bad.to_string())),
            "{bad}"
        );
    }
    assert_eq!(
        "2027-02-30".parse::<Date>().unwrap_err().to_string(),
        "`2027-02-30` is not an ISO date (YYYY-MM-DD)"
    );
}

#[test]
fn components_weekdays_and_day_arithmetic() {
    assert_eq!(Date::from_ymd(2027, 1, 4), Some(date("2027-01-04")));
    assert_eq!(Date::from_ymd(2027, 2, 29), None);
    assert_eq!(Date::from_ymd(10_000, 1, 1), None);
    assert_eq!(date("2024-02-29").ymd(), (2024, 2, 29));
    assert_eq!(date("2027-01-04").weekday(), 0); // Monday
    assert_eq!(date("2026-11-30").weekday(), 0); // Monday
    assert_eq!(date("2027-01-03").weekday(), 6); // Sunday
    assert!(date("2027-01-03").is_weekend());
    assert_eq!(date("1970-01-01").day_number(), 0);
    assert_eq!(date("1969-12-31").day_number(), -1);
    assert_eq!(Date::LAST.day_number(), 2_932_896);
    assert_eq!(date("2024-02-28").plus_days(2), Some(date("2024-03-01")));
    assert_eq!(date("2027-01-04").plus_days(-4), Some(date("2026-12-31")));
    assert_eq!(Date::LAST.plus_days(1), None);
    let jiff_date: jiff::civil::Date = date("2027-01-04").into();
    assert_eq!(Date::from(jiff_date), date("2027-01-04"));
}

#[test]
fn working_days_round_trip_from_every_weekday() {
    for start in 0..7 {
        let wd = WorkDays::new(date("2027-01-04").plus_days(start).unwrap());
        for day in 0..40 {
            let d = wd.date_of(day);
            assert!(!d.is_weekend());
            assert_eq!(wd.day_of(d), Some(day));
        }
        // dates are increasing by one working day
        for day in 0..40 {
            let (a, b) = (wd.date_of(day), wd.date_of(day + 1));
            let mut next = a.plus_days(1).unwrap();
            while next.is_weekend() {
                next = next.plus_days(1).unwrap();
            }
            assert_eq!(b, next);
        }
    }
}

#[test]
fn before_start_is_none() {
    let wd = WorkDays::new(date("2027-01-06"));
    assert_eq!(wd.day_of(date("2027-01-05")), None);
    assert_eq!(wd.day_of(date("2027-01-06")), Some(0));
    // a Sunday start: the Saturday before maps to day 0, the Friday does not
    let wd = WorkDays::new(date("2027-01-03"));
    assert_eq!(wd.start(), date("2027-01-04"));
    assert_eq!(wd.day_of(date("2027-01-02")), Some(0));
    assert_eq!(wd.day_of(date("2027-01-01")), None);
}

#[test]
fn the_last_day_is_the_last_four_digit_date() {
    // regression (issue 14 D): `--start 9999-12-31` wrote 10000-04-20
    assert_eq!(Date::from_ymd(9999, 12, 31), Some(Date::LAST));
    assert_eq!(Date::LAST.to_string(), "9999-12-31");
    let wd = WorkDays::new(date("9999-12-27")); // a Monday
    assert_eq!(wd.last_day(), Some(4)); // Friday 9999-12-31
    // later days have no four-digit date: they saturate, never year 10000
    assert_eq!(wd.date_of(5), Date::LAST);
    assert_eq!(wd.date_of(u32::MAX), Date::LAST);
    let wd = WorkDays::new(date("9999-12-20"));
    assert_eq!(wd.last_day(), Some(9));
    // a start on Saturday 9999-12-25 moves to Monday 9999-12-27
    let wd = WorkDays::new(date("9999-12-25"));
    assert_eq!(wd.last_day(), Some(4));
    let wd = WorkDays::new(date("2027-01-04"));
    let last = wd.last_day().unwrap();
    assert_eq!(wd.date_of(last).to_string(), "9999-12-31");
    // with 9999-12-31 a holiday, day 0 of a start on it has no date
    let wd = WorkDays::new(Date::LAST).with_exception(Date::LAST, false);
    assert_eq!(wd.last_day(), None);
    assert_eq!(wd.day_of(Date::LAST), Some(0)); // day 0, past the last date
    // nor has it when no weekday left in the year works
    let wd = WorkDays::new(date("9999-12-28")) // a Tuesday
        .with_weekdays([true, false, false, false, false, false, false])
        .unwrap();
    assert_eq!(wd.last_day(), None);
}

#[test]
fn a_week_without_working_days_is_refused() {
    let start = date("2027-01-04");
    assert_eq!(
        WorkDays::new(start).with_weekdays([false; 7]),
        Err(CalendarError::NoWorkingWeekday)
    );
    let every_day = WorkDays::new(start).with_weekdays([true; 7]).unwrap();
    assert_eq!(every_day.date_of(6), date("2027-01-10"));
}

#[test]
fn exceptions_are_normalised_later_ones_winning() {
    let wd = WorkDays::new(date("2027-01-04"))
        .with_exceptions(date("2027-01-10"), date("2027-01-20"), false)
        .with_exceptions(date("2027-01-12"), date("2027-01-13"), true)
        .with_exceptions(date("2027-01-05"), date("2027-01-09"), false) // joins the first
        .with_exceptions(date("2027-02-02"), date("2027-02-01"), true); // empty
    let got: Vec<(String, String, bool)> = wd
        .exceptions()
        .iter()
        .map(|e| (e.from.to_string(), e.to.to_string(), e.working))
        .collect();
    assert_eq!(
        got,
        [
            ("2027-01-05".into(), "2027-01-11".into(), false),
            ("2027-01-12".into(), "2027-01-13".into(), true),
            ("2027-01-14".into(), "2027-01-20".into(), false),
        ]
    );
    assert_eq!(wd.weekdays(), WorkDays::MONDAY_TO_FRIDAY);
    // Monday 4th, Tuesday 12th, Wednesday 13th, Thursday 21st
    let dates: Vec<String> = (0..4).map(|d| wd.date_of(d).to_string()).collect();
    assert_eq!(
        dates,
        ["2027-01-04", "2027-01-12", "2027-01-13", "2027-01-21"]
    );
    // the order of the builder calls does not matter for the pattern
    let a = WorkDays::new(date("2027-01-04"))
        .with_exception(date("2027-01-09"), true)
        .with_weekdays([true; 7])
        .unwrap();
    let b = WorkDays::new(date("2027-01-04"))
        .with_weekdays([true; 7])
        .unwrap()
        .with_exception(date("2027-01-09"), true);
    assert_eq!(a, b);
}

/// The calendar of day numbers, day by day: exceptions applied in order.
struct Brute {
    weekdays: [bool; 7],
    exceptions: Vec<(i64, i64, bool)>,
}

impl Brute {
    fn works(&self, e: i64) -> bool {
        let mut working = self.weekdays[(e + 3).rem_euclid(7) as usize];
        for &(from, to, w) in &self.exceptions {
            if (from..=to).contains(&e) {
                working = w;
            }
        }
        working
    }
}

fn weekdays() -> impl Strategy<Value = [bool; 7]> {
    proptest::array::uniform7(any::<bool>()).prop_filter("a working weekday", |w| w.contains(&true))
}

/// `(from, length, working)` as offsets from the start.
fn exceptions() -> impl Strategy<Value = Vec<(i64, i64, bool)>> {
    proptest::collection::vec((-20i64..200, 0i64..40, any::<bool>()), 0..12)
}

proptest! {
    #[test]
    fn calendar_arithmetic_matches_a_day_by_day_count(
        start_offset in 0i64..28,
        weekdays in weekdays(),
        exceptions in exceptions(),
    ) {
        let start = date("2027-01-01").plus_days(start_offset).unwrap();
        let s = start.day_number();
        let mut wd = WorkDays::new(start).with_weekdays(weekdays).unwrap();
        let mut brute = Brute { weekdays, exceptions: Vec::new() };
        for &(from, len, working) in &exceptions {
            let (f, t) = (s + from, s + from + len);
            wd = wd.with_exceptions(
                Date::from_day_number(f).unwrap(),
                Date::from_day_number(t).unwrap(),
                working,
            );
            brute.exceptions.push((f, t, working));
        }
        // the working days from the start, in order
        let mut days = Vec::new();
        let mut e = s;
        while days.len() < 150 {
            if brute.works(e) {
                days.push(e);
            }
            e += 1;
        }
        for (i, &e) in days.iter().enumerate() {
            prop_assert_eq!(wd.date_of(i as u32).day_number(), e, "day {}", i);
        }
        for e in s - 30..days[days.len() - 1] {
            let d = Date::from_day_number(e).unwrap();
            prop_assert_eq!(wd.is_working(d), brute.works(e), "{}", d);
            let want = days.iter().position(|&x| x >= e).map(|i| i as u32);
            let want = if e < s && !(e..s).all(|x| !brute.works(x)) { None } else { want };
            prop_assert_eq!(wd.day_of(d), want, "{}", d);
        }
        // the normalised exceptions: sorted, disjoint, of one kind where adjacent
        for pair in wd.exceptions().windows(2) {
            prop_assert!(pair[0].from <= pair[0].to);
            prop_assert!(pair[0].to < pair[1].from);
            prop_assert!(
                pair[0].working != pair[1].working
                    || pair[0].to.plus_days(1) != Some(pair[1].from)
            );
        }
    }
}

#[test]
fn far_days_match_a_day_by_day_count() {
    // holidays over eight millennia, a six-day week: day 2^21 and the last day
    let start = date("2027-01-04");
    let s = start.day_number();
    let mut wd = WorkDays::new(start)
        .with_weekdays([true, true, false, true, true, true, false])
        .unwrap();
    let mut brute = Brute {
        weekdays: wd.weekdays(),
        exceptions: Vec::new(),
    };
    let mut rng = 12_345u64;
    let mut next = |n: u64| {
        rng = rng
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (rng >> 33) % n
    };
    let last = Date::LAST.day_number();
    let mut exceptions = Vec::new();
    for _ in 0..300 {
        let from = s + next((last - s) as u64) as i64;
        let to = (from + next(60) as i64).min(last);
        exceptions.push((from, to, next(3) == 0));
    }
    exceptions.sort_by_key(|e| e.0);
    for &(f, t, w) in &exceptions {
        wd = wd.with_exceptions(
            Date::from_day_number(f).unwrap(),
            Date::from_day_number(t).unwrap(),
            w,
        );
    }
    brute.exceptions = exceptions;
    // day by day with a cursor over the (sorted) exceptions
    let works = |e: i64, from: usize| -> bool {
        let mut w = brute.weekdays[(e + 3).rem_euclid(7) as usize];
        for &(f, t, x) in &brute.exceptions[from..] {
            if f > e {
                break;
            }
            if e <= t {
                w = x;
            }
        }
        w
    };
    let (mut day, mut cursor) = (0u32, 0usize);
    let mut last_working = None;
    for e in s..=last {
        while cursor < brute.exceptions.len() && brute.exceptions[cursor].0 + 60 < e {
            cursor += 1;
        }
        if works(e, cursor) {
            if day == 2_097_152 || day % 100_003 == 0 {
                assert_eq!(wd.date_of(day).day_number(), e, "day {day}");
            }
            last_working = Some(day);
            day += 1;
        }
    }
    assert_eq!(wd.last_day(), last_working);
}
