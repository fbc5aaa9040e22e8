// Every page of the student site in Chromium, each opened once from file:// (as a learner opens the
// built site with no server) and checked for everything a reader meets:
//   - no console error, page error or failed request, the search box used too (it loads its index);
//   - every figure the executed notebook emitted is drawn as it scrolls into view, every formula typesets;
//   - at 1280 px nothing needs sideways scrolling (no page wider than the window, no box cut off,
//     none scrolling on its own);
//   - axe-core finds no serious or critical violation;
//   - then the same tab narrowed to 390 px (a phone): nothing sticks out of the page (a wide table or
//     formula may scroll inside its own box). The layout is CSS media queries, plotly's responsive
//     figures and site.js's formula fitting, all of which follow a resize.
// One visit per page for all of it: opening a page and drawing its figures is most of the cost, and
// these were four passes over every page before. Screenshots are not taken here: `npm run screenshots`.
// test/notebooks.test.ts opens a lesson from a static HTTP server too.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { before, describe, it } from "node:test";
import { launchChromium } from "../../tools/lib/browser";
import { isCode, PLOTLY_MIME } from "../../tools/lib/notebook";
import { builtSite } from "./built";
import { executedLessons } from "./executed";
import { drawAllFigures, sitePages } from "../../tools/site/pages";
import { measureOverflow, type Overflow } from "./overflow";

const AXE = require.resolve("axe-core/axe.min.js");

interface Visit {
  page: string;
  errors: string[];
  figuresWanted: number | null;
  figuresDrawn: number;
  typesetErrors: number;
  search: string | null;
  wide: Overflow;
  narrow: Overflow;
  axeSerious: string[];
  axeMinorNodes: number;
}

const visits: Visit[] = [];
let multiPanel = 0;

describe("every page of the site, opened from file:// in Chromium", () => {
  before(async () => {
    const lessons = await executedLessons();
    const { dir: site, infos } = await builtSite("student");
    // Figures each page must draw: a lesson page every figure its notebook emitted; the index one
    // thumbnail per lesson with figures; other pages (notes) none required.
    const emitted = lessons.map((l) => l.notebook.cells.filter(isCode).flatMap((c) => c.outputs).filter((o) => (o as { data?: Record<string, unknown> }).data?.[PLOTLY_MIME]).length);
    const wanted = new Map<string, number>(infos.map((info, k) => [info.file, emitted[k]]));
    wanted.set("index.html", emitted.filter((n) => n > 0).length);
    const browser = await launchChromium();
    try {
      for (const page of sitePages(fs.readdirSync(site))) {
        const tab = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        const errors: string[] = [];
        tab.on("console", (m) => { if (m.type() === "error") errors.push(`console: ${m.text()}`); });
        tab.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
        tab.on("requestfailed", (r) => errors.push(`failed request: ${r.url()}`));
        await tab.goto(pathToFileURL(path.join(site, page)).href, { waitUntil: "load", timeout: 120000 });
        await drawAllFigures(tab);
        const figuresDrawn = await tab.locator(".js-plotly-plot").count();
        const typesetErrors = await tab.locator(".katex-error").count();
        // The search box loads its index on focus: exercise it too.
        let search: string | null = null;
        await tab.fill("#search-q", "sigmoid");
        try {
          await tab.waitForSelector("#search-results li a", { timeout: 60000 });
        } catch {
          search = "typing “sigmoid” in the search box listed no result";
        }
        await tab.evaluate("document.fonts.ready");
        await tab.waitForTimeout(300); // site.js fits wide formulas after a resize settles
        const wide = await measureOverflow(tab);
        // Errors are read before axe runs (its own requests may log some).
        const errorsBeforeAxe = [...errors];
        await tab.addScriptTag({ path: AXE });
        const result = (await tab.evaluate("axe.run(document, { resultTypes: ['violations'] })")) as { violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] };
        const axeSerious: string[] = [];
        let axeMinorNodes = 0;
        for (const v of result.violations) {
          if (v.impact === "serious" || v.impact === "critical") axeSerious.push(`${v.impact} ${v.id} (${v.help}) at ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("; ")}${v.nodes.length > 3 ? ` and ${v.nodes.length - 3} more` : ""}`);
          else axeMinorNodes += v.nodes.length;
        }
        await tab.setViewportSize({ width: 390, height: 900 });
        // plotly's responsive figures and site.js's fit() (150 ms after the last resize) follow.
        await tab.waitForTimeout(800);
        await tab.evaluate("document.fonts.ready");
        const narrow = await measureOverflow(tab);
        // A figure of side-by-side panels keeps each panel legible: drawn at its minimum width, in a box
        // that scrolls (by keyboard too), not squeezed into the phone's width.
        const panels = (await tab.evaluate(`Array.from(document.querySelectorAll(".nn-figure[data-min-width]")).map((el) => {
          const min = Number(el.getAttribute("data-min-width")), w = el.getBoundingClientRect().width, box = el.parentElement;
          return w + 1 >= min && box.scrollWidth > box.clientWidth && box.getAttribute("tabindex") === "0" ? "" : el.id + ": drawn " + Math.round(w) + " px wide (its panels need " + min + "), its box " + (box.getAttribute("tabindex") === "0" ? "focusable" : "not focusable");
        })`)) as string[];
        narrow.cut.push(...panels.filter(Boolean));
        multiPanel += panels.length;
        visits.push({ page, errors: errorsBeforeAxe, figuresWanted: wanted.get(page) ?? null, figuresDrawn, typesetErrors, search, wide, narrow, axeSerious, axeMinorNodes });
        console.log(`# ${page}: ${figuresDrawn} figures drawn, ${errorsBeforeAxe.length} errors, axe ${axeSerious.length} serious/critical (${axeMinorNodes} minor nodes), scrolling boxes ${wide.scrolling.length} at 1280 / ${narrow.scrolling.length} at 390`);
        await tab.close();
      }
    } finally {
      await browser.close();
    }
  }, { timeout: 40 * 60 * 1000 });

  it("every page was opened: the index, the notes and every lesson", () => {
    assert.ok(visits.length >= 12, `only ${visits.length} pages`);
    assert.ok(visits.some((v) => v.page === "index.html") && visits.some((v) => /^10-/.test(v.page)));
  });

  it("no console error, page error or failed request on any page, and the search box finds “sigmoid”", () => {
    assert.deepEqual(visits.flatMap((v) => [...v.errors, ...(v.search ? [v.search] : [])].map((e) => `${v.page}: ${e}`)), []);
  });

  it("every figure the notebook emitted is drawn as it scrolls into view; every formula typesets", () => {
    const problems: string[] = [];
    for (const v of visits) {
      if (v.figuresWanted !== null && v.figuresDrawn !== v.figuresWanted) problems.push(`${v.page}: ${v.figuresDrawn} figures drawn, the notebook emitted ${v.figuresWanted}`);
      if (v.typesetErrors) problems.push(`${v.page}: ${v.typesetErrors} formulas failed to typeset`);
    }
    assert.deepEqual(problems, []);
    assert.ok(visits.filter((v) => /^\d\d-/.test(v.page)).every((v) => v.figuresDrawn >= 1), "every lesson has a figure");
  });

  it("at 1280 px: no page wider than the window, no box cut off or scrolling sideways", () => {
    const problems = visits.flatMap((v) => [
      ...(v.wide.pageExcess > 0 ? [`${v.page}: the page is ${v.wide.pageExcess}px wider than the 1280px window`] : []),
      ...v.wide.cut.map((c) => `${v.page}: ${c}`),
      ...v.wide.scrolling.map((c) => `${v.page}: scrolls sideways: ${c}`),
    ]);
    assert.deepEqual(problems, []);
  });

  it("at 390 px: no page wider than the window, no box cut off (a wide table, formula or multi-panel figure may scroll in its own box)", () => {
    assert.ok(multiPanel > 0, "no multi-panel figure was measured (lesson 08 has one)");
    const problems = visits.flatMap((v) => [
      ...(v.narrow.pageExcess > 0 ? [`${v.page}: the page is ${v.narrow.pageExcess}px wider than the 390px window`] : []),
      ...v.narrow.cut.map((c) => `${v.page}: ${c}`),
    ]);
    assert.deepEqual(problems, []);
  });

  it("axe-core: no serious or critical violation on any page", () => {
    const minor = visits.reduce((a, v) => a + v.axeMinorNodes, 0);
    console.log(`# axe: ${visits.reduce((a, v) => a + v.axeSerious.length, 0)} serious/critical, ${minor} minor/moderate nodes`);
    assert.deepEqual(visits.flatMap((v) => v.axeSerious.map((s) => `${v.page}: ${s}`)), []);
  });
});
