// The live lesson pages' type check, in Chromium from file://: the checker (assets/live/typecheck.js)
// never loads with the page nor with Run all, only on the first Edit; an edited cell's type errors show
// under it (pre.type-errors, "line N: message", at the cell's own lines) as tslab would find them, in
// the scope of the cells above it and with src/'s types; a cell with type errors does not run.
// Lesson 02, built from its notebook (the type check reads no outputs, so no kernel runs here).
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "../../tools/lib/browser";
import { readNotebook, text } from "../../tools/lib/notebook";
import { lessonFiles } from "../../tools/lib/paths";
import { buildSite } from "../../tools/site/build";

const LESSON = lessonFiles().find((f) => path.basename(f).startsWith("02-"))!;
const PAGE = `${path.basename(LESSON, ".ipynb")}.html`;
/** The first check parses TypeScript's lib files and src/ in the worker: seconds on a loaded machine. */
const CHECK_TIMEOUT = 120_000;
const NOT_NUMBER = "Type 'string' is not assignable to type 'number'.";

const cell = (id: string) => `#cell-${id}`;

async function edit(tab: Page, id: string, code: string): Promise<void> {
  if (!(await tab.$(`${cell(id)} textarea.code-edit`))) await tab.click(`${cell(id)} button[data-action="edit"]`);
  await tab.fill(`${cell(id)} textarea.code-edit`, code);
}

/** Waits for the check of the cell's latest text to be shown; returns its pre.type-errors text ("" when clean) and the ms waited. */
async function checked(tab: Page, id: string): Promise<{ errors: string; ms: number }> {
  const t0 = Date.now();
  await tab.waitForFunction((sel) => ["clean", "errors"].includes((document.querySelector(sel) as HTMLElement | null)?.dataset.types ?? ""), cell(id), { timeout: CHECK_TIMEOUT, polling: 20 });
  const ms = Date.now() - t0;
  return { errors: await tab.$eval(cell(id), (el) => el.querySelector(".type-errors")?.textContent ?? ""), ms };
}

describe("live lesson pages: an edited cell's type errors (TypeScript in a worker, loaded on the first Edit)", () => {
  let tmp = "";
  let browser: Browser;
  // The teacher page whose checker the second test loads: the next two use it warm (a cold check,
  // TypeScript's lib files and src/ parsed in the worker, costs seconds of CPU each time).
  let teacher: Page | null = null;
  const url = (edition: string) => pathToFileURL(path.join(tmp, edition, PAGE)).href;

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nn-live-types-"));
    const lessons = [{ source: LESSON, notebook: readNotebook(LESSON) }];
    buildSite(lessons, path.join(tmp, "teacher"), "teacher");
    buildSite(lessons, path.join(tmp, "student"), "student");
    browser = await launchChromium();
  }, { timeout: 10 * 60 * 1000 });
  after(async () => {
    await teacher?.close();
    await browser?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("loading a page and Run all load no checker", { timeout: 5 * 60 * 1000 }, async () => {
    const tab = await browser.newPage();
    const requested: string[] = [];
    tab.on("request", (r) => requested.push(r.url()));
    try {
      await tab.goto(url("teacher"), { waitUntil: "load" });
      await tab.click('button[data-action="run-all"]');
      await tab.waitForFunction(() => ["done", "error"].includes(document.documentElement.dataset.run ?? ""), null, { timeout: 4 * 60 * 1000 });
      assert.equal(await tab.evaluate(() => document.documentElement.dataset.run), "done");
      assert.ok(requested.some((u) => u.endsWith("/assets/live/worker.js")), `the page's requests are seen (the runtime's): ${requested.join(" ")}`);
      assert.deepEqual(requested.filter((u) => u.includes("typecheck")), []);
      assert.equal(await tab.evaluate(() => "NN_LIVE_TYPECHECK" in window || document.querySelector('script[src*="typecheck"]') !== null), false);
    } finally {
      await tab.close();
    }
  });

  it("a type error shows under the cell at the cell's line, in TypeScript's words; Run does not run the cell; fixed, it goes", { timeout: 5 * 60 * 1000 }, async () => {
    const tab = teacher = await browser.newPage();
    await tab.goto(url("teacher"));
    await edit(tab, "dot", `const bad: number = "a";`);
    const cold = await checked(tab, "dot");
    assert.equal(cold.errors, `line 1: ${NOT_NUMBER}`);
    assert.equal(await tab.evaluate(() => document.querySelectorAll('script[src$="assets/live/typecheck.js"]').length), 1, "loaded by the Edit");
    await edit(tab, "dot", `console.log("ran");\n\nconst bad: number = "a";`);
    const warm = await checked(tab, "dot");
    assert.equal(warm.errors, `line 3: ${NOT_NUMBER}`);
    console.log(`# first edit → type errors shown: ${cold.ms} ms (cold: loads typecheck.js, parses the lib files and src/); a second edit: ${warm.ms} ms (both include the 400 ms debounce after the last keystroke)`);

    await tab.click(`${cell("dot")} button[data-action="run"]`);
    await tab.waitForFunction(() => /^(Ran|Stopped)/.test(document.querySelector(".live-status")?.textContent ?? ""), null, { timeout: CHECK_TIMEOUT });
    const out = await tab.$eval(`${cell("dot")} .cell-output`, (el) => el.textContent ?? "");
    assert.match(out, /^TypeScript: not run: tslab does not run a cell with type errors\nline 3: Type 'string' is not assignable to type 'number'\.\n\s+at cell \d+, line 3$/);
    assert.doesNotMatch(out, /ran/);

    // Fixed (back to the lesson's own cell, which the next tests' cells use), the errors go.
    await edit(tab, "dot", text(readNotebook(LESSON).cells.find((c) => c.id === "dot")!.source));
    assert.equal((await checked(tab, "dot")).errors, "");
    assert.equal(await tab.$(`${cell("dot")} .type-errors`), null);
  });

  it("the cells above are in scope (their names, their imports) and an import from ./src/matrix checks: clean", { timeout: 5 * 60 * 1000 }, async () => {
    const tab = teacher!;
    // wCol: cell "dot"; X and m: cell "standardise"; Matrix: the imports cell.
    await edit(tab, "all", `import { matmul, transpose } from "./src/matrix";\nconst Z2: Matrix = matmul(transpose(wCol), X);\nconsole.log(Z2.cols === m);`);
    assert.equal((await checked(tab, "all")).errors, "");
    assert.equal(await tab.$(`${cell("all")} .type-errors`), null);
    await edit(tab, "all", `console.log(notDeclaredAnywhere);`);
    assert.equal((await checked(tab, "all")).errors, "line 1: Cannot find name 'notDeclaredAnywhere'.");
  });

  it("src/'s types are seen: a wrong argument to matmul is reported", { timeout: 5 * 60 * 1000 }, async () => {
    const tab = teacher!;
    await edit(tab, "all", `// a column times a number?\nconst Z = matmul(wCol, 3);`);
    assert.match((await checked(tab, "all")).errors, /^line 2: Argument of type 'number' is not assignable to parameter of type 'Matrix'\./);
  });

  it("student edition: an exercise stub edited with a type error is reported at its line", { timeout: 5 * 60 * 1000 }, async () => {
    const tab = await browser.newPage();
    try {
      await tab.goto(url("student"));
      const stub = await tab.$eval(`${cell("ex-dot")} pre.code`, (el) => (el.textContent ?? "").replace(/\n$/, ""));
      const lines = stub.split("\n");
      const todo = lines.findIndex((l) => /throw new Error\("TODO/.test(l));
      assert.ok(todo > 0, stub);
      lines[todo] = `  return w.length === x.length ? "same length" : 0;`;
      await edit(tab, "ex-dot", lines.join("\n"));
      assert.equal((await checked(tab, "ex-dot")).errors, `line ${todo + 1}: ${NOT_NUMBER}`);
    } finally {
      await tab.close();
    }
  });

  it("Run while the checker is still loading runs the cell, and says it was not type-checked", { timeout: 5 * 60 * 1000 }, async () => {
    const tab = await browser.newPage();
    try {
      await tab.goto(url("teacher"));
      await edit(tab, "imports", `${text(readNotebook(LESSON).cells.find((c) => c.id === "imports")!.source)}\nconsole.log("ran unchecked");`);
      await tab.click(`${cell("imports")} button[data-action="run"]`); // at once: the first check takes seconds
      await tab.waitForFunction(() => /^(Ran|Stopped)/.test(document.querySelector(".live-status")?.textContent ?? ""), null, { timeout: CHECK_TIMEOUT });
      const out = await tab.$eval(`${cell("imports")} .cell-output`, (el) => el.textContent ?? "");
      assert.match(out, /The type check is still loading: this run was not type-checked\./);
      assert.match(out, /ran unchecked/);
    } finally {
      await tab.close();
    }
  });
});
