// The anomaly periods and their KQL filter as text to copy: two read-only text boxes
// (their values are plain text, never markup) with Copy buttons that use the clipboard
// and fall back to selecting the text for Ctrl+C where the clipboard is refused.
import { formatTime } from "../common/arrow.js";
import { button, h } from "../common/dom.js";

const MAX_LINES = 1000; // periods listed (all are copied)
const MAX_SHOWN = 500000; // characters of KQL shown (all are copied)

/** A period as one line of text: "start → end" in UTC. */
export function periodLine({ start, end }) {
  return `${formatTime(start)} → ${formatTime(end)}`;
}

/** Copies `text`, or selects it in `box` for the user to copy; resolves to what happened. */
export async function copyText(text, box) {
  try {
    if (!globalThis.navigator?.clipboard?.writeText) throw new Error("no clipboard");
    await navigator.clipboard.writeText(text);
    return "copied";
  } catch {
    box.focus?.();
    box.select?.();
    return "selected: press Ctrl+C to copy";
  }
}

function section(label, copyLabel, cls) {
  const note = h("span", "hk-copied");
  const copy = button("Copy", copyLabel);
  const head = h("div", "hk-periods-head");
  const count = h("span");
  head.append(h("span", null, label), count, copy, note);
  const box = h("textarea", cls);
  box.readOnly = true;
  box.spellcheck = false;
  box.rows = 3;
  box.setAttribute("aria-label", label);
  return { head, box, copy, note, count, text: "" };
}

/** Builds the periods block in `parent`; returns `{ update(periods), clear() }`. */
export function createPeriods(parent) {
  const list = section("Anomaly periods", "Copy the anomaly periods", "hk-periods-list");
  const kql = section("KQL filter", "Copy the KQL filter", "hk-kql");
  parent.append(list.head, list.box, kql.head, kql.box);
  for (const s of [list, kql]) {
    s.copy.addEventListener("click", async () => {
      s.note.textContent = await copyText(s.text, s.box);
    });
  }

  function set(s, text, shown) {
    s.text = text;
    s.box.value = shown;
    s.note.textContent = "";
  }

  return {
    list,
    kql,
    /** Shows `{ spans: [{start, end}], kql }`. */
    update({ spans, kql: filter }) {
      const lines = spans.map(periodLine);
      list.count.textContent = `(${spans.length.toLocaleString("en-US")})`;
      const shown = lines.length > MAX_LINES ? [...lines.slice(0, MAX_LINES), `… ${lines.length - MAX_LINES} more (Copy takes all)`] : lines;
      set(list, lines.join("\n"), shown.join("\n"));
      set(kql, filter, filter.length > MAX_SHOWN ? `${filter.slice(0, MAX_SHOWN)}…` : filter);
    },
    clear() {
      list.count.textContent = "";
      set(list, "", "");
      set(kql, "", "");
    },
  };
}
