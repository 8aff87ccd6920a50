// The hex dump: its lines, and the virtualised view that only makes the lines on screen.
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { installDom } from "../fake-dom.mjs";
import { MAX_BYTES, createHexView, hexLine } from "../../src/payload/hexview.js";

beforeEach(() => installDom());

test("a line: offset, sixteen bytes in two groups, printable ASCII", () => {
  const bytes = new Uint8Array([0x2d, 0x2d, 0x42, 0x45, 0x00, 0x0a, 0x7f, 0x41, 0x3c, 0x62, 0x3e, 0x20, 0xff, 0x31, 0x32, 0x33, 0x34]);
  assert.equal(hexLine(bytes, 0), "00000000  2d 2d 42 45 00 0a 7f 41  3c 62 3e 20 ff 31 32 33  |--BE...A<b> .123|");
  assert.equal(hexLine(bytes, 1), `00000010  34 ${"   ".repeat(7)} ${"   ".repeat(8)} |4|`);
});

test("only the lines on screen exist", () => {
  const parent = document.createElement("div");
  const view = createHexView(parent);
  view.element.clientHeight = 180; // ten lines
  view.show(new Uint8Array(16 * 1000).map((_, i) => i & 0xff));
  const rows = view.element.querySelectorAll("div.hk-hex-row").filter((r) => r.style.display !== "none");
  assert.equal(rows.length, 11);
  assert.ok(rows[0].textContent.startsWith("00000000  00 01 02"));
  view.element.scrollTop = 18 * 500;
  view.paint();
  const after = view.element.querySelectorAll("div.hk-hex-row").filter((r) => r.style.display !== "none");
  assert.ok(after.some((r) => r.textContent.startsWith("00001f40")), "line 500 is drawn after scrolling");
  assert.equal(view.visibleLines()[0].slice(0, 8), "00001f40");
  view.show(new Uint8Array(MAX_BYTES + 16));
  assert.match(parent.querySelector("div.hk-note").textContent, /^first 8 MiB of/);
  view.destroy();
  assert.equal(parent.children.length, 0);
});
