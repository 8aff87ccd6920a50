// Reading options the same way in every view: model traits named like MSTICPy's keyword
// arguments, with the view's defaults, and the few forms several views normalise to.

/** `opt(name)`: the model's value of an option, or its default in `defaults` when unset or null. */
export function optionReader(model, defaults) {
  return (k) => {
    const v = model.get(k);
    return v === undefined || v === null ? defaults[k] : v;
  };
}

/** A column option as a list of names: one name, a list, or nothing. */
export function asList(v) {
  if (v === null || v === undefined || v === "") return [];
  return Array.isArray(v) ? v.map(String) : [String(v)];
}

/** A time option (epoch ms, Date or ISO text) in epoch milliseconds, or NaN; naive text is UTC, as in the data. */
export function toMs(v) {
  if (v === null || v === undefined || v === "") return NaN;
  if (typeof v === "number") return v;
  if (v instanceof Date) return v.getTime();
  const s = String(v).trim();
  const iso = /[zZ]|[+-]\d\d:?\d\d$/.test(s) ? s : `${s.replace(" ", "T")}Z`;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? Date.parse(s) : t;
}

/** An error carrying one of huntkit's stable codes, as the engine's errors do. */
export function codedError(code, message) {
  return Object.assign(new Error(message), { code });
}
