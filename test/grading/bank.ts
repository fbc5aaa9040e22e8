// The bank of known solutions, stored as data in test/fixtures/grading/bank/<exercise-id>/:
//   wrong-<mistake>.txt   a mistake students really make, which must lose the exercise's points;
//   right-<style>.txt     a correct solution written differently, which must get full marks.
// A file holds the code that replaces the exercise's solution region (several regions: separated by
// a line `// ---- next region ----`), or, when its first line is `// EXERCISE ...`, the whole cell.
// Submissions are built as a student would hand them in: the student edition with exercise cells
// filled in. One submission carries one variant of every exercise of its lesson (the exercises do
// not share state), so a lesson needs as many graded runs as its longest list of variants.
import * as fs from "node:fs";
import * as path from "node:path";
import { text, writeNotebook, type Notebook } from "../../tools/lib/notebook";
import { ROOT } from "../../tools/lib/paths";
import type { Lesson } from "../../tools/grade/course";
import { replaceRegions, type Exercise } from "../../tools/grade/exercises";
import { studentEdition } from "../../tools/grade/student-edition";

export const BANK = path.join(ROOT, "test/fixtures/grading/bank");
const NEXT_REGION = /^\s*\/\/ ---- next region ----\s*$/;

export interface Variant {
  exercise: string;
  kind: "right" | "wrong";
  /** file name without .txt */
  name: string;
  text: string;
}

export function loadBank(dir = BANK): Map<string, Variant[]> {
  const bank = new Map<string, Variant[]>();
  if (!fs.existsSync(dir)) return bank;
  for (const id of fs.readdirSync(dir).sort()) {
    const sub = path.join(dir, id);
    if (!fs.statSync(sub).isDirectory()) continue;
    const vs = fs.readdirSync(sub).filter((f) => /^(right|wrong)-.+\.txt$/.test(f)).sort().map((f) => ({
      exercise: id,
      kind: f.startsWith("right") ? ("right" as const) : ("wrong" as const),
      name: f.replace(/\.txt$/, ""),
      text: fs.readFileSync(path.join(sub, f), "utf8").replace(/\s+$/, ""),
    }));
    bank.set(id, vs);
  }
  return bank;
}

/** The exercise cell a student would hand in with variant `v`. */
export function variantSource(lesson: Lesson, ex: Exercise, v: Variant): string {
  if (/^\s*\/\/\s*EXERCISE\b/.test(v.text)) return v.text;
  const bodies = v.text.split("\n").reduce<string[][]>((acc, line) => {
    if (NEXT_REGION.test(line)) acc.push([]);
    else acc[acc.length - 1].push(line);
    return acc;
  }, [[]]);
  return replaceRegions(text(lesson.nb.cells[ex.cell].source), ex.regions, bodies);
}

export interface Planned {
  file: string;
  /** exercise id → the variant it carries */
  variants: Map<string, Variant>;
}

/** Write the bank's submissions for `lesson` into `dir`: submission r carries variant r of each exercise. */
export function writeRounds(lesson: Lesson, bank: Map<string, Variant[]>, dir: string): Planned[] {
  const base = studentEdition(lesson.nb, lesson.exercises);
  const rounds = Math.max(0, ...lesson.exercises.map((e) => bank.get(e.id)?.length ?? 0));
  const out: Planned[] = [];
  for (let r = 0; r < rounds; r++) {
    const nb: Notebook = JSON.parse(JSON.stringify(base));
    const variants = new Map<string, Variant>();
    for (const ex of lesson.exercises) {
      const v = bank.get(ex.id)?.[r];
      if (!v) continue; // left as the TODO stub: "not attempted", and not run
      const id = lesson.nb.cells[ex.cell].id;
      const cell = nb.cells.find((c) => c.id === id)!;
      cell.source = variantSource(lesson, ex, v);
      variants.set(ex.id, v);
    }
    const file = path.join(dir, `bank-${lesson.number}-round-${String(r + 1).padStart(2, "0")}.ipynb`);
    writeNotebook(file, nb);
    out.push({ file, variants });
  }
  return out;
}
