// The pages of a built site and how to show all of a page: used by the site's tests, the screenshots
// (tools/screenshots.ts) and the page benchmark (bench/site.ts).
import type { Page } from "playwright-core";

/** The pages of a built site: the index, the notes page, the lessons (the playground has its own test). */
export function sitePages(files: string[]): string[] {
  const lessons = files.filter((f) => /^\d\d-.*\.html$/.test(f)).sort();
  return ["index.html", ...(files.includes("notes.html") ? ["notes.html"] : []), ...lessons];
}

/** Scroll through the page so every figure draws (site.js draws them as they come into view). */
export async function drawAllFigures(tab: Page): Promise<number> {
  const n = await tab.locator(".nn-figure[data-fig]").count();
  for (let k = 0; k < n; k++) {
    await tab.locator(".nn-figure[data-fig]").nth(k).scrollIntoViewIfNeeded();
    await tab.waitForFunction(`document.querySelectorAll(".nn-figure[data-fig]")[${k}].getAttribute("data-drawn") === "yes"`, undefined, { timeout: 60000 });
  }
  await tab.evaluate("window.scrollTo(0, 0)");
  return n;
}
