// npm start: the notebook server comes up on localhost with the repo's tslab kernel (and only it),
// serves the lessons, starts a kernel that answers, and stops cleanly.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as net from "node:net";
import * as path from "node:path";
import { describe, it } from "node:test";
import { ROOT } from "../../tools/lib/paths";

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitFor(url: string, headers: Record<string, string>, ms: number): Promise<Response> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      const r = await fetch(url, { headers });
      if (r.ok) return r;
    } catch { /* not up yet */ }
    if (Date.now() > until) throw new Error(`no answer from ${url} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe("npm start", () => {
  it("serves the lessons with the tslab kernel through the notebook server's REST API", async () => {
    const port = await freePort();
    const token = "nn-test-token";
    const server = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "tools/start.ts"), "--port", String(port), "--token", token], {
      cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], detached: true,
    });
    let log = "";
    server.stdout!.on("data", (d) => (log += d));
    server.stderr!.on("data", (d) => (log += d));
    const base = `http://127.0.0.1:${port}`;
    const auth = { Authorization: `token ${token}` };
    try {
      const specs = (await (await waitFor(`${base}/api/kernelspecs`, auth, 30000)).json()) as { default: string; kernelspecs: Record<string, unknown> };
      assert.deepEqual(Object.keys(specs.kernelspecs), ["tslab"], "only the course's kernel is offered");
      assert.equal(specs.default, "tslab");
      const nb = (await (await waitFor(`${base}/api/contents/notebooks/01-house-prices.ipynb`, auth, 5000)).json()) as { type: string; content: { cells: unknown[] } };
      assert.equal(nb.type, "notebook");
      assert.ok(nb.content.cells.length > 5);
      const page = await waitFor(`${base}/notebooks/notebooks/01-house-prices.ipynb`, auth, 5000);
      assert.match(await page.text(), /01-house-prices/);
      const vendor = await waitFor(`${base}/files/notebooks/vendor/plotly.min.js`, auth, 5000);
      assert.ok((await vendor.arrayBuffer()).byteLength > 1e6, "plotly.js is served beside the notebooks");
      const k = (await (await fetch(`${base}/api/kernels`, { method: "POST", headers: auth, body: JSON.stringify({ name: "tslab" }) })).json()) as { id: string; name: string };
      assert.equal(k.name, "tslab");
      const del = await fetch(`${base}/api/kernels/${k.id}`, { method: "DELETE", headers: auth });
      assert.equal(del.status, 204);
    } catch (e) {
      throw new Error(`${(e as Error).message}\nserver log:\n${log.slice(-3000)}`);
    } finally {
      process.kill(-server.pid!, "SIGTERM");
      await new Promise((r) => server.once("exit", r));
    }
  });
});
