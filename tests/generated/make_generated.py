"""Writes the generated evidence files in this folder (seeded, so the files
are stable): random items against the shipped `job-retention` framework,
mixing valid items with every reason for rejection (unknown criteria and
kinds, kinds the criterion does not accept, bad values, future and expired
items, duplicate and conflicting ids). python/tests/test_generated.py and
wasm/tests/generated.test.mjs check that Python and JS give exactly the
CLI's JSON for each. Run: python3 tests/generated/make_generated.py"""

import csv
import datetime
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
CRITERIA = [
    "k1.previous-employment", "k1.employment-settings", "k2.legislation-facts",
    "k3.agencies-in-rtw-plans", "k4.adjustments-in-rtw-plans", "s2.adjustments-implemented",
    "s9.mediation-training", "s9.conflict-resolution", "s6.client-satisfaction", "zz.unknown",
]
KINDS = ["observation", "case-audit", "knowledge-test", "interview", "certificate",
         "feedback", "employment-history", "self-assessment", "video"]
VALUES = ["1", "2", "3", "4", "5", "4.5", "0", "7", "yes", "no", "true", "1", "", "abc", "-1", "1e3"]
AS_OF = datetime.date(2026, 6, 30)


def main() -> None:
    for seed in range(1, 9):
        rng = random.Random(seed)
        rows = []
        for i in range(rng.randint(1, 80)):
            date = AS_OF - datetime.timedelta(days=rng.randint(-30, 2000))
            expires = "" if rng.random() < 0.8 else str(date + datetime.timedelta(days=rng.randint(0, 900)))
            num, den = rng.choice(["", "3", "0", "5"]), rng.choice(["", "4", "0", "10"])
            rows.append({
                "id": "" if rng.random() < 0.4 else f"e{rng.randint(1, 25)}",
                "worker": f"w{rng.randint(1, 6)}",
                "criterion": rng.choice(CRITERIA),
                "kind": rng.choice(KINDS),
                "date": str(date),
                "value": rng.choice(VALUES),
                "numerator": num,
                "denominator": den,
                "expires": expires,
            })
            if rows[-1]["id"] and rng.random() < 0.2:
                rows.append(dict(rows[-1]))  # an identical copy
        with open(HERE / f"evidence-{seed:02}.csv", "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
            w.writeheader()
            w.writerows(rows)


if __name__ == "__main__":
    main()
