// How the course prints numbers and matrices: `fmt` (6 significant digits) and `matrixTex` (LaTeX of a
// named matrix with its shape). No tslab: src/display.ts sends these to the notebook, and the site's
// live pages (tools/live/worker/display.ts) send the same strings to the page.
import type { Matrix } from "./matrix";

/** A number printed the same way everywhere: 6 significant digits, exponent when tiny or huge. */
export function fmt(v: number, digits = 6): string {
  if (!Number.isFinite(v)) return String(v);
  if (v !== 0 && (Math.abs(v) < 1e-4 || Math.abs(v) >= 1e7)) return v.toExponential(digits - 1);
  return Number(v.toPrecision(digits)).toString();
}

/** LaTeX for a matrix with its name and shape: `W^{[1]}_{(3,3)} = [...]`; big ones are elided. */
export function matrixTex(name: string, M: Matrix, maxRows = 6, maxCols = 6): string {
  const rows: string[] = [];
  const r = Math.min(M.rows, maxRows);
  const c = Math.min(M.cols, maxCols);
  for (let i = 0; i < r; i++) {
    const cells: string[] = [];
    for (let j = 0; j < c; j++) cells.push(fmt(M.get(i, j), 4));
    if (c < M.cols) cells.push("\\cdots");
    rows.push(cells.join(" & "));
  }
  if (r < M.rows) rows.push(Array(c).fill("\\vdots").join(" & ") + (c < M.cols ? " & \\ddots" : ""));
  return `\\underset{(${M.rows},\\,${M.cols})}{${name}} = \\begin{bmatrix} ${rows.join(" \\\\ ")} \\end{bmatrix}`;
}
