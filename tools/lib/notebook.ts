// Notebook files: read, write in Jupyter's own layout, strip outputs, and find failed cells.
import * as fs from "node:fs";
import * as path from "node:path";
import type { ICell, ICodeCell, INotebookContent, IOutput, MultilineString } from "@jupyterlab/nbformat";

export type Notebook = INotebookContent;
export type Cell = ICell;

export { PLOTLY_MIME, text } from "./mime";
import { PLOTLY_MIME, text } from "./mime";

/** A new notebook of the course: nbformat 4.5 with the tslab kernelspec every lesson uses. */
export function courseNotebook(cells: Cell[]): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { name: "tslab", display_name: "TypeScript (tslab)", language: "typescript" },
      language_info: { name: "typescript", file_extension: ".ts", mimetype: "text/typescript" },
    },
    cells,
  };
}

/** Read and minimally validate an .ipynb; the error names the file and what is wrong. */
export function readNotebook(file: string): Notebook {
  let nb: unknown;
  try {
    nb = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(`${file}: not a readable notebook (${(e as Error).message})`);
  }
  const n = nb as Partial<Notebook>;
  if (!n || typeof n !== "object" || !Array.isArray(n.cells) || n.nbformat !== 4) {
    throw new Error(`${file}: not an nbformat 4 notebook (expected {"nbformat": 4, "cells": [...]})`);
  }
  return n as Notebook;
}

/** Jupyter's on-disk layout (1-space indent, trailing newline), so saving in Jupyter gives no diff. */
export function serializeNotebook(nb: Notebook): string {
  return JSON.stringify(nb, null, 1) + "\n";
}

/** Write through a temp file and rename: a crash never leaves a half-written notebook. */
export function writeFileAtomic(file: string, content: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, content);
  fs.renameSync(tmp, file);
}

export function writeNotebook(file: string, nb: Notebook): void {
  writeFileAtomic(file, serializeNotebook(nb));
}

export function isCode(cell: Cell): cell is ICodeCell {
  return cell.cell_type === "code";
}

/** Which code cells carry outputs or execution counts (committed notebooks must carry none). */
export function dirtyCells(nb: Notebook): number[] {
  return nb.cells.flatMap((c, i) =>
    isCode(c) && ((c.outputs?.length ?? 0) > 0 || c.execution_count != null) ? [i] : [],
  );
}

/** A copy with every output, execution count and timing removed. */
export function stripOutputs(nb: Notebook): Notebook {
  const copy = JSON.parse(JSON.stringify(nb)) as Notebook;
  for (const c of copy.cells) {
    if (!isCode(c)) continue;
    c.outputs = [];
    c.execution_count = null;
    if (c.metadata && "execution" in c.metadata) delete (c.metadata as Record<string, unknown>).execution;
  }
  return copy;
}

/** Number of plotly figures a cell (or a notebook) emitted. */
export function figureCount(cells: Cell[]): number {
  let n = 0;
  for (const c of cells) {
    if (!isCode(c)) continue;
    for (const o of c.outputs as IOutput[]) {
      const data = (o as { data?: Record<string, unknown> }).data;
      if (data && PLOTLY_MIME in data) n++;
    }
  }
  return n;
}

/** The error text a cell's outputs show: error outputs and anything written to stderr. */
export function cellErrorText(cell: Cell): string | null {
  if (!isCode(cell)) return null;
  const parts: string[] = [];
  for (const o of cell.outputs as IOutput[]) {
    if (o.output_type === "error") {
      parts.push(`${String(o.ename)}: ${String(o.evalue)}`);
    } else if (o.output_type === "stream" && o.name === "stderr") {
      parts.push(text(o.text as MultilineString));
    }
  }
  return parts.length ? parts.join("\n").trim() : null;
}

/** First line of a cell's source, shortened, to help a reader find the cell. */
export function firstLine(cell: Cell): string {
  const line = text(cell.source).split("\n").find((l) => l.trim() !== "") ?? "";
  return line.length > 70 ? line.slice(0, 67) + "..." : line;
}
