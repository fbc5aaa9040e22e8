// Gradient descent: w ← w − η ∂L/∂w, repeated. Lesson 09 (and the capstone, lesson 10).
import { ActivationName } from "./activations";
import { LossName, cost } from "./losses";
import { Matrix, scale, sub } from "./matrix";
import { OutputName, Params, backward, forward } from "./network";

/**
 * One gradient-descent step, θ ← θ − η·dθ for every parameter: W1 ← W1 − η·dW1, b1 ← b1 − η·db1, ….
 * Returns new params; the old ones are left untouched (so a lesson can compare before and after). Lesson 09.
 * @param params W1 (n1, nx), b1 (n1, 1), … @param grads dW1 (n1, nx), db1 (n1, 1), … @param lr η > 0
 */
export function updateParams(params: Params, grads: Params, lr: number): Params {
  checkLearningRate(lr);
  const next: Params = {};
  for (const [name, P] of Object.entries(params)) {
    const G = grads[`d${name}`];
    if (G === undefined) throw new Error(`updateParams: grads has no d${name} (it has ${Object.keys(grads).join(", ")})`);
    if (G.rows !== P.rows || G.cols !== P.cols) {
      throw new Error(`updateParams: ${name} is (${P.rows},${P.cols}) but d${name} is (${G.rows},${G.cols}); they must have the same shape`);
    }
    next[name] = sub(P, scale(G, lr));
  }
  return next;
}

function checkLearningRate(lr: number): void {
  if (typeof lr !== "number" || !Number.isFinite(lr) || lr <= 0) {
    throw new Error(`the learning rate lr must be a finite number > 0, got ${String(lr)}`);
  }
}

/**
 * Stop training with a clear error when the cost J stops being finite: at epoch 0 the inputs are to
 * blame, later the learning rate (gradient descent is diverging). Shared by train and trainFast.
 */
export function checkCostFinite(J: number, epoch: number, lr: number, costs: number[]): void {
  if (Number.isFinite(J)) return;
  if (epoch === 0) {
    throw new Error(`train: the starting cost is ${J} before any update; check X, Y and params for NaN or ±Infinity`);
  }
  throw new Error(
    `train: the cost became ${J} at epoch ${epoch} (lr = ${lr}, last finite cost ${costs.length ? costs[costs.length - 1] : "none"}); ` +
      `gradient descent is diverging: try a smaller learning rate, e.g. lr = ${lr / 10}`,
  );
}

export interface TrainOptions {
  lr: number;
  epochs: number;
  hidden: ActivationName;
  output: OutputName;
  loss: LossName;
  /** Called with (epoch, cost) for every entry of costs, e.g. to print or plot progress. */
  onEpoch?: (epoch: number, cost: number) => void;
}

/**
 * Full-batch gradient descent for `epochs` steps: forward, cost, backward, updateParams.
 * costs has epochs + 1 entries: costs[k] is the cost before step k (costs[0] = the starting cost) and
 * costs[epochs] the cost of the returned params. Throws naming the epoch as soon as the cost is NaN or
 * ±Infinity (the usual sign of a learning rate that is too large). Lesson 09.
 * @param X (nx, m) @param Y (nL, m) @returns the trained params (the given ones are not mutated) and costs
 */
export function train(params: Params, X: Matrix, Y: Matrix, options: TrainOptions): { params: Params; costs: number[] } {
  const { lr, epochs, hidden, output, loss, onEpoch } = options;
  checkLearningRate(lr);
  if (!Number.isInteger(epochs) || epochs < 0) throw new Error(`train: epochs must be an integer ≥ 0, got ${String(epochs)}`);
  const costs: number[] = [];
  let current = params;
  for (let epoch = 0; epoch <= epochs; epoch++) {
    const { AL, cache } = forward(current, X, { hidden, output });
    const J = cost(AL, Y, loss);
    checkCostFinite(J, epoch, lr, costs);
    costs.push(J);
    onEpoch?.(epoch, J);
    if (epoch === epochs) break; // the last pass only measures the final cost
    current = updateParams(current, backward(current, cache, Y, { hidden, output, loss }), lr);
  }
  return { params: current, costs };
}
