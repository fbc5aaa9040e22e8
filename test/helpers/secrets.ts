// The lines a student must never see: every line of a solution region (`// BEGIN SOLUTION` …
// `// END SOLUTION`) and of a `// HIDDEN TESTS` cell, of every lesson, minus lines that say nothing
// (shorter than MIN characters) or that are public anyway (shown elsewhere in a lesson, or in src/).
// Used by the student site's test (test/site/editions.test.ts) and the student notebooks' (test/grading/student.test.ts).
import * as fs from "node:fs";
import * as path from "node:path";
import { lessonFiles, ROOT } from "../../tools/lib/paths";

export interface Secret { lesson: string; line: string; kind: "solution" | "hidden test" }

export const MIN = 12; // shorter lines (`return s;`, `}`) say nothing about an answer

export function cellLines(cell: { source: string | string[] }): string[] {
  return (Array.isArray(cell.source) ? cell.source.join("") : cell.source).split("\n");
}

/** Secret lines of every lesson, minus any line that the lessons also show outside their secrets (≥ MIN characters). */
export function secretLines(files = lessonFiles()): Secret[] {
  const secrets: Secret[] = [];
  const shown = new Set<string>();
  for (const f of files) {
    const nb = JSON.parse(fs.readFileSync(f, "utf8")) as { cells: { cell_type: string; source: string | string[] }[] };
    const lesson = path.basename(f, ".ipynb");
    for (const cell of nb.cells) {
      const lines = cellLines(cell);
      const head = (lines.find((l) => l.trim() !== "") ?? "").trim();
      if (cell.cell_type === "code" && /^\/\/\s*HIDDEN TESTS\b/.test(head)) {
        for (const l of lines) secrets.push({ lesson, line: l.trim(), kind: "hidden test" });
        continue;
      }
      let inside = false;
      for (const l of lines) {
        if (/^\s*\/\/\s*BEGIN SOLUTION\s*$/.test(l)) { inside = true; continue; }
        if (/^\s*\/\/\s*END SOLUTION\s*$/.test(l)) { inside = false; continue; }
        if (inside) secrets.push({ lesson, line: l.trim(), kind: "solution" });
        else shown.add(l.trim());
      }
    }
  }
  // A line the lessons show elsewhere (whole, or inside a longer line) gives nothing away; nor does a
  // line of the library itself (src/ is public: every student has it, and the live pages' type
  // checker ships it), e.g. a loop header `for (let k = 0; k <= epochs; k++) {` shared with src/train.ts.
  const shownText = [...shown].join("\n") + "\n" + librarySources();
  return secrets.filter((s) => s.line.length >= MIN && !shownText.includes(s.line) && !s.line.startsWith('throw new Error("TODO:'));
}

/** Every src/ file's text, one after the other. */
function librarySources(dir = path.join(ROOT, "src")): string {
  return fs.readdirSync(dir, { withFileTypes: true }).map((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? librarySources(p) : e.name.endsWith(".ts") ? fs.readFileSync(p, "utf8") : "";
  }).join("\n");
}

