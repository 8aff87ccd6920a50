#!/usr/bin/env bash
# Spark benchmark: IoC extraction over a generated corpus of log lines (Parquet, ≥ 1 GB of
# text by default) on a standalone cluster on 127.0.0.1 (a master and two one-core
# workers, started and stopped here): huntkit.spark.extract_iocs (the native engine on
# Arrow batches), Spark's own regexp_extract_all with MSTICPy's patterns for IPv4,
# domains, URLs and hashes, and a pandas_udf wrapping MSTICPy's IoCExtract, in one run.
# Each runs on one worker, then two; MSTICPy, hours slower at this size, over a slice of
# the same lines. Results: bench/results/spark.md.
#
# SPARK_BENCH_MB (default 1024) and SPARK_BENCH_MSTICPY_MB (default 8) size the corpora;
# BENCH_QUICK=1 makes them 32 and 1.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
BENCH_WORK=${BENCH_WORK:-$root/bench/work}
work=$BENCH_WORK/spark
mkdir -p "$work" "$root/bench/results"
if [ "${BENCH_QUICK:-0}" = "1" ]; then
  mb=${SPARK_BENCH_MB:-32} msticpy_mb=${SPARK_BENCH_MSTICPY_MB:-1}
else
  mb=${SPARK_BENCH_MB:-1024} msticpy_mb=${SPARK_BENCH_MSTICPY_MB:-8}
fi

# A venv of its own: PySpark (pandas < 3, which it supports), MSTICPy at bench/.venv's
# version, and huntkit from a release wheel. The executors run this venv's Python.
venv=$work/venv
if [ ! -x "$venv/bin/maturin" ] || ! "$venv/bin/python" -c 'import pyspark, msticpy' 2>/dev/null; then
  python3 -m venv "$venv"
  msticpy=$(grep '^msticpy==' "$root/bench/requirements.txt")
  "$venv/bin/pip" install -q pyspark "pandas<3" pyarrow maturin "$msticpy"
fi
echo "spark: building the huntkit wheel (maturin build --release)" >&2
rm -rf "$work/wheels"
(cd "${HUNTKIT_PY_PACKAGE:-$root/widgets/python}" && "$venv/bin/maturin" build --release --quiet -o "$work/wheels" >&2)
"$venv/bin/pip" install -q --force-reinstall "$work"/wheels/huntkit-*.whl

# The corpora, made once per size: the lines timed, a slice for MSTICPy, and a small
# one each session warms up on.
tag="$mb-$msticpy_mb"
if [ ! -f "$work/.corpus" ] || [ "$(cat "$work/.corpus")" != "$tag" ]; then
  "$venv/bin/python" "$here/make_corpus.py" "$work/corpus" "$mb"
  # The slice in four files, so that both workers share it.
  "$venv/bin/python" "$here/make_corpus.py" "$work/slice" "$msticpy_mb" "$(python3 -c "print($msticpy_mb / 4)")"
  "$venv/bin/python" "$here/make_corpus.py" "$work/warmup" 0.2
  echo "$tag" > "$work/.corpus"
fi

export SPARK_HOME
SPARK_HOME=$("$venv/bin/python" -c 'import os, pyspark; print(os.path.dirname(pyspark.__file__))')
export SPARK_LOCAL_IP=127.0.0.1 PYSPARK_PYTHON=$venv/bin/python PYSPARK_DRIVER_PYTHON=$venv/bin/python
port=${SPARK_BENCH_PORT:-7078}
master=spark://127.0.0.1:$port
logs=$work/cluster
rm -rf "$logs"
mkdir -p "$logs/work"
pids=()
stop_cluster() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pids=()
}
trap stop_cluster EXIT
trap 'exit 130' INT TERM
start() {  # LOG CLASS ARGS...
  local log=$1
  shift
  SPARK_WORKER_DIR="$logs/work" "$SPARK_HOME/bin/spark-class" "$@" > "$logs/$log.log" 2>&1 &
  pids+=($!)
}
start master org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$port" --webui-port 0
for i in 1 2; do
  start "worker$i" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores 1 \
    --memory 3g --webui-port 0 --work-dir "$logs/work" "$master"
done
for _ in $(seq 1 120); do
  [ "$(grep -c 'Registering worker' "$logs/master.log" 2>/dev/null || true)" -ge 2 ] && break
  sleep 0.5
done

results=$work/results.jsonl
: > "$results"
for cores in 1 2; do
  for method in passthrough huntkit spark; do
    echo "spark: $method on $cores worker(s), $mb MB" >&2
    "$venv/bin/python" "$here/bench.py" "$method" "$master" "$cores" "$work/corpus" "$work/warmup" \
      2> "$work/$method-$cores.log" | grep '^{' >> "$results" || { tail -n 20 "$work/$method-$cores.log" >&2; exit 1; }
  done
done
for cores in 1 2; do
  echo "spark: msticpy on $cores worker(s), $msticpy_mb MB" >&2
  "$venv/bin/python" "$here/bench.py" msticpy "$master" "$cores" "$work/slice" "$work/warmup" \
    2> "$work/msticpy-$cores.log" | grep '^{' >> "$results" || { tail -n 20 "$work/msticpy-$cores.log" >&2; exit 1; }
done
stop_cluster

python3 "$here/report.py" "$results" > "$root/bench/results/spark.md"
cat "$root/bench/results/spark.md"
