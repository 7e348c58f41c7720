//! `show`, `validate` and `list` as tables, CSV or JSON.

use std::io::Write;

use crate::base::error::Diagnostic;
use crate::base::text::Num;
use crate::model::anchors::{by_section, sorted};
use crate::model::load::Catalogue;
use crate::model::Framework;
use crate::present::csv::Csv;
use crate::present::text::{table, terminal_safe};
use crate::present::{Format, Style};

/// A framework (`show`) in `style`; an error (what to say) when its JSON
/// could not be read back as a framework.
pub fn show(fw: &Framework, style: Style) -> Result<String, String> {
    match style.format {
        Format::Json => {
            // JSON is a framework document too: refuse what could not be read back.
            let text =
                crate::render::json::to_json(fw).map_err(|e| format!("cannot render JSON: {e}"))?;
            crate::input::check_writable(&text, "framework")?;
            Ok(text)
        }
        Format::Csv => Ok(show_csv(fw, style.csv)),
        Format::Table => Ok(terminal_safe(&show_table(fw)).into_owned()),
        Format::Html => Err("show has no html output, expected table, json or csv".into()),
    }
}

fn show_csv(fw: &Framework, csv: Csv) -> String {
    let mut out = String::from("competency,domain,category,criterion,measure,weight,statement\n");
    for c in &fw.competencies {
        for k in &c.criteria {
            csv.row(&mut out)
                .text(&c.id)
                .text(&c.domain)
                .text(c.category.as_deref().unwrap_or(""))
                .text(&k.id)
                .text(k.measure.name())
                .num(k.weight)
                .text(&k.statement)
                .end();
        }
    }
    out
}

fn show_table(fw: &Framework) -> String {
    let mut out = format!("{} (v{}) - {}\n", fw.title, fw.version, fw.id);
    out += &format!(
        "{} competencies, {} criteria; levels: {}\n\n",
        fw.competencies.len(),
        fw.criteria_count(),
        fw.levels
            .iter()
            .map(|l| format!("{} ≥ {}", l.id, l.threshold))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let mut rows = Vec::new();
    for c in &fw.competencies {
        rows.push(vec![
            c.id.clone(),
            c.domain.clone(),
            String::new(),
            short(&c.statement, 90),
        ]);
        for (section, criteria) in by_section(c) {
            if let Some(s) = section {
                rows.push(vec![
                    format!("  § {}", s.id),
                    String::new(),
                    String::new(),
                    short(&s.label, 90),
                ]);
            }
            for k in criteria {
                rows.push(vec![
                    format!("  {}", k.id),
                    String::new(),
                    k.measure.name().to_string(),
                    short(&k.statement, 90),
                ]);
                for a in sorted(fw.anchors_of(k)) {
                    rows.push(vec![
                        String::new(),
                        String::new(),
                        format!("{} =", Num(a.value)),
                        short(&a.label, 90),
                    ]);
                }
            }
        }
    }
    out += &table(&["id", "domain", "measure", "statement"], &rows);
    out
}

fn short(s: &str, n: usize) -> String {
    let flat = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= n {
        flat
    } else {
        flat.chars().take(n - 1).collect::<String>() + "…"
    }
}

/// Writes the problems `validate` found in `style`: JSON or CSV (a table
/// has them on standard error, one line each).
pub fn write_problems(
    out: &mut dyn Write,
    problems: &[Diagnostic],
    style: Style,
) -> std::io::Result<()> {
    match style.format {
        Format::Json => crate::render::json::write_json(out, problems),
        Format::Csv => {
            let mut text = String::from("file,line,column,path,code,message\n");
            for d in problems {
                style
                    .csv
                    .row(&mut text)
                    .text(d.file.as_deref().unwrap_or_default())
                    .opt(d.line)
                    .opt(d.column)
                    .text(&d.path)
                    .text(&d.code)
                    .text(&d.message)
                    .end();
            }
            out.write_all(text.as_bytes())
        }
        Format::Table | Format::Html => Ok(()),
    }
}

/// The shipped frameworks and profiles (`list`) as text, or JSON.
pub fn write_list(out: &mut dyn Write, c: &Catalogue, style: Style) -> std::io::Result<()> {
    if style.format == Format::Json {
        return crate::render::json::write_json(out, c);
    }
    let mut text = String::from("frameworks:\n");
    for f in &c.frameworks {
        text += &format!(
            "  {:<26} {} (v{}, {} competencies, {} criteria)\n",
            f.name, f.title, f.version, f.competencies, f.criteria
        );
    }
    text += "profiles:\n";
    for p in &c.profiles {
        text += &format!("  {:<26} {} (framework {})\n", p.name, p.title, p.framework);
    }
    out.write_all(text.as_bytes())
}
