"""Builds the foundation benchmark's inputs: real Windows process events from
examples/data/processes_on_host.csv repeated to a target size, as CSV and as an Arrow IPC
file with the same rows."""
import sys

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.ipc as ipc

src, out_csv, out_arrow, target_mb = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
table = pacsv.read_csv(src)
with open(src, "rb") as f:
    one = len(f.read())
copies = max(1, int(target_mb * 1024 * 1024 / one) + 1)
big = pa.concat_tables([table] * copies)
pacsv.write_csv(big, out_csv)
with ipc.new_file(out_arrow, big.schema) as w:
    w.write_table(big, max_chunksize=65536)
print(f"{big.num_rows} rows", file=sys.stderr)
