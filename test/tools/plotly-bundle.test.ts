// The site's plotly (tools/site/plotly.ts): the bundle registers exactly the trace types it promises,
// and a figure of any other type stops the site build before a file is written (not a blank box).
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";
import { launchChromium } from "../../tools/lib/browser";
import { PLOTLY_MIME, type Notebook } from "../../tools/lib/notebook";
import { buildSite } from "../../tools/site/build";
import { assertDrawable, PLOTLY_TRACES, plotlyBundle } from "../../tools/site/plotly";

const figureNotebook = (type: string | undefined): Notebook => ({
  nbformat: 4, nbformat_minor: 5, metadata: {},
  cells: [
    { cell_type: "markdown", id: "t", metadata: {}, source: "# 98 · A figure\n\n**By the end you will be able to**\n\n- draw it." },
    { cell_type: "code", id: "c", metadata: {}, execution_count: 1, source: "show(fig)", outputs: [{ output_type: "display_data", metadata: {}, data: { [PLOTLY_MIME]: { data: [{ ...(type ? { type } : {}), x: [1, 2], y: [3, 4] }], layout: { title: { text: "Prices" } } }, "text/plain": "figure" } }] },
  ],
});

describe("the site's plotly bundle", () => {
  it("registers exactly PLOTLY_TRACES, and draws a scatter and a heatmap (in Chromium)", async () => {
    const browser = await launchChromium();
    try {
      const tab = await browser.newPage();
      await tab.setContent('<div id="f" style="width:400px;height:300px"></div>');
      await tab.addScriptTag({ content: plotlyBundle() });
      const traces = (await tab.evaluate("Object.keys(Plotly.PlotSchema.get().traces).sort()")) as string[];
      assert.deepEqual(traces, [...PLOTLY_TRACES].sort());
      await tab.evaluate('Plotly.newPlot("f", [{ type: "scatter", x: [1, 2], y: [2, 1] }, { type: "heatmap", z: [[1, 2], [3, 4]] }])');
      assert.equal(await tab.locator("#f .scatterlayer .trace").count(), 1);
      assert.equal(await tab.locator("#f .heatmaplayer image").count(), 1);
    } finally {
      await browser.close();
    }
  });

  it("assertDrawable accepts the bundle's types (a trace without one is a scatter) and names the figure and the fix otherwise", () => {
    for (const t of [...PLOTLY_TRACES, undefined]) assert.doesNotThrow(() => assertDrawable({ data: [{ type: t }] }, "x"));
    assert.throws(() => assertDrawable({ data: [{ type: "scatter" }, { type: "pie" }] }, 'lesson 98: the figure "Prices"'),
      /^Error: lesson 98: the figure "Prices": trace type "pie" is not in the site's plotly bundle \(scatter, heatmap.*\): add it to PLOTLY_TRACES in tools\/site\/plotly\.ts$/);
  });

  it("a lesson with a figure the bundle cannot draw stops the build, and nothing is written", () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "nn-plotly-")), "site");
    try {
      assert.throws(() => buildSite([{ source: "notebooks/98-a-figure.ipynb", notebook: figureNotebook("pie") }], out, "teacher"),
        /98-a-figure\.ipynb: the figure "Prices": trace type "pie"/);
      assert.ok(!fs.existsSync(out), "no half-written site");
    } finally {
      fs.rmSync(path.dirname(out), { recursive: true, force: true });
    }
  });
});
