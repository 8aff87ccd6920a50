// Pointer, wheel and toolbar: wheel scrolls (Shift+wheel sideways), drag pans, a click
// selects a process (Ctrl/⌘ adds or removes) or collapses it at its arrow, a double
// click collapses or expands, Shift+drag selects the boxes it covers, the overview strip
// moves the window, and hover shows a process's details.
import { ROW_H, boxesIn, clampScroll, hitTest } from "./layout.js";
import { scrollForOverview } from "./overview.js";

const MIN_DRAG = 4; // pixels: less is a click
const SEARCH_DELAY = 150; // ms after the last keystroke

/** Attaches the handlers; `actions` from actions.js, `tooltip` from tooltip.js. Returns `detach()`. */
export function attachPointer(view, actions, tooltip) {
  const { dom, state } = view;
  const { plot, map } = dom;
  const off = [];
  const on = (target, type, fn, opts) => {
    target.addEventListener(type, fn, opts);
    off.push(() => target.removeEventListener(type, fn, opts));
  };
  const local = (e) => {
    const r = plot.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top];
  };
  let press = null;

  on(plot, "pointerdown", (e) => {
    if (e.button !== 0 || !state.v) return;
    const [x, y] = local(e);
    press = { x, y, sx: state.scrollX, sy: state.scrollY, box: e.shiftKey, add: e.ctrlKey || e.metaKey, moved: false };
    plot.setPointerCapture?.(e.pointerId);
    plot.focus?.({ preventScroll: true });
    tooltip.hide();
  });

  on(plot, "pointermove", (e) => {
    if (!state.v) return;
    const [x, y] = local(e);
    if (press) {
      if (Math.abs(x - press.x) + Math.abs(y - press.y) >= MIN_DRAG) press.moved = true;
      if (!press.moved) return;
      if (press.box) {
        state.drag = { x0: press.x + press.sx, y0: press.y + press.sy, x1: x + state.scrollX, y1: y + state.scrollY };
      } else {
        const c = clampScroll(state.g, state.v.count, press.sy - (y - press.y), press.sx - (x - press.x));
        state.scrollY = c.y;
        state.scrollX = c.x;
      }
      view.scheduleDraw();
      return;
    }
    const hit = hitTest(state.g, state.v, state.scrollX, state.scrollY, x, y);
    plot.style.cursor = hit?.part === "toggle" ? "pointer" : "default";
    if (hit?.part) {
      const i = state.v.list[hit.k];
      tooltip.show(i, () => state.labels.tip(i), e.clientX, e.clientY);
    } else tooltip.hide();
  });

  on(plot, "pointerup", (e) => {
    if (!press || !state.v) return;
    const p = press;
    press = null;
    plot.releasePointerCapture?.(e.pointerId);
    const [x, y] = local(e);
    if (p.box && p.moved) {
      const d = state.drag;
      state.drag = null;
      const ks = d ? boxesIn(state.g, state.v, d.x0, d.y0, d.x1, d.y1) : [];
      actions.selectMany(ks.map((k) => state.v.list[k]), p.add);
      return;
    }
    if (p.moved) return;
    const hit = hitTest(state.g, state.v, state.scrollX, state.scrollY, x, y);
    if (!hit?.part) {
      if (!p.add) actions.clearSelection();
      return;
    }
    const i = state.v.list[hit.k];
    if (hit.part === "toggle") {
      state.cursor = i;
      actions.toggle(i);
      return;
    }
    state.cursor = i;
    if (p.add) actions.toggleSelect(i);
    else actions.selectOnly(i);
  });

  on(plot, "dblclick", (e) => {
    if (!state.v) return;
    const [x, y] = local(e);
    const hit = hitTest(state.g, state.v, state.scrollX, state.scrollY, x, y);
    if (hit?.part === "box") actions.toggle(state.v.list[hit.k]);
  });

  on(plot, "pointerleave", () => !press && tooltip.hide());
  on(plot, "pointercancel", () => {
    press = null;
    state.drag = null;
    view.scheduleDraw();
  });

  // The wheel scrolls the tree; at its ends the page scrolls on, so a notebook is not held.
  const wheel = (e) => {
    if (!state.v || !state.g) return;
    const unit = e.deltaMode === 1 ? ROW_H : e.deltaMode === 2 ? state.g.plotH : 1;
    const sideways = e.shiftKey && !e.deltaX;
    const c = clampScroll(state.g, state.v.count, state.scrollY + (sideways ? 0 : e.deltaY) * unit, state.scrollX + (sideways ? e.deltaY : e.deltaX) * unit);
    if (c.y === state.scrollY && c.x === state.scrollX) return;
    e.preventDefault();
    state.scrollY = c.y;
    state.scrollX = c.x;
    tooltip.hide();
    view.scheduleDraw();
  };
  on(plot, "wheel", wheel, { passive: false });
  on(map, "wheel", wheel, { passive: false });

  // The overview strip: press or drag to centre the window there.
  let mapDrag = false;
  const mapTo = (e) => {
    const r = map.getBoundingClientRect();
    const c = clampScroll(state.g, state.v.count, scrollForOverview(state, e.clientY - r.top, r.height, state.g.plotH), state.scrollX);
    state.scrollY = c.y;
    view.scheduleDraw();
  };
  on(map, "pointerdown", (e) => {
    if (!state.v || !state.g) return;
    mapDrag = true;
    map.setPointerCapture?.(e.pointerId);
    mapTo(e);
  });
  on(map, "pointermove", (e) => mapDrag && mapTo(e));
  on(map, "pointerup", (e) => {
    mapDrag = false;
    map.releasePointerCapture?.(e.pointerId);
  });

  // Toolbar.
  let timer = 0;
  on(dom.search, "input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => actions.runSearch(dom.search.value), SEARCH_DELAY);
  });
  on(dom.search, "focus", () => state.search?.prepare());
  on(dom.search, "keydown", (e) => {
    if (e.key !== "Enter") return;
    e.preventDefault();
    clearTimeout(timer);
    if (dom.search.value.trim() !== state.query) actions.runSearch(dom.search.value);
    else actions.nextMatch(e.shiftKey ? -1 : 1);
  });
  on(dom.prevBtn, "click", () => actions.nextMatch(-1));
  on(dom.nextBtn, "click", () => actions.nextMatch(1));
  on(dom.onlyBtn, "click", () => actions.onlyTree());
  on(dom.expandBtn, "click", () => actions.setAll(false));
  on(dom.collapseBtn, "click", () => actions.setAll(true));

  return () => {
    clearTimeout(timer);
    for (const f of off) f();
  };
}
