// From a submission to the notebook the grader executes. The submission is only read: its exercise
// cells are taken (matched by their `// EXERCISE id` line, or by cell id when that line was edited),
// everything else comes from the course: the lesson's own cells, the visible tests and the hidden
// tests (in the course's order, whatever the submission did to its cells).
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { isCode, text, type Cell, type Notebook } from "../lib/notebook";
import { ROOT } from "../lib/paths";
import type { Course, Lesson } from "./course";
import { cellRole } from "./exercises";
import { importLine, parseImports } from "./imports";
import { CHECKS_MODULE, exercisePrefix, integritySource, preludeSource, sealSource, type KernelConfig } from "./kernel";

export type Read = { ok: true; nb: Notebook; sha256: string; notes: string[] } | { ok: false; verdict: string; sha256: string | null };

/** Read a submission without trusting it: any defect becomes a verdict, never an exception. */
export function readSubmission(file: string): Read {
  let raw: Buffer;
  try {
    raw = fs.readFileSync(file);
  } catch (e) {
    return { ok: false, verdict: `cannot read the file: ${(e as Error).message}`, sha256: null };
  }
  const sha256 = createHash("sha256").update(raw).digest("hex");
  let json: unknown;
  try {
    json = JSON.parse(raw.toString("utf8"));
  } catch (e) {
    return { ok: false, verdict: `not a notebook: the file is not valid JSON (${(e as Error).message})`, sha256 };
  }
  const nb = json as Partial<Notebook>;
  if (!nb || typeof nb !== "object" || Array.isArray(nb) || !Array.isArray(nb.cells)) {
    return { ok: false, verdict: `not a notebook: valid JSON, but without a "cells" list`, sha256 };
  }
  if (nb.nbformat !== 4) return { ok: false, verdict: `not a Jupyter notebook in format 4 (nbformat is ${JSON.stringify(nb.nbformat)})`, sha256 };
  const notes: string[] = [];
  const cells = (nb.cells as unknown[]).filter((c): c is Cell => {
    const ok = !!c && typeof c === "object" && typeof (c as Cell).cell_type === "string" &&
      (typeof (c as Cell).source === "string" || (Array.isArray((c as Cell).source) && ((c as Cell).source as unknown[]).every((s) => typeof s === "string")));
    return ok;
  });
  if (cells.length !== nb.cells.length) notes.push(`${nb.cells.length - cells.length} malformed cell(s) were ignored`);
  return { ok: true, nb: { ...(nb as Notebook), cells }, sha256, notes };
}

export type Identified = { lesson: Lesson; notes: string[] } | { lesson: null; verdict: string };

function headingOf(nb: Notebook): string {
  for (const c of nb.cells) {
    if (c.cell_type !== "markdown") continue;
    const m = text(c.source).match(/^#\s+(.+)$/m);
    if (m) return m[1].trim();
  }
  return "";
}

/** Which lesson a submission is: from its exercise ids, else its title, cell ids or file name. */
export function identify(course: Course, nb: Notebook, fileName: string): Identified {
  const counts = new Map<Lesson, number>();
  const unknown = new Set<string>();
  for (const c of nb.cells) {
    const r = cellRole(c);
    if (!r) continue;
    const l = course.byExercise.get(r.id);
    if (l) counts.set(l, (counts.get(l) ?? 0) + 1);
    else unknown.add(r.id);
  }
  const notes: string[] = [];
  if (counts.size) {
    const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].number.localeCompare(b[0].number));
    const lesson = ranked[0][0];
    if (ranked.length > 1) notes.push(`cells of other lessons' exercises (${ranked.slice(1).map(([l]) => l.number).join(", ")}) were ignored`);
    if (unknown.size) notes.push(`cells marked with unknown exercise ids were ignored: ${[...unknown].join(", ")}`);
    return { lesson, notes };
  }
  const kernel = String((nb.metadata as { kernelspec?: { name?: string } } | undefined)?.kernelspec?.name ?? "");
  const title = headingOf(nb);
  const base = path.basename(fileName).toLowerCase();
  const ids = new Set(nb.cells.map((c) => String(c.id ?? "")).filter(Boolean));
  const byTitle = course.lessons.find((l) => l.title && l.title === title);
  const byIds = course.lessons.find((l) => {
    const shared = [...l.cellIds].filter((id) => ids.has(id)).length;
    return shared >= 3 && shared >= 0.5 * l.cellIds.size;
  });
  const byName = course.lessons.find((l) => base.includes(l.base.toLowerCase().replace(/\.ipynb$/, "")));
  const lesson = byTitle ?? byIds ?? (kernel === "" || kernel === "tslab" ? byName : undefined);
  if (lesson) {
    notes.push(`no exercise cells were found (recognised as lesson ${lesson.number} by its ${byTitle ? "title" : byIds ? "cell ids" : "file name"})`);
    return { lesson, notes };
  }
  const why = [
    unknown.size ? `its exercise ids (${[...unknown].slice(0, 5).join(", ")}) are not this course's` : "none of its cells is an exercise of this course (a first line `// EXERCISE NN-name · ...`)",
    `its title ${title ? JSON.stringify(title) : "(none)"} and file name match no lesson`,
    ...(kernel && kernel !== "tslab" ? [`it is written for the kernel "${kernel}", not tslab`] : []),
  ];
  return { lesson: null, verdict: `not a notebook of this course: ${why.join("; ")}` };
}

export type Matched =
  | { status: "present"; source: string; note?: string; extras?: string[] }
  | { status: "missing"; note: string }
  | { status: "not-attempted"; source: string; note: string };

const squash = (s: string) => s.replace(/\s+/g, " ").trim();

/** The submission's cell for each exercise of the lesson, plus notes on what the student changed. */
export function matchExercises(lesson: Lesson, nb: Notebook): { matched: Map<string, Matched>; notes: string[] } {
  const notes: string[] = [];
  const matched = new Map<string, Matched>();
  const chosenAt = new Map<number, string>(); // submission cell index → the exercise graded from it
  for (const ex of lesson.exercises) {
    const courseCellId = String(lesson.nb.cells[ex.cell].id ?? "");
    let cells = nb.cells.filter((c) => isCode(c) && cellRole(c)?.role === "exercise" && cellRole(c)?.id === ex.id);
    let note: string | undefined;
    if (cells.length === 0 && courseCellId) {
      cells = nb.cells.filter((c) => isCode(c) && String(c.id ?? "") === courseCellId && !cellRole(c));
      if (cells.length) note = `its first line no longer reads "// EXERCISE ${ex.id} ..."; the cell was found by its cell id`;
    }
    if (cells.length === 0) {
      matched.set(ex.id, { status: "missing", note: `no exercise cell for ${ex.id}: its cell was deleted, or its first line "// EXERCISE ${ex.id} · ..." was changed` });
      continue;
    }
    if (cells.length > 1) note = `${cells.length} cells start with "// EXERCISE ${ex.id}"; the last one was graded`;
    const source = text(cells[cells.length - 1].source);
    chosenAt.set(nb.cells.indexOf(cells[cells.length - 1]), ex.id);
    if (squash(source) === squash(lesson.stubs.get(ex.id)!)) {
      matched.set(ex.id, { status: "not-attempted", source, note: "not attempted: the exercise cell is still the TODO stub" });
    } else matched.set(ex.id, { status: "present", source, ...(note ? { note } : {}) });
  }
  // Code cells the student added in the Exercises section (helpers in a cell of their own) run just
  // before the exercise cell that follows them; cells added to the lesson itself do not run.
  const firstEx = lesson.exercises.length ? Math.min(...lesson.exercises.map((e) => e.cell)) : lesson.nb.cells.length;
  const lessonPart = new Set(lesson.nb.cells.slice(0, firstEx).map((c) => String(c.id ?? "")).filter(Boolean));
  let start = -1;
  nb.cells.forEach((c, i) => { if (lessonPart.has(String(c.id ?? ""))) start = i; });
  let pending: string[] = [];
  let outside = 0;
  nb.cells.forEach((c, i) => {
    const exId = chosenAt.get(i);
    if (exId !== undefined) {
      const m = matched.get(exId);
      if (pending.length && m?.status === "present") m.extras = pending;
      pending = [];
      return;
    }
    if (!isCode(c) || cellRole(c) || lesson.cellIds.has(String(c.id ?? "")) || !text(c.source).trim()) return;
    if (i > start) pending.push(text(c.source));
    else outside++;
  });
  if (pending.length) notes.push(`${pending.length} code cell(s) added after the last exercise were not run`);
  if (outside) notes.push(`${outside} code cell(s) added to the lesson itself (before its Exercises) were not run`);
  for (const [id, m] of matched) if (m.status === "present" && m.extras) notes.push(`${m.extras.length} code cell(s) added before ${id} were run just before it`);
  // What else changed: reordered or deleted lesson cells, edited visible tests.
  const order = new Map(lesson.nb.cells.map((c, i) => [String(c.id ?? ""), i]));
  const seen = nb.cells.map((c) => order.get(String(c.id ?? ""))).filter((i): i is number => i !== undefined);
  if (seen.some((v, k) => k > 0 && v < seen[k - 1])) notes.push("cells were reordered; the grader ran the course's order");
  const hidden = new Set(lesson.exercises.map((e) => e.hidden));
  const present = new Set(nb.cells.map((c) => String(c.id ?? "")));
  const missing = lesson.nb.cells.filter((c, i) => isCode(c) && !hidden.has(i) && c.id && !present.has(String(c.id))).length;
  if (missing > 0 && seen.length > 0) notes.push(`${missing} of the lesson's code cells are not in the submission; the course's own cells were run`);
  for (const ex of lesson.exercises) {
    const mine = nb.cells.filter((c) => cellRole(c)?.role === "tests" && cellRole(c)?.id === ex.id);
    if (mine.length && mine.some((c) => squash(text(c.source)) !== squash(text(lesson.nb.cells[ex.tests].source)))) {
      notes.push(`the TESTS cell of ${ex.id} was edited; the course's version was run`);
    }
  }
  return { matched, notes };
}

export type CellRole = "prelude" | "lesson" | "seal" | "extra" | "exercise" | "tests" | "hidden" | "integrity";
export const ROLE_KEY = "nn-grade";

function code(source: string, role: CellRole, ex?: string, timeout?: number): Cell {
  const metadata: Record<string, unknown> = { [ROLE_KEY]: { role, ...(ex ? { ex } : {}) } };
  if (timeout) metadata["nn-timeout"] = timeout; // execute_notebook.py: this cell's own time limit
  return { cell_type: "code", id: `g${Math.random().toString(36).slice(2, 10)}`, metadata, source, outputs: [], execution_count: null } as Cell;
}

export function roleOf(cell: Cell): { role: CellRole; ex?: string } | null {
  return ((cell.metadata as Record<string, unknown>)?.[ROLE_KEY] as { role: CellRole; ex?: string }) ?? null;
}

/** Names a cell declares at its top level (a local import of the same name would clash). */
function topLevelNames(source: string): string[] {
  const sf = ts.createSourceFile("cell.ts", source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const names: string[] = [];
  const bind = (n: ts.BindingName) => {
    if (ts.isIdentifier(n)) names.push(n.text);
    else for (const el of n.elements) if (!ts.isOmittedExpression(el)) bind(el.name);
  };
  for (const st of sf.statements) {
    if (ts.isVariableStatement(st)) st.declarationList.declarations.forEach((d) => bind(d.name));
    else if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st) || ts.isEnumDeclaration(st) || ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st)) && st.name) names.push(st.name.text);
  }
  return names;
}

/** The recording checks' local names in a graded test cell (tslab exports every local name of a cell,
 * so binding them as expectClose would hand the recorder to the student's code for later calls). */
export const CHECK_NAMES: Record<string, string> = { expectClose: "nnGradeExpectClose", expectTrue: "nnGradeExpectTrue" };

/** `source` with every reference to expectClose/expectTrue renamed (property names left alone). */
function renameChecks(source: string): string {
  const sf = ts.createSourceFile("cell.ts", source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const edits: [number, number, string][] = [];
  const visit = (n: ts.Node) => {
    if (ts.isShorthandPropertyAssignment(n) && CHECK_NAMES[n.name.text]) {
      edits.push([n.name.getStart(sf), n.name.getEnd(), `${n.name.text}: ${CHECK_NAMES[n.name.text]}`]);
      return;
    }
    if (ts.isIdentifier(n) && CHECK_NAMES[n.text]) {
      const p = n.parent;
      const isName = (ts.isPropertyAccessExpression(p) && p.name === n) || (ts.isPropertyAssignment(p) && p.name === n) ||
        (ts.isMethodDeclaration(p) && p.name === n) || (ts.isPropertyDeclaration(p) && p.name === n) || ts.isImportSpecifier(p);
      if (!isName) edits.push([n.getStart(sf), n.getEnd(), CHECK_NAMES[n.text]]);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  let out = source;
  for (const [a, b, t] of edits.sort((x, y) => y[0] - x[0])) out = out.slice(0, a) + t + out.slice(b);
  return out;
}

/** A course test cell as graded: the lesson's imports and the recording checks bound locally, begin/end marks. */
export function gradedTestSource(lesson: Lesson, id: string, part: "tests" | "hidden", source: string): string {
  const { imports, rest } = parseImports(source);
  const drop = new Set(["expectClose", "expectTrue", ...Object.values(CHECK_NAMES), "nnGradeBegin", "nnGradeEnd", ...topLevelNames(rest)]);
  const line = importLine([imports, lesson.exerciseImports.get(id) ?? [], lesson.lessonImports], drop);
  const checks = Object.entries(CHECK_NAMES).map(([e, l]) => `${e} as ${l}`).join(", ");
  const head = `${line} import { ${checks}, nnGradeBegin, nnGradeEnd } from "./${CHECKS_MODULE}"; nnGradeBegin(${JSON.stringify(id)}, "${part}");`;
  const lines = renameChecks(rest).split("\n");
  lines[0] = `${head} ${lines[0]}`;
  return `${lines.join("\n")}\n;nnGradeEnd(${JSON.stringify(id)}, "${part}");`;
}

/**
 * The library modules the seal freezes for `lesson`, as a notebook imports them ("./src/matrix"):
 * every ./src module that the lesson's own cells, exercise cells, visible and hidden tests import, and
 * every module of src/ those import in turn (a test calls `expectClose`, which calls `close` through
 * that module's exports object: both must be frozen). Not the rest of src/: a module no graded cell
 * reaches cannot change a verdict, and loading it costs every kernel (checks/symbolic loads mathjs,
 * about 1.3 s of CPU per kernel, measured) for nothing.
 */
export function sealSpecifiers(lesson: Lesson, srcDir = path.join(ROOT, "src")): string[] {
  const fileOf = (base: string): string | null => {
    for (const f of [`${base}.ts`, path.join(base, "index.ts")]) if (fs.existsSync(f)) return f;
    return null;
  };
  const seen = new Set<string>();
  const visit = (file: string | null) => {
    if (!file || seen.has(file)) return;
    seen.add(file);
    for (const ref of ts.preProcessFile(fs.readFileSync(file, "utf8"), true, false).importedFiles) {
      if (ref.fileName.startsWith(".")) visit(fileOf(path.resolve(path.dirname(file), ref.fileName)));
    }
  };
  for (const c of lesson.nb.cells) {
    if (!isCode(c)) continue;
    for (const d of parseImports(text(c.source)).imports) {
      if (d.spec.startsWith("./src/")) visit(fileOf(path.join(srcDir, d.spec.slice("./src/".length))));
    }
  }
  return [...seen].map((f) => `./src/${path.relative(srcDir, f).replace(/\\/g, "/").replace(/\.ts$/, "")}`).sort();
}

export interface BuildOptions {
  /** Exercises to put in this run (others are left out). */
  include: Set<string>;
  /** "all": every lesson cell before the exercises (what the student ran); "imports": only cells that import. */
  lessonCells: "all" | "imports";
  specs: string[];
  /** Cells the student added before an exercise cell, run just before it (exercise id → sources). */
  extras?: Map<string, string[]>;
  /** Time limit of the course's own cells (and the grader's), which run no student code. */
  courseCellTimeoutSeconds?: number;
}

/** The notebook the grader runs for `lesson`, with `sources` as the exercise cells. */
export function buildGraded(lesson: Lesson, sources: Map<string, string>, cfg: KernelConfig, opts: BuildOptions): Notebook {
  const first = lesson.exercises.length ? Math.min(...lesson.exercises.map((e) => e.cell)) : lesson.nb.cells.length;
  const slow = opts.courseCellTimeoutSeconds;
  const cells: Cell[] = [code(preludeSource(cfg), "prelude", undefined, slow)];
  for (const c of lesson.nb.cells.slice(0, first)) {
    if (!isCode(c) || !text(c.source).trim()) continue;
    if (opts.lessonCells === "imports" && parseImports(text(c.source)).imports.length === 0) continue;
    cells.push(code(text(c.source), "lesson", undefined, slow));
  }
  cells.push(code(sealSource(cfg, opts.specs), "seal", undefined, slow));
  for (const ex of lesson.exercises) {
    if (!opts.include.has(ex.id) || !sources.has(ex.id)) continue;
    const prefixed = (src: string) => {
      const lines = src.split("\n");
      const at = Math.max(0, lines.findIndex((l) => l.trim() !== ""));
      lines[at] = exercisePrefix(cfg, ex.id) + lines[at];
      return lines.join("\n");
    };
    for (const extra of opts.extras?.get(ex.id) ?? []) cells.push(code(prefixed(extra), "extra", ex.id));
    cells.push(code(prefixed(sources.get(ex.id)!), "exercise", ex.id));
    cells.push(code(gradedTestSource(lesson, ex.id, "tests", text(lesson.nb.cells[ex.tests].source)), "tests", ex.id));
    cells.push(code(gradedTestSource(lesson, ex.id, "hidden", text(lesson.nb.cells[ex.hidden].source)), "hidden", ex.id));
    cells.push(code(integritySource(cfg, ex.id), "integrity", ex.id));
  }
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "tslab", display_name: "TypeScript (tslab)", language: "typescript" } },
    cells,
  };
}

