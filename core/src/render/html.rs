//! Self-contained HTML pages for reports: inline CSS and inline SVG charts,
//! no scripts, no fonts or images from anywhere, so a page can be opened
//! offline or attached to an e-mail. Every text that comes from input is
//! escaped with [`escape`]; charts carry a `<title>` and `<desc>` and every
//! mark its own `<title>` (shown as a tooltip), and the same numbers are
//! always in a table next to the chart.

use std::fmt::Write as _;

/// `text` with `&`, `<`, `>`, `"` and `'` replaced by character references,
/// safe in element content and in quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "\
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1a1a1a;line-height:1.45}\
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}h3{font-size:1.05rem}\
table{border-collapse:collapse;margin:0.5rem 0 1rem;font-size:0.9rem}\
caption{text-align:left;font-weight:600;padding:0.25rem 0}\
th,td{border:1px solid #c8c8c8;padding:0.2rem 0.5rem;text-align:right;vertical-align:top}\
th[scope=row],td.text{text-align:left}thead th{background:#f0f0f0;text-align:left}\
td.suppressed{color:#666;text-align:center}\
.note{color:#444;font-size:0.9rem}\
figure{margin:1rem 0}figcaption{font-size:0.9rem;color:#444}\
svg{max-width:100%;height:auto;font-size:12px}\
svg .axis{stroke:#444;stroke-width:1}svg .grid{stroke:#e3e3e3;stroke-width:1}\
svg text{fill:#1a1a1a}\
.band-high{fill:#1b7837;stroke:#1b7837}.band-middle{fill:#d98c00;stroke:#d98c00}\
.band-low{fill:#b2182b;stroke:#b2182b}.band-none{fill:#777;stroke:#777}\
.swatch{display:inline-block;width:0.8em;height:0.8em;margin:0 0.3em 0 0.8em;vertical-align:middle}\
.swatch.band-high{background:#1b7837}.swatch.band-middle{background:#d98c00}\
.swatch.band-low{background:#b2182b}.swatch.band-none{background:#777}\
";

/// A complete HTML document with `title` and `body` (body is inserted as
/// is: build it from escaped parts).
pub fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        escape(title)
    )
}

/// One table cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// A row header (`<th scope="row">`), left aligned.
    Header(String),
    /// Text, left aligned.
    Text(String),
    /// A number or other right-aligned value.
    Number(String),
    /// A suppressed value, shown as `text` in a muted cell.
    Suppressed(String),
}

/// An accessible table: a caption, column headers (`<th scope="col">`) and
/// rows. All texts are escaped.
pub fn table(caption: &str, header: &[&str], rows: &[Vec<Cell>]) -> String {
    let mut out = String::from("<table>\n");
    let _ = writeln!(out, "<caption>{}</caption>", escape(caption));
    out.push_str("<thead><tr>");
    for h in header {
        let _ = write!(out, "<th scope=\"col\">{}</th>", escape(h));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in rows {
        out.push_str("<tr>");
        for cell in row {
            let _ = match cell {
                Cell::Header(t) => write!(out, "<th scope=\"row\">{}</th>", escape(t)),
                Cell::Text(t) => write!(out, "<td class=\"text\">{}</td>", escape(t)),
                Cell::Number(t) => write!(out, "<td>{}</td>", escape(t)),
                Cell::Suppressed(t) => write!(out, "<td class=\"suppressed\">{}</td>", escape(t)),
            };
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

/// Colours of chart series, distinguishable and printable.
const PALETTE: [&str; 10] = [
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2",
    "#7f7f7f", "#bcbd22",
];

/// The colour of series `i`.
pub fn series_colour(i: usize) -> &'static str {
    PALETTE.get(i % PALETTE.len()).copied().unwrap_or("#1f77b4")
}

/// A point estimate with its interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    /// The estimate.
    pub value: f64,
    /// Lower end.
    pub low: f64,
    /// Upper end.
    pub high: f64,
}

/// One series of an [`interval_chart`]: a value (or a gap) per category.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Legend name.
    pub name: String,
    /// One entry per category; `None` leaves a gap (e.g. a suppressed cell).
    pub points: Vec<Option<Interval>>,
}

fn clamp(x: f64, lo: f64, hi: f64) -> f64 {
    if x.is_nan() {
        lo
    } else {
        x.max(lo).min(hi)
    }
}

fn fmt_value(x: f64, percent: bool) -> String {
    if percent {
        format!("{:.1}%", x * 100.0)
    } else {
        format!("{x:.2}")
    }
}

/// A chart of estimates with intervals over categories (e.g. rates with
/// 95% intervals per group over periods): one colour per series, points
/// joined by lines between neighbouring categories, vertical bars for the
/// intervals, a legend. `percent` shows the y axis as percentages.
pub fn interval_chart(
    title: &str,
    description: &str,
    categories: &[String],
    series: &[Series],
    y_range: (f64, f64),
    percent: bool,
) -> String {
    let (y_min, y_max) = if y_range.1 > y_range.0 {
        y_range
    } else {
        (0.0, 1.0)
    };
    let (left, right, top, bottom) = (60.0, 20.0, 40.0, 60.0);
    let plot_w = (categories.len().max(1) as f64 * 110.0).clamp(600.0, 900.0);
    let plot_h = 300.0;
    let width = left + plot_w + right;
    let legend_cols = ((plot_w / 220.0).floor() as usize).max(1);
    let legend_rows = series.len().div_ceil(legend_cols).max(1);
    let height = top + plot_h + bottom + legend_rows as f64 * 18.0;
    let n = categories.len().max(1) as f64;
    let x_of = |i: usize| left + plot_w * (i as f64 + 0.5) / n;
    let y_of = |v: f64| top + plot_h * (1.0 - (clamp(v, y_min, y_max) - y_min) / (y_max - y_min));
    let mut s = svg_open(title, description, width, height, left);
    for k in 0..=5 {
        let v = y_min + (y_max - y_min) * k as f64 / 5.0;
        let y = y_of(v);
        let _ = writeln!(
            s,
            "<line class=\"grid\" x1=\"{left}\" x2=\"{:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            left + plot_w,
            left - 6.0,
            y + 4.0,
            escape(&fmt_value(v, percent))
        );
    }
    let _ = writeln!(
        s,
        "<line class=\"axis\" x1=\"{left}\" x2=\"{left}\" y1=\"{top}\" y2=\"{:.1}\"/>\
         <line class=\"axis\" x1=\"{left}\" x2=\"{:.1}\" y1=\"{:.1}\" y2=\"{:.1}\"/>",
        top + plot_h,
        left + plot_w,
        top + plot_h,
        top + plot_h
    );
    for (i, c) in categories.iter().enumerate() {
        let _ = writeln!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            x_of(i),
            top + plot_h + 18.0,
            escape(c)
        );
    }
    let count = series.len().max(1) as f64;
    let spread = (plot_w / n * 0.5).min(12.0 * count);
    for (k, ser) in series.iter().enumerate() {
        let colour = series_colour(k);
        let dx = if count > 1.0 {
            spread * (k as f64 / (count - 1.0) - 0.5)
        } else {
            0.0
        };
        let mut prev: Option<(f64, f64)> = None;
        for (i, p) in ser.points.iter().enumerate() {
            let Some(p) = p else {
                prev = None;
                continue;
            };
            let x = x_of(i) + dx;
            let (y, ylo, yhi) = (y_of(p.value), y_of(p.low), y_of(p.high));
            if let Some((px, py)) = prev {
                let _ = writeln!(
                    s,
                    "<line x1=\"{px:.1}\" y1=\"{py:.1}\" x2=\"{x:.1}\" y2=\"{y:.1}\" stroke=\"{colour}\" stroke-width=\"1.5\" opacity=\"0.6\"/>"
                );
            }
            let label = format!(
                "{}, {}: {} ({} to {})",
                ser.name,
                categories.get(i).map_or("", String::as_str),
                fmt_value(p.value, percent),
                fmt_value(p.low, percent),
                fmt_value(p.high, percent)
            );
            let _ = writeln!(
                s,
                "<g><title>{}</title>\
                 <line x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{ylo:.1}\" y2=\"{yhi:.1}\" stroke=\"{colour}\" stroke-width=\"2\"/>\
                 <line x1=\"{:.1}\" x2=\"{:.1}\" y1=\"{ylo:.1}\" y2=\"{ylo:.1}\" stroke=\"{colour}\"/>\
                 <line x1=\"{:.1}\" x2=\"{:.1}\" y1=\"{yhi:.1}\" y2=\"{yhi:.1}\" stroke=\"{colour}\"/>\
                 <circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"4\" fill=\"{colour}\"/></g>",
                escape(&label),
                x - 4.0,
                x + 4.0,
                x - 4.0,
                x + 4.0
            );
            prev = Some((x, y));
        }
    }
    for (k, ser) in series.iter().enumerate() {
        let (row, col) = (k / legend_cols, k % legend_cols);
        let x = left + col as f64 * 220.0;
        let name = if ser.points.iter().all(Option::is_none) {
            format!("{} (not shown)", crate::base::text::clip(&ser.name, 22))
        } else {
            crate::base::text::clip(&ser.name, 32)
        };
        let y = top + plot_h + 40.0 + row as f64 * 18.0;
        let _ = writeln!(
            s,
            "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"10\" height=\"10\" fill=\"{}\"/>\
             <text x=\"{:.1}\" y=\"{y:.1}\">{}</text>",
            y - 9.0,
            series_colour(k),
            x + 14.0,
            escape(&name)
        );
    }
    s.push_str("</svg>\n");
    s
}

/// One row of a [`range_chart`].
#[derive(Debug, Clone, PartialEq)]
pub struct RangeRow {
    /// Row label (e.g. an item).
    pub label: String,
    /// The estimate and its range (e.g. mean ± SD).
    pub interval: Interval,
    /// CSS class of the mark, e.g. `band-high`.
    pub class: String,
    /// Tooltip text.
    pub tooltip: String,
}

/// A horizontal chart, one row per entry: a dot at the estimate and a bar
/// for its range (e.g. item means with ±1 SD), coloured by `class`.
pub fn range_chart(
    title: &str,
    description: &str,
    rows: &[RangeRow],
    x_range: (f64, f64),
    x_label: &str,
) -> String {
    let (x_min, x_max) = if x_range.1 > x_range.0 {
        x_range
    } else {
        (0.0, 1.0)
    };
    let (left, right, top, bottom) = (330.0, 30.0, 40.0, 50.0);
    let plot_w = 520.0;
    let row_h = 20.0;
    let plot_h = rows.len().max(1) as f64 * row_h;
    let width = left + plot_w + right;
    let height = top + plot_h + bottom;
    let x_of = |v: f64| left + plot_w * (clamp(v, x_min, x_max) - x_min) / (x_max - x_min);
    let mut s = svg_open(title, description, width, height, 10.0);
    let span = x_max - x_min;
    let steps = if (1.0..=12.0).contains(&span) {
        span.round() as usize
    } else {
        5
    };
    for k in 0..=steps {
        let v = x_min + span * k as f64 / steps.max(1) as f64;
        let x = x_of(v);
        let _ = writeln!(
            s,
            "<line class=\"grid\" x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{top}\" y2=\"{:.1}\"/>\
             <text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            top + plot_h,
            top + plot_h + 16.0,
            escape(&format!("{v:.0}"))
        );
    }
    let _ = writeln!(
        s,
        "<line class=\"axis\" x1=\"{left}\" x2=\"{:.1}\" y1=\"{:.1}\" y2=\"{:.1}\"/>\
         <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
        left + plot_w,
        top + plot_h,
        top + plot_h,
        left + plot_w / 2.0,
        top + plot_h + 36.0,
        escape(x_label)
    );
    for (i, r) in rows.iter().enumerate() {
        let y = top + row_h * (i as f64 + 0.5);
        let class = escape(&r.class);
        let _ = writeln!(
            s,
            "<g class=\"{class}\"><title>{}</title>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" stroke=\"none\" fill=\"#1a1a1a\">{}</text>\
             <line x1=\"{:.1}\" x2=\"{:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke-width=\"3\" opacity=\"0.45\"/>\
             <circle cx=\"{:.1}\" cy=\"{y:.1}\" r=\"5\"/></g>",
            escape(&r.tooltip),
            left - 8.0,
            y + 4.0,
            escape(&crate::base::text::clip(&r.label, 46)),
            x_of(r.interval.low),
            x_of(r.interval.high),
            x_of(r.interval.value)
        );
    }
    s.push_str("</svg>\n");
    s
}

/// A stable id for a chart's title and description elements.
/// The opening of a chart: the `<svg>` element with its accessible title
/// and description, and the title written at `title_x`.
fn svg_open(title: &str, description: &str, width: f64, height: f64, title_x: f64) -> String {
    let id = chart_id(title);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 {width:.0} {height:.0}\" \
         width=\"{width:.0}\" height=\"{height:.0}\" aria-labelledby=\"{id}-t {id}-d\">\
         <title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>",
        escape(title),
        escape(description)
    );
    let _ = writeln!(
        s,
        "<text x=\"{title_x}\" y=\"20\" font-weight=\"600\">{}</text>",
        escape(title)
    );
    s
}

fn chart_id(title: &str) -> String {
    let mut h: u32 = 2_166_136_261;
    for b in title.bytes() {
        h = (h ^ u32::from(b)).wrapping_mul(16_777_619);
    }
    format!("c{h:08x}")
}

/// Formats a share in [0, 1] as a percentage with one decimal.
pub fn percent(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"y\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;"
        );
    }

    #[test]
    fn charts_escape_every_text() {
        let evil = "<b onmouseover=\"x\">&";
        let chart = interval_chart(
            evil,
            evil,
            &[evil.to_string()],
            &[Series {
                name: evil.into(),
                points: vec![Some(Interval {
                    value: 0.5,
                    low: 0.4,
                    high: 0.6,
                })],
            }],
            (0.0, 1.0),
            true,
        );
        assert!(!chart.contains("<b "));
        let chart = range_chart(
            evil,
            evil,
            &[RangeRow {
                label: evil.into(),
                interval: Interval {
                    value: 5.0,
                    low: 4.0,
                    high: 6.0,
                },
                class: evil.into(),
                tooltip: evil.into(),
            }],
            (1.0, 10.0),
            evil,
        );
        assert!(!chart.contains("<b "));
        let t = table(evil, &[evil], &[vec![Cell::Text(evil.into())]]);
        assert!(!t.contains("<b "));
        assert!(!page(evil, "").contains("<b "));
    }
}
