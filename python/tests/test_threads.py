"""The GIL is released while the engine reads and scores, so Python threads
run (and score) in parallel."""

from __future__ import annotations

import datetime as dt
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Dict, Iterator, List

import numpy as np
import pyarrow as pa

import proficient

AS_OF = dt.date(2026, 6, 30)


def big_table(fw: proficient.Framework, n: int, seed: int = 7) -> Any:
    """``n`` synthetic items for ``fw`` (dictionary-encoded text columns)."""
    rng = np.random.default_rng(seed)
    criteria = [c.id for c in fw.criteria]
    kinds = [k.id for k in fw.evidence_kinds]
    workers = [f"w{i:05}" for i in range(2000)]

    def dictionary(values: List[str], size: int) -> Any:
        idx = rng.integers(0, len(values), size=size, dtype=np.int32)
        return pa.DictionaryArray.from_arrays(pa.array(idx), pa.array(values))

    start = (AS_OF - dt.date(1970, 1, 1)).days
    return pa.table(
        {
            "worker": dictionary(workers, n),
            "criterion": dictionary(criteria, n),
            "kind": dictionary(kinds, n),
            "date": pa.array(start - rng.integers(0, 1500, size=n, dtype=np.int32), pa.date32()),
            "value": pa.array(rng.integers(1, 6, size=n).astype(np.float64)),
        }
    )


def test_other_threads_run_while_a_batch_is_scored() -> None:
    fw = proficient.load_framework("job-retention")
    big = big_table(fw, 1_000_000).combine_chunks().to_batches()[0]
    small = big.slice(0, 10)
    times: Dict[str, float] = {}
    scoring = threading.Event()

    def batches() -> Iterator[Any]:
        yield small
        # The engine asks for the next batch: it is in native code, and
        # will score `big` without calling back into Python.
        times["given"] = time.perf_counter()
        scoring.set()
        yield big
        times["asked_again"] = time.perf_counter()
        yield small

    reader = pa.RecordBatchReader.from_batches(big.schema, batches())
    results = []
    worker = threading.Thread(
        target=lambda: results.append(proficient.score(fw, reader, as_of=AS_OF, explain=False))
    )
    worker.start()
    assert scoring.wait(60)
    # With the GIL held by the engine, this line could only run once the
    # engine called back into Python, after scoring `big` (checked: the
    # test fails on a build without `py.detach`).
    times["main_ran"] = time.perf_counter()
    worker.join(120)
    assert results and results[0].counts.items == 1_000_020
    scored = times["asked_again"] - times["given"]
    waited = times["main_ran"] - times["given"]
    assert waited < 0.5 * scored, (waited, scored)


def test_threads_score_concurrently_with_the_same_results() -> None:
    fw = proficient.load_framework("job-retention")
    tables = [big_table(fw, 50_000, seed=s) for s in range(4)]
    alone = [proficient.score(fw, t, as_of=AS_OF, explain=False).to_dict() for t in tables]
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(
            pool.map(lambda t: proficient.score(fw, t, as_of=AS_OF, explain=False).to_dict(), tables)
        )
    assert together == alone
