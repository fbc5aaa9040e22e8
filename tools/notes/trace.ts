// The notes traced through the lessons: which cells teach each item of the notes (cell metadata
// "nn-teaches") and which cells' ✓ lines back it ("nn-checks"), the lesson section each lives in,
// and the ✓ lines a tagged cell printed in the executed lesson (with the measured difference and the
// tolerance parsed from each line). Read by tools/nav.ts (the index notebook), tools/site/notes.ts
// (the notes page) and the tests in test/lessons-prose/.
import * as path from "node:path";
import type { IOutput, MultilineString } from "@jupyterlab/nbformat";
import { isCode, text, type Cell, type Notebook } from "../lib/notebook";

export const TEACHES = "nn-teaches";
export const CHECKS = "nn-checks";

export interface Lesson {
  /** "03" */
  number: string;
  /** "03-layer-matrix-form" (the file name without .ipynb) */
  base: string;
  title: string;
  notebook: Notebook;
}

export interface Heading {
  level: number;
  /** The heading's markdown, without the leading #s. */
  markdown: string;
  /** The cell that holds it. */
  cellId: string;
}

export interface CellRef {
  lesson: Lesson;
  cellId: string;
  /** 0-based index among all cells of the notebook. */
  cellIndex: number;
  /** The section the cell is in: the heading it starts with, else the last heading above it. */
  heading: Heading | null;
}

export interface CheckLine {
  /** The whole line, without the ✓. */
  raw: string;
  /** The check's name: the text before the measurement (expectClose), else the whole line (expectTrue). */
  name: string;
  /** expectClose's measurement, e.g. { kind: "max |diff|", value: 3.1e-13, tolerance: 1e-6 }. */
  measured?: { kind: string; value: number; valueText: string; tolerance: number; toleranceText: string };
}

/** A cell's nn-teaches / nn-checks lists; throws naming the lesson and cell when malformed. */
export function cellTags(cell: Cell, where: string): { teaches: string[]; checks: string[] } {
  const meta = (cell.metadata ?? {}) as Record<string, unknown>;
  const read = (key: string): string[] => {
    const v = meta[key];
    if (v === undefined) return [];
    if (!Array.isArray(v) || !v.every((x) => typeof x === "string")) {
      throw new Error(`${where}, cell ${cell.id}: metadata "${key}" must be a list of item ids, e.g. ["neuron", "sigmoid"]`);
    }
    return v as string[];
  };
  return { teaches: read(TEACHES), checks: read(CHECKS) };
}

const HEADING = /^(#{1,6})\s+(.+?)\s*#*\s*$/;

/** The headings of a markdown cell, in order (lines inside ``` fences are skipped). */
export function headingsOf(cell: Cell): Heading[] {
  if (cell.cell_type !== "markdown") return [];
  const out: Heading[] = [];
  let fenced = false;
  for (const line of text(cell.source).split("\n")) {
    if (/^\s*```/.test(line)) fenced = !fenced;
    const m = !fenced && line.match(HEADING);
    if (m) out.push({ level: m[1].length, markdown: m[2], cellId: String(cell.id) });
  }
  return out;
}

/** The section cell `index` belongs to: the heading it opens with, else the last heading above it. */
export function sectionOf(nb: Notebook, index: number): Heading | null {
  const cell = nb.cells[index];
  if (cell.cell_type === "markdown") {
    const first = text(cell.source).split("\n").find((l) => l.trim() !== "") ?? "";
    const own = headingsOf(cell);
    if (own.length && HEADING.test(first)) return own[0];
  }
  for (let j = index - 1; j >= 0; j--) {
    const hs = headingsOf(nb.cells[j]);
    if (hs.length) return hs[hs.length - 1];
  }
  return null;
}

/** Every cell that teaches or checks an item, by item id. */
export function traceLessons(lessons: Lesson[]): { teaches: Map<string, CellRef[]>; checks: Map<string, CellRef[]>; problems: string[] } {
  const teaches = new Map<string, CellRef[]>();
  const checks = new Map<string, CellRef[]>();
  const problems: string[] = [];
  const add = (m: Map<string, CellRef[]>, id: string, ref: CellRef) => m.set(id, [...(m.get(id) ?? []), ref]);
  for (const lesson of lessons) {
    lesson.notebook.cells.forEach((cell, i) => {
      const where = `${lesson.base}.ipynb`;
      let tags: { teaches: string[]; checks: string[] };
      try {
        tags = cellTags(cell, where);
      } catch (e) {
        problems.push((e as Error).message);
        return;
      }
      if (!tags.teaches.length && !tags.checks.length) return;
      const ref: CellRef = { lesson, cellId: String(cell.id), cellIndex: i, heading: sectionOf(lesson.notebook, i) };
      tags.teaches.forEach((id) => add(teaches, id, ref));
      if (tags.checks.length && !isCode(cell)) problems.push(`${where}, cell ${cell.id}: "${CHECKS}" is for code cells (the ✓ lines it prints); this is a markdown cell`);
      else tags.checks.forEach((id) => add(checks, id, ref));
    });
  }
  return { teaches, checks, problems };
}

/**
 * A ✓ line of src/checks/expect.ts: `✓ what: max |diff| = 3.10e-13 ≤ 1e-6` (expectClose) or
 * `✓ what (detail)` (expectTrue). A line that does not end in a measurement is all name.
 */
export function parseCheckLine(line: string): CheckLine | null {
  const m = line.match(/^\s*✓\s+(.*\S)\s*$/);
  if (!m) return null;
  const raw = m[1];
  const num = String.raw`[-+−]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?|NaN|-?Infinity`;
  const meas = raw.match(new RegExp(String.raw`^(.*?):\s+([^:=]*?)\s*=\s*(${num})\s*≤\s*(${num})\s*(?:\(.*\))?$`, "i"));
  if (meas) {
    const toNumber = (s: string) => Number(s.replace("−", "-"));
    return { raw, name: meas[1], measured: { kind: meas[2], value: toNumber(meas[3]), valueText: meas[3], tolerance: toNumber(meas[4]), toleranceText: meas[4] } };
  }
  // expectTrue's `what (detail)` cannot be told apart from a name that ends in parentheses: keep it whole.
  return { raw, name: raw };
}

/** The ✓ lines a cell printed (its stdout streams), in order. */
export function checkLines(cell: Cell | undefined): CheckLine[] {
  if (!cell || !isCode(cell)) return [];
  const out: CheckLine[] = [];
  for (const o of cell.outputs as IOutput[]) {
    if (o.output_type !== "stream" || o.name !== "stdout") continue;
    for (const line of text(o.text as MultilineString).split("\n")) {
      const c = parseCheckLine(line);
      if (c) out.push(c);
    }
  }
  return out;
}

/**
 * The names of the checks a cell's source states: the first argument of each expectClose /
 * expectTrue call when it is a string literal (a template's ${…} parts shown as "…").
 */
export function checkNamesInSource(source: string): string[] {
  const out: string[] = [];
  const re = /\bexpect(?:Close|True)\(\s*("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`)/g;
  for (const m of source.matchAll(re)) {
    const lit = m[1];
    const body = lit.slice(1, -1);
    out.push(lit[0] === "`" ? body.replace(/\$\{[^}]*\}/g, "…") : body.replace(/\\(.)/g, "$1"));
  }
  return out;
}

/** Lesson number and base name from a notebook path: notebooks/03-layer-matrix-form.ipynb. */
export function lessonIdentity(file: string): { number: string; base: string } {
  const base = path.basename(file, ".ipynb");
  return { number: base.slice(0, 2), base };
}
