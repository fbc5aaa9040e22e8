// Every lesson, executed headless with the tslab kernel, is a test: no error output in any cell, so
// every ✓ assertion cell passed. Also: committed notebooks carry no outputs, and each lesson has the
// parts every lesson promises (a goal, figures with titles and axis labels, a summary, exercises).
import assert from "node:assert/strict";
import * as path from "node:path";
import { before, describe, it } from "node:test";
import { runNotebooks } from "../tools/lib/execute-all";
import { dirtyCells, isCode, PLOTLY_MIME, readNotebook, text } from "../tools/lib/notebook";
import { lessonFiles } from "../tools/lib/paths";
import { formatFailure, type RunResult } from "../tools/lib/run-notebook";

const files = lessonFiles();

describe("committed notebooks", () => {
  it("there are lessons, numbered NN-title.ipynb", () => assert.ok(files.length >= 1));
  for (const f of files) {
    it(`${path.basename(f)} carries no outputs or execution counts`, () => {
      assert.deepEqual(dirtyCells(readNotebook(f)), [], "strip them: the executed copy is a build product");
    });
    it(`${path.basename(f)} has a title, a summary and exercises`, () => {
      const md = readNotebook(f).cells.filter((c) => c.cell_type === "markdown").map((c) => text(c.source)).join("\n");
      assert.match(md, /^# \d\d · .+/m, "a first-level title '# NN · Title'");
      assert.match(md, /^## Summary/m);
      assert.match(md, /^## Exercises/m);
    });
  }
});

describe("lessons executed headless", () => {
  let results: RunResult[] = [];
  before(async () => {
    results = await runNotebooks(files);
  }, { timeout: 30 * 60 * 1000 });
  files.forEach((f, i) => {
    it(`${path.basename(f)} runs with no error in any cell`, () => {
      const r = results[i];
      assert.deepEqual(r.failures.map((x) => formatFailure(f, x)), []);
      const executedCode = r.executed!.cells.filter(isCode);
      assert.ok(executedCode.every((c) => c.outputs !== undefined));
    });
    it(`${path.basename(f)} draws at least one figure, each titled with labelled axes`, () => {
      const figs = results[i].executed!.cells.filter(isCode).flatMap((c) => c.outputs.map((o) => (o as { data?: Record<string, unknown> }).data?.[PLOTLY_MIME]).filter(Boolean)) as { layout: { title?: { text?: string }; xaxis?: { title?: { text?: string } }; yaxis?: { title?: { text?: string } } } }[];
      assert.ok(figs.length >= 1, "no plotly figure");
      for (const fig of figs) {
        assert.ok(fig.layout.title?.text, "a figure without a title");
        assert.ok(fig.layout.xaxis?.title?.text && fig.layout.yaxis?.title?.text, `figure "${fig.layout.title?.text}" has an unlabelled axis`);
      }
    });
  });
});
