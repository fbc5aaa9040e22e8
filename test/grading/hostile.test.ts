// Hostile and broken submissions each get a clear verdict, for the exercise or for the file, and
// everything else in them is still graded; nothing outside a kernel's scratch folder changes (the
// course tree, the submissions, the gradebook folder and /tmp are compared before and after).
// Graded against the fixture lesson 91 (three exercises that run in a second) with short limits.
// Two layers are tested: the in-process guards (kernel.ts) refuse and name what they stop; code that
// goes round them (a worker thread has its own, unguarded modules) meets the operating-system sandbox
// (sandbox.ts), which these tests require.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as net from "node:net";
import { after, before, describe, it } from "node:test";
import { loadLesson } from "../../tools/grade/course";
import { DEFAULTS, Grader, type SubmissionResult } from "../../tools/grade/grader";
import { probeSandbox } from "../../tools/grade/sandbox";
import { studentEdition } from "../../tools/grade/student-edition";
import { text, writeNotebook, type Notebook } from "../../tools/lib/notebook";
import { ROOT } from "../../tools/lib/paths";

const COURSE = path.join(ROOT, "test/fixtures/grading/course");
const lesson = loadLesson(path.join(COURSE, "91-tiny-fixture.ipynb"));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nn-hostile-"));
const out = fs.mkdtempSync(path.join(os.tmpdir(), "nn-hostile-out-")); // stands for the gradebook folder
const CELL_TIMEOUT = 8;
const sandbox = probeSandbox();
/** Files a submission might leave in /tmp: none may exist after grading. */
const marker = `nn-hostile-marker-${process.pid}`;
const tmpMarkers = () => fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith(marker));

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
const J = JSON.stringify;

// A listener on this machine that no kernel may reach: it counts every connection it gets.
let connections = 0;
const listener = net.createServer((s) => { connections++; s.destroy(); });
let port = 0;
const hosts = ["127.0.0.1", ...Object.values(os.networkInterfaces()).flat().filter((i) => i && i.family === "IPv4" && !i.internal).map((i) => i!.address)];

/**
 * A line for the top of an exercise cell: run `body` (JavaScript, may use require and await) in a
 * worker thread, whose own modules the in-process guards do not cover, and throw what it posted back,
 * so the verdict's summary carries its report.
 */
function inWorker(body: string, report = true): string {
  const code = `const { parentPort } = require("worker_threads"); (async () => { ${body} })().then((r) => parentPort.postMessage(String(r)), (e) => parentPort.postMessage("worker failed: " + e.message));`;
  const run = `await new Promise<string>((resolve) => { const w = new (require("worker_threads").Worker)(${J(code)}, { eval: true }); w.on("message", resolve); w.on("error", (e: any) => resolve("worker error: " + e.message)); })`;
  return report ? `throw new Error("REPORT " + (${run}));` : `void (${run});`;
}
/** JavaScript that tries `what` and says "name:OK" or "name:<error code>". */
const attempt = (name: string, what: string) => `(() => { try { ${what}; return ${J(name)} + ":OK"; } catch (e) { return ${J(name)} + ":" + (e.code || e.message); } })()`;
const otherSubmission = path.join(dir, "added-cells.ipynb");

/** Built once the listener has its port. */
const makeCases = (): Record<string, Notebook | string> => ({
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
  // Code left running after its exercise: a timer writing into the course, one reading the lesson
  // after the last exercise and copying it to /tmp. The guards act from the first exercise to the
  // end of the kernel and charge a timer's deeds to the exercise that set it.
  "late-timers": filled({ ...RIGHT,
    "91-double": cell("91-double", "return xs.map((v) => 2 * v);", `setInterval(() => { require("fs").writeFileSync(${J(path.join(ROOT, "pwned-late.txt"))}, "x"); }, 200);`),
    "91-sig": cell("91-sig", "return 1 / (1 + Math.exp(-z));", `setTimeout(() => { const fs = require("fs"); fs.writeFileSync(${J(path.join(os.tmpdir(), marker + "-lesson"))}, fs.readFileSync(${J(courseFile)})); }, 150);`) }),
  // The same and more from worker threads, round the guards: the sandbox must stop every one.
  "escape-writes": filled({ ...RIGHT,
    "91-double": cell("91-double", "return xs.map((v) => 2 * v);", inWorker(`const fs = require("fs"); return [
      ${attempt("course", `fs.writeFileSync(${J(path.join(ROOT, "pwned-worker.txt"))}, "x")`)},
      ${attempt("notebooks", `fs.writeFileSync(${J(path.join(ROOT, "notebooks", "pwned-worker.txt"))}, "x")`)},
      ${attempt("gradebook", `fs.writeFileSync(${J(path.join(out, "gradebook.csv"))}, "forged")`)},
      ${attempt("tmp", `fs.writeFileSync(${J(path.join(os.tmpdir(), marker + "-worker"))}, "x")`)},
      ${attempt("build", `fs.mkdirSync(${J(path.join(ROOT, "build"))}, { recursive: true }); fs.writeFileSync(${J(path.join(ROOT, "build", "pwned-worker.txt"))}, "x")`)},
      ${attempt("artifacts", `fs.mkdirSync(${J(path.join(ROOT, "artifacts"))}, { recursive: true }); fs.writeFileSync(${J(path.join(ROOT, "artifacts", "pwned-worker.txt"))}, "x")`)},
      ${attempt("scratch", `fs.writeFileSync("scratch.txt", "x")`)}].join(" ");`)),
    "91-matvec": cell("91-matvec", null, inWorker(`setTimeout(() => { const fs = require("fs");
      try { fs.writeFileSync(${J(path.join(ROOT, "pwned-worker-late.txt"))}, "x"); } catch (e) {}
      try { fs.writeFileSync(${J(path.join(os.tmpdir(), marker + "-worker-late"))}, fs.readFileSync(${J(courseFile)})); } catch (e) {} }, 300); return "timer set";`, false)) }),
  "escape-reads": filled({ ...RIGHT,
    "91-double": cell("91-double", "return xs.map((v) => 2 * v);", inWorker(`const fs = require("fs"); const runs = (() => { try { return fs.readdirSync(${J(os.tmpdir())}).filter((f) => f.startsWith("nn-run-")); } catch (e) { return []; } })();
      return [${attempt("lesson", `fs.readFileSync(${J(courseFile)})`)},
      ${attempt("other-submission", `fs.readFileSync(${J(otherSubmission)})`)},
      ${attempt("notebooks", `fs.readdirSync(${J(path.join(ROOT, "notebooks"))})`)},
      ${attempt("home", `fs.readdirSync(require("os").userInfo().homedir)`)},
      "hidden-tests-runs:" + runs.length].join(" ");`)),
    // Reading another submission through the guarded fs: refused.
    "91-sig": cell("91-sig", "return 1 / (1 + Math.exp(-z));", `require("fs").readFileSync(${J(otherSubmission)}, "utf8");`) }),
  // The network: a connection to a listener on this machine, through the guards and round them.
  "network": filled({ ...RIGHT,
    "91-double": cell("91-double", "return xs.map((v) => 2 * v);", `require("net").connect(${port}, "127.0.0.1");`),
    "91-matvec": cell("91-matvec", null, inWorker(`const net = require("net"); const out = [];
      for (const host of ${J(hosts)}) out.push(host + ":" + await new Promise((r) => { const s = net.connect(${port}, host); s.on("connect", () => { s.destroy(); r("CONNECTED"); }); s.on("error", (e) => r(e.code)); setTimeout(() => r("no answer"), 3000); }));
      out.push("fetch:" + await fetch("http://127.0.0.1:${port}/").then(() => "CONNECTED", (e) => (e.cause && e.cause.code) || e.message));
      return out.join(" ");`)),
    // Memory outside the V8 heap (Buffers): stopped by the data limit, not by the heap limit.
    "91-sig": cell("91-sig", "return 1 / (1 + Math.exp(-z));", `const hoard: Buffer[] = []; for (let i = 0; i < 1000; i++) hoard.push(Buffer.allocUnsafeSlow(64 * 1024 * 1024));`) }),
  // Fork loops: through the guarded child_process (refused), and round it with node and with a shell.
  "fork-loops": filled({
    "91-double": cell("91-double", "return xs.map((v) => 2 * v);", `for (let i = 0; i < 1000; i++) require("child_process").spawn("sleep", ["60"]);`),
    "91-matvec": cell("91-matvec", null, inWorker(`const cp = require("child_process"); let n = 0, err = "";
      for (let i = 0; i < 1000 && !err; i++) { try { const c = cp.spawn("sleep", ["60"]); c.on("error", () => {}); await new Promise((r) => { c.on("spawn", () => r(n++)); c.on("error", (e) => { err = e.code; r(0); }); }); } catch (e) { err = e.code || e.message; } }
      return "spawned " + n + " then " + err;`, false)),
    "91-sig": cell("91-sig", null, inWorker(`return require("child_process").spawnSync("sh", ["-c", "i=0; while [ $i -lt 1000 ]; do sleep 60 >/dev/null 2>&1 & i=$((i+1)); done; echo $i"], { encoding: "utf8" }).stderr;`, false)) }),
  // Not hostile: helpers in cells of their own, before the exercise that uses them, and a broken scratch cell.
  "added-cells": filled({ ...RIGHT, "91-double": cell("91-double", "return xs.map(twice);") }, (nb) => {
    const at = nb.cells.findIndex((c) => c.id === "ex-double");
    nb.cells.splice(at, 0, { cell_type: "code", id: "my-helper", metadata: {}, source: "// my helper\nfunction twice(v: number): number { return v + v; }", outputs: [], execution_count: null });
    const atSig = nb.cells.findIndex((c) => c.id === "ex-sig");
    nb.cells.splice(atSig, 0, { cell_type: "code", id: "my-scratch", metadata: {}, source: "const broken: number = \"not a number\";", outputs: [], execution_count: null });
  }),
});

/**
 * Every file of the course tree with its size and mtime, but node_modules, .git, and build/ and
 * artifacts/ at the top: the other test files of the same run write there while this one grades (the
 * executed lessons, the sites, screenshots), so a change there says nothing about the submissions.
 * That a submission cannot write there either is the "escape-writes" case's check.
 */
function courseTree(): Map<string, string> {
  const seen = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.name === "node_modules" || e.name === ".git") continue;
      if (d === ROOT && (e.name === "build" || e.name === "artifacts")) continue;
      if (e.isDirectory()) walk(p);
      else { const st = fs.lstatSync(p); seen.set(path.relative(ROOT, p), `${st.size} ${st.mtimeMs}`); }
    }
  };
  walk(ROOT);
  return seen;
}

const files = new Map<string, string>();
const before_ = new Map<string, { hash: string; mtime: number }>();
const fingerprint = (f: string) => ({ hash: createHash("sha256").update(fs.readFileSync(f)).digest("hex"), mtime: fs.statSync(f).mtimeMs });
let results = new Map<string, SubmissionResult>();
const courseBefore = fingerprint(courseFile);
let treeBefore = new Map<string, string>();
let connectionsDuringGrading = -1;

before(async () => {
  assert.ok(sandbox.on, `these tests need the sandbox: ${sandbox.on ? "" : sandbox.reason}`);
  treeBefore = courseTree();
  port = await new Promise<number>((resolve) => listener.listen(0, "0.0.0.0", () => resolve((listener.address() as net.AddressInfo).port)));
  for (const [name, nb] of Object.entries(makeCases())) {
    const f = path.join(dir, `${name}.ipynb`);
    if (typeof nb === "string") fs.writeFileSync(f, nb);
    else writeNotebook(f, nb);
    files.set(name, f);
    before_.set(name, fingerprint(f));
  }
  const grader = new Grader({ courseDir: COURSE, jobs: 2, cellTimeoutSeconds: CELL_TIMEOUT, notebookTimeoutSeconds: 120, memoryMb: 256, protectedDirs: [dir, out] });
  const rs = await grader.gradeAll([...files].map(([name, file]) => ({ student: name, file })));
  results = new Map([...files.keys()].map((name, i) => [name, rs[i]]));
  await new Promise((r) => setTimeout(r, 500)); // a connection on its way would have arrived
  connectionsDuringGrading = connections;
}, { timeout: 20 * 60 * 1000 });

after(() => {
  listener.close();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(out, { recursive: true, force: true });
  for (const f of tmpMarkers()) fs.rmSync(path.join(os.tmpdir(), f), { force: true });
});

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

  it("a timer left running writes into the course: refused, charged to the exercise that set it; the others pass", () => {
    assert.equal(ex("late-timers", "91-double").status, "blocked");
    assert.match(ex("late-timers", "91-double").summary, /^refused: the solution tried writing into the course's folders with writeFileSync .*pwned-late\.txt.*from code it left running \(a timer or callback\)/);
    passed("late-timers", "91-matvec");
  });

  it("a timer that reads the lesson after the last exercise to copy it to /tmp: refused", () => {
    assert.equal(ex("late-timers", "91-sig").status, "blocked");
    assert.match(ex("late-timers", "91-sig").summary, /reading the course's files with readFileSync .*91-tiny-fixture\.ipynb.*from code it left running/);
  });

  it("round the guards (a worker thread), writes into the course, the notebooks, the gradebook folder, /tmp, build/ and artifacts/ fail; the scratch folder is writable", () => {
    const e = ex("escape-writes", "91-double");
    assert.equal(e.status, "error");
    assert.match(e.summary, /REPORT course:(EROFS|EACCES) notebooks:(ENOENT|EROFS|EACCES) gradebook:(ENOENT|EROFS|EACCES) tmp:(EROFS|EACCES) build:(ENOENT|EROFS|EACCES) artifacts:(ENOENT|EROFS|EACCES) scratch:OK/);
    passed("escape-writes", "91-sig");
  });

  it("round the guards, the lesson, another submission, the course's folders, the home folder and the runner's copies of the hidden tests are not there to read", () => {
    const e = ex("escape-reads", "91-double");
    assert.equal(e.status, "error");
    assert.match(e.summary, /REPORT lesson:ENOENT other-submission:ENOENT notebooks:ENOENT home:\w+ hidden-tests-runs:0/);
    assert.doesNotMatch(e.summary, /home:OK/);
    assert.equal(ex("escape-reads", "91-sig").status, "blocked");
    assert.match(ex("escape-reads", "91-sig").summary, /reading the course's files with readFileSync .*added-cells\.ipynb/);
    passed("escape-reads", "91-matvec");
  });

  it("no connection reaches a listener on this machine: refused by the guard, and round it there is no network", () => {
    assert.equal(ex("network", "91-double").status, "blocked");
    assert.match(ex("network", "91-double").summary, /refused: the solution tried opening a network connection \(127\.0\.0\.1:\d+\)/);
    const e = ex("network", "91-matvec");
    assert.equal(e.status, "error");
    assert.match(e.summary, /REPORT 127\.0\.0\.1:ECONNREFUSED/);
    assert.doesNotMatch(e.summary, /CONNECTED/);
    assert.match(e.summary, /fetch:\w+/);
    assert.equal(connectionsDuringGrading, 0, "the listener was reached");
  });

  it("memory outside the heap (Buffers) is stopped by the data limit: that exercise fails, the kernel lives on", () => {
    const e = ex("network", "91-sig");
    assert.equal(e.status, "error");
    assert.match(e.summary, /Array buffer allocation failed|allocation failed|Cannot allocate/i);
  });

  it("fork loops: child_process refused; round it, node's and a shell's loops stop at the process limit and their processes are stopped", () => {
    assert.equal(ex("fork-loops", "91-double").status, "blocked");
    assert.match(ex("fork-loops", "91-double").summary, /starting a process with child_process\.spawn/);
    for (const id of ["91-matvec", "91-sig"]) {
      const e = ex("fork-loops", id);
      assert.equal(e.status, "forbidden", `${id}: ${e.summary}`);
      const n = Number(/it started (\d+) process/.exec(e.summary)?.[1]);
      assert.ok(n > 10 && n < DEFAULTS.processes, `${id}: ${e.summary} (the limit is ${DEFAULTS.processes} processes and threads)`);
      assert.match(e.summary, /^not allowed: it started \d+ processes still running after its tests \(stopped by the grader\)/);
    }
  });

  it("reports how long each submission took", (t) => {
    for (const [name, r] of results) t.diagnostic(`${name}: ${r.seconds.toFixed(1)} s, ${r.runs} run(s)`);
  });

  it("no submission file and no course file was changed; nothing was written into the course tree, the gradebook folder or /tmp", () => {
    for (const [name, f] of files) assert.deepEqual(fingerprint(f), before_.get(name), name);
    assert.deepEqual(fingerprint(courseFile), courseBefore);
    assert.deepEqual(courseTree(), treeBefore);
    for (const dir of ["build", "artifacts"]) assert.ok(!fs.existsSync(path.join(ROOT, dir, "pwned-worker.txt")), `a submission wrote into ${dir}/`);
    assert.deepEqual(fs.readdirSync(out), []);
    assert.deepEqual(tmpMarkers(), []);
  });
});
