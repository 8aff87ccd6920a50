// Export helpers that run without a browser: wrapping the detail text into lines.
import { test } from "node:test";
import assert from "node:assert/strict";
import { wrapLines } from "../../src/payload/export.js";

test("lines break at newlines and at the width, up to a maximum", () => {
  const text = "abcdefgh\nij\n\nklm";
  const lines = wrapLines(text, 5, 10).map(({ start, end }) => text.slice(start, end));
  assert.deepEqual(lines, ["abcde", "fgh", "ij", "", "klm"]);
  assert.equal(wrapLines(text, 5, 2).length, 2);
  assert.deepEqual(wrapLines("", 5, 3), []);
});
