"""The Spark session the tests share (the master from HUNTKIT_SPARK_MASTER, `local[2]` by
default; on a cluster, huntkit shipped as the archive HUNTKIT_SPARK_ARCHIVE), the
bundled and generated inputs, and the comparison with the local Python API.

Run: tests/spark/run.sh (it builds the wheel, and starts and stops the cluster).
"""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys
from typing import Any, List

import pyarrow as pa
import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
DATA = REPO / "examples" / "data"
BENCH = REPO / "bench"
MASTER = os.environ.get("HUNTKIT_SPARK_MASTER", "local[2]")
ON_CLUSTER = MASTER.startswith("spark://")
#: What a cluster's executors unpack in their working directory: ``archive#folder``, ...
ARCHIVES = [a for a in os.environ.get("HUNTKIT_SPARK_ARCHIVES", "").split(",") if a]
#: The folder huntkit itself is unpacked in.
ENV_NAME = "huntkit_env"


@pytest.fixture(scope="session")
def spark() -> Any:
    from pyspark.sql import SparkSession

    builder = (
        SparkSession.builder.master(MASTER)
        .appName("huntkit-spark-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "4")
        # Small batches, so the row-wise engines run over several per partition.
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "500")
        .config("spark.driver.memory", "1g")
    )
    if ON_CLUSTER:
        assert ARCHIVES, "HUNTKIT_SPARK_ARCHIVES names the environment to ship"
        folders = [a.rsplit("#", 1)[1] for a in ARCHIVES]
        builder = (
            builder.config("spark.archives", ",".join(ARCHIVES))
            .config("spark.executorEnv.PYTHONPATH", ":".join(folders))
            .config("spark.executor.memory", "1g")
            .config("spark.cores.max", "2")
        )
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def generate(script: str, *args: Any) -> None:
    """Runs one of the benchmarks' input generators (real lines from examples/data with
    payloads, indicators or sessions planted in them)."""
    subprocess.run([sys.executable, str(BENCH / script), *map(str, args)], check=True)


def rows(table: pa.Table) -> List[tuple]:
    """A table's rows as tuples in a fixed order (the comparison leaves order aside)."""
    listed = [tuple(r.values()) for r in table.to_pylist()]
    return sorted(listed, key=repr)


def conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """``table`` as the Spark result's columns and types."""
    from huntkit.spark import _conform

    return _conform(table, schema)


def assert_same(spark_result: Any, local: pa.Table) -> None:
    """A Spark result equals the local API's table, ordering aside."""
    got = spark_result.toArrow()
    assert got.column_names == [f.name for f in spark_result.schema.fields]
    want = conform(local, got.schema)
    assert got.num_rows == want.num_rows
    assert rows(got) == rows(want)
