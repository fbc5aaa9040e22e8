// Give every figure of executed notebooks a static image: headless Chromium draws each figure once
// with the plotly.js the notebooks use, and its PNG goes inside the figure's own HTML
// (src/figure-html.ts). A notebook opened without running its scripts (Jupyter's "Not Trusted",
// nbconvert, a viewer) then shows the picture; where scripts run, the interactive plot replaces it.
import * as path from "node:path";
import type { IOutput } from "@jupyterlab/nbformat";
import { figureHtml, figureIdOf, figureSize } from "../../src/figure-html";
import type { Figure } from "../../src/plot";
import { launchChromium } from "./browser";
import { isCode, PLOTLY_MIME, text, type Notebook } from "./notebook";
import { ROOT } from "./paths";

const PLOTLY_JS = path.join(ROOT, "node_modules/plotly.js/dist/plotly.min.js");

interface FigureOutput { fig: Figure; data: Record<string, unknown>; where: string }

function figureOutputs(nb: Notebook, name: string): FigureOutput[] {
  const found: FigureOutput[] = [];
  nb.cells.forEach((c, i) => {
    if (!isCode(c)) return;
    for (const o of c.outputs as IOutput[]) {
      const data = (o as { data?: Record<string, unknown> }).data;
      if (data && PLOTLY_MIME in data) found.push({ fig: data[PLOTLY_MIME] as Figure, data, where: `${name}, cell ${i + 1}` });
    }
  });
  return found;
}

/**
 * Draw each figure of `notebooks` (changed in place) and put the PNG into its text/html output.
 * Deterministic: the same figure gives the same bytes. Returns how many figures were drawn.
 * @param names one per notebook, for error messages
 */
export async function addStaticImages(notebooks: Notebook[], names: string[] = []): Promise<number> {
  const all = notebooks.flatMap((nb, k) => figureOutputs(nb, names[k] ?? `notebook ${k + 1}`));
  if (all.length === 0) return 0;
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.setContent("<!doctype html><html><body></body></html>");
    await page.addScriptTag({ path: PLOTLY_JS });
    for (const f of all) {
      const { width, height } = figureSize(f.fig);
      let image: string;
      try {
        image = await page.evaluate(({ fig, width, height }) => {
          const Plotly = (window as unknown as { Plotly: { toImage(fig: unknown, o: unknown): Promise<string> } }).Plotly;
          return Plotly.toImage({ data: fig.data, layout: { ...fig.layout, width: width, height: height } },
            { format: "png", width: width, height: height, scale: 1 });
        }, { fig: f.fig, width, height });
      } catch (e) {
        throw new Error(`${f.where}: plotly.js could not draw this figure as an image: ${(e as Error).message.split("\n")[0]}`);
      }
      const html = text(f.data["text/html"] as string | string[] | undefined);
      f.data["text/html"] = figureHtml(f.fig, { id: figureIdOf(html) ?? undefined, image });
    }
  } finally {
    await browser.close();
  }
  return all.length;
}
