"""Makes a built JupyterLite site (_output) work offline: Pyodide from the npm package,
micropip beside it, and the lock entries of packages served as local piplite wheels
removed so the kernel installs those instead of fetching them from a CDN."""

import hashlib
import json
import pathlib
import shutil
import sys

here = pathlib.Path(__file__).parent
out = here / "_output"
pyodide_src = here / "node_modules" / "pyodide"
pyodide_dst = out / "static" / "pyodide"
wheels = here / "wheels"

shutil.rmtree(pyodide_dst, ignore_errors=True)
shutil.copytree(pyodide_src, pyodide_dst)

lock_path = pyodide_dst / "pyodide-lock.json"
lock = json.loads(lock_path.read_text())
packages = lock["packages"]

micropip = next(wheels.glob("micropip-*.whl"))
shutil.copy(micropip, pyodide_dst / micropip.name)
entry = packages["micropip"]
entry["file_name"] = micropip.name
entry["sha256"] = hashlib.sha256(micropip.read_bytes()).hexdigest()

def norm(name: str) -> str:
    return name.lower().replace("_", "-")

served = {norm(w.name.split("-")[0]) for w in wheels.glob("*.whl")} - {"micropip"}
for name in list(packages):
    if norm(name) in served:
        del packages[name]
# What is left must not point at anything missing (it would be fetched from the network).
for name, p in packages.items():
    p["depends"] = [d for d in p.get("depends", []) if norm(d) not in served]
lock_path.write_text(json.dumps(lock))

cfg_path = out / "jupyter-lite.json"
cfg = json.loads(cfg_path.read_text())
settings = cfg["jupyter-config-data"].setdefault("litePluginSettings", {})
kernel = settings.setdefault("@jupyterlite/pyodide-kernel-extension:kernel", {})
kernel["pyodideUrl"] = "./static/pyodide/pyodide.mjs"
cfg_path.write_text(json.dumps(cfg, indent=2))
print(f"offline site ready: {out} ({len(served)} packages served as local wheels)", file=sys.stderr)
