// npm test: the type check, then every test file under test/ with Node's built-in runner (unit
// tests, tool tests, browser tests, and each lesson executed as a test).
//   npm test                      everything
//   npm test -- test/matrix.test.ts [more files or folders]   a subset (the type check still runs)
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
const files = (targets.length ? targets.map((t) => path.resolve(t)) : [path.join(ROOT, "test")]).flatMap(testFiles);
if (files.length === 0) {
  console.error(`no test files found in ${targets.join(" ") || "test/"}`);
  process.exit(1);
}
const code = run(process.execPath, ["--import", "tsx", "--test", ...files.map((f) => path.relative(ROOT, f))]);
console.log(`npm test: ${files.length} test files, ${((Date.now() - t0) / 1000).toFixed(0)} s, ${code === 0 ? "passed" : "FAILED"}`);
process.exit(code);
