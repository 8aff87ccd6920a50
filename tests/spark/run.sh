#!/usr/bin/env bash
# The Spark tests: huntkit.spark's functions against the local Python API on the same rows,
# first on `local[2]`, then on a standalone cluster started here on 127.0.0.1 (a master and
# two one-core workers), stopped again however the run ends.
#
# The executors get huntkit as a Spark user ships it to a cluster: the wheel (built here
# with maturin, dev profile unless HUNTKIT_PY_PROFILE=release) is installed with its
# dependencies into folders, zipped, and handed to Spark with `spark.archives`, unpacked
# in each executor's working directory and put on its PYTHONPATH. Neither the venv nor
# the workers have huntkit installed: the tests check that executors import it from the
# archive.
#
# HUNTKIT_SPARK_VENV: the venv with pyspark (made here: tests/spark/.venv).
# HUNTKIT_SPARK_ONLY=local|cluster: one of the two runs. Extra arguments go to pytest.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
venv="${HUNTKIT_SPARK_VENV:-$here/.venv}"
work="$repo/tests/artifacts/spark"
only="${HUNTKIT_SPARK_ONLY:-}"
mkdir -p "$work"

if [ ! -x "$venv/bin/pytest" ] || [ ! -x "$venv/bin/maturin" ] || [ ! -d "$venv/lib" ] \
  || ! "$venv/bin/python" -c 'import pyspark' 2>/dev/null; then
  python3 -m venv "$venv"
  # pandas 3 is not fully supported by PySpark 4.
  "$venv/bin/pip" install -q pyspark "pandas<3" pyarrow pytest maturin
fi
"$venv/bin/pip" uninstall -q -y huntkit 2>/dev/null || true
zip_dir() {  # DIR OUT (OUT.zip holds DIR's contents)
  "$venv/bin/python" -c 'import shutil, sys; shutil.make_archive(sys.argv[2], "zip", root_dir=sys.argv[1])' "$1" "$2"
}

# The wheel, and the environment the executors get, as two archives: huntkit itself, made
# on every run, and its dependencies (pyarrow and pandas come with PySpark's own Python
# environment), made again only when the wheel's requirements change.
rm -rf "$work/wheels" "$work/site" "$work/huntkit_env.zip"
(cd "$repo/widgets/python" && "$venv/bin/maturin" build --quiet \
  --profile "${HUNTKIT_PY_PROFILE:-dev}" -o "$work/wheels" >&2)
wheel=$(ls "$work"/wheels/huntkit-*.whl)
"$venv/bin/pip" install -q --no-deps --target "$work/site" "$wheel"
requires=$(cat "$work"/site/huntkit-*.dist-info/METADATA | grep '^Requires-Dist' | grep -v 'extra ==' || true)
if [ ! -f "$work/huntkit_deps.zip" ] || [ "$(cat "$work/deps.requires" 2>/dev/null)" != "$requires" ]; then
  rm -rf "$work/deps" "$work/huntkit_deps.zip"
  "$venv/bin/pip" install -q --target "$work/deps" "$wheel"
  rm -rf "$work"/deps/huntkit "$work"/deps/huntkit-*.dist-info
  zip_dir "$work/deps" "$work/huntkit_deps"
  printf '%s' "$requires" > "$work/deps.requires"
fi
zip_dir "$work/site" "$work/huntkit_env"

export SPARK_HOME
SPARK_HOME="$("$venv/bin/python" -c 'import os, pyspark; print(os.path.dirname(pyspark.__file__))')"
export SPARK_LOCAL_IP=127.0.0.1 PYSPARK_PYTHON="$venv/bin/python" PYSPARK_DRIVER_PYTHON="$venv/bin/python"
# What the executors unpack in their working directory (`archive#folder`), in import order.
export HUNTKIT_SPARK_ARCHIVES="$work/huntkit_env.zip#huntkit_env,$work/huntkit_deps.zip#huntkit_deps"
cd "$here"

run_tests() {  # MASTER [pytest args]
  local master=$1
  shift
  echo "spark tests on $master" >&2
  # The driver imports huntkit from the same folder the archive holds.
  HUNTKIT_SPARK_MASTER="$master" PYTHONPATH="$work/site:$work/deps" \
    "$venv/bin/python" -m pytest -q -p no:cacheprovider "$@"
}

if [ "$only" != cluster ]; then
  run_tests "local[2]" "$@"
fi
[ "$only" = local ] && exit 0

# The cluster: a master on 127.0.0.1:7077 and two workers with one core each. Started
# without the driver's PYTHONPATH, so that executors only have what Spark ships them.
logs="$work/cluster"
rm -rf "$logs"
mkdir -p "$logs/work"
pids=()
stop_cluster() {
  local pid
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  pids=()
}
trap stop_cluster EXIT
trap 'exit 130' INT TERM
start() {  # LOG CLASS ARGS...
  local log=$1
  shift
  env -u PYTHONPATH SPARK_WORKER_DIR="$logs/work" \
    "$SPARK_HOME/bin/spark-class" "$@" > "$logs/$log.log" 2>&1 &
  pids+=($!)
}
start master org.apache.spark.deploy.master.Master --host 127.0.0.1 --port 7077 --webui-port 0
for i in 1 2; do
  start "worker$i" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores 1 \
    --memory 1536m --webui-port 0 --work-dir "$logs/work" spark://127.0.0.1:7077
done
# Both workers registered with the master.
for _ in $(seq 1 120); do
  [ "$(grep -c 'Registering worker' "$logs/master.log" 2>/dev/null || true)" -ge 2 ] && break
  sleep 0.5
done
if [ "$(grep -c 'Registering worker' "$logs/master.log" || true)" -lt 2 ]; then
  echo "the Spark workers did not register with the master:" >&2
  tail -n 20 "$logs"/*.log >&2
  exit 1
fi
run_tests "spark://127.0.0.1:7077" "$@"
