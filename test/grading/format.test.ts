// The exercise format, the student edition and the grader's bookkeeping, without a kernel: markers
// parsed and checked, stubs and hidden cells, lesson identification, exercise matching, the test
// cells' rewriting, scoring policy, and what the gradebook and feedback pages escape.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { gradedTestSource, identify, matchExercises, readSubmission, sealSpecifiers } from "../../tools/grade/assemble";
import { loadCourse, loadLesson } from "../../tools/grade/course";
import { cellRole, courseExercises, editionSpecificWording, findRegions } from "../../tools/grade/exercises";
import { freeNamesIn, importLine, parseImports, topLevelNames } from "../../tools/grade/imports";
import { lessonNamesUsed } from "../../tools/grade/grader";
import { feedbackHtml, gradebookCsv } from "../../tools/grade/report";
import { checkMessage, scoreExercise, type ExerciseRun, type Rec } from "../../tools/grade/score";
import { studentEdition } from "../../tools/grade/student-edition";
import type { SubmissionResult } from "../../tools/grade/grader";
import { isCode, text, type Notebook } from "../../tools/lib/notebook";
import { lessonFiles, ROOT } from "../../tools/lib/paths";
import { writeStudentEdition } from "../../tools/student";

const COURSE = path.join(ROOT, "test/fixtures/grading/course");
const FIXTURE = path.join(COURSE, "91-tiny-fixture.ipynb");
const lesson = loadLesson(FIXTURE);
const copy = (nb: Notebook): Notebook => JSON.parse(JSON.stringify(nb));
const code = (source: string, id?: string) => ({ cell_type: "code" as const, id: id ?? `c${Math.random()}`, metadata: {}, source, outputs: [], execution_count: null });

describe("the exercise format", () => {
  it("finds each exercise with its points, task, test cells and solution regions", () => {
    assert.deepEqual(lesson.exercises.map((e) => [e.id, e.points, e.regions.length]), [["91-double", 1, 1], ["91-matvec", 2, 1], ["91-sig", 1, 1]]);
    assert.equal(lesson.exercises[1].task, "the product W·v of a (n, k) matrix and a (k, 1) column");
    for (const e of lesson.exercises) assert.ok(e.cell < e.tests && e.tests < e.hidden);
  });

  it("names every problem of a malformed lesson: lost hidden cell, unclosed region, wrong lesson number", () => {
    const nb = copy(lesson.nb);
    const hidden = nb.cells.findIndex((c) => cellRole(c)?.role === "hidden" && cellRole(c)?.id === "91-sig");
    nb.cells.splice(hidden, 1);
    const ex = nb.cells.find((c) => cellRole(c)?.id === "91-double" && cellRole(c)?.role === "exercise")!;
    ex.source = text(ex.source).replace("  // END SOLUTION\n", "");
    nb.cells.push(code("// EXERCISE 12-elsewhere · 1 point · x\nfunction f(): number {\n  // BEGIN SOLUTION\n  return 1;\n  // END SOLUTION\n}"));
    assert.throws(() => courseExercises(nb, "91-x.ipynb", "91"), (e: Error) =>
      /91-sig has no "\/\/ HIDDEN TESTS 91-sig" cell/.test(e.message) && /never closed/.test(e.message) && /does not start with the lesson's number 91/.test(e.message));
  });

  it("rejects an END without a BEGIN and a nested BEGIN", () => {
    assert.throws(() => findRegions("  // END SOLUTION"), /without a "\/\/ BEGIN SOLUTION"/);
    assert.throws(() => findRegions("// BEGIN SOLUTION\n// BEGIN SOLUTION\n// END SOLUTION"), /inside another solution region/);
  });
});

describe("which lesson names a solution uses (for --lesson-cells auto)", () => {
  it("topLevelNames: const/let/var with destructuring, functions, classes; not names inside blocks", () => {
    const src = "const a = 1, { b, c: [d, , e] } = f();\nlet g;\nfunction h() { const inner = 1; }\nclass K {}\nif (a) { var v = 2; }";
    assert.deepEqual(topLevelNames(src), ["a", "b", "d", "e", "g", "h", "K"]);
  });
  it("freeNamesIn: names used but not bound; property names and the source's own bindings are not free", () => {
    const src = "function f(W1: number, [p, q]: number[]) { const z = W1 * m + obj.housing + p; return { X: z, y: q }; }";
    assert.deepEqual([...freeNamesIn(src)].sort(), ["m", "obj"]);
  });
  it("lessonNamesUsed: lesson 01's `m` from a cell without imports, not `lineGradients` (imported)", () => {
    const l = loadCourse().lessons.find((x) => x.number === "01")!;
    const fn = (body: string) => `function g(w: number, b: number, x: number[], y: number[]) { ${body} }`;
    assert.deepEqual(lessonNamesUsed(l, [fn("return m + lineGradients(w, b, x, y).dw;")]), ["m"]);
    assert.deepEqual(lessonNamesUsed(l, [fn("const m = x.length; return m;")]), []);
  });
});

describe("the student edition", () => {
  const ed = studentEdition(lesson.nb, lesson.exercises);
  it("replaces each solution region by a TODO stub, keeps the signature and the cell ids, drops hidden tests", () => {
    const all = ed.cells.map((c) => text(c.source)).join("\n");
    assert.doesNotMatch(all, /BEGIN SOLUTION|END SOLUTION|HIDDEN TESTS|xs\.map\(\(v\) => 2 \* v\)/);
    const ex = ed.cells.find((c) => c.id === "ex-double")!;
    assert.equal(text(ex.source), `// EXERCISE 91-double · 1 point · each entry of xs times two\nfunction doubleEx(xs: number[]): number[] {\n  throw new Error("TODO: each entry of xs times two");\n}`);
    assert.equal(ed.cells.length, lesson.nb.cells.length - 3);
    assert.ok(ed.cells.every((c) => !isCode(c) || (c.outputs.length === 0 && c.execution_count === null)));
  });

  it("writes student/ whole (lessons, src link, plotly, README) and refuses to replace a folder it did not write", () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nn-student-"));
    const out = path.join(tmp, "student");
    const summary = writeStudentEdition(out, COURSE);
    assert.deepEqual(summary.map((s) => s.file), ["91-tiny-fixture.ipynb"]);
    assert.ok(fs.existsSync(path.join(out, "src/matrix.ts")), "the src link resolves");
    assert.match(fs.readFileSync(path.join(out, "README.md"), "utf8"), /`91-matvec` \| 2 \|/);
    writeStudentEdition(out, COURSE); // a second run replaces the first
    fs.mkdirSync(path.join(tmp, "mine"));
    fs.writeFileSync(path.join(tmp, "mine/notes.txt"), "keep me");
    assert.throws(() => writeStudentEdition(path.join(tmp, "mine"), COURSE), /not a student edition/);
    assert.equal(fs.readFileSync(path.join(tmp, "mine/notes.txt"), "utf8"), "keep me");
    fs.rmSync(tmp, { recursive: true });
  });
});

describe("instructions that fit both editions", () => {
  it("every lesson's prose and exercise comments name neither the solution markers nor the TODO stub", () => {
    const problems = lessonFiles().flatMap((f) => editionSpecificWording(loadLesson(f).nb, path.basename(f)));
    assert.deepEqual(problems, [], "docs/exercise-format.md, \"Instructions that fit both editions\"");
  });

  it("names the cell, the line and the words of an edition-specific instruction; solution regions are not prose", () => {
    const nb = copy(lesson.nb);
    nb.cells.push({ cell_type: "markdown", id: "intro", metadata: {}, source: "## Exercises\n\nWrite the body between `// BEGIN SOLUTION` and `// END SOLUTION`." });
    nb.cells.push({ cell_type: "markdown", id: "intro2", metadata: {}, source: "In the student edition, replace `throw new Error(\"TODO: …\")`." });
    const ex = nb.cells.find((c) => cellRole(c)?.id === "91-sig" && cellRole(c)?.role === "exercise")!;
    ex.source = text(ex.source).replace("function sigEx", "// replace the TODO line\nfunction sigEx").replace("  return 1 /", "  // TODO inside a solution region is the solution's business\n  return 1 /");
    const problems = editionSpecificWording(nb, "x.ipynb");
    assert.equal(problems.length, 4, problems.join("\n"));
    assert.match(problems[0], /^x\.ipynb, cell 11 \(code\), line 2: names the TODO stub/);
    assert.match(problems[1], /^x\.ipynb, cell 14 \(markdown\), line 3: names the solution markers/);
    assert.match(problems[2], /^x\.ipynb, cell 15 \(markdown\), line 1: names the TODO stub/);
    assert.match(problems[3], /^x\.ipynb, cell 15 \(markdown\), line 1: names one edition by name/);
    assert.deepEqual(editionSpecificWording(lesson.nb, "91"), []);
  });
});

describe("reading and recognising a submission", () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nn-sub-"));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const write = (name: string, content: string) => { const f = path.join(tmp, name); fs.writeFileSync(f, content); return f; };
  const course = loadCourse(COURSE);

  it("turns a malformed file into a verdict, never an exception", () => {
    assert.match((readSubmission(write("a.ipynb", "{ not json")) as { verdict: string }).verdict, /not valid JSON/);
    assert.match((readSubmission(write("b.ipynb", "[1, 2]")) as { verdict: string }).verdict, /without a "cells" list/);
    assert.match((readSubmission(write("c.ipynb", '{"cells": [], "nbformat": 3}')) as { verdict: string }).verdict, /format 4/);
    assert.match((readSubmission(path.join(tmp, "missing.ipynb")) as { verdict: string }).verdict, /cannot read/);
  });

  it("recognises the lesson by its exercise ids, and rejects another course's notebook saying why", () => {
    const ed = studentEdition(lesson.nb, lesson.exercises);
    const id = identify(course, ed, "whatever.ipynb");
    assert.equal(id.lesson?.number, "91");
    const python: Notebook = { nbformat: 4, nbformat_minor: 5, metadata: { kernelspec: { name: "python3", display_name: "Python 3", language: "python" } },
      cells: [{ cell_type: "markdown", id: "m", metadata: {}, source: "# Homework 3" }, code("import numpy as np\nprint(np.ones(3))")] };
    const r = identify(course, python, "91-tiny-fixture.ipynb");
    assert.equal(r.lesson, null);
    assert.match((r as { verdict: string }).verdict, /not a notebook of this course.*kernel "python3"/);
  });

  it("matches exercise cells by their first line or cell id, and says what was deleted, edited or left as the stub", () => {
    const sub = studentEdition(lesson.nb, lesson.exercises);
    const dbl = sub.cells.find((c) => c.id === "ex-double")!;
    dbl.source = text(dbl.source).replace(/throw new Error\(.*\);/, "return xs.map((v) => v * 2);").replace(/^\/\/ EXERCISE.*\n/, "// my answer\n");
    sub.cells = sub.cells.filter((c) => c.id !== "ex-matvec" && c.id !== "lesson-cell");
    const tests = sub.cells.find((c) => c.id === "ex-sig-tests")!;
    tests.source = "// TESTS 91-sig\nconsole.log('skipped');";
    sub.cells.reverse();
    const { matched, notes } = matchExercises(lesson, sub);
    assert.equal(matched.get("91-double")!.status, "present");
    assert.match((matched.get("91-double") as { note: string }).note, /found by its cell id/);
    assert.equal(matched.get("91-matvec")!.status, "missing");
    assert.equal(matched.get("91-sig")!.status, "not-attempted");
    assert.ok(notes.some((n) => /reordered/.test(n)) && notes.some((n) => /not in the submission/.test(n)) && notes.some((n) => /TESTS cell of 91-sig was edited/.test(n)), notes.join("\n"));
  });
});

describe("the graded test cells", () => {
  it("import the lesson's names locally, take the checks from the grader, and keep the line numbers", () => {
    const src = text(lesson.nb.cells[lesson.exercises[0].hidden].source);
    const g = gradedTestSource(lesson, "91-double", "hidden", src);
    assert.equal(g.split("\n").length, src.split("\n").length + 1, "one line added, at the end");
    assert.match(g.split("\n")[0], /import \{ Matrix, matmul \} from "\.\/src\/matrix";.*import \{ expectClose as nnGradeExpectClose, expectTrue as nnGradeExpectTrue, nnGradeBegin, nnGradeEnd \} from "\.\/nn-grade-checks"; nnGradeBegin\("91-double", "hidden"\); \/\/ HIDDEN TESTS 91-double/);
    assert.doesNotMatch(g.split("\n").slice(1).join("\n"), /\bexpectClose\(/);
    assert.match(g, /nnGradeExpectTrue\("doubleEx\(\[\]\) is empty"/);
  });

  it("merge imports, renaming and dropping names", () => {
    const a = parseImports('import { a, b as c } from "./x";\nimport type { T } from "./t";\nconst z = 1;');
    assert.equal(a.rest.split("\n").length, 3);
    assert.equal(importLine([a.imports, parseImports('import { a, d } from "./y";').imports], new Set(["c"])), 'import { a } from "./x"; import type { T } from "./t"; import { d } from "./y";');
  });
});

describe("the seal", () => {
  const course = loadCourse();
  const byNumber = (n: string) => course.lessons.find((l) => l.number === n)!;
  it("freezes every library module a lesson's cells import, and the modules those import (expect → close)", () => {
    for (const l of course.lessons) {
      const specs = sealSpecifiers(l);
      // Written out with a regex here, not with the grader's import parser.
      const direct = new Set(l.nb.cells.filter(isCode).flatMap((c) => [...text(c.source).matchAll(/from\s+"(\.\/src\/[^"]+)"/g)].map((m) => m[1])));
      for (const d of direct) assert.ok(specs.includes(d), `${l.base}: ${d} is imported by a cell but not sealed`);
      for (const s of specs) assert.ok(fs.existsSync(path.join(ROOT, `${s}.ts`)), `${l.base}: ${s} is not a module of src/`);
    }
    const l01 = sealSpecifiers(byNumber("01"));
    assert.ok(l01.includes("./src/checks/expect") && l01.includes("./src/checks/close"), "close is reached through expect only");
    assert.ok(!byNumber("01").nb.cells.some((c) => text(c.source).includes("./src/checks/close")));
  });
  it("leaves out what no graded cell reaches: lesson 01 does not load mathjs (checks/symbolic); lesson 06 does", () => {
    assert.ok(!sealSpecifiers(byNumber("01")).includes("./src/checks/symbolic"));
    assert.ok(sealSpecifiers(byNumber("06")).includes("./src/checks/symbolic"));
  });
});

describe("scoring", () => {
  const ref = { tests: ["t0"], hidden: ["h0", "h1"] };
  const rec = (ok: boolean, what: string): Rec => ({ type: "check", kind: "true", what, ok });
  const run = (checks: Record<"tests" | "hidden", Rec[]>, extra: Partial<ExerciseRun> = {}): ExerciseRun => ({
    parts: { tests: { begun: true, ended: true, status: "ok", checks: checks.tests }, hidden: { begun: true, ended: true, status: "ok", checks: checks.hidden } },
    blocked: [], tamper: [], detected: [], done: true, ...extra,
  });
  it("all or nothing: one failed check costs the whole exercise; with --partial, checks and clean cells count", () => {
    const r = run({ tests: [rec(true, "t0")], hidden: [rec(true, "h0"), rec(false, "h1")] });
    assert.equal(scoreExercise("x", 3, ref, r, false).score, 0);
    assert.equal(scoreExercise("x", 3, ref, r, true).score, 2.4); // (2 checks + 2 clean cells) / (3 + 2) · 3
    assert.equal(scoreExercise("x", 3, ref, run({ tests: [rec(true, "t0")], hidden: [rec(true, "h0"), rec(true, "h1")] }), false).score, 3);
  });
  it("a check never reached fails; extra recorded checks fail the cell; refusals and tampering score 0 even with --partial", () => {
    const short = scoreExercise("x", 3, ref, run({ tests: [rec(true, "t0")], hidden: [rec(true, "h0")] }, {}), false);
    assert.equal(short.status, "failed");
    const extra = scoreExercise("x", 3, ref, run({ tests: [rec(true, "t0"), rec(true, "forged")], hidden: [rec(true, "h0"), rec(true, "h1")] }), true);
    assert.ok(extra.score < 3 && /called the grader's check functions/.test(extra.notes.join()));
    const all = { tests: [rec(true, "t0")], hidden: [rec(true, "h0"), rec(true, "h1")] };
    assert.equal(scoreExercise("x", 3, ref, run(all, { blocked: [{ type: "blocked", what: "reading", path: "/x" }] }), true).score, 0);
    assert.equal(scoreExercise("x", 3, ref, run(all, { tamper: ["Math was replaced"] }), true).status, "tampered");
  });
  it("a failed comparison says expected vs got, with shapes", () => {
    const m = checkMessage({ type: "check", kind: "close", what: "Z", ok: false, tol: 1e-12, diff: 0.5, worst: 4, worstGot: 1.5, worstExpected: 1,
      got: { type: "matrix", shape: [2, 3], length: 6, head: [1, 2, 3, 4, 1.5, 6] }, expected: { type: "matrix", shape: [2, 3], length: 6, head: [1, 2, 3, 4, 1, 6] } });
    assert.match(m, /max \|difference\| 0\.5 > tolerance 1e-12; worst at entry \(1,1\): got 1\.5, expected 1; got a \(2,3\) matrix \[1, 2, 3, 4, 1\.5, 6\]/);
    assert.equal(checkMessage({ type: "check", kind: "close", what: "Z", ok: false, problem: "shape", got: { type: "matrix", shape: [3, 2] }, expected: { type: "matrix", shape: [2, 3] } }),
      "wrong shape: got a (3,2) matrix, expected a (2,3) matrix");
  });
});

describe("the gradebook and the feedback page", () => {
  const hostile: SubmissionResult = {
    student: "=cmd|' /C calc'!A0", file: "x.ipynb", sha256: null, lesson: "91", lessonFile: "91-tiny-fixture.ipynb", status: "graded",
    verdict: 'says "hi", <script>alert(1)</script>', score: 1, max: 4, notes: ["<img src=x onerror=alert(1)>"], runs: 1, seconds: 1,
    exercises: [{ id: "91-double", points: 1, score: 1, status: "passed", summary: "<b>ok</b>", checks: [], passed: 0, total: 0, notes: [], code: "</pre><script>x()</script>" }],
  };
  it("CSV: quotes are doubled and a student's text never starts a spreadsheet formula", () => {
    const csv = gradebookCsv([hostile]);
    assert.match(csv, /^student,file,lesson,status,score,max,91-double,verdict\n'=cmd\|' \/C calc'!A0,x\.ipynb,91,graded,1,4,1,"says ""hi"", <script>/);
  });
  it("HTML: every string from the submission is escaped", () => {
    const html = feedbackHtml(hostile);
    assert.doesNotMatch(html, /<script>|<img|<b>ok/);
    assert.match(html, /&lt;script&gt;x\(\)&lt;\/script&gt;/);
  });
});

