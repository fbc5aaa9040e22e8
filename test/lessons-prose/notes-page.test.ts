// "The notes, checked", generated twice from the same trace: the site's notes page (from executed
// lessons, with each ✓ line's measured difference) and the index notebook's section (from the
// committed lessons, with check names). Made-up lessons here; the real ones are in the course build.
import assert from "node:assert/strict";
import type { ICellMetadata } from "@jupyterlab/nbformat";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import type { Cell, Notebook } from "../../tools/lib/notebook";
import { text } from "../../tools/lib/notebook";
import { NOTEBOOKS } from "../../tools/lib/paths";
import { jupyterHeadingHref, notesCells } from "../../tools/notes/index-section";
import { loadItems, type NoteItem } from "../../tools/notes/items";
import { notesPageBody } from "../../tools/site/notes";

const md = (id: string, source: string, metadata: Partial<ICellMetadata> = {}): Cell => ({ cell_type: "markdown", id, metadata, source });
const code = (id: string, source: string, stdout: string, metadata: Partial<ICellMetadata> = {}): Cell => ({
  cell_type: "code", id, metadata, source, execution_count: null, outputs: [{ output_type: "stream", name: "stdout", text: stdout }],
});
const nb = (cells: Cell[]): Notebook => ({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells });
const items: NoteItem[] = [
  { id: "neuron", part: "One neuron", transcribed: "$$z_1 = w_{11}x_1$$", reading: "$$z_1 = w_{11}x_1 + b$$", correction: null },
  { id: "sigmoid", part: "One neuron", transcribed: "Sigmoid", reading: "$\\sigma(z) = 1/(1+e^{-z})$", correction: "Say it once." },
];
const lesson = nb([
  md("title", "# 02 · One neuron"),
  md("neuron-md", "## The neuron: $z$ and $a$", { "nn-teaches": ["neuron"] }),
  code("dot", 'expectClose("w·x written out = Σ wᵢxᵢ", a, b, 0);\nexpectTrue(`shape (${r},1)`, ok);', "✓ w·x written out = Σ wᵢxᵢ: max |diff| = 1.50e-16 ≤ 1e-15\n✓ shape (1,1)\n", { "nn-checks": ["neuron"] }),
]);

describe("the notes page (site)", () => {
  const html = notesPageBody([{ source: "notebooks/02-one-neuron.ipynb", notebook: lesson, title: "One neuron", page: "02-one-neuron.html" }], items);
  it("has one anchored article per item, in the notes' order, with the transcription, reading and correction", () => {
    const ids = [...html.matchAll(/<article class="note" id="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(ids, ["note-neuron", "note-sigmoid"]);
    assert.match(html, /Say it once\./);
    assert.equal((html.match(/class="correction"/g) ?? []).length, 1);
  });
  it("links the teaching section and the checking cell, and shows each ✓ line's measured difference and tolerance", () => {
    assert.match(html, /href="02-one-neuron\.html#md-neuron-md">02 · One neuron › The neuron: /);
    assert.match(html, /✓ w·x written out = Σ wᵢxᵢ <span class="measured">max \|diff\| = 1\.50e-16 ≤ 1e-15<\/span>/);
    assert.match(html, /✓ shape \(1,1\)/);
    assert.match(html, /href="02-one-neuron\.html#cell-dot"/);
  });
  it("says so when an item is not taught or not checked", () => {
    const sigmoid = html.slice(html.indexOf('id="note-sigmoid"'));
    assert.match(sigmoid, /not yet taught in any lesson/);
    assert.match(sigmoid, /no check yet/);
  });
});

describe("the notes section of the index notebook", () => {
  const cells = notesCells(items, [{ number: "02", base: "02-one-neuron", title: "One neuron", notebook: lesson }]);
  const all = cells.map((c) => text(c.source)).join("\n");
  it("gives every item an anchor lessons can link to as index.ipynb#note-<id>", () => {
    for (const it of items) assert.ok(all.includes(`<a id="note-${it.id}"></a>`), it.id);
  });
  it("links the section that teaches an item with the id Jupyter gives its heading, and names the checks from the source", () => {
    assert.ok(all.includes(`(02-one-neuron.ipynb#${jupyterHeadingHref("The neuron: $z$ and $a$")})`));
    assert.match(all, /cell `dot`: ✓ w·x written out = Σ wᵢxᵢ; ✓ shape \(…,1\)/);
  });
  it("Jupyter's heading ids: the heading's text, spaces as dashes, math kept as TeX (percent-encoded in a link)", () => {
    assert.equal(jupyterHeadingHref("The derivation, line by line"), "The-derivation,-line-by-line");
    assert.equal(decodeURIComponent(jupyterHeadingHref("Stacking the neurons: the weight matrix $W$")), "Stacking-the-neurons:-the-weight-matrix-$W$");
    assert.equal(jupyterHeadingHref("A small network, by hand and by `forward`"), "A-small-network,-by-hand-and-by-forward");
  });
  it("the committed index notebook has an anchor for every item of docs/notes/items.json", () => {
    const index = fs.readFileSync(path.join(NOTEBOOKS, "index.ipynb"), "utf8");
    for (const it of loadItems()) assert.ok(index.includes(`<a id=\\"note-${it.id}\\"></a>`), it.id);
  });
});
