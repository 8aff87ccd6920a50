// The pivot browser in headless Chromium: entities, their functions and the chosen one's
// help from a catalogue; clicks and keys choose a function, published in `selected_pivot`
// and `selected_indices`; the search narrows the panes and `result`; light and dark
// themes; PNG/SVG export; and hostile text in every field and option.
//
// Run: node --test tests/browser/pivot_browser.test.mjs   (after `node widgets/build.mjs`).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { exportFile, outside, problems, useBrowser } from "./harness.mjs";

const require = createRequire(new URL("../../widgets/package.json", import.meta.url));
const arrow = require("apache-arrow");

const PAYLOADS = [
  "<img src=x onerror=alert(1)>",
  "</script><script>alert(2)</script>",
  "javascript:alert(3)",
  "red;background:url(http://127.0.0.1:9/x)",
  '"><svg onload=alert(4)>',
];

/** A catalogue like `huntkit.pivots.list()`: functions of five entities. */
const CATALOGUE = [
  ["IpAddress", "util", "geoloc", "Look up the geographic location of an IP address (GeoLite2 City).\n\nParameters\n----------\nvalue : str\n    The address."],
  ["IpAddress", "util", "whois", "Whois registration data of an address: ASN, network, registrant."],
  ["IpAddress", "ti", "lookup_ioc", "Look up an IP address in the configured threat intelligence providers."],
  ["IpAddress", "util", "ip_type", "Whether an address is public, private, loopback or reserved."],
  ["Dns", "ti", "lookup_ioc", "Look up a domain name in the configured threat intelligence providers."],
  ["Dns", "util", "dns_resolve", "Resolve a domain name to its addresses."],
  ["Url", "util", "url_components", "Split a URL into scheme, host, path and query."],
  ["Url", "ti", "lookup_ioc", "Look up a URL in the configured threat intelligence providers."],
  ["File", "ti", "lookup_ioc", "Look up a file hash in the configured threat intelligence providers."],
  ["Account", "util", "account_type", "Whether an account is a user, a service or a machine account."],
].map(([entity, container, name, help]) => ({ entity, name, container, help, input: "value", output: "DataFrame" }));

const env = useBrowser();
const open = () => env.open("/tests/browser/pivot_browser.html", { width: 1100, height: 800 });

async function result(page) {
  const bytes = await page.evaluate(() => {
    const v = window.model.get("result");
    return Array.from(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
  });
  return arrow.tableFromIPC(Uint8Array.from(bytes)).toArray().map((r) => r.toJSON());
}

const labels = (page, pane) => page.locator(`#view .hk-pv-body >> nth=${pane}`).locator(".hk-pv-label").allTextContents();

test("entities, functions, help; clicks and keys choose; search; theme; export", async () => {
  const page = await open();
  await page.evaluate((c) => window.mountView({ catalogue: JSON.stringify(c), title: "Pivot functions" }), CATALOGUE);
  assert.equal(await page.locator("#view .hk-pv").getAttribute("data-ready"), "1");
  assert.equal(await page.locator("#view .hk-status").textContent(), "10 of 10 functions · 5 entities");
  assert.deepEqual(await labels(page, 0), ["Account", "Dns", "File", "IpAddress", "Url"]);
  assert.deepEqual(await labels(page, 1), ["account_type"]);
  assert.equal((await result(page)).length, 10);
  // An entity, then a function: the help and the traits.
  await page.locator("#view .hk-pv-item", { hasText: "IpAddress" }).click();
  assert.deepEqual(await labels(page, 1), ["geoloc", "whois", "lookup_ioc", "ip_type"]);
  await page.locator("#view .hk-pv-body >> nth=1").locator(".hk-pv-item").first().click();
  assert.deepEqual(await page.evaluate(() => window.model.get("selected_pivot")), { entity: "IpAddress", name: "geoloc", container: "util", qualified: "IpAddress.util.geoloc" });
  assert.deepEqual(await page.evaluate(() => window.model.get("selected_indices")), [0]);
  assert.equal(await page.locator("#view .hk-pv-qname").textContent(), "IpAddress.util.geoloc");
  assert.match(await page.locator("#view .hk-pv-text").textContent(), /Parameters\n----------\nvalue : str/);
  // Keys: focus the next function, Enter chooses it.
  await page.locator("#view .hk-pv-body >> nth=1").locator(".hk-pv-item").nth(1).focus();
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => window.model.get("selected_pivot").name), "whois");
  // The focus stays on the chosen function; Down and Enter choose the next.
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => window.model.get("selected_pivot").name), "lookup_ioc");
  // The kernel chooses by position: the entity pane follows.
  await page.evaluate(() => {
    window.model.set("selected_indices", [6]);
    window.model.save_changes();
  });
  await page.waitForFunction(() => window.model.get("selected_pivot")?.qualified === "Url.util.url_components");
  assert.equal(await page.locator("#view .hk-pv-body >> nth=0").locator(".hk-pv-item[aria-selected=true]").textContent(), "Url2");
  // The search: typed, it narrows the panes and the result.
  await page.fill("#view .hk-pv-search", "threat intelligence");
  await page.waitForFunction(() => window.model.get("search") === "threat intelligence");
  assert.equal(await page.locator("#view .hk-status").textContent(), "4 of 10 functions · 4 entities");
  assert.deepEqual((await result(page)).map((r) => r.entity), ["IpAddress", "Dns", "Url", "File"]);
  await page.locator("#view .hk-pv-search").press("Escape");
  await page.waitForFunction(() => window.model.get("search") === "");
  // Dark, and the export.
  await page.emulateMedia({ colorScheme: "dark" });
  await page.waitForSelector("#view .hk-pv.hk-dark");
  const { fg, bg } = await page.evaluate(() => {
    const s = getComputedStyle(document.querySelector("#view .hk-pv-qname"));
    return { fg: s.color, bg: getComputedStyle(document.querySelector("#view .hk-pv")).backgroundColor };
  });
  assert.notEqual(fg, bg);
  assert.equal(bg, "rgb(13, 17, 23)");
  for (const label of ["SVG", "PNG"]) {
    const { name, bytes } = await exportFile(page, label, "#view");
    assert.equal(name, `pivot_browser.${label.toLowerCase()}`);
    assert.ok(bytes.length > 300);
  }
  assert.deepEqual(problems(page), []);
  assert.deepEqual(outside(page), []);
  await page.close();
});

test("hostile text in every field and option stays text; a bad catalogue reports", async () => {
  const page = await open();
  const evil = PAYLOADS.map((p, i) => ({ entity: p, name: PAYLOADS[(i + 1) % 5], container: PAYLOADS[(i + 2) % 5], help: `${PAYLOADS[(i + 3) % 5]}\n${p}`, input: p, output: [p] }));
  await page.evaluate(([c, p]) => window.mountView({ catalogue: JSON.stringify(c), title: p[1], theme: p[3], search: "" }), [evil, PAYLOADS]);
  assert.equal(await page.locator("#view .hk-error").textContent(), "");
  assert.equal(await page.locator("#view .hk-title").textContent(), PAYLOADS[1]);
  for (let i = 0; i < 5; i++) {
    await page.locator("#view .hk-pv-body >> nth=0").locator(".hk-pv-item").nth(i).click();
    await page.locator("#view .hk-pv-body >> nth=1").locator(".hk-pv-item").first().click();
    const help = await page.locator("#view .hk-pv-help").textContent();
    assert.ok(help.includes(PAYLOADS[(i + 3) % 5]) || PAYLOADS.some((p) => help.includes(p)), help);
  }
  const text = await page.locator("#view .hk-pv").textContent();
  for (const p of PAYLOADS) assert.ok(text.includes(p), `shown as text: ${p}`);
  await page.fill("#view .hk-pv-search", PAYLOADS[0]);
  await page.waitForFunction((p) => window.model.get("search") === p, PAYLOADS[0]);
  const svg = (await exportFile(page, "SVG", "#view")).bytes.toString("utf8");
  assert.ok(!svg.includes("<img") && !svg.includes("<script") && !svg.includes("<svg onload"), "the export escapes text");
  await page.evaluate((p) => {
    window.model.set("catalogue", `[{"entity": "${p}"`);
    window.model.save_changes();
  }, PAYLOADS[2]);
  assert.match(await page.locator("#view .hk-error").textContent(), /^invalid_input: the catalogue is not JSON/);
  const foreign = await page.evaluate(() => document.querySelectorAll("#view img, #view script, #view iframe, #view a, #view [onerror], #view [onload]").length);
  assert.equal(foreign, 0);
  assert.deepEqual(problems(page), []);
  assert.ok(!page.requests.some((u) => u.includes(":9/")), "no request from a hostile style");
  await page.close();
});
