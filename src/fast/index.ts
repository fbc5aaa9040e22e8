/**
 * trainFast: the same full-batch gradient descent as `trainReference` (src/train.ts, lesson 09) for the
 * two-layer regression net nx → nh (sigmoid | tanh | relu | identity) → 1 (identity), MSE; same
 * arguments, same result, same errors, loss curve equal to the reference's to ~1e-15 relative.
 *
 * How: a WebAssembly SIMD kernel generated for the shape (./kernel) fuses forward and backward over
 * tiles of examples, with a vectorised exp; the epochs share preallocated memory; two threads when
 * the platform has them, the batch is big enough and a core is free (./pool). `train` calls it when
 * `preferFast` says so; the readable loop (`trainReference`) stays the one the lessons show; test/fast/ asserts
 * the two agree.
 */
import { Matrix } from "../matrix";
import { Params } from "../network";
import { checkCostFinite, checkEpochs, checkLearningRate, type TrainOptions } from "../train-options";
import { defaultTilePairs, getKernel, getMemory, makeLayout, writeData } from "./engine";
import { FastActivation, KernelShape, KernelTuning } from "./kernel";
import { wasm } from "./wasm-api";
import { prepareWorker, runChunksInPool, poolThreads, spareCore } from "./pool";

export interface FastOptions {
  /** 1, or 2 (or more: still one worker besides this thread); default from `chooseThreads`. */
  threads?: number;
  /** pairs of examples per tile (tuning; default from nh). */
  tilePairs?: number;
  /** kernel generator switches (default DEFAULT_TUNING); for bench/ablation.ts */
  tuning?: KernelTuning;
}

const FAST_ACTIVATIONS: readonly string[] = ["sigmoid", "tanh", "relu", "identity"];
/** the kernel unrolls over nx (one register per input): beyond this the reference is used. */
export const FAST_MAX_NX = 32;

let simdOk: boolean | null = null;
/** Does this JavaScript engine run WebAssembly SIMD (all current Node and browsers do)? */
export function wasmSimdAvailable(): boolean {
  if (simdOk === null) {
    // (module (func (result v128) v128.const i64x2 0 0))
    const probe = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 22, 1, 20, 0, 253, 12,
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 11]);
    simdOk = wasm !== undefined && wasm.validate(probe);
  }
  return simdOk;
}

/**
 * Why the fast path does not apply to this call, or null when it does: it covers exactly two layers
 * with one output unit, an identity output, mse or mse-half, nx ≤ FAST_MAX_NX, and WebAssembly SIMD.
 */
export function whyNotFast(params: Params, X: Matrix, Y: Matrix, options: Pick<TrainOptions, "hidden" | "output" | "loss">): string | null {
  const names = Object.keys(params).sort().join(",");
  if (names !== "W1,W2,b1,b2") return `params are ${names}, not W1,b1,W2,b2 (two layers)`;
  if (params.W2.rows !== 1) return `${params.W2.rows} output units, not 1`;
  if (options.output !== "identity") return `output ${options.output}, not identity`;
  if (options.loss !== "mse" && options.loss !== "mse-half") return `loss ${options.loss}, not mse or mse-half`;
  if (!FAST_ACTIVATIONS.includes(options.hidden)) return `hidden activation ${options.hidden}`;
  if (X.rows > FAST_MAX_NX || X.rows === 0) return `nx = ${X.rows}, not 1 to ${FAST_MAX_NX}`;
  if (X.cols === 0 || Y.rows !== 1 || Y.cols !== X.cols) return "X and Y do not hold the same m ≥ 1 examples";
  const { W1, b1, W2, b2 } = params;
  if (W1.cols !== X.rows || W2.cols !== W1.rows || b1.rows !== W1.rows || b1.cols !== 1 || b2.rows !== 1 || b2.cols !== 1) {
    return "the params' shapes do not fit X (train names the mismatch)";
  }
  if (!wasmSimdAvailable()) return "no WebAssembly SIMD in this JavaScript engine";
  if (running) return "trainFast is already running (called again from onEpoch?): its memory is in use";
  return null;
}

/** Set while a trainFast call runs: the data and parameters live in one process-wide memory. */
let running = false;

/** True when `trainFast` can run this call (see `whyNotFast`). */
export function fastPathApplies(params: Params, X: Matrix, Y: Matrix, options: Pick<TrainOptions, "hidden" | "output" | "loss">): boolean {
  return whyNotFast(params, X, Y, options) === null;
}

/**
 * Below this much work (m·nh·(epochs + 1)) the reference is as quick as the fast path's one-time set-up
 * (generating and compiling a kernel for a new shape takes ~5-15 ms; the reference does ~3 million
 * example·unit products a second).
 */
export const FAST_WORTH_FROM = 1e5;

/** Should `train` hand this call to `trainFast`? When the fast path applies and the work outweighs its set-up. */
export function preferFast(params: Params, X: Matrix, Y: Matrix, options: Pick<TrainOptions, "hidden" | "output" | "loss" | "epochs">): boolean {
  return fastPathApplies(params, X, Y, options) && X.cols * params.W1.rows * (options.epochs + 1) >= FAST_WORTH_FROM;
}

/**
 * Two threads from this many example·unit products per epoch (m·nh). Measured on the 2-core machine,
 * quiet, nh = 16: m = 256 27.7 → 25.0 µs/epoch, m = 2000 190 → 124, m = 20433 2.33 → 1.31 ms. Up to
 * m = 64 (one tile) there is a single chunk and nothing to share.
 */
export const TWO_THREADS_FROM = 4096;

/** Threads for m examples and nh hidden units: two for a big enough batch when a core is free (`spareCore`). */
export function chooseThreads(m: number, nh: number, spare: boolean = spareCore()): number {
  return m * nh >= TWO_THREADS_FROM && spare ? Math.min(2, poolThreads()) : 1;
}

/**
 * The one-time set-up, done by the first `trainFast` of a shape anyway: generate and compile the
 * kernel for (nx, nh, hidden) and, for 2 threads, start the worker. Lets a benchmark keep it out of
 * the timed loop (like Python's imports) without running any training.
 */
export function prepareFast(nx: number, nh: number, hidden: FastActivation, fast: FastOptions = {}): void {
  const shape = kernelShape(nx, nh, hidden, fast);
  const threads = fast.threads ?? 1;
  const mem = getMemory(makeLayout(shape, 2, threads).end);
  getKernel(shape, mem);
  if (threads > 1) prepareWorker(shape, mem);
}

/** Epochs run on one thread after the worker kept this one waiting (see trainFast's loop). */
const SOLO_EPOCHS = 32;

function kernelShape(nx: number, nh: number, activation: FastActivation, fast: FastOptions): KernelShape {
  // reluGradAtZero 1: src/activations.ts takes ReLU'(0) = 1, as the notes do
  return { nx, nh, activation, reluGradAtZero: 1, tilePairs: fast.tilePairs ?? defaultTilePairs(nh), tuning: fast.tuning };
}

/**
 * `train` (src/train.ts) for the cases `fastPathApplies` accepts: costs[k] is the cost before step k,
 * epochs + 1 entries; throws like `train` when the cost is not finite. The given params are not changed.
 * @param params W1 (nh, nx), b1 (nh, 1), W2 (1, nh), b2 (1, 1) @param X (nx, m) @param Y (1, m)
 */
export function trainFast(params: Params, X: Matrix, Y: Matrix, options: TrainOptions, fast: FastOptions = {}): { params: Params; costs: number[] } {
  const { lr, epochs } = options;
  checkLearningRate(lr);
  checkEpochs(epochs);
  const why = whyNotFast(params, X, Y, options);
  if (why !== null) throw new Error(`trainFast: the fast path does not apply: ${why}; use train (engine "auto" or "reference")`);

  running = true;
  try {
    return run(params, X, Y, options, fast);
  } finally {
    running = false;
  }
}

function run(params: Params, X: Matrix, Y: Matrix, options: TrainOptions, fast: FastOptions): { params: Params; costs: number[] } {
  const { lr, epochs, hidden, loss, onEpoch } = options;
  const nx = X.rows, nh = params.W1.rows, m = X.cols;
  const shape = kernelShape(nx, nh, hidden as FastActivation, fast);
  const threads = fast.threads ?? chooseThreads(m, nh);
  const L = makeLayout(shape, m, threads);
  const mem = getMemory(L.end);
  const { chunk, step } = getKernel(shape, mem);
  writeData(mem, L, nx, X.data, Y.data);
  const f = new Float64Array(mem.buffer);
  const P = f.subarray(L.par / 8, L.par / 8 + nh * nx + 2 * nh + 1);
  P.set(params.W1.data, 0);
  P.set(params.b1.data, nh * nx);
  P.set(params.W2.data, nh * nx + nh);
  P.set(params.b2.data, nh * nx + 2 * nh);

  const gscale = loss === "mse" ? 2 : 1; // costPrime: 2(A − Y) for mse, A − Y for mse-half
  const denom = loss === "mse" ? m : 2 * m;
  const invm = 1 / m;
  const nP = nh * nx + 2 * nh + 1;
  const costs: number[] = [];
  const runOne = (c: number) => {
    const p0 = c * L.chunkPairs, p1 = Math.min(p0 + L.chunkPairs, L.pairs);
    chunk(L.xp, L.yp, L.mp, p0, p1, L.par, L.grad + c * L.gradBytes, L.scratch, gscale);
  };
  let alone = 0; // epochs left to run on this thread only (see below)
  let slow = 0;
  for (let epoch = 0; epoch <= epochs; epoch++) {
    const timing = threads > 1 && alone === 0 ? runChunksInPool(shape, mem, L, gscale, runOne) : null;
    if (timing === null) {
      for (let c = 0; c < L.chunks; c++) runOne(c);
      if (alone > 0) alone--;
    } else if (timing.waitMs > 0.5 * timing.busyMs + 0.05) {
      // NOTE: on a busy machine the worker can be descheduled in the middle of a chunk, and this
      // thread then waits for it for a whole time slice. After two such epochs in a row, run alone for
      // a while and try again. The numbers do not change: the chunks are the same either way.
      if (++slow >= 2) { alone = SOLO_EPOCHS; slow = 0; }
    } else {
      slow = 0;
    }
    // partial sums added in chunk order, then θ ← θ − η (1/m) Σ (not after the last pass)
    const J = step(L.grad, L.chunks, L.gradBytes, L.par, nP, lr, invm, epoch < epochs ? 1 : 0) / denom;
    checkCostFinite(J, epoch, lr, costs);
    costs.push(J);
    onEpoch?.(epoch, J);
  }
  const take = (from: number, rows: number, cols: number) => new Matrix(rows, cols, P.slice(from, from + rows * cols));
  return {
    params: { W1: take(0, nh, nx), b1: take(nh * nx, nh, 1), W2: take(nh * nx + nh, 1, nh), b2: take(nh * nx + 2 * nh, 1, 1) },
    costs,
  };
}
