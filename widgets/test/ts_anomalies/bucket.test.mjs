// Events or series: spacing, the automatic interval, and the plan for each `bucket` option.
import { test } from "node:test";
import assert from "node:assert/strict";
import { autoInterval, bucketPlan, durationMs, durationText, spacing, typicalStep } from "../../src/ts_anomalies/bucket.js";

const H = 3600000;
const hourly = (n, skip = []) => Float64Array.from({ length: n }, (_, i) => i * H).filter((t) => !skip.includes(t / H));

test("durations as the engine's interval text and back", () => {
  assert.equal(durationText(H), "1h");
  assert.equal(durationText(15 * 60000), "15min");
  assert.equal(durationText(86400000), "1d");
  assert.equal(durationText(7 * 86400000), "1w");
  assert.equal(durationText(90000), "90s");
  assert.equal(durationText(250), "250ms");
  assert.equal(durationText(0.5), "500us");
  assert.equal(durationMs("15min"), 15 * 60000);
  assert.equal(durationMs("2h"), 2 * H);
  assert.ok(Number.isNaN(durationMs("red;background:url(x)")));
});

test("spacing tells a regular series from one with holes and from events", () => {
  assert.deepEqual(spacing(hourly(100)), { regular: true, step: H, share: 1 });
  const holes = spacing(hourly(100, [10, 50]));
  assert.equal(holes.regular, false);
  assert.equal(holes.step, H);
  assert.ok(holes.share > 0.9);
  const repeated = spacing(Float64Array.of(0, 0, H, 2 * H));
  assert.equal(repeated.regular, false);
  assert.deepEqual(spacing(Float64Array.of(5)), { regular: false, step: 0, share: 0 });
});

test("the automatic interval: an hour when it gives 48 to 100,000 buckets", () => {
  assert.equal(autoInterval(10 * 86400000), H);
  assert.equal(autoInterval(2 * H), 10000, "two hours: 10s buckets (720)");
  assert.equal(autoInterval(30 * 365 * 86400000), 7 * 86400000);
});

test("the plan for each bucket option", () => {
  const auto = { mode: "auto", interval: null };
  assert.equal(bucketPlan(hourly(100), auto), null, "a regular series is decomposed as it is");
  assert.deepEqual(bucketPlan(hourly(100, [7]), auto), { interval: "1h", ms: H }, "holes: the usual step");
  let seed = 1;
  const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const events = Float64Array.from({ length: 500 }, () => Math.floor(rand() * 10 * 86400000)).sort();
  assert.deepEqual(bucketPlan(events, auto), { interval: "1h", ms: H });
  assert.deepEqual(bucketPlan(hourly(100), { mode: "always", interval: null }), { interval: "1h", ms: H });
  assert.deepEqual(bucketPlan(events, { mode: "always", interval: "15min" }), { interval: "15min", ms: 900000 });
  assert.equal(bucketPlan(events, { mode: "never", interval: null }), null);
});

test("the typical step is the median gap", () => {
  assert.equal(typicalStep(hourly(10)), H);
  assert.equal(typicalStep(Float64Array.of(0, 1, 2, 100)), 1);
  assert.equal(typicalStep(Float64Array.of(1)), 0);
});
