//! What `import-case`, `export-case` and `import-sheet` write, and their notes.

use crate::interop::case::{framework_yaml, Export, Imported};

/// The framework YAML of an imported CASE package named `package`, with
/// a comment saying where it came from; an error (what to say) when it
/// could not be read back.
pub fn imported_yaml(imported: &Imported, package: &str) -> Result<String, String> {
    let fw = &imported.framework;
    let yaml = framework_yaml(fw)?;
    let text = format!(
        "# Imported from CASE package `{package}`: {} competencies, {} criteria.\n{yaml}",
        fw.competencies.len(),
        fw.criteria_count()
    );
    crate::input::check_writable(&text, "framework")?;
    Ok(text)
}

/// The framework YAML of a framework read from workbook `workbook`
/// (`import-sheet`), with a comment saying where it came from.
pub fn sheet_yaml(fw: &crate::model::Framework, workbook: &str) -> Result<String, String> {
    let yaml = framework_yaml(fw)?;
    let text = format!(
        "# Imported from workbook `{workbook}`: {} competencies, {} criteria.\n{yaml}",
        fw.competencies.len(),
        fw.criteria_count()
    );
    crate::input::check_writable(&text, "framework")?;
    Ok(text)
}

/// What an import tolerated, one note a line.
pub fn import_notes(imported: &Imported) -> Vec<String> {
    imported
        .notes
        .iter()
        .map(|d| format!("note: {d}"))
        .collect()
}

/// The CASE package JSON of an export; an error (what to say) when it
/// could not be read back.
pub fn exported_json(export: &Export) -> Result<String, String> {
    let json = export.json();
    crate::input::check_writable(&json, "CASE package")?;
    Ok(json)
}

/// What an export replaced or noticed, one note a line.
pub fn export_notes(export: &Export) -> Vec<String> {
    let replaced = export.replaced.iter().map(|r| {
        format!(
            "note: {}: identifier `{}` is not a UUID, replaced by `{}`",
            r.path, r.old, r.new
        )
    });
    let notes = export
        .notes
        .iter()
        .map(|d| format!("note: {}: {}", d.path, d.message));
    replaced.chain(notes).collect()
}
