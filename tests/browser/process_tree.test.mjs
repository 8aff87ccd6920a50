// Browser tests of the process tree view in headless Chromium: it draws MSTICPy's test
// data, collapses, searches, shows one tree, moves by keyboard, selects by click and
// Shift+drag (input rows in `selected_indices`), publishes the engine's tree in `result`,
// links to a second view, exports PNG and SVG, reads a tree built earlier, stays fast with
// 100,000 processes, and keeps hostile text as text.
//
// Run: node --test tests/browser/process_tree.test.mjs   (after `node widgets/build.mjs`).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { exportFile, outside, problems, shiftDrag, useBrowser } from "./harness.mjs";

const require = createRequire(new URL("../../js/package.json", import.meta.url));
const arrow = require("apache-arrow");

const env = useBrowser();
const open = () => env.open("/tests/browser/process_tree.html", { width: 1300, height: 1100 });

/** The engine's tree table the view published, read back here. */
async function resultOf(page, model = "model") {
  await page.waitForFunction((m) => window[m].get("result")?.byteLength > 0, model);
  const text = await page.evaluate((m) => window.base64(window[m].get("result")), model);
  return arrow.tableFromIPC(Buffer.from(text, "base64"));
}

/** Page coordinates inside the box at list position k (`part`: "body" or "toggle"). */
async function boxPoint(page, k, depth, part = "body") {
  return page.evaluate(
    ([k, depth, part]) => {
      const root = document.querySelector(".hk-pt");
      const [indent, , rowH] = root.dataset.layout.split(",").map(Number);
      const [sx, sy] = root.dataset.scroll.split(",").map(Number);
      const r = root.querySelector(".hk-plot canvas").getBoundingClientRect();
      const x = 6 + depth * indent + (part === "toggle" ? 8 : 120) - sx;
      return { x: r.left + x, y: r.top + k * rowH + rowH / 2 - sy };
    },
    [k, depth, part],
  );
}

const data = (page) => page.evaluate(() => ({ ...document.querySelector(".hk-pt").dataset }));
const nextFrame = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

test("draws MSTICPy's Windows data, publishes the tree, selects, collapses, searches, links and exports", async () => {
  const page = await open();
  await page.evaluate(() => window.mountTree({ data: "/examples/data/win_proc_test.csv", group: "g1", legend_col: "SubjectUserName" }));
  let d = await data(page);
  assert.equal(d.ready, "1");
  assert.equal(d.processes, "1010"); // MSTICPy's test: 1010 processes, 10 roots, depth 7
  assert.match(await page.locator(".hk-status").textContent(), /1,010 processes · 10 roots · depth 7/);
  assert.equal(await page.locator(".hk-title").textContent(), "ProcessTree");
  const inked = await page.evaluate(() => {
    const c = document.querySelector(".hk-plot canvas");
    const px = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < px.length; i += 4) if (px[i] < 200) n++;
    return n;
  });
  assert.ok(inked > 5000, `the canvas drew (${inked} dark pixels)`);
  // A categorical legend of the column's values, as SVG text.
  const legend = await page.locator(".hk-legend text").allTextContents();
  assert.equal(legend[0], "SubjectUserName");
  assert.ok(legend.includes("MSTICAdmin"));

  // result: the input rows plus the tree columns, each tree top-down.
  const result = await resultOf(page);
  assert.equal(result.numRows, 1010);
  for (const c of ["proc_key", "parent_key", "path", "IsRoot", "IsLeaf", "IsBranch", "depth", "source_row"]) assert.ok(result.getChild(c), c);
  const sourceRow = (r) => {
    const v = result.getChild("source_row").get(r);
    return v === null ? null : Number(v);
  };
  const depth = (r) => result.getChild("depth").get(r);

  // Hover shows MSTICPy's fields.
  let p = await boxPoint(page, 1, depth(1));
  await page.mouse.move(p.x, p.y);
  await page.waitForSelector(".hk-tip", { state: "visible" });
  const tip = await page.locator(".hk-tip").textContent();
  assert.match(tip, /Process: C:\\Windows\\System32\\wbem\\WmiPrvSE\.exe/);
  assert.match(tip, /PID: 0xda4/);
  assert.match(tip, /CmdLine: C:\\Windows\\system32\\wbem\\wmiprvse\.exe -secured -Embedding/);
  assert.match(tip, /Time: 2019-02-09 20:04:38\.017/);

  // Click selects the process: its input row (the engine's source_row), not its tree row.
  await page.mouse.click(p.x, p.y);
  assert.deepEqual(await page.evaluate(() => window.model.get("selected_indices")), [sourceRow(1)]);
  assert.equal(sourceRow(1), 852);

  // Shift+drag over boxes 1..4 selects their four processes.
  const a = await boxPoint(page, 1, depth(1));
  const b = await boxPoint(page, 4, depth(4));
  await shiftDrag(page, { x: a.x, y: a.y - 5 }, { x: b.x + 10, y: b.y + 5 });
  const four = [1, 2, 3, 4].map(sourceRow).sort((x, y) => x - y);
  assert.deepEqual(await page.evaluate(() => window.model.get("selected_indices")), four);

  // A linked second view in the same group receives the selection, as input rows.
  await page.evaluate(() => window.mountSecond("tree", { data: "/examples/data/win_proc_test.csv", group: "g1" }));
  await page.mouse.click(p.x, p.y);
  await page.waitForFunction(() => JSON.stringify(window.second.get("selected_indices")) === "[852]");
  assert.equal(await page.locator("#second .hk-pt").getAttribute("data-selected"), "1");
  // ... and selecting there comes back here.
  await page.evaluate(() => window.second.set("selected_indices", [0, 1]));
  await page.waitForFunction(() => JSON.stringify(window.model.get("selected_indices")) === "[0,1]");

  // Escape in the tree clears the selection.
  await page.focus(".hk-pt .hk-plot");
  await page.keyboard.press("Escape");
  assert.deepEqual(await page.evaluate(() => window.model.get("selected_indices")), []);

  // Keyboard: Home, down twice, Enter selects the third process; Left on the root
  // collapses its tree, Right expands it.
  await page.keyboard.press("Home");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  assert.deepEqual(await page.evaluate(() => window.model.get("selected_indices")), [sourceRow(2)]);
  await page.keyboard.press("Home");
  await page.keyboard.press("ArrowLeft");
  d = await data(page);
  const firstTree = [...Array(result.numRows).keys()].findIndex((r, i) => i > 0 && depth(r) === 0);
  assert.equal(Number(d.visible), 1010 - (firstTree - 1));
  await page.keyboard.press("ArrowRight");
  assert.equal((await data(page)).visible, "1010");

  // The arrow at a box collapses its subtree.
  await nextFrame(page);
  p = await boxPoint(page, 0, 0, "toggle");
  await page.mouse.click(p.x, p.y);
  assert.equal(Number((await data(page)).visible), 1010 - (firstTree - 1));
  await page.click(".hk-bar button:has-text('Expand all')");
  assert.equal((await data(page)).visible, "1010");
  await page.click(".hk-bar button:has-text('Collapse all')");
  assert.equal((await data(page)).visible, "10");

  // Search expands to its matches and highlights them.
  await page.fill(".hk-pt input[type=search]", "cvtres");
  await page.waitForFunction(() => Number(document.querySelector(".hk-pt").dataset.matches) > 0);
  d = await data(page);
  const cvtres = [...Array(result.numRows).keys()].filter((r) => /cvtres/i.test(String(result.getChild("NewProcessName").get(r)) + String(result.getChild("CommandLine").get(r))));
  assert.equal(Number(d.matches), cvtres.length);
  assert.ok(Number(d.visible) > 10, "the tree expanded to the matches");
  await page.press(".hk-pt input[type=search]", "Enter");
  assert.ok(cvtres.includes(Number((await data(page)).cursor)), "Enter moves to a match");

  // Only this tree: the focused process's tree alone, then all trees again.
  await page.click(".hk-bar button:has-text('Expand all')");
  await page.click(".hk-bar button:has-text('Only this tree')");
  d = await data(page);
  assert.ok(Number(d.visible) < 1010 && Number(d.visible) > 1, `one tree shown (${d.visible})`);
  await page.click(".hk-bar button:has-text('All trees')");
  assert.equal((await data(page)).visible, "1010");

  // Export: PNG and SVG downloads with content.
  for (const label of ["PNG", "SVG"]) {
    const { bytes: body } = await exportFile(page, label, ".hk-pt");
    assert.ok(body.length > 1000, `${label} export has ${body.length} bytes`);
    if (label === "SVG") assert.match(body.toString(), /<svg[^>]*xmlns/);
    else assert.equal(body.subarray(1, 4).toString(), "PNG");
  }
  assert.deepEqual(problems(page), []);
  await page.close();
});

test("a timeline in the same group receives the tree's selection", async () => {
  const page = await open();
  await page.evaluate(() => window.mountTree({ data: "/examples/data/win_proc_test.csv", group: "g2" }));
  await page.evaluate(() => window.mountSecond("timeline", { data: "/examples/data/win_proc_test.csv", group: "g2" }));
  await page.evaluate(() => document.querySelector("#view .hk-pt .hk-plot").focus());
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  const rows = await page.evaluate(() => window.model.get("selected_indices"));
  assert.deepEqual(rows, [852]);
  // The timeline marks it (its own `selected_indices` or its drawn selection).
  await page.waitForFunction(() => {
    const sel = window.second.get("selected_indices");
    const root = document.querySelector("#second .hk-tl");
    return (Array.isArray(sel) && sel.includes(852)) || root?.dataset.linked === "1" || Number(root?.dataset.selected) > 0;
  }, null, { timeout: 5000 });
  await page.close();
});

test("a tree built earlier is read again; Linux ids show in decimal; errors show as text", async () => {
  const page = await open();
  await page.evaluate(() => window.mountTree({ data: "/examples/data/linux_proc_test.csv", pid_fmt: "dec", legend_col: "uid" }));
  assert.equal((await data(page)).processes, "1029");
  const first = await resultOf(page);
  // The view's own result as its input: the same trees, and rows are its rows.
  await page.evaluate(() => window.mountTree({ data: window.model.get("result") }));
  assert.equal((await data(page)).processes, "1029");
  const again = await resultOf(page);
  await page.evaluate(() => document.querySelector(".hk-pt .hk-plot").focus());
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  const [row] = await page.evaluate(() => window.model.get("selected_indices"));
  // The selected row of the second input (the first tree table) is the process shown.
  assert.equal(first.getChild("proc_key").get(row), again.getChild("proc_key").get(1));
  // A number legend column gets a colour bar and the title says so.
  await page.evaluate(() => window.mountTree({ data: "/examples/data/linux_proc_test.csv", legend_col: "ppid", pid_fmt: "dec" }));
  assert.equal(await page.locator(".hk-title").textContent(), "ProcessTree (color bar = ppid)");
  await page.mouse.move(...Object.values(await boxPoint(page, 1, 1)));
  await page.waitForSelector(".hk-tip", { state: "visible" });
  assert.match(await page.locator(".hk-tip").textContent(), /PID: 25924/);
  // Errors: a schema name the engine does not know, a legend column the data lacks.
  await assert.rejects(page.evaluate(() => window.mountTree({ data: "/examples/data/linux_proc_test.csv", schema: "nope" })), /invalid_option/);
  await assert.rejects(page.evaluate(() => window.mountTree({ data: "/examples/data/linux_proc_test.csv", legend_col: "nope" })), /column_not_found/);
  // ... the tree is still drawn, coloured by level.
  await page.waitForFunction(() => document.querySelector(".hk-pt").dataset.ready === "1");
  assert.equal((await data(page)).processes, "1029");
  await page.close();
});

test("100,000 processes: drawn, scrolled and collapsed within a frame, selected by input row", async () => {
  const page = await open();
  const ms = await page.evaluate(async () => window.mountTree({ data: await window.generate(100000) }));
  const d = await data(page);
  assert.equal(d.processes, "100006"); // six parents outside the data are synthesised
  assert.ok(ms < 20000, `first render ${ms} ms`);
  const result = await resultOf(page);
  assert.equal(result.numRows, 100006);
  // Twenty wheel steps down, each: handlers plus the next frame's drawing.
  const steps = [];
  for (let i = 0; i < 20; i++) steps.push((await page.evaluate(() => window.timeInteraction(() => window.plotEvent("wheel", { deltaY: 2000 })))).total);
  steps.sort((a, b) => a - b);
  assert.ok(steps[10] < 16.7, `scroll step median ${steps[10].toFixed(2)} ms`);
  assert.ok(Number((await data(page)).scroll.split(",")[1]) > 30000, "scrolled");
  // Collapse and expand the first root's tree (most of the 100,000) by keyboard, five
  // times each; the median of each within a frame.
  await page.evaluate(() => window.plotEvent("keydown", { key: "Home" }));
  const collapse = [];
  const expand = [];
  for (let i = 0; i < 5; i++) {
    collapse.push((await page.evaluate(() => window.timeInteraction(() => window.plotEvent("keydown", { key: "ArrowLeft" })))).total);
    assert.ok(Number((await data(page)).visible) < 100006, "collapsed");
    expand.push((await page.evaluate(() => window.timeInteraction(() => window.plotEvent("keydown", { key: "ArrowRight" })))).total);
    assert.equal((await data(page)).visible, "100006");
  }
  const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  assert.ok(median(collapse) < 16.7 && median(expand) < 16.7, `collapse ${median(collapse).toFixed(2)} ms, expand ${median(expand).toFixed(2)} ms`);
  // A search over the 100,000 expands to its matches.
  await page.fill(".hk-pt input[type=search]", "cvtres");
  await page.press(".hk-pt input[type=search]", "Enter");
  await page.waitForFunction(() => Number(document.querySelector(".hk-pt").dataset.matches) > 100);
  // The last process, by keyboard: its input row is the engine's source_row.
  await page.evaluate(() => window.plotEvent("keydown", { key: "End" }));
  await page.evaluate(() => window.plotEvent("keydown", { key: "Enter" }));
  const [row] = await page.evaluate(() => window.model.get("selected_indices"));
  assert.equal(row, Number(result.getChild("source_row").get(result.numRows - 1)));
  assert.deepEqual(problems(page), []);
  await page.close();
});

// Text that would become markup, script, a link or a style (with a request) if a view
// ever parsed it.
const HOSTILE = [
  "<img src=x onerror=alert(1)>",
  "</script><script>alert(2)</script>",
  "javascript:alert(3)",
  "red;background:url(http://127.0.0.1:9/x)",
  "\"><svg onload=alert(5)><style>*{background:url(http://127.0.0.1:9/y)}</style>",
];

/** Windows 4688 events whose every text cell, and one column's name, is hostile. */
function hostileEvents() {
  const rows = [];
  for (let i = 0; i < 12; i++) {
    const h = HOSTILE[i % HOSTILE.length];
    rows.push({
      TimeGenerated: new Date(Date.UTC(2024, 0, 1, 0, 0, i)).toISOString(),
      EventID: 4688,
      Computer: HOSTILE[0],
      NewProcessId: `0x${(0x100 + i).toString(16)}`,
      NewProcessName: `C:\\evil\\${h}`,
      ProcessId: i === 0 ? "0x4" : `0x${(0x100 + Math.floor((i - 1) / 3)).toString(16)}`,
      ParentProcessName: i === 0 ? h : `C:\\evil\\${HOSTILE[Math.floor((i - 1) / 3) % HOSTILE.length]}`,
      CommandLine: `${h} ${HOSTILE[(i + 1) % HOSTILE.length]}`,
      SubjectUserName: h,
      SubjectUserSid: h,
      SubjectLogonId: h,
      TargetLogonId: h,
      [HOSTILE[0]]: HOSTILE[(i + 3) % HOSTILE.length],
    });
  }
  return JSON.stringify(rows);
}

/** Elements or attributes a hostile string could have made, anywhere in the page. */
async function markupCheck(page) {
  return page.evaluate(() => {
    const bad = [];
    for (const node of document.querySelectorAll("*")) {
      const tag = node.tagName.toLowerCase();
      if (["img", "iframe", "object", "embed", "a", "link", "foreignobject"].includes(tag)) bad.push(tag);
      if (tag === "script" && node.type !== "module") bad.push("script");
      if (tag === "style" && /url\(/.test(node.textContent)) bad.push("style with url()");
      for (const a of node.attributes) {
        if (/^on/i.test(a.name)) bad.push(`${tag}[${a.name}]`);
        if (/url\(|javascript:/i.test(a.value) && a.name !== "title" && a.name !== "aria-label") bad.push(`${tag}[${a.name}=${a.value.slice(0, 40)}]`);
      }
    }
    return bad;
  });
}

test("hostile text in every slot stays text: no element, no dialog, no request", async () => {
  const page = await open();
  const [h0, h1, h2, h3, h4] = HOSTILE;
  // Cells, a hostile legend column (name and values), title, pid_fmt, theme, group, the table.
  await page.evaluate(
    ([data, h0, h1, h3, h4]) => window.mountTree({ data, legend_col: h0, title: h0, pid_fmt: h1, theme: h3, group: h4, show_table: true }),
    [hostileEvents(), h0, h1, h3, h4],
  );
  assert.equal(await page.locator(".hk-title").textContent(), h0);
  assert.equal((await data(page)).processes, "13");
  assert.ok((await page.locator(".hk-legend text").allTextContents()).some((t) => t.startsWith("<img")), "legend labels are text");
  assert.match(await page.locator(".hk-grid").textContent(), /<\/script><script>alert\(2\)/);
  for (let k = 0; k < 6; k++) {
    const p = await boxPoint(page, k, k === 0 ? 0 : 1);
    await page.mouse.move(p.x, p.y);
  }
  const p = await boxPoint(page, 1, 1);
  await page.mouse.move(p.x, p.y);
  await page.waitForSelector(".hk-tip", { state: "visible" });
  assert.match(await page.locator(".hk-tip").textContent(), /Process: C:\\evil\\/);
  await page.mouse.click(p.x, p.y);
  await page.fill(".hk-pt input[type=search]", h1);
  await page.press(".hk-pt input[type=search]", "Enter");
  const svg = (await exportFile(page, "SVG", ".hk-pt")).bytes.toString();
  assert.ok(!/<img|<script|<style|onerror=|onload=/i.test(svg.replace(/&lt;[^&]*/g, "")), "the exported SVG holds the text escaped");
  assert.ok(svg.includes("&lt;img"), "the legend's hostile label is in the SVG, escaped");

  // Hostile column names in a user's mapping: the columns are found and shown as text.
  const mapped = JSON.stringify([
    { [h0]: "C:\\a\\parent.exe", [h1]: "0x10", [h2]: "0x4", [h4]: "2024-01-01T00:00:00Z", [h3]: h1 },
    { [h0]: `C:\\a\\${h0}`, [h1]: "0x11", [h2]: "0x10", [h4]: "2024-01-01T00:00:01Z", [h3]: h0 },
  ]);
  const schema = { process_name: h0, process_id: h1, parent_id: h2, time_stamp: h4, cmd_line: h3 };
  await page.evaluate(([data, schema]) => window.mountTree({ data, schema }), [mapped, schema]);
  assert.equal((await data(page)).processes, "3");
  // A hostile schema name and legend column reach the error line as text.
  await assert.rejects(page.evaluate(([data, h0]) => window.mountTree({ data, schema: h0 }), [mapped, h0]), /invalid_option/);
  assert.match(await page.locator(".hk-error").textContent(), /<img src=x/);
  await assert.rejects(page.evaluate(([data, schema, h2]) => window.mountTree({ data, schema, legend_col: `${h2}!` }), [mapped, schema, h2]), /column_not_found/);
  assert.match(await page.locator(".hk-error").textContent(), /javascript:alert\(3\)!/);

  assert.deepEqual(await markupCheck(page), []);
  assert.deepEqual(problems(page).filter((x) => /dialog/.test(x)), []);
  assert.deepEqual(outside(page), []);
  await page.close();
});
