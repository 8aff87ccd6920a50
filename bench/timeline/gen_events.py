"""Synthetic process events for the timeline benchmark: one day, eight accounts.

Usage: python gen_events.py ROWS OUT.csv
"""

import csv
import random
import sys
from datetime import datetime, timedelta, timezone


def main(rows: int, out: str) -> None:
    rng = random.Random(42)
    start = datetime(2024, 1, 1, tzinfo=timezone.utc)
    accounts = [f"CORP\\user{i}" for i in range(8)]
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["TimeGenerated", "Account", "EventID", "CommandLine"])
        for i in range(rows):
            t = start + timedelta(microseconds=rng.randrange(86_400_000_000))
            w.writerow(
                [
                    t.strftime("%Y-%m-%d %H:%M:%S.%f"),
                    rng.choice(accounts),
                    4688,
                    f"cmd.exe /c task{rng.randrange(1000)} --id {i}",
                ]
            )


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2])
