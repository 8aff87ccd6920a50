// What the test pages share (loaded in the page, from /tests/browser/views.mjs): data as the
// kernel sends it, and waiting until a view has drawn. Each page keeps its own `mount*`
// functions, named for the tests that call them.
import { mount } from "/widgets/host.js";

/**
 * `data` as the kernel sends it: a path (starting with "/") is fetched, as a DataView of
 * its bytes, or as text for a CSV file when `csvAsText`; anything else is passed on.
 */
export async function dataOf(data, { csvAsText = false } = {}) {
  if (typeof data !== "string" || !data.startsWith("/")) return data;
  const response = await fetch(data);
  return csvAsText && data.endsWith(".csv") ? response.text() : new DataView(await response.arrayBuffer());
}

/**
 * Resolves once the view in `el` has drawn (its root, `selector`, says data-ready="1");
 * rejects with its error line when it shows one (`errorFirst`: even once drawn, for views
 * that are drawn with an error), or after two minutes.
 */
export function drawn(el, selector, { errorFirst = false } = {}) {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const check = () => {
      const root = el.querySelector(selector);
      const ready = root?.dataset.ready === "1";
      const error = root?.querySelector(".hk-error")?.textContent;
      if (ready && !(errorFirst && error)) return resolve();
      if (error) return reject(new Error(error));
      if (performance.now() - start > 120000) return reject(new Error(`${selector} did not draw`));
      requestAnimationFrame(check);
    };
    check();
  });
}

/**
 * Mounts `widget` into the element `id` of the page (replacing what is there) with
 * `initial` traits, hands the mounted view to `keep(view)` at once (so the page holds it
 * even when it fails to draw), and resolves to the ms until it had drawn (see `drawn`,
 * given `errorFirst`; `selector` is the view's root).
 */
export async function mountInto(id, widget, initial, selector, { keep, errorFirst } = {}) {
  const el = document.getElementById(id);
  el.replaceChildren();
  const t0 = performance.now();
  const view = await mount(widget, el, initial);
  keep?.(view);
  await drawn(el, selector, { errorFirst });
  return performance.now() - t0;
}

/**
 * The harness of a page testing one view: `window.mountView(initial, id = "view")` mounts
 * `widget` into #id ("view" or "other") with the given traits (`data` may be a path to
 * fetch, as bytes) and resolves with the ms until it has drawn; the views are kept in
 * `window.hkViews`, the models as `window.model` (#view) and `window.otherModel`.
 */
export function installHarness(widget, selector) {
  window.hkViews = {};
  window.mountView = async (initial, id = "view") => {
    window.hkViews[id]?.destroy();
    initial = { ...initial, data: await dataOf(initial.data) };
    return mountInto(id, widget, initial, selector, {
      keep(view) {
        window.hkViews[id] = view;
        if (id === "view") window.model = view.model;
        else window.otherModel = view.model;
      },
    });
  };
  window.harnessReady = true;
}
