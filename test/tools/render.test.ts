// The site's markdown renderer: math is typeset at build time, dollars in prose stay dollars, and a
// formula KaTeX cannot typeset fails the build instead of shipping red text.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { lessonInfo, markdownToHtml } from "../../tools/site/render";
import type { Notebook } from "../../tools/lib/notebook";

describe("markdownToHtml", () => {
  it("points links at the site's pages: lessons, notes items, and the built site's playground", () => {
    const html = markdownToHtml("[a](03-layer-matrix-form.ipynb#shapes) [b](index.ipynb#note-3) [c](../build/site/playground/index.html#data=moons&lr=0.5)");
    assert.match(html, /href="03-layer-matrix-form\.html#shapes"/);
    assert.match(html, /href="notes\.html#note-3"/);
    assert.match(html, /href="playground\/index\.html#data=moons&amp;lr=0\.5"/);
  });
  it("typesets inline and display math, and leaves underscores inside formulas alone", () => {
    const html = markdownToHtml("Let $w_{ij}$ be a weight:\n\n$$Z = W_1 X + b_1$$");
    assert.equal((html.match(/class="katex"/g) ?? []).length, 2);
    assert.ok(!html.includes("<em>"), "no emphasis from the underscores");
  });
  it("keeps an escaped dollar as a dollar in prose and inside a formula", () => {
    const html = markdownToHtml("It costs \\$500,001 and $$\\text{RMSE} = \\$63{,}129$$");
    assert.match(html, /costs \$500,001/);
    assert.equal((html.match(/class="katex-display"/g) ?? []).length, 1);
    assert.ok(!html.includes("katex-error"));
  });
  it("lets inline math wrap onto the next line but not across a blank line", () => {
    assert.match(markdownToHtml("a $x +\ny$ b"), /class="katex"/);
    assert.throws(() => markdownToHtml("a $x\n\ny$"), /unbalanced \$/);
  });
  it("fails on a formula KaTeX cannot parse", () => {
    assert.throws(() => markdownToHtml("$\\frac{1}{$"), /KaTeX|parse/i);
  });
});

describe("lessonInfo", () => {
  const nb = (md: string): Notebook => ({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [{ cell_type: "markdown", id: "t", metadata: {}, source: md }] });
  it("takes the title without its number and the first 'able to' item as the goal, even when it wraps", () => {
    const info = lessonInfo(nb("# 07 · ReLU\n\nIntro.\n\n**By the end you will be able to**\n\n- define ReLU and\n  its derivative;\n- plot it."), "07", "07-relu.html");
    assert.equal(info.title, "ReLU");
    assert.equal(info.goal, "Define ReLU and its derivative.");
  });
  it("falls back to the first sentence after the title", () => {
    assert.equal(lessonInfo(nb("# 01 · Prices\n\nWe predict prices. Then more."), "01", "x").goal, "We predict prices.");
  });
});
