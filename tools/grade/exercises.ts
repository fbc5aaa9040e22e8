// The exercise format of docs/exercise-format.md, read from a notebook: exercise cells (with their
// solution regions), visible test cells and hidden test cells, tied by an id `NN-short-name`.
// Used by the student edition (tools/student.ts) and the grader (tools/grade/).
import { isCode, text, type Cell, type Notebook } from "../lib/notebook";

/** `// EXERCISE 02-dot-product · 2 points · w·x = Σ wᵢxᵢ for two arrays` */
const EXERCISE = /^\/\/\s*EXERCISE\s+(\S+)\s*·\s*(\d+(?:\.\d+)?)\s*points?\s*·\s*(.+?)\s*$/;
/** Any first line naming an exercise, however mangled the rest of it (a student may edit it). */
const EXERCISE_LOOSE = /^\/\/\s*EXERCISE\s+(\S+)/;
const TESTS = /^\/\/\s*TESTS\s+(\S+)\s*$/;
const HIDDEN = /^\/\/\s*HIDDEN TESTS\s+(\S+)\s*$/;
const BEGIN = /^(\s*)\/\/\s*BEGIN SOLUTION\s*$/;
const END = /^\s*\/\/\s*END SOLUTION\s*$/;
export const ID = /^(\d\d)-[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*$/;

export type Role = "exercise" | "tests" | "hidden";

/** A solution region: lines `begin` (the BEGIN line) to `end` (the END line) of the cell's source. */
export interface Region {
  begin: number;
  end: number;
  indent: string;
}

export interface Exercise {
  id: string;
  /** "02" for 02-dot-product. */
  lesson: string;
  points: number;
  task: string;
  /** Cell indexes in the notebook. */
  cell: number;
  tests: number;
  hidden: number;
  regions: Region[];
}

/** The first non-blank line of a cell, trimmed. */
export function headLine(cell: Cell): string {
  return (text(cell.source).split("\n").find((l) => l.trim() !== "") ?? "").trim();
}

/** What a code cell is in the exercise format, judged by its first line alone. */
export function cellRole(cell: Cell): { role: Role; id: string } | null {
  if (!isCode(cell)) return null;
  const head = headLine(cell);
  let m = head.match(HIDDEN);
  if (m) return { role: "hidden", id: m[1] };
  m = head.match(TESTS);
  if (m) return { role: "tests", id: m[1] };
  m = head.match(EXERCISE_LOOSE);
  if (m) return { role: "exercise", id: m[1] };
  return null;
}

/** The solution regions of an exercise cell's source; throws naming the line if they are unbalanced. */
export function findRegions(source: string, where = "exercise cell"): Region[] {
  const lines = source.split("\n");
  const regions: Region[] = [];
  let open: { begin: number; indent: string } | null = null;
  lines.forEach((line, i) => {
    const b = line.match(BEGIN);
    if (b) {
      if (open) throw new Error(`${where}, line ${i + 1}: "// BEGIN SOLUTION" inside another solution region (line ${open.begin + 1})`);
      open = { begin: i, indent: b[1] };
    } else if (END.test(line)) {
      if (!open) throw new Error(`${where}, line ${i + 1}: "// END SOLUTION" without a "// BEGIN SOLUTION" before it`);
      regions.push({ begin: open.begin, end: i, indent: open.indent });
      open = null;
    }
  });
  if (open) throw new Error(`${where}, line ${(open as { begin: number }).begin + 1}: "// BEGIN SOLUTION" is never closed by "// END SOLUTION"`);
  return regions;
}

/** Replace region k of `source` by `bodies[k]` (lines; the BEGIN/END lines go too). */
export function replaceRegions(source: string, regions: Region[], bodies: string[][]): string {
  if (bodies.length !== regions.length) throw new Error(`${regions.length} solution regions but ${bodies.length} replacements`);
  const lines = source.split("\n");
  const out: string[] = [];
  let at = 0;
  regions.forEach((r, k) => {
    out.push(...lines.slice(at, r.begin), ...bodies[k]);
    at = r.end + 1;
  });
  out.push(...lines.slice(at));
  return out.join("\n");
}

/** The stub a student starts from: `throw new Error("TODO: <task>");`, indented like the region. */
export function stubLines(ex: Pick<Exercise, "task">, region: Region): string[] {
  return [`${region.indent}throw new Error(${JSON.stringify(`TODO: ${ex.task}`)});`];
}

/**
 * Every exercise of a course notebook, checked against the format: header, one visible and one hidden
 * test cell after the exercise cell, at least one solution region, ids `NN-name` with NN = `lesson`
 * (when given), each id once. Throws one error listing every problem, naming `where` and the cell.
 */
export function courseExercises(nb: Notebook, where: string, lesson?: string): Exercise[] {
  const problems: string[] = [];
  const byId = new Map<string, Partial<Exercise> & { id: string; dup?: boolean }>();
  const get = (id: string) => {
    if (!byId.has(id)) byId.set(id, { id });
    return byId.get(id)!;
  };
  nb.cells.forEach((cell, i) => {
    const r = cellRole(cell);
    if (!r) return;
    const at = `${where}, cell ${i + 1}`;
    const ex = get(r.id);
    if (!ID.test(r.id)) problems.push(`${at}: exercise id "${r.id}" is not of the form NN-short-name`);
    else if (lesson && r.id.slice(0, 2) !== lesson) problems.push(`${at}: exercise id "${r.id}" does not start with the lesson's number ${lesson}`);
    if (r.role === "exercise") {
      if (ex.cell !== undefined) problems.push(`${at}: a second exercise cell for ${r.id} (the first is cell ${ex.cell + 1})`);
      const m = headLine(cell).match(EXERCISE);
      if (!m) problems.push(`${at}: the first line should read "// EXERCISE ${r.id} · <points> points · <one-line task>"`);
      else {
        ex.points = Number(m[2]);
        ex.task = m[3];
      }
      ex.cell = i;
      try {
        ex.regions = findRegions(text(cell.source), at);
        if (ex.regions.length === 0) problems.push(`${at}: no "// BEGIN SOLUTION" ... "// END SOLUTION" region`);
      } catch (e) {
        problems.push((e as Error).message);
      }
    } else {
      const key = r.role === "tests" ? "tests" : "hidden";
      if (ex[key] !== undefined) problems.push(`${at}: a second ${r.role === "tests" ? "TESTS" : "HIDDEN TESTS"} cell for ${r.id}`);
      ex[key] = i;
    }
  });
  const out: Exercise[] = [];
  for (const ex of byId.values()) {
    if (ex.cell === undefined) { problems.push(`${where}: tests for ${ex.id} but no "// EXERCISE ${ex.id} · ..." cell`); continue; }
    if (ex.tests === undefined) problems.push(`${where}: exercise ${ex.id} has no "// TESTS ${ex.id}" cell`);
    if (ex.hidden === undefined) problems.push(`${where}: exercise ${ex.id} has no "// HIDDEN TESTS ${ex.id}" cell`);
    if (ex.tests !== undefined && ex.tests < ex.cell) problems.push(`${where}: the TESTS cell of ${ex.id} comes before its exercise cell`);
    if (ex.hidden !== undefined && ex.tests !== undefined && ex.hidden < ex.tests) problems.push(`${where}: the HIDDEN TESTS cell of ${ex.id} comes before its TESTS cell`);
    if (ex.points === undefined || ex.tests === undefined || ex.hidden === undefined || !ex.regions) continue;
    out.push({ id: ex.id, lesson: ex.id.slice(0, 2), points: ex.points, task: ex.task!, cell: ex.cell, tests: ex.tests, hidden: ex.hidden, regions: ex.regions });
  }
  if (problems.length) throw new Error(`exercise format problems:\n  ${problems.join("\n  ")}`);
  return out.sort((a, b) => a.cell - b.cell);
}

/**
 * Words that are true of one edition only: the solution markers and the hidden-test marker exist only
 * in the course's notebooks, the TODO stub only in the student edition. Lesson prose (markdown, and
 * the comments of exercise cells outside their solution regions) is read in both, so it names none
 * of them (docs/exercise-format.md, "Instructions that fit both editions").
 */
const EDITION_WORDS: [RegExp, string][] = [
  [/BEGIN SOLUTION|END SOLUTION/, "the solution markers (only the course's edition has them)"],
  [/HIDDEN TESTS/, "the hidden-test marker (only the course's edition has it)"],
  [/\bTODO\b/, "the TODO stub (only the student edition has it)"],
  [/student edition|teacher edition|course edition/i, "one edition by name"],
];

/**
 * Where `nb`'s prose is specific to one edition: one message per offending line, naming the cell
 * (1-based), the line and the words. Solution regions and the marker lines themselves are not prose.
 */
export function editionSpecificWording(nb: Notebook, where: string): string[] {
  const problems: string[] = [];
  nb.cells.forEach((cell, i) => {
    const lines = text(cell.source).split("\n");
    let prose: string[];
    if (cell.cell_type === "markdown") prose = lines;
    else if (cellRole(cell)?.role === "exercise") {
      let regions: Region[] = [];
      try {
        regions = findRegions(text(cell.source));
      } catch {
        // unbalanced markers: courseExercises reports them
      }
      prose = lines.map((l, k) => (k === 0 || BEGIN.test(l) || END.test(l) || regions.some((r) => k > r.begin && k < r.end) ? "" : l));
    } else return;
    prose.forEach((line, k) => {
      for (const [re, what] of EDITION_WORDS) {
        if (re.test(line)) problems.push(`${where}, cell ${i + 1} (${cell.cell_type}), line ${k + 1}: names ${what}: ${line.trim().slice(0, 120)}`);
      }
    });
  });
  return problems;
}
