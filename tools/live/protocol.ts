// The messages between a live lesson page (tools/live/page/) and its worker (tools/live/worker/).
// Outputs are notebook outputs (nbformat), so the page renders them with the code that renders the
// build's outputs (tools/site/outputs.ts).
import type { IOutput } from "@jupyterlab/nbformat";

export type ToWorker =
  /** The housing CSV's text (assets/live/housing-data.js), sent before any cell that may load it. */
  | { type: "data"; housingCsv: string }
  /** The mathjs part's source (assets/live/mathjs.js), sent before a cell that imports it. */
  | { type: "math"; source: string }
  /** Run one compiled cell (tools/live/compile.ts) in the shared scope. */
  | { type: "run"; cell: number; js: string; declared: string[] };

export type FromWorker =
  | { type: "output"; cell: number; output: IOutput }
  | { type: "done"; cell: number; ms: number }
  /** `line`: the line of the cell (1-based) where it failed, when the stack says. */
  | { type: "error"; cell: number; name: string; message: string; line: number | null };

/** "./src/matrix.js", "../src/matrix", "src/matrix.ts" → "src/matrix"; "./src" → "src/index". */
export function moduleKey(specifier: string): string {
  const k = specifier.replace(/^(\.\.?\/)+/, "").replace(/\.(js|ts)$/, "").replace(/\/$/, "");
  return k === "src" ? "src/index" : k;
}

/**
 * Modules in the worker's second part (assets/live/mathjs.js: mathjs is 85 % of the runtime's bytes,
 * and only lessons 06 and 10 use it): the page loads it before a cell importing one of these.
 */
export const MATH_MODULES = ["mathjs", "src/checks/symbolic", "src/index"];

/** Does this compiled cell import anything from the mathjs part? */
export function needsMath(js: string): boolean {
  return [...js.matchAll(/__import\(("(?:[^"\\]|\\.)*")\)/g)].some((m) => MATH_MODULES.includes(moduleKey(JSON.parse(m[1]) as string)));
}
