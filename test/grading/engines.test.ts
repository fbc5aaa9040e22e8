// The two grading engines (tools/grade/cells.ts) give the same verdicts: the same submissions of the
// fixture lesson 91 (right, wrong, a syntax error, a type error, a type error the test cell finds,
// an endless loop, a crash, hostile reads, writes and processes, a late throw, a rebound name)
// graded with engine "jupyter" (a tslab kernel through Jupyter) and engine "cells" (tslab's converter
// and a node process per submission): per exercise the same status, score, checks passed and summary.
// Both run in the sandbox when it can start here (as every grading does).
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { loadLesson } from "../../tools/grade/course";
import { Grader, type SubmissionResult } from "../../tools/grade/grader";
import { studentEdition } from "../../tools/grade/student-edition";
import { text, writeNotebook, type Notebook } from "../../tools/lib/notebook";
import { ROOT } from "../../tools/lib/paths";

const COURSE = path.join(ROOT, "test/fixtures/grading/course");
const lesson = loadLesson(path.join(COURSE, "91-tiny-fixture.ipynb"));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nn-engines-"));
const out = fs.mkdtempSync(path.join(os.tmpdir(), "nn-engines-out-"));
const J = JSON.stringify;

function cell(id: string, body: string | null, top = ""): string {
  const ex = lesson.exercises.find((e) => e.id === id)!;
  const lines = text(lesson.nb.cells[ex.cell].source).split("\n");
  const r = ex.regions[0];
  const o = body === null ? lines : [...lines.slice(0, r.begin), ...body.split("\n").map((l) => `  ${l}`), ...lines.slice(r.end + 1)];
  return top ? `${o[0]}\n${top}\n${o.slice(1).join("\n")}` : o.join("\n");
}
function filled(cells: Record<string, string>): Notebook {
  const nb = studentEdition(lesson.nb, lesson.exercises);
  for (const [id, source] of Object.entries(cells)) {
    const courseId = lesson.nb.cells[lesson.exercises.find((e) => e.id === id)!.cell].id;
    nb.cells.find((c) => c.id === courseId)!.source = source;
  }
  return nb;
}
const RIGHT = { "91-double": cell("91-double", null), "91-matvec": cell("91-matvec", null), "91-sig": cell("91-sig", null) };
const courseFile = path.join(COURSE, "91-tiny-fixture.ipynb");

const CASES: Record<string, Notebook> = {
  right: filled(RIGHT),
  wrong: filled({ "91-double": cell("91-double", "return xs.map((v) => 3 * v);"), "91-matvec": cell("91-matvec", "return W;"), "91-sig": cell("91-sig", "return 1 / (1 + Math.exp(z));") }),
  "syntax-and-type-errors": filled({ ...RIGHT,
    "91-double": cell("91-double", "return xs.map((v) => 2 * v;"),
    "91-matvec": cell("91-matvec", 'const n: number = "not a number";\nreturn W;'),
    // Type-checks on its own, but the test cell then calls it with a number: the test cell fails to compile.
    "91-sig": `// EXERCISE 91-sig · 1 point\nfunction sigEx(z: string): number { return 0.5; }` }),
  "loop-and-exit": filled({ ...RIGHT, "91-double": cell("91-double", "while (true) {}\nreturn xs;"), "91-matvec": cell("91-matvec", "process.exit(3);\nreturn W;") }),
  hostile: filled({ ...RIGHT,
    "91-double": cell("91-double", `const nb = require("fs").readFileSync(${J(courseFile)}, "utf8");\nreturn xs.map((v) => 2 * v);`),
    "91-matvec": cell("91-matvec", `require("fs").writeFileSync(${J(path.join(ROOT, "notebooks", "pwned-engines.txt"))}, "x");\nreturn W;`),
    "91-sig": cell("91-sig", 'require("child_process").execSync("true");\nreturn 1 / (1 + Math.exp(-z));') }),
  "late-and-rebind": filled({ ...RIGHT,
    "91-double": cell("91-double", 'setTimeout(() => { throw new Error("thrown later, from a timer"); }, 0);\nreturn xs.map((v) => 2 * v);'),
    "91-sig": cell("91-sig", '(Object.prototype as any).nnHack = 1;\nreturn 1 / (1 + Math.exp(-z));') }),
};

const graded = new Map<string, Map<string, SubmissionResult>>();

before(async () => {
  const subs = Object.entries(CASES).map(([name, nb]) => {
    const file = path.join(dir, `${name}.ipynb`);
    writeNotebook(file, nb);
    return { student: name, file };
  });
  for (const engine of ["jupyter", "cells"] as const) {
    const grader = new Grader({ courseDir: COURSE, jobs: 2, engine, cellTimeoutSeconds: 8, notebookTimeoutSeconds: 120, memoryMb: 256, protectedDirs: [dir, out] });
    const rs = await grader.gradeAll(subs);
    graded.set(engine, new Map(rs.map((r) => [r.student, r])));
  }
}, { timeout: 20 * 60 * 1000 });

after(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(out, { recursive: true, force: true });
});

/** What must agree: everything but timings (and the seconds a time limit names). */
const verdict = (r: SubmissionResult) => ({
  status: r.status, verdict: r.verdict, score: r.score, notes: r.notes,
  exercises: r.exercises.map((e) => ({ id: e.id, status: e.status, score: e.score, passed: e.passed, total: e.total, summary: e.summary.replace(/\d+(\.\d+)? s\b/g, "N s") })),
});

describe("the cells engine grades as the Jupyter engine does", () => {
  for (const name of Object.keys(CASES)) {
    it(`${name}: the same verdict, exercise by exercise`, () => {
      const a = verdict(graded.get("jupyter")!.get(name)!);
      const b = verdict(graded.get("cells")!.get(name)!);
      assert.deepEqual(b, a);
    });
  }
  it("the cases mean what they say (under the cells engine)", () => {
    const r = (n: string) => graded.get("cells")!.get(n)!;
    const st = (n: string, id: string) => r(n).exercises.find((e) => e.id === id)!.status;
    assert.equal(r("right").score, r("right").max);
    assert.equal(r("wrong").score, 0);
    assert.deepEqual(["91-double", "91-matvec", "91-sig"].map((id) => st("syntax-and-type-errors", id)), ["error", "error", "failed"]);
    assert.deepEqual(["91-double", "91-matvec", "91-sig"].map((id) => st("loop-and-exit", id)), ["timeout", "crashed", "passed"]);
    assert.deepEqual(["91-double", "91-matvec", "91-sig"].map((id) => st("hostile", id)), ["blocked", "blocked", "blocked"]);
    assert.deepEqual(["91-double", "91-matvec", "91-sig"].map((id) => st("late-and-rebind", id)), ["failed", "passed", "tampered"]);
    assert.ok(!fs.existsSync(path.join(ROOT, "notebooks", "pwned-engines.txt")));
  });
});
