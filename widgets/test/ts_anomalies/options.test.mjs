// Options: defaults, thresholds, the engine's options, bucketing, colours through the
// allow-list, markers, legend places and reference lines.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createModel } from "../../host.js";
import {
  TITLE, anomalyOptions, bucketOption, colours, compatOf, drawsLow, kindOf, legendPlace, optionReader, periodsPosOnly,
  referenceMarkers, thresholds, titleText,
} from "../../src/ts_anomalies/options.js";

const reader = (traits) => optionReader(createModel(traits));

test("defaults are MSTICPy's", () => {
  const opt = reader({});
  assert.equal(opt("time_column"), "TimeGenerated");
  assert.equal(opt("seasonal"), 7);
  assert.equal(opt("score_threshold"), 3);
  assert.deepEqual(opt("color"), ["navy", "green", "firebrick"]);
  assert.equal(kindOf(opt), "circle_x");
  assert.equal(legendPlace(opt), "top_left");
  assert.equal(titleText(opt), TITLE);
  assert.equal(compatOf(opt), "huntkit");
  assert.equal(drawsLow(opt), true);
  assert.equal(periodsPosOnly(opt), false);
});

test("thresholds: the low one follows the high one unless set; msticpy's `or` replaces 0", () => {
  assert.deepEqual(thresholds(reader({ score_threshold: 2.5 })), { high: 2.5, low: undefined, lowLine: 2.5 });
  assert.deepEqual(thresholds(reader({ score_threshold: 2, threshold_low: 1 })), { high: 2, low: 1, lowLine: 1 });
  assert.deepEqual(thresholds(reader({ score_threshold: 2, threshold_low: 0, compat: "msticpy" })), { high: 2, low: 0, lowLine: 2 });
  assert.deepEqual(thresholds(reader({ score_threshold: "x" })), { high: 3, low: undefined, lowLine: 3 });
});

test("the engine's options carry only what is set", () => {
  assert.deepEqual(anomalyOptions(reader({}), "T", null), { timeColumn: "T", compat: "huntkit", seasonal: 7, robust: false, threshold: 3 });
  assert.deepEqual(
    anomalyOptions(reader({ period: 24, seasonal: 9, robust: true, score_threshold: 2, threshold_low: 1, compat: "msticpy" }), "T", "v"),
    { timeColumn: "T", valueColumn: "v", compat: "msticpy", seasonal: 9, robust: true, period: 24, threshold: 2, thresholdLow: 1 },
  );
  assert.equal(compatOf(reader({ compat: "none" })), "huntkit");
});

test("bucket: unset is automatic, an interval or true always buckets, false never", () => {
  assert.deepEqual(bucketOption(reader({})), { mode: "auto", interval: null });
  assert.deepEqual(bucketOption(reader({ bucket: "auto" })), { mode: "auto", interval: null });
  assert.deepEqual(bucketOption(reader({ bucket: true })), { mode: "always", interval: null });
  assert.deepEqual(bucketOption(reader({ bucket: " 15min " })), { mode: "always", interval: "15min" });
  assert.deepEqual(bucketOption(reader({ bucket: false })), { mode: "never", interval: null });
});

test("colours pass the allow-list; anything else falls back to MSTICPy's", () => {
  assert.deepEqual(colours(reader({})), { observed: "navy", baseline: "green", high: "firebrick", low: "darkorange" });
  const hostile = colours(reader({ color: ["red;background:url(http://127.0.0.1:9/x)", "var(--x)", "#ABC", "rgb(1,2,3)"] }));
  assert.deepEqual(hostile, { observed: "navy", baseline: "green", high: "#abc", low: "rgba(1, 2, 3, 1)" });
  assert.equal(colours(reader({ color: "teal" })).observed, "teal");
});

test("markers, legend places and msticpy's plot", () => {
  assert.equal(kindOf(reader({ kind: "diamond_cross" })), "diamond_cross");
  assert.equal(kindOf(reader({ kind: "<img src=x>" })), "circle_x");
  assert.equal(legendPlace(reader({ legend: "bottom-right" })), "bottom_right");
  assert.equal(legendPlace(reader({ legend: "right" })), "top_right");
  assert.equal(legendPlace(reader({ legend: "none" })), "none");
  assert.equal(legendPlace(reader({ legend: "red;x:url(y)" })), "top_left");
  const m = reader({ compat: "msticpy" });
  assert.equal(drawsLow(m), false, "MSTICPy draws only +1 (quirk Q-T2)");
  assert.equal(periodsPosOnly(m), true);
  assert.equal(periodsPosOnly(reader({ compat: "msticpy", pos_only: false })), false);
});

test("reference lines from ref_markers, naive times read as UTC", () => {
  const opt = reader({ ref_markers: [{ time: "2024-01-02 03:00:00", label: "Alert" }, ["2024-01-03T00:00:00+01:00", null], { time: "never" }, null] });
  assert.deepEqual(referenceMarkers(opt), [
    { t: Date.UTC(2024, 0, 2, 3), label: "Alert" },
    { t: Date.UTC(2024, 0, 2, 23), label: "Ref time" },
  ]);
});
