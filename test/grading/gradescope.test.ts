// `npm run grade -- --gradescope-autograder DIR` end to end, as Gradescope uses it: the archive is
// built from the fixture lesson 91, unpacked into temporary trees laid out like /autograder
// (source/, submission/, results/, run_autograder copied beside source/), setup.sh runs in its dry-run
// mode (no apt, no download) with the project's node_modules linked in, and run_autograder grades a
// correct, a wrong and a malformed submission, among others. Every results.json is checked against
// Gradescope's format (tools/grade/gradescope/results.schema.json, with ajv) and against the policy:
// points only on tests shown once grades are published, hidden checks nowhere else.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import Ajv from "ajv";
import * as yauzl from "yauzl";
import { loadCourse, loadLesson } from "../../tools/grade/course";
import type { SubmissionResult } from "../../tools/grade/grader";
import { gradescopeResults, LIMITS, plain, type GradescopeResults, type GradescopeTest } from "../../tools/grade/gradescope-results";
import { studentEdition } from "../../tools/grade/student-edition";
import { text, writeNotebook } from "../../tools/lib/notebook";
import { ROOT } from "../../tools/lib/paths";

const COURSE = path.join(ROOT, "test/fixtures/grading/course");
const lesson = loadLesson(path.join(COURSE, "91-tiny-fixture.ipynb"));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nn-gradescope-"));
const schema = JSON.parse(fs.readFileSync(path.join(ROOT, "tools/grade/gradescope/results.schema.json"), "utf8"));
const validate = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true }).compile(schema);

/** Hidden checks' names of the fixture: they must appear only in tests shown after publication. */
const HIDDEN_CHECKS = ["doubleEx of 7 random numbers", "a (3,5) matrix times a (5,1) column = matmul", "σ(-3) = the library's sigmoid"];

/** A submission: the student edition with the course's solutions, some of them edited. */
function notebook(file: string, replace: Record<string, [RegExp, string]> = {}): void {
  const nb = studentEdition(lesson.nb, lesson.exercises);
  for (const ex of lesson.exercises) {
    const course = text(lesson.nb.cells[ex.cell].source);
    const [re, by] = replace[ex.id] ?? [/$^/, ""];
    nb.cells.find((c) => c.id === lesson.nb.cells[ex.cell].id)!.source = course.replace(re, by);
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  writeNotebook(file, nb);
}

function build(out: string, ...extra: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "tools/grade.ts"), "--gradescope-autograder", out, ...extra], {
    cwd: ROOT, encoding: "utf8", env: { ...process.env, NN_NOTEBOOKS_DIR: COURSE, INIT_CWD: tmp },
  });
}

interface ZipEntry { name: string; mode: number; data: Buffer }

function readZip(file: string): Promise<ZipEntry[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const out: ZipEntry[] = [];
      zip.on("entry", (e: yauzl.Entry) => {
        zip.openReadStream(e, (err2, stream) => {
          if (err2 || !stream) return reject(err2);
          const chunks: Buffer[] = [];
          stream.on("data", (c: Buffer) => chunks.push(c));
          stream.on("end", () => {
            out.push({ name: e.fileName, mode: (e.externalFileAttributes >>> 16) & 0o777, data: Buffer.concat(chunks) });
            zip.readEntry();
          });
        });
      });
      zip.on("end", () => resolve(out));
      zip.on("error", reject);
      zip.readEntry();
    });
  });
}

/** A tree laid out like Gradescope's /autograder: the archive in source/, run_autograder copied beside it. */
function autograderTree(name: string, entries: ZipEntry[]): string {
  const ag = path.join(tmp, name);
  for (const e of entries) {
    const dst = path.join(ag, "source", e.name);
    assert.ok(!path.relative(path.join(ag, "source"), dst).startsWith(".."), e.name);
    fs.mkdirSync(path.dirname(dst), { recursive: true });
    fs.writeFileSync(dst, e.data, { mode: e.mode });
  }
  fs.copyFileSync(path.join(ag, "source/run_autograder"), path.join(ag, "run_autograder"));
  fs.chmodSync(path.join(ag, "run_autograder"), 0o755);
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(ag, "source/node_modules"));
  fs.mkdirSync(path.join(ag, "submission"));
  fs.mkdirSync(path.join(ag, "results"));
  return ag;
}

/** Run Gradescope's command for one submission; its whole process group is ended afterwards. */
function runAutograder(ag: string): Promise<{ code: number | null; out: string; results: GradescopeResults }> {
  return new Promise((resolve, reject) => {
    // Its own temporary folder, removed with the tree: a run stopped at its time limit is killed before
    // it can remove its kernel's and compiler's folders (a Gradescope container is thrown away whole).
    const own = path.join(ag, "tmp");
    fs.mkdirSync(own, { recursive: true });
    const env: NodeJS.ProcessEnv = { ...process.env, NN_AUTOGRADER_ROOT: ag, TMPDIR: own };
    delete env.NN_NOTEBOOKS_DIR; // the course is the archive's own
    const p = spawn(path.join(ag, "run_autograder"), [], { cwd: ag, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    p.stdout.on("data", (d) => (out += d));
    p.stderr.on("data", (d) => (out += d));
    p.on("error", reject);
    p.on("close", (code) => {
      try {
        process.kill(-p.pid!, "SIGKILL");
      } catch {
        // the group is gone already
      }
      try {
        resolve({ code, out, results: JSON.parse(fs.readFileSync(path.join(ag, "results/results.json"), "utf8")) });
      } catch (e) {
        reject(new Error(`no readable results.json: ${(e as Error).message}\n${out}`));
      }
    });
  });
}

/** Gradescope's format, then this course's policy. */
function checkResults(r: GradescopeResults, out: string): void {
  assert.ok(validate(r), `results.json does not match Gradescope's format: ${JSON.stringify(validate.errors)}\n${out}`);
  const sum = Math.round(r.tests.reduce((a, t) => a + t.score, 0) * 100) / 100;
  assert.equal(r.score, sum, "the overall score is the total of the tests");
  for (const t of r.tests) {
    assert.ok(t.score >= 0 && t.score <= t.max_score, `${t.name}: ${t.score} / ${t.max_score}`);
    assert.ok(t.max_score === 0 || t.visibility === "after_published" || /Not graded/.test(t.output), `${t.name}: a test with points shows its hidden checks only after publication`);
  }
  const shownNow = [r.output, ...r.tests.filter((t) => t.visibility !== "after_published").map((t) => `${t.name}\n${t.output}`)].join("\n");
  for (const h of HIDDEN_CHECKS) assert.ok(!shownNow.includes(h), `hidden check "${h}" is shown before publication`);
}

const scored = (r: GradescopeResults, id: string) => r.tests.find((t) => t.max_score > 0 && t.name.startsWith(`${id} `))!;
const feedback = (r: GradescopeResults, id: string) => r.tests.find((t) => t.max_score === 0 && t.name.startsWith(`${id} `))!;

after(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("npm run grade -- --gradescope-autograder DIR", () => {
  let entries: ZipEntry[] = [];
  const built = build("bundle", "--lesson", "91");

  before(async () => {
    assert.equal(built.status, 0, built.stdout + built.stderr);
    entries = await readZip(path.join(tmp, "bundle/autograder.zip"));
  });

  it("writes DIR/autograder.zip with setup.sh and run_autograder, executable, at its root", () => {
    assert.match(built.stdout, /wrote bundle\/autograder\.zip: \d+ files/);
    assert.match(built.stdout, /91-tiny-fixture\.ipynb: 3 exercises, 4 points/);
    for (const s of ["setup.sh", "run_autograder"]) {
      const e = entries.find((x) => x.name === s);
      assert.ok(e, `${s} is at the root of the archive`);
      assert.equal(e!.mode, 0o755, `${s} is executable`);
      assert.match(e!.data.toString(), /^#!\/usr\/bin\/env bash\n/);
    }
  });

  it("holds the course with its solutions and hidden tests, the library, the tools and the lockfile; no node_modules", () => {
    const names = new Set(entries.map((e) => e.name));
    for (const f of ["notebooks/91-tiny-fixture.ipynb", "src/matrix.ts", "tools/grade/gradescope-run.ts", "tools/lib/execute_notebook.py", "jupyter/kernels/tslab/kernel.json", "package.json", "package-lock.json", "nn-gradescope.json", "node-version.txt"]) {
      assert.ok(names.has(f), `${f} is in the archive`);
    }
    const nb = entries.find((e) => e.name === "notebooks/91-tiny-fixture.ipynb")!.data;
    assert.ok(nb.equals(fs.readFileSync(path.join(COURSE, "91-tiny-fixture.ipynb"))), "the lesson is the course's own file");
    assert.match(nb.toString(), /\/\/ BEGIN SOLUTION/);
    assert.match(nb.toString(), /\/\/ HIDDEN TESTS 91-/);
    assert.ok(![...names].some((n) => /(^|\/)(node_modules|\.git|student)\//.test(n) || n.startsWith("test/")), "no node_modules, .git, student edition or tests");
    const cfg = JSON.parse(entries.find((e) => e.name === "nn-gradescope.json")!.data.toString());
    assert.deepEqual(cfg.accept, ["91"]);
    assert.equal(entries.find((e) => e.name === "node-version.txt")!.data.toString().trim(), process.versions.node);
  });

  it("is the same archive, byte for byte, when built twice", async () => {
    const again = build("bundle2", "--lesson", "91");
    assert.equal(again.status, 0, again.stderr);
    assert.ok(fs.readFileSync(path.join(tmp, "bundle/autograder.zip")).equals(fs.readFileSync(path.join(tmp, "bundle2/autograder.zip"))));
  });

  it("refuses a student edition, unknown lessons and stray arguments, writing nothing", () => {
    const ed = path.join(tmp, "edition");
    fs.mkdirSync(ed);
    writeNotebook(path.join(ed, "91-tiny-fixture.ipynb"), studentEdition(lesson.nb, lesson.exercises));
    const r = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "tools/grade.ts"), "--gradescope-autograder", "from-edition"], {
      cwd: ROOT, encoding: "utf8", env: { ...process.env, NN_NOTEBOOKS_DIR: ed, INIT_CWD: tmp },
    });
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /91-tiny-fixture\.ipynb: .*(BEGIN SOLUTION|HIDDEN TESTS)/);
    assert.match(r.stderr, /student edition/);
    assert.ok(!fs.existsSync(path.join(tmp, "from-edition/autograder.zip")));
    const unknown = build("x", "--lesson", "07");
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /--lesson 07: there is no lesson 07/);
    const stray = build("y", "class/");
    assert.equal(stray.status, 2);
    assert.match(stray.stderr, /grades nothing here/);
    const noDir = build("--lesson");
    assert.equal(noDir.status, 2);
  });

  it("setup.sh (dry run: no apt, no download) names what it installs and finds the grader ready", () => {
    const ag = autograderTree("setup", entries);
    const r = spawnSync("bash", [path.join(ag, "source/setup.sh")], { cwd: ag, encoding: "utf8", env: { ...process.env, NN_AUTOGRADER_ROOT: ag, NN_SETUP_DRY_RUN: "1" } });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /would run: .*apt-get install .*python3-nbclient .*python3-jupyter-client .*bubblewrap/);
    assert.match(r.stdout, /Node\.js v\d+\.\d+\.\d+ is already installed|Node\.js from apt|would run: curl .*nodejs\.org/);
    assert.match(r.stdout, /node_modules is already there: npm ci skipped/);
    assert.match(r.stdout, /\[setup\] ready: Node\.js v\d+/);
    assert.ok(!fs.existsSync(path.join(ag, "results/results.json")));
  });

  describe("run_autograder in a tree laid out like /autograder", () => {
    let good: Awaited<ReturnType<typeof runAutograder>>;
    let bad: Awaited<ReturnType<typeof runAutograder>>;

    before(async () => {
      const agGood = autograderTree("good", entries);
      notebook(path.join(agGood, "submission/lesson91.ipynb"));
      const agBad = autograderTree("bad", entries);
      // Wᵀ·v instead of W·v; the file name carries a terminal escape sequence, which must not reach the page.
      notebook(path.join(agBad, "submission/bob\u001b[31m.ipynb"), { "91-matvec": [/W\.get\(i, j\) \* v\.get\(j, 0\)/, "W.get(j, i) * v.get(j, 0)"] });
      [good, bad] = await Promise.all([runAutograder(agGood), runAutograder(agBad)]);
    });

    it("a correct submission gets every point, in a results.json of Gradescope's format", () => {
      assert.equal(good.code, 0, good.out);
      checkResults(good.results, good.out);
      assert.equal(good.results.score, 4, good.out);
      assert.deepEqual(good.results.tests.filter((t) => t.max_score > 0).map((t) => [t.name.split(" ")[0], t.score, t.max_score, t.status, t.visibility]),
        [["91-double", 1, 1, "passed", "after_published"], ["91-matvec", 2, 2, "passed", "after_published"], ["91-sig", 1, 1, "passed", "after_published"]]);
      for (const id of ["91-double", "91-matvec", "91-sig"]) {
        const f = feedback(good.results, id);
        assert.equal(f.visibility, "visible");
        assert.equal(f.status, "passed");
        assert.match(f.output, /Visible tests \(1 of 1 check passed\)/);
      }
      assert.match(scored(good.results, "91-double").output, /Hidden tests \(2 of 2 checks passed\):\n {2}✓ doubleEx of 7 random numbers/);
      assert.match(good.results.output, /lesson91\.ipynb: recognised as lesson 91 · A tiny lesson/);
      assert.match(good.results.output, /Grading ran (in|WITHOUT|with)/, "the top-level text says how student code was confined");
      assert.equal(good.results.stdout_visibility, "hidden");
      assert.match(good.out, /4 \/ 4 points · 3 of 3 exercises passed/, "stdout (for the instructor) has the grader's table");
    });

    it("a wrong submission gets 0 for the wrong exercise, with the failing check, and full marks for the others", () => {
      checkResults(bad.results, bad.out);
      assert.equal(bad.results.score, 2);
      assert.equal(scored(bad.results, "91-double").score, 1);
      assert.equal(scored(bad.results, "91-sig").score, 1);
      const matvec = scored(bad.results, "91-matvec");
      assert.equal(matvec.score, 0);
      assert.equal(matvec.status, "failed");
      assert.match(matvec.output, /✗ .*: max \|difference\| [\d.e-]+ > tolerance/);
      assert.equal(feedback(bad.results, "91-matvec").status, "failed", "the visible test fails too (Wᵀ·v ≠ W·v for the visible matrix)");
      const all = JSON.stringify(bad.results);
      assert.ok(!all.includes("\\u001b"), "no escape character anywhere in results.json");
      assert.match(bad.results.output, /^bob\.ipynb: recognised as lesson 91/m);
    });
  });

  describe("submissions that cannot be graded still get a valid results.json", () => {
    const cases: Record<string, (ag: string) => void> = {
      malformed: (ag) => fs.writeFileSync(path.join(ag, "submission/91-tiny-fixture.ipynb"), '{"cells": ['),
      "no notebook": (ag) => fs.writeFileSync(path.join(ag, "submission/answer.py"), "print('hi')\n"),
      "grader missing": (ag) => {
        notebook(path.join(ag, "submission/lesson91.ipynb"));
        fs.rmSync(path.join(ag, "source/tools/grade/gradescope-run.ts"));
      },
      "over the time limit": (ag) => {
        notebook(path.join(ag, "submission/lesson91.ipynb"));
        const cfg = path.join(ag, "source/nn-gradescope.json");
        fs.writeFileSync(cfg, JSON.stringify({ ...JSON.parse(fs.readFileSync(cfg, "utf8")), deadlineSeconds: 1 }));
      },
    };
    const runs = new Map<string, Awaited<ReturnType<typeof runAutograder>>>();
    before(async () => {
      for (const [name, make] of Object.entries(cases)) {
        const ag = autograderTree(name.replace(/ /g, "-"), entries);
        make(ag);
        runs.set(name, await runAutograder(ag));
      }
    });

    it("a malformed notebook: 0 points, every exercise of the lesson listed as not graded, and the reason", () => {
      const r = runs.get("malformed")!;
      assert.equal(r.code, 0, r.out);
      checkResults(r.results, r.out);
      assert.equal(r.results.score, 0);
      assert.deepEqual(r.results.tests.map((t) => [t.name.split(" ")[0], t.score, t.max_score]), [["91-double", 0, 1], ["91-matvec", 0, 2], ["91-sig", 0, 1]]);
      assert.match(r.results.output, /91-tiny-fixture\.ipynb was not graded: not a notebook: the file is not valid JSON/);
      assert.match(r.results.tests[0].output, /no gradable notebook of lesson 91/);
    });

    it("no notebook at all: 0 points, saying what was uploaded", () => {
      const r = runs.get("no notebook")!;
      checkResults(r.results, r.out);
      assert.equal(r.results.score, 0);
      assert.match(r.results.output, /No notebook \(\.ipynb file\) was found in the submission; it holds: answer\.py/);
    });

    it("the grader itself cannot start: run_autograder writes 0 points and why", () => {
      const r = runs.get("grader missing")!;
      assert.equal(r.code, 0);
      checkResults(r.results, r.out);
      assert.equal(r.results.score, 0);
      assert.match(r.results.output, /^Not graded: the autograder could not run \(the grader stopped \(exit status \d+\) before writing its results\)/);
    });

    it("grading past the runner's time limit: results written at the limit, 0 points, saying so", () => {
      const r = runs.get("over the time limit")!;
      checkResults(r.results, r.out);
      assert.equal(r.results.score, 0);
      assert.match(r.results.output, /grading took longer than the autograder's limit of 1 s/);
    });
  });
});

describe("results.json from the grader's results (no kernel)", () => {
  const course = loadCourse(COURSE);
  const hostile = "\u001b[2J\u001b]0;title\u0007<img src=x onerror=alert(1)>\u202eevil\u0000\r\n\ud800" + "x".repeat(20_000);
  const base: SubmissionResult = {
    student: "sub/alice", file: "/autograder/submission/sub/alice.ipynb", sha256: "0".repeat(64), lesson: "91", lessonFile: "91-tiny-fixture.ipynb",
    status: "graded", verdict: "1 of 3 exercises passed", score: 1, max: 4, notes: [hostile], runs: 1, seconds: 3,
    exercises: lesson.exercises.map((e, k) => ({
      id: e.id, points: e.points, score: k === 0 ? e.points : 0, status: k === 0 ? "passed" as const : "error" as const,
      summary: k === 0 ? "all 1 checks passed" : `the exercise cell failed: ${hostile}`, passed: k === 0 ? 1 : 0, total: 1, notes: [],
      checks: [{ part: "hidden" as const, index: 0, name: "secret check", ok: k === 0, message: k === 0 ? "" : hostile }],
    })),
  };
  const input = { course, accept: null, results: [base], skipped: [], otherFiles: [], protection: { sandbox: true, summary: "Grading ran in the operating-system sandbox (test).", unprotected: [] }, policy: "all-or-nothing" as const, seconds: 3.4 };

  it("escapes and cuts every string that comes from a submission", () => {
    const r = gradescopeResults(input);
    checkResults(r, "");
    const all = [r.output, ...r.tests.flatMap((t: GradescopeTest) => [t.name, t.output])].join("\n");
    assert.ok(!/[\u0000-\u0008\u000b-\u001f\u007f\u202e]/.test(all), "no control or bidi-override characters");
    assert.ok(!/[\ud800-\udbff](?![\udc00-\udfff])/.test(all), "no lone surrogates");
    for (const t of r.tests) assert.ok(t.output.length <= LIMITS.testOutput + 10, `${t.name}: ${t.output.length} characters`);
    assert.ok(r.output.length <= LIMITS.topOutput + 10);
    assert.match(all, /more characters cut\]/);
    assert.equal(r.output_format, "text", "strings are shown as text: <img ...> stays text, never HTML");
    assert.equal(plain("a\u001b[31mb\u001b[0m\r\nc\u0007"), "ab\nc");
    assert.equal(plain("x".repeat(100), 50).length <= 50 + 30, true);
  });

  it("two notebooks of one lesson count once (the better one); a notebook of another lesson is not graded", () => {
    const better = { ...base, student: "alice-v2", score: 4, exercises: base.exercises.map((e) => ({ ...e, score: e.points, status: "passed" as const })) };
    const r = gradescopeResults({ ...input, results: [base, better], accept: ["91"], skipped: [{ file: "lesson03.ipynb", lesson: "03" }] });
    checkResults(r, "");
    assert.equal(r.score, 4);
    assert.equal(r.tests.filter((t) => t.max_score > 0).length, 3, "one scored test per exercise");
    assert.match(r.output, /sub\/alice\.ipynb is lesson 91 too; only the notebook with the most points counts \(alice-v2\.ipynb\)/);
    assert.match(r.output, /lesson03\.ipynb was not graded: it is lesson 03, and this assignment grades lesson 91/);
  });

  it("a rejected notebook of an assignment open to any lesson: 0 points, no tests, the reason", () => {
    const rejected: SubmissionResult = { ...base, lesson: null, lessonFile: null, status: "rejected", verdict: "not a notebook: the file is not valid JSON", score: 0, max: 0, exercises: [], notes: [] };
    const r = gradescopeResults({ ...input, results: [rejected] });
    checkResults(r, "");
    assert.equal(r.score, 0);
    assert.deepEqual(r.tests, []);
    assert.match(r.output, /sub\/alice\.ipynb was not graded: not a notebook/);
  });
});
