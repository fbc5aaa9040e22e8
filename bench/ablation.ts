// What each idea buys, measured one at a time on the headline case (N = 20433, nh = 16, 200 epochs):
// plain TypeScript steps first, then the WebAssembly kernel's switches, tile sizes and threads.
// Every variant runs in a fresh process, one after the other; the table goes to bench/results/ablation.md.
//
// usage: npx tsx bench/ablation.ts [--rounds 4] [--repeats 2] [--case DIR]   (after `npx tsx bench/run.ts --cases-only`)
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { FastOptions, prepareFast, trainFast } from "../src/fast/index";
import { trainReference } from "../src/train";
import { readCase } from "./lib/case-files";
import { trainFusedTiles, trainPerOp } from "./ablation/js-engines";
import { flopPerEpoch, median } from "./lib/stats";

const ROOT = path.resolve(__dirname, "..");
const RESULTS = path.join(ROOT, "bench", "results");

interface Variant { id: string; label: string; fast?: FastOptions; js?: "per-op" | "fused-mathexp" | "fused-inline-exp" | "reference"; epochs?: number }
const VARIANTS: Variant[] = [
  { id: "reference", label: "reference train (src/train.ts), 20 epochs timed", js: "reference", epochs: 20 },
  { id: "ts-per-op", label: "TypeScript, one loop per matrix op, buffers allocated once", js: "per-op" },
  { id: "ts-fused", label: "TypeScript, forward+backward fused per tile of 64 examples, unrolled ×4, Math.exp", js: "fused-mathexp" },
  { id: "ts-fused-exp", label: "… and an inline exp (fdlibm's rational form, 2^n from a table)", js: "fused-inline-exp" },
  { id: "wasm-one-pass", label: "wasm SIMD f64x2 kernel, 1 thread, forward in one pass per pair of examples", fast: { threads: 1, tuning: { splitForward: false } } },
  { id: "wasm-default-1", label: "wasm SIMD f64x2 kernel, 1 thread, forward split in two passes over the tile (default)", fast: { threads: 1 } },
  ...[16, 64, 128].map((tp) => ({ id: `wasm-tile-${tp}`, label: `… tiles of ${2 * tp} examples instead of 64`, fast: { threads: 1, tilePairs: tp } })),
  { id: "wasm-default-2", label: "wasm kernel, default, 2 threads (main + 1 worker, 16 chunks)", fast: { threads: 2 } },
];

function child(variantId: string, caseDir: string, repeats: number): void {
  const v = VARIANTS.find((x) => x.id === variantId)!;
  const c = readCase(caseDir);
  const epochs = v.epochs ?? c.meta.epochs;
  const net = { W1: c.W1.data, b1: c.b1.data, W2: c.W2.data, b2: c.b2.data };
  const problem = { X: c.X.data, Y: c.Y.data, nx: c.meta.nx, nh: c.meta.nh, m: c.meta.m };
  const params = { W1: c.W1, b1: c.b1, W2: c.W2, b2: c.b2 };
  const options = { lr: c.meta.lr, epochs, hidden: "sigmoid", output: "identity", loss: "mse" } as const;
  if (v.fast) prepareFast(c.meta.nx, c.meta.nh, "sigmoid", v.fast);
  const runs: number[] = [];
  let costs: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    if (v.fast) costs = trainFast(params, c.X, c.Y, options, v.fast).costs;
    else if (v.js === "reference") costs = trainReference(params, c.X, c.Y, options).costs;
    else if (v.js === "per-op") costs = trainPerOp(problem, net, c.meta.lr, epochs);
    else costs = trainFusedTiles(problem, net, c.meta.lr, epochs, v.js === "fused-inline-exp");
    runs.push(performance.now() - t0);
  }
  process.stdout.write(JSON.stringify({ runs, epochs, costs }));
}

function main(): void {
  const arg = (name: string) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : undefined; };
  const caseDir = arg("--case") ?? path.join(RESULTS, "cases", "m20433-nh16");
  const repeats = Number(arg("--repeats") ?? 2);
  const rounds = Number(arg("--rounds") ?? 4);
  if (arg("--variant")) return child(arg("--variant")!, caseDir, repeats);
  if (!fs.existsSync(caseDir)) throw new Error(`ablation: ${caseDir} missing: run npx tsx bench/run.ts --cases-only first`);
  const c = readCase(caseDir);
  const flop = flopPerEpoch(c.meta.m, c.meta.nx, c.meta.nh);
  const loadStart = os.loadavg().map((l) => l.toFixed(2)).join(" ");
  const lines = ["| variant | ms/epoch median | min | GFLOP/s | × TS one-loop-per-op | cost after the timed epochs |", "|---|---:|---:|---:|---:|---:|"];
  // Rounds of fresh processes, every variant once per round, so that a noisy minute hits all alike.
  const runs = new Map<string, { runs: number[]; epochs: number; costs: number[] }>();
  for (let round = 0; round < rounds; round++) {
    process.stdout.write(`round ${round + 1}/${rounds}:`);
    for (const v of VARIANTS) {
      const r = spawnSync(process.execPath, ["--import", "tsx", __filename, "--variant", v.id, "--case", caseDir, "--repeats", String(v.js === "reference" ? 1 : repeats)],
        { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 26 });
      if (r.status !== 0) { console.log(` ${v.id} failed: ${r.stderr.trim().split("\n").slice(-2).join(" | ")}`); continue; }
      const out = JSON.parse(r.stdout) as { runs: number[]; epochs: number; costs: number[] };
      const acc = runs.get(v.id) ?? { runs: [], epochs: out.epochs, costs: out.costs };
      acc.runs.push(...out.runs);
      runs.set(v.id, acc);
      process.stdout.write(".");
    }
    console.log("");
  }
  let baseline: number | undefined;
  for (const v of VARIANTS) {
    const r = runs.get(v.id);
    if (!r) continue;
    const ms = median(r.runs) / r.epochs, min = Math.min(...r.runs) / r.epochs;
    if (v.id === "ts-per-op") baseline = ms;
    lines.push(`| ${v.label} | ${ms.toFixed(3)} | ${min.toFixed(3)} | ${(flop / (ms * 1e6)).toFixed(2)} | ${baseline && v.id !== "ts-per-op" ? (ms / baseline).toFixed(2) : ""} | ${r.costs[r.costs.length - 1].toPrecision(15)} (${r.epochs} epochs) |`);
  }
  const text = [
    `# Ablation: ${new Date().toISOString()}`,
    "",
    `Case ${path.relative(ROOT, caseDir)} (m = ${c.meta.m}, nh = ${c.meta.nh}): ${rounds} rounds, each running every variant in a fresh process ` +
      `for ${repeats} calls of 200 epochs (the reference: 1 call of 20 epochs); median and min over all calls. ` +
      `Load average at start ${loadStart}, at end ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}; ${os.cpus().length} CPUs, Node ${process.version}. ` +
      "× column: relative to the TypeScript one-loop-per-op row.",
    "",
    ...lines,
    "",
  ].join("\n");
  console.log("\n" + text);
  fs.mkdirSync(RESULTS, { recursive: true });
  fs.writeFileSync(path.join(RESULTS, "ablation.md"), text);
}

main();
