"""Workbooks written by an independent program (openpyxl) read as the CSV
they were made from: every shared CSV vector as an .xlsx whose cells are
typed as people type them (dates as date cells and as text, numbers as
numbers and as text, booleans, a formula with its cached value, trailing
empty cells, a header cell merged over an empty column) gives the vector's
expected result; CPD, people and Delphi ratings and items give what their
CSV gives; errors name the sheet and the cell."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import zipfile
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import openpyxl
import pytest
from openpyxl.styles import PatternFill

import proficient

from conftest import REPO, diff, framework_of, load_case, vector_dirs

CSV_CASES = [d for d in vector_dirs() if load_case(d)["evidence"].endswith(".csv")]
NUMBER = re.compile(r"-?(0|[1-9][0-9]{0,14})(\.[0-9]{1,6})?")
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def records(path: Path) -> List[Tuple[int, List[str]]]:
    """The CSV's records, each with the line it starts on."""
    out = []
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.reader(f)
        start = 1
        for record in reader:
            if record:
                out.append((start, record))
            start = reader.line_num + 1
    return out


def typed(name: str, text: str, row: int) -> Any:
    """A CSV cell as a spreadsheet user would have typed it: on every other
    row dates become date cells, numbers numbers and true/false booleans;
    the other rows keep them as text."""
    if text == "":
        return None
    if row % 2 == 1:
        return text
    if name in ("date", "expires") and DATE.fullmatch(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text
    if name in ("value", "numerator", "denominator"):
        if NUMBER.fullmatch(text):
            return float(text) if "." in text else int(text)
        if text.lower() in ("true", "false"):
            return text.lower() == "true"
    return text


def patch_cached_values(path: Path, values: Dict[str, str]) -> None:
    """Gives formulas the cached values a spreadsheet program would have
    saved (openpyxl writes formulas without one)."""
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheets = [n for n in parts if n.startswith("xl/worksheets/sheet")]
    for ref, value in values.items():
        pattern = re.compile(r'(<c r="%s"[^>]*>)(<f>[^<]*</f>)<v\s*(/>|>\s*</v>)' % ref)
        found = 0
        for sheet in sheets:
            xml, n = pattern.subn(lambda m: f"{m.group(1)}{m.group(2)}<v>{value}</v>", parts[sheet].decode("utf-8"))
            parts[sheet] = xml.encode("utf-8")
            found += n
        assert found == 1, ref
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            z.writestr(n, data)


def workbook_of(csv_path: Path, out: Path, *, sheet: str = "Evidence", extra_sheet: bool = False,
                merged_last_header: bool = True) -> Path:
    """The CSV as a workbook, each record at the row of its line."""
    rows = records(csv_path)
    header = rows[0][1]
    wb = openpyxl.Workbook()
    ws = wb.active
    if extra_sheet:
        ws.title = "Notes"
        ws["A1"] = "this sheet is not the evidence"
        ws = wb.create_sheet(sheet)
    else:
        ws.title = sheet
    formula: Optional[Tuple[str, str]] = None
    for line, record in rows:
        for col, text in enumerate(record, 1):
            name = header[col - 1].strip().lower() if col <= len(header) else ""
            value = typed(name, text, line) if line > 1 else text
            cell = ws.cell(row=line, column=col)
            if (formula is None and line > 1 and name == "value" and isinstance(value, int)
                    and not isinstance(value, bool)):
                # A formula whose cached value is the number.
                cell.value = f"={value}*1"
                formula = (cell.coordinate, str(value))
            else:
                cell.value = value
    last_row = rows[-1][0]
    # Trailing cells that hold nothing but a fill (empty to a reader).
    grey = PatternFill("solid", fgColor="DDDDDD")
    ws.cell(row=last_row + 3, column=2).fill = grey
    ws.cell(row=2, column=len(header) + 4).fill = grey
    if merged_last_header:
        # The last header cell merged over an empty column beside it.
        ws.merge_cells(start_row=1, start_column=len(header), end_row=1, end_column=len(header) + 1)
    wb.save(out)
    if formula is not None:
        patch_cached_values(out, {formula[0]: formula[1]})
        check = openpyxl.load_workbook(out, data_only=True)
        assert check[sheet][formula[0]].value == int(formula[1])
    return out


def without_details(result: Dict[str, Any]) -> Dict[str, Any]:
    out = json.loads(json.dumps(result))
    for r in out["rejected"]:
        r["detail"] = "(detail)" if r["detail"] else ""
    return out


@pytest.mark.parametrize("case_dir", CSV_CASES, ids=[d.name for d in CSV_CASES])
def test_csv_vector_as_a_workbook_gives_the_expected_result(case_dir: Path, tmp_path: Path) -> None:
    case = load_case(case_dir)
    fw = framework_of(case_dir, case)
    book = workbook_of(case_dir / case["evidence"], tmp_path / "evidence.xlsx")
    opts: Dict[str, Any] = {"as_of": case["as_of"], "policy": case.get("policy")}
    got = proficient.score(fw, book, **opts).to_dict()
    expected = json.loads((case_dir / "expected.json").read_text(encoding="utf-8"))
    # Rejection details quote values as read (`4.5` from a number cell where
    # the CSV held `4.50`): compared apart.
    assert diff("", without_details(expected), without_details(got)) is None
    by_csv = proficient.score(fw, case_dir / case["evidence"], **opts).to_dict()
    assert [r["detail"] != "" for r in got["rejected"]] == [r["detail"] != "" for r in by_csv["rejected"]]


def test_the_sheet_is_chosen_by_name_and_the_first_by_default(tmp_path: Path) -> None:
    csv_path = REPO / "examples" / "job-retention-evidence.csv"
    book = workbook_of(csv_path, tmp_path / "e.xlsx", sheet="Log", extra_sheet=True)
    fw = proficient.load_framework("job-retention")
    by_csv = proficient.score(fw, csv_path, as_of="2026-06-30").to_dict()
    named = proficient.score(fw, book, as_of="2026-06-30", sheet="Log").to_dict()
    assert diff("", without_details(by_csv), without_details(named)) is None
    # The first sheet (`Notes`) is not evidence: its one column is refused
    # at its cell.
    with pytest.raises(proficient.EvidenceError) as e:
        proficient.score(fw, book, as_of="2026-06-30")
    assert (e.value.sheet, e.value.line, e.value.column) == ("Notes", 1, 1)
    assert str(e.value).startswith(f"{book}:Notes!A1: ")
    with pytest.raises(proficient.EvidenceError) as e:
        proficient.score(fw, book, as_of="2026-06-30", sheet="Evidence log")
    assert e.value.code == "no_sheet"
    assert e.value.message == "no sheet named `Evidence log`, expected one of `Notes`, `Log`"


def write_rows(path: Path, rows: List[List[Any]], title: str = "Sheet1") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


HEADER = ["id", "worker", "criterion", "kind", "date", "assessor", "value"]


def test_error_cells_and_bad_dates_are_located_at_their_cells(tmp_path: Path) -> None:
    rows: List[List[Any]] = [HEADER]
    for i in range(2, 16):
        rows.append([f"e{i}", "w1", "k1.previous-employment", "employment-history",
                     dt.date(2025, 1, i), "", 4])
    rows[13][6] = "#DIV/0!"  # row 14, column G: an error value (openpyxl writes t="e")
    rows[4][4] = "2025-13-01"  # row 5, column E: a date as text that is no date
    book = write_rows(tmp_path / "evidence.xlsx", rows, title="Q1 log")
    with zipfile.ZipFile(book) as z:
        assert 't="e"' in z.read("xl/worksheets/sheet1.xml").decode()
    with pytest.raises(proficient.EvidenceError) as e:
        proficient.score("job-retention", book, as_of="2026-06-30")
    found = [(d["sheet"], d["line"], d["column"], d["code"]) for d in e.value.errors]
    assert found == [("Q1 log", 5, 5, "bad_date"), ("Q1 log", 14, 7, "error_cell")]
    lines = str(e.value).splitlines()
    assert lines[0].startswith(f"{book}:'Q1 log'!E5: date: `2025-13-01` is not a valid date")
    assert lines[1] == (
        f"{book}:'Q1 log'!G14: error cell `#DIV/0!`, expected a value "
        "(the cell's formula gives an error: correct it, or clear the cell)"
    )


def test_the_cli_names_the_sheet_and_cell(tmp_path: Path, cli: Optional[str]) -> None:
    import subprocess

    if cli is None:
        pytest.skip("the CLI is not built")
    rows: List[List[Any]] = [HEADER, ["e1", "w1", "k1.previous-employment", "employment-history",
                                      dt.date(2025, 1, 2), "", "#N/A"]]
    book = write_rows(tmp_path / "evidence.xlsx", rows)
    run = subprocess.run([cli, "score", "--framework", "job-retention", "--evidence", str(book),
                          "--as-of", "2026-06-30"], capture_output=True, text=True)
    assert run.returncode == 1
    assert run.stderr.startswith(f"{book}:Sheet1!G2: error cell `#N/A`, expected a value"), run.stderr


def csv_as_workbook(csv_path: Path, out: Path, dates: Tuple[str, ...] = (), numbers: Tuple[str, ...] = ()) -> Path:
    """A table CSV as a workbook: the columns named typed as dates/numbers."""
    rows = records(csv_path)
    header = rows[0][1]
    wb = openpyxl.Workbook()
    ws = wb.active
    for line, record in rows:
        for col, text in enumerate(record, 1):
            name = header[col - 1] if col <= len(header) else ""
            value: Any = text if text != "" else None
            if line > 1 and text and name in dates and DATE.fullmatch(text):
                value = dt.date.fromisoformat(text)
            elif line > 1 and text and name in numbers and NUMBER.fullmatch(text):
                value = float(text) if "." in text else int(text)
            ws.cell(row=line, column=col, value=value)
    wb.save(out)
    return out


def test_people_ratings_and_items_read_from_workbooks_as_from_csv(tmp_path: Path) -> None:
    people = REPO / "examples" / "staff-cpd.csv"
    book = csv_as_workbook(people, tmp_path / "people.xlsx", numbers=("year",))
    opts = dict(group="wres_group", outcome="accessed_cpd", period="year", reason="decline_reason")
    assert proficient.equality(book, **opts) == proficient.equality(people, **opts)
    ratings = REPO / "examples" / "delphi-ratings.csv"
    items = REPO / "examples" / "delphi-items.csv"
    rbook = csv_as_workbook(ratings, tmp_path / "ratings.xlsx", numbers=("round", "score"))
    ibook = csv_as_workbook(items, tmp_path / "items.xlsx")
    assert proficient.delphi(rbook, items=ibook) == proficient.delphi(ratings, items=items)


def test_cpd_reads_from_a_workbook_as_from_csv(tmp_path: Path) -> None:
    text = (
        "worker,date,title,provider,hours,competencies,certificate\n"
        "jr-001,2025-02-03,Employment law update,ACAS,6.5,k2-legislation,yes\n"
        "jr-002,2025-05-20,Job analysis,University,12,k1-jobs-and-workplaces;k3-partner-roles,no\n"
    )
    path = tmp_path / "cpd.csv"
    path.write_text(text, encoding="utf-8")
    book = csv_as_workbook(path, tmp_path / "cpd.xlsx", dates=("date",), numbers=("hours",))
    fw = proficient.load_framework("job-retention")
    assert proficient.cpd_summary(fw, book) == proficient.cpd_summary(fw, path)
    # A bad date in a date cell's place is located at its cell.
    wb = openpyxl.load_workbook(book)
    wb.active["B3"] = "someday"
    wb.save(book)
    with pytest.raises(proficient.CpdError) as e:
        proficient.cpd_summary(fw, book)
    assert (e.value.sheet, e.value.line, e.value.column) == ("Sheet", 3, 2)


def ods_cell(value: Any) -> str:
    """An OpenDocument cell (written as LibreOffice writes them)."""
    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, bool):
        v = "true" if value else "false"
        return (f'<table:table-cell office:value-type="boolean" office:boolean-value="{v}">'
                f"<text:p>{v.upper()}</text:p></table:table-cell>")
    if isinstance(value, dt.date):
        return (f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}">'
                f"<text:p>{value.strftime('%d/%m/%Y')}</text:p></table:table-cell>")
    if isinstance(value, (int, float)):
        return (f'<table:table-cell office:value-type="float" office:value="{value}">'
                f"<text:p>{value}</text:p></table:table-cell>")
    text = str(value).replace("&", "&amp;").replace("<", "&lt;")
    return f'<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>'


def write_ods(path: Path, rows: List[List[Any]], sheet: str = "Evidence") -> Path:
    """A minimal OpenDocument spreadsheet, with the trailing repeated empty
    cells and rows LibreOffice writes."""
    body = "".join(
        "<table:table-row>" + "".join(ods_cell(v) for v in r)
        + '<table:table-cell table:number-columns-repeated="1010"/></table:table-row>'
        for r in rows
    )
    body += ('<table:table-row table:number-rows-repeated="1048000">'
             '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>')
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">'
        f'<office:body><office:spreadsheet><table:table table:name="{sheet}">{body}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        z.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        z.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path


def test_an_ods_spreadsheet_reads_as_its_csv(tmp_path: Path) -> None:
    csv_path = REPO / "examples" / "job-retention-evidence.csv"
    rows = records(csv_path)
    assert [line for line, _ in rows] == list(range(1, len(rows) + 1))
    header = rows[0][1]
    table = [list(header)] + [
        [typed(header[i].lower(), t, line) for i, t in enumerate(r)] for line, r in rows[1:]
    ]
    book = write_ods(tmp_path / "evidence.ods", table)
    fw = proficient.load_framework("job-retention")
    by_csv = proficient.score(fw, csv_path, as_of="2026-06-30").to_dict()
    by_ods = proficient.score(fw, book, as_of="2026-06-30").to_dict()
    assert diff("", without_details(by_csv), without_details(by_ods)) is None
    # A bad date in an .ods sheet is located at its cell (sheet `Q1`, E5).
    table[3][6] = None
    book = write_ods(tmp_path / "bad.ods", table[:4] + [[*table[4][:4], "2025-02-30"]], sheet="Q1")
    with pytest.raises(proficient.EvidenceError) as e:
        proficient.score(fw, book, as_of="2026-06-30")
    assert (e.value.sheet, e.value.line, e.value.column, e.value.code) == ("Q1", 5, 5, "bad_date")


def test_sheets_are_named_for_every_table(tmp_path: Path) -> None:
    ratings = REPO / "examples" / "delphi-ratings.csv"
    items = REPO / "examples" / "delphi-items.csv"
    book = tmp_path / "delphi.xlsx"
    wb = openpyxl.Workbook()
    for name, path in (("Ratings", ratings), ("Items", items)):
        ws = wb.create_sheet(name)
        for line, record in records(path):
            for col, text in enumerate(record, 1):
                ws.cell(row=line, column=col, value=text or None)
    wb.save(book)
    expected = proficient.delphi(ratings, items=items)
    assert proficient.delphi(book, items=book, sheet="Ratings", items_sheet="Items") == expected
    with pytest.raises(proficient.ProficientError) as e:
        proficient.delphi(ratings, sheet="Ratings")
    assert e.value.path == "sheet" and e.value.code == "invalid_option"


# ---------------------------------------------------------------------------
# Workbooks written by the CLI (`--format xlsx --out`), read back by openpyxl.

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cli_json(cli: str, *args: str) -> Any:
    import subprocess

    run = subprocess.run([cli, *args, "--format", "json"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def cli_workbook(cli: str, out: Path, *args: str) -> Any:
    import subprocess

    run = subprocess.run([cli, *args, "--format", "xlsx", "--out", str(out)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    wb = openpyxl.load_workbook(out)
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2", ws.title
        for row in ws.iter_rows():
            for cell in row:
                # No formula anywhere; text a spreadsheet would run is
                # marked text (quote prefix).
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
                    assert cell.quotePrefix, (ws.title, cell.coordinate, cell.value)
    return wb


def rows_of(ws: Any) -> List[Dict[str, Any]]:
    values = list(ws.iter_rows(values_only=True))
    header = values[0]
    return [dict(zip(header, r)) for r in values[1:]]


def test_score_workbook_holds_the_scores_levels_and_rejected_items(tmp_path: Path, cli: Optional[str]) -> None:
    if cli is None:
        pytest.skip("the CLI is not built")
    evidence = tmp_path / "evidence.csv"
    text = (REPO / "examples" / "job-retention-evidence.csv").read_text(encoding="utf-8")
    # A worker id a spreadsheet would run, and a formula in a note.
    text += 'x-1,=HYPERLINK("http://x"),k1.previous-employment,employment-history,2026-01-02,,4,,,,\n'
    text += 'x-2,@w,no.such-criterion,employment-history,2026-01-02,,4,,,,"=1+1"\n'
    evidence.write_text(text, encoding="utf-8")
    args = ("score", "--framework", "job-retention", "--evidence", str(evidence), "--as-of", "2026-06-30")
    result = cli_json(cli, *args)
    wb = cli_workbook(cli, tmp_path / "score.xlsx", *args)
    assert wb.sheetnames == ["Scores", "Levels", "Rejected"]
    scores = rows_of(wb["Scores"])
    expected = [
        (w["worker"], c["id"], c["score"], c["level"], c["status"], c["coverage"], c["items"])
        for w in result["workers"] for c in w["competencies"]
    ]
    got = [(r["worker"], r["competency"], r["score"], r["level"], r["status"], r["coverage"], r["items"])
           for r in scores]
    assert got == expected
    assert all(isinstance(r["items"], int) and isinstance(r["worker"], str) for r in scores)
    assert any(r["worker"] == '=HYPERLINK("http://x")' for r in scores)
    # The levels matrix: each cell the level, filled as the report fills it.
    levels = wb["Levels"]
    comps = [c.value for c in levels[1]][1:]
    fills = {"not-yet-evident": "F2D7D5", "developing": "FBE7C2", "competent": "CFE8D6", "excellent": "8FD0A6"}
    for i, w in enumerate(result["workers"], 2):
        assert levels.cell(row=i, column=1).value == w["worker"]
        for j, c in enumerate(w["competencies"], 2):
            assert comps[j - 2] == c["id"]
            cell = levels.cell(row=i, column=j)
            assert cell.value == c["level"]
            assert cell.fill.fgColor.rgb == "FF" + fills.get(c["level"], "ECEFF3")
    rejected = rows_of(wb["Rejected"])
    assert [(r["id"], r["line"], r["worker"], r["criterion"], r["reason"], r["detail"]) for r in rejected] == [
        (r["id"], r["line"], r["worker"], r["criterion"], r["reason"], r["detail"]) for r in result["rejected"]
    ]


def test_every_operation_writes_its_csv_layout_with_typed_cells(tmp_path: Path, cli: Optional[str]) -> None:
    import subprocess

    if cli is None:
        pytest.skip("the CLI is not built")
    ev = str(REPO / "examples" / "job-retention-evidence.csv")
    common = ("--evidence", ev, "--as-of", "2026-06-30")
    cases = {
        "screen": ("screen", "--profile", "job-retention-specialist", *common),
        "progress": ("progress", "--framework", "job-retention", "--plans",
                     str(REPO / "examples" / "job-retention-plans.yaml"), *common),
        "cpd": ("cpd", "--framework", "job-retention", "--cpd", str(REPO / "examples" / "job-retention-cpd.yaml")),
        "cohort": ("cohort", "--framework", "job-retention", *common),
        "equality": ("equality", "--people", str(REPO / "examples" / "staff-cpd.csv"), "--group", "wres_group",
                     "--outcome", "accessed_cpd", "--period", "year"),
    }
    for name, args in cases.items():
        run = subprocess.run([cli, *args, "--format", "csv", "--csv-formulas", "keep"], capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
        table = list(csv.reader(run.stdout.splitlines()))
        wb = cli_workbook(cli, tmp_path / f"{name}.xlsx", *args)
        assert len(wb.worksheets) == 1
        cells = list(wb.worksheets[0].iter_rows(values_only=True))
        assert [str(h) for h in cells[0]] == table[0], name
        assert len(cells) == len(table), name
        for got_row, want_row in zip(cells[1:], table[1:]):
            for got, want in zip(got_row, want_row):
                if want == "":
                    assert got is None, (name, want_row)
                elif isinstance(got, bool):
                    assert want == ("true" if got else "false"), (name, want_row)
                elif isinstance(got, (int, float)):
                    assert float(want) == got, (name, want_row)
                elif isinstance(got, dt.datetime):
                    assert want == got.date().isoformat(), (name, want_row)
                else:
                    assert got == want, (name, want_row)
    # Dates are date cells (progress: `due`), counts numbers (cpd: `hours`).
    progress = rows_of(openpyxl.load_workbook(tmp_path / "progress.xlsx").worksheets[0])
    assert all(isinstance(r["due"], dt.datetime) for r in progress if r["due"] is not None)
    cpd = rows_of(openpyxl.load_workbook(tmp_path / "cpd.xlsx").worksheets[0])
    assert all(isinstance(r["hours"], (int, float)) for r in cpd)


def test_screen_with_a_people_file_puts_its_adverse_impact_on_a_sheet(tmp_path: Path, cli: Optional[str]) -> None:
    import subprocess

    if cli is None:
        pytest.skip("the CLI is not built")
    args = ("screen", "--profile", "job-retention-specialist",
            "--evidence", str(REPO / "examples" / "job-retention-evidence.csv"), "--as-of", "2026-06-30",
            "--people", str(REPO / "examples" / "job-retention-people.csv"))
    # `screen --people --format csv` is the adverse impact, one row per attribute x group.
    run = subprocess.run([cli, *args, "--format", "csv", "--csv-formulas", "keep"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    table = list(csv.reader(run.stdout.splitlines()))
    wb = cli_workbook(cli, tmp_path / "screen-people.xlsx", *args)
    assert wb.sheetnames == ["Shortlist", "Adverse impact"]
    cells = list(wb["Adverse impact"].iter_rows(values_only=True))
    assert [str(h) for h in cells[0]] == table[0]
    assert len(cells) == len(table) > 1
    for got_row, want_row in zip(cells[1:], table[1:]):
        for got, want in zip(got_row, want_row):
            if want == "":
                assert got is None, want_row
            elif isinstance(got, bool):
                assert want == ("true" if got else "false"), want_row
            elif isinstance(got, (int, float)):
                assert float(want) == got, want_row
            else:
                assert got == want, want_row
    # Suppressed groups show no figure in the workbook either.
    header = [str(h) for h in cells[0]]
    for row in cells[1:]:
        r = dict(zip(header, row))
        if r["suppressed"] is True:
            assert all(r[k] is None for k in ("candidates", "meeting_essentials", "selection_rate", "ci_low", "ci_high"))
