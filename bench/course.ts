// The course-build benchmark (issue 8): how long a warm `npm run course` takes, where each lesson's
// time goes, and how many kernels at once (NN_JOBS) suit the machine. Target: ≤ 60 s for the whole
// course on the course's 2-core machine.
//
//   1. one untimed `npm run course` (warm-up: npm, set-up, tsx and the OS file cache);
//   2. the fixed cost every lesson pays, alone: Python importing nbclient, and a one-cell notebook
//      (`1 + 1`) through tools/lib/run-notebook.ts: time before the cell, the cell, time after it;
//   3. timed `npm run course` runs: the default NN_JOBS, then each other setting of --jobs, then the
//      default again; each builds into a temporary NN_SITE_DIR / NN_BUILD_DIR (site/ is not touched);
//   4. per lesson, from the run with the fewest kernels at once (least contention): total, start-up,
//      the imports cell (tslab type-checking ./src), the other cells, the slowest cell;
//   5. prints the tables, writes bench/results/course.md and course.json.
//
// usage: npx tsx bench/course.ts [--quick] [--jobs 1,2,3]
//   --quick: lesson 01 only, the default NN_JOBS only, one of each measurement (a smoke test)
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { defaultJobs } from "../tools/lib/execute-all";
import { courseNotebook, writeNotebook } from "../tools/lib/notebook";
import { jupyterEnv, lessonFiles, PYTHON } from "../tools/lib/paths";
import { runNotebook } from "../tools/lib/run-notebook";
import { breakdown, cellTimes, runCourse, type Breakdown, type CourseRun } from "./lib/course-runs";
import { median } from "./lib/stats";
import { loadText, machineLine } from "./lib/machine";

const ROOT = path.resolve(__dirname, "..");
const RESULTS = path.join(ROOT, "bench", "results");
/** The issue's target for a warm `npm run course`, whole course, on the 2-core machine. */
const TARGET_SECONDS = 60;
const QUICK = process.argv.includes("--quick");
const jobsArg = process.argv[process.argv.indexOf("--jobs") + 1];
const JOB_SETTINGS = process.argv.includes("--jobs") ? jobsArg.split(",").map(Number) : [1, 2, 3];
/** Repeats of the fixed-cost measurements (each a few seconds). */
const FIXED_REPEATS = QUICK ? 1 : 3;

delete process.env.NN_JOBS; // the default runs are the command as a user types it
const DEFAULT_JOBS = defaultJobs();
const LESSONS = QUICK ? ["01"] : [];
const lessonNames = lessonFiles().map((f) => path.basename(f)).filter((f) => LESSONS.length === 0 || LESSONS.some((l) => f.startsWith(l)));

const fmt = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : "–");

/** `npm run course [-- lessons]` building into a fresh temporary folder; NN_JOBS when `jobs` is given. */
async function timedCourse(label: string, jobs: number | null): Promise<{ run: CourseRun; breakdowns: Breakdown[] }> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nn-bench-course-"));
  const env: NodeJS.ProcessEnv = { ...process.env, NN_SITE_DIR: path.join(tmp, "site"), NN_BUILD_DIR: path.join(tmp, "build") };
  if (jobs !== null) env.NN_JOBS = String(jobs);
  const args = ["run", "course", ...(LESSONS.length ? ["--", ...LESSONS] : [])];
  process.stdout.write(`  ${label} ... `);
  try {
    const run = await runCourse(label, jobs ?? DEFAULT_JOBS, "npm", args, ROOT, env);
    const breakdowns: Breakdown[] = [];
    for (const lesson of run.lessons) {
      const executed = path.join(tmp, "build", "executed", lesson.file);
      const b = fs.existsSync(executed) ? breakdown(lesson, cellTimes(executed)) : null;
      if (b) breakdowns.push(b);
    }
    console.log(run.exitCode === 0 ? `${fmt(run.wallSeconds)} s` : `FAILED (exit ${run.exitCode}) after ${fmt(run.wallSeconds)} s\n${run.errorTail}`);
    if (run.exitCode === 0 && run.lessons.length !== lessonNames.length) {
      throw new Error(`read ${run.lessons.length} lesson lines, expected ${lessonNames.length}: has tools/course.ts's line format changed?`);
    }
    return { run, breakdowns };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

interface FixedCost {
  /** Python importing nbformat and nbclient */
  pythonImport: number;
  /** the one-cell notebook through runNotebook: before its cell, the cell, after it, in all */
  beforeCell: number; cell: number; afterCell: number; total: number;
  /** two `1 + 1` cells through execute_notebook.py alone (no runner cells): to the first cell (Python + kernel start), each cell */
  kernelStart: number; firstCell: number; secondCell: number;
}

const trivialCell = (id: string) => ({ cell_type: "code", id, source: "1 + 1", metadata: {}, outputs: [], execution_count: null });

/** The fixed cost of one notebook: Python's imports, a one-cell notebook through the runner, the kernel's own start. */
async function fixedCost(): Promise<FixedCost> {
  let t = Date.now();
  const py = spawnSync(PYTHON, ["-c", "import nbformat; from nbclient import NotebookClient"], { stdio: "ignore" });
  if (py.status !== 0) throw new Error(`${PYTHON} cannot import nbclient`);
  const pythonImport = (Date.now() - t) / 1000;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nn-bench-kernel-"));
  try {
    const file = path.join(dir, "01-trivial.ipynb");
    writeNotebook(file, courseNotebook([trivialCell("trivial")]));
    const t0 = Date.now();
    const r = await runNotebook(file);
    const t1 = Date.now();
    if (r.failures.length) throw new Error(`the one-cell notebook failed: ${r.failures[0].message}`);
    writeNotebook(file, r.executed!);
    const [c] = cellTimes(file);
    // Without the runner's prelude, the first cell is where tslab's compiler first runs.
    const two = path.join(dir, "two.ipynb"), out = path.join(dir, "two-out.ipynb");
    writeNotebook(two, courseNotebook([trivialCell("first"), trivialCell("second")]));
    t = Date.now();
    const ex = spawnSync(PYTHON, [path.join(ROOT, "tools/lib/execute_notebook.py"), two, out, "--cwd", dir], { env: jupyterEnv(), encoding: "utf8" });
    if (ex.status !== 0 || !fs.existsSync(out)) throw new Error(`execute_notebook.py failed: ${ex.stderr}`);
    const [first, second] = cellTimes(out);
    return {
      pythonImport, beforeCell: (c.start - t0) / 1000, cell: c.seconds, afterCell: (t1 - c.end) / 1000, total: (t1 - t0) / 1000,
      kernelStart: (first.start - t) / 1000, firstCell: first.seconds, secondCell: second.seconds,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Phases of one run: npm + set-up + tsx start, the notebooks, then writing executed notebooks + the site. */
function phases(run: CourseRun) {
  const starts = run.lessons.map((l) => l.doneAt - l.seconds * 1000);
  const firstStart = Math.min(...starts), lastDone = Math.max(...run.lessons.map((l) => l.doneAt));
  const lessonSum = run.lessons.reduce((s, l) => s + l.seconds, 0);
  const notebooks = (lastDone - firstStart) / 1000;
  return { startup: (firstStart - run.startedAt) / 1000, notebooks, after: (run.endedAt - lastDone) / 1000, lessonSum, overlap: lessonSum / notebooks };
}

async function main(): Promise<void> {
  const loadAtStart = loadText();
  const started = new Date();
  console.log(`course bench: ${lessonNames.length} lesson(s), default NN_JOBS ${DEFAULT_JOBS}, load average ${loadAtStart} on ${os.cpus().length} CPUs`);
  await timedCourse("warm-up npm run course (untimed)", null);

  const fixed: FixedCost[] = [];
  for (let i = 0; i < FIXED_REPEATS; i++) fixed.push(await fixedCost());
  const med = (k: keyof FixedCost) => median(fixed.map((f) => f[k]));
  console.log(`  one-cell notebook: ${fmt(med("total"), 2)} s (before the cell ${fmt(med("beforeCell"), 2)}, cell ${fmt(med("cell"), 3)}, after ${fmt(med("afterCell"), 2)}); ` +
    `kernel start ${fmt(med("kernelStart"), 2)} s, first cell ${fmt(med("firstCell"), 2)} s, second ${fmt(med("secondCell"), 3)} s; Python + nbclient import ${fmt(med("pythonImport"), 2)} s`);

  const others = QUICK ? [] : JOB_SETTINGS.filter((j) => j !== DEFAULT_JOBS);
  const plan: (number | null)[] = QUICK ? [null] : [null, ...others, null];
  const runs: { run: CourseRun; breakdowns: Breakdown[] }[] = [];
  for (const [i, jobs] of plan.entries()) {
    const label = jobs === null ? `npm run course (default NN_JOBS=${DEFAULT_JOBS}) #${plan.slice(0, i + 1).filter((j) => j === null).length}` : `NN_JOBS=${jobs} npm run course`;
    runs.push(await timedCourse(label, jobs));
  }

  const ok = runs.filter((r) => r.run.exitCode === 0);
  const lines: string[] = [];
  lines.push("## Runs", "", "| run | kernels at once | wall s | npm + set-up + tsx s | notebooks s | executed files + site s | Σ lesson times s | Σ / notebooks phase | load before | load after | exit |", "|---|---:|---:|---:|---:|---:|---:|---:|---|---|---|");
  for (const { run } of runs) {
    const p = run.lessons.length ? phases(run) : null;
    lines.push(`| ${run.label} | ${run.jobs} | ${fmt(run.wallSeconds)} | ${p ? fmt(p.startup) : ""} | ${p ? fmt(p.notebooks) : ""} | ${p ? fmt(p.after) : ""} | ${p ? fmt(p.lessonSum) : ""} | ${p ? fmt(p.overlap, 2) : ""} | ${loadText(run.loadBefore)} | ${loadText(run.loadAfter)} | ${run.exitCode} |`);
  }

  // Per lesson: from the run with the fewest kernels at once, where lessons do not compete for the cores.
  const basis = [...ok].sort((a, b) => a.run.jobs - b.run.jobs)[0];
  if (basis) {
    lines.push("", `## Where each lesson's time goes (${basis.run.label}: ${basis.run.jobs} kernel${basis.run.jobs === 1 ? "" : "s"} at once)`, "",
      "| lesson | code cells | total s | start-up s | imports cell s | other cells s | between + after s | slowest other cell |", "|---|---:|---:|---:|---:|---:|---:|---|");
    const tot = { total: 0, startup: 0, imports: 0, rest: 0, between: 0 };
    for (const b of basis.breakdowns) {
      for (const k of Object.keys(tot) as (keyof typeof tot)[]) tot[k] += b[k];
      lines.push(`| ${b.file} | ${b.codeCells} | ${fmt(b.total)} | ${fmt(b.startup, 2)} | ${fmt(b.imports, 2)} | ${fmt(b.rest, 2)} | ${fmt(b.between, 2)} | ${b.slowest ? `${b.slowest.id} ${fmt(b.slowest.seconds, 2)} s` : ""} |`);
    }
    lines.push(`| **all** | | ${fmt(tot.total)} | ${fmt(tot.startup)} | ${fmt(tot.imports)} | ${fmt(tot.rest)} | ${fmt(tot.between)} | |`);
  }
  if (ok.length > 1) {
    lines.push("", "## Each lesson's time in each run (s; with several kernels at once, lessons share the cores)", "",
      `| lesson | ${ok.map((r) => r.run.label).join(" | ")} |`, `|---|${ok.map(() => "---:").join("|")}|`);
    for (const name of lessonNames) lines.push(`| ${name} | ${ok.map((r) => fmt(r.run.lessons.find((l) => l.file === name)?.seconds ?? NaN)).join(" | ")} |`);
  }
  lines.push("", "## Fixed cost of one notebook, alone", "",
    `A one-cell notebook (\`1 + 1\`) through tools/lib/run-notebook.ts, median of ${fixed.length}: ${fmt(med("total"), 2)} s in all; ` +
    `${fmt(med("beforeCell"), 2)} s before the cell (Python and nbclient, the tslab kernel's start, the runner's prelude cell), ` +
    `the cell ${fmt(med("cell"), 3)} s, ${fmt(med("afterCell"), 2)} s after it (the runner's closing cell with its 300 ms wait, kernel shutdown). ` +
    `Python importing nbclient alone: ${fmt(med("pythonImport"), 2)} s. ` +
    `Two \`1 + 1\` cells through tools/lib/execute_notebook.py alone (no runner cells): ${fmt(med("kernelStart"), 2)} s to the first cell ` +
    `(Python, nbclient, the tslab kernel's start), the first cell ${fmt(med("firstCell"), 2)} s (tslab's compiler starting), the second ${fmt(med("secondCell"), 3)} s.`);

  const defaults = ok.filter((r) => r.run.label.startsWith("npm run course (default"));
  const verdicts: string[] = [];
  if (QUICK) verdicts.push(`NOT JUDGED: --quick runs lesson 01 only (warm \`npm run course -- 01\`: ${defaults.map((r) => fmt(r.run.wallSeconds)).join(", ")} s)`);
  else if (defaults.length === 0) verdicts.push("NOT JUDGED: no default run of `npm run course` succeeded (see the runs)");
  else {
    const m = median(defaults.map((r) => r.run.wallSeconds));
    verdicts.push(`${m <= TARGET_SECONDS ? "MET" : "NOT MET"}: warm \`npm run course\`, whole course, default NN_JOBS=${DEFAULT_JOBS}: ${defaults.map((r) => fmt(r.run.wallSeconds)).join(" s, ")} s (median ${fmt(m)} s; target ≤ ${TARGET_SECONDS} s)`);
  }
  if (ok.length < runs.length) verdicts.push(`${runs.length - ok.length} of ${runs.length} runs FAILED: a lesson failed to execute (see the exit column)`);

  const header = [
    `# Course build benchmark: ${started.toISOString()}`, "",
    "Each run is `npm run course` as a child process (the real command: `node tools/setup.cjs && tsx tools/course.ts`), after one untimed warm-up run, " +
      "building into a temporary NN_SITE_DIR / NN_BUILD_DIR. A lesson's total is runNotebook's wall time as tools/course.ts prints it (0.1 s); " +
      "cell times are the kernel's busy → idle timestamps nbclient records in the executed notebook; start-up = the lesson's start (when its line arrived, minus its total; ±50 ms) to its first cell. " +
      "Σ / notebooks phase: how many lessons ran at once on average.", "",
    machineLine(loadAtStart) +
      `Command: \`npx tsx bench/course.ts${QUICK ? " --quick" : ""}\`.`, "",
  ];
  const report = [...header, ...lines, "", "## Target", "", ...verdicts.map((v) => `- ${v}`), ""].join("\n");
  console.log("\n" + report);
  fs.mkdirSync(RESULTS, { recursive: true });
  fs.writeFileSync(path.join(RESULTS, "course.md"), report);
  fs.writeFileSync(path.join(RESULTS, "course.json"), JSON.stringify({
    date: started.toISOString(), quick: QUICK, node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model,
    default_jobs: DEFAULT_JOBS, load_at_start: loadAtStart, load_at_end: loadText(), target_seconds: TARGET_SECONDS, verdicts,
    fixed_cost: fixed, runs: runs.map(({ run, breakdowns }) => ({ ...run, phases: run.lessons.length ? phases(run) : null, breakdowns })),
  }, null, 1));
  console.log(`written: ${path.relative(ROOT, path.join(RESULTS, "course.md"))}, course.json`);
  if (ok.length < runs.length) process.exitCode = 1;
}

main().catch((e) => {
  console.error(`course bench failed: ${(e as Error).message}`);
  process.exit(1);
});
