// Timing in the page, where the work happens: the view benchmarks and the browser tests
// load this module in their pages (`await import("/bench/views/page.mjs")`). Times are the
// page's performance.now().

/** Resolves at the next animation frame. */
export const frame = () => new Promise((r) => requestAnimationFrame(() => r()));

/** Fetches `url` into `window.benchBytes`: the kernel has delivered the data when a view renders. */
export async function fetchBytes(url) {
  window.benchBytes = new DataView(await (await fetch(url)).arrayBuffer());
}

/** `mount()` (a test page's mount, resolving to the ms it took to draw) and the next frame: ms. */
export async function firstRender(mount) {
  const ms = await mount();
  const t = performance.now();
  await frame();
  return ms + (performance.now() - t);
}

/** `act(i)` `n` times, each followed by a frame: `{ handler, frame }`, the ms of each step. */
export async function steps(n, act) {
  const out = { handler: [], frame: [] };
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    act(i);
    out.handler.push(performance.now() - t0);
    await frame();
    out.frame.push(performance.now() - t0);
  }
  return out;
}

/**
 * Runs `run()` while a timer ticks every `every` ms: `{ value, longest }`, what `run`
 * resolved to and the longest the main thread went without a tick (work moved to a Worker
 * leaves it short).
 */
export async function longestGap(run, every = 4) {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, every);
  try {
    return { value: await run(), longest };
  } finally {
    clearInterval(timer);
  }
}

/**
 * Main-thread ms of an interaction: `fn()` (the event handlers) plus the view's work in the
 * next animation frame, bracketed by a frame callback queued before the handlers (so before
 * the view's) and one queued after: `{ handler, frame, total }`.
 */
export async function timeInteraction(fn) {
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  let frameStart = 0;
  requestAnimationFrame(() => (frameStart = performance.now()));
  const t0 = performance.now();
  fn();
  const handler = performance.now() - t0;
  return new Promise((resolve) =>
    requestAnimationFrame(() => resolve({ handler, frame: performance.now() - frameStart, total: handler + performance.now() - frameStart })),
  );
}

/**
 * Dispatches a `type` event (pointer, wheel or key) on `plot`, at `at` pixels from its
 * top-left corner unless `init` says where.
 */
export function plotEvent(plot, type, init = {}, at = 200) {
  const r = plot.getBoundingClientRect();
  const base = { bubbles: true, cancelable: true, clientX: r.left + at, clientY: r.top + at, pointerId: 1, button: 0 };
  const Kind = type === "wheel" ? WheelEvent : type.startsWith("key") ? KeyboardEvent : PointerEvent;
  plot.dispatchEvent(new Kind(type, { ...base, ...init }));
}
