// npm test: the type check and every test file under test/ with Node's built-in runner (unit tests,
// tool tests, browser tests, and each lesson executed as a test). The type check runs beside the
// tests (it takes one core for ~10 s and needs nothing from them); either failing fails the run.
//   npm test                      everything
//   npm test -- test/matrix.test.ts [more files or folders]   a subset (the type check still runs)
// Two test files run at once (NN_TEST_JOBS to change it): much of a file's time is spent waiting on a
// kernel, a browser or a sandboxed process, and on two cores one file at a time left a core idle. The
// longest files start first, so that the short ones fill the gaps instead of a long one ending last,
// and the small self-contained files share one process (tools/lib/test-plan.ts).
// Every grading process of the run compiles its cells through one shared compile service started here
// (tools/grade/compile-service.ts): two compilers for the run instead of one or two per process.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startCompileService } from "./grade/compile-service";
import { ROOT } from "./lib/paths";
import { testPlan } from "./lib/test-plan";

function testFiles(dir: string): string[] {
  if (fs.statSync(dir).isFile()) return [dir];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? (e.name === "fixtures" ? [] : testFiles(path.join(dir, e.name))) : e.name.endsWith(".test.ts") ? [path.join(dir, e.name)] : []))
    .sort();
}

/** Runs a command; resolves to its exit code. `quiet`: its output is kept and returned, not shown. */
function run(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; quiet?: boolean } = {}): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, env: opts.env ?? process.env, stdio: opts.quiet ? ["ignore", "pipe", "pipe"] : "inherit" });
    let output = "";
    child.stdout?.on("data", (d) => { output += d; });
    child.stderr?.on("data", (d) => { output += d; });
    child.on("error", (e) => resolve({ code: 1, output: `${output}${e.message}\n` }));
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });
}

const t0 = Date.now();
console.log("type check: tsc --noEmit (strict) over src/, test/, tools/, beside the tests");
const typeCheck = run(process.execPath, [path.join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json", "--noEmit"], { quiet: true });
// Said as soon as it is known (the tests go on; the run fails at the end), so that it can be stopped.
void typeCheck.then((r) => console.error(r.code === 0 ? "type check: passed" : `type check FAILED (the run will fail):\n${r.output}`));
const targets = process.argv.slice(2);
const files = (targets.length ? targets.map((t) => path.resolve(t)) : [path.join(ROOT, "test")]).flatMap(testFiles);
const jobs = Number(process.env.NN_TEST_JOBS) >= 1 ? Math.floor(Number(process.env.NN_TEST_JOBS)) : 2;
if (files.length === 0) {
  console.error(`no test files found in ${targets.join(" ") || "test/"}`);
  process.exit(1);
}
// The sites the browser tests read, built once for the whole run (test/site/built.ts), removed after.
const sites = fs.mkdtempSync(path.join(os.tmpdir(), "nn-test-sites-"));
// The longest first; the small self-contained files in one process (tools/lib/test-plan.ts says why).
const planDir = fs.mkdtempSync(path.join(os.tmpdir(), "nn-test-plan-"));
const { run: runFiles, shared } = testPlan(files, ROOT, planDir);
void (async () => {
  // One set of compilers for every grading process of the run (tools/grade/compile-service.ts says why).
  const service = await startCompileService();
  // In this order, `jobs` at a time (tools/lib/run-tests.ts: node --test itself would sort them by name).
  const tests = await run(process.execPath, ["--import", "tsx", path.join(ROOT, "tools/lib/run-tests.ts"), ...runFiles.map((f) => path.relative(ROOT, f))], { env: { ...process.env, ...service.env, NN_TEST_SITES: sites, NN_TEST_JOBS: String(jobs) } });
  const served = service.stats();
  console.log(`compile service: ${served.requests} cells sent by the grading processes, ${served.misses} compiled, ${served.requests - served.misses} from its cache`);
  await service.close();
  fs.rmSync(sites, { recursive: true, force: true });
  fs.rmSync(planDir, { recursive: true, force: true });
  const types = await typeCheck;
  const ok = tests.code === 0 && types.code === 0;
  console.log(`npm test: ${files.length} test files${shared.length ? ` (${shared.length} of them in one process)` : ""}, ${jobs} at a time, ${((Date.now() - t0) / 1000).toFixed(0)} s, ${ok ? "passed" : `FAILED (${[tests.code !== 0 ? "tests" : "", types.code !== 0 ? "the type check" : ""].filter(Boolean).join(" and ")})`}`);
  process.exit(ok ? 0 : 1);
})();
