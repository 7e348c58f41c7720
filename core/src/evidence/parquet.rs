//! Evidence from Parquet files (feature `parquet`), and generated workloads
//! written as Parquet.
//!
//! A file is read one row group at a time, in record batches of
//! [`BATCH_ROWS`] rows, through the Arrow reader of [`crate::evidence::arrow`]: the
//! same column names and types are accepted (text, dictionaries of text,
//! numbers, booleans, `date32`/`timestamp` dates), and memory holds one row
//! group's pages and one batch, whatever the file size. Compression codecs
//! read: uncompressed, Snappy (pandas' and pyarrow's default), zstd
//! (polars' and Spark's) and LZ4.
//!
//! Errors name the file; a row's problem names the row (`line`: its 1-based
//! position in the file) and the column (`column`, 1-based, and `path`, its
//! name); a page that cannot be decoded names its row group.

use std::fs::File;
use std::path::Path;
use std::sync::Arc;

use arrow_array::builder::{ArrayBuilder, Date32Builder, Float64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{ArrowError, DataType, Field, Schema};
use parquet::arrow::arrow_reader::{
    ArrowReaderMetadata, ArrowReaderOptions, ParquetRecordBatchReaderBuilder,
};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

use crate::base::error::Location;
use crate::evidence::generate::{self, Items, Spec, Tally, Value};
use crate::evidence::item::{EvidenceError, ItemRef, Problem};
use crate::model::Framework;

/// Rows per record batch read or written.
pub const BATCH_ROWS: usize = 1 << 14;

fn error(line: Option<usize>, message: String) -> EvidenceError {
    EvidenceError {
        file: None,
        problems: vec![(
            Location {
                sheet: None,
                line,
                column: None,
                path: String::new(),
            },
            Problem::Io(message),
        )],
    }
}

/// Reads a Parquet evidence file, calling `sink(item, row)` for each row.
/// Returns the number of items read.
pub fn read_path(
    path: &Path,
    sink: impl FnMut(ItemRef<'_>, usize),
) -> Result<usize, EvidenceError> {
    let name = path.display().to_string();
    let file = File::open(path).map_err(|e| error(None, e.to_string()).with_file(&name))?;
    let meta = ArrowReaderMetadata::load(&file, ArrowReaderOptions::new())
        .map_err(|e| error(None, format!("not a readable Parquet file: {e}")).with_file(&name))?;
    let schema = Arc::clone(meta.schema());
    let groups = meta.metadata().num_row_groups();
    let batches = (0..groups).flat_map(move |g| -> Box<dyn Iterator<Item = _>> {
        let at = move |e: &dyn std::fmt::Display| {
            ArrowError::ExternalError(format!("row group {g}: {e}").into())
        };
        let reader = file.try_clone().map_err(|e| at(&e)).and_then(|f| {
            ParquetRecordBatchReaderBuilder::new_with_metadata(f, meta.clone())
                .with_row_groups(vec![g])
                .with_batch_size(BATCH_ROWS)
                .build()
                .map_err(|e| at(&e))
        });
        match reader {
            Ok(r) => Box::new(r.map(move |b| b.map_err(|e| at(&e)))),
            Err(e) => Box::new(std::iter::once(Err(e))),
        }
    });
    crate::evidence::arrow::read_batches(&schema, batches, sink).map_err(|e| e.with_file(&name))
}

/// Writes the items of `spec` over `fw` as a Parquet file (Snappy, row
/// groups of about a million rows): text columns as `utf8`, dates as
/// `date32`, `value`, `numerator` and `denominator` as `float64` (binary
/// values as 1 and 0). Returns what was meant (see [`generate::Tally`]).
/// Fails on a framework with no criteria (see [`generate::check`]).
pub fn write_generated(fw: &Framework, spec: &Spec, out: File) -> Result<Tally, String> {
    generate::check(fw)?;
    let text = |name: &str, nullable| Field::new(name, DataType::Utf8, nullable);
    let schema = Arc::new(Schema::new(vec![
        text("id", true),
        text("worker", false),
        text("criterion", false),
        text("kind", false),
        Field::new("date", DataType::Date32, false),
        text("assessor", true),
        Field::new("value", DataType::Float64, true),
        Field::new("numerator", DataType::Float64, true),
        Field::new("denominator", DataType::Float64, true),
        Field::new("expires", DataType::Date32, true),
        text("note", true),
    ]));
    let props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .build();
    let fail = |e: &dyn std::fmt::Display| format!("cannot write Parquet: {e}");
    let mut writer =
        ArrowWriter::try_new(out, Arc::clone(&schema), Some(props)).map_err(|e| fail(&e))?;
    let width = spec.workers.saturating_sub(1).max(1).to_string().len();
    let mut items = Items::new(fw, spec);
    loop {
        let mut cols = Columns::default();
        for item in items.by_ref().take(BATCH_ROWS) {
            cols.push(&item, width);
        }
        if cols.date.is_empty() {
            break;
        }
        let batch =
            RecordBatch::try_new(Arc::clone(&schema), cols.finish()).map_err(|e| fail(&e))?;
        writer.write(&batch).map_err(|e| fail(&e))?;
    }
    writer.close().map_err(|e| fail(&e))?;
    Ok(items.tally().clone())
}

#[derive(Default)]
struct Columns {
    id: StringBuilder,
    worker: StringBuilder,
    criterion: StringBuilder,
    kind: StringBuilder,
    date: Date32Builder,
    assessor: StringBuilder,
    value: Float64Builder,
    numerator: Float64Builder,
    denominator: Float64Builder,
    expires: Date32Builder,
    note: StringBuilder,
}

impl Columns {
    fn push(&mut self, item: &generate::Item<'_>, width: usize) {
        self.id.append_option(item.id.map(|i| format!("e{i}")));
        self.worker
            .append_value(generate::worker_id(item.worker, width));
        self.criterion.append_value(item.criterion);
        self.kind.append_value(item.kind);
        self.date.append_value(item.date.days());
        self.assessor.append_value(format!("a{}", item.assessor));
        let (v, n, d) = match item.value {
            Value::Number(x) => (Some(x), None, None),
            Value::Bool(b) => (Some(if b { 1.0 } else { 0.0 }), None, None),
            Value::Rate(n, d) => (None, Some(n), Some(d)),
            Value::Missing => (None, None, None),
        };
        self.value.append_option(v);
        self.numerator.append_option(n);
        self.denominator.append_option(d);
        self.expires.append_option(item.expires.map(|e| e.days()));
        self.note.append_option(item.note);
    }

    fn finish(mut self) -> Vec<ArrayRef> {
        vec![
            Arc::new(self.id.finish()),
            Arc::new(self.worker.finish()),
            Arc::new(self.criterion.finish()),
            Arc::new(self.kind.finish()),
            Arc::new(self.date.finish()),
            Arc::new(self.assessor.finish()),
            Arc::new(self.value.finish()),
            Arc::new(self.numerator.finish()),
            Arc::new(self.denominator.finish()),
            Arc::new(self.expires.finish()),
            Arc::new(self.note.finish()),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::generate::{framework, Output};
    use crate::{evidence, Explain, Scorer, ScoringPolicy};

    fn score(fw: &Framework, spec: &Spec, path: &Path) -> crate::ScoreResult {
        let mut s = Scorer::new(
            fw,
            spec.as_of,
            ScoringPolicy::for_framework(fw),
            Explain::None,
        );
        evidence::read_path(path, |item, line| s.push(item, line)).unwrap();
        s.finish()
    }

    #[test]
    fn parquet_scores_as_csv_does_across_row_groups_and_batches() {
        let dir = tempfile::tempdir().unwrap();
        let fw = framework(12, 5);
        let spec = Spec::new(40_000, 500);
        let pq = dir.path().join("e.parquet");
        let tally = write_generated(&fw, &spec, File::create(&pq).unwrap()).unwrap();
        let csv = dir.path().join("e.csv");
        let mut f = File::create(&csv).unwrap();
        assert_eq!(
            generate::write(&fw, &spec, Output::Csv, &mut f).unwrap(),
            tally
        );
        let (a, b) = (score(&fw, &spec, &pq), score(&fw, &spec, &csv));
        assert_eq!(a.counts, b.counts);
        assert_eq!(
            serde_json::to_value(&a.workers).unwrap(),
            serde_json::to_value(&b.workers).unwrap()
        );
        // Rows are numbered from 1 in the file, CSV lines from the header.
        let lines = |r: &crate::ScoreResult| r.rejected.iter().map(|x| x.line).collect::<Vec<_>>();
        let shifted: Vec<_> = lines(&b).iter().map(|l| l - 1).collect();
        let mut pl = lines(&a);
        let mut cl = shifted;
        pl.sort_unstable();
        cl.sort_unstable();
        assert_eq!(pl, cl);
    }

    #[test]
    fn errors_name_the_file_row_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.parquet");
        let schema = Arc::new(Schema::new(vec![
            Field::new("worker", DataType::Utf8, true),
            Field::new("criterion", DataType::Utf8, true),
            Field::new("kind", DataType::Utf8, true),
            Field::new("date", DataType::Utf8, true),
        ]));
        let col = |v: Vec<Option<&str>>| Arc::new(arrow_array::StringArray::from(v)) as ArrayRef;
        let batch = RecordBatch::try_new(
            Arc::clone(&schema),
            vec![
                col(vec![Some("w1"), Some("w2")]),
                col(vec![Some("c"), None]),
                col(vec![Some("k"), Some("k")]),
                col(vec![Some("2024-13-01"), Some("2024-01-01")]),
            ],
        )
        .unwrap();
        let mut w = ArrowWriter::try_new(File::create(&path).unwrap(), schema, None).unwrap();
        w.write(&batch).unwrap();
        w.close().unwrap();
        let err = read_path(&path, |_, _| {}).unwrap_err();
        let text: Vec<String> = err.diagnostics().iter().map(|d| d.to_string()).collect();
        assert_eq!(text.len(), 2, "{text:?}");
        assert!(
            text[0].starts_with(&format!("{}:1:4: date:", path.display())),
            "{text:?}"
        );
        assert!(
            text[1].starts_with(&format!("{}:2:2: criterion:", path.display())),
            "{text:?}"
        );

        std::fs::write(&path, b"PAR1 but not really").unwrap();
        let err = read_path(&path, |_, _| {}).unwrap_err().to_string();
        assert!(
            err.contains("bad.parquet") && err.contains("not a readable Parquet file"),
            "{err}"
        );
    }
}
