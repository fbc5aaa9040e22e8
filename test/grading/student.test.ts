// The student edition of every lesson, written by `npm run student`, carries no solution, no hidden
// test and no output, and runs as handed out with only the exercises unfinished: every visible test
// cell fails with its exercise's "TODO: ..." message, and every other cell runs clean.
//
// How it is executed: by the grader's "cells" engine (tools/grade/cells.ts, `runCells`), not through
// Jupyter. Each cell is type-checked and transpiled by tslab's own converter (tslab's code and
// options: the same type errors, the same JavaScript) in compiler processes shared by the whole file,
// and each lesson's cells run in a fresh node process with tslab's executor semantics (one shared
// scope, a failed cell's declarations dropped, the cells after a failure still run), its reply status
// in each cell's "nn-reply-status" and its error text in the outputs, as the Jupyter runner records
// them; test/grading/engines.test.ts grades the same submissions (right, wrong, syntax and type
// errors, crashes, late throws...) under both engines and requires the same verdicts. What it saves:
// a Jupyter server and a tslab kernel per lesson, each loading TypeScript and the library's
// declarations again (tools/grade/README.md, "Engines"). This file on the 2-core machine, back to
// back at load 4-5: 60 s and 61 s through Jupyter, 35 s and 36 s with the cells engine.
// The limits are the Jupyter version's: 300 s per cell (lesson 10 trains for ~15 s), and each
// notebook within the grader's default notebook limit (600 s); two lessons at a time, as before
// (the last lesson first).
// Kernels and compilers run in the grader's sandbox (bubblewrap, with the grader's default limits)
// when probeSandbox() finds it can start here, as real grading does; otherwise without it (the
// test's output says which).
// Each lesson runs in a folder of its own beside the edition (runCells writes its kernel script into
// its folder, so two runs at once do not share one), holding the edition's own `src` and
// `node_modules` links copied verbatim: a sibling of the edition, so the same targets resolve.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { cellErrorText, isCode, readNotebook, text } from "../../tools/lib/notebook";
import { lessonFiles, ROOT } from "../../tools/lib/paths";
import type { RunResult } from "../../tools/lib/run-notebook";
import { compilers, runCells } from "../../tools/grade/cells";
import { cellRole } from "../../tools/grade/exercises";
import { secretLines } from "../helpers/secrets";
import { DEFAULTS } from "../../tools/grade/grader";
import { probeSandbox } from "../../tools/grade/sandbox";

const JOBS = 2;
const CELL_LIMIT_S = 300;
const NOTEBOOK_LIMIT_S = DEFAULTS.notebookTimeoutSeconds;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nn-student-ed-"));
const out = path.join(tmp, "student");
let results: RunResult[] = [];
let files: string[] = [];

before(async () => {
  // Through the command itself, as a teacher runs it.
  const r = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "tools/student.ts"), "--out", out], { cwd: ROOT, encoding: "utf8" });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  files = lessonFiles(out);
  const sandbox = probeSandbox();
  console.log(sandbox.on ? `kernels and compilers in the sandbox: ${sandbox.summary}` : `WITHOUT the sandbox: ${sandbox.reason}`);
  compilers.sandbox = sandbox.on;
  compilers.size = Math.max(compilers.size, JOBS);
  compilers.warm();
  const run = async (k: number): Promise<RunResult> => {
    const cwd = path.join(tmp, `run-${k}`);
    fs.mkdirSync(cwd);
    for (const link of ["src", "node_modules"]) fs.symlinkSync(fs.readlinkSync(path.join(out, link)), path.join(cwd, link));
    const res = await runCells(readNotebook(files[k]), {
      cwd, cellTimeoutSeconds: CELL_LIMIT_S, totalTimeoutSeconds: NOTEBOOK_LIMIT_S, maxOutputChars: DEFAULTS.maxOutputChars, memoryMb: DEFAULTS.memoryMb,
      sandbox: sandbox.on ? { writableFiles: [], limits: { memoryMb: DEFAULTS.memoryMb, processes: DEFAULTS.processes, scratchMb: DEFAULTS.scratchMb, fileMb: 64, cpuSeconds: 2 * NOTEBOOK_LIMIT_S + 60 } } : null,
      placeholders: [],
    });
    return { ...res, file: files[k] };
  };
  // Last lesson first: lesson 10 takes longest (it trains), and would otherwise run alone at the end.
  results = new Array(files.length);
  const order = files.map((_, k) => k).reverse();
  await Promise.all(Array.from({ length: JOBS }, async () => {
    for (let k = order.shift(); k !== undefined; k = order.shift()) results[k] = await run(k);
  }));
}, { timeout: (Math.ceil(lessonFiles().length / JOBS) * NOTEBOOK_LIMIT_S + 300) * 1000 });

after(() => {
  compilers.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("npm run student", () => {
  it("writes every lesson, the src and node_modules links and plotly beside them", () => {
    assert.deepEqual(files.map((f) => path.basename(f)), lessonFiles().map((f) => path.basename(f)));
    assert.ok(fs.existsSync(path.join(out, "src/matrix.ts")), "src link");
    // Written outside the repo, the edition links node_modules (the library's own imports resolve through it).
    assert.ok(fs.existsSync(path.join(out, "node_modules/mathjs/package.json")), "node_modules link");
    assert.ok(fs.statSync(path.join(out, "vendor/plotly.min.js")).size > 1e6, "vendored plotly");
    assert.ok(fs.existsSync(path.join(out, "index.ipynb")), "the index notebook");
  });

  it("no solution, no hidden test, no output in any lesson", () => {
    for (const f of files) {
      const nb = readNotebook(f);
      const code = nb.cells.filter(isCode).map((c) => text(c.source)).join("\n");
      assert.doesNotMatch(code, /^\s*\/\/\s*(BEGIN SOLUTION|END SOLUTION|HIDDEN TESTS)/m, path.basename(f));
      assert.ok(nb.cells.every((c) => !isCode(c) || (c.outputs.length === 0 && c.execution_count === null)), `${path.basename(f)} has outputs`);
    }
  });

  it("no line of any solution or hidden test in any lesson (not even one left beside a stub)", () => {
    const secrets = secretLines();
    assert.ok(secrets.length > 50, `only ${secrets.length} secret lines found: is the extraction broken?`);
    const found: string[] = [];
    for (const f of files) {
      const code = readNotebook(f).cells.map((c) => text(c.source)).join("\n");
      for (const s of secrets) if (code.includes(s.line)) found.push(`${path.basename(f)}: ${s.kind} line ${JSON.stringify(s.line)} (from ${s.lesson})`);
    }
    assert.deepEqual(found, []);
  });
});

describe("the student edition, executed", () => {
  it("every visible test cell fails with its exercise's TODO, every exercise cell defines its functions, every other cell runs clean", () => {
    const problems: string[] = [];
    files.forEach((f, k) => {
      const r = results[k];
      const cells = r.executed!.cells;
      cells.forEach((c, i) => {
        if (!isCode(c)) return;
        const status = String((c.metadata as Record<string, unknown>)["nn-reply-status"]);
        const role = cellRole(c);
        const err = cellErrorText(c) ?? "";
        const where = `${path.basename(f)} cell ${i + 1} (${text(c.source).split("\n")[0].slice(0, 60)})`;
        if (role?.role === "tests") {
          if (status !== "error" || !/TODO: /.test(err)) problems.push(`${where}: expected a TODO failure, got ${status}: ${err.slice(0, 200)}`);
        } else if (role?.role === "exercise") {
          if (status !== "ok" && !/TODO: /.test(err)) problems.push(`${where}: the stubbed exercise cell fails: ${err.slice(0, 300)}`);
        } else if (status !== "ok" || err) {
          problems.push(`${where}: ${status}: ${err.slice(0, 300)}`);
        }
      });
      if (r.stopped && r.stopped.status !== "ok") problems.push(`${path.basename(f)}: stopped: ${r.stopped.status} ${r.stopped.message}`);
    });
    assert.deepEqual(problems, []);
  });
});
