// npm start: the notebook server comes up on localhost with the repo's tslab kernel (and only it),
// serves the lessons, starts a kernel that answers, and stops cleanly.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { startNotebookServer } from "../helpers/notebook-server";

describe("npm start", () => {
  it("serves the lessons with the tslab kernel through the notebook server's REST API", async () => {
    const server = await startNotebookServer("nn-test-token");
    const get = async (p: string) => {
      const r = await fetch(`${server.base}${p}`, { headers: server.auth });
      assert.ok(r.ok, `GET ${p}: ${r.status}`);
      return r;
    };
    try {
      // Both places a learner looks: the executed copies (or how to make them) and the lessons.
      assert.match(server.log(), /Lessons with their outputs: (http:\/\/127\.0\.0\.1:\d+\/tree\/build\/executed\?token=nn-test-token|none yet: run npm run course)/);
      assert.match(server.log(), /Lessons to run yourself: +http:\/\/127\.0\.0\.1:\d+\/tree\/notebooks\?token=nn-test-token/);
      const specs = (await (await get("/api/kernelspecs")).json()) as { default: string; kernelspecs: Record<string, unknown> };
      assert.deepEqual(Object.keys(specs.kernelspecs), ["tslab"], "only the course's kernel is offered");
      assert.equal(specs.default, "tslab");
      const nb = (await (await get("/api/contents/notebooks/01-house-prices.ipynb")).json()) as { type: string; content: { cells: unknown[] } };
      assert.equal(nb.type, "notebook");
      assert.ok(nb.content.cells.length > 5);
      assert.match(await (await get("/notebooks/notebooks/01-house-prices.ipynb")).text(), /01-house-prices/);
      assert.ok((await (await get("/files/notebooks/vendor/plotly.min.js")).arrayBuffer()).byteLength > 1e6, "plotly.js is served beside the notebooks");
      const k = (await (await fetch(`${server.base}/api/kernels`, { method: "POST", headers: server.auth, body: JSON.stringify({ name: "tslab" }) })).json()) as { id: string; name: string };
      assert.equal(k.name, "tslab");
      assert.equal((await fetch(`${server.base}/api/kernels/${k.id}`, { method: "DELETE", headers: server.auth })).status, 204);
    } catch (e) {
      throw new Error(`${(e as Error).message}\nserver log:\n${server.log().slice(-3000)}`);
    } finally {
      await server.stop();
    }
  });
});
