//! `proficient show`: a framework as a table, JSON or CSV.

use std::path::Path;

use proficient::Framework;

use crate::output::{emit, emit_table, table, Csv};
use crate::{Failure, Format};

/// Writes `fw` in `format` to `out` or standard output.
pub fn run(fw: &Framework, format: Format, csv: Csv, out: Option<&Path>) -> Result<(), Failure> {
    match format {
        Format::Json => {
            // JSON is a framework document too: refuse what could not be read back.
            let text = serde_json::to_string_pretty(fw)
                .map_err(|e| Failure::Usage(format!("cannot render JSON: {e}")))?
                + "\n";
            proficient::input::check_writable(&text, "framework").map_err(Failure::Usage)?;
            emit(out, &text)
        }
        Format::Csv => emit(out, &render_csv(fw, csv)),
        Format::Table => emit_table(out, &render_table(fw)),
    }
}

fn render_csv(fw: &Framework, csv: Csv) -> String {
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

fn render_table(fw: &Framework) -> String {
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
        for k in &c.criteria {
            rows.push(vec![
                format!("  {}", k.id),
                String::new(),
                k.measure.name().to_string(),
                short(&k.statement, 90),
            ]);
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
