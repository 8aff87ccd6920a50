"""huntkit.spark's functions give the local Python API's answers on the same rows, on
`local[2]` and on a standalone cluster (tests/spark/run.sh runs both)."""

from __future__ import annotations

import pathlib
import subprocess
import sys

import pyarrow as pa
import pyarrow.compute as pc
import pytest

import huntkit
from huntkit import spark as hks
from conftest import DATA, ENV_NAME, ON_CLUSTER, assert_same, generate

SESSIONS = dict(user_columns=["UserId", "ClientIP"], time_column="TimeGenerated", event_column="Operation")


def frame(spark, table: pa.Table, key: str = "row_id"):
    """A Spark DataFrame of ``table`` with a row key, spread over several partitions."""
    table = table.append_column(key, pa.array(range(table.num_rows), pa.int64()))
    return spark.createDataFrame(table).repartition(3)


@pytest.fixture(scope="module")
def corpora(tmp_path_factory) -> dict:
    tmp = tmp_path_factory.mktemp("corpora")
    generate("decode/make_inputs.py", DATA, tmp / "decode.csv", 0.3)
    generate("ioc/make_corpus.py", "bench", tmp / "ioc.csv", 0.3, tmp / "truth.jsonl")
    generate("sessions/gen_events.py", 200, tmp / "events.csv")
    return {name: huntkit.to_arrow(tmp / f"{name}.csv") for name in ("decode", "ioc", "events")}


# ---------------------------------------------------------------------------- packaging


def test_importing_huntkit_leaves_pyspark_alone() -> None:
    code = "import sys, huntkit, huntkit.engines; assert 'pyspark' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.skipif(not ON_CLUSTER, reason="executors share the driver's install locally")
def test_executors_import_huntkit_from_the_shipped_archive(spark) -> None:
    def where(_):
        import os

        import huntkit.spark

        yield (os.getcwd(), huntkit.spark.__file__)

    found = spark.sparkContext.parallelize(range(4), 4).mapPartitions(where).collect()
    assert len(found) == 4
    for cwd, path in found:
        assert path.startswith(str(pathlib.Path(cwd) / ENV_NAME)), (cwd, path)


# ---------------------------------------------------------------------------- decode


def _local_rowwise(local: pa.Table, source: pa.Table, position: str, keys) -> pa.Table:
    """The local result with the source rows' keys in place of their positions."""
    picked = source.select(keys).take(local.column(position))
    out = local.drop_columns([position])
    for i, k in enumerate(keys):
        out = out.add_column(i, k, picked.column(k))
    return out


@pytest.mark.parametrize("source", ["bundled", "generated"])
def test_decode_is_the_local_apis(spark, corpora, source) -> None:
    table = huntkit.to_arrow(DATA / "processes_on_host.csv") if source == "bundled" else corpora["decode"]
    df = frame(spark, table)
    result = hks.decode(df, "CommandLine", key_columns=["row_id"])
    same_rows = df.toArrow()
    local = huntkit.decode(same_rows, "CommandLine")
    assert local.num_rows > 0
    assert_same(result, _local_rowwise(local, same_rows, "src_index", ["row_id"]))


# ---------------------------------------------------------------------------- IoCs


@pytest.mark.parametrize("source", ["bundled", "generated"])
def test_iocs_are_the_local_apis(spark, corpora, source) -> None:
    if source == "bundled":
        table, columns = huntkit.to_arrow(DATA / "processes_on_host.csv"), ["CommandLine", "NewProcessName"]
    else:
        table = corpora["ioc"]
        columns = [c for c, t in zip(table.column_names, table.schema.types) if pa.types.is_string(t) or pa.types.is_large_string(t)]
    df = frame(spark, table)
    result = hks.extract_iocs(df, columns, key_columns=["row_id"], include_paths=True)
    assert [f.name for f in result.schema.fields] == [
        "row_id", "IoCType", "Observable", "raw", "start", "end", "Column"
    ]
    same_rows = df.toArrow()
    local = huntkit.extract_iocs(same_rows, columns, include_paths=True)
    assert local.num_rows > 0
    assert_same(result, _local_rowwise(local, same_rows, "SourceIndex", ["row_id"]))


def test_iocs_with_null_cells_and_no_keys(spark) -> None:
    table = pa.table({"msg": ["beacon to 203.0.113.9", None, "", "see hxxp://evil[.]example.com/x"]})
    df = spark.createDataFrame(table)
    result = hks.extract_iocs(df, "msg", types=["ipv4", "url"])
    got = sorted((r["IoCType"], r["Observable"]) for r in result.collect())
    assert got == [("ipv4", "203.0.113.9"), ("url", "http://evil.example.com/x")]


def test_schemas_are_declared_before_anything_runs(spark) -> None:
    df = frame(spark, huntkit.to_arrow(DATA / "processes_on_host.csv"))
    types = {f.name: f.dataType.simpleString() for f in hks.extract_iocs(df, "CommandLine", ["row_id"]).schema.fields}
    assert types == {
        "row_id": "bigint", "IoCType": "string", "Observable": "string", "raw": "string",
        "start": "bigint", "end": "bigint", "Column": "string",
    }
    with pytest.raises(ValueError, match="share a name"):
        hks.extract_iocs(df, "CommandLine", key_columns=["CommandLine", "Observable"])


# ---------------------------------------------------------------------------- sessions


@pytest.mark.parametrize("source", ["bundled", "generated"])
def test_sessions_are_the_local_apis(spark, corpora, source) -> None:
    table = huntkit.to_arrow(DATA / "o365_sessions.csv") if source == "bundled" else corpora["events"]
    df = frame(spark, table)
    same_rows = df.toArrow()
    local = huntkit.score_sessions(same_rows, **SESSIONS)
    # Trained on every user, as locally.
    assert_same(hks.score_sessions(df, sample_fraction=1.0, **SESSIONS), local.table)
    # A model passed in as JSON, broadcast to the workers.
    baseline = huntkit.score_sessions(same_rows.slice(0, same_rows.num_rows // 2), **SESSIONS).model
    scored = baseline.score_events(same_rows, **SESSIONS).table
    assert_same(hks.score_sessions(df, model=baseline.to_json(), **SESSIONS), scored)


def test_a_sampled_model_trains_on_whole_users(spark, corpora) -> None:
    df = frame(spark, corpora["events"])
    model = hks.train_session_model(df, sample_fraction=0.3, seed=7, **SESSIONS)
    everyone = huntkit.score_sessions(df.toArrow(), **SESSIONS).model
    assert 0 < model.sessions_trained < everyone.sessions_trained
    ranked = hks.score_sessions(df, model=model, **SESSIONS)
    ranks = sorted(r["rank"] for r in ranked.select("rank").collect())
    assert ranks == list(range(1, len(ranks) + 1))


# ---------------------------------------------------------------------------- process trees


def _canonical_per_host(table: pa.Table, host: str) -> list:
    from huntkit.spark import _canonical

    return [
        _canonical(table.filter(pc.equal(table.column(host), h)))
        for h in pc.unique(table.column(host)).to_pylist()
    ]


@pytest.mark.parametrize("source", ["bundled", "generated"])
def test_process_trees_are_the_local_apis(spark, source) -> None:
    base = huntkit.to_arrow(DATA / "win_proc_test.arrow")
    if source == "generated":
        # Three hosts with the same process ids: trees must not link across hosts.
        parts = []
        for host in ("WS-01", "WS-02", "SRV-9"):
            part = base.set_column(base.column_names.index("Computer"), "Computer", pa.array([host] * base.num_rows))
            parts.append(part)
        base = pa.concat_tables(parts)
    df = spark.createDataFrame(base).repartition(4)
    result = hks.build_process_tree(df)
    same_rows = df.toArrow()
    local = pa.concat_tables(
        [huntkit.build_process_tree(t).table for t in _canonical_per_host(same_rows, "Computer")]
    )
    assert local.num_rows >= base.num_rows
    assert_same(result, local)


# ---------------------------------------------------------------------------- time series


def test_time_series_is_the_local_apis(spark) -> None:
    table = huntkit.to_arrow(DATA / "time_series.csv").select(["TimeGenerated", "TotalBytesSent"])
    df = spark.createDataFrame(table).repartition(3)
    opts = dict(time_column="TimeGenerated", value_column="TotalBytesSent", period=24)
    result = hks.ts_anomalies(df, **opts)
    assert_same(result, huntkit.ts_anomalies(df.toArrow(), **opts))


def test_time_series_per_key_is_the_local_apis(spark) -> None:
    base = huntkit.to_arrow(DATA / "time_series.csv").select(["TimeGenerated", "TotalBytesSent"])
    parts = []
    for i, host in enumerate(["alpha", "beta", "gamma"]):
        values = pc.add(base.column("TotalBytesSent"), pa.scalar(i * 1000, pa.int64()))
        parts.append(pa.table({"Host": [host] * base.num_rows, "TimeGenerated": base.column("TimeGenerated"), "TotalBytesSent": values}))
    df = spark.createDataFrame(pa.concat_tables(parts)).repartition(3)
    opts = dict(time_column="TimeGenerated", value_column="TotalBytesSent", period=24)
    result = hks.ts_anomalies(df, key_columns=["Host"], **opts)
    same_rows = df.toArrow()
    local = []
    for host in ["alpha", "beta", "gamma"]:
        series = same_rows.filter(pc.equal(same_rows.column("Host"), host)).drop_columns(["Host"])
        out = huntkit.ts_anomalies(series, **opts)
        local.append(out.add_column(0, "Host", pa.array([host] * out.num_rows)))
    assert_same(result, pa.concat_tables(local))


# ---------------------------------------------------------------------------- the notebook


@pytest.mark.skipif(ON_CLUSTER, reason="once is enough: the notebook makes its own session")
def test_the_spark_hunt_notebook_runs(spark, monkeypatch) -> None:
    import json

    notebook = DATA.parent / "notebooks" / "spark_hunt.ipynb"
    cells = json.loads(notebook.read_text())["cells"]
    monkeypatch.chdir(notebook.parent)
    scope: dict = {}
    for cell in cells:
        if cell["cell_type"] == "code":
            exec(compile("".join(cell["source"]), str(notebook), "exec"), scope)
    top = scope["top"]
    assert list(top["rank"]) == list(range(1, 11))
    assert scope["iocs"].count() > 0 and scope["decoded"].count() > 0
