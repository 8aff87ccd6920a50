// The Node example script runs as a user would run it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";

const run = promisify(execFile);
const script = fileURLToPath(new URL("../../examples/node/hunt.mjs", import.meta.url));

test("examples/node/hunt.mjs inspects, decodes and extracts", async () => {
  const { stdout } = await run(process.execPath, [script]);
  assert.match(stdout, /^363 rows, 19 columns$/m);
  assert.match(stdout, /^  TimeGenerated: 2019-01-15T04:15:26 \.\. /m);
  assert.match(stdout, /^\d+ decoded items in CommandLine$/m);
  const byType = JSON.parse(stdout.match(/^indicators: (.*)$/m)[1]);
  assert.ok(byType.url > 0 && byType.dns > 0, stdout);
});
