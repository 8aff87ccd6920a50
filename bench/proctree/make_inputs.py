"""Builds the process-tree benchmark inputs: Windows 4688, Linux auditd and Defender
DeviceProcessEvents data, each repeated N times with process ids made unique per copy.

Writes <out>/<dataset>_x<N>.arrow (Arrow IPC file) for every dataset and scale.
"""

import argparse
from pathlib import Path

import pandas as pd
import pyarrow as pa

# Each copy's ids are moved past every id of the original.
WIN_STEP = 0x100000
NUM_STEP = 10_000_000


def load_arrow(path):
    with pa.memory_map(str(path)) as src:
        return pa.ipc.open_file(src).read_all().to_pandas()


def mde_public(root):
    """Defender DeviceProcessEvents rows made from the internal-schema test data."""
    src = pd.read_csv(
        root / "crates/huntkit-proctree/tests/data/mde_proc_cs1_slim.csv",
        parse_dates=[
            "CreatedProcessCreationTime",
            "InitiatingProcessCreationTime",
            "InitiatingProcessParentCreationTime",
            "CreatedProcessParentCreationTimeUtc",
        ],
    )
    out = pd.DataFrame(
        {
            "Timestamp": src.CreatedProcessCreationTime,
            "DeviceName": src.ComputerDnsName,
            "ActionType": "ProcessCreated",
            "FileName": src.CreatedProcessName,
            "FolderPath": src.CreatedProcessFilePath,
            "ProcessId": src.CreatedProcessId,
            "ProcessCreationTime": src.CreatedProcessCreationTime,
            "AccountName": src.CreatedProcessAccountName,
            "AccountSid": src.CreatedProcessAccountSid,
            "LogonId": src.LogonId,
            "InitiatingProcessLogonId": src.InitiatingProcessLogonId,
            "InitiatingProcessFileName": src.InitiatingProcessName,
            "InitiatingProcessFolderPath": src.InitiatingProcessImageFilePath
            + "\\"
            + src.InitiatingProcessName,
            "InitiatingProcessId": src.InitiatingProcessId,
            "InitiatingProcessCreationTime": src.InitiatingProcessCreationTime,
            "InitiatingProcessParentId": src.InitiatingProcessParentProcessId,
            "InitiatingProcessParentFileName": src.InitiatingProcessParentProcessName.str.rsplit(
                "\\", n=1
            ).str[-1],
            "InitiatingProcessParentCreationTime": src.InitiatingProcessParentCreationTime,
            "ProcessCommandLine": src.CreatedProcessName,
        }
    )
    return out


def shift_hex(col, by):
    return col.map(lambda v: v if pd.isna(v) else hex(int(str(v), 16) + by))


def scaled(df, copies, id_cols, hex_ids):
    parts = []
    for c in range(copies):
        part = df.copy()
        for col in id_cols:
            if hex_ids:
                part[col] = shift_hex(part[col], c * WIN_STEP)
            else:
                part[col] = part[col] + c * NUM_STEP
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def write_arrow(df, path):
    table = pa.Table.from_pandas(df, preserve_index=False)
    with pa.OSFile(str(path), "wb") as sink:
        with pa.ipc.new_file(sink, table.schema) as writer:
            writer.write_table(table)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--scales", nargs="+", type=int, required=True)
    args = ap.parse_args()
    root = Path(args.root)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    datasets = {
        "windows": (load_arrow(root / "examples/data/win_proc_test.arrow"), ["NewProcessId", "ProcessId"], True),
        "linux": (load_arrow(root / "examples/data/linux_proc_test.arrow"), ["pid", "ppid"], False),
        "mde": (mde_public(root), ["ProcessId", "InitiatingProcessId", "InitiatingProcessParentId"], False),
    }
    for name, (df, ids, hex_ids) in datasets.items():
        for n in args.scales:
            path = out / f"{name}_x{n}.arrow"
            if not path.exists():
                write_arrow(scaled(df, n, ids, hex_ids), path)
            print(path)


if __name__ == "__main__":
    main()
