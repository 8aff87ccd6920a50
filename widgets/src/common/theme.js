// Light and dark: every view follows the host's theme unless its `theme` option says
// otherwise, and switches when the host does.

/** Whether the page around the view is dark: JupyterLab's and VS Code's markers, then the OS. */
export function isDarkPage() {
  const body = typeof document === "undefined" ? null : document.body;
  if (body) {
    const jp = body.getAttribute("data-jp-theme-light");
    if (jp === "false") return true;
    if (jp === "true") return false;
    const { classList } = body;
    if (classList.contains("vscode-dark") || classList.contains("vscode-high-contrast")) return true;
    if (classList.contains("vscode-light")) return false;
  }
  return typeof matchMedia === "function" && matchMedia("(prefers-color-scheme: dark)").matches;
}

/**
 * Keeps the class `hk-dark` on `root` in step with the model's `theme` option ("auto",
 * "light" or "dark") and the host's theme; `onChange(dark)` runs at once and after each
 * change. Returns the function that stops following.
 */
export function followTheme(root, model, onChange = () => {}) {
  const apply = () => {
    const t = model.get("theme");
    const dark = t === "dark" || (t !== "light" && isDarkPage());
    root.classList.toggle("hk-dark", dark);
    onChange(dark);
  };
  const observer = typeof MutationObserver === "function" && typeof document !== "undefined" && document.body
    ? new MutationObserver(apply)
    : null;
  observer?.observe(document.body, { attributes: true, attributeFilter: ["class", "data-jp-theme-light", "data-jp-theme-name"] });
  const mq = typeof matchMedia === "function" ? matchMedia("(prefers-color-scheme: dark)") : null;
  mq?.addEventListener?.("change", apply);
  model.on("change:theme", apply);
  apply();
  return () => {
    model.off("change:theme", apply);
    observer?.disconnect();
    mq?.removeEventListener?.("change", apply);
  };
}
