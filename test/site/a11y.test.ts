// Accessibility, in Chromium over a local static server: every page of the student site opens with no
// console error, page error or failed request (checked before axe, whose own requests would log
// errors), every figure drawn; then axe-core finds no serious or critical violation on it.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { before, describe, it } from "node:test";
import { launchChromium } from "../../tools/lib/browser";
import { buildSite } from "../../tools/site/build";
import { serveStatic } from "../../tools/site/serve";
import { executedLessons } from "./executed";
import { drawAllFigures, sitePages } from "./overflow";

const AXE = require.resolve("axe-core/axe.min.js");

describe("every page: no console error, then no serious or critical axe violation", () => {
  let site = "";
  before(async () => {
    site = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "nn-a11y-")), "site");
    buildSite(await executedLessons(), site);
  }, { timeout: 40 * 60 * 1000 });

  it("axe-core over every page", { timeout: 30 * 60 * 1000 }, async () => {
    const served = await serveStatic(site);
    const browser = await launchChromium();
    const problems: string[] = [];
    let minor = 0;
    try {
      for (const p of sitePages(fs.readdirSync(site))) {
        const tab = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        const errors: string[] = [];
        tab.on("console", (m) => { if (m.type() === "error") errors.push(`console: ${m.text()}`); });
        tab.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
        tab.on("requestfailed", (r) => errors.push(`failed request: ${r.url()}`));
        await tab.goto(served.url + p, { waitUntil: "load", timeout: 120000 });
        await drawAllFigures(tab);
        // The search box loads its index on focus: exercise it too.
        await tab.fill("#search-q", "sigmoid");
        await tab.waitForSelector("#search-results li a", { timeout: 60000 });
        for (const e of errors) problems.push(`${p}: ${e}`);
        await tab.addScriptTag({ path: AXE });
        const result = (await tab.evaluate("axe.run(document, { resultTypes: ['violations'] })")) as { violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] };
        for (const v of result.violations) {
          if (v.impact === "serious" || v.impact === "critical") problems.push(`${p}: ${v.impact} ${v.id} (${v.help}) at ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("; ")}${v.nodes.length > 3 ? ` and ${v.nodes.length - 3} more` : ""}`);
          else minor += v.nodes.length;
        }
        await tab.close();
      }
    } finally {
      await browser.close();
      await served.close();
    }
    console.log(`# axe: ${problems.length} serious/critical problems, ${minor} minor/moderate nodes`);
    assert.deepEqual(problems, []);
  });
});
