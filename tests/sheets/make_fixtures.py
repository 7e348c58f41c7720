"""Writes the workbook fixtures of tests/sheets/ with openpyxl (an
independent implementation of the format), from the CSV files beside them
and in examples/. Run from the repository root with the Python test
environment: python/.venv/bin/python tests/sheets/make_fixtures.py

- evidence.xlsx: examples/job-retention-evidence.csv on sheet `Log` (after
  an empty first sheet `Notes`), dates as date cells on even rows and as
  text on odd ones, numbers as numbers on even rows, the header's last
  cell merged over an empty column; it reads as the CSV does.
- errors.xlsx: a small log on sheet `Q1 log` with a date that is no date
  at E3 and an error value (#N/A) at G4.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def typed(name: str, text: str, row: int):
    if text == "":
        return None
    if row % 2 == 1:
        return text
    if name in ("date", "expires"):
        return dt.date.fromisoformat(text)
    if name in ("value", "numerator", "denominator") and text.replace(".", "", 1).isdigit():
        return float(text) if "." in text else int(text)
    return text


def evidence() -> None:
    with open(ROOT / "examples" / "job-retention-evidence.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    wb = openpyxl.Workbook()
    wb.active.title = "Notes"
    ws = wb.create_sheet("Log")
    header = rows[0]
    for r, record in enumerate(rows, 1):
        for c, text in enumerate(record, 1):
            ws.cell(row=r, column=c, value=text if r == 1 else typed(header[c - 1], text, r))
    ws.merge_cells(start_row=1, start_column=len(header), end_row=1, end_column=len(header) + 1)
    wb.save(HERE / "evidence.xlsx")


def errors() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Q1 log"
    ws.append(["id", "worker", "criterion", "kind", "date", "assessor", "value"])
    ws.append(["e1", "w1", "k1.previous-employment", "employment-history", dt.date(2026, 1, 5), None, 4])
    ws.append(["e2", "w1", "k1.previous-employment", "employment-history", "2026-02-30", None, 4])
    ws.append(["e3", "w1", "k1.previous-employment", "employment-history", dt.date(2026, 1, 7), None, "#N/A"])
    wb.save(HERE / "errors.xlsx")


if __name__ == "__main__":
    evidence()
    errors()
