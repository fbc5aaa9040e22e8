// npm test's runner (tools/lib/run-tests.ts) runs the files in the order it is given (tools/test.ts puts
// the longest first; `node --test` sorts them by name), fails the run when a test fails but not for a
// failing todo, and prints each file's time at the end.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { ROOT } from "../../tools/lib/paths";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nn-run-tests-"));
const log = path.join(dir, "order.log");
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function fixture(name: string, body = ""): string {
  const file = path.join(dir, `${name}.test.js`);
  fs.writeFileSync(file, `const { test } = require("node:test");\ntest(${JSON.stringify(name)}, () => { require("node:fs").appendFileSync(${JSON.stringify(log)}, ${JSON.stringify(`${name}\n`)}); ${body} });\n`);
  return file;
}

function runTests(files: string[]) {
  fs.rmSync(log, { force: true });
  // As npm test starts it: not inside a test run (this file's own runner marks its children so).
  const env: NodeJS.ProcessEnv = { ...process.env, NN_TEST_JOBS: "1" };
  delete env.NODE_TEST_CONTEXT;
  const r = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "tools/lib/run-tests.ts"), ...files], { cwd: ROOT, encoding: "utf8", env });
  return { status: r.status, out: r.stdout + r.stderr, order: fs.existsSync(log) ? fs.readFileSync(log, "utf8").trim().split("\n") : [] };
}

describe("npm test's runner", () => {
  it("runs the files in the order given, not by name, and times each", () => {
    const files = ["zeta", "mid", "alpha"].map((n) => fixture(n));
    const r = runTests(files);
    assert.equal(r.status, 0, r.out);
    assert.deepEqual(r.order, ["zeta", "mid", "alpha"]);
    assert.match(r.out, /test-file times \(each file from its start to its end; 3 files/);
    for (const f of files) assert.ok(r.out.includes(path.basename(f)), `${path.basename(f)} has no time`);
  });

  it("a failing test fails the run; a failing todo does not", () => {
    const ok = fixture("ok");
    const todo = path.join(dir, "todo.test.js");
    fs.writeFileSync(todo, `require("node:test").test("not yet", { todo: true }, () => { throw new Error("todo"); });\n`);
    assert.equal(runTests([ok, todo]).status, 0);
    const r = runTests([fixture("boom", 'throw new Error("boom");'), ok]);
    assert.equal(r.status, 1, r.out);
    assert.deepEqual(r.order, ["boom", "ok"], "the file after a failure still runs");
  });
});
