// A whole network of any depth L: parameters, the forward pass with its cache, and the backward pass.
// Lessons 04 (two layers) and 08 (forward, loss, backward).
//
// Legend: layerDims = [nx, n1, …, nL]; Wl is (n_l, n_{l−1}), bl is (n_l, 1); X is (nx, m), AL is (nL, m).
import { ActivationName, getActivation } from "./activations";
import { activationBackward, linearBackward, linearForward } from "./layers";
import { LossName, costPrime } from "./losses";
import { Matrix, sub } from "./matrix";
import { Rng, makeRng, randomMatrix } from "./random";

/** W1, b1, W2, b2, …: Wl (n_l, n_{l−1}), bl (n_l, 1). */
export type Params = Record<string, Matrix>;
/** A0 (= X), Z1, A1, …, ZL, AL: what backward needs from forward (AL is stored under its number, e.g. A2). */
export type Cache = Record<string, Matrix>;
/** The activation of the output layer: sigmoid for a probability, identity for a price. */
export type OutputName = "sigmoid" | "identity";
/** How weights are drawn; biases always start at 0. */
export type InitMethod = "uniform" | "xavier" | "he" | "small";

const INIT: Record<InitMethod, (fanIn: number, fanOut: number) => (rng: Rng) => number> = {
  uniform: (fanIn) => (rng) => rng.uniform(-1 / Math.sqrt(fanIn), 1 / Math.sqrt(fanIn)),
  xavier: (fanIn, fanOut) => (rng) => rng.normal(0, Math.sqrt(2 / (fanIn + fanOut))),
  he: (fanIn) => (rng) => rng.normal(0, Math.sqrt(2 / fanIn)),
  small: () => (rng) => rng.normal(0, 0.01),
};

/**
 * Wl ~ draw(n_{l−1}, n_l) entry by entry, bl = 0, for l = 1…L, from one seeded generator (W1 first).
 * "uniform" (default): U(−1/√fan_in, 1/√fan_in); "xavier": N(0, 2/(fan_in + fan_out)) (Glorot & Bengio 2010);
 * "he": N(0, 2/fan_in) (He et al. 2015, for ReLU); "small": N(0, 0.01²). Lesson 04.
 * @param layerDims [nx, n1, …, nL] @returns W1 (n1, nx), b1 (n1, 1), …, WL (nL, n_{L−1}), bL (nL, 1)
 */
export function initParams(layerDims: number[], { seed, method = "uniform" }: { seed: number; method?: InitMethod }): Params {
  if (!Array.isArray(layerDims) || layerDims.length < 2 || !layerDims.every((n) => Number.isInteger(n) && n > 0)) {
    throw new Error(`initParams: layerDims must be at least two positive integers [nx, n1, …, nL], got ${JSON.stringify(layerDims)}`);
  }
  if (!Object.prototype.hasOwnProperty.call(INIT, method)) {
    throw new Error(`initParams: unknown method ${JSON.stringify(method)}: expected one of ${Object.keys(INIT).join(", ")}`);
  }
  const rng = makeRng(seed);
  const params: Params = {};
  for (let l = 1; l < layerDims.length; l++) {
    params[`W${l}`] = randomMatrix(layerDims[l], layerDims[l - 1], rng, INIT[method](layerDims[l - 1], layerDims[l]));
    params[`b${l}`] = Matrix.zeros(layerDims[l], 1);
  }
  return params;
}

/**
 * L, the number of layers with weights: W1…WL and b1…bL must all be present with fitting shapes
 * (W_l.cols = W_{l−1}.rows, bl is (n_l, 1)); throws naming the first missing or misshapen one. Lesson 04.
 */
export function depth(params: Params): number {
  let L = 0;
  while (params[`W${L + 1}`] !== undefined) L++;
  const names = Object.keys(params).join(", ");
  if (L === 0) throw new Error(`params has no W1 (it has ${names || "nothing"})`);
  // The Ws' chain first: a misshapen W then is blamed itself, not the b that no longer fits it.
  for (let l = 2; l <= L; l++) {
    const W = params[`W${l}`], prev = params[`W${l - 1}`];
    if (prev.rows !== W.cols) throw new Error(`params: W${l - 1} is (${prev.rows},${prev.cols}) so W${l} needs ${prev.rows} columns, but it is (${W.rows},${W.cols})`);
  }
  for (let l = 1; l <= L; l++) {
    const W = params[`W${l}`], b = params[`b${l}`];
    if (b === undefined) throw new Error(`params is missing b${l} (it has ${names})`);
    if (b.rows !== W.rows || b.cols !== 1) throw new Error(`params: W${l} is (${W.rows},${W.cols}) so b${l} must be (${W.rows},1), but it is (${b.rows},${b.cols})`);
  }
  if (params[`b${L + 1}`] !== undefined) throw new Error(`params has b${L + 1} but no W${L + 1}`);
  return L;
}

/** A deep copy: the same numbers in new Float64Arrays, so changing one never changes the other. Lesson 09. */
export function cloneParams(params: Params): Params {
  const copy: Params = {};
  for (const [name, M] of Object.entries(params)) copy[name] = new Matrix(M.rows, M.cols, M.data.slice());
  return copy;
}

function checkOutput(output: string): void {
  if (output !== "sigmoid" && output !== "identity") {
    throw new Error(`unknown output activation ${JSON.stringify(output)}: expected sigmoid or identity`);
  }
}

/**
 * For l = 1…L: Zl = Wl·A_{l−1} + bl, Al = g(Zl), with A0 = X, g = hidden for l < L and output for l = L.
 * Lessons 04 and 08.
 * @param X (nx, m) @returns AL (nL, m) and the cache A0, Z1, A1, …, ZL, AL
 */
export function forward(params: Params, X: Matrix, { hidden, output }: { hidden: ActivationName; output: OutputName }): { AL: Matrix; cache: Cache } {
  const L = depth(params);
  getActivation(hidden);
  checkOutput(output);
  if (X.rows !== params.W1.cols) {
    throw new Error(`forward: W1 is (${params.W1.rows},${params.W1.cols}) but X is (${X.rows},${X.cols}): X needs ${params.W1.cols} rows (nx), one example per column`);
  }
  const cache: Cache = { A0: X };
  let A = X;
  for (let l = 1; l <= L; l++) {
    const Z = linearForward(params[`W${l}`], A, params[`b${l}`]);
    A = getActivation(l === L ? output : hidden).f(Z);
    cache[`Z${l}`] = Z;
    cache[`A${l}`] = A;
  }
  return { AL: A, cache };
}

/**
 * The chain rule from the cost back to every parameter: dAL = ∂L/∂AL, then for l = L…1
 * dZl = dAl ⊙ g'(Zl), dWl = dZl·A_{l−1}ᵀ/m, dbl = rowSums(dZl)/m, dA_{l−1} = Wlᵀ·dZl. Lesson 08.
 * NOTE: for a sigmoid output with cross-entropy, dZL = AL − Y: the general chain
 * (−Y/A + (1−Y)/(1−A))·A(1−A) simplifies to it, and the short form stays exact when A saturates to 0 or 1.
 * @param cache from forward @param Y (nL, m) @returns dW1 (n1, nx), db1 (n1, 1), …, dWL, dbL
 */
export function backward(
  params: Params,
  cache: Cache,
  Y: Matrix,
  { hidden, output, loss }: { hidden: ActivationName; output: OutputName; loss: LossName },
): Params {
  const L = depth(params);
  checkOutput(output);
  const AL = cache[`A${L}`];
  if (AL === undefined) throw new Error(`backward: cache has no A${L}; pass the cache returned by forward with the same params`);
  if (AL.rows !== Y.rows || AL.cols !== Y.cols) {
    throw new Error(`backward: AL is (${AL.rows},${AL.cols}) but Y is (${Y.rows},${Y.cols}); they must have the same shape (nL, m)`);
  }
  let dZ = output === "sigmoid" && loss === "cross-entropy"
    ? sub(AL, Y)
    : activationBackward(costPrime(AL, Y, loss), cache[`Z${L}`], output);
  const grads: Params = {};
  for (let l = L; l >= 1; l--) {
    const { dA_prev, dW, db } = linearBackward(dZ, cache[`A${l - 1}`], params[`W${l}`]);
    grads[`dW${l}`] = dW;
    grads[`db${l}`] = db;
    if (l > 1) dZ = activationBackward(dA_prev, cache[`Z${l - 1}`], hidden);
  }
  // Listed dW1, db1, dW2, … like params, not in the order they were computed.
  const ordered: Params = {};
  for (let l = 1; l <= L; l++) Object.assign(ordered, { [`dW${l}`]: grads[`dW${l}`], [`db${l}`]: grads[`db${l}`] });
  return ordered;
}
