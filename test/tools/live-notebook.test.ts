// The live notebook that `npm start` serves: open lesson 01 in Chromium, run all its cells through
// the notebook's own UI (Cell > Run All), and its figures draw there too.
import assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import { launchChromium } from "../../tools/lib/browser";
import { startNotebookServer } from "../helpers/notebook-server";
import { figureCount } from "../../tools/lib/notebook";
import { ROOT } from "../../tools/lib/paths";

const LESSON = "notebooks/01-house-prices.ipynb";

describe("the live notebook in Chromium", () => {
  it("runs every cell of lesson 01 through the notebook UI and draws its figures", { timeout: 180_000 }, async () => {
    const server = await startNotebookServer("nn-live-test", 60_000);
    const { base, token } = server;
    const browser = await launchChromium();
    let kernelId = "";
    try {
      // The figures this lesson emits when executed headless: the live run must draw as many.
      const page = await browser.newPage();
      const pageErrors: string[] = [];
      page.on("pageerror", (e) => pageErrors.push(e.message));
      await page.goto(`${base}/notebooks/${LESSON}?token=${token}`, { waitUntil: "load" });
      // Wait for the kernel to be idle and ready before Run All (tslab starts in ~2 s).
      await page.waitForFunction(() => {
        const J = (window as unknown as { Jupyter?: { notebook?: { kernel?: { is_connected(): boolean; id: string } } } }).Jupyter;
        return !!J?.notebook?.kernel?.is_connected();
      }, undefined, { timeout: 60_000 });
      kernelId = await page.evaluate(() => (window as unknown as { Jupyter: { notebook: { kernel: { id: string } } } }).Jupyter.notebook.kernel.id);
      await page.click("#celllink");
      await page.click("#run_all_cells > a");
      // Done when no cell is waiting ("In [*]") and the last code cell has an execution count.
      await page.waitForFunction(() => {
        const prompts = Array.from(document.querySelectorAll(".code_cell .input_prompt")).map((e) => e.textContent ?? "");
        return prompts.length > 0 && prompts.every((p) => /In\s*\[\d+\]/.test(p));
      }, undefined, { timeout: 120_000 });
      const errors = await page.locator(".output_stderr, .output_error").allTextContents();
      assert.deepEqual(errors, [], "no cell wrote to stderr in the live run");
      const drawn = await page.locator(".js-plotly-plot .main-svg").first().waitFor({ timeout: 20_000 }).then(() => page.locator(".js-plotly-plot").count());
      const expected = (await headlessFigures());
      assert.equal(drawn, expected, `live notebook drew ${drawn} figures; the lesson emits ${expected}`);
      assert.deepEqual(pageErrors, []);
    } catch (e) {
      throw new Error(`${(e as Error).message}\nserver log (tail):\n${server.log().slice(-2000)}`);
    } finally {
      if (kernelId) await fetch(`${base}/api/kernels/${kernelId}?token=${token}`, { method: "DELETE" }).catch(() => undefined);
      await browser.close();
      await server.stop();
    }
  });
});

/** Figures lesson 01 emits, counted from a headless run of the same notebook. */
async function headlessFigures(): Promise<number> {
  const { runNotebook } = await import("../../tools/lib/run-notebook");
  const r = await runNotebook(path.join(ROOT, LESSON));
  assert.deepEqual(r.failures, []);
  return figureCount(r.executed!.cells);
}
