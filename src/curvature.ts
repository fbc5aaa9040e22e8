// The curvature of the loss at the current weights: λmax, the largest eigenvalue of the Hessian H of
// L(θ), found by power iteration on Hessian-vector products Hv, each from central differences of the
// gradient that backward computes (H is never formed). Lesson 09: gradient descent on a quadratic
// converges if and only if η < 2/λmax; near any point a network's loss is nearly quadratic, so 2/λmax
// at the current weights is where a step starts to overshoot. Pure math: no node:fs, no tslab (the
// playground bundles it).
//
// Legend: θ the parameters W1, b1, …, WL, bL flattened in that order (n numbers); X (nx, m), Y (nL, m).
import type { ActivationName } from "./activations";
import type { LossName } from "./losses";
import { Matrix } from "./matrix";
import { backward, depth, forward, type OutputName, type Params } from "./network";
import { makeRng } from "./random";

/** What the loss is: the hidden and output activations and the loss function, as forward/backward take them. */
export interface LossSpec {
  hidden: ActivationName;
  output: OutputName;
  loss: LossName;
}

/** The parameter names in θ's order: W1, b1, W2, b2, …, WL, bL. */
function order(params: Params): string[] {
  const L = depth(params);
  const names: string[] = [];
  for (let l = 1; l <= L; l++) names.push(`W${l}`, `b${l}`);
  return names;
}

/** θ: every entry of W1, b1, …, WL, bL (row by row), as one Float64Array of length n. */
export function flattenParams(params: Params): Float64Array {
  const names = order(params);
  const n = names.reduce((s, k) => s + params[k].data.length, 0);
  const theta = new Float64Array(n);
  let at = 0;
  for (const k of names) { theta.set(params[k].data, at); at += params[k].data.length; }
  return theta;
}

/** The inverse of flattenParams: new matrices shaped like `like`'s, filled from θ (length checked). */
export function unflattenParams(like: Params, theta: ArrayLike<number>): Params {
  const names = order(like);
  const n = names.reduce((s, k) => s + like[k].data.length, 0);
  if (theta.length !== n) throw new Error(`unflattenParams: θ has ${theta.length} numbers but the parameters have ${n}`);
  const out: Params = {};
  let at = 0;
  for (const k of names) {
    const M = like[k];
    out[k] = new Matrix(M.rows, M.cols, Float64Array.from({ length: M.data.length }, (_, i) => theta[at + i]));
    at += M.data.length;
  }
  return out;
}

/** ∇L(θ) from backward, flattened like θ (dW1, db1, …). */
export function gradientAt(params: Params, X: Matrix, Y: Matrix, spec: LossSpec): Float64Array {
  const grads = backward(params, forward(params, X, spec).cache, Y, spec);
  const renamed: Params = {};
  for (const [k, G] of Object.entries(grads)) renamed[k.slice(1)] = G; // dW1 → W1
  return flattenParams(renamed);
}

/**
 * H·v ≈ (∇L(θ + εv) − ∇L(θ − εv)) / (2ε): the central difference of the gradient along v. Exact up to
 * rounding when L is quadratic in θ (the linear model with MSE); otherwise its error is O(ε²).
 * ε is relative to the size of v and θ: ε = eps·(1 + ‖θ‖∞)/‖v‖∞.
 */
export function hessianVectorProduct(params: Params, X: Matrix, Y: Matrix, spec: LossSpec, v: ArrayLike<number>, eps = 1e-5): Float64Array {
  const theta = flattenParams(params);
  if (v.length !== theta.length) throw new Error(`hessianVectorProduct: v has ${v.length} numbers but θ has ${theta.length}`);
  let vmax = 0, tmax = 0;
  for (let i = 0; i < v.length; i++) { vmax = Math.max(vmax, Math.abs(v[i])); tmax = Math.max(tmax, Math.abs(theta[i])); }
  if (vmax === 0) return new Float64Array(theta.length);
  const h = (eps * (1 + tmax)) / vmax;
  const at = (sign: number) => gradientAt(unflattenParams(params, theta.map((t, i) => t + sign * h * v[i])), X, Y, spec);
  const gp = at(1), gm = at(-1);
  return gp.map((g, i) => (g - gm[i]) / (2 * h));
}

export interface PowerOptions { iterations?: number; tol?: number; seed?: number; maxMs?: number }

export interface PowerResult {
  /** The eigenvalue found (Rayleigh quotient vᵀAv of the last unit vector v). */
  lambda: number;
  /** Its unit eigenvector. */
  vector: Float64Array;
  /** ‖Av − λv‖ / |λ| at the end: small when converged. */
  residual: number;
  iterations: number;
}

const norm = (v: ArrayLike<number>) => { let s = 0; for (let i = 0; i < v.length; i++) s += v[i] * v[i]; return Math.sqrt(s); };

/**
 * Power iteration for a symmetric n×n operator given as v ↦ Av: v ← Av/‖Av‖ from a seeded random
 * start, until ‖Av − λv‖ ≤ tol·|λ|, or `iterations` products, or `maxMs` milliseconds (a page must not
 * freeze; the residual then says how far it got). Finds the eigenvalue of largest |λ|.
 */
export function powerIteration(apply: (v: Float64Array) => Float64Array, n: number, { iterations = 200, tol = 1e-10, seed = 1, maxMs = Infinity }: PowerOptions = {}): PowerResult {
  if (!Number.isInteger(n) || n < 1) throw new Error(`powerIteration: n must be a positive integer, got ${String(n)}`);
  const rng = makeRng(seed);
  let v = Float64Array.from({ length: n }, () => rng.uniform(-1, 1));
  let nv = norm(v);
  v = v.map((x) => x / nv);
  let lambda = 0, residual = Infinity, k = 0;
  const t0 = Date.now();
  while (k < iterations) {
    const Av = apply(v);
    k++;
    lambda = 0;
    for (let i = 0; i < n; i++) lambda += v[i] * Av[i];
    let r = 0;
    for (let i = 0; i < n; i++) r += (Av[i] - lambda * v[i]) ** 2;
    residual = lambda === 0 ? Infinity : Math.sqrt(r) / Math.abs(lambda);
    nv = norm(Av);
    if (!Number.isFinite(nv)) throw new Error(`powerIteration: A·v is not finite at iteration ${k}`);
    if (nv === 0) return { lambda: 0, vector: v, residual: 0, iterations: k }; // v is in the null space
    // Stop before stepping on, so the vector returned is the one λ and the residual were measured on.
    if (residual <= tol || k >= iterations || Date.now() - t0 > maxMs) break;
    v = Av.map((x) => x / nv);
  }
  return { lambda, vector: v, residual, iterations: k };
}

/**
 * λmax, the largest (most positive) eigenvalue of a symmetric operator: power iteration finds the
 * eigenvalue of largest size, λ₁; if it is negative, a second power iteration on A − λ₁I (whose
 * eigenvalues λ − λ₁ are all ≥ 0, the largest at λmax) gives λmax = μ + λ₁.
 */
export function largestEigenvalue(apply: (v: Float64Array) => Float64Array, n: number, options: PowerOptions = {}): PowerResult {
  const first = powerIteration(apply, n, options);
  if (first.lambda >= 0) return first;
  const shift = first.lambda;
  const second = powerIteration((v) => { const Av = apply(v); return Av.map((x, i) => x - shift * v[i]); }, n, options);
  return { ...second, lambda: second.lambda + shift, iterations: first.iterations + second.iterations };
}

/**
 * λmax of the loss's Hessian at `params` on (X, Y), by power iteration on finite-difference Hv.
 * The residual tells how well it converged (a network's Hessian can have two nearly equal top
 * eigenvalues, which slows it; the estimate is then still within the residual of λmax).
 */
export function hessianLambdaMax(params: Params, X: Matrix, Y: Matrix, spec: LossSpec, { iterations = 100, tol = 1e-6, seed = 1, eps = 1e-5, maxMs = Infinity }: PowerOptions & { eps?: number } = {}): PowerResult {
  const n = flattenParams(params).length;
  return largestEigenvalue((v) => hessianVectorProduct(params, X, Y, spec, v, eps), n, { iterations, tol, seed, maxMs });
}

/**
 * The eigenvalues of a small symmetric matrix A (n, n), ascending, by cyclic Jacobi rotations: each
 * rotation zeroes one off-diagonal pair, until every off-diagonal entry is below 1e-15 of the norm.
 */
export function symmetricEigenvalues(A: number[][]): number[] {
  const n = A.length;
  if (n === 0 || A.some((row) => row.length !== n)) throw new Error(`symmetricEigenvalues: A must be square, got ${n} rows of lengths ${A.map((r) => r.length).join(", ")}`);
  const scale = Math.sqrt(A.reduce((s, row) => s + row.reduce((t, v) => t + v * v, 0), 0)) || 1;
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) {
    if (!(Math.abs(A[i][j] - A[j][i]) <= 1e-12 * scale)) throw new Error(`symmetricEigenvalues: A is not symmetric at (${i}, ${j})`);
  }
  const a = A.map((row) => row.slice());
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off = Math.max(off, Math.abs(a[p][q]));
    if (off <= 1e-15 * scale) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        if (a[p][q] === 0) continue;
        // The rotation angle θ with tan 2θ = 2a_pq / (a_qq − a_pp), taken as t = tan θ of the smaller root.
        const theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (let k = 0; k < n; k++) { // A ← A·J (columns p, q)
          const akp = a[k][p], akq = a[k][q];
          a[k][p] = c * akp - s * akq; a[k][q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) { // A ← Jᵀ·A (rows p, q)
          const apk = a[p][k], aqk = a[q][k];
          a[p][k] = c * apk - s * aqk; a[q][k] = s * apk + c * aqk;
        }
      }
    }
  }
  return a.map((row, i) => row[i]).sort((x, y) => x - y);
}

/**
 * The Hessian of the linear model's squared error, exactly: with X̃ = X with a row of ones appended
 * (nx + 1, m), H = c·X̃X̃ᵀ/m, c = 2 for the mean ("mse") and 1 for the half mean ("mse-half"); the same
 * at every θ, since L is quadratic in θ = (W, b) (lesson 09). Note θ here lists W then b, as flattenParams does.
 * @param X (nx, m) @returns H (nx + 1, nx + 1) as rows
 */
export function linearMseHessian(X: Matrix, loss: "mse" | "mse-half"): number[][] {
  const n = X.rows + 1, m = X.cols, c = loss === "mse" ? 2 : 1;
  const row = (i: number) => (i < X.rows ? X.data.subarray(i * m, (i + 1) * m) : new Float64Array(m).fill(1));
  const H: number[][] = Array.from({ length: n }, () => Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    const ri = row(i);
    for (let j = 0; j <= i; j++) {
      const rj = row(j);
      let s = 0;
      for (let k = 0; k < m; k++) s += ri[k] * rj[k];
      H[i][j] = H[j][i] = (c * s) / m;
    }
  }
  return H;
}
