// The shared compile service (tools/grade/compile-service.ts): a grading process whose environment names
// it sends its cells there and starts no compiler of its own, with the same verdicts as a process that
// compiles for itself; a service that has gone away costs nothing but a message (the process compiles
// locally); a service of another checkout, or one whose info cannot be read, is not used. Graded against
// the fixture lesson 91 with `npm run grade`, as a teacher runs it.
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import * as readline from "node:readline";
import { after, before, describe, it } from "node:test";
import { INFO, SERVICE_ENV, serviceFor, SOCKET } from "../../tools/grade/compile-client";
import { loadLesson } from "../../tools/grade/course";
import { studentEdition } from "../../tools/grade/student-edition";
import { text, writeNotebook } from "../../tools/lib/notebook";
import { ROOT } from "../../tools/lib/paths";

const COURSE = path.join(ROOT, "test/fixtures/grading/course");
const lesson = loadLesson(path.join(COURSE, "91-tiny-fixture.ipynb"));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nn-compile-service-"));

/** The environment without any service of the run this test is part of. */
function envWithout(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env[SERVICE_ENV];
  return env;
}

/** A service in its own process; resolves once it listens. */
function startService(): Promise<{ proc: ChildProcess; dir: string; stop: () => Promise<{ requests: number; hits: number; misses: number }> }> {
  const proc = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "tools/grade/compile-service.ts")], { cwd: ROOT, env: envWithout(), stdio: ["pipe", "pipe", "inherit"] });
  const lines = readline.createInterface({ input: proc.stdout! });
  const next = () => new Promise<string>((resolve, reject) => { lines.once("line", resolve); proc.once("exit", (c) => reject(new Error(`the service exited (${c})`))); });
  return next().then((first) => {
    const m = new RegExp(`^${SERVICE_ENV}=(.+)$`).exec(first);
    assert.ok(m, first);
    return { proc, dir: m[1], stop: async () => { const stats = next(); const exited = new Promise((r) => proc.once("exit", r)); proc.stdin!.end(); const s = JSON.parse(await stats); await exited; return s; } };
  });
}

/** `npm run grade` of the class in its own temporary folder (the compilers it starts make their folders there). */
function grade(out: string, service: string | null) {
  const own = path.join(tmp, `${out}-tmp`);
  fs.mkdirSync(own);
  const env = { ...envWithout(), NN_NOTEBOOKS_DIR: COURSE, INIT_CWD: tmp, TMPDIR: own, ...(service ? { [SERVICE_ENV]: service } : {}) };
  const r = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "tools/grade.ts"), "class", "--out", out, "--quiet"], { cwd: ROOT, encoding: "utf8", env });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const book = JSON.parse(fs.readFileSync(path.join(tmp, out, "gradebook.json"), "utf8")) as { submissions: { student: string; score: number; exercises: { id: string; status: string; score: number }[] }[] };
  const verdicts = book.submissions.map((s) => `${s.student} ${s.score}: ${s.exercises.map((e) => `${e.id} ${e.status} ${e.score}`).join(", ")}`).sort();
  return { stderr: r.stderr, verdicts };
}

before(() => {
  for (const [who, wrong] of [["alice", false], ["bob", true]] as const) {
    const nb = studentEdition(lesson.nb, lesson.exercises);
    for (const ex of lesson.exercises) {
      const course = text(lesson.nb.cells[ex.cell].source);
      nb.cells.find((c) => c.id === lesson.nb.cells[ex.cell].id)!.source = wrong && ex.id === "91-matvec" ? course.replace(/W\.get\(i, j\) \* v\.get\(j, 0\)/, "W.get(j, i) * v.get(j, 0)") : course;
    }
    fs.mkdirSync(path.join(tmp, "class"), { recursive: true });
    writeNotebook(path.join(tmp, "class", `${who}.ipynb`), nb);
  }
});
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("the shared compile service", () => {
  // A service that has gone away, as a crashed one leaves its folder (its info, no one listening): the
  // process says so and compiles for itself, so this run is also the reference the others must match.
  let local: ReturnType<typeof grade>;
  before(() => {
    const dead = path.join(tmp, "dead-service");
    fs.mkdirSync(dead);
    fs.writeFileSync(path.join(dead, INFO), JSON.stringify({ root: ROOT, session: "0123456789abcdef" }));
    local = grade("gone", dead);
  });

  it("a service that has gone away: the process says so, compiles for itself: alice full marks, bob 0 for 91-matvec", () => {
    assert.match(local.stderr, /grader: the shared compile service is gone \(.*\); compiling in this process from now on/);
    assert.deepEqual(local.verdicts, [
      "alice 4: 91-double passed 1, 91-matvec passed 2, 91-sig passed 1",
      "bob 2: 91-double passed 1, 91-matvec failed 0, 91-sig passed 1",
    ]);
  });

  it("processes that use it send it every cell, share its cache, and give the same verdicts", async () => {
    const service = await startService();
    let viaService!: ReturnType<typeof grade>;
    let again!: ReturnType<typeof grade>;
    let stats!: { requests: number; hits: number; misses: number };
    try {
      viaService = grade("via-service", service.dir);
      again = grade("via-service-again", service.dir);
    } finally {
      stats = await service.stop();
    }
    assert.deepEqual(viaService.verdicts, local.verdicts);
    assert.deepEqual(again.verdicts, local.verdicts);
    // Every cell went there: a process falls back to its own compilers only after saying so on stderr.
    assert.ok(stats.requests > 10, `the service answered ${stats.requests} cells`);
    assert.doesNotMatch(viaService.stderr + again.stderr, /compile service|compiling/);
    // The second process sent the same cells, and the service had compiled them for the first (a process
    // keeps its own cache too, so every hit is a cell another process had sent).
    assert.ok(stats.hits >= 10 && stats.hits + stats.misses === stats.requests, JSON.stringify(stats));
    assert.ok(!fs.existsSync(service.dir), "the service removed its folder when it stopped");
  });

  it("a service of another checkout is not used; one that cannot be read is said and not used", () => {
    const dir = path.join(tmp, "other-service");
    fs.mkdirSync(dir);
    const saved = process.env[SERVICE_ENV];
    const writes: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((s: string) => { writes.push(String(s)); return true; }) as typeof process.stderr.write;
    try {
      process.env[SERVICE_ENV] = dir;
      fs.writeFileSync(path.join(dir, INFO), JSON.stringify({ root: ROOT, session: "0123456789abcdef" }));
      assert.deepEqual(serviceFor(ROOT), { dir, root: ROOT, session: "0123456789abcdef" });
      assert.equal(serviceFor("/elsewhere"), null);
      assert.deepEqual(writes, []);
      fs.writeFileSync(path.join(dir, INFO), JSON.stringify({ root: ROOT, session: "guessable" }));
      assert.equal(serviceFor(ROOT), null);
      fs.writeFileSync(path.join(dir, INFO), "{");
      assert.equal(serviceFor(ROOT), null);
      delete process.env[SERVICE_ENV];
      assert.equal(serviceFor(ROOT), null);
    } finally {
      process.stderr.write = write;
      if (saved === undefined) delete process.env[SERVICE_ENV];
      else process.env[SERVICE_ENV] = saved;
    }
    assert.equal(writes.length, 2, writes.join(""));
    for (const w of writes) assert.match(w, new RegExp(`the compile service named by ${SERVICE_ENV} \\(.*\\) cannot be used \\(.*\\); compiling here instead`));
  });

  it("requests in flight when the service goes away are compiled here, and that is said once", async () => {
    // A service that takes two requests and hangs up: both were in flight in this process's pool.
    const dir = path.join(tmp, "vanishing-service");
    fs.mkdirSync(dir);
    let received = 0;
    const server = net.createServer((sock) => {
      sock.on("error", () => {});
      sock.on("data", (d) => { received += String(d).split("\n").filter(Boolean).length; if (received >= 2) sock.destroy(); });
    });
    await new Promise<void>((resolve) => server.listen(path.join(dir, SOCKET), resolve));
    fs.writeFileSync(path.join(dir, INFO), JSON.stringify({ root: ROOT, session: "0123456789abcdef" }));
    const saved = process.env[SERVICE_ENV];
    const writes: string[] = [];
    const write = process.stderr.write;
    process.env[SERVICE_ENV] = dir;
    // cells.ts reads the environment when it is loaded: loaded here, not at the top of this file.
    const cells = await import("../../tools/grade/cells");
    process.stderr.write = ((s: string) => { writes.push(String(s)); return true; }) as typeof process.stderr.write;
    try {
      assert.equal(cells.SESSION, "0123456789abcdef");
      cells.compilers.size = 2;
      const [a, b] = await Promise.all([cells.compilers.convert("", "const a: number = 1;\na", 120_000), cells.compilers.convert("", 'const b: string = "x";\nb', 120_000)]);
      assert.equal(received, 2);
      assert.match(a.output ?? "", /\ba = 1\b/);
      assert.match(b.output ?? "", /\bb = "x"/);
      assert.deepEqual(a.diagnostics, []);
    } finally {
      process.stderr.write = write;
      if (saved === undefined) delete process.env[SERVICE_ENV];
      else process.env[SERVICE_ENV] = saved;
      cells.compilers.close();
      server.close();
    }
    const said = writes.filter((w) => /the shared compile service is gone/.test(w));
    assert.equal(said.length, 1, writes.join(""));
  });
});
