// Every lesson, executed headless with the tslab kernel, is a test: no error output in any cell, so
// every ✓ assertion cell passed. Also: committed notebooks carry no outputs, and each lesson has the
// parts every lesson promises (a goal, figures with titles and axis labels, a summary, exercises).
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { before, describe, it } from "node:test";
import { dirtyCells, isCode, PLOTLY_MIME, readNotebook, text } from "../tools/lib/notebook";
import { lessonFiles } from "../tools/lib/paths";
import { formatFailure, type RunResult } from "../tools/lib/run-notebook";
import { launchChromium } from "../tools/lib/browser";
import { builtSite } from "./site/built";
import { serveStatic } from "../tools/site/serve";
import { lessonRuns } from "../tools/notes/executed";
import { drawAllFigures } from "../tools/site/pages";

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

let results: RunResult[] = [];
before(async () => {
  // Executed once per test run for every reader (the site and prose tests too), under one lock; a copy
  // in build/executed/ that is current (same cells, nothing it depends on changed) is not run again.
  results = await lessonRuns(files, { log: (l) => console.log(`# ${l}`) });
}, { timeout: 30 * 60 * 1000 });

describe("lessons executed headless", () => {
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

describe("the site built from the executed lessons, in Chromium", () => {
  let site = "";
  let infos: { file: string }[] = [];
  before(async () => {
    assert.ok(results.every((r) => r.executed && r.failures.length === 0), "lessons failed; see above");
    ({ dir: site, infos } = await builtSite("student"));
  });
  it("index.html lists every lesson and every link on every page resolves to a file", () => {
    const index = fs.readFileSync(path.join(site, "index.html"), "utf8");
    for (const l of infos) assert.ok(index.includes(`href="${l.file}"`), l.file);
    for (const page of ["index.html", ...infos.map((l) => l.file)]) {
      const html = fs.readFileSync(path.join(site, page), "utf8");
      for (const m of html.matchAll(/(?:href|src)="([^"#:]+)(?:#[^"]*)?"/g)) {
        assert.ok(fs.existsSync(path.join(site, m[1])), `${page} links to missing ${m[1]}`);
      }
      assert.ok(!/\$\$/.test(html.replace(/<script[\s\S]*?<\/script>/g, "")), `${page} has untypeset $$ math`);
    }
  });
  it("works from a static HTTP server too: a lesson page draws its figures with no failed request", async () => {
    const server = await serveStatic(site);
    const browser = await launchChromium();
    try {
      const tab = await browser.newPage();
      const problems: string[] = [];
      tab.on("requestfailed", (r) => problems.push(`failed request: ${r.url()}`));
      tab.on("response", (r) => { if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`); });
      tab.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
      await tab.goto(`${server.url}${infos[0].file}`, { waitUntil: "load", timeout: 120000 });
      assert.equal(await drawAllFigures(tab), results[0].figures);
      assert.equal(await tab.locator(".js-plotly-plot .main-svg").count() > 0, true);
      assert.deepEqual(problems, []);
    } finally {
      await browser.close();
      await server.close();
    }
  });
});
