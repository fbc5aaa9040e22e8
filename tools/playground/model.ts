// The playground's model, with no DOM: the data sets, the state a URL carries, and a trainer that
// runs the library's own forward → cost → backward → updateParams (lessons 08-09), one full-batch
// epoch at a time. The browser app (app.ts) draws it; test/playground.test.ts runs it in Node too.
//
// Legend: nx inputs (1 or 2), n1 hidden units, m examples; X (nx, m), Y (1, m), a grid G (nx, g).
import type { ActivationName } from "../../src/activations";
import { cost, type LossName } from "../../src/losses";
import { Matrix } from "../../src/matrix";
import { backward, forward, initParams, type Cache, type OutputName, type Params } from "../../src/network";
import { updateParams } from "../../src/train";
import { circles, curveData, twoMoons, xorData } from "../../src/data/toy";

export type DataName = "moons" | "circles" | "xor" | "curve" | "housing";
export const DATA_NAMES: DataName[] = ["moons", "circles", "xor", "curve", "housing"];
export const ACTIVATION_NAMES: ActivationName[] = ["sigmoid", "tanh", "relu", "identity"];
/** The learning rates offered in the menu (any other η > 0 from a URL is kept and added). */
export const LEARNING_RATES = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
export const MAX_HIDDEN = 12;

/** Everything a shared link restores. */
export interface PlaygroundState {
  data: DataName;
  hidden: number;
  activation: ActivationName;
  lr: number;
  seed: number;
}

export const DEFAULT_STATE: PlaygroundState = { data: "moons", hidden: 4, activation: "tanh", lr: 1, seed: 1 };

/**
 * The learning rate a data set starts with when picked on the page (measured with tanh, 4 hidden units:
 * the toy sets train well at η = 1; the curve and the prices diverge there, at epochs ~200, and train at 0.1).
 */
export const SUGGESTED_LR: Record<DataName, number> = { moons: 1, circles: 1, xor: 1, curve: 0.1, housing: 0.1 };

/** "data=moons&hidden=4&act=tanh&lr=0.3&seed=1": the URL hash (or query) form of a state. */
export function stateToHash(s: PlaygroundState): string {
  return `data=${s.data}&hidden=${s.hidden}&act=${s.activation}&lr=${s.lr}&seed=${s.seed}`;
}

/**
 * Reads a state from "#data=…&hidden=…" or "?data=…"; a missing key keeps its default, a bad value is
 * replaced by the default and named in `problems` (shown on the page, never thrown).
 */
export function hashToState(hash: string, base: PlaygroundState = DEFAULT_STATE): { state: PlaygroundState; problems: string[] } {
  const q = new URLSearchParams(hash.replace(/^[#?]/, ""));
  const state = { ...base };
  const problems: string[] = [];
  const bad = (key: string, why: string) => problems.push(`${key}=${q.get(key)}: ${why}; using ${String((base as unknown as Record<string, unknown>)[key === "act" ? "activation" : key])}`);
  const data = q.get("data");
  if (data !== null) (DATA_NAMES as string[]).includes(data) ? (state.data = data as DataName) : bad("data", `expected one of ${DATA_NAMES.join(", ")}`);
  const act = q.get("act");
  if (act !== null) (ACTIVATION_NAMES as string[]).includes(act) ? (state.activation = act as ActivationName) : bad("act", `expected one of ${ACTIVATION_NAMES.join(", ")}`);
  const hidden = q.get("hidden");
  if (hidden !== null) {
    const n = Number(hidden);
    Number.isInteger(n) && n >= 1 && n <= MAX_HIDDEN ? (state.hidden = n) : bad("hidden", `expected an integer from 1 to ${MAX_HIDDEN}`);
  }
  const lr = q.get("lr");
  if (lr !== null) {
    const v = Number(lr);
    Number.isFinite(v) && v > 0 && lr.trim() !== "" ? (state.lr = v) : bad("lr", "expected a number > 0");
  }
  const seed = q.get("seed");
  if (seed !== null) {
    const v = Number(seed);
    Number.isInteger(v) && v >= 0 && v < 2 ** 32 && seed.trim() !== "" ? (state.seed = v) : bad("seed", "expected an integer from 0 to 2³²−1");
  }
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
  X: Matrix;
  Y: Matrix;
  output: OutputName;
  loss: LossName;
  /** [min, max] of each input, padded: the drawn region and the grid. */
  extent: [number, number][];
  description: string;
}

/** The toy sets are fixed (seed DATA_SEED): the state's seed is the seed of the initial weights. */
export const DATA_SEED = 7;

function padded(row: Float64Array, pad: number): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (const v of row) { if (v < lo) lo = v; if (v > hi) hi = v; }
  const p = (hi - lo) * pad;
  return [lo - p, hi + p];
}

function rowOf(X: Matrix, i: number): Float64Array {
  return X.data.subarray(i * X.cols, (i + 1) * X.cols);
}

/** Builds a data set by name; "housing" needs the subsample the build wrote. */
export function makeDataset(name: DataName, housing?: HousingJson): Dataset {
  const classify = (X: Matrix, Y: Matrix, description: string): Dataset => ({
    name, task: "classification", inputs: ["x₁", "x₂"], X, Y, output: "sigmoid", loss: "cross-entropy",
    extent: [padded(rowOf(X, 0), 0.08), padded(rowOf(X, 1), 0.08)], description,
  });
  switch (name) {
    case "moons": { const d = twoMoons(200, { seed: DATA_SEED, noise: 0.1 }); return classify(d.X, d.Y, d.description); }
    case "circles": { const d = circles(200, { seed: DATA_SEED, noise: 0.08 }); return classify(d.X, d.Y, d.description); }
    case "xor": { const d = xorData(200, { seed: DATA_SEED, noise: 0.05 }); return classify(d.X, d.Y, d.description); }
    case "curve": {
      const d = curveData(80, { seed: DATA_SEED, kind: "sine", noise: 0.1 });
      return { name, task: "regression", inputs: ["x"], X: d.X, Y: d.Y, output: "identity", loss: "mse", extent: [padded(rowOf(d.X, 0), 0.05)], description: d.description };
    }
    case "housing": {
      if (!housing) throw new Error("makeDataset: the housing data set needs the subsample written by the build (housing-data.js)");
      const m = housing.y.length;
      const X = new Matrix(2, m, Float64Array.from([...housing.x1, ...housing.x2]));
      const Y = new Matrix(1, m, Float64Array.from(housing.y));
      return {
        name, task: "regression", inputs: housing.features.slice(), X, Y, output: "identity", loss: "mse",
        extent: [padded(rowOf(X, 0), 0.03), padded(rowOf(X, 1), 0.03)], description: housing.source,
      };
    }
  }
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
  /** A2 (1, g): the network's output at every grid point (a probability, or a price/curve value). */
  A2: Matrix;
  /** Z2 (1, g): the output before its activation (the logit, for classification). */
  Z2: Matrix;
  /** A1 (n1, g): every hidden unit's output at every grid point. */
  A1: Matrix;
}

/** Runs forward over the grid with the current parameters. */
export function evaluate(params: Params, G: Matrix, hidden: ActivationName, output: OutputName): Evaluation {
  const { cache } = forward(params, G, { hidden, output });
  return { A2: cache.A2, Z2: cache.Z2, A1: cache.A1 };
}

/**
 * A two-layer network [nx, n1, 1] trained by full-batch gradient descent, one epoch per step():
 * grads = backward(params, cache, Y); params = updateParams(params, grads, η); then forward and cost
 * for the new params. costs[k] is J after k epochs (costs[0] before any), exactly the `costs` of
 * src/train's train(params, X, Y, {epochs: k}) on the same seed. Stops when J is NaN or ±∞.
 */
export class Trainer {
  params: Params;
  readonly costs: number[] = [];
  /** The forward pass of the current params over the training set (what the next backward needs). */
  AL: Matrix;
  private cache: Cache;
  /** Set when J became NaN or ±∞: the epoch and the value. */
  diverged: { epoch: number; cost: number } | null = null;

  constructor(readonly data: Dataset, readonly state: PlaygroundState) {
    this.params = initParams([data.X.rows, state.hidden, 1], { seed: state.seed });
    const { AL, cache } = forward(this.params, data.X, this.opts());
    this.AL = AL;
    this.cache = cache;
    this.costs.push(cost(AL, data.Y, data.loss));
  }

  private opts() {
    return { hidden: this.state.activation, output: this.data.output, loss: this.data.loss };
  }

  get epoch(): number {
    return this.costs.length - 1;
  }

  /** One epoch of gradient descent; returns false (and does nothing) once training has diverged. */
  step(): boolean {
    if (this.diverged) return false;
    const grads = backward(this.params, this.cache, this.data.Y, this.opts());
    this.params = updateParams(this.params, grads, this.state.lr);
    const { AL, cache } = forward(this.params, this.data.X, this.opts());
    const J = cost(AL, this.data.Y, this.data.loss);
    this.AL = AL;
    this.cache = cache;
    this.costs.push(J);
    if (!Number.isFinite(J)) this.diverged = { epoch: this.epoch, cost: J };
    return true;
  }

  /** Fraction of examples on the right side of 0.5 (classification). */
  accuracy(): number {
    let right = 0;
    for (let k = 0; k < this.AL.cols; k++) if ((this.AL.data[k] >= 0.5 ? 1 : 0) === this.data.Y.data[k]) right++;
    return right / this.AL.cols;
  }
}
