// What a notebook carries per huntkit view, measured in a real JupyterLab: the bytes the
// page receives over the kernel websocket for a notebook with one view and with ten, and
// the widget state a notebook saves (ipywidgets' manager state, what "save widget state"
// writes into the .ipynb), for the same notebooks. Prints one JSON line per notebook.
//
// Run: node bench/views/delivery.mjs   (needs tests/jupyter/.venv with huntkit installed)
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { startLab } from "../../tests/jupyter/lab.mjs";

// Each view on the bundled data; a notebook of n views cycles through them.
const VIEWS = [
  "huntkit.Timeline(procs, group_by='Account')",
  "huntkit.ProcessTree(procs)",
  "huntkit.TimeSeriesAnomalies(series, time_column='TimeGenerated', value_column='TotalBytesSent', period=24)",
  "huntkit.DataTable(procs)",
  "huntkit.PayloadView(payload)",
];

function notebook(n, kinds) {
  const cell = (source) => ({ cell_type: "code", metadata: {}, execution_count: null, outputs: [], source });
  const cells = [
    cell([
      "import json, huntkit, pandas as pd, ipywidgets\n",
      "procs = pd.read_csv('../data/processes_on_host.csv', parse_dates=['TimeGenerated'])\n",
      "series = pd.read_csv('../data/time_series.csv', parse_dates=['TimeGenerated'])\n",
      "payload = open('../data/base64msg.txt').read()\n",
    ]),
  ];
  for (let i = 0; i < n; i++) cells.push(cell([`${kinds[i % kinds.length]}\n`]));
  cells.push(cell([
    "state = ipywidgets.Widget.get_manager_state(drop_defaults=True)\n",
    "size = len(json.dumps(state))\n",
    "print(f'HK-STATE-BYTES {size}')\n",
  ]));
  return { cells, metadata: { kernelspec: { name: "python3", display_name: "Python 3", language: "python" } }, nbformat: 4, nbformat_minor: 5 };
}

const kinds = VIEWS.filter((v) => !process.env.HK_DELIVERY_VIEWS || process.env.HK_DELIVERY_VIEWS.split(",").some((k) => v.includes(k)));
const lab = await startLab({ data: ["processes_on_host.csv", "time_series.csv", "base64msg.txt"] });
try {
  for (const n of [1, 10]) {
    const path = `notebooks/delivery_${n}.ipynb`;
    await writeFile(join(lab.root, path), JSON.stringify(notebook(n, kinds)));
    let received = 0;
    const page = await lab.runAll(path, {
      onPage: (p) => p.on("websocket", (ws) => ws.on("framereceived", (f) => {
        const size = typeof f.payload === "string" ? Buffer.byteLength(f.payload) : f.payload.length;
        received += size;
        if (process.env.HK_DELIVERY_FRAMES && size > 50000) {
          const text = typeof f.payload === "string" ? f.payload : f.payload.toString("latin1");
          console.error(size, (/"msg_type":\s*"([a-z_]+)"/.exec(text) || [])[1], (/"method":\s*"([a-z_]+)"/.exec(text) || [])[1]);
        }
      })),
    });
    await page.waitForFunction((n) => document.querySelectorAll("[data-ready='1']").length >= n, n, { timeout: 300000 });
    const text = await page.waitForFunction(() => {
      const m = /HK-STATE-BYTES (\d+)/.exec(document.body.innerText);
      return m ? Number(m[1]) : null;
    }, null, { timeout: 120000 });
    const heap = await page.evaluate(() => performance.memory?.usedJSHeapSize ?? null);
    console.log(JSON.stringify({ views: n, websocketBytes: received, savedStateBytes: await text.jsonValue(), heapBytes: heap }));
    await page.close();
  }
} finally {
  await lab.stop();
}
