//! MSPDI value syntax: ISO 8601 durations and datetimes (through jiff),
//! numbers and flags.

use jiff::civil::DateTime;

/// Hours of an ISO 8601 duration as MSPDI writes them (`PT80H0M0S`,
/// `-PT8H0M0S`, `P1DT2H`: a day is 24 hours here, as in the format's
/// elapsed durations); `None` when it is not one or has years or months.
pub(crate) fn hours(text: &str) -> Option<f64> {
    static PARSER: jiff::fmt::temporal::SpanParser = jiff::fmt::temporal::SpanParser::new();
    let span = PARSER.parse_span(text).ok()?;
    if span.get_years() != 0 || span.get_months() != 0 {
        return None;
    }
    let h = f64::from(span.get_weeks()) * 168.0
        + f64::from(span.get_days()) * 24.0
        + f64::from(span.get_hours())
        + span.get_minutes() as f64 / 60.0
        + span.get_seconds() as f64 / 3600.0
        + span.get_milliseconds() as f64 / 3_600_000.0;
    h.is_finite().then_some(h)
}

/// An MSPDI datetime (`2016-01-04T08:00:00`; a bare date is accepted too).
pub(crate) fn datetime(text: &str) -> Option<DateTime> {
    text.parse::<DateTime>().ok().or_else(|| {
        text.parse::<jiff::civil::Date>()
            .ok()
            .map(|d| d.to_datetime(jiff::civil::Time::midnight()))
    })
}

/// A finite number.
pub(crate) fn number(text: &str) -> Option<f64> {
    text.parse::<f64>().ok().filter(|x| x.is_finite())
}

/// A whole number.
pub(crate) fn integer(text: &str) -> Option<i64> {
    text.parse::<i64>().ok()
}

/// An MSPDI boolean (`1`/`0`, `true`/`false`).
pub(crate) fn flag(text: Option<&str>) -> bool {
    matches!(text, Some("1") | Some("true"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(hours("PT80H0M0S"), Some(80.0));
        assert_eq!(hours("PT7H30M0S"), Some(7.5));
        assert_eq!(hours("-PT8H0M0S"), Some(-8.0));
        assert_eq!(hours("P1DT2H"), Some(26.0));
        assert_eq!(hours("PT0H0M0S"), Some(0.0));
        assert_eq!(hours("P1M"), None);
        assert_eq!(hours("80h"), None);
        assert_eq!(hours(""), None);
    }

    #[test]
    fn datetimes() {
        let d = datetime("2016-01-04T08:00:00").unwrap();
        assert_eq!((d.year(), d.month(), d.day(), d.hour()), (2016, 1, 4, 8));
        assert!(datetime("2016-02-30T08:00:00").is_none());
        assert_eq!(datetime("2016-01-04").unwrap().hour(), 0);
        assert!(datetime("yesterday").is_none());
    }
}
