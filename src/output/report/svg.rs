//! Drawing helpers shared by the report's views: escaping, number
//! formatting, goal colours, text width estimates and the day axis.

use std::fmt::Write;

use crate::model::WorkDays;

/// Width in pixels of the label column left of every time chart, so that
/// the Gantt chart, the goal timeline and the load charts share one x axis.
pub(super) const LABEL_WIDTH: f64 = 210.0;
/// Width in pixels of the time area of every chart.
pub(super) const PLOT_WIDTH: f64 = 960.0;
/// Space right of the plot (for "+N d late" labels).
pub(super) const RIGHT_MARGIN: f64 = 80.0;
/// Total width of every time chart.
pub(super) const CHART_WIDTH: f64 = LABEL_WIDTH + PLOT_WIDTH + RIGHT_MARGIN;
/// The label of the "today" line.
const TODAY: &str = "today";
/// Height of an axis with its labels.
pub(super) const AXIS_HEIGHT: f64 = 20.0;

/// `text` escaped for HTML and SVG text and attribute values: `& < > " '`
/// become entities, and control characters XML does not allow (everything
/// below U+0020 except tab and newline) are dropped.
pub(crate) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {}
            c => out.push(c),
        }
    }
    out
}

/// A number as `summary.json` prints it (tidied: `36`, `72.3`).
pub(super) fn num(x: f64) -> String {
    let t = crate::output::json::tidy_value(x);
    if t.fract() == 0.0 && t.abs() < 9_007_199_254_740_992.0 {
        format!("{}", t as i64)
    } else {
        format!("{t}")
    }
}

/// A number for people: as [`num`] but with at most one decimal from 100
/// up and two below (`153151.727449` reads `153151.7`).
pub(super) fn short(x: f64) -> String {
    let t = crate::output::json::tidy_value(x);
    if t.fract() == 0.0 || !t.is_finite() {
        return num(t);
    }
    let s = if t.abs() >= 100.0 {
        format!("{t:.1}")
    } else {
        format!("{t:.2}")
    };
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

/// Two significant digits at least, integers from 10 up (as the CLI prints).
pub(super) fn approx(x: f64) -> String {
    if x.abs() >= 10.0 {
        format!("{}", x.round() as i64)
    } else {
        format!("{x:.1}")
    }
}

/// A share `0..=1` as a whole percentage (`0.834` reads `83 %`); a share
/// strictly between 0 and 1 never reads `0 %` or `100 %` (`<1 %`, `>99 %`).
/// Shares outside `0..=1` are clamped; not a number reads `?`.
pub(super) fn percent(share: f64) -> String {
    if share.is_nan() {
        return "?".into();
    }
    let share = share.clamp(0.0, 1.0);
    let pct = (100.0 * share).round() as i64;
    if share > 0.0 && pct < 1 {
        "<1 %".into()
    } else if share < 1.0 && pct > 99 {
        ">99 %".into()
    } else {
        format!("{pct} %")
    }
}

/// A coordinate with at most one decimal (keeps the file small).
pub(super) fn px(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

/// Twelve distinct colours light enough for dark text on top; goals past
/// the twelfth get hues spaced by the golden angle.
const PALETTE: [&str; 12] = [
    "#7eb0d5", "#fd7f6f", "#b2e061", "#bd7ebe", "#ffb55a", "#ffee65", "#beb9db", "#fdcce5",
    "#8bd3c7", "#c9a47e", "#a0c4a9", "#e3a3a3",
];

/// The fill colour of goal number `g` (`None`: tasks without a goal).
pub(super) fn goal_colour(g: Option<usize>) -> String {
    match g {
        None => "#c8ced6".into(),
        Some(i) if i < PALETTE.len() => PALETTE[i].into(),
        Some(i) => {
            let hue = (i as f64 * 137.508) % 360.0;
            format!("hsl({:.0},60%,72%)", hue)
        }
    }
}

/// Estimated width in pixels of `text` at the report's 11 px font.
pub(super) fn text_width(text: &str) -> f64 {
    text.chars().count() as f64 * 6.3
}

/// `text` shortened with an ellipsis to fit `width` pixels.
pub(super) fn fit(text: &str, width: f64) -> String {
    if text_width(text) <= width {
        return text.to_string();
    }
    let keep = ((width / 6.3).floor() as usize).saturating_sub(1);
    let mut s: String = text.chars().take(keep).collect();
    s.push('…');
    s
}

/// The shared time axis: working days `0..days` over the plot area.
#[derive(Clone, Debug)]
pub(super) struct TimeAxis {
    /// Number of days shown (at least 1).
    pub days: u32,
    /// The plan's dates, when it has a start date.
    pub work_days: Option<WorkDays>,
    /// The day of the "today" line, if any; its label sits in the axis
    /// row, and tick labels it would cover are left out.
    pub today: Option<u32>,
}

impl TimeAxis {
    /// Pixels per day.
    pub fn scale(&self) -> f64 {
        PLOT_WIDTH / f64::from(self.days.max(1))
    }

    /// The x coordinate of the start of `day`.
    pub fn x(&self, day: u32) -> f64 {
        LABEL_WIDTH + f64::from(day.min(self.days)) * self.scale()
    }

    /// `day N`, or `day N (date)` with a start date.
    pub fn day_label(&self, day: u32) -> String {
        match &self.work_days {
            Some(wd) => format!("day {day} ({})", wd.date_of(day)),
            None => format!("day {day}"),
        }
    }

    /// A day for a table cell: `12`, or `12 (2027-01-20)` with a start date.
    pub fn day_cell(&self, day: u32) -> String {
        match &self.work_days {
            Some(wd) => format!("{day} ({})", wd.date_of(day)),
            None => day.to_string(),
        }
    }

    /// Days `from .. to` (half-open) in words, with dates when known:
    /// `days 3-8 (2027-01-07 - 2027-01-14)`.
    pub fn span_label(&self, from: u32, to: u32) -> String {
        if to <= from {
            return self.day_label(from);
        }
        let last = to - 1;
        match &self.work_days {
            Some(wd) => format!(
                "days {from}-{last} ({} to {})",
                wd.date_of(from),
                wd.date_of(last)
            ),
            None => format!("days {from}-{last}"),
        }
    }

    /// Days between ticks: at least 60 px apart (85 px with dates), on
    /// round numbers (whole weeks with dates).
    fn tick_step(&self) -> u32 {
        let (steps, min_px): (&[u32], f64) = match &self.work_days {
            Some(_) => (&[1, 5, 10, 20, 40, 65, 130, 260, 520, 1040, 2080], 85.0),
            None => (&[1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000], 60.0),
        };
        let scale = self.scale();
        steps
            .iter()
            .copied()
            .find(|&s| f64::from(s) * scale >= min_px)
            .unwrap_or_else(|| {
                let s = (min_px / scale).ceil();
                if s >= f64::from(u32::MAX) {
                    u32::MAX
                } else {
                    s as u32
                }
            })
    }

    /// The tick days `0, step, 2 step, ..` up to `days`.
    pub fn ticks(&self) -> Vec<u32> {
        let step = self.tick_step().max(1);
        (0..=self.days).step_by(step as usize).collect()
    }

    /// The label of a tick.
    pub fn tick_label(&self, day: u32) -> String {
        match &self.work_days {
            Some(wd) => wd.date_of(day).to_string(),
            None => day.to_string(),
        }
    }

    /// Vertical grid lines from `y0` to `y1` at every tick.
    pub fn grid(&self, out: &mut String, y0: f64, y1: f64) {
        let _ = write!(out, "<g class=\"grid\">");
        for d in self.ticks() {
            let x = px(self.x(d));
            let _ = write!(
                out,
                "<line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\"/>",
                px(y0),
                px(y1)
            );
        }
        let _ = write!(out, "</g>");
    }

    /// The extent of the "today" label, if any.
    fn today_label(&self) -> Option<(f64, f64)> {
        let x = self.x(self.today?) + 3.0;
        Some((x, x + text_width(TODAY)))
    }

    /// Tick labels on a line at `y` (the text baseline).
    pub fn labels(&self, out: &mut String, y: f64) {
        let _ = write!(out, "<g class=\"axis\">");
        let ticks = self.ticks();
        let avoid = self.today_label();
        for (i, &d) in ticks.iter().enumerate() {
            let x = self.x(d);
            let label = self.tick_label(d);
            let (l0, l1) = (x + 2.0, x + 2.0 + text_width(&label));
            if avoid.is_some_and(|(a, b)| l0 < b + 4.0 && a < l1 + 4.0) {
                continue;
            }
            // the last label must not run past the chart
            let anchor = if i + 1 == ticks.len() && x + text_width(&label) > CHART_WIDTH {
                " text-anchor=\"end\""
            } else {
                ""
            };
            let _ = write!(
                out,
                "<text x=\"{}\" y=\"{}\"{anchor}>{}</text>",
                px(x + 2.0),
                px(y),
                esc(&label)
            );
        }
        let _ = write!(out, "</g>");
    }

    /// The dashed "today" line from `y0` to `y1`, labelled in the axis row
    /// (text baseline `label_y`).
    pub fn today(&self, out: &mut String, y0: f64, y1: f64, label_y: f64) {
        let Some(t) = self.today else {
            return;
        };
        let x = px(self.x(t));
        let _ = write!(
            out,
            "<g class=\"today\"><title>today: {}</title><line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\"/><text x=\"{}\" y=\"{}\">{TODAY}</text></g>",
            esc(&self.day_label(t)),
            px(y0),
            px(y1),
            px(self.x(t) + 3.0),
            px(label_y)
        );
    }
}

/// Opens an `<svg>` element of the given size.
pub(super) fn open_svg(out: &mut String, width: f64, height: f64, label: &str) {
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{}\">",
        esc(label),
        w = px(width),
        h = px(height)
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Date;

    #[test]
    fn escapes_markup_and_drops_control_characters() {
        assert_eq!(
            esc("a<b> & \"c\" 'd'\u{1}\te"),
            "a&lt;b&gt; &amp; &quot;c&quot; &#39;d&#39;\te"
        );
        assert_eq!(esc("Zürich → ok"), "Zürich → ok");
    }

    #[test]
    fn numbers_match_summary_json() {
        assert_eq!(num(0.1 * 3.0 * 120.0), "36");
        assert_eq!(num(72.3), "72.3");
        assert_eq!(num(0.1 + 0.2), "0.3");
        assert_eq!(short(153151.727449), "153151.7");
        assert_eq!(short(2.5), "2.5");
        assert_eq!(short(0.333333), "0.33");
        assert_eq!(short(599776.0), "599776");
        assert_eq!(px(12.345), "12.3");
        assert_eq!(px(7.0), "7");
        assert_eq!(percent(0.834), "83 %");
        assert_eq!(percent(1.0), "100 %");
        assert_eq!(percent(0.0), "0 %");
        assert_eq!(percent(0.996), ">99 %");
        assert_eq!(percent(0.004), "<1 %");
        assert_eq!(percent(0.5), "50 %");
        assert_eq!(percent(-0.1), "0 %");
        assert_eq!(percent(f64::NAN), "?");
    }

    #[test]
    fn ticks_are_round_and_fit() {
        let axis = TimeAxis {
            days: 100,
            work_days: None,
            today: None,
        };
        assert_eq!(axis.ticks()[..3], [0, 10, 20]);
        assert_eq!(axis.x(0), LABEL_WIDTH);
        assert_eq!(axis.x(100), LABEL_WIDTH + PLOT_WIDTH);
        let dated = TimeAxis {
            days: 100,
            work_days: Some(WorkDays::new(Date::from_ymd(2027, 1, 4).unwrap())),
            today: None,
        };
        assert_eq!(dated.ticks()[..2], [0, 10]);
        assert_eq!(dated.tick_label(10), "2027-01-18");
        let tiny = TimeAxis {
            days: 1_000_000,
            work_days: None,
            today: None,
        };
        assert!(tiny.ticks().len() < 30);
    }

    #[test]
    fn long_text_is_shortened() {
        assert_eq!(fit("short", 100.0), "short");
        let f = fit("a very long task name indeed", 60.0);
        assert!(f.ends_with('…') && text_width(&f) <= 60.0 + 6.3, "{f}");
    }
}
