"""CASE packages and Open Badges checked by an independent implementation
of JSON Schema (the ``jsonschema`` package, with its format checks made by
``rfc3339-validator`` and ``rfc3986-validator``) against the vendored CASE
1.1 and Open Badges 3.0 schemas (tests/schemas/): every package
``export_case`` writes in these tests, the published OpenSALT packages of
tests/case/opensalt/ (imported leniently, exported, round-tripped), the
CASE cases of the malformed corpus that break a schema rule (refused by the
schema as by a strict import, at the same place), and the badges."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, Iterator, List

import jsonschema
import pytest

import proficient

from conftest import DEMO_CSV, REPO

CASE = REPO / "tests" / "case"
OPENSALT = sorted((CASE / "opensalt").glob("*.json"))
SCHEMAS = REPO / "tests" / "schemas"
ISSUER = REPO / "tests" / "badge" / "issuer.yaml"


def read(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


CASE_SCHEMA = jsonschema.Draft202012Validator(
    read(SCHEMAS / "case-v1p1-cfpackage-schema.json"),
    format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
)
OB_SCHEMA = jsonschema.Draft201909Validator(
    read(SCHEMAS / "ob-v3p0-achievementcredential-schema-vcdm2.json"),
    format_checker=jsonschema.Draft201909Validator.FORMAT_CHECKER,
)


def case_errors(package: Dict[str, Any]) -> List[str]:
    return sorted(
        f"{'.'.join(map(str, e.absolute_path))}: {e.message[:200]}"
        for e in CASE_SCHEMA.iter_errors(package)
    )


def test_the_format_checks_are_really_made() -> None:
    # Without rfc3339-validator and rfc3986-validator, jsonschema passes any
    # string as a date-time or a URI: these tests would prove nothing.
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    assert not checker.conforms("2016-09-28T21:43:01", "date-time")
    assert checker.conforms("2016-09-28T21:43:01+00:00", "date-time")
    assert not checker.conforms("https://example.org/a b", "uri")
    assert not checker.conforms("no scheme", "uri")
    assert checker.conforms("urn:uuid:527dda32-a0de-5105-a042-cb475b5f7d11", "uri")
    assert jsonschema.Draft201909Validator.FORMAT_CHECKER.checkers.keys() >= {"date-time", "uri"}


def exports() -> Iterator[Any]:
    yield "job-retention"
    yield "job-coach"
    for name in ("multilevel.json", "flat.json", "rubrics.json", "empty.json"):
        yield proficient.import_case(CASE / name).framework
    yield proficient.import_case(CASE / "legacy.json", lenient=True).framework
    for path in OPENSALT:
        yield proficient.import_case(path, lenient=True).framework
    # Frameworks with no competencies (valid: shells being authored).
    yield proficient.load_framework(REPO / "tests" / "frameworks" / "empty.yaml")
    yield proficient.load_framework(REPO / "tests" / "frameworks" / "empty-competencies.yaml")


def test_every_export_is_valid_case_1_1() -> None:
    n = 0
    for fw in exports():
        exp = proficient.export_case(fw)
        assert case_errors(exp.package) == [], fw
        assert "1970-01-01" not in exp.json
        n += 1
    assert n == 14


def without_case(v: Any) -> Any:
    """A framework as data without its CASE identity (``case`` fields)."""
    if isinstance(v, dict):
        return {k: without_case(x) for k, x in v.items() if k != "case"}
    if isinstance(v, list):
        return [without_case(x) for x in v]
    return v


@pytest.mark.parametrize("path", OPENSALT, ids=[p.name for p in OPENSALT])
def test_published_packages_import_export_and_round_trip(path: Path) -> None:
    # The package as published breaks CASE 1.1 (see SOURCES.md): the
    # schema says so, and a strict import refuses it with located errors.
    assert case_errors(read(path)) != []
    with pytest.raises(proficient.CaseError) as e:
        proficient.import_case(path)
    located = [x for x in e.value.errors if x["code"] != "too_many_errors"]
    assert located and all(x["file"] == str(path) and x["line"] and x["column"] for x in located)
    imported = proficient.import_case(path, lenient=True)
    assert all(n["message"] for n in imported.notes)
    exp = proficient.export_case(imported.framework)
    assert case_errors(exp.package) == []
    # Import -> export -> import gives the same framework (but for its CASE
    # identity), and exports are byte-identical: twice, and after the trip.
    back = proficient.import_case(exp.package)
    assert without_case(back.framework.to_dict()) == without_case(imported.framework.to_dict())
    assert proficient.export_case(imported.framework).json == exp.json
    again = proficient.export_case(back.framework)
    assert again.json == exp.json
    assert again.replaced == () and again.notes == ()


def test_the_empty_external_framework_is_an_empty_framework() -> None:
    # A CFDocument with no CFItems: a strict import refuses it for its
    # identifier alone (variant digit `0`), a lenient one reads it.
    path = CASE / "opensalt" / "EmptyExternalFramework.json"
    with pytest.raises(proficient.CaseError) as e:
        proficient.import_case(path)
    assert [(x["path"], x["code"], x["line"]) for x in e.value.errors] == [("CFDocument.identifier", "not_uuid", 4)]
    imported = proficient.import_case(path, lenient=True)
    fw = imported.framework
    assert (fw.title, fw.domains, fw.competencies, fw.criteria) == ("Test Framework External Empty", (), (), ())
    assert [(n["path"], n["code"]) for n in imported.notes] == [("CFDocument.identifier", "not_uuid")]
    exp = proficient.export_case(fw)
    assert (exp.package["CFItems"], exp.package["CFAssociations"]) == ([], [])
    assert exp.package["CFDocument"]["lastChangeDateTime"] == "2017-08-24T16:00:53+00:00"
    assert len(exp.replaced) == 1


def test_the_common_core_sample_is_normalised_and_says_so() -> None:
    path = CASE / "opensalt" / "math_cfs_sample.json"
    imported = proficient.import_case(path, lenient=True)
    exp = proficient.export_case(imported.framework)
    doc = exp.package["CFDocument"]
    assert doc["subject"] == ["Math"]
    assert doc["lastChangeDateTime"] == "2016-09-28T21:43:01+00:00"
    notes = {(n["code"], n["path"]) for n in exp.notes}
    assert ("missing", "CFDefinitions.CFItemTypes[0]") in notes, notes
    assert all(n["line"] is None for n in exp.notes)
    assert len(exp.replaced) > 700


# The CASE cases of the malformed corpus that break a rule of the CASE 1.1
# schema, with where: the schema refuses each at the place a strict import
# does, and the export of a lenient import of each is valid.
SCHEMA_CASES = {
    "subject-string.json": "CFDocument.subject",
    "null-link-uri.json": "CFAssociations.1.CFAssociationGroupingURI.uri",
    "item-type-null-description.json": "CFDefinitions.CFItemTypes.0.description",
    "date-time-without-zone.json": "CFItems.1.lastChangeDateTime",
    "uri-with-space.json": "CFItems.0.uri",
    "placeholder-uuid.json": "CFDocument.identifier",
}


@pytest.mark.parametrize("name,where", SCHEMA_CASES.items(), ids=list(SCHEMA_CASES))
def test_what_a_strict_import_refuses_the_schema_refuses(name: str, where: str) -> None:
    path = REPO / "tests" / "invalid" / "case" / name
    errors = [e.split(": ", 1)[0] for e in case_errors(read(path))]
    assert where in errors, errors
    with pytest.raises(proficient.CaseError) as e:
        proficient.import_case(path)
    ours = [x["path"].replace("[", ".").replace("]", "") for x in e.value.errors]
    assert where in ours, ours
    fixed = proficient.export_case(proficient.import_case(path, lenient=True).framework)
    assert case_errors(fixed.package) == []


def badge_args(**kw: Any) -> Dict[str, Any]:
    args: Dict[str, Any] = dict(
        worker="jr-001", competency="k1-jobs-and-workplaces", issuer=ISSUER, as_of="2025-06-30"
    )
    args.update(kw)
    return args


def test_badges_are_valid_open_badges_3() -> None:
    for level in ("developing", "competent", "excellent", None):
        cred = proficient.badge("job-retention", DEMO_CSV, **badge_args(level=level))
        assert sorted(str(e.message) for e in OB_SCHEMA.iter_errors(cred)) == []
    # A competency imported from a CASE package is aligned to its CFItem.
    fw = proficient.import_case(proficient.export_case("job-retention").package).framework
    cred = proficient.badge(fw, DEMO_CSV, **badge_args(level="competent"))
    assert sorted(str(e.message) for e in OB_SCHEMA.iter_errors(cred)) == []
    assert cred["credentialSubject"]["achievement"]["alignment"][0]["targetType"] == "CFItem"
    # The validator does check formats: a date-time without a zone fails.
    broken = dict(cred, validFrom="2025-06-30T00:00:00")
    assert any("date-time" in e.message for e in OB_SCHEMA.iter_errors(broken))


def test_a_badge_for_a_level_that_asserts_nothing_is_refused() -> None:
    with pytest.raises(proficient.BadgeError) as e:
        proficient.badge("job-retention", DEMO_CSV, **badge_args(level="not-yet-evident"))
    assert e.value.code == "level_asserts_nothing"
    assert "asserts no achievement" in str(e.value) and "`developing`" in str(e.value)


def test_an_issuer_is_named_by_a_safe_uri(tmp_path: Path) -> None:
    evil = tmp_path / "issuer.yaml"
    evil.write_text('name: Evil\nid: "javascript:alert(1)"\n', encoding="utf-8")
    with pytest.raises(proficient.BadgeError) as e:
        proficient.badge("job-retention", DEMO_CSV, **badge_args(issuer=evil))
    assert (e.value.path, e.value.line, e.value.file) == ("id", 2, str(evil))
    assert "is a `javascript:` URI, expected an `https:`, `http:`, `did:` or `urn:` URI" in str(e.value)
    for issuer in ({"id": "https://x.org/i", "name": "X", "url": "javascript:alert(1)"},
                   {"id": "data:text/html,x", "name": "X"}):  # fmt: skip
        with pytest.raises(proficient.BadgeError):
            proficient.badge("job-retention", DEMO_CSV, **badge_args(issuer=issuer))
    cred = proficient.badge("job-retention", DEMO_CSV, **badge_args(issuer={"id": "did:example:123", "name": "X"}))
    assert cred["issuer"]["id"] == "did:example:123"
    with pytest.raises(proficient.BadgeError) as e:
        proficient.badge("job-retention", DEMO_CSV, **badge_args(id="javascript:alert(1)"))
    assert e.value.code == "bad_id"


def test_an_export_of_a_framework_file_without_a_date_takes_its_time(tmp_path: Path) -> None:
    import os

    text = (REPO / "frameworks" / "job-coach.yaml").read_text(encoding="utf-8")
    path = tmp_path / "fw.yaml"
    path.write_text(text.replace("updated: 2026-11-23\n", ""), encoding="utf-8")
    os.utime(path, (1_700_000_000, 1_700_000_000))
    exp = proficient.export_case(path)
    assert exp.package["CFDocument"]["lastChangeDateTime"] == "2023-11-14T22:13:20+00:00"
    assert [n["code"] for n in exp.notes] == ["time_stamp"]
    assert "modification time" in exp.notes[0]["message"]
    assert proficient.export_case(path).json == exp.json
    # A framework from text has no file: the time of export, said so.
    fw = proficient.Framework.from_yaml(path.read_text(encoding="utf-8"))
    exp = proficient.export_case(fw)
    assert "1970-01-01" not in exp.json and "time of export" in exp.notes[0]["message"]
    assert case_errors(exp.package) == []
