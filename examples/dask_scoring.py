"""Scoring evidence that does not fit one machine, with Dask.

Every score depends only on one worker's items, so evidence partitioned by
worker (a hash of the worker id) can be scored partition by partition, each
by the `proficient` Python package on its own pandas/Arrow partition, and
the per-partition tables concatenated: the result equals single-process
scoring exactly (python/tests/test_dask.py checks it). Nothing here is
specific to a cluster: the same code runs on Dask's local threaded
scheduler, a `distributed.LocalCluster`, or a cluster of many machines.

    import dask.dataframe as dd
    from dask_scoring import score_partitions

    evidence = dd.read_parquet("s3://bucket/evidence/*.parquet")
    levels = score_partitions("job-retention", evidence, as_of="2026-06-30")
    levels.to_parquet("s3://bucket/levels/")        # stays distributed

One caveat: ids are settled within a partition. Two items with the same id
but different workers land in different partitions and are not seen as a
conflict, as they would be in one process; evidence whose ids are unique per
item (or per worker) scores identically.

Run as a script on a file (uses the local threaded scheduler):

    python examples/dask_scoring.py EVIDENCE.parquet AS_OF [FRAMEWORK] [PARTITIONS]
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Any, Dict, Optional, Union

import pandas as pd

import proficient

TABLES = ("workers", "domains", "competencies", "criteria", "rejected")


def _framework_text(framework: Union[str, "proficient.Framework"]) -> str:
    """The framework as JSON text (valid YAML), which pickles to any worker."""
    if not isinstance(framework, proficient.Framework):
        framework = proficient.load_framework(framework)
    return json.dumps(framework.to_dict())


def _score_partition(part: pd.DataFrame, fw_text: str, as_of: str,
                     policy: Optional[Dict[str, Any]], table: str) -> pd.DataFrame:
    fw = proficient.Framework.from_yaml(fw_text)
    result = proficient.score(fw, part, as_of=as_of, policy=policy, explain=table == "evidence")
    return result.to_pandas(table)


def score_partitions(framework: Union[str, "proficient.Framework"], evidence: Any, *,
                     as_of: Union[str, dt.date], policy: Optional[Dict[str, Any]] = None,
                     table: str = "competencies", npartitions: Optional[int] = None) -> Any:
    """A lazy Dask DataFrame of one result table (`workers`, `domains`,
    `competencies`, `criteria`, `evidence` or `rejected`, as
    `ScoreResult.to_pandas`) of scoring `evidence` (a Dask DataFrame of
    evidence columns) against `framework`, partition by partition after
    partitioning by worker. Rows are grouped by worker within partitions;
    `.compute()` and sort by `worker` (stable) for single-process order.
    In `rejected`, `line` is the row's position within its partition."""
    as_of = as_of.isoformat() if isinstance(as_of, dt.date) else as_of
    fw_text = _framework_text(framework)
    by_worker = evidence.shuffle(on="worker", npartitions=npartitions)
    empty = evidence._meta.iloc[:0]
    meta = _score_partition(empty, fw_text, as_of, policy, table)
    return by_worker.map_partitions(_score_partition, fw_text, as_of, policy, table,
                                    meta=meta, align_dataframes=False)


def collect(lazy: Any) -> pd.DataFrame:
    """Computes a table of `score_partitions` in single-process order."""
    df = lazy.compute()
    return df.sort_values("worker", kind="stable").reset_index(drop=True)


def main(argv: list) -> int:
    import dask.dataframe as dd

    path, as_of = argv[0], argv[1]
    framework = argv[2] if len(argv) > 2 else "job-retention"
    parts = int(argv[3]) if len(argv) > 3 else 4
    reader = dd.read_parquet if path.endswith(".parquet") else dd.read_csv
    evidence = reader(path)
    levels = collect(score_partitions(framework, evidence, as_of=as_of, npartitions=parts))
    print(levels.pivot(index="worker", columns="competency", values="level").head())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
