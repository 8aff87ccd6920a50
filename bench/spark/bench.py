"""One method of the Spark IoC benchmark on one cluster size: IPv4 addresses, domains,
URLs and hashes extracted from every line of a Parquet corpus (make_corpus.py), one
output row per indicator, counted per type.

usage: bench.py METHOD MASTER CORES CORPUS_DIR WARMUP_DIR
METHOD: huntkit (huntkit.spark.extract_iocs, the native engine on Arrow batches),
        spark (Spark's own regexp_extract_all with MSTICPy's patterns for the same types),
        msticpy (a pandas_udf wrapping MSTICPy's IoCExtract),
        passthrough (mapInArrow with a function that only counts each batch's rows: what
        Spark itself costs any engine run in its Python workers).
Prints one JSON line: {"method", "cores", "bytes", "rows", "seconds", "iocs": {type: n}}.
The session starts, and every executor's Python workers warm up on WARMUP_DIR, before the
clock runs.
"""

import json
import os
import sys
import time

from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import ArrayType, StringType

method, master, cores, corpus, warmup = sys.argv[1:6]

# MSTICPy's IoCExtract patterns (fanged and defanged forms, as it matches by default),
# written for Java's regex engine. Hashes: one pattern for MD5, SHA-1 and SHA-256 with
# MSTICPy's boundaries (no hex digit either side).
PATTERNS = {
    "ipv4": r"(?:[0-9]{1,3}\[?\.\]?){3}[0-9]{1,3}",
    "dns": r"(?i)(?:(?=[a-z0-9-]{1,63}\[?\.\]?)[a-z0-9]+(?:-[a-z0-9]+)*\[?\.\]?){1,126}[a-z]{2,63}",
    "url": (
        r"(?i)(?:https?|hxxps?|s?ftps?|s?fxps?|telnet|ldap|file)://"
        r"(?:(?:[a-z0-9\-._~!$&'()*+,;=:]|%[0-9A-F]{2})*@)?"
        r"(?:[a-z0-9\-._~!$&'()*+,;=\[\]]|%[0-9A-F]{2})*"
        r"(?::\d*)?"
        r"(?:/(?:[^?#\"<>\s]|%[0-9A-F]{2})*/?)?"
        r"(?:\?(?:[a-z0-9\-._~!$&'()*+,;=:/?@]|%[0-9A-F]{2})*)?"
        r"(?:#(?:[a-z0-9\-._~!$&'()*+,;=:/?@]|%[0-9A-F]{2})*)?"
    ),
    "hash": r"(?<![A-Fa-f0-9])(?:[A-Fa-f0-9]{64}|[A-Fa-f0-9]{40}|[A-Fa-f0-9]{32})(?![A-Fa-f0-9])",
}
HUNTKIT_TYPES = ["ipv4", "dns", "url", "md5_hash", "sha1_hash", "sha256_hash"]
MSTICPY_TYPES = HUNTKIT_TYPES


def spark_session():
    builder = (
        SparkSession.builder.master(master)
        .appName(f"huntkit-bench-{method}-{cores}")
        .config("spark.ui.enabled", "false")
        .config("spark.cores.max", cores)
        .config("spark.executor.memory", "2g")
        .config("spark.driver.memory", "1g")
        .config("spark.sql.files.maxPartitionBytes", str(16 * 1024 * 1024))
    )
    s = builder.getOrCreate()
    s.sparkContext.setLogLevel("ERROR")
    return s


def with_huntkit(df):
    from huntkit import spark as hks

    out = hks.extract_iocs(df, ["text"], key_columns=["id"], types=HUNTKIT_TYPES)
    return out.groupBy(F.col("IoCType").alias("type")).count()


def tagged(name):
    """Each match as a (type, value) struct (a one-argument lambda: Spark reads a second
    argument as the element's index)."""
    return lambda v: F.struct(F.lit(name).alias("type"), v.alias("value"))


def with_spark(df):
    found = [
        F.transform(F.regexp_extract_all(F.col("text"), F.lit(p), F.lit(0)), tagged(t))
        for t, p in PATTERNS.items()
    ]
    out = df.select("id", F.inline(F.concat(*found)))
    return out.groupBy("type").count()


def with_passthrough(df):
    import pyarrow as pa

    def count_rows(batches):
        for batch in batches:
            yield pa.RecordBatch.from_arrays([pa.array([batch.num_rows], pa.int64())], names=["rows"])

    out = df.mapInArrow(count_rows, "rows long")
    return out.groupBy(F.lit("rows").alias("type")).agg(F.sum("rows").alias("count"))


_EXTRACTOR = None


def msticpy_iocs(texts):
    import pandas as pd
    from msticpy.transform.iocextract import IoCExtract

    global _EXTRACTOR
    if _EXTRACTOR is None:
        _EXTRACTOR = IoCExtract()
    out = []
    for t in texts:
        found = _EXTRACTOR.extract(src=t, ioc_types=MSTICPY_TYPES) if t else {}
        out.append([f"{ty}\t{v}" for ty, values in found.items() for v in values])
    return pd.Series(out)


def with_msticpy(df):
    udf = F.pandas_udf(msticpy_iocs, ArrayType(StringType()))
    out = df.select("id", F.explode(udf(F.col("text"))).alias("found"))
    return out.groupBy(F.split(F.col("found"), "\t").getItem(0).alias("type")).count()


def run(spark, path, partitions=None):
    df = spark.read.parquet(path)
    if partitions:
        df = df.repartition(partitions)
    query = {
        "huntkit": with_huntkit,
        "spark": with_spark,
        "msticpy": with_msticpy,
        "passthrough": with_passthrough,
    }[method](df)
    start = time.perf_counter()
    counts = {r["type"]: r["count"] for r in query.collect()}
    return time.perf_counter() - start, counts


spark = spark_session()
# Every executor's Python workers start (and import their libraries) in the warm-up.
run(spark, warmup, partitions=4 * int(cores))
seconds, counts = run(spark, corpus)
info = json.load(open(os.path.join(corpus, "_corpus.json")))
print(json.dumps({"method": method, "cores": int(cores), "bytes": info["bytes"], "rows": info["rows"],
                  "seconds": seconds, "iocs": counts}))
spark.stop()
