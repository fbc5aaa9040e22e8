// The playground's model, with no DOM: the data sets, the state a URL carries, and a trainer that
// runs the library's own forward → cost → backward → updateParams (lessons 08-09), one full-batch
// epoch at a time, on the training part of a seeded train/test split. The browser app (app.ts) draws
// it; test/playground.test.ts runs it in Node too.
//
// Legend: nx inputs (1 or 2), hidden widths n1 … nH (H = 0 … 4 hidden layers), m examples;
// X (nx, m), Y (1, m), a grid G (nx, g). L = H + 1 layers with weights.
import type { ActivationName } from "../../src/activations";
import { hessianLambdaMax, linearMseHessian, symmetricEigenvalues, type PowerResult } from "../../src/curvature";
import { cost, type LossName } from "../../src/losses";
import { Matrix } from "../../src/matrix";
import { backward, forward, initParams, type Cache, type InitMethod, type OutputName, type Params } from "../../src/network";
import { updateParams } from "../../src/train";
import { trainTestSplit } from "../../src/data/prepare";
import { spiral } from "../../src/data/spiral";
import { circles, curveData, twoMoons, xorData } from "../../src/data/toy";

export type DataName = "moons" | "circles" | "xor" | "spiral" | "curve" | "housing";
export const DATA_NAMES: DataName[] = ["moons", "circles", "xor", "spiral", "curve", "housing"];
export const ACTIVATION_NAMES: ActivationName[] = ["sigmoid", "tanh", "relu", "identity"];
export type InitName = Extract<InitMethod, "uniform" | "xavier" | "he">;
export const INIT_NAMES: InitName[] = ["uniform", "xavier", "he"];
/** The learning rates offered in the menu (any other η > 0 from a URL is kept and added). */
export const LEARNING_RATES = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 0.5, 1, 3, 10];
/** At most this many hidden layers, each of 1 … MAX_WIDTH units. */
export const MAX_LAYERS = 4;
export const MAX_WIDTH = 16;
/** The test fractions offered (0: no split, every example trains). */
export const TEST_FRACTIONS = [0, 0.2, 0.3, 0.5];
export const MAX_NOISE = 0.5;
export const POINT_CHOICES = [50, 80, 100, 120, 200, 300, 500];
export const MIN_POINTS = 10, MAX_POINTS = 1000;

/** Everything a shared link restores. */
export interface PlaygroundState {
  data: DataName;
  /** Hidden layer widths, input side first: [] is the linear (or logistic) model, [8, 8] two layers of 8. */
  layers: number[];
  activation: ActivationName;
  lr: number;
  /** Seed of the initial weights. */
  seed: number;
  init: InitName;
  /** Standard deviation of the noise added to the toy sets' points (ignored for the house prices). */
  noise: number;
  /** Number of examples of a toy set (the house prices are a fixed sample). */
  points: number;
  /** Seed of the data (the points, and the train/test split). */
  dseed: number;
  /** Fraction of the examples held out as a test set, never trained on. */
  test: number;
}

/** Per data set: its size, noise and a learning rate that suits it (measured with tanh, one layer of 4). */
export const DATA_DEFAULTS: Record<DataName, { points: number; noise: number; lr: number }> = {
  moons: { points: 200, noise: 0.1, lr: 1 },
  circles: { points: 200, noise: 0.08, lr: 1 },
  xor: { points: 200, noise: 0.05, lr: 1 },
  spiral: { points: 300, noise: 0.05, lr: 1 },
  curve: { points: 80, noise: 0.1, lr: 0.1 },
  housing: { points: 1000, noise: 0, lr: 0.1 },
};

/** The toy sets' default data seed (the state's `seed` is the seed of the initial weights). */
export const DATA_SEED = 7;

export const DEFAULT_STATE: PlaygroundState = { data: "moons", layers: [4], activation: "tanh", lr: 1, seed: 1, init: "uniform", noise: 0.1, points: 200, dseed: DATA_SEED, test: 0 };

/** The state a data set starts with when picked on the page: its own size, noise and learning rate. */
export function withData(s: PlaygroundState, data: DataName): PlaygroundState {
  const d = DATA_DEFAULTS[data];
  return { ...s, data, points: d.points, noise: d.noise, lr: d.lr };
}

/** "data=moons&layers=4,4&act=tanh&…": the URL hash (or query) form of a state; layers=none for no hidden layer. */
export function stateToHash(s: PlaygroundState): string {
  return `data=${s.data}&layers=${s.layers.length ? s.layers.join(",") : "none"}&act=${s.activation}&lr=${s.lr}&seed=${s.seed}` +
    `&init=${s.init}&noise=${s.noise}&m=${s.points}&dseed=${s.dseed}&test=${s.test}`;
}

/** The page's links before hidden layers: hidden=n is one layer of n. */
const LEGACY_HIDDEN = "hidden";

/**
 * Reads a state from "#data=…&layers=…" or "?data=…"; a missing key keeps its default (the data
 * set's own size, noise and learning rate when only data= is given), a bad value is replaced by the
 * default and named in `problems` (shown on the page, never thrown).
 */
export function hashToState(hash: string, base: PlaygroundState = DEFAULT_STATE): { state: PlaygroundState; problems: string[] } {
  const q = new URLSearchParams(hash.replace(/^[#?]/, ""));
  let state = { ...base, layers: base.layers.slice() };
  const problems: string[] = [];
  const keyOf: Record<string, keyof PlaygroundState> = { act: "activation", m: "points", hidden: "layers" };
  const bad = (key: string, why: string) => {
    const v = state[keyOf[key] ?? (key as keyof PlaygroundState)];
    problems.push(`${key}=${q.get(key)}: ${why}; using ${Array.isArray(v) ? (v.length ? v.join(",") : "none") : String(v)}`);
  };
  const num = (key: string, ok: (v: number) => boolean, why: string, set: (v: number) => void) => {
    const raw = q.get(key);
    if (raw === null) return;
    const v = Number(raw);
    raw.trim() !== "" && ok(v) ? set(v) : bad(key, why);
  };
  const data = q.get("data");
  if (data !== null) (DATA_NAMES as string[]).includes(data) ? (state = withData(state, data as DataName)) : bad("data", `expected one of ${DATA_NAMES.join(", ")}`);
  const act = q.get("act");
  if (act !== null) (ACTIVATION_NAMES as string[]).includes(act) ? (state.activation = act as ActivationName) : bad("act", `expected one of ${ACTIVATION_NAMES.join(", ")}`);
  const init = q.get("init");
  if (init !== null) (INIT_NAMES as string[]).includes(init) ? (state.init = init as InitName) : bad("init", `expected one of ${INIT_NAMES.join(", ")}`);
  const width = (v: number) => Number.isInteger(v) && v >= 1 && v <= MAX_WIDTH;
  const layers = q.get("layers");
  if (layers !== null) {
    const parts = layers === "none" ? [] : layers.split(",").map((p) => (p.trim() === "" ? NaN : Number(p)));
    parts.length <= MAX_LAYERS && parts.every(width) ? (state.layers = parts) : bad("layers", `expected none or up to ${MAX_LAYERS} widths from 1 to ${MAX_WIDTH}, comma-separated`);
  } else num(LEGACY_HIDDEN, width, `expected an integer from 1 to ${MAX_WIDTH}`, (v) => { state.layers = [v]; });
  num("lr", (v) => Number.isFinite(v) && v > 0, "expected a number > 0", (v) => { state.lr = v; });
  const seedOk = (v: number) => Number.isInteger(v) && v >= 0 && v < 2 ** 32;
  num("seed", seedOk, "expected an integer from 0 to 2³²−1", (v) => { state.seed = v; });
  num("dseed", seedOk, "expected an integer from 0 to 2³²−1", (v) => { state.dseed = v; });
  num("noise", (v) => Number.isFinite(v) && v >= 0 && v <= MAX_NOISE, `expected a number from 0 to ${MAX_NOISE}`, (v) => { state.noise = v; });
  num("m", (v) => Number.isInteger(v) && v >= MIN_POINTS && v <= MAX_POINTS, `expected an integer from ${MIN_POINTS} to ${MAX_POINTS}`, (v) => { state.points = v; });
  num("test", (v) => Number.isFinite(v) && v >= 0 && v <= 0.5, "expected a fraction from 0 to 0.5", (v) => { state.test = v; });
  return { state, problems };
}

/** The housing subsample the build writes (tools/playground/housing-data.ts): standardised features, y in $100k. */
export interface HousingJson {
  features: [string, string];
  /** mean and (population) standard deviation of each raw feature over the subsample, to label the axes. */
  mean: [number, number];
  std: [number, number];
  x1: number[];
  x2: number[];
  /** median_house_value / 100,000. */
  y: number[];
  source: string;
}

export interface Dataset {
  name: DataName;
  task: "classification" | "regression";
  /** Input names, one per row of X. */
  inputs: string[];
  /** Every example: X (nx, m), Y (1, m). */
  X: Matrix;
  Y: Matrix;
  /** The split: training part (nx, m − t), (1, m − t) and test part (nx, t), (1, t); t = 0 without a split. */
  Xtrain: Matrix;
  Ytrain: Matrix;
  Xtest: Matrix;
  Ytest: Matrix;
  /** testMask[k] is true when example k is in the test set. */
  testMask: boolean[];
  output: OutputName;
  loss: LossName;
  /** [min, max] of each input, padded: the drawn region and the grid. */
  extent: [number, number][];
  description: string;
}

function padded(row: Float64Array, pad: number): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (const v of row) { if (v < lo) lo = v; if (v > hi) hi = v; }
  const p = (hi - lo) * pad;
  return [lo - p, hi + p];
}

function rowOf(X: Matrix, i: number): Float64Array {
  return X.data.subarray(i * X.cols, (i + 1) * X.cols);
}

/** The examples of one data set before the split: X (nx, m), Y (1, m). */
function examples(s: Pick<PlaygroundState, "data" | "points" | "noise" | "dseed">, housing?: HousingJson): { X: Matrix; Y: Matrix; description: string } {
  const opts = { seed: s.dseed, noise: s.noise };
  switch (s.data) {
    case "moons": return twoMoons(s.points, opts);
    case "circles": return circles(s.points, opts);
    case "xor": return xorData(s.points, opts);
    case "spiral": return spiral(s.points, opts);
    case "curve": return curveData(s.points, { ...opts, kind: "sine" });
    case "housing": {
      if (!housing) throw new Error("makeDataset: the housing data set needs the subsample written by the build (housing-data.js)");
      const m = housing.y.length;
      return { X: new Matrix(2, m, Float64Array.from([...housing.x1, ...housing.x2])), Y: new Matrix(1, m, Float64Array.from(housing.y)), description: housing.source };
    }
  }
}

/**
 * Builds a data set from the state's data, points, noise and dseed ("housing" needs the subsample the
 * build wrote, and ignores points and noise), then splits it: round(test·m) examples, drawn by a
 * seeded shuffle (seed dseed + 1), are held out. Without a split, the training set is X, Y themselves.
 */
export function makeDataset(s: Pick<PlaygroundState, "data" | "points" | "noise" | "dseed" | "test">, housing?: HousingJson): Dataset {
  const { X, Y, description } = examples(s, housing);
  const m = X.cols;
  const split = s.test > 0 ? trainTestSplit(X, Y, { testFraction: s.test, seed: s.dseed + 1 }) : null;
  const testMask = Array<boolean>(m).fill(false);
  split?.testIdx.forEach((k) => { testMask[k] = true; });
  const parts = split
    ? { Xtrain: split.Xtrain, Ytrain: split.Ytrain, Xtest: split.Xtest, Ytest: split.Ytest }
    : { Xtrain: X, Ytrain: Y, Xtest: Matrix.zeros(X.rows, 0), Ytest: Matrix.zeros(1, 0) };
  const desc = split ? `${description}; ${split.testIdx.length} held out as a test set (seed ${s.dseed + 1})` : description;
  const common = { name: s.data, X, Y, ...parts, testMask, description: desc };
  if (s.data === "curve") return { ...common, task: "regression", inputs: ["x"], output: "identity", loss: "mse", extent: [padded(rowOf(X, 0), 0.05)] };
  if (s.data === "housing") {
    return { ...common, task: "regression", inputs: housing!.features.slice(), output: "identity", loss: "mse", extent: [padded(rowOf(X, 0), 0.03), padded(rowOf(X, 1), 0.03)] };
  }
  return { ...common, task: "classification", inputs: ["x₁", "x₂"], output: "sigmoid", loss: "cross-entropy", extent: [padded(rowOf(X, 0), 0.08), padded(rowOf(X, 1), 0.08)] };
}

/** g evenly spaced numbers from a to b inclusive. */
export function spaced(a: number, b: number, g: number): number[] {
  return Array.from({ length: g }, (_, i) => a + ((b - a) * i) / (g - 1));
}

/**
 * The points the surface is drawn at: for nx = 2, column k = i·g + j is (xs[j], ys[i]), so output k
 * is heatmap entry z[i][j]; for nx = 1, column j is xs[j]. @returns G (nx, g²) or (1, g), xs, ys
 */
export function makeGrid(d: Dataset, g: number): { G: Matrix; xs: number[]; ys: number[] } {
  const xs = spaced(d.extent[0][0], d.extent[0][1], g);
  if (d.inputs.length === 1) return { G: Matrix.row(xs), xs, ys: [] };
  const ys = spaced(d.extent[1][0], d.extent[1][1], g);
  const G = Matrix.zeros(2, g * g);
  for (let i = 0; i < g; i++) for (let j = 0; j < g; j++) { G.data[i * g + j] = xs[j]; G.data[g * g + i * g + j] = ys[i]; }
  return { G, xs, ys };
}

export interface Evaluation {
  /** AL (1, g): the network's output at every grid point (a probability, or a price/curve value). */
  AL: Matrix;
  /** ZL (1, g): the output before its activation (the logit, for classification). */
  ZL: Matrix;
  /** hidden[l − 1] = Al (n_l, g): every unit of hidden layer l at every grid point. */
  hidden: Matrix[];
}

/** The layer sizes [nx, n1, …, nH, 1] of a data set and a state. */
export function layerDims(d: Dataset, s: Pick<PlaygroundState, "layers">): number[] {
  return [d.X.rows, ...s.layers, 1];
}

/** Runs forward over the grid with the current parameters. */
export function evaluate(params: Params, G: Matrix, hidden: ActivationName, output: OutputName): Evaluation {
  const { AL, cache } = forward(params, G, { hidden, output });
  let L = 1;
  while (cache[`Z${L + 1}`]) L++;
  return { AL, ZL: cache[`Z${L}`], hidden: Array.from({ length: L - 1 }, (_, l) => cache[`A${l + 1}`]) };
}

/**
 * A network [nx, n1, …, nH, 1] trained by full-batch gradient descent on the training set, one epoch
 * per step(): grads = backward(params, cache, Ytrain); params = updateParams(params, grads, η); then
 * forward and cost for the new params. costs[k] is L after k epochs (costs[0] before any), exactly
 * the `costs` of src/train's train(params, Xtrain, Ytrain, {epochs: k}) on the same seed; testCosts[k]
 * is the loss of the same params on the test set (empty without a split). Stops when L is NaN or ±∞.
 */
export class Trainer {
  params: Params;
  readonly costs: number[] = [];
  readonly testCosts: number[] = [];
  /** The forward pass of the current params over the training set (what the next backward needs). */
  AL: Matrix;
  private cache: Cache;
  /** Set when L became NaN or ±∞: the epoch and the value. */
  diverged: { epoch: number; cost: number } | null = null;

  constructor(readonly data: Dataset, readonly state: PlaygroundState) {
    this.params = initParams(layerDims(data, state), { seed: state.seed, method: state.init });
    const { AL, cache } = forward(this.params, data.Xtrain, this.opts());
    this.AL = AL;
    this.cache = cache;
    this.costs.push(cost(AL, data.Ytrain, data.loss));
    this.recordTest();
  }

  private opts() {
    return { hidden: this.state.activation, output: this.data.output, loss: this.data.loss };
  }

  private recordTest(): void {
    if (this.data.Xtest.cols === 0) return;
    this.testCosts.push(cost(forward(this.params, this.data.Xtest, this.opts()).AL, this.data.Ytest, this.data.loss));
  }

  get epoch(): number {
    return this.costs.length - 1;
  }

  /** One epoch of gradient descent; returns false (and does nothing) once training has diverged. */
  step(): boolean {
    if (this.diverged) return false;
    const grads = backward(this.params, this.cache, this.data.Ytrain, this.opts());
    this.params = updateParams(this.params, grads, this.state.lr);
    const { AL, cache } = forward(this.params, this.data.Xtrain, this.opts());
    const L = cost(AL, this.data.Ytrain, this.data.loss);
    this.AL = AL;
    this.cache = cache;
    this.costs.push(L);
    this.recordTest();
    if (!Number.isFinite(L)) this.diverged = { epoch: this.epoch, cost: L };
    return true;
  }

  /** Fraction of the training examples on the right side of 0.5 (classification). */
  accuracy(): number {
    return accuracyOf(this.AL, this.data.Ytrain);
  }

  /** Fraction of the test examples on the right side of 0.5 (classification); NaN without a split. */
  testAccuracy(): number {
    if (this.data.Xtest.cols === 0) return NaN;
    return accuracyOf(forward(this.params, this.data.Xtest, this.opts()).AL, this.data.Ytest);
  }

  /**
   * λmax of the Hessian of the training loss at the current weights (src/curvature: power iteration on
   * finite-difference Hessian-vector products). Lesson 09: a step of η > 2/λmax overshoots along the
   * steepest direction; exact for the linear model with MSE (no hidden layer), local for a network.
   * maxMs bounds the power iteration's time (the page passes one; the result's residual tells how far it got).
   */
  curvature({ maxMs = Infinity }: { maxMs?: number } = {}): PowerResult & { exact: boolean } {
    if (this.state.layers.length === 0 && (this.data.loss === "mse" || this.data.loss === "mse-half")) {
      // L is quadratic: H = 2X̃X̃ᵀ/m everywhere, and its nx + 1 eigenvalues come from Jacobi rotations (power iteration would crawl: standardised features make the top two nearly equal).
      const values = symmetricEigenvalues(linearMseHessian(this.data.Xtrain, this.data.loss));
      return { lambda: values[values.length - 1], vector: new Float64Array(0), residual: 0, iterations: 0, exact: true };
    }
    return { exact: false, ...hessianLambdaMax(this.params, this.data.Xtrain, this.data.Ytrain, this.opts(), { iterations: 300, tol: 1e-6, seed: 1, maxMs }) };
  }
}

function accuracyOf(AL: Matrix, Y: Matrix): number {
  let right = 0;
  for (let k = 0; k < AL.cols; k++) if ((AL.data[k] >= 0.5 ? 1 : 0) === Y.data[k]) right++;
  return right / AL.cols;
}
