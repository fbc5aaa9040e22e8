// npm run screenshots [-- --out DIR]
// Full-page screenshots of every page of the site, as a reader sees it at desktop (1280 px) and phone
// (390 px) width, every figure drawn: DIR/1280/<page>.png and DIR/390/<page>.png (default
// artifacts/site/, gitignored). For looking at what the course ships; the checks themselves (nothing
// sticks out, no console error, axe) are test/site/pages.test.ts. The site is built from the lessons'
// executed copies in build/executed/ (`npm run course` first), in a temporary folder.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { keptExecuted } from "./course";
import { launchChromium } from "./lib/browser";
import { lessonFiles, ROOT } from "./lib/paths";
import { buildSite } from "./site/build";
import { drawAllFigures, sitePages } from "./site/pages";

const USAGE = "usage: npm run screenshots [-- --out DIR]   (after npm run course)";

async function main(argv: string[]): Promise<number> {
  let out = path.join(ROOT, "artifacts", "site");
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--out" && argv[i + 1]) out = path.resolve(argv[++i]);
    else { console.error(`unknown argument ${argv[i]}\n${USAGE}`); return 2; }
  }
  let lessons;
  try {
    lessons = keptExecuted(lessonFiles());
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 1;
  }
  const site = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "nn-shots-")), "site");
  buildSite(lessons, site);
  const browser = await launchChromium();
  try {
    for (const width of [1280, 390]) {
      fs.mkdirSync(path.join(out, String(width)), { recursive: true });
      for (const page of sitePages(fs.readdirSync(site))) {
        const tab = await browser.newPage({ viewport: { width, height: 900 } });
        await tab.goto(pathToFileURL(path.join(site, page)).href, { waitUntil: "load", timeout: 120000 });
        await drawAllFigures(tab);
        await tab.evaluate("document.fonts.ready");
        await tab.waitForTimeout(300);
        const file = path.join(out, String(width), page.replace(/\.html$/, ".png"));
        await tab.screenshot({ path: file, fullPage: true });
        await tab.close();
        console.log(path.relative(process.cwd(), file));
      }
    }
  } finally {
    await browser.close();
    fs.rmSync(path.dirname(site), { recursive: true, force: true });
  }
  return 0;
}

main(process.argv.slice(2)).then((code) => process.exit(code), (e) => { console.error(e); process.exit(1); });
