// Pages that fit, in Chromium: at 1280 px nothing on any page needs sideways scrolling (no box wider
// than its content area, none scrolling on its own); at 390 px (a phone) nothing sticks out of the
// page (a wide table or formula may scroll inside its own box). Every figure is scrolled into view and
// drawn first. Screenshots at both widths are kept in artifacts/site/<width>/ (gitignored).
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { launchChromium } from "../../tools/lib/browser";
import { ROOT } from "../../tools/lib/paths";
import { buildSite } from "../../tools/site/build";
import { executedLessons } from "./executed";
import { drawAllFigures, measureOverflow, sitePages } from "./overflow";

const SHOTS = path.join(ROOT, "artifacts", "site");

describe("every page fits at 1280 px and at 390 px", () => {
  let site = "";
  let pages: string[] = [];
  let browser: Browser;
  before(async () => {
    const lessons = await executedLessons();
    site = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "nn-layout-")), "site");
    buildSite(lessons, site);
    pages = sitePages(fs.readdirSync(site));
    browser = await launchChromium();
  }, { timeout: 40 * 60 * 1000 });
  after(async () => { await browser?.close(); });

  for (const width of [1280, 390]) {
    it(`at ${width} px: no page wider than the window, no box cut off${width >= 1000 ? " or scrolling sideways" : ""}`, { timeout: 20 * 60 * 1000 }, async () => {
      const problems: string[] = [];
      let boxes = 0;
      for (const p of pages) {
        const tab = await browser.newPage({ viewport: { width, height: 900 } });
        await tab.goto(pathToFileURL(path.join(site, p)).href, { waitUntil: "load", timeout: 120000 });
        await drawAllFigures(tab);
        await tab.evaluate("document.fonts.ready");
        await tab.waitForTimeout(300); // site.js fits wide formulas after a resize settles
        const m = await measureOverflow(tab);
        if (m.pageExcess > 0) problems.push(`${p}: the page is ${m.pageExcess}px wider than the ${width}px window`);
        for (const c of m.cut) problems.push(`${p}: ${c}`);
        if (width >= 1000) for (const c of m.scrolling) problems.push(`${p}: scrolls sideways: ${c}`);
        boxes += m.scrolling.length;
        fs.mkdirSync(path.join(SHOTS, String(width)), { recursive: true });
        await tab.screenshot({ path: path.join(SHOTS, String(width), p.replace(/\.html$/, ".png")), fullPage: true });
        await tab.close();
      }
      console.log(`# ${width}px: ${pages.length} pages, ${problems.length} problems, ${boxes} boxes scrolling in their own box; screenshots in ${path.relative(ROOT, SHOTS)}/${width}/`);
      assert.deepEqual(problems, []);
    });
  }
});
