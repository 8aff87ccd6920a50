"""The Spark IoC benchmark's corpus: log and command lines with indicators planted in
them (bench/ioc/make_corpus.py's benchmark corpus), as Parquet files of one `text`
column and a row `id`, repeated until the corpus holds MEGABYTES of text.

usage: make_corpus.py OUT_DIR MEGABYTES [BASE_MEGABYTES]
Writes OUT_DIR/part-*.parquet and OUT_DIR/_corpus.json (Spark skips names starting with _) ({"bytes", "rows", "files"}).
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv
import pyarrow.parquet as pq

HERE = os.path.dirname(os.path.abspath(__file__))

out_dir, megabytes = sys.argv[1], float(sys.argv[2])
base_mb = float(sys.argv[3]) if len(sys.argv) > 3 else min(megabytes, 64.0)
shutil.rmtree(out_dir, ignore_errors=True)
os.makedirs(out_dir)
with tempfile.TemporaryDirectory() as tmp:
    csv_path = os.path.join(tmp, "base.csv")
    subprocess.run(
        [sys.executable, os.path.join(HERE, "..", "ioc", "make_corpus.py"), "bench", csv_path,
         str(base_mb), os.path.join(tmp, "truth.jsonl")],
        check=True, stdout=subprocess.DEVNULL,
    )
    text = pcsv.read_csv(
        csv_path, convert_options=pcsv.ConvertOptions(column_types={"text": pa.string()},
                                                      strings_can_be_null=False)
    ).column("text")
text = text.combine_chunks()
# Text bytes per file: each line's UTF-8 bytes and its newline, as a log file holds them.
file_bytes = pc.sum(pc.binary_length(text)).as_py() + len(text)
rows, total, files = len(text), 0, 0
while total < megabytes * 1e6:
    ids = pa.array(range(files * rows, (files + 1) * rows), pa.int64())
    pq.write_table(pa.table({"id": ids, "text": text}), os.path.join(out_dir, f"part-{files:05d}.parquet"),
                   row_group_size=64 * 1024)
    total += file_bytes
    files += 1
with open(os.path.join(out_dir, "_corpus.json"), "w") as fh:
    json.dump({"bytes": total, "rows": rows * files, "files": files}, fh)
print(f"{out_dir}: {files} files, {rows * files} lines, {total / 1e6:.0f} MB of text", file=sys.stderr)
