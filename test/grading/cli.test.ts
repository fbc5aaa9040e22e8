// `npm run grade -- <folder>` end to end, as a teacher runs it: a table per student on stdout, the
// gradebook as CSV and JSON, a feedback page per student, paths relative to where npm was started,
// submissions untouched; usage errors exit 2. Graded against the fixture lesson 91.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { loadLesson } from "../../tools/grade/course";
import { studentEdition } from "../../tools/grade/student-edition";
import { text, writeNotebook } from "../../tools/lib/notebook";
import { ROOT } from "../../tools/lib/paths";

const COURSE = path.join(ROOT, "test/fixtures/grading/course");
const lesson = loadLesson(path.join(COURSE, "91-tiny-fixture.ipynb"));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nn-grade-cli-"));
const klass = path.join(tmp, "class");

function submission(file: string, replace: Record<string, [RegExp, string]> = {}): void {
  const nb = studentEdition(lesson.nb, lesson.exercises);
  for (const ex of lesson.exercises) {
    const course = text(lesson.nb.cells[ex.cell].source);
    const [re, by] = replace[ex.id] ?? [/$^/, ""];
    nb.cells.find((c) => c.id === lesson.nb.cells[ex.cell].id)!.source = course.replace(re, by);
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  writeNotebook(file, nb);
}

submission(path.join(klass, "alice.ipynb"));
submission(path.join(klass, "bob.ipynb"), { "91-matvec": [/W\.get\(i, j\) \* v\.get\(j, 0\)/, "W.get(j, i) * v.get(j, 0)"] }); // Wᵀ·v
fs.mkdirSync(path.join(klass, "carol"));
fs.writeFileSync(path.join(klass, "carol", "91-tiny-fixture.ipynb"), '{"cells": [');
fs.writeFileSync(path.join(klass, "notes.txt"), "not a notebook");
const hash = (f: string) => createHash("sha256").update(fs.readFileSync(f)).digest("hex");
const hashes = new Map(["alice.ipynb", "bob.ipynb", "carol/91-tiny-fixture.ipynb"].map((f) => [f, hash(path.join(klass, f))]));

function grade(args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "tools/grade.ts"), ...args], {
    cwd: ROOT, encoding: "utf8", env: { ...process.env, NN_NOTEBOOKS_DIR: COURSE, INIT_CWD: tmp },
  });
}

after(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("npm run grade -- <folder>", () => {
  const r = grade(["class", "--out", "grades", "--jobs", "2", "--cell-timeout", "30"]);
  const out = path.join(tmp, "grades");

  it("exits 0 and prints a table per student", () => {
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^alice — 91-tiny-fixture\.ipynb \(lesson 91\): 4 \/ 4 points · 3 of 3 exercises passed$/m);
    assert.match(r.stdout, /^bob — .*: 2 \/ 4 points/m);
    assert.match(r.stdout, /^ {2}91-matvec +0 \/ 2 +failed +(hidden|visible) check ".*" failed: max \|difference\|/m);
    assert.match(r.stdout, /^carol\/91-tiny-fixture — \?: REJECTED · not a notebook: the file is not valid JSON/m);
    assert.match(r.stdout, /3 submissions in [\d.]+ s: 2 graded, 1 rejected, 0 could not be graded/);
  });

  it("says at the start that every kernel runs in the sandbox, and records it in the gradebook", () => {
    assert.match(r.stdout, /^sandbox: bubblewrap [\d.]+: each kernel without network/m);
    assert.doesNotMatch(r.stderr, /WARNING/);
    assert.equal(JSON.parse(fs.readFileSync(path.join(out, "gradebook.json"), "utf8")).sandbox.on, true);
  });

  it("without the sandbox it says so loudly at the start and the end, in the gradebook and on every feedback page, naming what is not protected", () => {
    const p = grade([path.join("class", "alice.ipynb"), "--out", "grades-unsandboxed", "--sandbox", "off", "--quiet"]);
    assert.equal(p.status, 0, p.stdout + p.stderr);
    assert.match(p.stdout, /^sandbox: NONE \(switched off \(--sandbox off\)\)/m);
    assert.match(p.stderr, /WARNING: grading WITHOUT the operating-system sandbox[^]*network connections[^]*start processes without limit/);
    assert.match(p.stderr, /REMINDER: graded WITHOUT the sandbox/);
    const json = JSON.parse(fs.readFileSync(path.join(tmp, "grades-unsandboxed/gradebook.json"), "utf8"));
    assert.equal(json.sandbox.on, false);
    assert.match(json.sandbox.unprotected.join(" "), /your privileges/);
    assert.equal(json.submissions[0].score, 4, "still graded");
    assert.match(fs.readFileSync(path.join(tmp, "grades-unsandboxed/feedback/alice.html"), "utf8"), /Graded without the operating-system sandbox/);
  });

  it("writes the gradebook as CSV and JSON", () => {
    const csv = fs.readFileSync(path.join(out, "gradebook.csv"), "utf8").trim().split("\n");
    assert.equal(csv[0], "student,file,lesson,status,score,max,91-double,91-matvec,91-sig,verdict");
    assert.match(csv[1], /^alice,.*alice\.ipynb,91,graded,4,4,1,2,1,3 of 3 exercises passed$/);
    assert.match(csv[2], /^bob,.*,91,graded,2,4,1,0,1,/);
    const json = JSON.parse(fs.readFileSync(path.join(out, "gradebook.json"), "utf8"));
    assert.equal(json.policy, "all-or-nothing");
    assert.equal(json.submissions.length, 3);
    const bob = json.submissions.find((s: { student: string }) => s.student === "bob");
    const matvec = bob.exercises.find((e: { id: string }) => e.id === "91-matvec");
    assert.ok(matvec.checks.some((c: { ok: boolean; message: string }) => !c.ok && /got a \(2,1\) matrix/.test(c.message)), JSON.stringify(matvec.checks));
  });

  it("writes a feedback page per student that names the failed check, expected vs got", () => {
    const pages = fs.readdirSync(path.join(out, "feedback")).sort();
    assert.deepEqual(pages, ["alice.html", "bob.html", "carol_91-tiny-fixture.html"]);
    const bob = fs.readFileSync(path.join(out, "feedback/bob.html"), "utf8");
    assert.match(bob, /<code>91-matvec<\/code> <span class="score">0 \/ 2<\/span>/);
    assert.match(bob, /worst at entry \(\d,0\): got -?[\d.]+, expected -?[\d.]+/);
    assert.match(bob, /W\.get\(j, i\) \* v\.get\(j, 0\)/, "the graded code is shown");
  });

  it("never modifies a submission", () => {
    for (const [f, h] of hashes) assert.equal(hash(path.join(klass, f)), h, f);
  });

  it("--partial gives credit per check and per clean test cell", () => {
    const p = grade([path.join("class", "bob.ipynb"), "--out", "grades-partial", "--partial", "--quiet"]);
    assert.equal(p.status, 0, p.stdout + p.stderr);
    const bob = JSON.parse(fs.readFileSync(path.join(tmp, "grades-partial/gradebook.json"), "utf8")).submissions[0];
    const matvec = bob.exercises.find((e: { id: string }) => e.id === "91-matvec");
    assert.ok(matvec.score > 0 && matvec.score < 2, String(matvec.score));
  });

  it("usage errors exit 2 and say what is wrong", () => {
    const none = grade([]);
    assert.equal(none.status, 2);
    assert.match(none.stderr, /nothing to grade/);
    const bad = grade(["class", "--jobs", "zero"]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--jobs needs a positive number/);
    const missing = grade(["no-such-folder"]);
    assert.equal(missing.status, 2);
    const sandbox = grade(["class", "--sandbox", "maybe"]);
    assert.equal(sandbox.status, 2);
    assert.match(sandbox.stderr, /--sandbox is "auto", "require" or "off"/);
  });
});
