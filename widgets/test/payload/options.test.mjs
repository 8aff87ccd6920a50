// The payload view's options: defaults, and the objects the decoder and extractor get.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createModel } from "../../host.js";
import { decodeOptions, iocOptions, mainHeight, maxChars, optionReader, titleOf, widthOf } from "../../src/payload/options.js";

const reader = (traits) => optionReader(createModel(traits));

test("decoder options carry only what is set (the engine refuses unknown keys)", () => {
  assert.deepEqual(decodeOptions(reader({})), { compat: "huntkit" });
  assert.deepEqual(decodeOptions(reader({ max_depth: null, min_length: "" })), { compat: "huntkit" });
  assert.deepEqual(decodeOptions(reader({ compat: "msticpy", utf16: true, max_depth: 3, min_length: 40 })), { compat: "msticpy", utf16: true, maxDepth: 3, minLength: 40 });
  assert.deepEqual(decodeOptions(reader({ compat: "none", max_depth: -1 })), { compat: "huntkit" });
});

test("extractor options: UTF-16 spans and every occurrence always, types as a list", () => {
  assert.deepEqual(iocOptions(reader({})), { compat: "huntkit", utf16Offsets: true, allOccurrences: true });
  assert.deepEqual(iocOptions(reader({ ioc_types: ["url", "ipv4"], include_paths: true, ignore_tlds: true })), {
    compat: "huntkit", utf16Offsets: true, allOccurrences: true, types: ["url", "ipv4"], includePaths: true, ignoreTlds: true,
  });
  assert.deepEqual(iocOptions(reader({ ioc_types: "dns" })).types, ["dns"]);
  assert.equal(iocOptions(reader({ ioc_types: [] })).types, undefined);
});

test("display options: cap, title, sizes", () => {
  assert.equal(maxChars(reader({})), 65536);
  assert.equal(maxChars(reader({ max_chars: 10 })), 1024, "at least 1 KB");
  assert.equal(titleOf(reader({})), "Decoded payload");
  assert.equal(titleOf(reader({ title: "x".repeat(300) })).length, 201);
  assert.equal(mainHeight(reader({})), 360);
  assert.equal(mainHeight(reader({ height: 500 })), 500);
  assert.equal(mainHeight(reader({ height: 10 })), 360);
  assert.equal(widthOf(reader({})), null);
  assert.equal(widthOf(reader({ width: 800 })), 800);
});
