// Lesson 04 (two layers, the general case): the identities the lesson derives, against independent computations.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Matrix, matmul, maxAbsDiff, transpose } from "../../src/matrix";
import { forward, initParams, type Params } from "../../src/network";
import { sigmoid } from "../../src/activations";
import { makeRng, randomMatrix } from "../../src/random";
import { linspace } from "../../src/plot";

// Loops from the definitions vs the library: different summation order and σ as 1/(1+e^−z) vs the
// library's two-branch form differ by a few ulps of values ≲ 3 (measured ≤ 2.2e-16).
const LOOP_TOL = 1e-14;
const SIGMOID = { hidden: "sigmoid", output: "sigmoid" } as const;
const sigma = (z: number) => 1 / (1 + Math.exp(-z));

// The lesson's first network: layer 1 from lesson 03 (w1Notes[i][j] = w_ij), then the output neuron u.
const w1Notes = [[2.0, -0.4, 0.6], [0.5, 1.5, -0.7], [0.3, 0.2, 1.2]];
const b1Notes = [0, 0.1, -0.5];
const w2Notes = [4, -4, 1];
const b2Notes = -1.5;
function lessonParams(): Params {
  const W1 = Matrix.zeros(3, 3);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) W1.set(j, i, w1Notes[i][j]);
  return { W1, b1: Matrix.column(b1Notes), W2: Matrix.row(w2Notes), b2: Matrix.fill(1, 1, b2Notes) };
}

test("forward equals the notes' z_u = w_1u a1 + w_2u a2 + w_3u a3 + b[2], a_u = σ(z_u), neuron by neuron", () => {
  const x = [2.345, 0.982, -0.804];
  const a = [0, 1, 2].map((j) => sigmoid(w1Notes[0][j] * x[0] + w1Notes[1][j] * x[1] + w1Notes[2][j] * x[2] + b1Notes[j]));
  const au = sigmoid(w2Notes[0] * a[0] + w2Notes[1] * a[1] + w2Notes[2] * a[2] + b2Notes);
  const { AL, cache } = forward(lessonParams(), Matrix.column(x), SIGMOID);
  assert.deepEqual(AL.shape, [1, 1]);
  assert.equal(AL.get(0, 0), au);
  for (let j = 0; j < 3; j++) assert.equal(cache.A1.get(j, 0), a[j]);
});

test("every matrix has the general shape: X (nx,m), W1 (n1,nx), b1 (n1,1), Z1 A1 (n1,m), W2 (1,n1), b2 (1,1), Z2 A2 (1,m)", () => {
  for (const [nx, n1, m] of [[3, 3, 1], [3, 4, 5], [8, 2, 7]]) {
    const params = initParams([nx, n1, 1], { seed: nx * 100 + n1 * 10 + m });
    const X = randomMatrix(nx, m, makeRng(m), (g) => g.normal(0, 1));
    const { cache } = forward(params, X, SIGMOID);
    assert.deepEqual(params.W1.shape, [n1, nx]);
    assert.deepEqual(params.b1.shape, [n1, 1]);
    assert.deepEqual(params.W2.shape, [1, n1]);
    assert.deepEqual(params.b2.shape, [1, 1]);
    assert.deepEqual(cache.A0.shape, [nx, m]);
    assert.deepEqual(cache.Z1.shape, [n1, m]);
    assert.deepEqual(cache.A1.shape, [n1, m]);
    assert.deepEqual(cache.Z2.shape, [1, m]);
    assert.deepEqual(cache.A2.shape, [1, m]);
  }
});

test("a (3,4,1) network on 5 examples: loops from the definitions equal forward's Z1, A1, Z2, A2", () => {
  const [nx, n1, m] = [3, 4, 5];
  const p = initParams([nx, n1, 1], { seed: 4 });
  const rng = makeRng(44);
  p.b1 = randomMatrix(n1, 1, rng, (g) => g.uniform(-0.5, 0.5));
  p.b2 = randomMatrix(1, 1, rng, (g) => g.uniform(-0.5, 0.5));
  const X = randomMatrix(nx, m, rng, (g) => g.normal(0, 1));
  const { AL, cache } = forward(p, X, SIGMOID);
  for (let k = 0; k < m; k++) {
    const a1: number[] = [];
    for (let j = 0; j < n1; j++) {
      let z = p.b1.get(j, 0);
      for (let i = 0; i < nx; i++) z += p.W1.get(j, i) * X.get(i, k);
      assert.ok(Math.abs(cache.Z1.get(j, k) - z) <= LOOP_TOL);
      a1.push(sigma(z));
      assert.ok(Math.abs(cache.A1.get(j, k) - a1[j]) <= LOOP_TOL);
    }
    let z2 = p.b2.get(0, 0);
    for (let j = 0; j < n1; j++) z2 += p.W2.get(0, j) * a1[j];
    assert.ok(Math.abs(cache.Z2.get(0, k) - z2) <= LOOP_TOL);
    assert.ok(Math.abs(AL.get(0, k) - sigma(z2)) <= LOOP_TOL);
  }
  assert.deepEqual(Object.keys(cache), ["A0", "Z1", "A1", "Z2", "A2"]);
  assert.equal(cache.A0, X);
  assert.equal(cache.A2, AL);
});

test("shape mistakes are refused with messages naming both shapes", () => {
  const p = initParams([3, 4, 1], { seed: 4 });
  const X = Matrix.zeros(3, 5);
  assert.throws(() => forward(p, transpose(X), SIGMOID), /W1 is \(4,3\) but X is \(5,3\)/);
  assert.throws(() => forward({ ...p, W2: transpose(p.W2) }, X, SIGMOID), /W1 is \(4,3\) so W2 needs 4 columns, but it is \(4,1\)/);
  assert.throws(() => matmul(Matrix.zeros(4, 5), p.W2), /\(4,5\)·\(1,4\)/);
});

test("a transposed square batch (m = nx) passes every shape check but gives different outputs", () => {
  const p = initParams([3, 4, 1], { seed: 4 });
  const X = Matrix.from([[2.3, 2.3, 1.8], [1.0, -0.6, 1.9], [-0.8, 2.0, -0.5]]);
  const right = forward(p, X, SIGMOID).AL;
  const silent = forward(p, transpose(X), SIGMOID).AL;
  assert.ok(maxAbsDiff(right, silent) > 1e-3);
});

test("the bump network σ(6σ(5x+5) − 6σ(5x−5) + σ(x) − 3.5) rises then falls, unlike any single neuron", () => {
  const bump: Params = { W1: Matrix.column([5, 5, 1]), b1: Matrix.column([5, -5, 0]), W2: Matrix.row([6, -6, 1]), b2: Matrix.fill(1, 1, -3.5) };
  const xs = linspace(-4, 4, 161);
  const y = Array.from(forward(bump, Matrix.row(xs), SIGMOID).AL.data);
  xs.forEach((x, k) => assert.ok(Math.abs(y[k] - sigma(6 * sigma(5 * x + 5) - 6 * sigma(5 * x - 5) + sigma(x) - 3.5)) <= 1e-15));
  const peak = Math.max(...y);
  assert.ok(peak - y[0] > 0.5 && peak - y[y.length - 1] > 0.5);
  for (const [w, b] of [[2, 1], [-3, 0.5]]) {
    const a = xs.map((x) => sigmoid(w * x + b));
    assert.ok(a.every((v, k) => k === 0 || (w > 0 ? v >= a[k - 1] : v <= a[k - 1])));
  }
});

test("the lesson network's boundary y = 1/2 over (income, age) is bent, not straight", () => {
  const params = lessonParams();
  // For each age x2, the income x1 where y crosses 1/2 (y rises with x1: every path from x1 to y is positive).
  const crossing = (x2: number) => {
    let lo = -2.5, hi = 2.5;
    const y = (x1: number) => forward(params, Matrix.column([x1, x2, 0]), SIGMOID).AL.get(0, 0);
    if ((y(lo) - 0.5) * (y(hi) - 0.5) > 0) return NaN;
    for (let it = 0; it < 60; it++) { const mid = (lo + hi) / 2; if (y(mid) < 0.5) lo = mid; else hi = mid; }
    return (lo + hi) / 2;
  };
  const c = [-2.5, -1.5, -0.5, 0.5].map(crossing);
  assert.ok(c.every((v) => !Number.isNaN(v)));
  const slopeLow = c[1] - c[0], slopeHigh = c[3] - c[2];
  assert.ok(Math.abs(slopeHigh - slopeLow) > 0.1, `slopes ${slopeLow} and ${slopeHigh}`);
});

test("a deeper network [8, 16, 8, 1] on m = 7 examples: W[l] is (n_l, n_{l−1}), b[l] (n_l, 1), Z[l] and A[l] (n_l, m)", () => {
  const dims = [8, 16, 8, 1], m = 7;
  const p = initParams(dims, { seed: 9 });
  const { cache } = forward(p, randomMatrix(8, m, makeRng(10), (g) => g.normal()), { hidden: "sigmoid", output: "sigmoid" });
  for (let l = 1; l < dims.length; l++) {
    assert.deepEqual(p[`W${l}`].shape, [dims[l], dims[l - 1]], `W${l}`);
    assert.deepEqual(p[`b${l}`].shape, [dims[l], 1], `b${l}`);
    assert.deepEqual(cache[`Z${l}`].shape, [dims[l], m], `Z${l}`);
    assert.deepEqual(cache[`A${l}`].shape, [dims[l], m], `A${l}`);
  }
});
