// The notebook runner finds every kind of cell failure, including those nbconvert's exit status
// misses, and names the notebook, the cell and the message. Also: `npm run course` fails on them
// and leaves the existing site untouched.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";
import { runNotebook } from "../../tools/lib/run-notebook";
import { ROOT } from "../../tools/lib/paths";

const BAD = path.join(ROOT, "test/fixtures/bad-notebooks");
const GOOD = path.join(ROOT, "test/fixtures/good-notebooks");

describe("runNotebook", () => {
  it("runs a clean notebook with no failures and keeps its outputs", async () => {
    const r = await runNotebook(path.join(GOOD, "01-passes.ipynb"));
    assert.deepEqual(r.failures, []);
    assert.equal(r.executed!.cells.length, 3, "the runner's own cells are removed");
    const out = JSON.stringify(r.executed!.cells[1]);
    assert.match(out, /42/);
  });

  it("reports a throw inside a setTimeout callback, which nbconvert's exit status misses", async () => {
    const r = await runNotebook(path.join(BAD, "01-throw-in-callback.ipynb"));
    assert.equal(r.failures.length, 1, JSON.stringify(r.failures));
    assert.match(r.failures[0].message, /boom inside a timer callback/);
    // Scheduled in cell 3; fires while cell 3 or 4 runs. The runner names the cell that was running.
    assert.ok(r.failures[0].cell === 3 || r.failures[0].cell === 4, `cell ${r.failures[0].cell}`);
  });

  it("reports an un-awaited rejected promise in the cell that created it", async () => {
    const r = await runNotebook(path.join(BAD, "02-unawaited-rejection.ipynb"));
    assert.equal(r.failures.length, 1, JSON.stringify(r.failures));
    assert.equal(r.failures[0].cell, 3);
    assert.match(r.failures[0].message, /unhandled promise rejection: nobody awaited this rejection/);
  });

  it("reports a TypeScript type error with tslab's line:column message", async () => {
    const r = await runNotebook(path.join(BAD, "03-type-error.ipynb"));
    assert.equal(r.failures[0].cell, 3);
    assert.equal(r.failures[0].codeCell, 2);
    assert.match(r.failures[0].message, /Type 'string' is not assignable to type 'number'/);
  });

  it("reports a malformed .ipynb as a failure of that file, without throwing", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nn-bad-"));
    const f = path.join(dir, "99-broken.ipynb");
    fs.writeFileSync(f, "{ not json");
    const r = await runNotebook(f);
    assert.match(r.failures[0].message, /not a readable notebook/);
    fs.rmSync(dir, { recursive: true });
  });
});

describe("npm run course on failing notebooks", () => {
  it("exits non-zero naming each notebook, cell and message, and does not touch the site", () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nn-course-"));
    const site = path.join(tmp, "site");
    fs.mkdirSync(site);
    fs.writeFileSync(path.join(site, "index.html"), "previous site");
    const r = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "tools/course.ts")], {
      cwd: ROOT, encoding: "utf8",
      env: { ...process.env, NN_NOTEBOOKS_DIR: BAD, NN_SITE_DIR: site, NN_BUILD_DIR: path.join(tmp, "build") },
    });
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /01-throw-in-callback\.ipynb, cell [34] .*boom inside a timer callback/);
    assert.match(r.stderr, /02-unawaited-rejection\.ipynb, cell 3 .*nobody awaited this rejection/);
    assert.match(r.stderr, /03-type-error\.ipynb, cell 3 \(code cell 2\) .*not assignable to type 'number'/);
    assert.equal(fs.readFileSync(path.join(site, "index.html"), "utf8"), "previous site");
    assert.deepEqual(fs.readdirSync(tmp).sort(), ["site"], "no temporary site or executed notebooks left behind");
    fs.rmSync(tmp, { recursive: true });
  });

  it("keeps the executed copies of the lessons that passed, drops the failed one's old copy, leaves the site", () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nn-course-"));
    const lessons = path.join(tmp, "notebooks");
    fs.mkdirSync(lessons);
    fs.copyFileSync(path.join(GOOD, "01-passes.ipynb"), path.join(lessons, "01-passes.ipynb"));
    fs.copyFileSync(path.join(BAD, "03-type-error.ipynb"), path.join(lessons, "03-type-error.ipynb"));
    const site = path.join(tmp, "site"), executed = path.join(tmp, "build", "executed");
    fs.mkdirSync(site);
    fs.writeFileSync(path.join(site, "index.html"), "previous site");
    fs.mkdirSync(executed, { recursive: true });
    fs.writeFileSync(path.join(executed, "03-type-error.ipynb"), "{}"); // a previous build's copy
    const r = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "tools/course.ts")], {
      cwd: ROOT, encoding: "utf8",
      env: { ...process.env, NN_NOTEBOOKS_DIR: lessons, NN_SITE_DIR: site, NN_BUILD_DIR: path.join(tmp, "build"), NN_JOBS: "1" },
    });
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /1 of 2 notebooks failed; the site was not changed/);
    assert.match(r.stderr, /03-type-error\.ipynb, cell 3 \(code cell 2\)/);
    assert.match(r.stderr, /executed copies of the 1 that passed: /);
    assert.equal(fs.readFileSync(path.join(site, "index.html"), "utf8"), "previous site");
    assert.deepEqual(fs.readdirSync(executed).sort(), ["01-passes.ipynb", "src", "vendor"]);
    assert.match(fs.readFileSync(path.join(executed, "01-passes.ipynb"), "utf8"), /42/, "executed, with its outputs");
    // Runnable where it is: ./src and vendor/ resolve as they do beside the lessons.
    assert.equal(fs.realpathSync(path.join(executed, "src")), fs.realpathSync(path.join(ROOT, "src")));
    fs.rmSync(tmp, { recursive: true });
  });
});
