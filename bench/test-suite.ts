// The test-suite benchmark (issue 13: `npm test` ≤ 10 minutes on a quiet 2-core machine): `npm test`
// as CI runs it, in a fresh clone of HEAD (so nothing kept in build/ is reused: every lesson is executed,
// `npm ci` installs the packages), timed as a whole and as the test runner reports it.
//
// usage: npx tsx bench/test-suite.ts [--keep]   (--keep: leave the clone, for a look at its artifacts)
// Writes bench/results/test-suite.md and test-suite.json.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadText, machineLine } from "./lib/machine";
import { busyCpuSeconds, speedProbe } from "./lib/speed";

const ROOT = path.resolve(__dirname, "..");
const RESULTS = path.join(ROOT, "bench", "results");
const TARGET_SECONDS = 600;

const loadAtStart = loadText();
const head = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).stdout.trim();
const clone = fs.mkdtempSync(path.join(os.tmpdir(), "nn-bench-tests-"));
if (spawnSync("git", ["clone", "-q", ROOT, clone], { stdio: "inherit" }).status !== 0) throw new Error(`git clone ${ROOT} ${clone} failed`);
// The machine's speed before and after (bench/lib/speed.ts): the same suite took 645 s and 830 s on
// the same day as the host's load changed.
const probeBefore = speedProbe();
console.log(`npm test in a fresh clone of ${head} (${clone}); load ${loadAtStart}; speed probe ${probeBefore.toFixed(2)} s`);
const busy0 = busyCpuSeconds();
const t0 = Date.now();
const r = spawnSync("npm", ["test"], { cwd: clone, encoding: "utf8", env: { ...process.env, CI: "true" }, maxBuffer: 1 << 30 });
const wall = (Date.now() - t0) / 1000;
const busy1 = busyCpuSeconds();
const busyCpu = busy0 !== null && busy1 !== null ? busy1 - busy0 : null;
const probeAfter = speedProbe();
const out = `${r.stdout}\n${r.stderr}`;
const summary = {
  commit: head, status: r.status, wallSeconds: wall,
  runnerLine: (out.match(/npm test: .*/) ?? ["(no summary line)"])[0],
  tests: Number((out.match(/^# tests (\d+)/m) ?? [])[1]), failed: Number((out.match(/^# fail (\d+)/m) ?? [])[1]),
  loadAtStart, loadAtEnd: loadText(), target: `≤ ${TARGET_SECONDS} s on a quiet 2-core machine`,
  busyCpuSeconds: busyCpu, speedProbeSeconds: { before: probeBefore, after: probeAfter },
  // Each file's time as the runner's test-times reporter printed it (tools/lib/test-times.mjs).
  fileSeconds: Object.fromEntries([...out.matchAll(/^\s+(\d+\.\d) s  (\S+\.test\.ts)$/gm)].map((m) => [m[2].replace(/^.*\/(shared-process-)/, "$1"), Number(m[1])])),
};
if (!process.argv.includes("--keep")) fs.rmSync(clone, { recursive: true, force: true });
fs.mkdirSync(RESULTS, { recursive: true });
const md = [
  "# Test-suite benchmark (bench/test-suite.ts)", "",
  machineLine(loadAtStart), "",
  `\`npm test\` in a fresh clone of ${head} (set-up with \`npm ci\`, every lesson executed): **${wall.toFixed(0)} s** wall, exit ${r.status}; ${summary.tests} tests, ${summary.failed} failed.`,
  `The runner: ${summary.runnerLine}.`,
  busyCpu !== null ? `Busy CPU of the whole machine meanwhile (/proc/stat): ${busyCpu.toFixed(0)} CPU-s over ${wall.toFixed(0)} s.` : "",
  `Speed probe (bench/lib/speed.ts, one thread, lower is faster): ${probeBefore.toFixed(2)} s before, ${probeAfter.toFixed(2)} s after.`, "",
  `Target: ${summary.target}. ${wall <= TARGET_SECONDS ? "Met" : "Not met"} in this run (read the load averages above: a busy machine is slower).`, "",
  "The ten longest files (each from its start to its end, as the runner reports them):", "",
  ...Object.entries(summary.fileSeconds).slice(0, 10).map(([f, s]) => `- ${f}: ${s.toFixed(1)} s`), "",
].join("\n");
fs.writeFileSync(path.join(RESULTS, "test-suite.md"), md);
fs.writeFileSync(path.join(RESULTS, "test-suite.json"), JSON.stringify(summary, null, 2) + "\n");
console.log(md);
if (r.status !== 0) console.log(out.split("\n").filter((l) => /^\s*not ok|^# fail/.test(l)).join("\n"));
process.exitCode = r.status === 0 ? 0 : 1;
