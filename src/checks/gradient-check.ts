// Gradient checking: backward's analytic gradients against central differences of the cost, entry by
// entry. If the chain rule was applied wrongly anywhere, this is where it shows. Lesson 08.
import { LossName, cost } from "../losses";
import { Matrix } from "../matrix";
import { OutputName, Params, backward, cloneParams, forward } from "../network";
import { ActivationName } from "../activations";

/** One parameter entry: params[name](i, j), its gradient from backward and from central differences. */
export interface GradientEntry {
  name: string;
  i: number;
  j: number;
  analytic: number;
  numeric: number;
  /** |analytic − numeric| / (|analytic| + |numeric|), 0 when both are 0. */
  relDiff: number;
}

export interface GradientCheckResult {
  /** ‖g − n‖ / (‖g‖ + ‖n‖) over all entries (Euclidean norms): below ~1e-7 means backward is right. */
  relativeDifference: number;
  entries: GradientEntry[];
  /** The entry with the largest |analytic − numeric| (not the largest relDiff, which is noise when both are ~0). */
  worst: GradientEntry;
}

/**
 * For every entry θ of every parameter: numeric = (J(θ + ε) − J(θ − ε)) / 2ε (central differences, error
 * O(ε²)), compared with analytic = grads["d" + name] at that entry. Lesson 08.
 * @param params W1 (n1, nx), b1 (n1, 1), … @param grads dW1 (n1, nx), db1 (n1, 1), … (same shapes)
 * @param costOf J as a function of the parameters, e.g. p => cost(forward(p, X, …).AL, Y, loss)
 */
export function gradientCheck(params: Params, grads: Params, costOf: (p: Params) => number, { eps = 1e-5 }: { eps?: number } = {}): GradientCheckResult {
  const probe = cloneParams(params);
  const entries: GradientEntry[] = [];
  let diff2 = 0, analytic2 = 0, numeric2 = 0;
  for (const [name, P] of Object.entries(probe)) {
    const G = grads[`d${name}`];
    if (G === undefined) throw new Error(`gradientCheck: grads has no d${name} (it has ${Object.keys(grads).join(", ")})`);
    if (G.rows !== P.rows || G.cols !== P.cols) {
      throw new Error(`gradientCheck: ${name} is (${P.rows},${P.cols}) but d${name} is (${G.rows},${G.cols}); they must have the same shape`);
    }
    for (let k = 0; k < P.data.length; k++) {
      const saved = P.data[k];
      P.data[k] = saved + eps;
      const plus = costOf(probe);
      P.data[k] = saved - eps;
      const minus = costOf(probe);
      P.data[k] = saved; // restore, so each entry is perturbed alone
      const numeric = (plus - minus) / (2 * eps);
      const analytic = G.data[k];
      const d = Math.abs(analytic - numeric);
      const relDiff = d === 0 ? 0 : d / (Math.abs(analytic) + Math.abs(numeric));
      entries.push({ name, i: Math.floor(k / P.cols), j: k % P.cols, analytic, numeric, relDiff });
      diff2 += d * d;
      analytic2 += analytic * analytic;
      numeric2 += numeric * numeric;
    }
  }
  if (entries.length === 0) throw new Error("gradientCheck: params has no entries to check");
  const norms = Math.sqrt(analytic2) + Math.sqrt(numeric2);
  const worst = entries.reduce((w, e) => (Math.abs(e.analytic - e.numeric) > Math.abs(w.analytic - w.numeric) ? e : w));
  return { relativeDifference: diff2 === 0 ? 0 : Math.sqrt(diff2) / norms, entries, worst };
}

/**
 * Runs forward and backward on (X, Y) and gradientCheck on the result: the one-line check of lesson 08.
 * @param X (nx, m) @param Y (nL, m)
 */
export function checkBackward(
  params: Params,
  X: Matrix,
  Y: Matrix,
  options: { hidden: ActivationName; output: OutputName; loss: LossName; eps?: number },
): GradientCheckResult {
  const { hidden, output, loss } = options;
  const { cache } = forward(params, X, { hidden, output });
  const grads = backward(params, cache, Y, { hidden, output, loss });
  const costOf = (p: Params) => cost(forward(p, X, { hidden, output }).AL, Y, loss);
  return gradientCheck(params, grads, costOf, { eps: options.eps });
}
