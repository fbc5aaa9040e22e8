// The student edition of a lesson: every solution region replaced by a stub that type-checks and
// throws `TODO: <task>`, hidden test cells removed, no outputs. Cell ids are kept: the grader uses
// them to recognise a lesson's cells in a submission.
import { stripOutputs, text, type Notebook } from "../lib/notebook";
import { replaceRegions, stubLines, type Exercise } from "./exercises";

/** Metadata key the student edition carries (tools write it; nothing depends on it being present). */
export const EDITION_KEY = "nn-from-scratch";

/** The exercise cell as a student receives it. */
export function stubSource(source: string, ex: Exercise): string {
  return replaceRegions(source, ex.regions, ex.regions.map((r) => stubLines(ex, r)));
}

export function studentEdition(nb: Notebook, exercises: Exercise[]): Notebook {
  const copy = stripOutputs(nb);
  const hidden = new Set(exercises.map((e) => e.hidden));
  const byCell = new Map(exercises.map((e) => [e.cell, e]));
  copy.cells = copy.cells.flatMap((cell, i) => {
    if (hidden.has(i)) return [];
    const ex = byCell.get(i);
    if (ex) return [{ ...cell, source: stubSource(text(cell.source), ex) }];
    return [cell];
  });
  copy.metadata = { ...copy.metadata, [EDITION_KEY]: { edition: "student", exercises: exercises.map((e) => ({ id: e.id, points: e.points })) } };
  return copy;
}
