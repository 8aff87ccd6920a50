// The rows the table shows, as a new Arrow table (the view's `result`): each column's
// buffers gathered by row position, so a million rows copy in a fraction of a second.
// Fixed-width values, strings, binaries, booleans and dictionary indices are copied from
// the buffers; other types (structs, lists, maps) go through an Arrow builder.

function locator(datas) {
  if (datas.length === 1) return (row) => [datas[0], row];
  const starts = [];
  let at = 0;
  for (const d of datas) {
    starts.push(at);
    at += d.length;
  }
  return (row) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= row) lo = mid;
      else hi = mid - 1;
    }
    return [datas[lo], row - starts[lo]];
  };
}

const bit = (bytes, i) => (bytes[i >> 3] >> (i & 7)) & 1;

function takeNulls(datas, rows, locate) {
  if (!datas.some((d) => d.nullCount > 0)) return { nullCount: 0, nullBitmap: undefined };
  const bitmap = new Uint8Array(Math.ceil(rows.length / 8));
  let nulls = 0;
  for (let j = 0; j < rows.length; j++) {
    const [d, i] = locate(rows[j]);
    const valid = !d.nullCount || !d.nullBitmap?.length || bit(d.nullBitmap, d.offset + i);
    if (valid) bitmap[j >> 3] |= 1 << (j & 7);
    else nulls++;
  }
  return { nullCount: nulls, nullBitmap: bitmap };
}

function takeVector(vector, rows, arrow) {
  const T = arrow.Type;
  const type = vector.type;
  const datas = vector.data;
  const m = rows.length;
  const locate = locator(datas);
  const id = type.typeId;
  const base = { type, length: m, ...takeNulls(datas, rows, locate) };
  const fixed = [T.Int, T.Float, T.Date, T.Time, T.Timestamp, T.Duration, T.Decimal, T.Interval];
  const sameDict = id === T.Dictionary && datas.every((d) => d.dictionary === datas[0].dictionary);
  if ((fixed.includes(id) || sameDict) && datas.every((d) => ArrayBuffer.isView(d.values))) {
    const stride = datas[0].stride ?? 1;
    const out = new datas[0].values.constructor(m * stride);
    for (let j = 0; j < m; j++) {
      const [d, i] = locate(rows[j]);
      if (stride === 1) out[j] = d.values[i];
      else out.set(d.values.subarray(i * stride, (i + 1) * stride), j * stride);
    }
    return arrow.makeData({ ...base, data: out, ...(sameDict ? { dictionary: datas[0].dictionary } : {}) });
  }
  if (id === T.Utf8 || id === T.Binary || id === T.LargeUtf8 || id === T.LargeBinary) {
    const large = id === T.LargeUtf8 || id === T.LargeBinary;
    const offsets = large ? new BigInt64Array(m + 1) : new Int32Array(m + 1);
    let total = 0;
    for (let j = 0; j < m; j++) {
      const [d, i] = locate(rows[j]);
      total += Number(d.valueOffsets[i + 1]) - Number(d.valueOffsets[i]);
    }
    const bytes = new Uint8Array(total);
    let at = 0;
    for (let j = 0; j < m; j++) {
      const [d, i] = locate(rows[j]);
      const a = Number(d.valueOffsets[i]);
      const b = Number(d.valueOffsets[i + 1]);
      offsets[j] = large ? BigInt(at) : at;
      bytes.set(d.values.subarray(a, b), at);
      at += b - a;
    }
    offsets[m] = large ? BigInt(at) : at;
    return arrow.makeData({ ...base, valueOffsets: offsets, data: bytes });
  }
  if (id === T.Bool) {
    const out = new Uint8Array(Math.ceil(m / 8));
    for (let j = 0; j < m; j++) {
      const [d, i] = locate(rows[j]);
      if (bit(d.values, d.offset + i)) out[j >> 3] |= 1 << (j & 7);
    }
    return arrow.makeData({ ...base, data: out });
  }
  const builder = arrow.makeBuilder({ type, nullValues: [null, undefined] });
  for (let j = 0; j < m; j++) builder.append(builderValue(vector.get(rows[j])));
  return builder.finish().flush();
}

// An Arrow value as the builders take it: lists as arrays, struct rows as objects.
function builderValue(v) {
  if (v === null || v === undefined || typeof v !== "object" || v instanceof Date || ArrayBuffer.isView(v)) return v;
  if (typeof v.get === "function" && typeof v.toArray === "function" && typeof v.length === "number") {
    return Array.from({ length: v.length }, (_, i) => builderValue(v.get(i)));
  }
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [k, builderValue(x)]));
  const o = typeof v.toJSON === "function" ? v.toJSON() : v;
  const out = {};
  for (const k of Object.keys(o)) out[k] = builderValue(o[k]);
  return out;
}

/** `table`'s rows at positions `rows` (Uint32Array), in that order, as a new Table. */
export function takeRows(table, rows, arrow) {
  const children = table.schema.fields.map((_, i) => takeVector(table.getChildAt(i), rows, arrow));
  const schema = table.schema;
  const data = arrow.makeData({ type: new arrow.Struct(schema.fields), length: rows.length, nullCount: 0, children });
  return new arrow.Table([new arrow.RecordBatch(schema, data)]);
}
