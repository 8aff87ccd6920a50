#!/usr/bin/env bash
# Timeline benchmark: from a CSV of events to what the view first draws.
#   huntkit: read the CSV, index it (sort by lane and time), bin one 900-pixel frame; then
#            the per-frame cost of zooming, a brush selection and hover hit-tests.
#   MSTICPy: display_timeline's Bokeh layout for the same CSV, serialised to the HTML the
#            notebook receives (every event is shipped to the browser as JSON).
# Then both in the same headless Chromium (browser.mjs): time to first render and the
# frame cost of scripted zoom and pan steps, huntkit at every size, Bokeh up to 100k.
# Writes bench/results/timeline.md. BENCH_QUICK=1 shrinks the inputs.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
work="${BENCH_WORK:-$(mktemp -d)}/timeline"
py="${BENCH_PY:-$repo/bench/.venv/bin/python}"
mkdir -p "$work" "$repo/bench/results"
if [ "${BENCH_QUICK:-0}" = "1" ]; then sizes="10000"; else sizes="10000 100000 1000000"; fi
# Bokeh holds every event in the page; past this size MSTICPy is not run.
py_max="${BENCH_TIMELINE_PY_MAX:-1000000}"
# ...and past this size its page is not opened in the browser.
bokeh_max="${BENCH_TIMELINE_BOKEH_MAX:-100000}"

(cd "$repo" && cargo build -q --profile bench -p huntkit-timeline --benches)
: > "$work/results.jsonl"
for n in $sizes; do
  csv="$work/events_$n.csv"
  [ -f "$csv" ] || "$py" "$here/gen_events.py" "$n" "$csv"
  native=$(cd "$repo" && HK_BENCH_INPUT="$csv" cargo bench -q -p huntkit-timeline --bench timeline 2>/dev/null | tail -1)
  wasm=$(node "$here/wasm_bench.mjs" "$csv" 2>/dev/null | tail -1 || true)
  [ -n "$wasm" ] || wasm="null"
  mp="null"
  page=""
  [ "$n" -le "$bokeh_max" ] && page="$work/msticpy_$n.html"
  if [ "$n" -le "$py_max" ]; then
    mp=$("$py" "$here/msticpy_timeline.py" "$csv" ${page:+"$page"} | tail -1)
  fi
  echo "{\"rows\": $n, \"csv_bytes\": $(stat -c %s "$csv"), \"huntkit\": $native, \"wasm\": $wasm, \"msticpy\": $mp}" >> "$work/results.jsonl"
  # What a notebook ships to each view: Arrow IPC to huntkit's, Bokeh's standalone page.
  [ -f "$work/events_$n.arrow" ] || "$py" -c '
import sys, pyarrow as pa, pyarrow.csv as csv
t = csv.read_csv(sys.argv[1])
with pa.ipc.new_stream(sys.argv[2], t.schema) as w:
    w.write_table(t)' "$csv" "$work/events_$n.arrow"
done
(cd "$repo/widgets" && node build.mjs > /dev/null)
# shellcheck disable=SC2086
node "$here/browser.mjs" "$work" $sizes > "$work/browser.jsonl"

"$py" - "$work/results.jsonl" "$repo/bench/results/timeline.md" "$work/browser.jsonl" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
pages = [json.loads(l) for l in open(sys.argv[3]) if l.strip()]
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
page = {(p["tool"], p["rows"]): p for p in pages}
out += ["", "In the browser: each view opened in the same headless Chromium (1400×1000, software "
        "rendering). huntkit: `bench/timeline/page.html` fetches the Arrow IPC a notebook would "
        "send, loads the view module and draws. MSTICPy: the same events as `display_timeline`'s "
        "standalone Bokeh page (BokehJS inlined; wheel zoom and x-pan activated as a user would). "
        "First render: navigation start to the first frame painted with every event placed. "
        "Step: 20 wheel zooms in, 20 drag-pan moves, 20 wheel zooms out, each from the input "
        "event to the end of the frame after it (median and 90th percentile; at 60 Hz the frame "
        "clock alone puts this at 16.7 ms or more). Busy: main-thread task time per step, "
        "Chromium's `TaskDuration`. Ratio = Bokeh / huntkit.", "",
        "| events | huntkit first render ms | huntkit step ms (median / p90) | huntkit busy ms | Bokeh first render ms | Bokeh step ms (median / p90) | Bokeh busy ms | first-render ratio | busy ratio |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
for n in sorted({p["rows"] for p in pages if p["tool"] != "empty"}):
    h = page.get(("huntkit", n)); b = page.get(("msticpy", n))
    cells = [f"{n:,}"]
    cells += [f"{h['first_render_ms']:.0f}", f"{h['step_ms']:.1f} / {h['step_p90_ms']:.1f}", f"{h['busy_ms']:.1f}"] if h else ["—"] * 3
    cells += [f"{b['first_render_ms']:.0f}", f"{b['step_ms']:.1f} / {b['step_p90_ms']:.1f}", f"{b['busy_ms']:.1f}"] if b else ["not run"] + ["—"] * 2
    cells += [f"{b['first_render_ms']/h['first_render_ms']:.1f}×", f"{b['busy_ms']/h['busy_ms']:.1f}×"] if h and b else ["", ""]
    out.append("| " + " | ".join(cells) + " |")
empty = page.get(("empty", 0))
if empty:
    out += ["", f"The same steps on an empty page cost {empty['busy_ms']:.1f} ms busy each: that much of every busy figure is the harness."]
big = max((p for p in pages if p["tool"] == "huntkit"), key=lambda p: p["rows"], default=None)
bok = max((p for p in pages if p["tool"] == "msticpy"), key=lambda p: p["rows"], default=None)
if big and bok:
    faster = big["first_render_ms"] < bok["first_render_ms"]
    under = big["busy_ms"] < 1000 / 60
    out += ["", f"Goal: huntkit at {big['rows']:,} events first renders {'faster' if faster else 'slower'} than "
            f"Bokeh at {bok['rows']:,} ({big['first_render_ms']:.0f} ms vs {bok['first_render_ms']:.0f} ms), and its "
            f"main thread works {big['busy_ms']:.1f} ms per zoom or pan step ({'within' if under else 'over'} one 16.7 ms frame)."]
open(sys.argv[2], "w").write("\n".join(out) + "\n")
print("\n".join(out))
PY
