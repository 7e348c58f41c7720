"""Turning the evidence a caller passes into what the engine reads.

No evidence is interpreted here: files and file objects are read by the
engine; Arrow data (pyarrow, polars, pandas through pyarrow) is handed over
as an Arrow C stream and read column by column by the engine; an iterable
of dicts is written as JSON Lines records (one item per line, so an item's ``line`` is its
1-based position) and read by the engine's JSON reader, with ``None``,
NaN and ``""`` as missing values (as an empty CSV cell), dates as
``YYYY-MM-DD`` and numpy scalars as Python numbers.
"""

from __future__ import annotations

import datetime as _dt
import decimal
import importlib
import json
import math
import os
import sys
from typing import Any, Iterable, Mapping, Optional, Tuple

__all__ = ["prepare"]

_REQUIRED = frozenset(["worker", "criterion", "kind", "date"])


def _is_instance(obj: Any, module: str, *names: str) -> bool:
    mod = sys.modules.get(module)
    if mod is None:
        return False
    for name in names:
        cls = getattr(mod, name, None)
        if isinstance(cls, type) and isinstance(obj, cls):
            return True
    return False


def _missing(v: Any) -> bool:
    """True for NaN, NaT and pandas.NA (missing values of DataFrames)."""
    if v is None:
        return True
    if isinstance(v, float):
        return math.isnan(v)
    try:
        return bool(v != v)
    except (TypeError, ValueError):
        return False


def _json_value(v: Any, position: int, key: str) -> Any:
    if v is None or isinstance(v, (str, bool, int)):
        return v
    if isinstance(v, float):
        if math.isnan(v):
            return None
        return v if math.isfinite(v) else str(v)
    if isinstance(v, _dt.datetime):
        return None if _missing(v) else v.date().isoformat()
    if isinstance(v, _dt.date):
        return v.isoformat()
    if isinstance(v, decimal.Decimal):
        return _json_value(float(v), position, key)
    if type(v).__module__ == "numpy" and hasattr(v, "item"):
        return _json_value(v.item(), position, key)
    if _missing(v):
        return None
    raise TypeError(
        f"evidence item {position}: `{key}` is a {type(v).__name__}, "
        "expected a str, number, bool, datetime.date or None"
    )


def _json_lines(items: Iterable[Any]) -> str:
    lines = []
    for position, item in enumerate(items, 1):
        if not isinstance(item, Mapping):
            raise TypeError(
                f"evidence item {position} is a {type(item).__name__}, expected a dict"
            )
        obj = {}
        for key, value in item.items():
            if not isinstance(key, str):
                raise TypeError(
                    f"evidence item {position}: key {key!r} is a {type(key).__name__}, expected a str"
                )
            value = _json_value(value, position, key)
            if value is None or value == "":
                # A missing value, as an empty CSV cell: left out, except
                # that a required field stays (empty) for the engine to report.
                if key in _REQUIRED:
                    obj[key] = ""
                continue
            obj[key] = value
        lines.append(json.dumps(obj, ensure_ascii=False, allow_nan=False))
    return "\n".join(lines) + "\n"


def _text(v: Any) -> Optional[str]:
    if _missing(v):
        return None
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, _dt.datetime):
        return v.date().isoformat()
    if isinstance(v, _dt.date):
        return v.isoformat()
    return str(v)


def _from_pandas(df: Any) -> Tuple[Any, Optional[str]]:
    try:
        pa: Any = importlib.import_module("pyarrow")
    except ImportError:  # no pyarrow: fall back to rows
        return ("records", _json_lines(df.to_dict("records"))), "jsonl"
    errors = (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError)
    try:
        return pa.Table.from_pandas(df, preserve_index=False), None
    except errors:
        # A column pyarrow cannot type (e.g. numbers and text mixed in an
        # object column): pass that column as text, as a CSV would.
        arrays = {}
        for name in df.columns:
            column = df[name]
            try:
                arrays[str(name)] = pa.Array.from_pandas(column)
            except errors:
                arrays[str(name)] = pa.array([_text(v) for v in column], type=pa.string())
        return pa.table(arrays), None


def prepare(evidence: Any) -> Tuple[Any, Optional[str]]:
    """``(evidence, format)``: a path (str) for the options, else a source
    for ``_native.call`` (an Arrow stream, a file object, or
    ``("records", JSON Lines)`` with the format ``jsonl``)."""
    if isinstance(evidence, str):
        return evidence, None
    if isinstance(evidence, os.PathLike):
        path = os.fspath(evidence)
        if isinstance(path, str):
            return path, None
        raise TypeError("evidence paths must be str paths, not bytes")
    if isinstance(evidence, (bytes, bytearray, memoryview)):
        raise TypeError(
            "evidence must be a path (str or os.PathLike), an iterable of dicts, a pandas or "
            "polars DataFrame or an Arrow table, not bytes"
        )
    if _is_instance(evidence, "pandas", "DataFrame"):
        return _from_pandas(evidence)
    if _is_instance(evidence, "polars", "LazyFrame"):
        evidence = evidence.collect()
    if _is_instance(evidence, "polars", "DataFrame") and not hasattr(
        type(evidence), "__arrow_c_stream__"
    ):
        return evidence.to_arrow(), None
    if hasattr(type(evidence), "__arrow_c_stream__"):
        return evidence, None
    if hasattr(type(evidence), "__arrow_c_array__"):
        pa = importlib.import_module("pyarrow")
        return pa.Table.from_batches([pa.record_batch(evidence)]), None
    if isinstance(evidence, Mapping):
        raise TypeError("evidence must be an iterable of dicts, not a single dict")
    if hasattr(evidence, "read"):
        # A file object (binary or text, e.g. sys.stdin): read by the engine
        # as it streams, its format from its first bytes.
        return evidence, None
    if isinstance(evidence, Iterable):
        return ("records", _json_lines(evidence)), "jsonl"
    raise TypeError(
        "evidence must be a path (str or os.PathLike), an iterable of dicts, a pandas or "
        f"polars DataFrame or an Arrow table, not {type(evidence).__name__}"
    )
