"""Scoring partitioned by worker with Dask (examples/dask_scoring.py) gives
exactly the single-process result, on Dask's local schedulers."""

from __future__ import annotations

import collections
import importlib.util
import subprocess
import sys
from pathlib import Path
from typing import Any, Optional

import pandas as pd
import pytest

import proficient
from conftest import REPO

dd = pytest.importorskip("dask.dataframe")
import dask  # noqa: E402

sys.path.insert(0, str(REPO / "examples"))
spec = importlib.util.spec_from_file_location("dask_scoring", REPO / "examples" / "dask_scoring.py")
assert spec is not None and spec.loader is not None
dask_scoring: Any = importlib.util.module_from_spec(spec)
spec.loader.exec_module(dask_scoring)

AS_OF = "2026-06-30"


def generate(cli: Optional[str], path: Path, items: int, workers: int, *extra: str) -> None:
    assert cli, "the proficient CLI is needed to generate workloads"
    subprocess.run([cli, "generate", "--items", str(items), "--workers", str(workers),
                    "--seed", "3", "--out", str(path), *extra], check=True, capture_output=True)


def rejections(df: pd.DataFrame) -> Any:
    return collections.Counter(zip(df["id"], df["worker"], df["criterion"], df["reason"]))


@pytest.mark.parametrize("scheduler", ["threads", "sync"])
def test_partitioned_scoring_equals_single_process(cli: Optional[str], tmp_path: Path,
                                                   scheduler: str) -> None:
    path = tmp_path / "items.parquet"
    generate(cli, path, 30_000, 700)
    single = proficient.score("job-retention", str(path), as_of=AS_OF, explain=False)
    evidence = dd.read_parquet(str(path), split_row_groups=False).repartition(npartitions=5)
    with dask.config.set(scheduler=scheduler):
        for table in ("workers", "domains", "competencies", "criteria"):
            lazy = dask_scoring.score_partitions("job-retention", evidence, as_of=AS_OF,
                                                 table=table, npartitions=4)
            got = dask_scoring.collect(lazy)
            want = single.to_pandas(table)
            pd.testing.assert_frame_equal(got, want, check_exact=True, check_dtype=False)
        lazy = dask_scoring.score_partitions("job-retention", evidence, as_of=AS_OF,
                                             table="rejected", npartitions=4)
        got = lazy.compute()
    want = single.to_pandas("rejected")
    assert len(want) > 1000
    assert rejections(got) == rejections(want)


def test_a_generated_framework_and_csv_partitions(cli: Optional[str], tmp_path: Path) -> None:
    path, fw_path = tmp_path / "items.csv", tmp_path / "fw.yaml"
    generate(cli, path, 8_000, 300, "--competencies", "11", "--framework-out", str(fw_path))
    fw = proficient.load_framework(str(fw_path))
    single = proficient.score(fw, str(path), as_of=AS_OF, explain=False)
    evidence = dd.read_csv(str(path), dtype=str, keep_default_na=False, blocksize=100_000)
    assert evidence.npartitions > 1
    got = dask_scoring.collect(dask_scoring.score_partitions(fw, evidence, as_of=AS_OF))
    pd.testing.assert_frame_equal(got, single.to_pandas("competencies"), check_exact=True,
                                  check_dtype=False)
