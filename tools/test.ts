// npm test: the type check, then every test file under test/ with Node's built-in runner (unit
// tests, tool tests, browser tests, and each lesson executed as a test).
//   npm test                      everything
//   npm test -- test/matrix.test.ts [more files or folders]   a subset (the type check still runs)
// Two test files run at once (NN_TEST_JOBS to change it): much of a file's time is spent waiting on a
// kernel, a browser or a sandboxed process, and on two cores one file at a time left a core idle. The
// longest files start first, so that the short ones fill the gaps instead of a long one ending last.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "./lib/paths";

function testFiles(dir: string): string[] {
  if (fs.statSync(dir).isFile()) return [dir];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? (e.name === "fixtures" ? [] : testFiles(path.join(dir, e.name))) : e.name.endsWith(".test.ts") ? [path.join(dir, e.name)] : []))
    .sort();
}

/** The files that take longest (measured: tap duration per suite), started first, in this order. */
const LONGEST = ["test/notebooks.test.ts", "test/grading/bank.test.ts", "test/site/live.test.ts", "test/site/pages.test.ts", "test/grading/student.test.ts", "test/grading/engines.test.ts", "test/playground.test.ts", "test/tools/jupyter-view.test.ts"];

function longestFirst(files: string[]): string[] {
  const rank = (f: string) => { const k = LONGEST.indexOf(path.relative(ROOT, f)); return k < 0 ? LONGEST.length : k; };
  return [...files].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

function run(cmd: string, args: string[]): number {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: "inherit" });
  return r.status ?? 1;
}

const t0 = Date.now();
console.log("type check: tsc --noEmit (strict) over src/, test/, tools/");
if (run(process.execPath, [path.join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json", "--noEmit"]) !== 0) {
  console.error("type check failed (see above)");
  process.exit(1);
}
const targets = process.argv.slice(2);
const files = longestFirst((targets.length ? targets.map((t) => path.resolve(t)) : [path.join(ROOT, "test")]).flatMap(testFiles));
const jobs = Number(process.env.NN_TEST_JOBS) >= 1 ? Math.floor(Number(process.env.NN_TEST_JOBS)) : 2;
if (files.length === 0) {
  console.error(`no test files found in ${targets.join(" ") || "test/"}`);
  process.exit(1);
}
// The usual reporter (spec on a terminal, TAP otherwise), and each file's time at the end (test-times.mjs).
const reporters = ["--test-reporter", process.stdout.isTTY ? "spec" : "tap", "--test-reporter-destination", "stdout", "--test-reporter", "./tools/lib/test-times.mjs", "--test-reporter-destination", "stdout"];
const code = run(process.execPath, ["--import", "tsx", "--test", `--test-concurrency=${jobs}`, ...reporters, ...files.map((f) => path.relative(ROOT, f))]);
console.log(`npm test: ${files.length} test files, ${jobs} at a time, ${((Date.now() - t0) / 1000).toFixed(0)} s, ${code === 0 ? "passed" : "FAILED"}`);
process.exit(code);
