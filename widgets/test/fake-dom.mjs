// A small stand-in for the browser's DOM, for the view modules' unit tests under Node:
// elements with children, text, classes, inline styles, attributes, datasets and events,
// enough for d3-selection to append and set attributes. It has no HTML parser: setting
// innerHTML or outerHTML, or calling insertAdjacentHTML, throws, so a test fails if a view
// ever turns a string into markup.

const XHTML = "http://www.w3.org/1999/xhtml";

class FakeStyle {
  setProperty(name, value) {
    this[name] = String(value);
  }
  removeProperty(name) {
    delete this[name];
  }
  getPropertyValue(name) {
    return this[name] ?? "";
  }
}

class FakeClassList {
  constructor(node) {
    this.node = node;
  }
  #names() {
    return this.node.className.split(/\s+/).filter(Boolean);
  }
  contains(name) {
    return this.#names().includes(name);
  }
  add(...names) {
    const set = new Set(this.#names());
    for (const n of names) set.add(n);
    this.node.className = [...set].join(" ");
  }
  remove(...names) {
    this.node.className = this.#names().filter((n) => !names.includes(n)).join(" ");
  }
  toggle(name, force) {
    const on = force === undefined ? !this.contains(name) : Boolean(force);
    if (on) this.add(name);
    else this.remove(name);
    return on;
  }
}

class FakeText {
  constructor(doc, text) {
    this.ownerDocument = doc;
    this.nodeType = 3;
    this.data = String(text);
    this.parentNode = null;
  }
  get textContent() {
    return this.data;
  }
  remove() {
    this.parentNode?.removeChild(this);
  }
}

function markupRefused() {
  throw new Error("the view set markup: views insert text only");
}

class FakeElement extends EventTarget {
  constructor(doc, namespaceURI, tagName) {
    super();
    this.ownerDocument = doc;
    this.namespaceURI = namespaceURI;
    this.tagName = tagName.toUpperCase();
    this.nodeType = 1;
    this.childNodes = [];
    this.parentNode = null;
    this.className = "";
    this.classList = new FakeClassList(this);
    this.style = new FakeStyle();
    // A DOMStringMap keeps strings, whatever is assigned.
    this.dataset = new Proxy({}, { set: (map, key, value) => Reflect.set(map, key, String(value)) });
    this.attributes = new Map();
    this.rect = { left: 0, top: 0, width: 0, height: 0 };
    this.clientWidth = 0;
    this.offsetWidth = 0;
  }
  get children() {
    return this.childNodes.filter((n) => n.nodeType === 1);
  }
  get firstChild() {
    return this.childNodes[0] ?? null;
  }
  get textContent() {
    return this.childNodes.map((n) => n.textContent).join("");
  }
  set textContent(value) {
    this.replaceChildren();
    const text = value === null || value === undefined ? "" : String(value);
    if (text !== "") this.appendChild(new FakeText(this.ownerDocument, text));
  }
  set innerHTML(_) {
    markupRefused();
  }
  set outerHTML(_) {
    markupRefused();
  }
  insertAdjacentHTML() {
    markupRefused();
  }
  #adopt(node) {
    const child = typeof node === "string" ? new FakeText(this.ownerDocument, node) : node;
    child.parentNode?.removeChild(child);
    child.parentNode = this;
    return child;
  }
  appendChild(node) {
    this.childNodes.push(this.#adopt(node));
    return node;
  }
  insertBefore(node, before) {
    const child = this.#adopt(node);
    const i = before ? this.childNodes.indexOf(before) : -1;
    if (i < 0) this.childNodes.push(child);
    else this.childNodes.splice(i, 0, child);
    return node;
  }
  append(...nodes) {
    for (const n of nodes) this.appendChild(n);
  }
  removeChild(node) {
    const i = this.childNodes.indexOf(node);
    if (i >= 0) this.childNodes.splice(i, 1);
    node.parentNode = null;
    return node;
  }
  replaceChildren(...nodes) {
    for (const n of [...this.childNodes]) this.removeChild(n);
    this.append(...nodes);
  }
  remove() {
    this.parentNode?.removeChild(this);
  }
  setAttribute(name, value) {
    this.attributes.set(name, String(value));
    if (name === "class") this.className = String(value);
  }
  getAttribute(name) {
    if (name === "class") return this.className || null;
    return this.attributes.has(name) ? this.attributes.get(name) : null;
  }
  hasAttribute(name) {
    return this.getAttribute(name) !== null;
  }
  removeAttribute(name) {
    this.attributes.delete(name);
  }
  getBoundingClientRect() {
    const { left, top, width, height } = this.rect;
    return { left, top, width, height, right: left + width, bottom: top + height, x: left, y: top };
  }
  // Siblings only, as d3's `order()` asks: 4 when `other` follows, 2 when it precedes.
  compareDocumentPosition(other) {
    const siblings = this.parentNode?.childNodes ?? [];
    return siblings.indexOf(other) > siblings.indexOf(this) ? 4 : 2;
  }
  setPointerCapture() {}
  releasePointerCapture() {}
  click() {
    this.dispatchEvent(new Event("click"));
  }
  /** Descendant elements, depth first. */
  *descendants() {
    for (const n of this.children) {
      yield n;
      yield* n.descendants();
    }
  }
  // Selectors of tag names and classes only ("div", ".a.b", "button.hk-off", "*").
  #matches(selector) {
    if (selector === "*") return true;
    const [tag, ...classes] = selector.split(".");
    if (tag && tag.toUpperCase() !== this.tagName) return false;
    return classes.every((c) => this.classList.contains(c));
  }
  querySelectorAll(selector) {
    return [...this.descendants()].filter((n) => n.#matches(selector));
  }
  querySelector(selector) {
    return this.querySelectorAll(selector)[0] ?? null;
  }
}

/** A fresh fake document; `installDom()` also makes it the global `document`. */
export function createDocument() {
  const doc = {
    createElement: (tag) => new FakeElement(doc, XHTML, tag),
    createElementNS: (ns, tag) => new FakeElement(doc, ns, tag),
    createTextNode: (text) => new FakeText(doc, text),
  };
  doc.documentElement = doc.createElement("html");
  doc.body = doc.createElement("body");
  doc.documentElement.appendChild(doc.body);
  return doc;
}

/** Installs a fresh fake document as `globalThis.document` and returns it. */
export function installDom() {
  const doc = createDocument();
  globalThis.document = doc;
  return doc;
}

/** Every element under `node` (itself included), for asserting what was created. */
export function elementsOf(node) {
  return [node, ...node.descendants()];
}
