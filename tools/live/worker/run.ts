// Runs compiled cells (tools/live/compile.ts) one after another in one shared scope, as tslab does:
// each cell is an async function whose locals start as the earlier cells' names (`let { … } = __scope`)
// and whose names all go back into the scope at its end. A cell's source is eval'd with a sourceURL,
// so an error's stack names the cell and its line (sucrase kept the TypeScript's line numbers, and
// the wrapper adds no line before the cell's first).
import type { IOutput } from "@jupyterlab/nbformat";

export type ImportFn = (specifier: string) => unknown;
export type CellFn = (scope: Record<string, unknown>, importModule: ImportFn) => Promise<void>;

const scope: Record<string, unknown> = Object.create(null) as Record<string, unknown>;

/** The source the worker evaluates for a cell; exported for the tests. */
export function cellSource(cell: number, js: string, declared: string[], known: string[]): string {
  const prior = known.filter((n) => !declared.includes(n));
  const all = [...prior, ...declared];
  const head = prior.length ? `let { ${prior.join(", ")} } = __scope; ` : "";
  return `(async function (__scope, __import) { "use strict"; ${head}${js}\n;Object.assign(__scope, { ${all.join(", ")} });\n})\n//# sourceURL=${cellUrl(cell)}`;
}

export const cellUrl = (cell: number) => `nn-cell-${cell}.js`;

/** The line of cell `cell` in an error's stack (the innermost frame in that cell), or null. */
export function errorLine(e: unknown, cell: number): number | null {
  const stack = e instanceof Error ? e.stack ?? "" : "";
  const m = stack.match(new RegExp(`${cellUrl(cell).replace(/\./g, "\\.")}:(\\d+):\\d+`));
  return m ? Number(m[1]) : null;
}

export async function runCell(cell: number, js: string, declared: string[], importModule: ImportFn): Promise<void> {
  // Indirect eval: global scope, nothing of this module's visible to the cell.
  const fn = (0, eval)(cellSource(cell, js, declared, Object.keys(scope))) as CellFn;
  await fn(scope, importModule);
}

export type { IOutput };
