// The student edition of every lesson, written by `npm run student`, carries no solution, no hidden
// test and no output, and runs as handed out with only the exercises unfinished: every visible test
// cell fails with its exercise's "TODO: ..." message, and every other cell runs clean.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { runNotebooks } from "../../tools/lib/execute-all";
import { cellErrorText, isCode, readNotebook, text } from "../../tools/lib/notebook";
import { lessonFiles, ROOT } from "../../tools/lib/paths";
import type { RunResult } from "../../tools/lib/run-notebook";
import { cellRole } from "../../tools/grade/exercises";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nn-student-ed-"));
const out = path.join(tmp, "student");
let results: RunResult[] = [];
let files: string[] = [];

before(async () => {
  // Through the command itself, as a teacher runs it.
  const r = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "tools/student.ts"), "--out", out], { cwd: ROOT, encoding: "utf8" });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  files = lessonFiles(out);
  results = await runNotebooks(files, { cwd: out, pauseAfterError: true, recordStatus: true, jobs: 2, cellTimeoutSeconds: 300 });
}, { timeout: 30 * 60 * 1000 });

after(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("npm run student", () => {
  it("writes every lesson, the src link and plotly beside them", () => {
    assert.deepEqual(files.map((f) => path.basename(f)), lessonFiles().map((f) => path.basename(f)));
    assert.ok(fs.existsSync(path.join(out, "src/matrix.ts")), "src link");
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
