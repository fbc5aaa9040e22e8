// The project's engines as a bench peer: `trainReference` (the readable loop the lessons show) or
// `train`, which runs src/fast (trainFast) for this workload by itself, on a case written by bench/run.ts, in a process of its own like the others.
// usage: node --import tsx bench/peers/ts_bench.ts reference|fast CASE_DIR REPEATS OUT_JSON [EPOCHS]
//   EPOCHS: run fewer epochs than the case's (the reference on the big rows, where 200 would take minutes)
import * as fs from "node:fs";
import * as path from "node:path";
import { Matrix } from "../../src/matrix";
import { Params } from "../../src/network";
import { chooseEngine, train, trainReference, TrainOptions } from "../../src/train";
import { chooseThreads, prepareFast } from "../../src/fast/index";
import { readCase } from "../lib/case-files";

const [engine, caseDir, repeatsArg, out, epochsArg] = process.argv.slice(2);
if (!["reference", "fast"].includes(engine) || !caseDir || !repeatsArg || !out) {
  console.error("usage: ts_bench.ts reference|fast CASE_DIR REPEATS OUT_JSON [EPOCHS]");
  process.exit(2);
}
const c = readCase(caseDir);
const params: Params = { W1: c.W1, b1: c.b1, W2: c.W2, b2: c.b2 };
const epochs = epochsArg ? Number(epochsArg) : c.meta.epochs;
const options: TrainOptions = { lr: c.meta.lr, epochs, hidden: "sigmoid", output: "identity", loss: "mse" };
const threads = chooseThreads(c.X.cols, c.W1.rows);

let setupMs = 0;
if (engine === "fast") {
  const picked = chooseEngine(params, c.X, c.Y, options);
  if (picked !== "fast") throw new Error(`ts_bench: train would run the ${picked} engine on this case, not src/fast`);
  // One-time set-up outside the timed loop, like Python's imports: generate and compile the
  // kernel, start the worker. No training happens here; it is timed and reported separately.
  const t0 = performance.now();
  prepareFast(c.meta.nx, c.meta.nh, "sigmoid", { threads });
  setupMs = performance.now() - t0;
}
const runsMs: number[] = [];
const curves: number[][] = [];
let final: Params = params;
for (let r = 0; r < Number(repeatsArg); r++) {
  const t0 = performance.now();
  // "fast" times `train` itself, as a lesson calls it: the engine it picks by itself (checked above).
  const result = engine === "fast" ? train(params, c.X, c.Y, options) : trainReference(params, c.X, c.Y, options);
  runsMs.push(performance.now() - t0);
  curves.push(result.costs);
  final = result.params;
}
const flat = (M: Matrix) => Array.from(M.data);
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, JSON.stringify({
  impl: engine,
  node: process.version,
  threads: engine === "fast" ? threads : 1,
  epochs,
  setup_ms: setupMs,
  runs_ms: runsMs,
  costs: curves[0],
  repeatable: curves.every((cv) => cv.every((v, i) => v === curves[0][i])),
  final: { W1: flat(final.W1), b1: flat(final.b1), W2: flat(final.W2), b2: flat(final.b2) },
}));
