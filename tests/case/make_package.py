#!/usr/bin/env python3
"""Writes the CASE 1.1 test packages in this directory, deterministically.

- multilevel.json: a CFPackage of 304 items, four levels deep (4 domains ->
  12 clusters -> 48 standards -> 240 indicators), with an indicator shared by
  two standards, isRelatedTo / exactMatchOf / precedes associations, items
  missing their optional fields, and a CFRubric with four levels.
- flat.json: a flat package (every item a child of the document).
- rubrics.json: the flat package with two CFRubrics, their criteria for
  items (one with the framework's levels, others with their own) and one
  for no item: every rubric is read, and kept for export.
- empty.json: a package with no items (a framework with no competencies
  yet, valid): imports strictly to an empty framework.
- legacy.json: a CASE 1.0-era style export (extra properties, string
  sequenceNumber, non-UUID identifiers, no caseVersion): lenient mode only.

Run: python3 tests/case/make_package.py  (identifiers are uuid5, so the
output is the same on every run).
"""
import json
import os
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
NS = uuid.UUID("6ba7b811-9dad-11d1-80b4-00c04fd430c8")
WHEN = "2024-05-01T12:00:00+00:00"


def uid(name):
    return str(uuid.uuid5(NS, "case-test:" + name))


def link(title, ident):
    return {"title": title, "identifier": ident, "uri": "https://case.example.org/uri/" + ident}


def item(name, statement, coding=None, kind=None):
    i = uid(name)
    d = {
        "identifier": i,
        "uri": "https://case.example.org/uri/" + i,
        "fullStatement": statement,
        "lastChangeDateTime": WHEN,
    }
    if coding is not None:
        d["humanCodingScheme"] = coding
    if kind is not None:
        d["CFItemType"] = kind
    return d


def assoc(kind, origin, dest, seq=None):
    key = f"{kind}:{origin['identifier']}:{dest['identifier']}"
    i = uid(key)
    d = {
        "identifier": i,
        "uri": "https://case.example.org/uri/" + i,
        "associationType": kind,
        "originNodeURI": link(origin.get("fullStatement", origin.get("title", ""))[:40], origin["identifier"]),
        "destinationNodeURI": link(dest.get("fullStatement", dest.get("title", ""))[:40], dest["identifier"]),
        "lastChangeDateTime": WHEN,
    }
    if seq is not None:
        d["sequenceNumber"] = seq
    return d


def document(name, title):
    i = uid(name)
    return {
        "identifier": i,
        "uri": "https://case.example.org/uri/" + i,
        "creator": "Example State Board",
        "title": title,
        "lastChangeDateTime": WHEN,
        "caseVersion": "1.1",
        "version": "2.0",
        "publisher": "Example State Board",
        "language": "en",
        "adoptionStatus": "Adopted",
    }


def multilevel():
    doc = document("ml-doc", "Example Workforce Standards")
    items, assocs = [], []
    standards = []
    for d in range(1, 5):
        dom = item(f"d{d}", f"Domain {d}: area of practice {d}", f"D{d}", "Domain")
        items.append(dom)
        assocs.append(assoc("isChildOf", dom, doc, d))
        for c in range(1, 4):
            code = f"D{d}.C{c}"
            # Every third cluster has no CFItemType (optional field missing).
            clu = item(code, f"Cluster {code}", code, None if c == 3 else "Cluster")
            items.append(clu)
            assocs.append(assoc("isChildOf", clu, dom, c))
            for s in range(1, 5):
                scode = f"{code}.S{s}"
                std = item(scode, f"Standard {scode}: the worker applies practice {s} of cluster {c}.", scode, "Standard")
                items.append(std)
                standards.append(std)
                assocs.append(assoc("isChildOf", std, clu, s))
                # D*.C1.S3 lists its indicators in reverse package order:
                # the importer orders them by sequenceNumber.
                order = range(5, 0, -1) if (c, s) == (1, 3) else range(1, 6)
                for k in order:
                    kcode = f"{scode}.{k}"
                    # Some indicators have no humanCodingScheme.
                    ind = item(kcode, f"Indicator {kcode}: observable behaviour {k}.", None if k == 5 and s == 2 else kcode, "Indicator")
                    items.append(ind)
                    assocs.append(assoc("isChildOf", ind, std, k))
    # An indicator shared by a second standard.
    shared = items[3]  # first indicator of D1.C1.S1
    assocs.append(assoc("isChildOf", shared, standards[1], 6))
    # Other association types, kept as metadata.
    assocs.append(assoc("isRelatedTo", standards[0], standards[5]))
    assocs.append(assoc("exactMatchOf", standards[2], standards[40]))
    assocs.append(assoc("precedes", standards[3], standards[4]))
    rubric_id = uid("rubric")
    crit_id = uid("rubric-criterion")
    rubric = {
        "identifier": rubric_id,
        "uri": "https://case.example.org/uri/" + rubric_id,
        "title": "Performance levels",
        "lastChangeDateTime": WHEN,
        "CFRubricCriteria": [
            {
                "identifier": crit_id,
                "uri": "https://case.example.org/uri/" + crit_id,
                "description": "Overall performance",
                "rubricId": rubric_id,
                "lastChangeDateTime": WHEN,
                "CFRubricCriterionLevels": [
                    {
                        "identifier": uid(f"level-{n}"),
                        "uri": "https://case.example.org/uri/" + uid(f"level-{n}"),
                        "quality": q,
                        "description": f"{q} performance",
                        "score": n,
                        "position": n,
                        "rubricCriterionId": crit_id,
                        "lastChangeDateTime": WHEN,
                    }
                    for n, q in [(4, "Exemplary"), (1, "Beginning"), (3, "Proficient"), (2, "Developing")]
                ],
            }
        ],
    }
    return {"CFDocument": doc, "CFItems": items, "CFAssociations": assocs, "CFRubrics": [rubric]}


def flat():
    doc = document("flat-doc", "Flat Skills List")
    items, assocs = [], []
    for n in range(1, 7):
        it = item(f"flat-{n}", f"Skill {n}: does task {n} safely.", f"SK.{n}", "Skill")
        items.append(it)
        assocs.append(assoc("isChildOf", it, doc, n))
    return {"CFDocument": doc, "CFItems": items, "CFAssociations": assocs}


def rubric_criterion(rubric_id, name, description, target, levels):
    crit_id = uid(name)
    c = {
        "identifier": crit_id,
        "uri": "https://case.example.org/uri/" + crit_id,
        "description": description,
        "rubricId": rubric_id,
        "lastChangeDateTime": WHEN,
        "CFRubricCriterionLevels": [
            {
                "identifier": uid(f"{name}-level-{n}"),
                "uri": "https://case.example.org/uri/" + uid(f"{name}-level-{n}"),
                "quality": q,
                "score": n,
                "position": n,
                "rubricCriterionId": crit_id,
                "lastChangeDateTime": WHEN,
            }
            for n, q in levels
        ],
    }
    if target is not None:
        c["CFItemURI"] = link(target["fullStatement"], target["identifier"])
    return c


def rubrics():
    pkg = flat()
    items = pkg["CFItems"]
    four = [(1, "Beginning"), (2, "Developing"), (3, "Proficient"), (4, "Exemplary")]
    out = []
    for name, title, crits in [
        ("rubric-a", "Task rubric", [
            ("ra-1", "Task 1", items[0], four),
            ("ra-2", "Task 2", items[1], [(1, "Not yet"), (2, "Safe"), (3, "Fluent")]),
            ("ra-3", "Any task", None, four),
        ]),
        ("rubric-b", "Supervisor rubric", [("rb-1", "Task 6", items[5], [(0, "No"), (1, "Yes")])]),
    ]:
        rid = uid(name)
        out.append({
            "identifier": rid,
            "uri": "https://case.example.org/uri/" + rid,
            "title": title,
            "lastChangeDateTime": WHEN,
            "CFRubricCriteria": [rubric_criterion(rid, n, d, t, lv) for n, d, t, lv in crits],
        })
    pkg["CFRubrics"] = out
    return pkg


def legacy():
    doc = {
        "identifier": "LEGACY-DOC-1",
        "uri": "http://legacy.example.org/LEGACY-DOC-1",
        "creator": "Old Publisher",
        "title": "Legacy 1.0 Framework",
        "lastChangeDateTime": "2017-03-01T00:00:00+00:00",
        "CFPackageURI": {"title": "pkg", "identifier": "LEGACY-DOC-1", "uri": "http://legacy.example.org/pkg"},
    }
    items, assocs = [], []
    parent = {"identifier": "ITEM-A", "uri": "http://legacy.example.org/ITEM-A", "fullStatement": "Communication",
              "humanCodingScheme": "A", "CFItemType": "Strand", "lastChangeDateTime": "2017-03-01T00:00:00+00:00",
              "CFDocumentURI": {"title": "doc", "identifier": "LEGACY-DOC-1", "uri": "http://legacy.example.org/LEGACY-DOC-1"}}
    items.append(parent)
    a = assoc("isChildOf", parent, doc, 1)
    a["identifier"] = "ASSOC-A"
    a["sequenceNumber"] = "1"
    a["CFDocumentURI"] = {"title": "doc", "identifier": "LEGACY-DOC-1", "uri": "http://legacy.example.org/LEGACY-DOC-1"}
    assocs.append(a)
    for n in range(1, 4):
        it = {"identifier": f"ITEM-A{n}", "uri": f"http://legacy.example.org/ITEM-A{n}",
              "fullStatement": f"Communicates clearly in situation {n}.", "humanCodingScheme": f"A.{n}",
              "lastChangeDateTime": "2017-03-01T00:00:00+00:00", "CFItemTypeURI": None}
        items.append(it)
        a = assoc("isChildOf", it, parent, str(n))
        a["identifier"] = f"ASSOC-A{n}"
        assocs.append(a)
    return {"CFDocument": doc, "CFItems": items, "CFAssociations": assocs}


def empty():
    return {"CFDocument": document("empty", "Framework being authored"), "CFItems": [], "CFAssociations": []}


def write(name, obj):
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
        json.dump(obj, f, indent=2, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    write("multilevel.json", multilevel())
    write("flat.json", flat())
    write("empty.json", empty())
    write("legacy.json", legacy())
    write("rubrics.json", rubrics())
    bad = rubrics()
    bad["CFRubrics"][1]["CFRubricCriteria"][0]["CFItemURI"]["identifier"] = uid("no-such-item")
    write("malformed/rubric-unknown-item.json", bad)
