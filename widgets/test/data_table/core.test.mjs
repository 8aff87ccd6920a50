// The table's data layer under Node: text stores and their ranks, radix sorts, filter
// expressions, columns of every Arrow kind, the row order, and gathering rows for `result`.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as arrow from "apache-arrow";
import { makeColumns, numberRanks, plain } from "../../src/data_table/columns.js";
import { filterMask, parseTime } from "../../src/data_table/filters.js";
import { createOrder, positions, radixSort } from "../../src/data_table/order.js";
import { argsortNumbers, sortPairs } from "../../src/data_table/radix.js";
import { takeRows } from "../../src/data_table/take.js";
import { matchUnits, rankUnits, storeFromStrings } from "../../src/data_table/text.js";

const byteOrder = (a, b) => {
  const x = Buffer.from(a.toLowerCase());
  const y = Buffer.from(b.toLowerCase());
  return Buffer.compare(x, y);
};

test("text: contains and equals over the folded bytes, nulls never match", () => {
  const s = storeFromStrings(["Alpha beta", null, "ALPHABET", "gamma", "ébène Été", "", "bet"]);
  assert.deepEqual(Array.from(matchUnits(s, "BET", "contains")), [1, 0, 1, 0, 0, 0, 1]);
  assert.deepEqual(Array.from(matchUnits(s, "bet", "equals")), [0, 0, 0, 0, 0, 0, 1]);
  assert.deepEqual(Array.from(matchUnits(s, "ébène", "contains")), [0, 0, 0, 0, 1, 0, 0], "non-ASCII matches byte for byte");
  assert.deepEqual(Array.from(matchUnits(s, "", "contains")), [1, 0, 1, 1, 1, 1, 1]);
  assert.deepEqual(Array.from(matchUnits(s, "", "equals")), [0, 0, 0, 0, 0, 1, 0]);
  // A hit that runs across the boundary of two values is no match.
  const t = storeFromStrings(["ab", "cd"]);
  assert.deepEqual(Array.from(matchUnits(t, "bc", "contains")), [0, 0]);
});

test("text: ranks follow the byte order of the folded text, equal texts share one", () => {
  let seed = 3;
  const rnd = (n) => (seed = (seed * 16807) % 2147483647) % n;
  const words = [];
  for (let i = 0; i < 3000; i++) {
    const prefix = ["cmd.exe /c run ", "powershell -enc ", "", "Ärger ", "a"][rnd(5)];
    words.push(`${prefix}${rnd(400)}${rnd(3) ? "" : "x".repeat(rnd(30))}`);
  }
  words.push("", "", null, "A", "a", null);
  const s = storeFromStrings(words);
  const { rank, distinct } = rankUnits(s);
  const present = words.map((w, i) => [w, i]).filter(([w]) => w !== null);
  const sorted = [...present].sort((a, b) => byteOrder(a[0], b[0]));
  const unique = new Set(present.map(([w]) => w.toLowerCase()));
  assert.equal(distinct, unique.size);
  for (let i = 1; i < sorted.length; i++) {
    const cmp = byteOrder(sorted[i - 1][0], sorted[i][0]);
    const dr = rank[sorted[i][1]] - rank[sorted[i - 1][1]];
    assert.equal(Math.sign(dr), cmp === 0 ? 0 : -Math.sign(cmp), `${sorted[i - 1][0]} / ${sorted[i][0]}`);
  }
  assert.equal(rank[words.length - 1], distinct, "nulls rank last");
  assert.equal(rank[words.indexOf("A")], rank[words.indexOf("a")], "ASCII case is folded");
});

test("radix: stable sorts, doubles in numeric order with -0, infinities and NaN", () => {
  const items = Uint32Array.from([0, 1, 2, 3, 4, 5]);
  const keys = Uint32Array.from([70000, 3, 70000, 3, 0, 1 << 31]);
  assert.deepEqual(Array.from(sortPairs(items, keys)), [4, 1, 3, 0, 2, 5]);
  assert.deepEqual(Array.from(items), [0, 1, 2, 3, 4, 5], "the input is left alone");
  const values = Float64Array.from([3.5, -0, NaN, -Infinity, 0, -2.25, Infinity, 1e-300, -1e300, 2]);
  const order = Array.from(argsortNumbers(values));
  assert.deepEqual(order.map((i) => values[i]).slice(0, 9), [-Infinity, -1e300, -2.25, -0, 0, 1e-300, 2, 3.5, Infinity]);
  assert.ok(Number.isNaN(values[order[9]]));
  const { rank, distinct } = numberRanks(values);
  assert.equal(distinct, 8);
  assert.equal(rank[1], rank[4], "-0 and 0 are one value");
  assert.equal(rank[2], 8, "NaN (null) ranks last");
  // Descending keeps nulls last and ties in input order.
  const r = radixSort(Uint32Array.from([0, 1, 2, 3]), Uint32Array.from([1, 2, 1, 3]), 3, true);
  assert.deepEqual(Array.from(r), [1, 0, 2, 3]);
});

test("filters: times stand for the unit they name, in UTC unless zoned", () => {
  assert.deepEqual(parseTime("2019-02-12"), [Date.UTC(2019, 1, 12), Date.UTC(2019, 1, 13)]);
  assert.deepEqual(parseTime("2019-02-12 04:37"), [Date.UTC(2019, 1, 12, 4, 37), Date.UTC(2019, 1, 12, 4, 38)]);
  assert.deepEqual(parseTime("2019-02-12T04:37:25.340Z"), [Date.UTC(2019, 1, 12, 4, 37, 25, 340), Date.UTC(2019, 1, 12, 4, 37, 25, 341)]);
  assert.deepEqual(parseTime("2019-02"), [Date.UTC(2019, 1, 1), Date.UTC(2019, 2, 1)]);
  assert.deepEqual(parseTime("2019"), [Date.UTC(2019, 0, 1), Date.UTC(2020, 0, 1)]);
  assert.equal(parseTime("2019-02-12 04:00+02:00")[0], Date.UTC(2019, 1, 12, 2));
  assert.equal(parseTime("2019-13-01"), null);
  assert.equal(parseTime("yesterday"), null);
});

function table() {
  const n = 6;
  const ms = [0, 1, 2, 3, 4, 5].map((i) => Date.UTC(2024, 0, 1, i));
  return arrow.tableFromIPC(arrow.tableToIPC(new arrow.Table({
    T: arrow.vectorFromArray(ms, new arrow.TimestampMillisecond()),
    N: arrow.vectorFromArray([5, 1, null, 3, 3, -2], new arrow.Float64()),
    I: arrow.vectorFromArray([10n, 20n, 30n, 40n, 50n, 60n], new arrow.Int64()),
    S: arrow.vectorFromArray(["b", "A", "c", null, "a", "B"], new arrow.Utf8()),
    D: arrow.vectorFromArray(["x", "y", "x", null, "z", "y"], new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32())),
    B: arrow.vectorFromArray([true, false, true, null, false, true], new arrow.Bool()),
    J: arrow.vectorFromArray([{ a: 1 }, { a: 2 }, null, { a: 4 }, { a: 5 }, { a: 6 }], new arrow.Struct([new arrow.Field("a", new arrow.Int32())])),
  }))).slice(0, n);
}

test("columns: kinds, display text, doubles and stores", () => {
  const t = table();
  const cols = makeColumns(t, arrow);
  assert.deepEqual(cols.map((c) => c.kind), ["time", "number", "number", "text", "text", "other", "nested"]);
  assert.equal(cols[0].text(1), "2024-01-01 01:00:00.000");
  assert.equal(cols[1].text(2), "");
  assert.equal(cols[2].text(5), "60");
  assert.equal(cols[6].text(0), '{"a":1}');
  assert.equal(cols[5].text(1), "false");
  assert.deepEqual(Array.from(cols[0].numbers()), [0, 1, 2, 3, 4, 5].map((i) => Date.UTC(2024, 0, 1, i)));
  assert.deepEqual(Array.from(cols[1].numbers()).map((v) => (Number.isNaN(v) ? "NaN" : v)), [5, 1, "NaN", 3, 3, -2]);
  assert.deepEqual(Array.from(cols[2].numbers()), [10, 20, 30, 40, 50, 60]);
  assert.ok(cols[4].store().codes, "a dictionary column points at its entries");
  assert.deepEqual(plain({ toJSON: () => ({ big: 2n ** 70n, d: new Date(0) }) }), { big: "1180591620717411303424", d: "1970-01-01T00:00:00.000Z" });
});

test("order: filters of each kind, sorts of each kind, several keys, unreadable filters", () => {
  const t = table();
  const cols = makeColumns(t, arrow);
  const [T, N, , S, D, B, J] = cols;
  const order = createOrder();
  const run = (filters, sorts) => Array.from(order.compute(cols, 6, filters, sorts).rows);
  assert.deepEqual(run([], []), [0, 1, 2, 3, 4, 5]);
  assert.deepEqual(run([{ col: N, expr: "1..3" }], []), [1, 3, 4]);
  assert.deepEqual(run([{ col: N, expr: ">=3" }], []), [0, 3, 4]);
  assert.deepEqual(run([{ col: N, expr: "!=3" }], []), [0, 1, 5], "nulls fail number filters");
  assert.deepEqual(run([{ col: T, expr: "2024-01-01 01..2024-01-01 02" }], []), [1, 2]);
  assert.deepEqual(run([{ col: T, expr: ">2024-01-01 03" }], []), [4, 5]);
  assert.deepEqual(run([{ col: S, expr: "a" }], []), [1, 4]);
  assert.deepEqual(run([{ col: S, expr: "!a" }], []), [0, 2, 3, 5], "a null contains nothing");
  assert.deepEqual(run([{ col: D, expr: "=y" }], []), [1, 5]);
  assert.deepEqual(run([{ col: B, expr: "=true" }], []), [0, 2, 5]);
  assert.deepEqual(run([{ col: J, expr: '"a":5' }], []), [4]);
  assert.deepEqual(run([{ col: N, expr: ">0" }, { col: S, expr: "b" }], []), [0]);
  assert.deepEqual(run([], [{ col: N, desc: false }]), [5, 1, 3, 4, 0, 2]);
  assert.deepEqual(run([], [{ col: N, desc: true }]), [0, 3, 4, 1, 5, 2], "nulls last both ways, ties in input order");
  assert.deepEqual(run([], [{ col: S, desc: false }]), [1, 4, 0, 5, 2, 3]);
  assert.deepEqual(run([], [{ col: D, desc: true }, { col: T, desc: true }]), [4, 5, 1, 2, 0, 3]);
  const bad = order.compute(cols, 6, [{ col: N, expr: "lots" }, { col: T, expr: "soon.." }], []);
  assert.equal(bad.rows.length, 6);
  assert.deepEqual(bad.errors.map((e) => e.col.name), ["N", "T"]);
  assert.deepEqual(Array.from(positions(Uint32Array.from([4, 1]), 6)), [-1, 1, -1, -1, 0, -1]);
});

test("take: the rows shown as a new table of the same schema, through IPC", () => {
  const t = table();
  const rows = Uint32Array.from([5, 3, 0]);
  const out = arrow.tableFromIPC(arrow.tableToIPC(takeRows(t, rows, arrow), "stream"));
  assert.deepEqual(out.schema.fields.map((f) => String(f.type)), t.schema.fields.map((f) => String(f.type)));
  const want = Array.from(rows, (r) => t.get(r).toJSON());
  const got = out.toArray().map((r) => r.toJSON());
  const norm = (o) => JSON.stringify(o, (k, v) => (typeof v === "bigint" ? String(v) : v));
  assert.equal(norm(got), norm(want));
  // Several record batches, and a large text column.
  const two = new arrow.Table([...t.batches, ...t.batches]);
  const back = takeRows(two, Uint32Array.from([7, 0, 11]), arrow);
  assert.deepEqual(back.toArray().map((r) => r.S), ["A", "b", "B"]);
  const large = new arrow.Table({ L: arrow.vectorFromArray(["x", null, "zz"], new arrow.LargeUtf8()) });
  assert.deepEqual(takeRows(large, Uint32Array.from([2, 1, 0]), arrow).toArray().map((r) => r.L), ["zz", null, "x"]);
});
