// `npm run bench`: the training benchmark of ../shared/bench-workload.md, the project's engines and
// the peers side by side in one run, each in a process of its own reading the same files.
//
//   1. writes the cases to bench/results/cases/: prepared housing data (X standardised, y = value/100000)
//      and the shared initial weights (initParams "uniform", seed SEED), one folder per scaling row;
//   2. runs numpy (twice: machine-default malloc, and glibc keeping freed memory), PyTorch, the
//      reference loop (`trainReference`) and `train` (which picks src/fast here) on every row, one after
//      the other, never two at once;
//   3. prints the table and writes it to bench/results/bench.md, the raw figures to bench.json;
//   4. then the course-build benchmark, bench/course.ts (a warm `npm run course`, each lesson, NN_JOBS);
//   5. then the grading benchmark, bench/grading.ts (a class of 30 students × every lesson, and the bank test);
//   6. then the test-suite benchmark, bench/test-suite.ts (`npm test` in a fresh clone, as CI runs it).
//
// usage: npx tsx bench/run.ts [--quick] [--cases-only] [--no-course | --course-only] [--no-grading | --grading-only] [--no-tests]   (BENCH_PYTHON: another Python for the peers)
//   --quick: the two small rows, 1 repeat, and the course bench's --quick (a smoke test);
//   --cases-only: write the case files and stop; --no-course / --course-only: skip the course bench / the training rows;
//   --no-grading / --grading-only: skip the grading bench / run only it
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadHousing } from "../src/data/housing";
import { standardize } from "../src/data/prepare";
import { Matrix, map } from "../src/matrix";
import { initParams } from "../src/network";
import { writeCase } from "./lib/case-files";
import { flopPerEpoch, maxRelDiff, median, relDiff } from "./lib/stats";
import { loadText, machineLine } from "./lib/machine";

const ROOT = path.resolve(__dirname, "..");
const RESULTS = path.join(ROOT, "bench", "results");
/** Debian's Python, where python3-numpy and python3-torch live (not the python3 first on PATH here). */
const PYTHON = process.env.BENCH_PYTHON ?? "/usr/bin/python3";
const SEED = 1;
const LR = 0.1;
const EPOCHS = 200;
/** The target: the fast engine's final loss within this of numpy's (relative). */
const LOSS_TOLERANCE = 1e-12;

/**
 * repeats: runs of numpy (glibc keeping memory), PyTorch and trainFast; slowPeerRepeats: of numpy with
 * the default malloc; refRepeats and refEpochs: of the reference, which on the big rows runs fewer
 * epochs (200 would take ~10 min there), timed per epoch and compared on the costs it has.
 */
interface Row { name: string; m: number; nh: number; repeats: number; refRepeats: number; refEpochs: number; slowPeerRepeats: number }
const QUICK = process.argv.includes("--quick");
const ROWS: Row[] = QUICK
  ? [
      { name: "N=64", m: 64, nh: 16, repeats: 1, refRepeats: 1, refEpochs: EPOCHS, slowPeerRepeats: 1 },
      { name: "N=2000", m: 2000, nh: 16, repeats: 1, refRepeats: 1, refEpochs: 20, slowPeerRepeats: 1 },
    ]
  : [
      { name: "N=64", m: 64, nh: 16, repeats: 7, refRepeats: 5, refEpochs: EPOCHS, slowPeerRepeats: 5 },
      { name: "N=2000", m: 2000, nh: 16, repeats: 7, refRepeats: 3, refEpochs: EPOCHS, slowPeerRepeats: 5 },
      { name: "N=20433 (headline)", m: 20433, nh: 16, repeats: 7, refRepeats: 1, refEpochs: 40, slowPeerRepeats: 5 },
      { name: "N=204330 (data tiled 10x)", m: 204330, nh: 16, repeats: 3, refRepeats: 1, refEpochs: 5, slowPeerRepeats: 2 },
      { name: "nh=256, N=20433", m: 20433, nh: 256, repeats: 3, refRepeats: 1, refEpochs: 5, slowPeerRepeats: 2 },
    ];

const KEEP_MEMORY = { MALLOC_TRIM_THRESHOLD_: "4000000000", MALLOC_MMAP_THRESHOLD_: "4000000000" };
const APT = "apt-get install -y --no-install-recommends";

interface Impl {
  id: string;
  label: string;
  /** the command for one case; null when the peer is missing */
  command: ((caseDir: string, repeats: number, out: string, row: Row) => { cmd: string; args: string[]; env?: Record<string, string> }) | null;
  missing?: string;
  /** repeats for this row (the slow ones get fewer on the big rows) */
  repeats: (row: Row) => number;
}

function pythonHas(module: string): boolean {
  if (!fs.existsSync(PYTHON)) return false;
  return spawnSync(PYTHON, ["-c", `import ${module}`], { stdio: "ignore" }).status === 0;
}

function implementations(): Impl[] {
  const peer = (script: string, env: Record<string, string>) => (caseDir: string, repeats: number, out: string) => ({
    cmd: PYTHON, args: [path.join(ROOT, "bench", "peers", script), caseDir, String(repeats), out],
    env: { OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1", MKL_NUM_THREADS: "1", ...env },
  });
  const ts = (engine: string) => (caseDir: string, repeats: number, out: string, row: Row) => ({
    cmd: process.execPath,
    args: ["--import", "tsx", path.join(ROOT, "bench", "peers", "ts_bench.ts"), engine, caseDir, String(repeats), out,
      ...(engine === "reference" ? [String(row.refEpochs)] : [])],
  });
  const hasNumpy = pythonHas("numpy");
  const hasTorch = pythonHas("torch");
  const numpyMissing = `missing (install: ${APT} python3-numpy libopenblas0-pthread python3-threadpoolctl)`;
  return [
    { id: "numpy", label: "numpy, textbook, 1 BLAS thread, machine-default malloc", command: hasNumpy ? peer("numpy_bench.py", {}) : null, missing: numpyMissing, repeats: (r) => r.slowPeerRepeats },
    { id: "numpy-keep", label: "numpy, textbook, 1 BLAS thread, glibc keeping freed memory", command: hasNumpy ? peer("numpy_bench.py", KEEP_MEMORY) : null, missing: numpyMissing, repeats: (r) => r.repeats },
    { id: "torch", label: "PyTorch autograd float64, 1 thread, glibc keeping freed memory", command: hasTorch ? peer("torch_bench.py", KEEP_MEMORY) : null, missing: `missing (install: ${APT} python3-torch)`, repeats: (r) => r.repeats },
    { id: "reference", label: "project: trainReference (the loop the lessons derive, src/train.ts)", command: ts("reference"), repeats: (r) => r.refRepeats },
    { id: "fast", label: "project: train (picks src/fast by itself)", command: ts("fast"), repeats: (r) => r.repeats },
  ];
}

interface RunResult {
  impl: string; runs_ms: number[]; epochs?: number; costs: number[]; repeatable: boolean; setup_ms?: number; threads?: number;
  final: Record<string, number[]>; blas?: unknown; version?: string; node?: string;
}

/** The prepared data of the workload: X (8, m) standardised, Y = median_house_value / 100000. */
function preparedData(): { X: Matrix; Y: Matrix; summary: string } {
  const housing = loadHousing();
  const { Xs } = standardize(housing.X);
  return { X: Xs, Y: map(housing.y, (v) => v / 100000), summary: housing.report.summary() };
}

/** The first m examples, cycling through the data when m exceeds it (204330 = the data 10 times). */
function takeColumns(A: Matrix, m: number): Matrix {
  const out = new Matrix(A.rows, m);
  for (let i = 0; i < A.rows; i++) {
    for (let j = 0; j < m; j++) out.data[i * m + j] = A.data[i * A.cols + (j % A.cols)];
  }
  return out;
}

function writeCases(): Map<Row, string> {
  const { X, Y } = preparedData();
  const dirs = new Map<Row, string>();
  for (const row of ROWS) {
    const dir = path.join(RESULTS, "cases", `m${row.m}-nh${row.nh}`);
    const p = initParams([X.rows, row.nh, 1], { seed: SEED, method: "uniform" });
    writeCase(dir, {
      meta: {
        name: row.name, nx: X.rows, nh: row.nh, m: row.m, lr: LR, epochs: EPOCHS,
        source: `data/california-housing.csv via loadHousing (rows without total_bedrooms dropped, m = ${X.cols}), ` +
          `X standardised over all ${X.cols} rows (population sd), y = median_house_value / 100000, first ${row.m} ` +
          `columns${row.m > X.cols ? " (the data repeated)" : ""}; W, b from initParams([${X.rows}, ${row.nh}, 1], { seed: ${SEED}, method: "uniform" })`,
      },
      X: takeColumns(X, row.m), Y: takeColumns(Y, row.m), W1: p.W1, b1: p.b1, W2: p.W2, b2: p.b2,
    });
    dirs.set(row, dir);
  }
  return dirs;
}

function run(impl: Impl, row: Row, caseDir: string): RunResult | { error: string } {
  const out = path.join(RESULTS, "raw", path.basename(caseDir), `${impl.id}.json`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.rmSync(out, { force: true });
  const { cmd, args, env } = impl.command!(caseDir, impl.repeats(row), out, row);
  const r = spawnSync(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, encoding: "utf8", maxBuffer: 1 << 26 });
  if (r.status !== 0 || !fs.existsSync(out)) {
    return { error: `exit ${r.status}: ${(r.stderr || "").trim().split("\n").slice(-3).join(" | ")}` };
  }
  return JSON.parse(fs.readFileSync(out, "utf8")) as RunResult;
}

const fmt = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : String(x));
const sci = (x: number) => (x === 0 ? "0" : x.toExponential(1));

function trainingBench(): void {
  const started = Date.now();
  const loadAtStart = loadText();
  console.log(`bench: ${ROWS.length} rows, load average ${loadAtStart} (1, 5, 15 min) on ${os.cpus().length} CPUs`);
  const dirs = writeCases();
  if (process.argv.includes("--cases-only")) return void console.log(`cases written to ${path.relative(ROOT, path.join(RESULTS, "cases"))}`);
  const impls = implementations();
  const lines: string[] = [];
  const raw: Record<string, unknown>[] = [];
  const verdicts: string[] = [];
  const versions = new Map<string, string>();
  lines.push("| row | implementation | runs | ms/epoch median | ms/epoch min | GFLOP/s | × numpy | final loss | rel. diff final loss vs numpy | max rel. diff curve vs numpy | load at start |");
  lines.push("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
  for (const row of ROWS) {
    const caseDir = dirs.get(row)!;
    const results = new Map<string, RunResult>();
    const rowLoad = loadText();
    for (const impl of impls) {
      if (!impl.command) {
        lines.push(`| ${row.name} | ${impl.label} | | ${impl.missing} | | | | | | | |`);
        raw.push({ row: row.name, impl: impl.id, missing: impl.missing });
        continue;
      }
      process.stdout.write(`  ${row.name}: ${impl.id} ... `);
      const res = run(impl, row, caseDir);
      if ("error" in res) {
        console.log(`FAILED ${res.error}`);
        lines.push(`| ${row.name} | ${impl.label} | | failed: ${res.error.replace(/\|/g, "/")} | | | | | | | |`);
        raw.push({ row: row.name, impl: impl.id, error: res.error });
        continue;
      }
      results.set(impl.id, res);
      if (!versions.has(impl.id)) versions.set(impl.id, impl.id.startsWith("numpy") ? `numpy ${res.version}, BLAS ${JSON.stringify(res.blas)}` : impl.id === "torch" ? `torch ${res.version}` : `node ${res.node}`);
      if (impl.id.startsWith("numpy") && !JSON.stringify(res.blas ?? "").includes("openblas")) {
        versions.set("blas-warning", `**numpy is not on OpenBLAS** (about 2x slower here): ${APT} libopenblas0-pthread`);
      }
      console.log(`${fmt(median(res.runs_ms) / EPOCHS, 3)} ms/epoch (median of ${res.runs_ms.length})`);
    }
    // numpy baseline: the faster of numpy's two runs (by median)
    const numpys = ["numpy", "numpy-keep"].map((id) => results.get(id)).filter((r): r is RunResult => r !== undefined);
    const base = numpys.sort((a, b) => median(a.runs_ms) - median(b.runs_ms))[0];
    const baseMs = base ? median(base.runs_ms) / EPOCHS : NaN;
    const flop = flopPerEpoch(row.m, 8, row.nh);
    for (const impl of impls) {
      const res = results.get(impl.id);
      if (!res) continue;
      const epochs = res.epochs ?? EPOCHS;
      const ms = median(res.runs_ms) / epochs, min = Math.min(...res.runs_ms) / epochs;
      const final = res.costs[res.costs.length - 1];
      const partial = epochs < EPOCHS; // compared on the costs it has: costs[k] is after k steps in every engine
      const dFinal = base && !partial ? relDiff(final, base.costs[base.costs.length - 1]) : NaN;
      const dCurve = base ? maxRelDiff(res.costs, base.costs.slice(0, res.costs.length)) : NaN;
      let note = impl.id === "fast" ? ` (${res.threads} thread${res.threads === 1 ? "" : "s"}; set-up ${fmt(res.setup_ms ?? 0, 0)} ms untimed)` : "";
      if (partial) note += ` (**${epochs} of ${EPOCHS} epochs** timed; curve compared on its ${epochs + 1} costs)`;
      lines.push(`| ${row.name} | ${impl.label}${note}${res.repeatable ? "" : " **not repeatable**"} | ${res.runs_ms.length} | ${fmt(ms, 3)} | ${fmt(min, 3)} | ` +
        `${fmt(flop / (ms * 1e6), 2)} | ${fmt(ms / baseMs, 2)} | ${partial ? `(after ${epochs}) ${final.toPrecision(15)}` : final.toPrecision(15)} | ${partial ? "–" : sci(dFinal)} | ${sci(dCurve)} | ${rowLoad} |`);
      raw.push({ row: row.name, m: row.m, nh: row.nh, label: impl.label, ms_per_epoch_median: ms, ms_per_epoch_min: min,
        gflops: flop / (ms * 1e6), ratio_to_numpy: ms / baseMs, final_loss: final, rel_diff_final_vs_numpy: dFinal,
        max_rel_diff_curve_vs_numpy: dCurve, load_at_row_start: rowLoad, ...res, impl: impl.id, costs: undefined, curve_first_last: [res.costs[0], final] });
      if (impl.id === "fast" && !base) {
        verdicts.push(`NOT JUDGED: ${row.name}: numpy did not run (see its row)`);
      } else if (impl.id === "fast") {
        const ok = ms <= baseMs && dFinal <= LOSS_TOLERANCE;
        verdicts.push(`${ok ? "MET" : "NOT MET"}: ${row.name}: train (src/fast) ${fmt(ms, 3)} ms/epoch vs numpy ${fmt(baseMs, 3)} (× ${fmt(ms / baseMs, 2)}), final loss rel. diff ${sci(dFinal)} (target ≤ 1.0 and ≤ ${LOSS_TOLERANCE})`);
      }
    }
  }
  const minutes = (Date.now() - started) / 60000;
  const header = [
    `# Training benchmark: ${new Date().toISOString()}`,
    "",
    `Workload (../shared/bench-workload.md): housing data, 8 → nh sigmoid → 1 identity, MSE (mean), full batch, lr ${LR}, ${EPOCHS} epochs, float64; ` +
      `initial weights initParams("uniform", seed ${SEED}) shared through files (bench/results/cases/). ` +
      "ms/epoch = time of the whole training call / epochs (each call also ends with the final-cost forward pass, in every implementation). " +
      `GFLOP/s from N(4·nh·nx + 14·nh + 6) + 2(nh·nx + 2·nh + 1) per epoch. × numpy: median ms/epoch over the faster of numpy's two runs. ` +
      "Loss columns compare each curve (201 costs: before every step, then of the returned params) with that numpy run's. " +
      "runs: training calls repeated in one process per implementation; V8's JIT warms up inside them (the first call of trainFast " +
      "runs partly on baseline code); trainFast's one-time set-up (generating and compiling its kernel, starting its worker) is shown, untimed.",
    "",
    machineLine(loadAtStart) +
      `Total ${fmt(minutes, 1)} min. Command: \`npm run bench\`${QUICK ? " -- --quick" : ""}.`,
    "",
    `Versions: ${[...new Set(versions.values())].join("; ")}.`,
    "",
  ];
  const table = [...header, ...lines, "", "## Targets", "", ...verdicts.map((v) => `- ${v}`), ""].join("\n");
  console.log("\n" + table);
  fs.mkdirSync(RESULTS, { recursive: true });
  fs.writeFileSync(path.join(RESULTS, "bench.md"), table);
  fs.writeFileSync(path.join(RESULTS, "bench.json"), JSON.stringify({ date: new Date().toISOString(), load_at_start: loadAtStart, rows: raw }, null, 1));
  console.log(`written: ${path.relative(ROOT, path.join(RESULTS, "bench.md"))}, bench.json`);
}

/** The course-build benchmark in a process of its own; its exit status becomes ours. */
function courseBench(): void {
  const r = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "bench", "course.ts"), ...(QUICK ? ["--quick"] : [])], { cwd: ROOT, stdio: "inherit" });
  if (r.status !== 0) process.exitCode = r.status ?? 1;
}

/** The grading benchmark (bench/grading.ts: a class of 30 × every lesson, and the bank test's time) in a process of its own. */
function gradingBench(): void {
  const r = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "bench", "grading.ts"), ...(QUICK ? ["--quick"] : ["--bank"])], { cwd: ROOT, stdio: "inherit" });
  if (r.status !== 0) process.exitCode = r.status ?? 1;
}

/** The site's page weight and paint times (bench/site.ts), then what Run all costs (bench/live.ts), each in a process of its own. */
function siteBench(): void {
  for (const script of ["site.ts", "live.ts"]) {
    const r = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "bench", script)], { cwd: ROOT, stdio: "inherit" });
    if (r.status !== 0) process.exitCode = r.status ?? 1;
  }
}

const has = (flag: string): boolean => process.argv.includes(flag);
/** `npm test` in a fresh clone (bench/test-suite.ts), in a process of its own. */
function testSuiteBench(): void {
  const r = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "bench", "test-suite.ts")], { cwd: ROOT, stdio: "inherit" });
  if (r.status !== 0) console.error("bench/test-suite.ts: npm test failed in the fresh clone (see above)");
}

const ONLY_GRADING = has("--grading-only");
if (!has("--course-only") && !ONLY_GRADING) trainingBench();
if (!has("--no-course") && !has("--cases-only") && !ONLY_GRADING) courseBench();
// --no-site skips the site's page weight and paint times and the live pages' Run all; --no-grading the class benchmark.
if (!has("--no-site") && !has("--cases-only") && !has("--course-only") && !ONLY_GRADING) siteBench();
if (!has("--no-grading") && !has("--cases-only") && !has("--course-only")) gradingBench();
// --no-tests skips timing `npm test` (about ten minutes); --quick skips it too.
if (!has("--no-tests") && !QUICK && !has("--cases-only") && !has("--course-only") && !ONLY_GRADING) testSuiteBench();
