// The timeline's options: defaults, parsing and normalisation, read from the plain-page
// host's model (widgets/host.js).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createModel } from "../host.js";
import { asList, toMs } from "../src/common/options.js";
import {
  DEFAULTS, INDEX_KEYS, VIEW_KEYS, indexOptions, kindsOf, laneAxis, legendPlacement, markerSizeOf,
  modeOf, optionReader, referenceMarkers, sizeColumnOf, titleText,
} from "../src/timeline/options.js";

const reader = (traits) => optionReader(createModel(traits));

test("options are read from the model, with defaults for unset and null traits", () => {
  const opt = reader({ group_by: "Host", title: null, size: 0 });
  assert.equal(opt("group_by"), "Host");
  assert.equal(opt("title"), DEFAULTS.title);
  assert.equal(opt("time_column"), "TimeGenerated");
  assert.equal(opt("color"), null, "the palette's first colour, chosen for both themes");
  assert.equal(opt("size"), 0, "a falsy value that is set is kept");
  assert.deepEqual(opt("source_columns"), []);
});

test("every option is either re-indexing or view-only, named as the Python keyword", () => {
  assert.deepEqual([...INDEX_KEYS, ...VIEW_KEYS].sort(), Object.keys(DEFAULTS).sort());
  assert.equal(INDEX_KEYS.filter((k) => VIEW_KEYS.includes(k)).length, 0);
  for (const k of Object.keys(DEFAULTS)) assert.match(k, /^[a-z]+(_[a-z]+)*$/);
  for (const k of ["time_column", "group_by", "color_column", "value_column", "size_column"]) assert.ok(INDEX_KEYS.includes(k), k);
});

test("column lists accept one name, a list or nothing", () => {
  assert.deepEqual(asList(null), []);
  assert.deepEqual(asList(""), []);
  assert.deepEqual(asList("Account"), ["Account"]);
  assert.deepEqual(asList(["Account", 7]), ["Account", "7"]);
});

test("times are epoch ms, Dates or ISO text, naive text read as UTC", () => {
  const t = Date.UTC(2019, 0, 15, 5, 0, 0);
  assert.equal(toMs(t), t);
  assert.equal(toMs(new Date(t)), t);
  assert.equal(toMs("2019-01-15 05:00:00"), t);
  assert.equal(toMs("2019-01-15T05:00:00Z"), t);
  assert.equal(toMs("2019-01-15T07:00:00+02:00"), t);
  assert.ok(Number.isNaN(toMs("not a time")));
  assert.ok(Number.isNaN(toMs(null)));
});

test("mode, marker size and size column", () => {
  assert.equal(modeOf(reader({})), "events");
  assert.equal(modeOf(reader({ mode: "values" })), "values");
  assert.equal(modeOf(reader({ mode: "bogus" })), "events");
  assert.equal(markerSizeOf(reader({})), 10);
  assert.equal(markerSizeOf(reader({ size: 0.2 })), 1);
  assert.equal(markerSizeOf(reader({ size: "EventID" })), 10);
  assert.equal(sizeColumnOf(reader({})), null);
  assert.equal(sizeColumnOf(reader({ size: "EventID" })), "EventID", "`size` naming a column, as in MSTICPy");
  assert.equal(sizeColumnOf(reader({ size: "12" })), null, "a number written as text is a size");
  assert.equal(sizeColumnOf(reader({ size: 7, size_column: "Bytes" })), "Bytes");
});

test("values-mode kinds resolve MSTICPy's aliases", () => {
  assert.deepEqual(kindsOf(reader({})), ["vbar"]);
  assert.deepEqual(kindsOf(reader({ kind: ["bar", "points", "scatter", "line"] })), ["vbar", "circle", "circle", "line"]);
});

test("the legend: none where the y axis names the lanes, left where it does not, right for a colour key", () => {
  assert.equal(legendPlacement(reader({}), 1), "none");
  assert.equal(legendPlacement(reader({}), 3), "none", "lane labels are on the axis");
  assert.equal(legendPlacement(reader({ color_column: "Account" }), 3), "right");
  assert.equal(legendPlacement(reader({ yaxis: false }), 3), "left");
  assert.equal(legendPlacement(reader({ mode: "values" }), 3), "left");
  assert.equal(legendPlacement(reader({ mode: "values" }), 1), "none");
  assert.equal(legendPlacement(reader({ legend: "right" }), 1), "right");
  assert.equal(legendPlacement(reader({ legend: "inline" }), 3), "inline");
  assert.equal(legendPlacement(reader({ legend: "none", yaxis: false }), 3), "none");
  assert.equal(legendPlacement(reader({ legend: "top", yaxis: false }), 3), "left");
  assert.equal(laneAxis(reader({})), true);
  assert.equal(laneAxis(reader({ mode: "values" })), false);
  assert.equal(laneAxis(reader({ yaxis: false })), false);
});

test("the title is worded per mode and kept as given", () => {
  assert.equal(titleText(reader({})), "Timeline: Events");
  assert.equal(titleText(reader({ title: "<b>x</b>" })), "Timeline: <b>x</b>");
  assert.equal(titleText(reader({ mode: "values" })), "Timeline");
  assert.equal(titleText(reader({ mode: "duration", group_by: ["Account", "Host"] })), "Event Duration Timeline for Account, Host");
  assert.equal(titleText(reader({ mode: "duration", title: "Spans" })), "Spans");
});

test("reference markers from ref_markers and ref_time", () => {
  const t = Date.UTC(2019, 0, 15, 5);
  const opt = reader({
    ref_markers: [{ time: "2019-01-15 05:00:00", label: "Alert" }, [t + 1000, "pair"], null, { time: "never" }, { time: t }],
    ref_time: t + 5000,
  });
  assert.deepEqual(referenceMarkers(opt), [
    { t, label: "Alert" },
    { t: t + 1000, label: "pair" },
    { t, label: "reference 2" },
    { t: t + 5000, label: "Ref time" },
  ]);
  assert.deepEqual(referenceMarkers(reader({})), []);
});

test("index options for the engine", () => {
  assert.deepEqual(indexOptions(reader({ group_by: "Host" }), "TimeGenerated"), { timeColumn: "TimeGenerated", groupBy: ["Host"], compat: "huntkit" });
  assert.deepEqual(indexOptions(reader({ color_column: "Account", compat: "msticpy", size: "EventID" }), "T"), {
    timeColumn: "T",
    groupBy: [],
    compat: "msticpy",
    colorColumn: "Account",
    valueColumn: "EventID",
  });
  assert.equal(indexOptions(reader({ mode: "values", value_column: "Bytes", size: "EventID" }), "T").valueColumn, "Bytes");
  assert.equal(indexOptions(reader({ mode: "duration", end_time_column: "End" }), "T").endTimeColumn, "End");
  assert.throws(() => indexOptions(reader({ mode: "values" }), "T"), { code: "invalid_option", message: "values mode needs value_column" });
});
