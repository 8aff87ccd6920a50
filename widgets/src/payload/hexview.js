// Bytes as a hex dump (offset, sixteen bytes in hex, the printable ASCII), virtualised: only
// the lines on screen exist, as a pool of elements reused while scrolling. Past MAX_BYTES
// the dump stops with a note, so the scroll height stays within what browsers draw.

export const ROW_HEIGHT = 18;
export const MAX_BYTES = 8 * 1024 * 1024;
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** Line `line` of the dump of `bytes`: "00000010  2d 2d … 2d  |-----BEGIN CERT|". */
export function hexLine(bytes, line) {
  const at = line * 16;
  const end = Math.min(bytes.length, at + 16);
  let hex = "";
  let ascii = "";
  for (let i = at; i < at + 16; i++) {
    if (i === at + 8) hex += " ";
    if (i < end) {
      const b = bytes[i];
      hex += `${HEX[b]} `;
      ascii += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : ".";
    } else {
      hex += "   ";
    }
  }
  return `${at.toString(16).padStart(8, "0")}  ${hex} |${ascii}|`;
}

/** A hex view in `parent`; `show(bytes)` replaces what it shows. */
export function createHexView(parent) {
  const element = document.createElement("div");
  element.className = "hk-hex";
  element.tabIndex = 0;
  const body = document.createElement("div");
  body.className = "hk-hex-body";
  const spacer = document.createElement("div");
  const note = document.createElement("div");
  note.className = "hk-note";
  element.append(body, spacer);
  parent.append(element, note);
  let bytes = new Uint8Array(0);
  let lines = 0;
  const pool = [];

  function paint() {
    const view = element.clientHeight || 300;
    const first = Math.floor((element.scrollTop || 0) / ROW_HEIGHT);
    const need = Math.min(lines, Math.ceil(view / ROW_HEIGHT) + 1);
    body.style.height = `${Math.min(view, lines * ROW_HEIGHT)}px`;
    while (pool.length < need) {
      const row = document.createElement("div");
      row.className = "hk-hex-row";
      row.appendChild(document.createTextNode(""));
      body.appendChild(row);
      pool.push({ el: row, line: -1 });
    }
    const offset = (element.scrollTop || 0) - first * ROW_HEIGHT;
    pool.forEach((p, i) => {
      const line = first + i;
      const live = i < need && line < lines;
      p.el.style.display = live ? "" : "none";
      if (!live) return;
      p.el.style.top = `${i * ROW_HEIGHT - offset}px`;
      if (p.line !== line) {
        p.line = line;
        p.el.firstChild.data = hexLine(bytes, line);
      }
    });
  }

  element.addEventListener("scroll", paint, { passive: true });
  return {
    element,
    show(value) {
      const all = value instanceof Uint8Array ? value : new Uint8Array(0);
      bytes = all.length > MAX_BYTES ? all.subarray(0, MAX_BYTES) : all;
      lines = Math.ceil(bytes.length / 16);
      // The body sticks at the top while scrolling; the spacer gives the rest of the range.
      spacer.style.height = `${Math.max(0, lines * ROW_HEIGHT - (element.clientHeight || 300))}px`;
      for (const p of pool) p.line = -1;
      element.scrollTop = 0;
      note.textContent = all.length > MAX_BYTES ? `first ${MAX_BYTES / 1024 / 1024} MiB of ${all.length} bytes shown` : "";
      paint();
    },
    /** The lines on screen, for export. */
    visibleLines() {
      const first = Math.floor((element.scrollTop || 0) / ROW_HEIGHT);
      const n = Math.min(lines - first, Math.ceil((element.clientHeight || 300) / ROW_HEIGHT));
      return Array.from({ length: Math.max(0, n) }, (_, i) => hexLine(bytes, first + i));
    },
    paint,
    destroy() {
      element.removeEventListener("scroll", paint);
      element.remove();
      note.remove();
    },
  };
}
