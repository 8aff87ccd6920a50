// The engine module every view of a page shares (built to dist/engine.js): the huntkit npm
// package and the apache-arrow it reads and writes tables with. It carries no WebAssembly:
// the loader (common/engine.js) hands `init` the bytes once per page.
export * from "../../js/dist/index.js";
export * as arrow from "apache-arrow";
