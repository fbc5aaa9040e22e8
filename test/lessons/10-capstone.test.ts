// Lesson 10 (capstone): the split, standardising with training statistics, the linear baseline by the
// normal equations and by gradient descent, and the network's input sensitivities.
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadHousing } from "../../src/data/housing";
import { applyStandardize, standardize, trainTestSplit } from "../../src/data/prepare";
import { Matrix, matmul, maxAbsDiff, mul, scale, sub, transpose } from "../../src/matrix";
import { tanhPrime } from "../../src/activations";
import { Params, backward, forward, initParams } from "../../src/network";
import { fitLineClosedForm } from "../../src/regression";

const housing = loadHousing();
const Y = scale(housing.y, 1e-5);
const split = trainTestSplit(housing.X, Y, { testFraction: 0.2, seed: 10 });
const scaler = standardize(split.Xtrain);
const incomeRow = housing.featureNames.indexOf("median_income");
const linOpts = { hidden: "identity" as const, output: "identity" as const, loss: "mse-half" as const };

function solve(A: Matrix, c: Matrix): Matrix {
  const n = A.rows;
  const M = A.toArray().map((row, i) => [...row, c.get(i, 0)]);
  for (let col = 0; col < n; col++) {
    let p = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(M[r][col]) > Math.abs(M[p][col])) p = r;
    [M[col], M[p]] = [M[p], M[col]];
    for (let r = col + 1; r < n; r++) {
      const f = M[r][col] / M[col][col];
      for (let k = col; k <= n; k++) M[r][k] -= f * M[col][k];
    }
  }
  const th = Matrix.zeros(n, 1);
  for (let i = n - 1; i >= 0; i--) {
    let s = M[i][n];
    for (let k = i + 1; k < n; k++) s -= M[i][k] * th.get(k, 0);
    th.set(i, 0, s / M[i][i]);
  }
  return th;
}
function normalEquations(X: Matrix, Yin: Matrix): { G: Matrix; c: Matrix } {
  const Xt = new Matrix(X.rows + 1, X.cols);
  Xt.data.set(X.data, 0);
  Xt.data.fill(1, X.rows * X.cols);
  return { G: scale(matmul(Xt, transpose(Xt)), 1 / X.cols), c: scale(matmul(Xt, transpose(Yin)), 1 / X.cols) };
}
const asNetwork = (theta: Matrix): Params => ({ W1: new Matrix(1, 8, theta.data.slice(0, 8)), b1: new Matrix(1, 1, theta.data.slice(8)) });
const gradient = (theta: Matrix) => {
  const p = asNetwork(theta);
  const g = backward(p, forward(p, scaler.Xs, linOpts).cache, split.Ytrain, linOpts);
  return new Matrix(9, 1, Float64Array.from([...g.dW1.data, ...g.db1.data]));
};

test("the seeded split puts every neighbourhood in exactly one of the two sets, 80/20", () => {
  const all = new Set([...split.trainIdx, ...split.testIdx]);
  assert.equal(all.size, housing.X.cols);
  assert.equal(split.trainIdx.length + split.testIdx.length, housing.X.cols);
  assert.equal(split.testIdx.length, Math.round(0.2 * housing.X.cols));
  for (const j of [0, 100, split.testIdx.length - 1]) {
    assert.equal(split.Xtest.get(incomeRow, j), housing.X.get(incomeRow, split.testIdx[j]));
  }
});

test("the lesson's three sets (test 20%, then validation 25% of the rest) cover the data once, 60/20/20", () => {
  const inner = trainTestSplit(split.Xtrain, split.Ytrain, { testFraction: 0.25, seed: 11 });
  const trainIdx = inner.trainIdx.map((k) => split.trainIdx[k]);
  const valIdx = inner.testIdx.map((k) => split.trainIdx[k]);
  // Counted by hand, independently of the split's own bookkeeping.
  const uses = new Array(housing.X.cols).fill(0);
  for (const idx of [trainIdx, valIdx, split.testIdx]) for (const j of idx) uses[j]++;
  assert.ok(uses.every((u) => u === 1), "every neighbourhood in exactly one set");
  const m = housing.X.cols;
  assert.ok(Math.abs(trainIdx.length / m - 0.6) < 1e-3 && Math.abs(valIdx.length / m - 0.2) < 1e-3);
  // Every column of every set, both the features and the price, is the data's column at its index.
  for (const [M, Yset, idx] of [[inner.Xtrain, inner.Ytrain, trainIdx], [inner.Xtest, inner.Ytest, valIdx],
    [split.Xtest, split.Ytest, split.testIdx]] as [Matrix, Matrix, number[]][]) {
    for (let j = 0; j < idx.length; j++) {
      for (let f = 0; f < 8; f++) assert.equal(M.get(f, j), housing.X.get(f, idx[j]));
      assert.equal(Yset.get(0, j), Y.get(0, idx[j]));
    }
  }
});

test("standardising with training statistics gives the training set mean 0 and std 1, and scales the test set by the same numbers", () => {
  const Xs = scaler.Xs, m = Xs.cols;
  for (let f = 0; f < 8; f++) {
    let mu = 0, v = 0;
    for (let j = 0; j < m; j++) mu += Xs.get(f, j);
    mu /= m;
    for (let j = 0; j < m; j++) v += (Xs.get(f, j) - mu) ** 2;
    assert.ok(Math.abs(mu) < 1e-12 && Math.abs(Math.sqrt(v / m) - 1) < 1e-12, `feature ${f}`);
  }
  const XsTest = applyStandardize(split.Xtest, scaler.mean, scaler.std);
  const j = 42;
  assert.ok(Math.abs(XsTest.get(incomeRow, j) - (split.Xtest.get(incomeRow, j) - scaler.mean.get(incomeRow, 0)) / scaler.std.get(incomeRow, 0)) < 1e-15);
});

test("the normal equations with income alone give lesson 01's closed-form line", () => {
  const m = split.Xtrain.cols;
  const income = new Matrix(1, m, split.Xtrain.data.slice(incomeRow * m, (incomeRow + 1) * m));
  const ne = normalEquations(income, split.Ytrain);
  const th = solve(ne.G, ne.c);
  const line = fitLineClosedForm(income.data, split.Ytrain.data);
  assert.ok(Math.abs(th.get(0, 0) - line.w) < 1e-10 && Math.abs(th.get(1, 0) - line.b) < 1e-10);
});

test("Gθ − c is backward's gradient of the linear model, and gradient descent reaches the normal equations' solution", () => {
  const ne = normalEquations(scaler.Xs, split.Ytrain);
  const probe = Matrix.column([0.3, -0.2, 0.1, 0.5, -0.4, 0.2, 0.05, 0.8, 2]);
  assert.ok(maxAbsDiff(sub(matmul(ne.G, probe), ne.c), gradient(probe)) < 1e-12);
  const closed = solve(ne.G, ne.c);
  assert.ok(maxAbsDiff(matmul(ne.G, closed), ne.c) < 1e-12);
  assert.ok(maxAbsDiff(gradient(closed), Matrix.zeros(9, 1)) < 1e-12, "the gradient vanishes at the solution");
  // λmax by power iteration, then η = 1/λmax.
  let v = Matrix.fill(9, 1, 1), lambda = 0;
  for (let k = 0; k < 2000; k++) {
    const w = matmul(ne.G, v);
    const norm = Math.hypot(...Array.from(w.data));
    lambda = norm / Math.hypot(...Array.from(v.data));
    v = scale(w, 1 / norm);
  }
  let theta = Matrix.zeros(9, 1);
  for (let k = 0; k < 20000; k++) theta = sub(theta, scale(sub(matmul(ne.G, theta), ne.c), 1 / lambda));
  assert.ok(maxAbsDiff(theta, closed) < 1e-10, `max diff ${maxAbsDiff(theta, closed)}`);
});

test("the network's input sensitivities W1ᵀ(W2ᵀ ⊙ tanh'(Z1)) equal central differences of forward", () => {
  const opts = { hidden: "tanh" as const, output: "identity" as const };
  const net = initParams([8, 6, 1], { seed: 3, method: "xavier" });
  net.b1 = Matrix.column([0.2, -0.1, 0.3, 0, 0.5, -0.4]);
  const X = Matrix.zeros(8, 5);
  for (let f = 0; f < 8; f++) for (let j = 0; j < 5; j++) X.set(f, j, scaler.Xs.get(f, j * 1000));
  const S = matmul(transpose(net.W1), mul(tanhPrime(forward(net, X, opts).cache.Z1), transpose(net.W2)));
  for (let j = 0; j < 5; j++) for (let f = 0; f < 8; f++) {
    const at = (d: number) => { const x = Matrix.zeros(8, 1); for (let r = 0; r < 8; r++) x.set(r, 0, X.get(r, j) + (r === f ? d : 0)); return forward(net, x, opts).AL.get(0, 0); };
    const fd = (at(1e-6) - at(-1e-6)) / 2e-6;
    assert.ok(Math.abs(S.get(f, j) - fd) < 1e-8, `example ${j}, feature ${f}: ${S.get(f, j)} vs ${fd}`);
  }
});
