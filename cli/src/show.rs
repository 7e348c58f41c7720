//! `proficient show`: a framework as a table, JSON or CSV.

use proficient::Framework;

use crate::output::{csv_field, table};
use crate::{Failure, Format};

/// Renders `fw` in `format`.
pub fn render(fw: &Framework, format: Format) -> Result<String, Failure> {
    match format {
        Format::Json => serde_json::to_string_pretty(fw)
            .map(|s| s + "\n")
            .map_err(|e| Failure::Usage(format!("cannot render JSON: {e}"))),
        Format::Csv => {
            let mut out =
                String::from("competency,domain,category,criterion,measure,weight,statement\n");
            for c in &fw.competencies {
                for k in &c.criteria {
                    out += &[
                        csv_field(&c.id),
                        csv_field(&c.domain),
                        csv_field(c.category.as_deref().unwrap_or("")),
                        csv_field(&k.id),
                        k.measure.name().to_string(),
                        k.weight.to_string(),
                        csv_field(&k.statement),
                    ]
                    .join(",");
                    out.push('\n');
                }
            }
            Ok(out)
        }
        Format::Table => {
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
            Ok(out)
        }
    }
}

fn short(s: &str, n: usize) -> String {
    let flat = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= n {
        flat
    } else {
        flat.chars().take(n - 1).collect::<String>() + "…"
    }
}
