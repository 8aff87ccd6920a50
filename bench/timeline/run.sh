#!/usr/bin/env bash
# Timeline benchmark: from a CSV of events to what the view first draws.
#   huntkit: read the CSV, index it (sort by lane and time), bin one 900-pixel frame; then
#            the per-frame cost of zooming, a brush selection and hover hit-tests.
#   MSTICPy: display_timeline's Bokeh layout for the same CSV, serialised to the HTML the
#            notebook receives (every event is shipped to the browser as JSON).
# Writes bench/results/timeline.md. BENCH_QUICK=1 shrinks the inputs.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
work="${BENCH_WORK:-$(mktemp -d)}/timeline"
py="${BENCH_PY:-$repo/bench/.venv/bin/python}"
mkdir -p "$work" "$repo/bench/results"
if [ "${BENCH_QUICK:-0}" = "1" ]; then sizes="10000"; else sizes="100000 1000000"; fi
# Bokeh holds every event in the page; past this size MSTICPy is not run.
py_max="${BENCH_TIMELINE_PY_MAX:-1000000}"

(cd "$repo" && cargo build -q --profile bench -p huntkit-timeline --benches)
: > "$work/results.jsonl"
for n in $sizes; do
  csv="$work/events_$n.csv"
  [ -f "$csv" ] || "$py" "$here/gen_events.py" "$n" "$csv"
  native=$(cd "$repo" && HK_BENCH_INPUT="$csv" cargo bench -q -p huntkit-timeline --bench timeline 2>/dev/null | tail -1)
  wasm=$(node "$here/wasm_bench.mjs" "$csv" 2>/dev/null | tail -1 || true)
  [ -n "$wasm" ] || wasm="null"
  mp="null"
  if [ "$n" -le "$py_max" ]; then
    mp=$("$py" "$here/msticpy_timeline.py" "$csv" | tail -1)
  fi
  echo "{\"rows\": $n, \"csv_bytes\": $(stat -c %s "$csv"), \"huntkit\": $native, \"msticpy\": $mp}" >> "$work/results.jsonl"
done

"$py" - "$work/results.jsonl" "$repo/bench/results/timeline.md" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
out = ["## timeline", "",
       "From a CSV of process events (8 accounts, one day) to the first drawable view. huntkit: "
       "read + index + bin one 900-px frame (native Rust). MSTICPy: `pd.read_csv` + "
       "`display_timeline(group_by=\"Account\")` + `file_html` (the Bokeh page that carries "
       "every event). Ratio = MSTICPy / huntkit.", "",
       "| input | rows | MB | huntkit s | huntkit rows/s | huntkit wasm (Node) s | MSTICPy s | MSTICPy rows/s | ratio |",
       "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
for r in rows:
    h = r["huntkit"]; m = r["msticpy"]
    hs = h["read_s"] + h["index_s"] + h["first_frame_s"]
    w = r.get("wasm")
    ws = f"{w['read_index_s'] + w['first_frame_s']:.3f}" if w else "not built"
    line = f"| events_{r['rows']}.csv | {r['rows']:,} | {r['csv_bytes']/1e6:.1f} | {hs:.3f} | {r['rows']/hs:,.0f} | {ws} |"
    if m:
        ms = m["read_s"] + m["figure_s"] + m["html_s"]
        line += f" {ms:.3f} | {r['rows']/ms:,.0f} | {ms/hs:.1f}× |"
    else:
        line += " not run | | |"
    out.append(line)
out += ["", "Per-frame work in huntkit (the view redraws from these; Bokeh redraws every glyph in the browser):", "",
        "| rows | index build s | first frame ms | zoom frame ms (mean of 100) | wasm zoom frame ms | brush select ms (half the range) | hover hit µs | MSTICPy HTML MB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|"]
for r in rows:
    h = r["huntkit"]; m = r["msticpy"]
    html = f"{m['html_bytes']/1e6:.1f}" if m else "—"
    w = r.get("wasm")
    wz = f"{w['zoom_frame_s']*1e3:.3f}" if w else "—"
    out.append(f"| {r['rows']:,} | {h['index_s']:.3f} | {h['first_frame_s']*1e3:.2f} | {h['zoom_frame_s']*1e3:.3f} | {wz} | {h['select_s']*1e3:.2f} | {h['hit_s']*1e6:.2f} | {html} |")
open(sys.argv[2], "w").write("\n".join(out) + "\n")
print("\n".join(out))
PY
