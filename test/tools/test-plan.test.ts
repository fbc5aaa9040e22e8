// npm test's plan (tools/lib/test-plan.ts): which files share one process, the order handed to the
// runner, and that a shared process runs every file's tests and fails the run when one of them fails.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { ROOT } from "../../tools/lib/paths";
import { canShareProcess, LONGEST, testPlan } from "../../tools/lib/test-plan";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nn-test-plan-test-"));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A fake checkout under `dir`: files at these paths with these bodies. */
function checkout(name: string, files: Record<string, string>): string {
  const root = path.join(dir, name);
  for (const [rel, body] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), body);
  }
  return root;
}

const log = path.join(dir, "ran.log");
const fixture = (name: string, body = "") =>
  `const { test } = require("node:test");\ntest(${JSON.stringify(name)}, () => { require("node:fs").appendFileSync(${JSON.stringify(log)}, ${JSON.stringify(`${name}\n`)}); ${body} });\n`;

describe("npm test's plan", () => {
  it("the library's unit tests share a process; a long file, another folder, or a top-level hook does not", () => {
    assert.equal(canShareProcess(path.join(ROOT, "test/matrix.test.ts"), ROOT), true);
    assert.equal(canShareProcess(path.join(ROOT, "test/lessons/01-house-prices.test.ts"), ROOT), true);
    assert.equal(canShareProcess(path.join(ROOT, "test/notebooks.test.ts"), ROOT), false, "one of LONGEST");
    assert.equal(canShareProcess(path.join(ROOT, "test/lessons-prose/notes-coverage.test.ts"), ROOT), false, "not a shared folder");
    const root = checkout("hooks", { "test/hook.test.js": `const { before, test } = require("node:test");\nbefore(() => {});\ntest("x", () => {});\n`, "test/nested.test.js": `const { before, describe, it } = require("node:test");\ndescribe("d", () => { before(() => {}); it("x", () => {}); });\n` });
    assert.equal(canShareProcess(path.join(root, "test/hook.test.js"), root), false, "a before() at the top level would run for every file");
    assert.equal(canShareProcess(path.join(root, "test/nested.test.js"), root), true, "a hook inside describe is the file's own");
  });

  it("orders LONGEST first, then the shared process, then the other files; one shareable file runs alone", () => {
    const root = checkout("order", { "test/b.test.js": fixture("b"), "test/a.test.js": fixture("a"), "test/tools/z.test.js": fixture("z"), [LONGEST[1]]: fixture("long1"), [LONGEST[0]]: fixture("long0") });
    const all = ["test/tools/z.test.js", "test/b.test.js", LONGEST[1], "test/a.test.js", LONGEST[0]].map((f) => path.join(root, f));
    const plan = testPlan(all, root, dir);
    assert.deepEqual(plan.shared.map((f) => path.relative(root, f)), ["test/a.test.js", "test/b.test.js"]);
    assert.deepEqual(plan.run.map((f) => path.relative(root, f)), [LONGEST[0], LONGEST[1], path.relative(root, path.join(dir, "shared-process-2-files.test.ts")), "test/tools/z.test.js"]);
    const one = testPlan([path.join(root, "test/a.test.js"), path.join(root, "test/tools/z.test.js")], root, dir);
    assert.deepEqual(one.shared, []);
    assert.deepEqual(one.run.map((f) => path.relative(root, f)), ["test/a.test.js", "test/tools/z.test.js"]);
  });

  it("the shared process runs every file's tests in order, and a failure in one fails the run", () => {
    const root = checkout("run", { "test/a.test.js": fixture("a"), "test/b.test.js": fixture("b", 'throw new Error("b fails");'), "test/c.test.js": fixture("c") });
    const planDir = fs.mkdtempSync(path.join(dir, "plan-"));
    const plan = testPlan(["a", "b", "c"].map((n) => path.join(root, `test/${n}.test.js`)), root, planDir);
    assert.equal(plan.run.length, 1);
    const env: NodeJS.ProcessEnv = { ...process.env, NN_TEST_JOBS: "1" };
    delete env.NODE_TEST_CONTEXT; // as npm test starts it, not as a child of this file's runner
    fs.rmSync(log, { force: true });
    const r = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "tools/lib/run-tests.ts"), ...plan.run], { cwd: ROOT, encoding: "utf8", env });
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.deepEqual(fs.readFileSync(log, "utf8").trim().split("\n"), ["a", "b", "c"]);
    assert.match(r.stdout, /not ok \d+ - b\b/);
    assert.match(r.stdout, /b fails/);
  });
});
