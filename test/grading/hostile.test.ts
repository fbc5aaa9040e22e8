// Hostile and broken submissions each get a clear verdict, for the exercise or for the file, and
// everything else in them is still graded; no submission file and no course file is changed.
// Graded against the fixture lesson 91 (three exercises that run in a second) with short limits.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
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
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nn-hostile-"));
const CELL_TIMEOUT = 8;

/** The exercise cell of `id` with its solution body replaced (`null`: the course's own solution). */
function cell(id: string, body: string | null, top = ""): string {
  const ex = lesson.exercises.find((e) => e.id === id)!;
  const src = text(lesson.nb.cells[ex.cell].source);
  const r = ex.regions[0];
  const lines = src.split("\n");
  const out = body === null ? lines : [...lines.slice(0, r.begin), ...body.split("\n").map((l) => `  ${l}`), ...lines.slice(r.end + 1)];
  return top ? `${out[0]}\n${top}\n${out.slice(1).join("\n")}` : out.join("\n");
}

/** A student's notebook: the student edition with these exercise cells filled in. */
function filled(cells: Record<string, string>, edit?: (nb: Notebook) => void): Notebook {
  const nb = studentEdition(lesson.nb, lesson.exercises);
  for (const [id, source] of Object.entries(cells)) {
    const courseId = lesson.nb.cells[lesson.exercises.find((e) => e.id === id)!.cell].id;
    nb.cells.find((c) => c.id === courseId)!.source = source;
  }
  edit?.(nb);
  return nb;
}

const RIGHT = { "91-double": cell("91-double", null), "91-matvec": cell("91-matvec", null), "91-sig": cell("91-sig", null) };
const courseFile = path.join(COURSE, "91-tiny-fixture.ipynb");
const pwned = path.join(ROOT, "notebooks", "pwned-by-a-submission.txt");

const cases: Record<string, Notebook | string> = {
  // One exercise loops for ever, one kills the kernel: the third is still graded.
  "loop-and-exit": filled({ ...RIGHT, "91-double": cell("91-double", "while (true) {}\nreturn xs;"), "91-matvec": cell("91-matvec", "process.exit(3);\nreturn W;") }),
  "print-flood": filled({ ...RIGHT, "91-sig": cell("91-sig", 'for (;;) console.log("spam spam spam spam spam spam spam spam");\nreturn z;') }),
  "await-forever": filled({ ...RIGHT, "91-double": cell("91-double", "return xs.map((v) => 2 * v);", "await new Promise(() => {});") }),
  "memory-hog": filled({ ...RIGHT, "91-matvec": cell("91-matvec", "const hoard: number[][] = [];\nfor (;;) hoard.push(new Array(1e6).fill(Math.random()));") }),
  "deleted-cells": filled(RIGHT, (nb) => { nb.cells = nb.cells.filter((c) => !["ex-sig", "ex-sig-tests", "lesson-cell", "imports"].includes(String(c.id))); }),
  "reordered": filled(RIGHT, (nb) => { nb.cells.reverse(); }),
  "malformed": JSON.stringify(filled(RIGHT)).slice(0, 500),
  "other-course": JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: { kernelspec: { name: "python3", display_name: "Python 3", language: "python" } },
    cells: [{ cell_type: "markdown", id: "a", metadata: {}, source: "# 91 · Homework: pandas" }, { cell_type: "code", id: "b", metadata: {}, source: "import pandas as pd\n# EXERCISE 1", outputs: [], execution_count: null }] }),
  "overwrite-library": filled({ ...RIGHT,
    "91-sig": cell("91-sig", 'const lib: any = require("./src/activations");\nlib.sigmoid = (t: number) => 0.5; // so the reference agrees with 0.5\nreturn 0.5;'),
    "91-matvec": cell("91-matvec", null, "(Math as any).exp = (t: number) => 1;"),
    "91-double": cell("91-double", "return xs.map((v) => 2 * v);", "(globalThis as any).Float64Array = Array;") }),
  "rebind-and-prototype": filled({ ...RIGHT,
    "91-double": cell("91-double", '(globalThis as any).__tslab__.exports.matmul = (A: any, B: any) => A;\nreturn xs.map((v) => 2 * v);'),
    "91-matvec": cell("91-matvec", "return W; // hoping the tests' matmul now returns W too"),
    "91-sig": cell("91-sig", '(Object.prototype as any).nnHack = 1;\nreturn 1 / (1 + Math.exp(-z));') }),
  "reads-writes-spawns": filled({ ...RIGHT,
    "91-double": cell("91-double", `const nb = require("fs").readFileSync("src/../test/fixtures/grading/course/91-tiny-fixture.ipynb", "utf8");\nreturn xs.map((v) => 2 * v);`),
    "91-matvec": cell("91-matvec", `require("fs").writeFileSync(${JSON.stringify(pwned)}, "x");\nreturn W;`),
    "91-sig": cell("91-sig", `require("child_process").execSync("cat ${courseFile}");\nreturn 1 / (1 + Math.exp(-z));`) }),
  "forged-checks": filled({ ...RIGHT,
    "91-double": cell("91-double", 'const g: any = require("./nn-grade-checks");\nfor (let k = 0; k < 3; k++) g.expectClose("doubleEx of 7 random numbers", 0, 0, 0);\nreturn xs.map((v) => v);') }),
  "late-throw": filled({ ...RIGHT, "91-double": cell("91-double", 'setTimeout(() => { throw new Error("thrown later, from a timer"); }, 0);\nreturn xs.map((v) => 2 * v);') }),
  "top-level-throw": filled({ ...RIGHT, "91-sig": cell("91-sig", null, 'throw new Error("my cell is broken");') }),
  "stub": filled({}),
  // Not hostile: helpers in cells of their own, before the exercise that uses them, and a broken scratch cell.
  "added-cells": filled({ ...RIGHT, "91-double": cell("91-double", "return xs.map(twice);") }, (nb) => {
    const at = nb.cells.findIndex((c) => c.id === "ex-double");
    nb.cells.splice(at, 0, { cell_type: "code", id: "my-helper", metadata: {}, source: "// my helper\nfunction twice(v: number): number { return v + v; }", outputs: [], execution_count: null });
    const atSig = nb.cells.findIndex((c) => c.id === "ex-sig");
    nb.cells.splice(atSig, 0, { cell_type: "code", id: "my-scratch", metadata: {}, source: "const broken: number = \"not a number\";", outputs: [], execution_count: null });
  }),
};

const files = new Map<string, string>();
const before_ = new Map<string, { hash: string; mtime: number }>();
const fingerprint = (f: string) => ({ hash: createHash("sha256").update(fs.readFileSync(f)).digest("hex"), mtime: fs.statSync(f).mtimeMs });
let results = new Map<string, SubmissionResult>();
const courseBefore = fingerprint(courseFile);

before(async () => {
  for (const [name, nb] of Object.entries(cases)) {
    const f = path.join(dir, `${name}.ipynb`);
    if (typeof nb === "string") fs.writeFileSync(f, nb);
    else writeNotebook(f, nb);
    files.set(name, f);
    before_.set(name, fingerprint(f));
  }
  const grader = new Grader({ courseDir: COURSE, jobs: 2, cellTimeoutSeconds: CELL_TIMEOUT, notebookTimeoutSeconds: 120, memoryMb: 256, protectedDirs: [dir] });
  const rs = await grader.gradeAll([...files].map(([name, file]) => ({ student: name, file })));
  results = new Map([...files.keys()].map((name, i) => [name, rs[i]]));
}, { timeout: 20 * 60 * 1000 });

after(() => fs.rmSync(dir, { recursive: true, force: true }));

const ex = (name: string, id: string) => results.get(name)!.exercises.find((e) => e.id === id)!;
const passed = (name: string, ...ids: string[]) => {
  for (const id of ids) assert.equal(ex(name, id).status, "passed", `${name} ${id}: ${ex(name, id).summary}`);
};

describe("hostile and broken submissions", () => {
  it("an endless loop times out that exercise and a process.exit() crashes that one; the third is graded", () => {
    assert.equal(ex("loop-and-exit", "91-double").status, "timeout");
    assert.match(ex("loop-and-exit", "91-double").summary, /timed out \(8 s\) in the visible tests/);
    assert.equal(ex("loop-and-exit", "91-matvec").status, "crashed");
    assert.match(ex("loop-and-exit", "91-matvec").summary, /crashed the kernel/);
    passed("loop-and-exit", "91-sig");
    assert.equal(results.get("loop-and-exit")!.score, 1);
  });

  it("printing for ever times out (the output is capped), a top-level await that never settles too", () => {
    assert.equal(ex("print-flood", "91-sig").status, "timeout");
    passed("print-flood", "91-double", "91-matvec");
    assert.equal(ex("await-forever", "91-double").status, "timeout");
    assert.match(ex("await-forever", "91-double").summary, /in the exercise cell/);
    passed("await-forever", "91-matvec", "91-sig");
  });

  it("a solution that eats memory crashes its own kernel only", () => {
    assert.equal(ex("memory-hog", "91-matvec").status, "crashed");
    passed("memory-hog", "91-double", "91-sig");
  });

  it("deleted cells: the exercise is missing; the lesson's own deleted cells are taken from the course", () => {
    assert.equal(ex("deleted-cells", "91-sig").status, "missing");
    assert.match(ex("deleted-cells", "91-sig").summary, /no exercise cell for 91-sig/);
    passed("deleted-cells", "91-double", "91-matvec");
    assert.ok(results.get("deleted-cells")!.notes.some((n) => /not in the submission; the course's own cells were run/.test(n)));
  });

  it("reordered cells are graded in the course's order, with a note", () => {
    passed("reordered", "91-double", "91-matvec", "91-sig");
    assert.ok(results.get("reordered")!.notes.some((n) => /reordered/.test(n)));
  });

  it("a malformed .ipynb and another course's notebook are rejected as files, saying why", () => {
    assert.equal(results.get("malformed")!.status, "rejected");
    assert.match(results.get("malformed")!.verdict, /not valid JSON/);
    assert.equal(results.get("other-course")!.status, "rejected");
    assert.match(results.get("other-course")!.verdict, /not a notebook of this course.*python3/);
  });

  it("overwriting the library, Math or a global fails (they are frozen) and costs only that exercise", () => {
    // Exercise cells run in strict mode, so writing to the frozen library throws where it happens.
    assert.notEqual(ex("overwrite-library", "91-sig").status, "passed");
    assert.match(ex("overwrite-library", "91-sig").summary, /Cannot assign to read only property 'sigmoid'/);
    assert.equal(ex("overwrite-library", "91-matvec").status, "error");
    assert.match(ex("overwrite-library", "91-matvec").summary, /Cannot assign to read only property 'exp'/);
    assert.equal(ex("overwrite-library", "91-double").status, "error");
    assert.match(ex("overwrite-library", "91-double").summary, /Float64Array/);
  });

  it("rebinding a lesson's name does not change what the tests compute; adding to Object.prototype is tampering, undone for the rest", () => {
    passed("rebind-and-prototype", "91-double"); // harmless to grading: the tests import matmul themselves
    assert.equal(ex("rebind-and-prototype", "91-matvec").status, "failed");
    assert.match(ex("rebind-and-prototype", "91-matvec").summary, /wrong shape: got a \(2,2\) matrix, expected a \(2,1\) matrix/);
    assert.equal(ex("rebind-and-prototype", "91-sig").status, "tampered");
    assert.match(ex("rebind-and-prototype", "91-sig").summary, /Object\.prototype\.nnHack was added/);
  });

  it("reading the course's notebooks, writing into the course and starting processes are refused", () => {
    assert.equal(ex("reads-writes-spawns", "91-double").status, "blocked");
    assert.match(ex("reads-writes-spawns", "91-double").summary, /reading the course's files with readFileSync .*91-tiny-fixture\.ipynb/);
    assert.equal(ex("reads-writes-spawns", "91-matvec").status, "blocked");
    assert.match(ex("reads-writes-spawns", "91-matvec").summary, /writing into the course's folders/);
    assert.equal(ex("reads-writes-spawns", "91-sig").status, "blocked");
    assert.match(ex("reads-writes-spawns", "91-sig").summary, /starting a process with child_process\.execSync/);
    assert.ok(!fs.existsSync(pwned), "the file was not written");
  });

  it("a solution that records checks itself does not pass", () => {
    assert.equal(ex("forged-checks", "91-double").score, 0);
    assert.match(ex("forged-checks", "91-double").notes.join(" ") + ex("forged-checks", "91-double").summary, /check functions itself|failed/);
    passed("forged-checks", "91-matvec", "91-sig");
  });

  it("an error thrown later from a timer fails the exercise whose code scheduled it", () => {
    assert.equal(ex("late-throw", "91-double").status, "failed");
    assert.match(ex("late-throw", "91-double").summary, /thrown later, from a timer/);
    passed("late-throw", "91-matvec", "91-sig");
  });

  it("a cell that throws at its top level fails its own exercise; the untouched stub is 'not attempted' and not run", () => {
    assert.equal(ex("top-level-throw", "91-sig").status, "error");
    assert.match(ex("top-level-throw", "91-sig").summary, /my cell is broken/);
    passed("top-level-throw", "91-double", "91-matvec");
    assert.deepEqual(results.get("stub")!.exercises.map((e) => e.status), ["not-attempted", "not-attempted", "not-attempted"]);
    assert.equal(results.get("stub")!.runs, 0);
  });

  it("cells a student added before an exercise run just before it; a failing one is only noted", () => {
    passed("added-cells", "91-double", "91-matvec", "91-sig");
    assert.ok(results.get("added-cells")!.notes.some((n) => /added before 91-double were run just before it/.test(n)));
    assert.match(ex("added-cells", "91-sig").notes.join(" "), /a cell you added before the exercise failed: .*not assignable to type 'number'/);
  });

  it("no submission file and no course file was changed", () => {
    for (const [name, f] of files) assert.deepEqual(fingerprint(f), before_.get(name), name);
    assert.deepEqual(fingerprint(courseFile), courseBefore);
  });
});
