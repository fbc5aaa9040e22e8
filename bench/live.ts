// What running a lesson in the page costs, in Chromium over a local static server that gzips: per lesson
// page (student edition, as published; it stops at its first exercise's TODO, so the teacher edition
// is measured too, where every cell runs), the bytes Run all loads beyond the page itself (the live
// runtime, the lesson's compiled cells, the housing data or the mathjs part where used), the time from
// the click to the first live output, and Run all's total time. Also the runtime's files, raw and gzip,
// and the type check of an edited cell (student edition, lesson 02): the bytes the first Edit loads
// (assets/live/typecheck.js), the time from the first edit to its type errors shown (cold: the checker
// loads and parses the lib files and src/) and from a second edit (warm).
// Builds both editions from build/executed (run `npm run course` first) into a temporary folder.
//   npx tsx bench/live.ts
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { gzipSync } from "node:zlib";
import type { Browser } from "playwright-core";
import { launchChromium } from "../tools/lib/browser";
import { lessonFiles, ROOT } from "../tools/lib/paths";
import { keptExecuted } from "../tools/course";
import { buildSite } from "../tools/site/build";
import { serveStatic } from "../tools/site/serve";

const RESULTS = path.join(ROOT, "bench", "results");

interface Row { page: string; edition: string; bytes: number; requests: number; firstOutput: number; runAll: number; end: string }
interface TypesRow { page: string; bytes: number; checkerBytes: number; cold: number; warm: number }

/**
 * On a fresh page: an edit with a type error, then another; ms from each fill to its error shown under
 * the cell, and the bytes the Edit loaded (all of them, and typecheck.js's).
 */
async function typeCheckTimes(browser: Browser, url: string): Promise<TypesRow> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const tab = await context.newPage();
  await tab.goto(url, { waitUntil: "networkidle", timeout: 120000 });
  const sizes: Promise<[string, number]>[] = [];
  tab.on("requestfinished", (r) => sizes.push(r.sizes().then((s) => [r.url(), s.responseBodySize + s.responseHeadersSize])));
  const id = await tab.$$eval("div.cell.code[data-cell]", (els) => els[3].id); // below the imports and a few cells
  const shown = async (code: string, line: string) => {
    const t0 = Date.now();
    if (!(await tab.$(`#${id} textarea.code-edit`))) await tab.click(`#${id} button[data-action="edit"]`);
    await tab.fill(`#${id} textarea.code-edit`, code);
    await tab.waitForFunction(([sel, l]) => document.querySelector(sel)?.textContent?.startsWith(l) ?? false, [`#${id} .type-errors`, line], { timeout: 120000, polling: 10 });
    return Date.now() - t0;
  };
  const cold = await shown(`const bad: number = "a";`, "line 1:");
  const warm = await shown(`\nconst bad: number = "a";`, "line 2:");
  await tab.waitForLoadState("networkidle");
  const loaded = await Promise.all(sizes);
  await context.close();
  return {
    page: url.slice(url.lastIndexOf("/") + 1),
    bytes: loaded.reduce((a, [, n]) => a + n, 0),
    checkerBytes: loaded.filter(([u]) => u.endsWith("/typecheck.js")).reduce((a, [, n]) => a + n, 0),
    cold,
    warm,
  };
}

async function main(): Promise<void> {
  const load = os.loadavg()[0];
  const lessons = keptExecuted(lessonFiles());
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nn-bench-live-"));
  const rows: Row[] = [];
  let types: TypesRow | null = null;
  const browser = await launchChromium();
  let files: string[] = [];
  try {
    for (const edition of ["student", "teacher"] as const) {
      const site = path.join(tmp, edition);
      buildSite(lessons, site, edition);
      const liveDir = path.join(site, "assets/live");
      if (edition === "student") {
        files = fs.readdirSync(liveDir).filter((f) => !/^\d\d-/.test(f)).map((f) => {
          const b = fs.readFileSync(path.join(liveDir, f));
          return `| assets/live/${f} | ${(b.length / 1024).toFixed(0)} | ${(gzipSync(b).length / 1024).toFixed(0)} |`;
        });
      }
      const served = await serveStatic(site);
      try {
        for (const l of lessons) {
          const page = `${path.basename(l.source, ".ipynb")}.html`;
          const context = await browser.newContext({ viewport: { width: 1280, height: 900 } }); // a cold cache per page
          const tab = await context.newPage();
          await tab.goto(served.url + page, { waitUntil: "networkidle", timeout: 120000 });
          const sizes: Promise<number>[] = [];
          tab.on("requestfinished", (r) => sizes.push(r.sizes().then((s) => s.responseBodySize + s.responseHeadersSize)));
          const t0 = Number(await tab.evaluate("performance.now()"));
          await tab.click('button[data-action="run-all"]');
          await tab.waitForFunction("document.querySelector('.cell-output.live') !== null", undefined, { timeout: 120000 });
          const firstOutput = Number(await tab.evaluate("performance.now()")) - t0;
          await tab.waitForFunction("['done', 'error'].includes(document.documentElement.dataset.run)", undefined, { timeout: 600000, polling: 100 });
          const runAll = Number(await tab.evaluate("Number(document.documentElement.dataset.runMs)"));
          const end = String(await tab.evaluate("document.documentElement.dataset.run"));
          await tab.waitForLoadState("networkidle");
          const bytes = (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
          rows.push({ page, edition, bytes, requests: sizes.length, firstOutput, runAll, end });
          console.log(`${edition.padEnd(8)} ${page.padEnd(30)} ${(bytes / 1024).toFixed(0).padStart(5)} KB ${String(sizes.length).padStart(2)} requests  first output ${firstOutput.toFixed(0).padStart(5)} ms  Run all ${(runAll / 1000).toFixed(1).padStart(5)} s (${end})`);
          await context.close();
        }
        if (edition === "student") {
          const l = lessons.find((x) => path.basename(x.source).startsWith("02-"))!;
          types = await typeCheckTimes(browser, `${served.url}${path.basename(l.source, ".ipynb")}.html`);
          console.log(`type check on ${types.page}: the Edit loads ${(types.bytes / 1024).toFixed(0)} KB (typecheck.js ${(types.checkerBytes / 1024).toFixed(0)} KB); first edit → errors shown ${types.cold} ms, second edit ${types.warm} ms`);
        }
      } finally {
        await served.close();
      }
    }
  } finally {
    await browser.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const md = [
    "# Live lessons: what Run all costs",
    "",
    "| edition | page | KB loaded by Run all (gzip) | requests | click → first live output (ms) | Run all (s) | ended |",
    "|---|---|---:|---:|---:|---:|---|",
    ...rows.map((r) => `| ${r.edition} | ${r.page} | ${(r.bytes / 1024).toFixed(0)} | ${r.requests} | ${r.firstOutput.toFixed(0)} | ${(r.runAll / 1000).toFixed(1)} | ${r.end} |`),
    "",
    ...(types ? [
      `Type check of an edited cell (student edition, ${types.page}, a fresh cache): the first Edit loads ${(types.bytes / 1024).toFixed(0)} KB (gzip; typecheck.js ${(types.checkerBytes / 1024).toFixed(0)} KB of it, ` +
        `with live.js and compiler.js); from filling in a type error to its line under the cell: ${types.cold} ms the first time (the checker loads and parses its lib files and src/), ` +
        `${types.warm} ms for a second edit. Both include the page's 400 ms debounce after the last keystroke.`,
      "",
    ] : []),
    "The live runtime's files (loaded on the first Run; compiler.js and typecheck.js on the first Edit; housing-data.js and mathjs.js only for lessons that use them):",
    "",
    "| file | KB | KB gzip |",
    "|---|---:|---:|",
    ...files,
    "",
    `Chromium (headless) at 1280×900, a fresh cache per page, over a local static server with gzip; bytes are response bodies as sent plus headers, ` +
      `counted from the click to the end of Run all. The student edition stops at its first exercise (the stub throws TODO). Load average at start ${load.toFixed(2)} on ${os.availableParallelism()} cores.`,
    "",
  ].join("\n");
  fs.mkdirSync(RESULTS, { recursive: true });
  fs.writeFileSync(path.join(RESULTS, "live.md"), md);
  console.log(`written: ${path.relative(ROOT, path.join(RESULTS, "live.md"))}`);
}

main().catch((e) => {
  console.error(`bench/live.ts failed: ${(e as Error).message}`);
  process.exit(1);
});
