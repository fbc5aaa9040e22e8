// The anchors of "The notes, checked" work in the notebook server `npm start` runs (Jupyter Notebook 6):
// the index notebook, rendered there, has an element for every #note-<id> a lesson links to, and a
// lesson heading has the id the index links to (tools/notes/index-section.ts, jupyterHeadingHref);
// following such a link within the page scrolls to it.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { launchChromium } from "../../tools/lib/browser";
import * as path from "node:path";
import { readNotebook } from "../../tools/lib/notebook";
import { lessonFiles } from "../../tools/lib/paths";
import { jupyterHeadingHref } from "../../tools/notes/index-section";
import { loadItems } from "../../tools/notes/items";
import { headingsOf } from "../../tools/notes/trace";

/** A lesson heading to look for: the first "##" one with math in it (the hardest id), else the first "##". */
function someHeading(): { lesson: string; markdown: string } {
  const all = lessonFiles().flatMap((f) => readNotebook(f).cells.flatMap((c) => headingsOf(c).filter((h) => h.level === 2).map((h) => ({ lesson: path.basename(f), markdown: h.markdown }))));
  return all.find((h) => h.markdown.includes("$")) ?? all[0];
}
import { startNotebookServer } from "../helpers/notebook-server";

describe("note anchors in Jupyter Notebook 6", () => {
  it("every item has its anchor in the rendered index, and a lesson heading has the id the index links to", { timeout: 180_000 }, async () => {
    const server = await startNotebookServer("nn-notes-anchors", 60_000);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const open = async (nb: string) => {
        await page.goto(`${server.base}/notebooks/notebooks/${nb}?token=${server.token}`, { waitUntil: "load" });
        await page.waitForFunction(() => document.querySelectorAll(".text_cell_render h1").length > 0, undefined, { timeout: 60_000 });
      };
      await open("index.ipynb");
      const ids = loadItems().map((it) => `note-${it.id}`);
      const missing = await page.evaluate((list) => list.filter((id) => !document.getElementById(id)), ids);
      assert.deepEqual(missing, [], "anchors missing from the rendered index");
      // A link within the page (the table of contents) scrolls to the item.
      const last = ids[ids.length - 1];
      await page.click(`a[href="#${last}"]`);
      await page.waitForTimeout(500);
      const top = await page.evaluate((id) => document.getElementById(id)!.getBoundingClientRect().top, last);
      assert.ok(top >= 0 && top < 800, `#${last} is at ${top} px after following its link`);
      const h = someHeading();
      await open(h.lesson);
      const id = decodeURIComponent(jupyterHeadingHref(h.markdown));
      assert.ok(await page.evaluate((x) => !!document.getElementById(x), id), `no element #${id} in ${h.lesson}`);
    } finally {
      await browser.close();
      const kernels = (await (await fetch(`${server.base}/api/kernels`, { headers: server.auth })).json()) as { id: string }[];
      for (const k of kernels) await fetch(`${server.base}/api/kernels/${k.id}`, { method: "DELETE", headers: server.auth });
      await server.stop();
    }
  });
});
