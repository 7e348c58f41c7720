//! Results as `.xlsx` workbooks (rust_xlsxwriter, feature `sheets`): each
//! operation's CSV layout as a sheet, its cells typed (numbers as numbers,
//! dates as date cells, `true`/`false` as booleans, the rest text), the
//! header row bold and frozen, the columns fitted to their text; `score`
//! adds the levels matrix coloured as the trainer's report colours levels,
//! and the rejected items.
//!
//! No cell is ever a formula: text is written as text, and text starting
//! with `=`, `+`, `-`, `@`, a tab or a carriage return carries the cell's
//! quote prefix (what typing `'` before it in a spreadsheet does), so it
//! stays text even when the cell is edited: the workbook form of the CSV
//! `'` (see [`crate::render::csv_out`]).
//!
//! The layouts are those of CSV, written with [`Formulas::Typed`]: text
//! cells marked, so that a worker id `4` stays text and a score `4` is a
//! number.

use rust_xlsxwriter::{Color, ExcelDateTime, Format as CellFormat, Workbook, Worksheet};

use crate::model::Framework;
use crate::render::csv_out::{is_formula, Formulas, TYPED_TEXT};
use crate::scoring::score::ScoreResult;

/// The [`crate::present::Style`] whose CSV this module reads: CSV, text
/// cells marked.
pub fn typed_style() -> crate::present::Style {
    crate::present::Style::of(crate::present::Format::Csv, Formulas::Typed)
}

/// Cell formats of a workbook.
struct Formats {
    header: CellFormat,
    text_guarded: CellFormat,
    date: CellFormat,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            header: CellFormat::new().set_bold(),
            text_guarded: CellFormat::new().set_quote_prefix(),
            date: CellFormat::new().set_num_format("yyyy-mm-dd"),
        }
    }
}

fn err(e: rust_xlsxwriter::XlsxError) -> String {
    format!("cannot write the workbook: {e}")
}

/// A workbook of one sheet per `(name, csv)`: `csv` written with
/// [`typed_style`] (its header row first).
pub fn workbook_from_csv(sheets: &[(&str, &[u8])]) -> Result<Vec<u8>, String> {
    let mut wb = Workbook::new();
    let f = Formats::new();
    for (name, csv) in sheets {
        workbook_sheet(&mut wb, &f, name, csv)?;
    }
    wb.save_to_buffer().map_err(err)
}

/// Header frozen, columns fitted.
fn finish(ws: &mut Worksheet) -> Result<(), String> {
    ws.set_freeze_panes(1, 0).map_err(err)?;
    ws.autofit();
    Ok(())
}

/// One cell of typed CSV: marked text as text, else a number, a
/// `YYYY-MM-DD` date, `true`/`false`, or (a header, an unmarked word) text.
fn write_cell(
    ws: &mut Worksheet,
    f: &Formats,
    row: u32,
    col: u16,
    field: &str,
) -> Result<(), String> {
    if let Some(text) = field.strip_prefix(TYPED_TEXT) {
        return write_text(ws, f, row, col, text);
    }
    if field.is_empty() {
        return Ok(());
    }
    if let Ok(x) = field.parse::<f64>() {
        if x.is_finite() {
            ws.write_number(row, col, x).map_err(err)?;
            return Ok(());
        }
    }
    if let Some(d) = date(field) {
        ws.write_datetime_with_format(row, col, &d, &f.date)
            .map_err(err)?;
        return Ok(());
    }
    match field {
        "true" | "false" => {
            ws.write_boolean(row, col, field == "true").map_err(err)?;
            Ok(())
        }
        _ => write_text(ws, f, row, col, field),
    }
}

/// Text, with the quote prefix when a spreadsheet would take it for a formula.
fn write_text(
    ws: &mut Worksheet,
    f: &Formats,
    row: u32,
    col: u16,
    text: &str,
) -> Result<(), String> {
    if is_formula(text) {
        ws.write_string_with_format(row, col, text, &f.text_guarded)
    } else {
        ws.write_string(row, col, text)
    }
    .map(|_| ())
    .map_err(err)
}

/// A `YYYY-MM-DD` date as a date cell's value.
fn date(text: &str) -> Option<ExcelDateTime> {
    let d = crate::base::date::Date::parse(text).ok()?;
    if text.len() != 10 {
        return None;
    }
    let (y, m, day) = d.ymd();
    ExcelDateTime::from_ymd(
        u16::try_from(y).ok()?,
        u8::try_from(m).ok()?,
        u8::try_from(day).ok()?,
    )
    .ok()
}

/// The fill of a level, as the trainer's report colours levels: the
/// framework's levels spread over four colours, lowest to highest
/// (`trainer::report`'s `lv0`-`lv3`), grey when not assessed.
fn level_fill(fw: &Framework, level: Option<&str>) -> Color {
    const FILLS: [u32; 4] = [0xF2D7D5, 0xFBE7C2, 0xCFE8D6, 0x8FD0A6];
    match level.and_then(|l| fw.level_index(l)) {
        Some(i) => {
            let n = fw.levels.len().max(2) - 1;
            Color::RGB(FILLS.get((i * 3 + n / 2) / n).copied().unwrap_or(0xECEFF3))
        }
        None => Color::RGB(0xECEFF3),
    }
}

/// `score` as a workbook: `Scores` (the CSV layout: one row per worker and
/// competency), `Levels` (workers × competencies, each cell its level,
/// coloured as the trainer's report colours it) and `Rejected` (every
/// item not used, with its line (row), reason and detail).
pub fn score_workbook(
    fw: &Framework,
    r: &ScoreResult,
    scores_csv: &[u8],
) -> Result<Vec<u8>, String> {
    let mut wb = Workbook::new();
    let f = Formats::new();
    workbook_sheet(&mut wb, &f, "Scores", scores_csv)?;
    let ws = wb.add_worksheet().set_name("Levels").map_err(err)?;
    ws.write_string_with_format(0, 0, "worker", &f.header)
        .map_err(err)?;
    for (c, comp) in fw.competencies.iter().enumerate() {
        let col = u16::try_from(c + 1).map_err(|_| "too many competencies".to_string())?;
        ws.write_string_with_format(0, col, &comp.id, &f.header)
            .map_err(err)?;
    }
    for (w, worker) in r.workers.iter().enumerate() {
        let row = u32::try_from(w + 1).map_err(|_| "too many workers".to_string())?;
        write_text(ws, &f, row, 0, &worker.worker)?;
        for (c, score) in worker.competencies.iter().enumerate() {
            let col = u16::try_from(c + 1).map_err(|_| "too many competencies".to_string())?;
            let level = score.level.as_deref();
            let fill = CellFormat::new().set_background_color(level_fill(fw, level));
            ws.write_string_with_format(row, col, level.unwrap_or(""), &fill)
                .map_err(err)?;
        }
    }
    finish(ws)?;
    let ws = wb.add_worksheet().set_name("Rejected").map_err(err)?;
    for (c, h) in ["id", "line", "worker", "criterion", "reason", "detail"]
        .iter()
        .enumerate()
    {
        ws.write_string_with_format(0, c as u16, *h, &f.header)
            .map_err(err)?;
    }
    for (i, x) in r.rejected.iter().enumerate() {
        let row = u32::try_from(i + 1).map_err(|_| "too many rejected items".to_string())?;
        write_text(ws, &f, row, 0, x.id.as_deref().unwrap_or(""))?;
        ws.write_number(row, 1, x.line as f64).map_err(err)?;
        write_text(ws, &f, row, 2, &x.worker)?;
        write_text(ws, &f, row, 3, &x.criterion)?;
        write_text(ws, &f, row, 4, x.reason.as_str())?;
        write_text(ws, &f, row, 5, &x.detail)?;
    }
    finish(ws)?;
    wb.save_to_buffer().map_err(err)
}

/// A sheet of typed CSV added to `wb`.
fn workbook_sheet<'w>(
    wb: &'w mut Workbook,
    f: &Formats,
    name: &str,
    csv: &[u8],
) -> Result<&'w mut Worksheet, String> {
    let ws = wb.add_worksheet().set_name(name).map_err(err)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(csv);
    for (r, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("cannot write the workbook: {e}"))?;
        let row = u32::try_from(r).map_err(|_| "too many rows for a workbook".to_string())?;
        for (c, field) in record.iter().enumerate() {
            let col = u16::try_from(c).map_err(|_| "too many columns".to_string())?;
            if r == 0 {
                let text = field.strip_prefix(TYPED_TEXT).unwrap_or(field);
                ws.write_string_with_format(row, col, text, &f.header)
                    .map_err(err)?;
            } else {
                write_cell(ws, f, row, col, field)?;
            }
        }
    }
    finish(ws)?;
    Ok(ws)
}

/// The framework template (`interop::sheet`) as a workbook: each sheet's
/// header bold and frozen, text as text (formula characters quoted),
/// numbers as numbers, `true` as a boolean, columns fitted; its creation
/// time fixed, so that a framework always gives the same bytes.
pub fn template_workbook(t: &crate::interop::sheet::Template) -> Result<Vec<u8>, String> {
    use serde_json::Value;
    let mut wb = Workbook::new();
    // A fixed creation time: the same framework gives the same bytes.
    let created = ExcelDateTime::from_ymd(2000, 1, 1).map_err(err)?;
    wb.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&created));
    let f = Formats::new();
    for sheet in &t.sheets {
        let ws = wb.add_worksheet().set_name(&sheet.name).map_err(err)?;
        for (r, row) in sheet.rows.iter().enumerate() {
            let r32 = u32::try_from(r).map_err(|_| "too many rows for a workbook".to_string())?;
            for (c, cell) in row.iter().enumerate() {
                let col = u16::try_from(c).map_err(|_| "too many columns".to_string())?;
                match cell {
                    Value::String(s) if r == 0 => {
                        ws.write_string_with_format(r32, col, s, &f.header)
                            .map_err(err)?;
                    }
                    Value::String(s) => write_text(ws, &f, r32, col, s)?,
                    Value::Number(n) => {
                        if let Some(x) = n.as_f64() {
                            ws.write_number(r32, col, x).map_err(err)?;
                        }
                    }
                    Value::Bool(b) => {
                        ws.write_boolean(r32, col, *b).map_err(err)?;
                    }
                    _ => {}
                }
            }
        }
        finish(ws)?;
    }
    wb.save_to_buffer().map_err(err)
}
