// One feature, one straight line: y ≈ w·x + b, fitted two ways (closed form and gradient descent).
// Introduced in lesson 01, before any matrix: plain arrays of m numbers. Imports nothing.
// Loss convention: L(w, b) = (1/m) Σ (w·x_i + b − y_i)²  (the mean squared error, "mean" in src/losses).

type Numbers = ArrayLike<number>;

function checkPair(op: string, x: Numbers, y: Numbers): void {
  if (x.length !== y.length) throw new Error(`${op}: x has ${x.length} values but y has ${y.length}; give one y per x`);
  if (x.length === 0) throw new Error(`${op}: no data (m = 0)`);
}

/** L(w, b) = (1/m) Σ (w·x_i + b − y_i)² */
export function lineCost(w: number, b: number, x: Numbers, y: Numbers): number {
  checkPair("lineCost", x, y);
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const r = w * x[i] + b - y[i];
    s += r * r;
  }
  return s / x.length;
}

/** ∂L/∂w = (2/m) Σ (ŷ_i − y_i)·x_i,  ∂L/∂b = (2/m) Σ (ŷ_i − y_i),  with ŷ_i = w·x_i + b */
export function lineGradients(w: number, b: number, x: Numbers, y: Numbers): { dw: number; db: number } {
  checkPair("lineGradients", x, y);
  let dw = 0;
  let db = 0;
  for (let i = 0; i < x.length; i++) {
    const r = w * x[i] + b - y[i];
    dw += r * x[i];
    db += r;
  }
  return { dw: (2 * dw) / x.length, db: (2 * db) / x.length };
}

/**
 * Least squares in closed form: w = Σ(x−x̄)(y−ȳ) / Σ(x−x̄)²,  b = ȳ − w·x̄
 * (set both partial derivatives of L to zero and solve). The check for gradient descent.
 */
export function fitLineClosedForm(x: Numbers, y: Numbers): { w: number; b: number } {
  checkPair("fitLineClosedForm", x, y);
  const m = x.length;
  let xbar = 0;
  let ybar = 0;
  for (let i = 0; i < m; i++) {
    xbar += x[i];
    ybar += y[i];
  }
  xbar /= m;
  ybar /= m;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < m; i++) {
    sxy += (x[i] - xbar) * (y[i] - ybar);
    sxx += (x[i] - xbar) ** 2;
  }
  if (sxx === 0) throw new Error("fitLineClosedForm: every x is the same, so no line is best (Σ(x−x̄)² = 0)");
  const w = sxy / sxx;
  return { w, b: ybar - w * xbar };
}

export interface LineFit {
  w: number;
  b: number;
  /** costs[k] = L before the k-th update; the last entry is L after the final update. */
  costs: number[];
}

/**
 * Gradient descent: repeat  w ← w − η ∂L/∂w,  b ← b − η ∂L/∂b  for `epochs` steps from (w0, b0).
 * Throws, naming the epoch, when the loss stops being finite (η too large).
 */
export function fitLineGD(x: Numbers, y: Numbers, opts: { lr: number; epochs: number; w0?: number; b0?: number }): LineFit {
  const { lr, epochs } = opts;
  if (!(lr > 0)) throw new Error(`fitLineGD: the learning rate must be > 0, got ${lr}`);
  if (!Number.isInteger(epochs) || epochs < 0) throw new Error(`fitLineGD: epochs must be a whole number ≥ 0, got ${epochs}`);
  let w = opts.w0 ?? 0;
  let b = opts.b0 ?? 0;
  const costs: number[] = [];
  for (let k = 0; k <= epochs; k++) {
    const L = lineCost(w, b, x, y);
    if (!Number.isFinite(L)) {
      throw new Error(`fitLineGD: the loss became ${L} at epoch ${k} with learning rate ${lr}; try a smaller learning rate`);
    }
    costs.push(L);
    if (k === epochs) break;
    const { dw, db } = lineGradients(w, b, x, y);
    w -= lr * dw;
    b -= lr * db;
  }
  return { w, b, costs };
}
