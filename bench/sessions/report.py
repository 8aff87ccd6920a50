"""Turn the sessions benchmark's JSON lines into bench/results/sessions.md."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from report_lines import fmt_rate, fmt_s, load  # noqa: E402


def main():
    work = sys.argv[1]
    native = load(os.path.join(work, "native.jsonl"))
    wasm = load(os.path.join(work, "wasm.jsonl"))
    py = load(os.path.join(work, "msticpy.jsonl"))

    def find(rows, file, step, form):
        for r in rows:
            if r.get("file") == file and r.get("step") == step and r.get("form", form) == form:
                return r
        return None

    files = []
    for r in native:
        if r["file"] not in files:
            files.append(r["file"])

    out = ["## Sessions", ""]
    out.append(
        "Synthetic Office 365-style Exchange admin events (`bench/sessions/gen_events.py`): "
        "user and client IP keys, 1–12 commands per session, JSON parameters. "
        "*Sessionize*: events → sessions (MSTICPy `sessionize_data`, commands only). "
        "*Model*: train a model on the sessions and score every session with its likelihood, "
        "geometric mean and rarest windows of 2 and 3 (MSTICPy `Model.train` + "
        "`compute_scores`). Native figures are the best of several runs. "
        "Ratio = MSTICPy seconds ÷ huntkit native seconds."
    )
    out.append("")
    out.append("| input | step | form | events | sessions | huntkit native s | events/s | huntkit wasm s | MSTICPy s | ratio |")
    out.append("|---|---|---|---|---|---|---|---|---|---|")
    notes = []
    for f in files:
        name = os.path.basename(f)
        for step, pystep in (("sessionize", "sessionize"), ("model", "model")):
            forms = ["commands"] if step == "sessionize" else ["commands", "params", "values"]
            for form in forms:
                n = find(native, f, step, form)
                if n is None:
                    continue
                w = find(wasm, f, step, form)
                p = find(py, f, pystep, form)
                py_s = None
                label = ""
                if p is not None:
                    py_s = p["seconds"]
                    if p["measured"] < p["total"]:
                        py_s = p["seconds"] * p["total"] / p["measured"]
                        label = f" (extrapolated from {p['measured']:,} {p['unit']})"
                        notes.append(name)
                ratio = f"{py_s / n['seconds']:,.0f}×" if py_s and n["seconds"] > 0 else "—"
                out.append(
                    f"| {name} | {step} | {form} | {n['rows']:,} | {n.get('sessions', '')} "
                    f"| {fmt_s(n['seconds'])} | {fmt_rate(n['rows'], n['seconds'])} "
                    f"| {fmt_s(w['seconds'] if w else None)} | {fmt_s(py_s)}{label} | {ratio} |"
                )
        st = find(native, f, "score_table", "values")
        if st:
            ws = find(wasm, f, "score_table", "values")
            out.append(
                f"| {name} | events → ranked sessions (one call) | values | {st['rows']:,} | "
                f"| {fmt_s(st['seconds'])} | {fmt_rate(st['rows'], st['seconds'])} "
                f"| {fmt_s(ws['seconds'] if ws else None)} | — | — |"
            )
    out.append("")
    if notes:
        out.append(
            "MSTICPy figures marked *extrapolated* ran on the first rows or sessions only "
            "(its sessionizer walks rows one by one) and were scaled linearly to the full input."
        )
        out.append("")
    if wasm:
        out.append(
            "The wasm *model* column trains once and scores twice from JavaScript with the "
            "`commands` that `sessionize` returned: those sessions stay inside the wasm, so "
            "only options and scores cross the boundary (sessions made by hand in "
            "JavaScript go as JSON). The one-call row keeps everything inside the wasm."
        )
        out.append("")
    if not wasm:
        out.append("The wasm column is empty when the npm package (`js/dist`) was not built.")
        out.append("")
    print("\n".join(out))


if __name__ == "__main__":
    main()
