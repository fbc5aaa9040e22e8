// src/display.ts for the live pages: the same outputs (the same MIME bundles, made by the same
// figureHtml, tableMarkdown, fmt and matrixTex), sent to the page instead of to tslab.
import type { IOutput } from "@jupyterlab/nbformat";
import { figureHtml } from "../../../src/figure-html";
import { fmt, matrixTex } from "../../../src/format";
import { tableMarkdown, tablePlain } from "../../../src/markdown-table";
import type { Matrix } from "../../../src/matrix";
import type { Figure } from "../../../src/plot";
import { PLOTLY_MIME } from "../../lib/mime";

export { figureHtml } from "../../../src/figure-html";
export { fmt, matrixTex } from "../../../src/format";

let emit: (o: IOutput) => void = () => {};

/** Where display outputs go: the worker's runner sets it to "post to the page, for the running cell". */
export function setDisplaySink(sink: (o: IOutput) => void): void {
  emit = sink;
}

function displayData(data: Record<string, unknown>): void {
  emit({ output_type: "display_data", data: data as IOutput["data"], metadata: {} } as IOutput);
}

export function show(fig: Figure): void {
  displayData({ [PLOTLY_MIME]: fig, "text/html": figureHtml(fig) });
}

export function showLatex(tex: string): void {
  displayData({ "text/latex": `$$${tex}$$` });
}

export function showMarkdown(md: string): void {
  displayData({ "text/markdown": md });
}

export function showTable(headers: string[], rows: (string | number)[][]): void {
  const cells = rows.map((r) => r.map((v) => (typeof v === "number" ? fmt(v) : v)));
  displayData({ "text/markdown": tableMarkdown(headers, cells), "text/plain": tablePlain(headers, cells) });
}

export function showMatrices(named: Record<string, Matrix>): void {
  showLatex(Object.entries(named).map(([n, M]) => matrixTex(n, M)).join("\\qquad "));
}
