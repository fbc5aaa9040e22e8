// The messages between a live lesson page (tools/live/page/) and its worker (tools/live/worker/).
// Outputs are notebook outputs (nbformat), so the page renders them with the code that renders the
// build's outputs (tools/site/outputs.ts).
import type { IOutput } from "@jupyterlab/nbformat";

export type ToWorker =
  /** The housing CSV's text (assets/live/housing-data.js), sent before any cell that may load it. */
  | { type: "data"; housingCsv: string }
  /** Run one compiled cell (tools/live/compile.ts) in the shared scope. */
  | { type: "run"; cell: number; js: string; declared: string[] };

export type FromWorker =
  | { type: "output"; cell: number; output: IOutput }
  | { type: "done"; cell: number; ms: number }
  /** `line`: the line of the cell (1-based) where it failed, when the stack says. */
  | { type: "error"; cell: number; name: string; message: string; line: number | null };
