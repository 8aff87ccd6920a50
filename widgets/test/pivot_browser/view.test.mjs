// The pivot browser under Node: the catalogue read from JSON (a list, or functions per
// entity) and from Arrow, the search, and the whole view rendered into the DOM stand-in
// (which refuses markup) with the real engine: entities, their functions, the help, the
// chosen function in `selected_pivot`, `result` the matching entries, hostile text.
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { createModel } from "../../host.js";
import { provideEngine } from "../../src/common/engine.js";
import view from "../../src/pivot_browser.js";
import { entitiesOf, entriesOfTable, parseCatalogue, qualifiedName, searchEntries } from "../../src/pivot_browser/model.js";
import { elementsOf, installDom } from "../fake-dom.mjs";
import { arrow, engine } from "../engine.mjs";

provideEngine(engine);
beforeEach(() => installDom());
const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));
const EVIL = "<img src=x onerror=alert(1)>";

export const CATALOGUE = [
  { entity: "IpAddress", name: "geoloc", container: "util", help: "Look up the location of an IP address (GeoIP).", input: "value", output: "GeoLite lookup table" },
  { entity: "IpAddress", name: "lookup_ioc", container: "ti", help: "Look up an IP address in threat intelligence providers.", input: "value", output: "TI results" },
  { entity: "IpAddress", name: "whois", container: "util", help: "Whois data for an address.", input: "value", output: "table" },
  { entity: "Dns", name: "lookup_ioc", container: "ti", help: "Look up a domain in threat intelligence providers.", input: "value", output: "TI results" },
  { entity: "Url", name: "extract", container: "util", help: "Split a URL into its parts.", input: "value", output: ["scheme", "host"] },
];

async function mount(traits) {
  const model = createModel({ catalogue: JSON.stringify(CATALOGUE), selected_indices: [], ...traits });
  const el = document.createElement("div");
  document.body.appendChild(el);
  const destroy = view.render({ model, el });
  const root = el.querySelector(".hk-pv");
  for (let i = 0; i < 200 && root.dataset.ready !== "1"; i++) await tick();
  const result = () => {
    const v = model.get("result");
    return arrow.tableFromIPC(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)).toArray().map((r) => r.toJSON());
  };
  const items = (pane) => root.querySelectorAll("div.hk-pv-body")[pane].querySelectorAll("div.hk-pv-item");
  return { model, el, root, destroy, result, items };
}

test("the catalogue from JSON (list or per entity) and Arrow; entities, search, names", () => {
  const list = parseCatalogue(JSON.stringify(CATALOGUE));
  assert.equal(list.length, 5);
  assert.equal(list[4].output, "scheme, host");
  const per = parseCatalogue(JSON.stringify({ Host: [{ name: "dns_resolve", container: "util", help: "h" }], Bad: "x" }));
  assert.deepEqual(per.map((e) => [e.entity, e.name, e.row]), [["Host", "dns_resolve", 0]]);
  assert.deepEqual(parseCatalogue(JSON.stringify([{ name: "no entity" }, 7, null])), []);
  // The engine's own catalogue: { entities, pivots }, with input and key columns.
  const native = parseCatalogue(JSON.stringify({ entities: [{ name: "IpAddress" }], pivots: [{ entity: "IpAddress", name: "ip_type", container: "util", help: "h", inputColumn: "ip", keyColumn: "ip", tableOnly: false }] }));
  assert.deepEqual(native.map((e) => [e.entity, e.name, e.input, e.output]), [["IpAddress", "ip_type", "column ip", "key column ip"]]);
  assert.throws(() => parseCatalogue("{not json"), (e) => e.code === "invalid_input");
  assert.throws(() => parseCatalogue("12"), (e) => e.code === "invalid_input");
  assert.deepEqual(entitiesOf(list), [{ entity: "Dns", count: 1 }, { entity: "IpAddress", count: 3 }, { entity: "Url", count: 1 }]);
  assert.deepEqual(searchEntries(list, "THREAT lookup").map((e) => e.entity), ["IpAddress", "Dns"]);
  assert.equal(qualifiedName(list[1]), "IpAddress.ti.lookup_ioc");
  const table = arrow.tableFromArrays({ entity: ["Host"], name: ["x"], help: ["y"] });
  assert.deepEqual(entriesOfTable(table).map((e) => [e.entity, e.name, e.help, e.container]), [["Host", "x", "y", ""]]);
  assert.throws(() => entriesOfTable(arrow.tableFromArrays({ a: [1] })), (e) => e.code === "column_not_found");
});

test("entities, their functions, the help; choosing publishes selected_pivot", async () => {
  const v = await mount({ title: "Pivots" });
  assert.equal(v.root.dataset.ready, "1");
  assert.equal(v.root.querySelector(".hk-error").textContent, "");
  assert.equal(v.root.querySelector(".hk-status").textContent, "5 of 5 functions · 3 entities");
  assert.deepEqual(v.items(0).map((i) => i.textContent), ["Dns1", "IpAddress3", "Url1"]);
  assert.deepEqual(v.items(1).map((i) => i.textContent), ["lookup_iocti"], "the first entity's functions");
  v.items(0)[1].click();
  assert.deepEqual(v.items(1).map((i) => i.querySelector("span.hk-pv-label").textContent), ["geoloc", "lookup_ioc", "whois"]);
  assert.equal(v.result().length, 5);
  v.items(1)[0].click();
  assert.deepEqual(v.model.get("selected_pivot"), { entity: "IpAddress", name: "geoloc", container: "util", qualified: "IpAddress.util.geoloc" });
  assert.deepEqual(v.model.get("selected_indices"), [0]);
  assert.equal(v.root.querySelector(".hk-pv-qname").textContent, "IpAddress.util.geoloc");
  assert.match(v.root.querySelector(".hk-pv-text").textContent, /location of an IP address/);
  assert.equal(v.items(1)[0].getAttribute("aria-selected"), "true");
  // Keys: Enter on another function chooses it.
  v.items(1)[2].dispatchEvent(Object.assign(new Event("keydown"), { key: "Enter", preventDefault() {} }));
  assert.equal(v.model.get("selected_pivot").name, "whois");
  // The kernel chooses: the entity and the help follow.
  v.model.set("selected_indices", [4]);
  assert.equal(v.model.get("selected_pivot").qualified, "Url.util.extract");
  assert.equal(v.root.querySelectorAll("div.hk-pv-meta").map((m) => m.textContent).at(-1), "Output: scheme, host");
  v.destroy();
  assert.equal(v.el.children.length, 0);
});

test("the search narrows entities, functions and result; typing writes the trait", async () => {
  const v = await mount({});
  v.model.set("search", "threat");
  assert.equal(v.root.querySelector(".hk-status").textContent, "2 of 5 functions · 2 entities");
  assert.deepEqual(v.result().map((r) => `${r.entity}.${r.name}`), ["IpAddress.lookup_ioc", "Dns.lookup_ioc"]);
  v.model.set("search", "zzz");
  assert.equal(v.items(0)[0].textContent, "No matches");
  const box = v.root.querySelector("input.hk-pv-search");
  box.value = "whois";
  box.dispatchEvent(Object.assign(new Event("keydown"), { key: "Enter" }));
  assert.equal(v.model.get("search"), "whois");
  assert.deepEqual(v.items(1).map((i) => i.querySelector("span.hk-pv-label").textContent), ["IpAddress.whois"], "matches outside the chosen entity, named in full");
  v.destroy();
});

test("hostile text in every field stays text; bad catalogues report", async () => {
  const evil = [{ entity: EVIL, name: EVIL, container: EVIL, help: `${EVIL}\n</script><script>alert(2)</script>`, input: EVIL, output: EVIL }];
  const v = await mount({ catalogue: JSON.stringify(evil), title: EVIL, theme: EVIL });
  assert.equal(v.root.querySelector(".hk-error").textContent, "");
  v.items(1)[0].click();
  assert.equal(v.root.querySelector(".hk-pv-qname").textContent, `${EVIL}.${EVIL}.${EVIL}`);
  assert.ok(v.root.querySelector(".hk-pv-text").textContent.includes("</script><script>alert(2)</script>"));
  assert.ok(elementsOf(v.root).every((n) => ["DIV", "STYLE", "SPAN", "INPUT", "BUTTON"].includes(n.tagName)));
  v.model.set("catalogue", "[{");
  assert.match(v.root.querySelector(".hk-error").textContent, /^invalid_input: the catalogue is not JSON/);
  assert.equal(v.root.querySelector(".hk-status").textContent, "No catalogue");
  // Without a catalogue, an Arrow table in `data` is read.
  v.model.set("catalogue", "");
  v.model.set("data", arrow.tableToIPC(arrow.tableFromArrays({ entity: ["Host"], name: ["dns_resolve"] }), "stream"));
  assert.equal(v.root.querySelector(".hk-status").textContent, "1 of 1 functions · 1 entity");
  v.destroy();
});
