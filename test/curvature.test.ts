// λmax of the loss's Hessian (src/curvature.ts) against independent computations: the closed-form
// Hessians of linear least squares (2X̃X̃ᵀ/m) and of logistic regression (X̃ diag(a(1−a)) X̃ᵀ/m), and a
// network's Hessian built entry by entry from second differences of the LOSS alone (no backward),
// each diagonalised by mathjs's eigs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { eigs } from "mathjs";
import {
  flattenParams, gradientAt, hessianLambdaMax, hessianVectorProduct, largestEigenvalue, linearMseHessian, powerIteration, symmetricEigenvalues, unflattenParams, type LossSpec,
} from "../src/curvature";
import { cost } from "../src/losses";
import { Matrix } from "../src/matrix";
import { forward, initParams, type Params } from "../src/network";
import { makeRng, randomMatrix } from "../src/random";

/** The largest eigenvalue of a symmetric matrix by mathjs. */
function mathjsLambdaMax(A: number[][]): number {
  const { values } = eigs(A) as unknown as { values: number[] };
  return Math.max(...(values as number[]));
}

/** X̃ = X with a row of ones appended, as plain arrays: (nx + 1, m). */
function withOnes(X: Matrix): number[][] {
  const rows = X.toArray();
  rows.push(Array(X.cols).fill(1));
  return rows;
}

/** c · A Dᵢ Aᵀ for A (r, m) with weights d (m): plain loops. */
function weightedGram(A: number[][], d: number[], c: number): number[][] {
  return A.map((ri) => A.map((rj) => c * ri.reduce((s, v, k) => s + v * d[k] * rj[k], 0)));
}

test("flattenParams and unflattenParams: θ is W1, b1, W2, b2 row by row, and the round trip is exact", () => {
  const p = initParams([2, 3, 1], { seed: 4 });
  p.b1 = Matrix.column([0.1, 0.2, 0.3]);
  const theta = flattenParams(p);
  assert.deepEqual(Array.from(theta), [...p.W1.data, ...p.b1.data, ...p.W2.data, ...p.b2.data]);
  const back = unflattenParams(p, theta);
  for (const k of ["W1", "b1", "W2", "b2"]) assert.deepEqual(back[k], p[k]);
  assert.throws(() => unflattenParams(p, [1, 2, 3]), /θ has 3 numbers but the parameters have 13/);
});

test("linear least squares (MSE, mean): λmax of the Hessian is the top eigenvalue of 2X̃X̃ᵀ/m (mathjs)", () => {
  const rng = makeRng(3);
  const X = randomMatrix(3, 40, rng, (g) => g.normal(0.5, 2));
  const Y = randomMatrix(1, 40, rng, (g) => g.normal());
  const p = initParams([3, 1], { seed: 2 });
  const spec: LossSpec = { hidden: "identity", output: "identity", loss: "mse" };
  const Xt = withOnes(X);
  const H = weightedGram(Xt, Array(40).fill(1), 2 / 40);
  const want = mathjsLambdaMax(H);
  // The loss is exactly quadratic: the difference quotient of the gradient is H·v up to rounding.
  const v = [0.3, -1, 0.5, 2];
  const Hv = H.map((row) => row.reduce((s, h, j) => s + h * v[j], 0));
  const got = hessianVectorProduct(p, X, Y, spec, v);
  for (let i = 0; i < 4; i++) assert.ok(Math.abs(got[i] - Hv[i]) <= 1e-7 * Math.abs(want), `Hv[${i}] ${got[i]} vs ${Hv[i]}`);
  const r = hessianLambdaMax(p, X, Y, spec, { tol: 1e-10, iterations: 500 });
  assert.ok(Math.abs(r.lambda - want) <= 1e-8 * want, `power iteration ${r.lambda}, mathjs ${want}`);
  // The half convention ½·mean has half the curvature (lesson 09's X̃X̃ᵀ/m).
  const half = hessianLambdaMax(p, X, Y, { ...spec, loss: "mse-half" }, { tol: 1e-10, iterations: 500 });
  assert.ok(Math.abs(half.lambda - want / 2) <= 1e-8 * want, `mse-half ${half.lambda}, want ${want / 2}`);
});

test("logistic regression (sigmoid + cross-entropy): λmax is the top eigenvalue of X̃ diag(a(1−a)) X̃ᵀ/m (mathjs)", () => {
  const rng = makeRng(8);
  const X = randomMatrix(2, 60, rng, (g) => g.normal());
  const Y = new Matrix(1, 60, Float64Array.from({ length: 60 }, (_, k) => (X.data[k] + 0.3 * X.data[60 + k] + rng.normal(0, 0.5) > 0 ? 1 : 0)));
  const p = initParams([2, 1], { seed: 5 });
  p.W1 = Matrix.row([1.2, -0.7]);
  p.b1 = Matrix.column([0.4]);
  const spec: LossSpec = { hidden: "identity", output: "sigmoid", loss: "cross-entropy" };
  const a = Array.from(forward(p, X, spec).AL.data);
  const want = mathjsLambdaMax(weightedGram(withOnes(X), a.map((ak) => ak * (1 - ak)), 1 / 60));
  const r = hessianLambdaMax(p, X, Y, spec, { tol: 1e-10, iterations: 500 });
  // Central differences of a smooth gradient: error O(ε²) relative, ε = 1e-5.
  assert.ok(Math.abs(r.lambda - want) <= 1e-7 * want, `power iteration ${r.lambda}, closed form ${want}`);
});

test("a tanh network 2 → 3 → 1: λmax matches mathjs on a Hessian from second differences of the loss alone", () => {
  const rng = makeRng(11);
  const X = randomMatrix(2, 30, rng, (g) => g.normal());
  const Y = randomMatrix(1, 30, rng, (g) => g.normal());
  const p: Params = initParams([2, 3, 1], { seed: 6 });
  p.b1 = randomMatrix(3, 1, rng, (g) => g.normal(0, 0.5));
  const spec: LossSpec = { hidden: "tanh", output: "identity", loss: "mse" };
  const theta = Array.from(flattenParams(p));
  const n = theta.length;
  const L = (t: number[]) => cost(forward(unflattenParams(p, t), X, spec).AL, Y, "mse");
  const h = 1e-4;
  const at = (i: number, si: number, j: number, sj: number) => L(theta.map((v, k) => v + (k === i ? si * h : 0) + (k === j ? sj * h : 0)));
  const H = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (at(i, 1, j, 1) - at(i, 1, j, -1) - at(i, -1, j, 1) + at(i, -1, j, -1)) / (4 * h * h)));
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) { const s = (H[i][j] + H[j][i]) / 2; H[i][j] = s; H[j][i] = s; }
  const want = mathjsLambdaMax(H);
  const r = hessianLambdaMax(p, X, Y, spec, { tol: 1e-9, iterations: 2000 });
  // Second differences of the loss: truncation h²·L''''/12 and rounding ε·L/h² ≈ 1e-8: 1e-5 relative.
  assert.ok(Math.abs(r.lambda - want) <= 1e-5 * want, `power iteration ${r.lambda}, second differences + mathjs ${want}`);
  // And the gradient it differentiates is backward's, itself checked against central differences of L.
  const g = gradientAt(p, X, Y, spec);
  for (const i of [0, 4, 9, n - 1]) {
    const fd = (L(theta.map((v, k) => v + (k === i ? 1e-6 : 0))) - L(theta.map((v, k) => v - (k === i ? 1e-6 : 0)))) / 2e-6;
    assert.ok(Math.abs(g[i] - fd) < 1e-8, `gradient[${i}] ${g[i]} vs ${fd}`);
  }
});

test("largestEigenvalue finds the most positive eigenvalue even when a negative one is larger in size", () => {
  // A = Q diag(−5, 2, 0.5) Qᵀ with Q a rotation: power iteration alone finds −5.
  const c = Math.cos(0.7), s = Math.sin(0.7);
  const Q = [[c, -s, 0], [s, c, 0], [0, 0, 1]];
  const d = [-5, 2, 0.5];
  const A = Q.map((qi) => Q.map((qj) => qi.reduce((acc, v, k) => acc + v * d[k] * qj[k], 0)));
  const apply = (v: Float64Array) => Float64Array.from(A.map((row) => row.reduce((acc, a, j) => acc + a * v[j], 0)));
  assert.ok(Math.abs(powerIteration(apply, 3, { tol: 1e-12, iterations: 1000 }).lambda + 5) < 1e-9);
  const top = largestEigenvalue(apply, 3, { tol: 1e-12, iterations: 1000 });
  assert.ok(Math.abs(top.lambda - mathjsLambdaMax(A)) < 1e-9, `λmax ${top.lambda}`);
  assert.ok(Math.abs(top.lambda - 2) < 1e-9);
  assert.throws(() => powerIteration(apply, 0), /n must be a positive integer/);
  // A time budget stops it early (here after the first product), leaving the residual to say so.
  const slow = (v: Float64Array) => { const until = Date.now() + 5; while (Date.now() < until); return apply(v); };
  const cut = powerIteration(slow, 3, { tol: 1e-12, iterations: 1000, maxMs: 0 });
  assert.equal(cut.iterations, 1);
  assert.ok(cut.residual > 1e-12);
});

test("linearMseHessian is 2X̃X̃ᵀ/m (1X̃X̃ᵀ/m for mse-half), and symmetricEigenvalues agrees with mathjs on it and on nearly equal eigenvalues", () => {
  const rng = makeRng(21);
  const X = randomMatrix(2, 50, rng, (g) => g.normal(1, 3));
  const H = linearMseHessian(X, "mse");
  const want = weightedGram(withOnes(X), Array(50).fill(1), 2 / 50);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) assert.ok(Math.abs(H[i][j] - want[i][j]) <= 1e-12 * Math.abs(want[i][j]) + 1e-15);
  const half = linearMseHessian(X, "mse-half");
  assert.ok(Math.abs(half[0][1] - H[0][1] / 2) <= 1e-15 * Math.abs(H[0][1]));
  const mj = (A: number[][]) => ((eigs(A) as unknown as { values: number[] }).values as number[]).slice().sort((a, b) => a - b);
  const got = symmetricEigenvalues(H), ref = mj(H);
  got.forEach((v, i) => assert.ok(Math.abs(v - ref[i]) <= 1e-12 * Math.abs(ref[2]), `eigenvalue ${i}: ${v} vs ${ref[i]}`));
  // Two eigenvalues 1e-6 apart, where power iteration would need millions of steps: Jacobi is exact.
  const c = Math.cos(0.4), s = Math.sin(0.4);
  const Q = [[c, -s, 0], [s, c, 0], [0, 0, 1]], d = [2.000001, 2, 0.5];
  const A = Q.map((qi) => Q.map((qj) => qi.reduce((acc, v, k) => acc + v * d[k] * qj[k], 0)));
  const close = symmetricEigenvalues(A);
  assert.ok(Math.abs(close[2] - 2.000001) < 1e-13 && Math.abs(close[1] - 2) < 1e-13, `${close}`);
  assert.throws(() => symmetricEigenvalues([[1, 2], [3, 4]]), /not symmetric at \(1, 0\)/);
  assert.throws(() => symmetricEigenvalues([[1, 2]]), /must be square/);
});

test("hessianVectorProduct: H·0 = 0 exactly, and a v of the wrong length is refused", () => {
  const rng = makeRng(5);
  const X = randomMatrix(2, 10, rng, (g) => g.normal());
  const Y = randomMatrix(1, 10, rng, (g) => g.normal());
  const p = initParams([2, 1], { seed: 3 });
  const spec: LossSpec = { hidden: "identity", output: "identity", loss: "mse" };
  assert.deepEqual(Array.from(hessianVectorProduct(p, X, Y, spec, [0, 0, 0])), [0, 0, 0]);
  assert.throws(() => hessianVectorProduct(p, X, Y, spec, [1, 2]), { message: "hessianVectorProduct: v has 2 numbers but θ has 3" });
  // The step is relative to v: a v a million times smaller gives the same H·v (L is quadratic, up to rounding).
  const H = weightedGram(withOnes(X), Array(10).fill(1), 2 / 10);
  const v = [1e-6, -2e-6, 0.5e-6];
  const got = hessianVectorProduct(p, X, Y, spec, v);
  H.forEach((row, i) => {
    const want = row.reduce((s, h, j) => s + h * v[j], 0);
    assert.ok(Math.abs(got[i] - want) <= 1e-7 * Math.abs(H[0][0]) * 1e-6, `Hv[${i}] ${got[i]} vs ${want}`);
  });
});

test("powerIteration: the zero operator gives λ = 0 at once, a non-finite A·v is an error, iterations caps the products", () => {
  const zero = (v: Float64Array) => new Float64Array(v.length);
  assert.deepEqual({ ...powerIteration(zero, 3), vector: undefined }, { lambda: 0, vector: undefined, residual: 0, iterations: 1 });
  assert.throws(() => powerIteration((v) => v.map(() => Infinity), 2), { message: "powerIteration: A·v is not finite at iteration 1" });
  assert.throws(() => powerIteration((v) => v.map(() => NaN), 2), { message: "powerIteration: A·v is not finite at iteration 1" });
  for (const n of [1.5, -1, NaN]) assert.throws(() => powerIteration(zero, n), { message: `powerIteration: n must be a positive integer, got ${n}` });
  // diag(1, 0.99): the top eigenvector is found slowly, so 3 products stop before the tolerance.
  const slow = (v: Float64Array) => Float64Array.from([v[0], 0.99 * v[1]]);
  const three = powerIteration(slow, 2, { iterations: 3, tol: 1e-12 });
  assert.equal(three.iterations, 3);
  assert.ok(three.residual > 1e-12);
  // n = 1: A = [[−3]] has the eigenvector ±1, found in one product with residual 0.
  const one = powerIteration((v) => v.map((x) => -3 * x), 1);
  assert.equal(one.lambda, -3);
  assert.equal(one.residual, 0);
  assert.equal(one.iterations, 1);
  assert.equal(Math.abs(one.vector[0]), 1);
});

test("symmetricEigenvalues of a diagonal matrix is its sorted diagonal; an empty or ragged A is named", () => {
  assert.deepEqual(symmetricEigenvalues([[3, 0, 0], [0, -1, 0], [0, 0, 2]]), [-1, 2, 3]);
  assert.deepEqual(symmetricEigenvalues([[0, 0], [0, 0]]), [0, 0]);
  // [[a, b], [b, a]] has eigenvalues a ± b: equal diagonal entries (the rotation angle's θ = 0).
  const e = symmetricEigenvalues([[2, 1e-3], [1e-3, 2]]);
  assert.ok(Math.abs(e[0] - 1.999) < 1e-15 && Math.abs(e[1] - 2.001) < 1e-15, `${e}`);
  // One zero off-diagonal pair among non-zero ones, with equal diagonal entries there.
  const A = [[1, 0, 0.5], [0, 1, 0.25], [0.5, 0.25, 3]];
  const mj = ((eigs(A) as unknown as { values: number[] }).values as number[]).slice().sort((a, b) => a - b);
  symmetricEigenvalues(A).forEach((v, i) => assert.ok(Math.abs(v - mj[i]) <= 1e-14 * 3, `eigenvalue ${i}: ${v} vs ${mj[i]}`));
  assert.throws(() => symmetricEigenvalues([]), { message: "symmetricEigenvalues: A must be square, got 0 rows of lengths " });
  assert.throws(() => symmetricEigenvalues([[1, 2], [2]]), { message: "symmetricEigenvalues: A must be square, got 2 rows of lengths 2, 1" });
  assert.throws(() => symmetricEigenvalues([[1, NaN], [NaN, 1]]), { message: "symmetricEigenvalues: A is not symmetric at (1, 0)" });
});

test("powerIteration's residual is ‖Av − λv‖/|λ| of the last unit v, recomputed here; maxMs far away does not stop it", () => {
  const A = [[2, 0.5], [0.5, 1]];
  const apply = (v: Float64Array) => Float64Array.from(A.map((row) => row[0] * v[0] + row[1] * v[1]));
  const r = powerIteration(apply, 2, { iterations: 3, tol: 0, maxMs: 60_000 });
  assert.equal(r.iterations, 3, "a budget of a minute is not reached in three products");
  // Power iteration by hand from the same seeded start (seed 1, uniform(−1, 1) per entry): λ and the
  // residual belong to the third unit vector v₃, and r.vector is that v₃ (not the next step Av₃/‖Av₃‖).
  const g = makeRng(1);
  let v = [g.uniform(-1, 1), g.uniform(-1, 1)];
  let Av: number[] = [];
  for (let k = 0; k < 3; k++) {
    if (k > 0) v = Av.map((x) => x / Math.hypot(Av[0], Av[1]));
    else v = v.map((x) => x / Math.hypot(v[0], v[1]));
    Av = A.map((row) => row[0] * v[0] + row[1] * v[1]);
  }
  const lambda = v[0] * Av[0] + v[1] * Av[1];
  const residual = Math.hypot(Av[0] - lambda * v[0], Av[1] - lambda * v[1]) / Math.abs(lambda);
  assert.ok(Math.abs(r.lambda - lambda) <= 1e-15 * lambda, `${r.lambda} vs ${lambda}`);
  assert.ok(Math.abs(r.residual - residual) <= 1e-12 * residual, `${r.residual} vs ${residual}`);
  for (let i = 0; i < 2; i++) assert.ok(Math.abs(r.vector[i] - v[i]) <= 1e-15, `vector[${i}] ${r.vector[i]} vs v₃ ${v[i]}`);
});

test("largestEigenvalue: λ = 0 needs no second run; a negative λ₁ adds the second run's products", () => {
  const zero = (v: Float64Array) => new Float64Array(v.length);
  assert.equal(largestEigenvalue(zero, 3).iterations, 1);
  const neg = (v: Float64Array) => Float64Array.from([-5 * v[0], 2 * v[1]]);
  const first = powerIteration(neg, 2, { tol: 1e-12, iterations: 1000 });
  const top = largestEigenvalue(neg, 2, { tol: 1e-12, iterations: 1000 });
  assert.ok(Math.abs(top.lambda - 2) < 1e-9);
  assert.ok(top.iterations > first.iterations, `${top.iterations} products in all, ${first.iterations} in the first run`);
});

test("hessianLambdaMax passes its options on: iterations 3 and tol 0 stop after exactly 3 products", () => {
  const rng = makeRng(3);
  const X = randomMatrix(2, 20, rng, (g) => g.normal());
  const Y = randomMatrix(1, 20, rng, (g) => g.normal());
  const r = hessianLambdaMax(initParams([2, 1], { seed: 2 }), X, Y, { hidden: "identity", output: "identity", loss: "mse" }, { iterations: 3, tol: 0 });
  assert.equal(r.iterations, 3);
});

test("symmetricEigenvalues judges symmetry relative to A's size, leaves A untouched, and gives NaN for a NaN diagonal", () => {
  // Entries ~1e6 with an asymmetry of 1e-6: 3e-13 of the norm, rounding, so accepted.
  const big = [[1e6, 1e6], [1e6 + 1e-6, 3e6]];
  const copy = big.map((r) => r.slice());
  const sym = [[1e6, 1e6 + 5e-7], [1e6 + 5e-7, 3e6]];
  const mj = ((eigs(sym) as unknown as { values: number[] }).values as number[]).slice().sort((a, b) => a - b);
  symmetricEigenvalues(big).forEach((v, i) => assert.ok(Math.abs(v - mj[i]) <= 1e-12 * 3.5e6, `eigenvalue ${i}: ${v} vs ${mj[i]}`));
  assert.deepEqual(big, copy, "A is not changed");
  // Entries ~1e-6 with an asymmetry of 1e-15: 1e-9 of the norm, refused.
  assert.throws(() => symmetricEigenvalues([[1e-6, 1e-6], [1e-6 + 1e-15, 2e-6]]), { message: "symmetricEigenvalues: A is not symmetric at (1, 0)" });
  // A NaN on the diagonal is not an asymmetry: it comes out as NaN (no error, no endless loop).
  assert.ok(symmetricEigenvalues([[NaN, 1], [1, 2]]).some(Number.isNaN));
});

test("powerIteration starts from a random vector: on [[1, −2], [−2, 1]] a start of all ones would sit on the λ = −1 eigenvector", () => {
  // Eigenvalues 3 (vector (1, −1)) and −1 (vector (1, 1)), by mathjs; the random start has a (1, −1) part.
  const A = [[1, -2], [-2, 1]];
  const apply = (v: Float64Array) => Float64Array.from(A.map((row) => row[0] * v[0] + row[1] * v[1]));
  const r = powerIteration(apply, 2, { tol: 1e-12, iterations: 1000 });
  assert.ok(Math.abs(r.lambda - mathjsLambdaMax(A)) < 1e-9, `λ ${r.lambda}`);
});

test("hessianVectorProduct's step grows with ‖θ‖∞: exact H·v at weights of size 1 and of size 1e5 (closed form 2X̃X̃ᵀ/m)", () => {
  // For a quadratic loss the central difference is exact for any step, up to rounding of the two
  // gradients (size ~|θ|·|X|²): a step ε(1 + ‖θ‖∞) keeps that rounding ~1e-16·|θ|/step ≈ 1e-11 of H; a
  // step of ε alone at |θ| = 1e5 would leave ~1e-6, and ε/(1 + ‖θ‖∞) ~1e-1.
  const rng = makeRng(8);
  const X = randomMatrix(2, 10, rng, (g) => g.normal());
  const Y = randomMatrix(1, 10, rng, (g) => g.normal());
  const H = weightedGram(withOnes(X), Array(10).fill(1), 2 / 10);
  const spec: LossSpec = { hidden: "identity", output: "identity", loss: "mse" };
  const v = [0.3, -1, 0.5];
  const want = H.map((row) => row.reduce((s, h, j) => s + h * v[j], 0));
  for (const size of [1, 1e5]) {
    const p = { W1: Matrix.from([[size, -0.5 * size]]), b1: Matrix.from([[0.25 * size]]) };
    const got = hessianVectorProduct(p, X, Y, spec, v);
    want.forEach((w, i) => assert.ok(Math.abs(got[i] - w) <= 1e-9 * Math.abs(H[0][0]), `|θ| = ${size}: Hv[${i}] ${got[i]} vs ${w}`));
  }
});
