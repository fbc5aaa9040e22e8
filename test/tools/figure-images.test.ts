// Still images of figures: the course build draws each figure once in Chromium and puts the PNG
// inside the figure's HTML, which keeps its id; the same figure gives the same bytes every time.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { figureHtml, figureIdOf } from "../../src/figure-html";
import { figure, lineTrace } from "../../src/plot";
import { addStaticImages } from "../../tools/lib/figure-images";
import { courseNotebook, PLOTLY_MIME, type Notebook } from "../../tools/lib/notebook";

const fig = figure({ title: "A line", x: "x", y: "y" }, [lineTrace([0, 1, 2], [0, 1, 4], "y = x²")]);

function notebookWith(html: string): Notebook {
  return courseNotebook([{ cell_type: "code", id: "c", metadata: {}, execution_count: 1, source: "show(fig)",
    outputs: [{ output_type: "display_data", metadata: {}, data: { [PLOTLY_MIME]: fig as unknown as Record<string, never>, "text/html": html } }] }]);
}
const htmlOf = (nb: Notebook) => (nb.cells[0] as { outputs: { data: Record<string, string> }[] }).outputs[0].data["text/html"];

/** Width and height from a PNG's IHDR chunk, read by hand. */
function pngSize(dataUrl: string): { width: number; height: number } {
  const b = Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ""), "base64");
  assert.equal(b.subarray(1, 4).toString("latin1"), "PNG");
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

describe("figureHtml", () => {
  it("holds no image until the build gives one, and keeps a given id", () => {
    const plain = figureHtml(fig);
    assert.ok(!plain.includes("<img"));
    const id = figureIdOf(plain)!;
    assert.match(id, /^nn-fig-\d+-[0-9a-f]+$/);
    const withImage = figureHtml(fig, { id, image: "data:image/png;base64,AAAA" });
    assert.equal(figureIdOf(withImage), id);
    assert.match(withImage, /<img class="nn-figure-static" alt="A line" [^>]*src="data:image\/png;base64,AAAA">/);
    // The image is removed just before plotly draws, never when plotly.js fails to load.
    assert.match(withImage, /still\.remove\(\);\s*window\.Plotly\.newPlot/);
  });
});

describe("addStaticImages", () => {
  it("puts a PNG of the figure's size into its HTML, the same bytes on every run", { timeout: 120_000 }, async () => {
    const html = figureHtml(fig);
    const a = notebookWith(html), b = notebookWith(html);
    assert.equal(await addStaticImages([a], ["a"]), 1);
    await addStaticImages([b], ["b"]);
    const src = htmlOf(a).match(/src="(data:image\/png;base64,[^"]+)"/)![1];
    assert.deepEqual(pngSize(src), { width: 760, height: 380 });
    assert.ok(src.length > 5000, "a drawn figure, not an empty canvas");
    assert.equal(htmlOf(a), htmlOf(b), "two browser runs, identical output");
    assert.equal(figureIdOf(htmlOf(a)), figureIdOf(html));
  });

  it("names the notebook and cell when plotly cannot draw a figure", { timeout: 120_000 }, async () => {
    const bad = notebookWith(figureHtml(fig));
    (bad.cells[0] as { outputs: { data: Record<string, unknown> }[] }).outputs[0].data[PLOTLY_MIME] = { ...fig, layout: { ...fig.layout, height: -5 } };
    await assert.rejects(addStaticImages([bad], ["99-bad.ipynb"]), /99-bad\.ipynb, cell 1: plotly\.js could not draw/);
  });
});
