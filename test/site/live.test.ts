// The live lesson pages give the build's numbers: in Chromium, each lesson page's Run all (through the
// testing hook of issue 15: button[data-action="run-all"], html[data-run] = running → done | error)
// must leave in every cell's .cell-output the text the tslab build put there: every ✓ line, table,
// formula and figure, numbers within REL_TOL (./live-compare.ts says where and why they may differ).
// Teacher edition (solutions in place, so every cell runs) from file:// for every lesson and over the
// static server for one; the student edition: Run all stops at the first exercise's TODO, and an
// exercise solved in the page gives the ✓ lines the solution gave in Jupyter. And the comparison can
// fail: a site whose bundled Math.exp is 1e-6 off must not pass.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "../../tools/lib/browser";
import { courseNotebook, isCode, text, writeNotebook, type Cell } from "../../tools/lib/notebook";
import { ROOT } from "../../tools/lib/paths";
import { runNotebook } from "../../tools/lib/run-notebook";
import { findRegions, replaceRegions } from "../../tools/grade/exercises";
import { builtSite } from "./built";
import { serveStatic } from "../../tools/site/serve";
import { executedLessons, type Lesson } from "./executed";
import { cellTexts, differencesIn, emptyTally, firstDifference, type Tally } from "./live-compare";

/** Lesson 10 trains for ~20 s in the page on this machine; a loaded one may take several times that. */
const RUN_TIMEOUT = 5 * 60 * 1000;

interface RunResult { run: string; ms: number; before: Record<string, string>; after: Record<string, string>; errors: string[] }

/** Opens `url`, reads the build's outputs, clicks Run all, waits for the end, reads the live outputs. */
async function runAll(browser: Browser, url: string): Promise<RunResult> {
  const tab = await browser.newPage();
  const errors: string[] = [];
  tab.on("pageerror", (e) => errors.push(e.message));
  try {
    await tab.goto(url, { waitUntil: "load" });
    const before = await cellTexts(tab);
    await tab.click('button[data-action="run-all"]');
    await tab.waitForFunction(() => ["done", "error"].includes(document.documentElement.dataset.run ?? ""), null, { timeout: RUN_TIMEOUT, polling: 200 });
    const run = await tab.evaluate(() => document.documentElement.dataset.run ?? "");
    const ms = Number(await tab.evaluate(() => document.documentElement.dataset.runMs ?? "NaN"));
    errors.push(...await liveErrors(tab));
    return { run, ms, before, after: await cellTexts(tab), errors };
  } finally {
    await tab.close();
  }
}

const LIBM_SAMPLES = 2000;
const LIBM = `(() => { const out = {}; for (const f of ["exp", "log", "pow", "tanh", "sin", "cos", "atan"]) { out[f] = Array.from({ length: ${LIBM_SAMPLES} }, (_, i) => { const x = -20 + i * 0.0173; return f === "pow" ? Math.pow(Math.abs(x) + 0.1, 1.7) : f === "log" ? Math.log(Math.abs(x) + 0.01) : Math[f](x); }); } return out; })()`;

/** For each Math function, on how many of LIBM_SAMPLES arguments Node and the page disagree. */
async function libmDifferences(tab: Page): Promise<Record<string, number>> {
  const here = (0, eval)(LIBM) as Record<string, number[]>;
  const there = await tab.evaluate(LIBM) as Record<string, number[]>;
  return Object.fromEntries(Object.keys(here).map((f) => [f, here[f].filter((v, i) => v !== there[f][i]).length]));
}

const liveErrors = (tab: Page) => tab.$$eval(".live-error", (els) => els.map((e) => e.textContent ?? ""));

/** Each cell whose live output differs from the build's, with where. */
function differences(r: RunResult, tally: Tally = emptyTally()): string[] {
  return Object.keys(r.before).flatMap((k) => differencesIn(r.before[k], r.after[k] ?? "", 3, tally).map((d) => `cell ${Number(k) + 1}: ${d}`));
}

describe("live lesson pages: Run all in Chromium gives the build's numbers", () => {
  let lessons: Lesson[] = [];
  let tmp = "";
  let teacher = "";
  let student = "";
  let browser: Browser;
  const page = (site: string, l: Lesson) => path.join(site, `${path.basename(l.source, ".ipynb")}.html`);

  before(async () => {
    lessons = await executedLessons();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nn-live-"));
    teacher = (await builtSite("teacher")).dir;
    student = (await builtSite("student")).dir;
    browser = await launchChromium();
  }, { timeout: 40 * 60 * 1000 });
  after(async () => {
    await browser?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("every lesson, from file://: Run all ends done, every cell's output as the build's", { timeout: 30 * 60 * 1000 }, async () => {
    // Why numbers may differ at all (./live-compare.ts): the two V8s' Math functions, measured here.
    const tab = await browser.newPage();
    const lastBits = await libmDifferences(tab);
    await tab.close();
    console.log(`# Math functions that differ in the last bit between Node ${process.versions.node} and this Chromium, over ${LIBM_SAMPLES} arguments: ${Object.entries(lastBits).map(([f, n]) => `${f} ${n}`).join(", ")}`);
    const problems: string[] = [];
    for (const l of lessons) {
      const r = await runAll(browser, pathToFileURL(page(teacher, l)).href);
      const cells = Object.values(r.before).filter((t) => t.trim()).length;
      const t = emptyTally();
      const found = differences(r, t);
      console.log(`# ${path.basename(l.source)}: Run all ${r.run} in ${(r.ms / 1000).toFixed(1)} s; ${cells} cells with output; numbers equal ${t.exact}, within 1e-12 ${t.relTol}, round-off ${t.roundoff}, figure 1e-6 ${t.figureTol}, timings ${t.timing}`);
      if (r.run !== "done") problems.push(`${path.basename(l.source)}: Run all ended "${r.run}": ${r.errors.join(" | ")}`);
      for (const d of found) problems.push(`${path.basename(l.source)} ${d}`);
    }
    assert.deepEqual(problems, []);
  });

  it("a lesson over the static server (gzip, http://) runs the same", { timeout: 10 * 60 * 1000 }, async () => {
    const served = await serveStatic(teacher);
    try {
      const l = lessons.find((x) => path.basename(x.source).startsWith("01-"))!;
      const r = await runAll(browser, `${served.url}${path.basename(page(teacher, l))}`);
      assert.equal(r.run, "done", r.errors.join("\n"));
      assert.deepEqual(differences(r), []);
    } finally {
      await served.close();
    }
  });

  it("student edition: Run all stops at the first exercise's TODO; a solution typed in gives Jupyter's ✓ lines", { timeout: 10 * 60 * 1000 }, async () => {
    const l = lessons.find((x) => path.basename(x.source).startsWith("02-"))!;
    const r = await runAll(browser, pathToFileURL(page(student, l)).href);
    assert.equal(r.run, "error");
    assert.match(r.errors.join("\n"), /^Error: TODO: .*\n\s+at cell \d+, line \d+$/m);
    // Every cell before the failing one gives the build's output (the exercise cells have none to compare).
    const ran = Object.keys(r.before).filter((k) => r.after[k] !== undefined && !/TODO/.test(r.after[k]));
    assert.ok(ran.length > 5);
    for (const k of ran) assert.equal(firstDifference(r.before[k], r.after[k]), null, `cell ${Number(k) + 1}`);

    // Solve the first exercise in the page with the lesson's own solution, then run its visible tests.
    const cells = l.notebook.cells;
    const ex = cells.findIndex((c) => isCode(c) && text(c.source).startsWith("// EXERCISE"));
    const tests = cells.findIndex((c, i) => i > ex && isCode(c) && text(c.source).startsWith("// TESTS"));
    const tab = await browser.newPage();
    try {
      await tab.goto(pathToFileURL(page(student, l)).href);
      await tab.click(`div.cell[data-cell="${ex}"] button[data-action="edit"]`);
      await tab.fill(`div.cell[data-cell="${ex}"] textarea.code-edit`, text(cells[ex].source));
      await tab.click(`div.cell[data-cell="${tests}"] button[data-action="run"]`);
      await tab.waitForFunction((k) => !document.querySelector(`div.cell[data-cell="${k}"]`)?.classList.contains("running") && document.querySelector(".live-status")?.textContent?.startsWith("Ran"), tests, { timeout: RUN_TIMEOUT });
      assert.deepEqual(await liveErrors(tab), []);
      const got = (await cellTexts(tab))[String(tests)];
      const expected = (cells[tests] as { outputs: { text?: string | string[] }[] }).outputs.map((o) => text(o.text)).join("");
      assert.match(expected, /✓/);
      assert.equal(firstDifference(expected, got), null);
    } finally {
      await tab.close();
    }
  });

  it("student edition: a wrong solution typed in fails its visible tests with Jupyter's message", { timeout: 10 * 60 * 1000 }, async () => {
    // The same three cells (imports, the exercise with a known-wrong body from the grading bank, its
    // visible tests) in a tslab kernel and in the page.
    const l = lessons.find((x) => path.basename(x.source).startsWith("02-"))!;
    const cells = l.notebook.cells;
    const ex = cells.findIndex((c) => isCode(c) && text(c.source).startsWith("// EXERCISE 02-dot-product"));
    const tests = cells.findIndex((c, i) => i > ex && isCode(c) && text(c.source).startsWith("// TESTS"));
    const imports = cells.findIndex((c) => isCode(c) && /^import /m.test(text(c.source)));
    const source = text(cells[ex].source);
    const wrong = fs.readFileSync(path.join(ROOT, "test/fixtures/grading/bank/02-dot-product/wrong-off-by-one.txt"), "utf8").replace(/\n$/, "").split("\n");
    const wrongSource = replaceRegions(source, findRegions(source), [wrong]);
    const code = (src: string): Cell => ({ cell_type: "code", source: src, metadata: {}, outputs: [], execution_count: null });
    const nbFile = path.join(tmp, "wrong.ipynb");
    writeNotebook(nbFile, courseNotebook([code(text(cells[imports].source)), code(wrongSource), code(text(cells[tests].source))]));
    const jupyter = await runNotebook(nbFile, { cwd: path.join(ROOT, "notebooks") });
    const failure = jupyter.failures.find((f) => f.codeCell !== null);
    assert.ok(failure, "the wrong solution fails in Jupyter");
    const jupyterOut = ((jupyter.executed!.cells[2] as { outputs: { output_type: string; text?: string | string[]; evalue?: string }[] }).outputs);
    const jupyterText = jupyterOut.map((o) => o.output_type === "stream" ? text(o.text) : o.evalue ?? "").join("\n");

    const tab = await browser.newPage();
    try {
      await tab.goto(pathToFileURL(page(student, l)).href);
      await tab.click(`div.cell[data-cell="${ex}"] button[data-action="edit"]`);
      await tab.fill(`div.cell[data-cell="${ex}"] textarea.code-edit`, wrongSource);
      await tab.click(`div.cell[data-cell="${tests}"] button[data-action="run"]`);
      await tab.waitForFunction(() => /^(Ran|Stopped)/.test(document.querySelector(".live-status")?.textContent ?? ""), null, { timeout: RUN_TIMEOUT });
      const pageErr = (await liveErrors(tab)).join("\n");
      const message = pageErr.replace(/^\w+: /, "").replace(/\n\s+at cell \d+(, line \d+)?$/, "");
      console.log(`# a wrong 02-dot-product: Jupyter says ${JSON.stringify(jupyterText.slice(0, 160))}; the page ${JSON.stringify(pageErr.slice(0, 200))}`);
      assert.ok(message.length > 10 && jupyterText.includes(message), `the page's message\n  ${message}\nis not Jupyter's\n  ${jupyterText}`);
      // The page as the learner now has it (an editor, live outputs, an error): still accessible.
      await tab.addScriptTag({ path: require.resolve("axe-core/axe.min.js") });
      const axe = (await tab.evaluate("axe.run(document, { resultTypes: ['violations'] })")) as { violations: { id: string; impact: string; nodes: { target: string[] }[] }[] };
      assert.deepEqual(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.impact} ${v.id} at ${v.nodes[0].target.join(" ")}`), []);
    } finally {
      await tab.close();
    }
  });

  it("while lesson 10 trains, the page answers at once and shows progress; Stop ends the run", { timeout: 10 * 60 * 1000 }, async () => {
    const l = lessons.find((x) => path.basename(x.source).startsWith("10-"))!;
    const tab = await browser.newPage();
    try {
      await tab.goto(pathToFileURL(page(teacher, l)).href);
      await tab.click('button[data-action="run-all"]');
      await tab.waitForFunction(() => /^Running cell \d+ of \d+ .* · \d+\.\d s$/.test(document.querySelector(".live-status")?.textContent ?? ""), null, { timeout: RUN_TIMEOUT });
      await tab.waitForTimeout(3000); // well into the training cells
      let slowest = 0;
      for (let i = 0; i < 10; i++) {
        const t0 = Date.now();
        await tab.evaluate(() => new Promise((r) => requestAnimationFrame(r))); // a frame drawn: the main thread is free
        slowest = Math.max(slowest, Date.now() - t0);
        await tab.waitForTimeout(100);
      }
      const status = await tab.$eval(".live-status", (e) => e.textContent ?? "");
      console.log(`# lesson 10 running: slowest frame ${slowest} ms; status "${status}"`);
      assert.equal(await tab.evaluate(() => document.documentElement.dataset.run), "running");
      assert.ok(slowest < 1000, `a frame took ${slowest} ms while the lesson ran`);
      await tab.click('button[data-action="stop"]');
      await tab.waitForFunction(() => document.documentElement.dataset.run === "error", null, { timeout: 10000 });
      assert.match((await liveErrors(tab)).join("\n"), /stopped/);
    } finally {
      await tab.close();
    }
  });

  it("can fail: a bundled Math.exp 1e-6 off changes the numbers, and the comparison says where", { timeout: 10 * 60 * 1000 }, async () => {
    const broken = path.join(tmp, "broken");
    fs.cpSync(teacher, broken, { recursive: true });
    const worker = path.join(broken, "assets/live/worker.js");
    const src = fs.readFileSync(worker, "utf8");
    assert.ok(src.includes("Math.exp("));
    fs.writeFileSync(worker, src.replaceAll("Math.exp(", "(1+1e-6)*Math.exp("));
    const l = lessons.find((x) => path.basename(x.source).startsWith("02-"))!;
    const r = await runAll(browser, pathToFileURL(page(broken, l)).href);
    const d = differences(r);
    console.log(`# with exp 1e-6 off: ${d.length} cells differ, e.g. ${d[0]?.split("\n")[0]}`);
    assert.ok(d.length > 0);
  });
});
