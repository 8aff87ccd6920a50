// The hover details of a process (MSTICPy's: Process, PID, CmdLine, SubjUser, SubjLgnId,
// TgtLgnId, Time; and the host, the engine's flags and the input row), as text nodes in
// one positioned element.
import { h } from "../common/dom.js";

/** A tooltip in element `tip` inside `root`: `{ show(pairs, clientX, clientY), hide() }`. */
export function createTooltip(root, tip) {
  let shownFor = null;
  return {
    /** Shows label/value `pairs` near the pointer; `key` avoids rebuilding for the same process. */
    show(key, pairs, clientX, clientY) {
      if (shownFor !== key) {
        shownFor = key;
        tip.replaceChildren();
        for (const [k, v] of pairs()) {
          const line = h("div");
          line.append(h("span", "hk-k", `${k}: `), h("span", null, v));
          tip.appendChild(line);
        }
      }
      tip.style.display = "block";
      const box = root.getBoundingClientRect();
      const w = tip.offsetWidth || 300;
      const hgt = tip.offsetHeight || 120;
      let x = clientX - box.left + 14;
      let y = clientY - box.top + 14;
      if (x + w > box.width) x = Math.max(0, clientX - box.left - w - 14);
      if (y + hgt > box.height) y = Math.max(0, clientY - box.top - hgt - 14);
      tip.style.left = `${Math.round(x)}px`;
      tip.style.top = `${Math.round(y)}px`;
    },
    hide() {
      shownFor = null;
      tip.style.display = "none";
    },
  };
}
