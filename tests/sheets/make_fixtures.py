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
- demo-evidence.xlsx: examples/job-retention-evidence.csv on its first
  (only) sheet `Evidence`, typed as evidence.xlsx is: what the browser
  test drops on the page.
- people.xlsx: examples/job-retention-people.csv on sheet `Staff`, after
  a first sheet `Notes`; shares.xlsx: examples/staff-profile-shares.csv
  on sheet `Shares` after `Notes`, the shares as percentages in numbers
  (0.378 formatted `0.0%`).
- framework.xlsx: a small framework written from scratch in the template
  of `proficient export-sheet` (docs/sheets.md), as a person would fill it
  in: sheets in another order, columns left out or moved, a date cell, a
  weight stored as text, later criteria rows of a competency with its id
  left empty, `TRUE` for required; it reads as framework.expected.yaml
  (written by hand) says.
- framework-errors.xlsx: the same with mistakes: a weight that is no
  number (Competencies!F3), an error value (#DIV/0!) as a threshold
  (Levels!D3), an unknown column (Evidence!C1).
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


def demo_evidence() -> None:
    with open(ROOT / "examples" / "job-retention-evidence.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Evidence"
    header = rows[0]
    for r, record in enumerate(rows, 1):
        for c, text in enumerate(record, 1):
            ws.cell(row=r, column=c, value=text if r == 1 else typed(header[c - 1], text, r))
    wb.save(HERE / "demo-evidence.xlsx")


def errors() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Q1 log"
    ws.append(["id", "worker", "criterion", "kind", "date", "assessor", "value"])
    ws.append(["e1", "w1", "k1.previous-employment", "employment-history", dt.date(2026, 1, 5), None, 4])
    ws.append(["e2", "w1", "k1.previous-employment", "employment-history", "2026-02-30", None, 4])
    ws.append(["e3", "w1", "k1.previous-employment", "employment-history", dt.date(2026, 1, 7), None, "#N/A"])
    wb.save(HERE / "errors.xlsx")


def copied(csv_name: str, sheet: str, out: str, cell=lambda name, text: text) -> None:
    with open(ROOT / "examples" / csv_name, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    wb = openpyxl.Workbook()
    wb.active.title = "Notes"
    wb.active["A1"] = "Read the next sheet."
    ws = wb.create_sheet(sheet)
    for r, record in enumerate(rows, 1):
        for c, text in enumerate(record, 1):
            ws.cell(row=r, column=c, value=text if r == 1 else cell(rows[0][c - 1], text))
    wb.save(HERE / out)


def percent(name: str, text: str):
    if name == "share" and text.endswith("%"):
        return round(float(text[:-1]) / 100, 6)
    return text


def template(wb: openpyxl.Workbook, mistakes: bool) -> None:
    """The framework sheets (see framework.expected.yaml)."""
    ws = wb.active
    ws.title = "Competencies"
    ws.append(["competency", "domain", "competency_statement", "criterion", "statement",
               "weight", "measure", "min", "max", "target", "required", "section", "kinds"])
    ws.append(["c1", "skills", "Talks to employers", "c1.calls",
               "Calls made", None, "count", None, None, 10, None, None, "observation, audit"])
    ws.append([None, None, None, "c1.tone", "Tone of the calls", "heavy" if mistakes else "0.5",
               "rating", 0, 4, None, True, "conduct", None])
    ws.append(["c2", "knowledge", "Knows the law", "c2.test", "Passed the test", 2, "binary",
               None, None, None, None, None, None])
    ws = wb.create_sheet("Framework")
    ws.append(["field", "value", "label"])
    for field, value, label in [
        ("id", "openpyxl-demo", None),
        ("title", "A framework written with openpyxl", None),
        ("version", "0.1", None),
        ("updated", dt.date(2026, 3, 1), None),
        ("citation", "Written by hand for the tests.", None),
        ("year", 2026, None),
        ("rating_min", 1, None),
        ("rating_max", 5, None),
        ("rating_label", 1, "Poor"),
        ("rating_label", 5, "Excellent"),
    ]:
        ws.append([field, value, label])
    ws = wb.create_sheet("Levels")
    ws.append(["level", "label", "band", "threshold"])
    ws.append(["starting", "Starting", "competency", 0])
    ws.append(["able", "Able", "competency", "#DIV/0!" if mistakes else 0.5])
    ws.append(["top", "Top", "overall", 0])
    ws = wb.create_sheet("Evidence")
    ws.append(["kind", "label", "colour" if mistakes else "weight"])
    ws.append(["observation", "Observation", 1])
    ws.append(["audit", "Case audit", 0.8])
    ws = wb.create_sheet("Domains")
    ws.append(["domain", "label"])
    ws.append(["knowledge", "Knowledge"])
    ws.append(["skills", "Skills"])
    ws = wb.create_sheet("Policy")
    ws.append(["field", "value"])
    ws.append(["half_life_days", 365])
    ws.append(["min_items", 1])
    ws = wb.create_sheet("Sections")
    ws.append(["competency", "section", "label"])
    ws.append(["c1", "conduct", "Conduct"])
    ws = wb.create_sheet("Anchors")
    ws.append(["criterion", "value", "label", "description"])
    ws.append(["c1.tone", 0, "Curt", None])
    ws.append(["c1.tone", 4, "Warm", "Puts the employer at ease"])


def framework() -> None:
    wb = openpyxl.Workbook()
    template(wb, mistakes=False)
    wb.save(HERE / "framework.xlsx")


def framework_errors() -> None:
    wb = openpyxl.Workbook()
    template(wb, mistakes=True)
    wb.save(HERE / "framework-errors.xlsx")


if __name__ == "__main__":
    evidence()
    demo_evidence()
    errors()
    framework()
    framework_errors()
    copied("job-retention-people.csv", "Staff", "people.xlsx")
    copied("staff-profile-shares.csv", "Shares", "shares.xlsx", percent)
