"""Evidence as DataFrames, Arrow tables and dicts gives the same results as
the file it came from (with each item's file line replaced by its
position, the ``line`` of in-memory rows)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List

import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

import proficient

from conftest import DEMO_CSV, as_positions, diff, framework_of, load_case, vector_dirs, without_details


def header(path: Path) -> List[str]:
    with open(path, newline="", encoding="utf-8-sig") as f:
        return next(csv.reader(f))


def arrow_inferred(path: Path) -> Any:
    return pacsv.read_csv(path, parse_options=pacsv.ParseOptions(newlines_in_values=True))


def arrow_strings(path: Path) -> Any:
    types = {name: pa.string() for name in header(path)}
    return pacsv.read_csv(
        path,
        parse_options=pacsv.ParseOptions(newlines_in_values=True),
        convert_options=pacsv.ConvertOptions(column_types=types),
    )


def arrow_dictionary_batches(path: Path) -> Any:
    t = arrow_strings(path)
    t = pa.table({n: t.column(n).dictionary_encode() for n in t.column_names})
    return pa.RecordBatchReader.from_batches(t.schema, t.to_batches(max_chunksize=3))


def arrow_large_strings(path: Path) -> Any:
    t = arrow_strings(path)
    return t.cast(pa.schema([(n, pa.large_string()) for n in t.column_names]))


def arrow_string_views(path: Path) -> Any:
    t = arrow_strings(path)
    return t.cast(pa.schema([(n, pa.string_view()) for n in t.column_names]))


def arrow_record_batch(path: Path) -> Any:
    return arrow_inferred(path).combine_chunks().to_batches()[0]


def pandas_default(path: Path) -> Any:
    return pd.read_csv(path)


def pandas_strings(path: Path) -> Any:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def pandas_dates(path: Path) -> Any:
    dates = [c for c in ("date", "expires") if c in header(path)]
    return pd.read_csv(path, parse_dates=dates)


def pandas_objects(path: Path) -> Any:
    df = pd.read_csv(path, dtype=object)
    df["date"] = pd.to_datetime(df["date"]).dt.date  # datetime.date objects
    return df


def polars_default(path: Path) -> Any:
    return pl.read_csv(path)


def polars_dates_categorical(path: Path) -> Any:
    df = pl.read_csv(path, try_parse_dates=True)
    return df.with_columns(pl.col(pl.Utf8).cast(pl.Categorical))


def polars_lazy(path: Path) -> Any:
    return pl.scan_csv(path)


def dict_rows(path: Path) -> Any:
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def dict_generator(path: Path) -> Any:
    def rows() -> Iterator[Dict[str, Any]]:
        yield from dict_rows(path)

    return rows()


READERS: Dict[str, Callable[[Path], Any]] = {
    "pyarrow-inferred": arrow_inferred,
    "pyarrow-strings": arrow_strings,
    "pyarrow-dictionary-batches": arrow_dictionary_batches,
    "pyarrow-large-strings": arrow_large_strings,
    "pyarrow-string-views": arrow_string_views,
    "pyarrow-record-batch": arrow_record_batch,
    "pandas-default": pandas_default,
    "pandas-strings": pandas_strings,
    "pandas-dates": pandas_dates,
    "pandas-objects": pandas_objects,
    "polars-default": polars_default,
    "polars-dates-categorical": polars_dates_categorical,
    "polars-lazy": polars_lazy,
    "dicts": dict_rows,
    "dict-generator": dict_generator,
}

CSV_CASES = [d for d in vector_dirs() if load_case(d)["evidence"].endswith(".csv")]
JSON_CASES = [d for d in vector_dirs() if not load_case(d)["evidence"].endswith(".csv")]


def check_same(path_result: Dict[str, Any], other: Dict[str, Any]) -> None:
    expected = without_details(as_positions(path_result))
    got = without_details(other)
    assert diff("", expected, got) is None


@pytest.mark.parametrize("reader", list(READERS), ids=list(READERS))
@pytest.mark.parametrize("case_dir", CSV_CASES, ids=[d.name for d in CSV_CASES])
def test_csv_vector_as_dataframe(case_dir: Path, reader: str) -> None:
    case = load_case(case_dir)
    fw = framework_of(case_dir, case)
    path = case_dir / case["evidence"]
    opts: Dict[str, Any] = {"as_of": case["as_of"], "policy": case.get("policy")}
    by_path = proficient.score(fw, path, **opts).to_dict()
    data = READERS[reader](path)
    check_same(by_path, proficient.score(fw, data, **opts).to_dict())


def element_lines(text: str) -> List[int]:
    """The line of each element's opening `{` in a JSON array."""
    decoder = json.JSONDecoder()
    i = text.index("[") + 1
    lines = []
    while True:
        while text[i] in " \t\r\n,":
            i += 1
        if text[i] == "]":
            return lines
        lines.append(text.count("\n", 0, i) + 1)
        _, i = decoder.raw_decode(text, i)


def at_lines(result: Dict[str, Any], lines: List[int]) -> Dict[str, Any]:
    """A result of in-memory items with positions replaced by file lines,
    lists re-sorted as the engine sorts them."""
    out = json.loads(json.dumps(result))
    for r in out["rejected"]:
        r["line"] = lines[r["line"] - 1]
    out["rejected"].sort(key=lambda r: (r["line"], r["id"] is not None, r["id"] or ""))
    for w in out["workers"]:
        for c in w["competencies"]:
            for k in c["criteria"]:
                for e in k["evidence"]:
                    e["line"] = lines[e["line"] - 1]
                k["evidence"].sort(key=lambda e: (e["date"], e["id"] is not None, e["id"] or "", e["line"]))
    return out


@pytest.mark.parametrize("case_dir", JSON_CASES, ids=[d.name for d in JSON_CASES])
def test_json_vector_as_dicts(case_dir: Path) -> None:
    case = load_case(case_dir)
    fw = framework_of(case_dir, case)
    path = case_dir / case["evidence"]
    opts: Dict[str, Any] = {"as_of": case["as_of"], "policy": case.get("policy")}
    by_path = proficient.score(fw, path, **opts).to_dict()
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix == ".json" and text.lstrip().startswith("["):
        items = json.loads(text)
        # Several elements may share a line: compare on file lines.
        by_dicts = at_lines(proficient.score(fw, items, **opts).to_dict(), element_lines(text))
        assert diff("", without_details(by_path), without_details(by_dicts)) is None
    else:
        items = [json.loads(line) for line in text.splitlines() if line.strip()]
        check_same(by_path, proficient.score(fw, items, **opts).to_dict())
    if "profile" in case:
        p = case_dir / case["profile"]
        profile = proficient.load_profile(p if p.exists() else case["profile"], framework=fw)
        a = proficient.screen(profile, path, **opts).to_dict()
        b = proficient.screen(profile, items, **opts).to_dict()
        assert [(c["worker"], c["rank"]) for c in a["candidates"]] == [
            (c["worker"], c["rank"]) for c in b["candidates"]
        ]


@pytest.mark.parametrize("reader", list(READERS), ids=list(READERS))
def test_demo_evidence_as_dataframe(reader: str) -> None:
    fw = proficient.load_framework("job-retention")
    as_of = dt.date(2026, 6, 30)
    by_path = proficient.score(fw, DEMO_CSV, as_of=as_of).to_dict()
    data = READERS[reader](DEMO_CSV)
    check_same(by_path, proficient.score(fw, data, as_of=as_of).to_dict())
    a = proficient.screen("job-retention-specialist", DEMO_CSV, as_of=as_of).to_dict()
    b = proficient.screen("job-retention-specialist", READERS[reader](DEMO_CSV), as_of=as_of).to_dict()
    assert [(c["rank"], c["worker"], c["overall"]) for c in a["candidates"]] == [
        (c["rank"], c["worker"], c["overall"]) for c in b["candidates"]
    ]


def test_dicts_take_dates_numpy_values_and_missing_values() -> None:
    import numpy as np

    fw = proficient.load_framework("job-retention")
    rows = [
        {
            "worker": "w1",
            "criterion": "s1.assessment-context",
            "kind": "observation",
            "date": dt.date(2026, 1, 5),
            "value": np.float64(4.0),
            "note": float("nan"),
        },
        {
            "worker": "w1",
            "criterion": "s1.assessment-context",
            "kind": "observation",
            "date": dt.datetime(2026, 2, 5, 14, 30),
            "value": np.int64(3),
            "assessor": None,
            "expires": "",
        },
    ]
    r = proficient.score(fw, rows, as_of="2026-06-30")
    assert r.counts.used == 2, r.to_dict()["rejected"]
    used = r.workers[0].competency("s1-workplace-assessment").criteria[0].evidence
    assert [(e.line, e.date) for e in used] == [(1, dt.date(2026, 1, 5)), (2, dt.date(2026, 2, 5))]


def test_empty_inputs() -> None:
    fw = proficient.load_framework("job-retention")
    empty_table = pa.table({c: pa.array([], pa.string()) for c in ("worker", "criterion", "kind", "date")})
    for data in ([], iter([]), empty_table):
        r = proficient.score(fw, data, as_of="2026-06-30")
        assert r.counts.items == 0 and r.workers == ()


def test_a_file_object_is_read_as_a_stream() -> None:
    """Binary and text file objects (sys.stdin, a socket's file, BytesIO)
    are read once, as they stream, their format told by their first bytes:
    the same result, lines and all, as the file's path."""
    fw = proficient.load_framework("job-retention")
    as_of = dt.date(2026, 6, 30)
    by_path = proficient.score(fw, DEMO_CSV, as_of=as_of).to_dict()
    with open(DEMO_CSV, "rb") as f:
        assert proficient.score(fw, f, as_of=as_of).to_dict() == by_path
    with open(DEMO_CSV, encoding="utf-8", newline="") as f:
        assert proficient.score(fw, f, as_of=as_of).to_dict() == by_path
    crlf = DEMO_CSV.read_bytes().replace(b"\n", b"\r\n")
    assert proficient.score(fw, io.BytesIO(crlf), as_of=as_of).to_dict() == by_path
    items = [{k: v for k, v in row.items() if v} for row in csv.DictReader(io.StringIO(DEMO_CSV.read_text()))]
    jsonl = "".join(json.dumps(i) + "\n" for i in items)
    for text in (jsonl, json.dumps(items)):
        a = proficient.score(fw, io.StringIO(text), as_of=as_of).to_dict()
        b = proficient.score(fw, io.BytesIO(text.encode()), as_of=as_of).to_dict()
        assert a == b and a["counts"] == by_path["counts"]
    with pytest.raises(proficient.EvidenceError) as info:
        proficient.score(fw, io.BytesIO(b"worker,criterion,kind,date\r\nw1,k,x,2024-02-30\r\n"), as_of=as_of)
    assert (info.value.line, info.value.column, info.value.code) == (2, 4, "bad_date")
    assert info.value.file is None


def test_pandas_object_column_mixing_numbers_and_text() -> None:
    """pyarrow cannot type a column of ints and strings: it is passed as
    text, as a CSV cell would be."""
    fw = proficient.load_framework("job-retention")
    df = pd.DataFrame(
        {
            "worker": ["w1", "w1", "w1"],
            "criterion": ["s9.mediation-training", "k2.legislation-facts", "k2.legislation-facts"],
            "kind": ["certificate", "knowledge-test", "knowledge-test"],
            "date": ["2026-01-01", "2026-01-02", "2026-01-03"],
            "value": pd.Series(["yes", 4, 2.5], dtype=object),
        }
    )
    with pytest.raises((pa.ArrowInvalid, pa.ArrowTypeError)):
        pa.Table.from_pandas(df)
    r = proficient.score(fw, df, as_of="2026-06-30")
    assert r.counts.used == 3, r.to_dict()["rejected"]
    rows = [{k: v for k, v in row.items()} for row in df.to_dict("records")]
    assert proficient.score(fw, rows, as_of="2026-06-30").to_dict() == r.to_dict()
