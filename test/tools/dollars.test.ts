// Dollar signs render as dollar signs in Jupyter and on the site: lesson markdown writes them as
// <span>&#36;</span> (never \$ outside a formula, which Jupyter's math finder pairs into italic
// math), and tables printed by showTable do the same. The browser test (jupyter-view) checks the
// rendered notebook; this one checks the sources and the site's renderer, fast.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DOLLAR, tableMarkdown, tablePlain } from "../../src/markdown-table";
import { readNotebook, text } from "../../tools/lib/notebook";
import { lessonFiles } from "../../tools/lib/paths";
import { markdownToHtml } from "../../tools/site/render";

/** Markdown with its formulas ($...$, $$...$$, as the site cuts them out) and code spans removed. */
function prose(md: string): string {
  return md
    .replace(/```[\s\S]*?```/g, "")
    .replace(/`[^`\n]*`/g, "")
    .replace(/\\\$/g, "\u0001")
    .replace(/\$\$[\s\S]+?\$\$/g, "")
    .replace(/\$(?:[^$\n]|\n(?![ \t]*\n))+?\$/g, "");
}

const visible = (html: string) => html.replace(/<[^>]+>/g, "");

describe("dollar signs in lesson markdown", () => {
  it("are written <span>&#36;</span> outside formulas in every lesson", () => {
    const offenders: string[] = [];
    for (const f of lessonFiles()) {
      for (const c of readNotebook(f).cells) {
        if (c.cell_type !== "markdown") continue;
        const p = prose(text(c.source));
        const at = p.indexOf("\u0001");
        if (at >= 0) offenders.push(`${f.split("/").pop()}, cell ${c.id}: …${p.slice(Math.max(0, at - 30), at + 20).replace(/\u0001/g, "\\$")}…`);
      }
    }
    assert.deepEqual(offenders, [], `write a dollar sign as ${DOLLAR} (docs/lesson-authoring.md, "Dollar signs")`);
  });

  it("render as dollar signs on the site, beside real math", () => {
    const html = markdownToHtml(`each ${DOLLAR}10,000 of income adds $w$ times ${DOLLAR}100,000`);
    assert.match(visible(html), /each \$10,000 of income adds .*times \$100,000/);
    assert.equal((html.match(/class="katex"/g) ?? []).length, 1, "only $w$ is math");
  });

  it("the prose check finds an escaped dollar and ignores one inside a formula", () => {
    assert.match(prose("costs \\$5 and $x$"), /\u0001/);
    assert.doesNotMatch(prose("$$\\text{RMSE} = \\$63{,}129$$ and `\\$`"), /\u0001/);
  });
});

describe("tables printed by showTable", () => {
  const headers = ["model", "error"];
  const rows = [["line", "$84,506"], ["net", "\\$59,000 to $60,000"], ["a | b", "3.5"]];
  it("write every dollar as a dollar sign and escape the cell separator", () => {
    const md = tableMarkdown(headers, rows);
    assert.equal(md.split("\n")[3], `| net | ${DOLLAR}59,000 to ${DOLLAR}60,000 |`);
    assert.match(md, /\| a \\\| b \| 3\.5 \|/);
    const html = markdownToHtml(md);
    assert.match(visible(html), /\$59,000 to \$60,000/);
    assert.ok(!html.includes("katex"), "no math in the table");
  });
  it("have an aligned plain-text form with plain dollars", () => {
    assert.equal(tablePlain(["n", "name"], [["1", "one"], ["10", "ten"]]), " n  name\n--  ----\n 1  one\n10  ten");
    assert.match(tablePlain(headers, rows), /^net    \$59,000 to \$60,000$/m);
  });
  it("refuse a row whose length differs from the header's", () => {
    assert.throws(() => tableMarkdown(["a", "b"], [["1"]]), /row 1 has 1 cells, the header has 2/);
  });
});
