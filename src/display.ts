// The only module that knows tslab: puts figures, LaTeX, tables and matrices into the notebook.
// Introduced in lesson 01 and used by every lesson. Never imported by src/index.ts, so the rest of
// src/ runs in plain Node tests and in the browser unchanged.
import * as tslab from "tslab";
import { figureHtml } from "./figure-html";
import { tableMarkdown, tablePlain } from "./markdown-table";
import type { Figure } from "./plot";
import type { Matrix } from "./matrix";
import { fmt, matrixTex } from "./format";

const PLOTLY_MIME = "application/vnd.plotly.v1+json";

export { figureHtml } from "./figure-html";
export { fmt, matrixTex } from "./format";

interface DisplayPayload { data: Record<string, unknown>; metadata: Record<string, unknown>; transient?: Record<string, unknown> }

/** One output with several representations; the viewer picks the richest it may show. */
function displayBundle(data: Record<string, unknown>): void {
  // tslab's public display sends one MIME type per call; its writer takes a whole bundle.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const jupyter = require("tslab/dist/jupyter") as { lastWriteDisplayData: ((d: DisplayPayload, update: boolean) => void) | null };
  if (jupyter.lastWriteDisplayData) jupyter.lastWriteDisplayData({ data: data, metadata: {} }, false);
  else if ("text/html" in data) tslab.display.html(data["text/html"] as string);
  else tslab.display.markdown(data["text/markdown"] as string);
}

/** One output carrying the plotly JSON (for JupyterLab, tests, the site) and HTML that draws it. */
export function show(fig: Figure): void {
  displayBundle({ [PLOTLY_MIME]: fig, "text/html": figureHtml(fig) });
}

/** Display math: `showLatex("\\sigma'(z) = \\sigma(z)(1-\\sigma(z))")`. */
export function showLatex(tex: string): void {
  tslab.display.latex(`$$${tex}$$`);
}

export function showMarkdown(md: string): void {
  tslab.display.markdown(md);
}

/**
 * A real table, e.g. the shapes of every matrix in a layer: markdown, plus aligned plain text for a
 * viewer that shows no markdown output. A "$" in a cell is a dollar sign, never math.
 */
export function showTable(headers: string[], rows: (string | number)[][]): void {
  const cells = rows.map((r) => r.map((v) => (typeof v === "number" ? fmt(v) : v)));
  displayBundle({ "text/markdown": tableMarkdown(headers, cells), "text/plain": tablePlain(headers, cells) });
}

/** Show one or more named matrices side by side with their shapes. */
export function showMatrices(named: Record<string, Matrix>): void {
  showLatex(Object.entries(named).map(([n, M]) => matrixTex(n, M)).join("\\qquad "));
}
