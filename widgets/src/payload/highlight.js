// A layer's text with its marks: indicators (coloured by type) and the encoded runs that
// decode to a child layer, as spans we create around text nodes. Nothing of the text is
// parsed. Marks nest when one lies inside another (an e-mail address holds a domain); a
// mark that crosses the end of the mark it starts in is cut there.
//
// The text is laid out in blocks of about CHUNK characters (cut after a line break where
// there is one) that the browser skips while they are off screen (content-visibility), so
// 64 KB of text with a thousand marks does not cost one long layout. A mark over a block
// boundary is drawn as one span in each block.

export const CHUNK = 4096;

/** Where the blocks of `text[0, shown)` end: after the last line break of each CHUNK, if any. */
export function chunkEnds(text, shown, size = CHUNK) {
  const ends = [];
  let at = 0;
  while (at < shown) {
    let end = Math.min(shown, at + size);
    if (end < shown) {
      const nl = text.lastIndexOf("\n", end - 1);
      if (nl >= at + size / 2) end = nl + 1;
    }
    ends.push(end);
    at = end;
  }
  return ends;
}

// The marks within [from, to) in `el` (marks sorted by start, then longest first).
function renderRange(el, text, from, to, marks, decorate, spans) {
  const stack = [{ el, end: to }];
  let pos = from;
  const put = (into, upto) => {
    if (upto > pos) into.appendChild(document.createTextNode(text.slice(pos, upto)));
    pos = Math.max(pos, upto);
  };
  for (const m of marks) {
    const s0 = Math.max(m.start, from);
    while (stack.length > 1 && stack[stack.length - 1].end <= s0) {
      const done = stack.pop();
      put(done.el, done.end);
    }
    const top = stack[stack.length - 1];
    const start = Math.max(s0, pos);
    const end = Math.min(m.end, top.end);
    if (start >= end) continue;
    put(top.el, start);
    const span = document.createElement("span");
    decorate(span, m);
    top.el.appendChild(span);
    if (!spans.has(m)) spans.set(m, span);
    stack.push({ el: span, end });
  }
  while (stack.length > 1) {
    const done = stack.pop();
    put(done.el, done.end);
  }
  put(el, to);
}

/**
 * Fills `parent` with `text` up to `limit` characters. `marks`: `[{ start, end, ... }]`;
 * `decorate(span, mark)` sets a mark's class and style. Returns the first span of each
 * mark (a Map).
 */
export function renderMarked(parent, text, limit, marks, decorate, size = CHUNK) {
  const shown = Math.min(text.length, Math.max(0, limit));
  const list = marks
    .filter((m) => m.start < shown && m.end > m.start)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const spans = new Map();
  let next = 0; // the first mark not yet taken
  let open = []; // marks taken that reach past the previous block
  let from = 0;
  for (const to of chunkEnds(text, shown, size)) {
    const block = document.createElement("div");
    block.className = "hk-chunk";
    const here = open.filter((m) => m.end > from);
    while (next < list.length && list[next].start < to) here.push(list[next++]);
    renderRange(block, text, from, to, here, decorate, spans);
    parent.appendChild(block);
    open = here.filter((m) => m.end > to);
    from = to;
  }
  return spans;
}
