// The two editions of the course site. The student edition (published by `npm run course`) shows each
// lesson as `npm run student` hands it out (tools/grade/student-edition.ts): every solution region
// replaced by its `throw new Error("TODO: ...")` stub, hidden-test cells gone, visible tests kept. It
// keeps the build's outputs of every other cell, but not those of exercise and visible-test cells: they
// came from the solution. The teacher edition (`tools/course.ts --teacher`) is the lessons as executed,
// solutions in place, and says so on every page.
import * as path from "node:path";
import { type Notebook } from "../lib/notebook";
import { courseExercises } from "../grade/exercises";
import { studentEdition } from "../grade/student-edition";

export type Edition = "student" | "teacher";

/**
 * The student edition of an executed lesson, with the outputs of every cell that is not an exercise
 * or a test (matched by cell id: the student edition keeps ids). `source` names the lesson in errors.
 */
export function studentLesson(executed: Notebook, source: string): Notebook {
  const base = path.basename(source);
  const exercises = courseExercises(executed, base, base.slice(0, 2));
  const student = studentEdition(executed, exercises);
  const noOutputs = new Set<string>();
  for (const e of exercises) for (const i of [e.cell, e.tests]) noOutputs.add(String(executed.cells[i].id));
  const byId = new Map(executed.cells.map((c) => [String(c.id), c]));
  if (byId.size !== executed.cells.length || byId.has("undefined")) {
    throw new Error(`${base}: every cell needs its own id to build the student edition (nbformat 4.5)`);
  }
  student.cells = student.cells.map((c) => {
    const id = String(c.id);
    const original = byId.get(id);
    if (c.cell_type !== "code" || noOutputs.has(id) || !original || original.cell_type !== "code") return c;
    return { ...c, outputs: original.outputs, execution_count: original.execution_count };
  });
  return student;
}
