// The course as the grader sees it: every lesson's exercises, hidden tests and imports, read once
// from notebooks/ when grading starts (so nothing a submission does on disk can change them).
import * as fs from "node:fs";
import * as path from "node:path";
import { isCode, readNotebook, text, type Notebook } from "../lib/notebook";
import { lessonFiles, NOTEBOOKS } from "../lib/paths";
import { cellRole, courseExercises, type Exercise } from "./exercises";
import { parseImports, type ImportDecl } from "./imports";
import { stubSource } from "./student-edition";

export interface Lesson {
  /** "02" */
  number: string;
  file: string;
  /** "02-one-neuron.ipynb" */
  base: string;
  /** The text of the first heading, "02 · One neuron". */
  title: string;
  nb: Notebook;
  exercises: Exercise[];
  /** id → the exercise cell as the student edition has it. */
  stubs: Map<string, string>;
  /** Imports of the lesson's own cells (not exercise or test cells). */
  lessonImports: ImportDecl[];
  /** id → imports written in the course's exercise cell. */
  exerciseImports: Map<string, ImportDecl[]>;
  cellIds: Set<string>;
  /** Set when the lesson breaks the exercise format: nothing of it can be graded. */
  problem?: string;
}

export interface Course {
  dir: string;
  lessons: Lesson[];
  byNumber: Map<string, Lesson>;
  /** exercise id → its lesson */
  byExercise: Map<string, Lesson>;
}

function heading(nb: Notebook): string {
  for (const c of nb.cells) {
    if (c.cell_type !== "markdown") continue;
    const m = text(c.source).match(/^#\s+(.+)$/m);
    if (m) return m[1].trim();
  }
  return "";
}

export function loadLesson(file: string): Lesson {
  const base = path.basename(file);
  const nb = readNotebook(file);
  let exercises: Exercise[] = [];
  let problem: string | undefined;
  try {
    exercises = courseExercises(nb, base, base.slice(0, 2));
  } catch (e) {
    problem = (e as Error).message;
  }
  const testCells = new Set(exercises.flatMap((e) => [e.cell, e.tests, e.hidden]));
  const lessonImports = nb.cells.flatMap((c, i) => (isCode(c) && !testCells.has(i) && !cellRole(c) ? parseImports(text(c.source)).imports : []));
  return {
    number: base.slice(0, 2),
    file,
    base,
    title: heading(nb),
    nb,
    exercises,
    stubs: new Map(exercises.map((e) => [e.id, stubSource(text(nb.cells[e.cell].source), e)])),
    lessonImports,
    exerciseImports: new Map(exercises.map((e) => [e.id, parseImports(text(nb.cells[e.cell].source)).imports])),
    cellIds: new Set(nb.cells.map((c) => String(c.id ?? "")).filter(Boolean)),
    ...(problem ? { problem } : {}),
  };
}

/** Every lesson in `dir`. A lesson that breaks the exercise format is kept with its `problem` (its submissions get that verdict). */
export function loadCourse(dir = NOTEBOOKS): Course {
  if (!fs.existsSync(dir)) throw new Error(`no course notebooks in ${dir}`);
  const lessons = lessonFiles(dir).map(loadLesson);
  const byExercise = new Map<string, Lesson>();
  for (const l of lessons) {
    const ids = l.problem ? l.nb.cells.map((c) => cellRole(c)?.id).filter((x): x is string => !!x) : l.exercises.map((e) => e.id);
    for (const id of ids) {
      const other = byExercise.get(id);
      if (other && other !== l) throw new Error(`exercise id ${id} is used by ${other.base} and ${l.base}`);
      byExercise.set(id, l);
    }
  }
  return { dir, lessons, byNumber: new Map(lessons.map((l) => [l.number, l])), byExercise };
}
