// Gradient descent: w ← w − η ∂L/∂w, repeated. Lesson 09 (and the capstone, lesson 10).
import { preferFast, trainFast } from "./fast/index";
import { cost } from "./losses";
import { Matrix, scale, sub } from "./matrix";
import { Params, backward, forward } from "./network";
import { TrainOptions, checkCostFinite, checkEpochs, checkLearningRate } from "./train-options";

export { checkCostFinite, type TrainEngine, type TrainOptions } from "./train-options";

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

/**
 * Full-batch gradient descent for `epochs` steps: forward, cost, backward, updateParams.
 * costs has epochs + 1 entries: costs[k] is the cost before step k (costs[0] = the starting cost) and
 * costs[epochs] the cost of the returned params. Throws naming the epoch as soon as the cost is NaN or
 * ±Infinity (the usual sign of a learning rate that is too large). Lesson 09.
 *
 * The loop below is the reference, the one the lesson derives. For the two-layer regression nets of
 * lessons 09 and 10 (identity output, mse, nx ≤ 32) on enough data, `train` hands the same steps to
 * src/fast, ~60× faster at m = 20,433 (npm run bench); it adds the same terms in another order, so the costs agree to
 * ~1e-15 relative (test/fast). `options.engine` chooses explicitly ("reference" | "fast").
 * @param X (nx, m) @param Y (nL, m) @returns the trained params (the given ones are not mutated) and costs
 */
export function train(params: Params, X: Matrix, Y: Matrix, options: TrainOptions): { params: Params; costs: number[] } {
  return chooseEngine(params, X, Y, options) === "fast" ? trainFast(params, X, Y, options) : trainReference(params, X, Y, options);
}

/** Which engine `train` runs for this call: options.engine, or for "auto" what `preferFast` says. */
export function chooseEngine(params: Params, X: Matrix, Y: Matrix, options: TrainOptions): "reference" | "fast" {
  const engine = options.engine ?? "auto";
  if (engine === "reference" || engine === "fast") return engine;
  if (engine !== "auto") throw new Error(`train: engine must be "auto", "reference" or "fast", got ${JSON.stringify(engine)}`);
  return preferFast(params, X, Y, options) ? "fast" : "reference";
}

/** The reference engine of `train`: the lesson's loop, nothing else. Same contract as `train`. */
export function trainReference(params: Params, X: Matrix, Y: Matrix, options: TrainOptions): { params: Params; costs: number[] } {
  const { lr, epochs, hidden, output, loss, onEpoch } = options;
  checkLearningRate(lr);
  checkEpochs(epochs);
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
