// What test/site/live.test.ts compares between a cell's output as the build shows it (tslab's, rendered)
// and as the page produced it (Run all): the text a reader sees, cut into words and numbers.
//
// Text: stdout (the ✓ lines), tables cell by cell, LaTeX by its source (KaTeX keeps it in an
// <annotation>), each figure by its plotly JSON (every number it draws, at full precision); a drawn
// figure's SVG and a still image are left out (drawing is plotly's business, not the lesson's numbers).
import type { Page } from "playwright-core";

/**
 * How far apart two numbers may be. The page runs in Chromium's V8, the build in Node 20's (V8 11.3),
 * and they do not share a libm: Math.exp, log, pow, sin, cos, atan, log10 and cosh differ in the last
 * bit for 2–10 % of arguments (the test measures and prints it). So:
 * - REL_TOL: any number, 1e-12 relative. Everything a lesson prints at 6 digits is equal.
 * - ROUNDOFF_FLOOR: two numbers both below 1e-7 in size are round-off measurements (a ✓ line's
 *   "max |diff| = 1.11e-16", a gradient check's relative error, a residual); they measure exactly
 *   those last bits, so they differ by their own size. The check's verdict ("✓ … ≤ 1e-15") is text
 *   and compared exactly; 1e-7 is the course's gradient-check threshold, under every such value.
 * - FIGURE_REL_TOL: numbers inside a figure's plotly JSON (every digit of every point) may differ by
 *   1e-6 relative: training curves carry a last-bit difference through hundreds of epochs (lesson 07:
 *   3e-12 after 60 epochs), and a log10 of a round-off measurement (lesson 08's heat map) moves at
 *   1e-7. Nothing is drawn at better than 1e-4 of its axis.
 * - a timing (a number followed by "ms") is not compared.
 */
export const REL_TOL = 1e-12;
export const ROUNDOFF_FLOOR = 1e-7;
export const FIGURE_REL_TOL = 1e-6;

// A string, not a function: tsx would wrap a named inner function with a helper the page lacks (__name).
const CELL_TEXTS = `(() => {
  const sorted = (v) => Array.isArray(v) ? v.map(sorted)
    : v && typeof v === "object" ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted(v[k])])) : v;
  const out = {};
  document.querySelectorAll("div.cell.code[data-cell]").forEach((cell) => {
    const o = cell.querySelector(".cell-output");
    if (!o) return;
    const c = o.cloneNode(true);
    c.querySelectorAll(".katex").forEach((k) => k.replaceWith(" " + (k.querySelector("annotation")?.textContent ?? "") + " "));
    c.querySelectorAll(".nn-figure").forEach((f) => f.replaceChildren());
    // The build's figure JSON went through nbformat, which sorts keys: compare with keys sorted.
    c.querySelectorAll('script[type="application/json"]').forEach((s) => s.replaceWith(" ⟦figure " + JSON.stringify(sorted(JSON.parse(s.textContent || "null"))) + " figure⟧ "));
    c.querySelectorAll("td, th").forEach((t) => t.append(" | "));
    c.querySelectorAll("tr, pre, p, li").forEach((t) => t.append("\\n"));
    out[cell.dataset.cell] = c.textContent;
  });
  return out;
})()`;

/** The comparable text of each .cell-output on the page, by data-cell. */
export function cellTexts(page: Page): Promise<Record<string, string>> {
  return page.evaluate(CELL_TEXTS) as Promise<Record<string, string>>;
}

const NUMBER = /^[+\-−]?(?:\d+\.?\d*|\.\d+)(?:e[+\-−]?\d+)?$/i;

/** Words and numbers: numbers split off whatever they touch ("(0.5," → "(", "0.5", ","). */
export function tokens(s: string): string[] {
  return s.split(/([+\-−]?(?:\d+\.?\d*|\.\d+)(?:e[+\-−]?\d+)?)/i).flatMap((part) => (NUMBER.test(part) ? [part] : part.split(/\s+/))).filter((t) => t !== "");
}

const num = (t: string) => Number(t.replace(/−/g, "-"));

/** How the numbers of a comparison matched: which rule each pair needed. */
export interface Tally { exact: number; relTol: number; roundoff: number; figureTol: number; timing: number }
export const emptyTally = (): Tally => ({ exact: 0, relTol: 0, roundoff: 0, figureTol: 0, timing: 0 });

/** Every place where the two differ beyond the rules above (empty when equal); counts into `tally`. */
export function differencesIn(expected: string, actual: string, max = 3, tally: Tally = emptyTally()): string[] {
  const e = tokens(expected), a = tokens(actual);
  const found: string[] = [];
  let inFigure = false;
  for (let i = 0; i < Math.max(e.length, a.length) && found.length < max; i++) {
    const x = e[i], y = a[i];
    if (x === "⟦figure") inFigure = true;
    if (x === "figure⟧") inFigure = false;
    if (x === y) {
      if (x !== undefined && NUMBER.test(x)) tally.exact++;
      continue;
    }
    if (x !== undefined && y !== undefined && NUMBER.test(x) && NUMBER.test(y)) {
      const p = num(x), q = num(y), size = Math.max(Math.abs(p), Math.abs(q)), gap = Math.abs(p - q);
      if (gap <= REL_TOL * size) { tally.relTol++; continue; }
      if (size < ROUNDOFF_FLOOR) { tally.roundoff++; continue; }
      if (inFigure && gap <= FIGURE_REL_TOL * size) { tally.figureTol++; continue; }
      if (e[i + 1] === "ms" && a[i + 1] === "ms") { tally.timing++; continue; }
    }
    const around = (t: string[]) => t.slice(Math.max(0, i - 8), i + 4).join(" ").slice(0, 300);
    found.push(`token ${i}: expected ${JSON.stringify(x)}, got ${JSON.stringify(y)}\n    build: … ${around(e)} …\n    page:  … ${around(a)} …`);
  }
  return found;
}

/** null when equal under the rules above, else where they first differ. */
export function firstDifference(expected: string, actual: string): string | null {
  return differencesIn(expected, actual, 1)[0] ?? null;
}
