//! Evidence from Apache Arrow record batches (feature `arrow`).
//!
//! Columns are found by name, as in CSV: `id, worker, criterion, kind, date,
//! assessor, value, numerator, denominator, expires, note` (case and
//! surrounding spaces ignored); `worker, criterion, kind, date` are required.
//! Accepted column types:
//!
//! - text fields: `utf8`, `large_utf8`, `utf8_view`, dictionaries of those,
//!   and numbers (integers in decimal, e.g. numeric worker ids; whole floats
//!   without a fraction, as pandas makes integer columns with gaps);
//! - `date`, `expires`: `date32`, `date64`, `timestamp` (any unit; the date
//!   part of the stored value, i.e. the UTC date for zoned timestamps), or
//!   text as `YYYY-MM-DD`;
//! - `value`, `numerator`, `denominator`: floats, integers, booleans or text
//!   (text is read as in CSV: a number, or yes/no);
//! - a column with no values (all null, e.g. pandas' all-NaN column for an
//!   empty optional field) is accepted whatever its type.
//!
//! Values are read as in CSV: a null or an empty (after trimming) text is a
//! missing value; text is trimmed. An item's `line` is its 1-based position
//! over all batches. An unknown, duplicate or missing required column, a
//! column of another type, a missing required value or a bad date is an
//! [`EvidenceError`] naming the column (`path`), its position (`column`,
//! 1-based) and, for values, the row (`line`).
//!
//! Rows are handed to the sink as borrowed [`ItemRef`]s straight from the
//! Arrow buffers: nothing is allocated per row, except the text of numbers
//! in text fields.

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Date64Type, Float32Type, Float64Type, Int16Type, Int32Type, Int64Type, Int8Type,
    TimestampMicrosecondType, TimestampMillisecondType, TimestampNanosecondType,
    TimestampSecondType, UInt16Type, UInt32Type, UInt64Type, UInt8Type,
};
use arrow_array::{
    Array, ArrowPrimitiveType, BooleanArray, GenericStringArray, OffsetSizeTrait, RecordBatch,
    RecordBatchReader, StringViewArray,
};
use arrow_schema::{ArrowError, DataType, Schema, TimeUnit};

use crate::base::date::Date;
use crate::base::error::{Location, Problems};
use crate::base::text::clip;
use crate::evidence::item::{EvidenceError, ItemRef, Problem, ValueRef, FIELDS};

const ID: usize = 0;
const WORKER: usize = 1;
const CRITERION: usize = 2;
const KIND: usize = 3;
const DATE: usize = 4;
const ASSESSOR: usize = 5;
const VALUE: usize = 6;
const NUMERATOR: usize = 7;
const DENOMINATOR: usize = 8;
const EXPIRES: usize = 9;
const NOTE: usize = 10;

/// What a field holds, which decides the column types it accepts.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Text,
    Date,
    Value,
}

fn role(field: usize) -> Role {
    match field {
        DATE | EXPIRES => Role::Date,
        VALUE | NUMERATOR | DENOMINATOR => Role::Value,
        _ => Role::Text,
    }
}

fn expected_types(role: Role) -> &'static str {
    match role {
        Role::Text => "text (utf8, large_utf8, utf8_view or a dictionary of text) or numbers",
        Role::Date => "date32, date64, timestamp, or text as `YYYY-MM-DD`",
        Role::Value => "numbers, booleans or text",
    }
}

fn problem(line: Option<usize>, column: Option<usize>, path: &str, p: Problem) -> EvidenceError {
    EvidenceError {
        file: None,
        problems: vec![(
            Location {
                sheet: None,
                line,
                column,
                path: path.to_string(),
            },
            p,
        )],
    }
}

/// Which schema position holds each evidence field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columns {
    positions: [Option<usize>; 11],
}

impl Columns {
    /// Finds the evidence columns of `schema` by name; unknown, duplicate
    /// and missing required columns are errors (every one is listed).
    /// Column types are checked batch by batch.
    pub fn resolve(schema: &Schema) -> Result<Columns, EvidenceError> {
        let mut positions = [None; 11];
        let mut problems = Vec::new();
        let at = |i: usize, name: &str| Location {
            sheet: None,
            line: None,
            column: Some(i + 1),
            path: name.to_string(),
        };
        for (i, field) in schema.fields().iter().enumerate() {
            let name = field.name().trim().to_ascii_lowercase();
            match FIELDS.iter().position(|f| *f == name) {
                Some(f) => match positions.get_mut(f) {
                    Some(slot @ None) => *slot = Some(i),
                    _ => problems.push((at(i, &name), Problem::DuplicateColumn(name))),
                },
                None => problems.push((
                    at(i, field.name()),
                    Problem::UnknownColumn(clip(field.name(), 40)),
                )),
            }
        }
        for required in [WORKER, CRITERION, KIND, DATE] {
            if positions.get(required).copied().flatten().is_none() {
                let name = FIELDS.get(required).copied().unwrap_or("");
                problems.push((
                    Location {
                        sheet: None,
                        line: None,
                        column: None,
                        path: name.to_string(),
                    },
                    Problem::MissingColumn(name),
                ));
            }
        }
        if problems.is_empty() {
            Ok(Columns { positions })
        } else {
            Err(EvidenceError {
                file: None,
                problems,
            })
        }
    }
}

/// A primitive column: its values and validity.
struct Prim<'a, T: ArrowPrimitiveType> {
    array: &'a arrow_array::PrimitiveArray<T>,
}

impl<T: ArrowPrimitiveType> Prim<'_, T> {
    fn get(&self, i: usize) -> Option<T::Native> {
        if self.array.is_null(i) {
            return None;
        }
        self.array.values().get(i).copied()
    }
}

fn prim<T: ArrowPrimitiveType>(a: &dyn Array) -> Option<Prim<'_, T>> {
    a.as_primitive_opt::<T>().map(|array| Prim { array })
}

/// A text column.
enum Text<'a> {
    Utf8(&'a GenericStringArray<i32>),
    Large(&'a GenericStringArray<i64>),
    View(&'a StringViewArray),
    /// A dictionary: normalised keys into its values, and the keys' validity.
    Dict {
        keys: Vec<usize>,
        array: &'a dyn Array,
        values: Box<Text<'a>>,
    },
    /// Numbers written as text, once per batch: integers in decimal,
    /// whole floats without a fraction (`7.0` is `7`, as pandas turns an
    /// integer column with gaps into floats), NaN as missing.
    Owned(Vec<Option<String>>),
    Null,
}

/// A float as text: whole numbers without a fraction, NaN as missing.
fn float_text(x: f64) -> Option<String> {
    if x.is_nan() {
        None
    } else if x.fract() == 0.0 && x.abs() < 9.007_199_254_740_992e15 {
        Some(format!("{}", x as i64))
    } else {
        Some(x.to_string())
    }
}

fn string_at<O: OffsetSizeTrait>(a: &GenericStringArray<O>, i: usize) -> Option<&str> {
    (i < a.len() && !a.is_null(i)).then(|| a.value(i))
}

impl<'a> Text<'a> {
    /// A text column; numbers are written as text when `numbers`.
    fn new(a: &'a dyn Array, numbers: bool) -> Option<Text<'a>> {
        if let Some(s) = a.as_string_opt::<i32>() {
            return Some(Text::Utf8(s));
        }
        if let Some(s) = a.as_string_opt::<i64>() {
            return Some(Text::Large(s));
        }
        if let Some(s) = a.as_string_view_opt() {
            return Some(Text::View(s));
        }
        if let Some(d) = a.as_any_dictionary_opt() {
            let values = Text::new(d.values().as_ref(), false)?;
            return Some(Text::Dict {
                keys: d.normalized_keys(),
                array: a,
                values: Box::new(values),
            });
        }
        if matches!(a.data_type(), DataType::Null) {
            return Some(Text::Null);
        }
        if !numbers {
            return None;
        }
        fn owned<T: ArrowPrimitiveType>(a: &dyn Array) -> Option<Text<'_>>
        where
            T::Native: std::fmt::Display,
        {
            let p = prim::<T>(a)?;
            Some(Text::Owned(
                (0..a.len())
                    .map(|i| p.get(i).map(|v| v.to_string()))
                    .collect(),
            ))
        }
        match a.data_type() {
            DataType::Int8 => owned::<Int8Type>(a),
            DataType::Int16 => owned::<Int16Type>(a),
            DataType::Int32 => owned::<Int32Type>(a),
            DataType::Int64 => owned::<Int64Type>(a),
            DataType::UInt8 => owned::<UInt8Type>(a),
            DataType::UInt16 => owned::<UInt16Type>(a),
            DataType::UInt32 => owned::<UInt32Type>(a),
            DataType::UInt64 => owned::<UInt64Type>(a),
            DataType::Float32 | DataType::Float64 => {
                let f32s = prim::<Float32Type>(a);
                let f64s = prim::<Float64Type>(a);
                let get = |i: usize| match (&f32s, &f64s) {
                    (Some(p), _) => p.get(i).map(f64::from),
                    (_, Some(p)) => p.get(i),
                    _ => None,
                };
                Some(Text::Owned(
                    (0..a.len()).map(|i| get(i).and_then(float_text)).collect(),
                ))
            }
            _ => None,
        }
    }

    /// The text at row `i`, trimmed; `None` when null or empty.
    fn get(&self, i: usize) -> Option<&str> {
        let raw = match self {
            Text::Utf8(a) => string_at(a, i),
            Text::Large(a) => string_at(a, i),
            Text::View(a) => (i < a.len() && !a.is_null(i)).then(|| a.value(i)),
            Text::Dict {
                keys,
                array,
                values,
            } => {
                if i >= array.len() || array.is_null(i) {
                    None
                } else {
                    keys.get(i).and_then(|&k| values.get(k))
                }
            }
            Text::Owned(v) => v.get(i).and_then(|s| s.as_deref()),
            Text::Null => None,
        };
        raw.map(str::trim).filter(|s| !s.is_empty())
    }
}

/// A date column.
enum Dates<'a> {
    Days(Prim<'a, Date32Type>),
    /// Integers counting `per_day` units per day since 1970-01-01.
    Ticks(TickColumn<'a>),
    Text(Text<'a>),
}

enum TickColumn<'a> {
    Date64(Prim<'a, Date64Type>),
    Seconds(Prim<'a, TimestampSecondType>),
    Millis(Prim<'a, TimestampMillisecondType>),
    Micros(Prim<'a, TimestampMicrosecondType>),
    Nanos(Prim<'a, TimestampNanosecondType>),
}

impl TickColumn<'_> {
    fn get(&self, i: usize) -> Option<(i64, i64)> {
        match self {
            TickColumn::Date64(p) => p.get(i).map(|v| (v, 86_400_000)),
            TickColumn::Seconds(p) => p.get(i).map(|v| (v, 86_400)),
            TickColumn::Millis(p) => p.get(i).map(|v| (v, 86_400_000)),
            TickColumn::Micros(p) => p.get(i).map(|v| (v, 86_400_000_000)),
            TickColumn::Nanos(p) => p.get(i).map(|v| (v, 86_400_000_000_000)),
        }
    }
}

/// A date read from a row: absent, a date, or text that is not a date.
enum DateCell {
    Missing,
    Date(Date),
    Bad(Problem),
    OutOfRange(i64),
}

impl<'a> Dates<'a> {
    fn new(a: &'a dyn Array) -> Option<Dates<'a>> {
        Some(match a.data_type() {
            DataType::Date32 => Dates::Days(prim::<Date32Type>(a)?),
            DataType::Date64 => Dates::Ticks(TickColumn::Date64(prim::<Date64Type>(a)?)),
            DataType::Timestamp(unit, _) => Dates::Ticks(match unit {
                TimeUnit::Second => TickColumn::Seconds(prim::<TimestampSecondType>(a)?),
                TimeUnit::Millisecond => TickColumn::Millis(prim::<TimestampMillisecondType>(a)?),
                TimeUnit::Microsecond => TickColumn::Micros(prim::<TimestampMicrosecondType>(a)?),
                TimeUnit::Nanosecond => TickColumn::Nanos(prim::<TimestampNanosecondType>(a)?),
            }),
            _ => Dates::Text(Text::new(a, false)?),
        })
    }

    fn get(&self, i: usize) -> DateCell {
        match self {
            Dates::Days(p) => p
                .get(i)
                .map_or(DateCell::Missing, |d| DateCell::Date(Date::from_days(d))),
            Dates::Ticks(t) => match t.get(i) {
                None => DateCell::Missing,
                Some((ticks, per_day)) => {
                    let days = ticks.div_euclid(per_day);
                    match i32::try_from(days) {
                        Ok(d) => DateCell::Date(Date::from_days(d)),
                        Err(_) => DateCell::OutOfRange(days),
                    }
                }
            },
            Dates::Text(t) => match t.get(i) {
                None => DateCell::Missing,
                Some(s) => match Date::parse(s) {
                    Ok(d) => DateCell::Date(d),
                    Err(e) => DateCell::Bad(Problem::BadDate {
                        value: clip(s, 40),
                        reason: e.to_string(),
                    }),
                },
            },
        }
    }
}

/// A value column (`value`, `numerator`, `denominator`).
enum Values<'a> {
    F64(Prim<'a, Float64Type>),
    F32(Prim<'a, Float32Type>),
    I64(Prim<'a, Int64Type>),
    I32(Prim<'a, Int32Type>),
    I16(Prim<'a, Int16Type>),
    I8(Prim<'a, Int8Type>),
    U64(Prim<'a, UInt64Type>),
    U32(Prim<'a, UInt32Type>),
    U16(Prim<'a, UInt16Type>),
    U8(Prim<'a, UInt8Type>),
    Bool(&'a BooleanArray),
    Text(Text<'a>),
}

impl<'a> Values<'a> {
    fn new(a: &'a dyn Array) -> Option<Values<'a>> {
        Some(match a.data_type() {
            DataType::Float64 => Values::F64(prim(a)?),
            DataType::Float32 => Values::F32(prim(a)?),
            DataType::Int64 => Values::I64(prim(a)?),
            DataType::Int32 => Values::I32(prim(a)?),
            DataType::Int16 => Values::I16(prim(a)?),
            DataType::Int8 => Values::I8(prim(a)?),
            DataType::UInt64 => Values::U64(prim(a)?),
            DataType::UInt32 => Values::U32(prim(a)?),
            DataType::UInt16 => Values::U16(prim(a)?),
            DataType::UInt8 => Values::U8(prim(a)?),
            DataType::Boolean => Values::Bool(a.as_boolean_opt()?),
            _ => Values::Text(Text::new(a, false)?),
        })
    }

    fn get(&self, i: usize) -> Option<ValueRef<'_>> {
        let n = |x: Option<f64>| x.map(ValueRef::Number);
        match self {
            Values::F64(p) => n(p.get(i)),
            Values::F32(p) => n(p.get(i).map(f64::from)),
            Values::I64(p) => n(p.get(i).map(|v| v as f64)),
            Values::I32(p) => n(p.get(i).map(f64::from)),
            Values::I16(p) => n(p.get(i).map(f64::from)),
            Values::I8(p) => n(p.get(i).map(f64::from)),
            Values::U64(p) => n(p.get(i).map(|v| v as f64)),
            Values::U32(p) => n(p.get(i).map(f64::from)),
            Values::U16(p) => n(p.get(i).map(f64::from)),
            Values::U8(p) => n(p.get(i).map(f64::from)),
            Values::Bool(b) => (i < b.len() && !b.is_null(i)).then(|| ValueRef::Bool(b.value(i))),
            Values::Text(t) => t.get(i).map(ValueRef::Text),
        }
    }
}

/// The evidence columns of one batch, ready to read row by row.
struct Batch<'a> {
    text: [Option<Text<'a>>; 11],
    dates: [Option<Dates<'a>>; 2],
    values: [Option<Values<'a>>; 3],
}

impl<'a> Batch<'a> {
    fn new(columns: &Columns, batch: &'a RecordBatch) -> Result<Batch<'a>, EvidenceError> {
        let mut b = Batch {
            text: Default::default(),
            dates: [None, None],
            values: [None, None, None],
        };
        for (f, pos) in columns.positions.iter().enumerate() {
            let Some(pos) = *pos else { continue };
            let name = FIELDS.get(f).copied().unwrap_or("");
            let bad = || {
                let dt = batch
                    .columns()
                    .get(pos)
                    .map_or_else(|| "(missing)".to_string(), |c| c.data_type().to_string());
                problem(
                    None,
                    Some(pos + 1),
                    name,
                    Problem::Json(format!(
                        "column `{name}` has Arrow type {dt}, expected {} (or no values)",
                        expected_types(role(f))
                    )),
                )
            };
            let array = batch.columns().get(pos).ok_or_else(bad)?.as_ref();
            // A column with no values (e.g. pandas' all-NaN float column for
            // an empty `expires`) is read as missing whatever its type.
            if array.null_count() == array.len() {
                continue;
            }
            match role(f) {
                Role::Text => {
                    let t = Text::new(array, true).ok_or_else(bad)?;
                    if let Some(slot) = b.text.get_mut(f) {
                        *slot = Some(t);
                    }
                }
                Role::Date => {
                    let d = Dates::new(array).ok_or_else(bad)?;
                    let slot = if f == DATE { 0 } else { 1 };
                    if let Some(s) = b.dates.get_mut(slot) {
                        *s = Some(d);
                    }
                }
                Role::Value => {
                    let v = Values::new(array).ok_or_else(bad)?;
                    if let Some(s) = b.values.get_mut(f - VALUE) {
                        *s = Some(v);
                    }
                }
            }
        }
        Ok(b)
    }

    fn text(&self, f: usize, i: usize) -> Option<&str> {
        self.text.get(f)?.as_ref()?.get(i)
    }

    fn value(&self, f: usize, i: usize) -> Option<ValueRef<'_>> {
        self.values.get(f - VALUE)?.as_ref()?.get(i)
    }

    fn date(&self, slot: usize, i: usize) -> DateCell {
        match self.dates.get(slot).and_then(Option::as_ref) {
            Some(d) => d.get(i),
            None => DateCell::Missing,
        }
    }
}

/// Reads record batches whose schema is `schema`, calling `sink(item, line)`
/// for each row (`line` = 1-based position over all batches). Returns the
/// number of items read. Every malformed row is reported (up to
/// [`crate::base::error::MAX_PROBLEMS`]) and skipped; well-formed rows are still handed over,
/// so on error callers discard what they got, as with the other readers.
pub fn read_batches<I>(
    schema: &Schema,
    batches: I,
    mut sink: impl FnMut(ItemRef<'_>, usize),
) -> Result<usize, EvidenceError>
where
    I: IntoIterator<Item = Result<RecordBatch, ArrowError>>,
{
    let columns = Columns::resolve(schema)?;
    let mut problems: Problems<Problem> = Problems::default();
    let mut line = 0usize;
    let mut count = 0usize;
    'batches: for batch in batches {
        let batch = batch.map_err(|e| {
            problem(
                Some(line + 1),
                None,
                "",
                Problem::Io(format!("cannot read Arrow data: {e}")),
            )
        })?;
        let b = Batch::new(&columns, &batch)?;
        for i in 0..batch.num_rows() {
            line += 1;
            let before = problems.0.len();
            let mut push = |f: usize, p: Problem| {
                problems.push(
                    line,
                    columns.positions.get(f).copied().flatten().map(|c| c + 1),
                    FIELDS.get(f).copied().unwrap_or(""),
                    p,
                );
            };
            let mut required = |f: usize| {
                let t = b.text(f, i);
                if t.is_none() {
                    let name = FIELDS.get(f).copied().unwrap_or("");
                    push(f, Problem::MissingField(name));
                }
                t
            };
            let (worker, criterion, kind) = (required(WORKER), required(CRITERION), required(KIND));
            let mut date_of = |slot: usize, f: usize| -> Option<Date> {
                match b.date(slot, i) {
                    DateCell::Date(d) => Some(d),
                    DateCell::Missing => {
                        if f == DATE {
                            push(f, Problem::MissingField("date"));
                        }
                        None
                    }
                    DateCell::Bad(p) => {
                        push(f, p);
                        None
                    }
                    DateCell::OutOfRange(days) => {
                        push(
                            f,
                            Problem::BadDate {
                                value: format!("{days} days after 1970-01-01"),
                                reason: "out of the supported range".into(),
                            },
                        );
                        None
                    }
                }
            };
            let date = date_of(0, DATE);
            let expires = date_of(1, EXPIRES);
            if problems.0.len() != before {
                if problems.is_full() {
                    break 'batches;
                }
                continue;
            }
            let (Some(worker), Some(criterion), Some(kind), Some(date)) =
                (worker, criterion, kind, date)
            else {
                continue;
            };
            let item = ItemRef {
                id: b.text(ID, i),
                worker,
                criterion,
                kind,
                date,
                assessor: b.text(ASSESSOR, i),
                value: b.value(VALUE, i),
                numerator: b.value(NUMERATOR, i),
                denominator: b.value(DENOMINATOR, i),
                expires,
                note: b.text(NOTE, i),
            };
            count += 1;
            sink(item, line);
        }
    }
    problems.finish().map(|()| count)
}

/// Reads every batch of `reader` (see [`read_batches`]).
pub fn read_reader(
    reader: impl RecordBatchReader,
    sink: impl FnMut(ItemRef<'_>, usize),
) -> Result<usize, EvidenceError> {
    let schema = reader.schema();
    read_batches(&schema, reader, sink)
}

/// Reads one record batch (see [`read_batches`]).
pub fn read_batch(
    batch: &RecordBatch,
    sink: impl FnMut(ItemRef<'_>, usize),
) -> Result<usize, EvidenceError> {
    read_batches(batch.schema_ref(), [Ok(batch.clone())], sink)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use arrow_array::builder::{StringDictionaryBuilder, TimestampNanosecondBuilder};
    use arrow_array::types::Int32Type;
    use arrow_array::{
        ArrayRef, BooleanArray, Date32Array, Float64Array, Int64Array, LargeStringArray,
        StringArray,
    };

    use super::*;

    fn batch(cols: Vec<(&str, ArrayRef)>) -> RecordBatch {
        RecordBatch::try_from_iter(cols).unwrap()
    }

    fn read(b: &RecordBatch) -> Result<Vec<(String, usize)>, EvidenceError> {
        let mut out = Vec::new();
        read_batch(b, |item, line| out.push((format!("{item:?}"), line)))?;
        Ok(out)
    }

    fn codes(e: &EvidenceError) -> Vec<(Option<usize>, Option<usize>, String, String)> {
        e.diagnostics()
            .into_iter()
            .map(|d| (d.line, d.column, d.path, d.code))
            .collect()
    }

    #[test]
    fn reads_text_dates_and_values_of_many_types() {
        let mut dict = StringDictionaryBuilder::<Int32Type>::new();
        dict.append_value("obs");
        dict.append_value("obs");
        dict.append_null();
        let mut ts = TimestampNanosecondBuilder::new();
        ts.append_value(19_000 * 86_400_000_000_000 + 5);
        ts.append_value(19_001 * 86_400_000_000_000);
        ts.append_value(0);
        let b = batch(vec![
            (
                "Worker",
                Arc::new(LargeStringArray::from(vec!["w1", " w2 ", "w3"])) as ArrayRef,
            ),
            (
                "criterion",
                Arc::new(StringArray::from(vec!["c", "c", "c"])),
            ),
            ("kind", Arc::new(dict.finish())),
            ("date", Arc::new(ts.finish())),
            (
                "value",
                Arc::new(Float64Array::from(vec![Some(1.5), None, Some(2.0)])),
            ),
            (
                "id",
                Arc::new(Int64Array::from(vec![Some(7), None, Some(9)])),
            ),
            (
                "expires",
                Arc::new(StringArray::from(vec![Some("2030-01-01"), Some(""), None])),
            ),
            (
                "numerator",
                Arc::new(BooleanArray::from(vec![Some(true), None, None])),
            ),
        ]);
        let err = read(&b).unwrap_err();
        // Row 3: kind is null.
        assert_eq!(
            codes(&err),
            vec![(Some(3), Some(3), "kind".into(), "missing_field".into())]
        );
        let mut items = Vec::new();
        read_batch(&b.slice(0, 2), |item, line| {
            items.push((
                item.id.map(str::to_string),
                item.worker.to_string(),
                item.kind.to_string(),
                item.date.to_string(),
                item.value.map(|v| v.to_string()),
                item.expires.map(|d| d.to_string()),
                item.numerator.and_then(|v| v.boolean()),
                line,
            ));
        })
        .unwrap();
        assert_eq!(
            items,
            vec![
                (
                    Some("7".into()),
                    "w1".into(),
                    "obs".into(),
                    "2022-01-08".into(),
                    Some("1.5".into()),
                    Some("2030-01-01".into()),
                    Some(true),
                    1
                ),
                (
                    None,
                    "w2".into(),
                    "obs".into(),
                    "2022-01-09".into(),
                    None,
                    None,
                    None,
                    2
                ),
            ]
        );
    }

    #[test]
    fn schema_problems_are_all_listed() {
        let b = batch(vec![
            ("worker", Arc::new(StringArray::from(vec!["w"])) as ArrayRef),
            ("Criterion", Arc::new(StringArray::from(vec!["c"]))),
            ("colour", Arc::new(StringArray::from(vec!["red"]))),
            ("criterion", Arc::new(StringArray::from(vec!["c"]))),
            ("date", Arc::new(Date32Array::from(vec![0]))),
        ]);
        let err = read(&b).unwrap_err();
        assert_eq!(
            codes(&err),
            vec![
                (None, Some(3), "colour".into(), "unknown_column".into()),
                (None, Some(4), "criterion".into(), "duplicate_column".into()),
                (None, None, "kind".into(), "missing_column".into()),
            ]
        );
    }

    #[test]
    fn column_types_are_checked_unless_the_column_has_no_values() {
        let cols = |expires: ArrayRef| {
            batch(vec![
                (
                    "worker",
                    Arc::new(Float64Array::from(vec![7.0, 7.5])) as ArrayRef,
                ),
                ("criterion", Arc::new(StringArray::from(vec!["c", "c"]))),
                ("kind", Arc::new(StringArray::from(vec!["k", "k"]))),
                ("date", Arc::new(Date32Array::from(vec![0, 1]))),
                ("expires", expires),
            ])
        };
        let empty = cols(Arc::new(Float64Array::from(vec![None, None])));
        let mut workers = Vec::new();
        read_batch(&empty, |item, _| workers.push(item.worker.to_string())).unwrap();
        assert_eq!(workers, vec!["7", "7.5"]);
        let bad = cols(Arc::new(Float64Array::from(vec![Some(1.0), None])));
        let err = read(&bad).unwrap_err();
        assert_eq!(
            codes(&err),
            vec![(None, Some(5), "expires".into(), "json".into())]
        );
        assert!(err.to_string().contains("column `expires` has Arrow type"));
    }

    #[test]
    fn bad_dates_name_row_and_column_and_positions_continue_across_batches() {
        let schema_batch = |dates: Vec<&str>| {
            let n = dates.len();
            batch(vec![
                (
                    "worker",
                    Arc::new(StringArray::from(vec!["w"; n])) as ArrayRef,
                ),
                ("criterion", Arc::new(StringArray::from(vec!["c"; n]))),
                ("kind", Arc::new(StringArray::from(vec!["k"; n]))),
                ("date", Arc::new(StringArray::from(dates))),
            ])
        };
        let a = schema_batch(vec!["2024-01-01", "2024-01-02"]);
        let b = schema_batch(vec!["2024-02-30", "2024-01-03"]);
        let mut lines = Vec::new();
        let err =
            read_batches(a.schema_ref(), [Ok(a.clone()), Ok(b)], |_, l| lines.push(l)).unwrap_err();
        assert_eq!(
            codes(&err),
            vec![(Some(3), Some(4), "date".into(), "bad_date".into())]
        );
        assert_eq!(lines, vec![1, 2, 4]);
    }
}
