// Lesson 09 (gradient descent): the update rule, the first-order decrease, train as the loop, the
// divergence error, and the stability limit η < 2/λmax of a quadratic loss.
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadHousing } from "../../src/data/housing";
import { selectColumns, selectRows, standardize } from "../../src/data/prepare";
import { Matrix, matmul, scale, transpose } from "../../src/matrix";
import { Params, backward, cloneParams, forward, initParams } from "../../src/network";
import { cost } from "../../src/losses";
import { train, updateParams } from "../../src/train";
import { makeRng, shuffledIndices } from "../../src/random";

const housing = loadHousing();
const features = ["median_income", "latitude", "longitude"];
const Xall = standardize(selectRows(housing.X, features.map((f) => housing.featureNames.indexOf(f)))).Xs;
const sample = shuffledIndices(Xall.cols, makeRng(9)).slice(0, 2000);
const X = selectColumns(Xall, sample);
const Y = scale(selectColumns(housing.y, sample), 1e-5);
const opts = { hidden: "sigmoid" as const, output: "identity" as const, loss: "mse-half" as const };
const linOpts = { hidden: "identity" as const, output: "identity" as const, loss: "mse-half" as const };
const params0 = initParams([3, 4, 1], { seed: 8 });
const lossOf = (p: Params) => cost(forward(p, X, opts).AL, Y, "mse-half");
const grads0 = backward(params0, forward(params0, X, opts).cache, Y, opts);
const flatten = (p: Params): number[] => Object.values(p).flatMap((M) => Array.from(M.data));

test("one step of updateParams is θ − η·dθ entry by entry and leaves the old parameters untouched", () => {
  const copy = cloneParams(params0);
  const next = updateParams(params0, grads0, 0.5);
  for (const name of ["W1", "b1", "W2", "b2"]) {
    const P = params0[name], G = grads0[`d${name}`];
    for (let k = 0; k < P.data.length; k++) assert.equal(next[name].data[k], P.data[k] - 0.5 * G.data[k]);
    assert.deepEqual(P.data, copy[name].data);
  }
});

test("a small step lowers the loss by η‖g‖² to first order, with an error shrinking like η", () => {
  const g2 = flatten(grads0).reduce((s, v) => s + v * v, 0);
  const L0 = lossOf(params0);
  const ratio = (eta: number) => (L0 - lossOf(updateParams(params0, grads0, eta))) / (eta * g2);
  assert.ok(Math.abs(ratio(1e-4) - 1) < 1e-3);
  const shrink = (1 - ratio(1e-3)) / (1 - ratio(1e-2));
  assert.ok(shrink > 0.09 && shrink < 0.11, `shrink ${shrink}`);
  assert.ok(ratio(1) < 0, "at η = 1 the first step raises the loss");
});

test("train's costs are those of the loop forward, cost, backward, updateParams", () => {
  let p = params0;
  const costs: number[] = [];
  for (let k = 0; k < 4; k++) {
    const { AL, cache } = forward(p, X, opts);
    costs.push(cost(AL, Y, "mse-half"));
    p = updateParams(p, backward(p, cache, Y, opts), 0.5);
  }
  assert.deepEqual(train(params0, X, Y, { ...opts, lr: 0.5, epochs: 3, engine: "reference" }).costs, costs);
});

test("η = 10 diverges and train's error names the first epoch whose cost is not finite", () => {
  const seen: number[] = [];
  assert.throws(() => train(params0, X, Y, { ...opts, lr: 10, epochs: 200, onEpoch: (_e, c) => { seen.push(c); } }), (e: Error) => {
    const epoch = Number((e.message.match(/at epoch (\d+)/) ?? [])[1]);
    assert.equal(epoch, seen.length, e.message);
    return true;
  });
  assert.ok(seen.every(Number.isFinite));
});

test("for L = ½aw², w_k = (1 − ηa)^k·w0, which converges exactly when η < 2/a", () => {
  const a = 3, w0 = 1.5;
  const descend = (eta: number, k: number) => { let w = w0; for (let i = 0; i < k; i++) w -= eta * a * w; return w; };
  assert.ok(Math.abs(descend(0.2, 25) - (1 - 0.2 * a) ** 25 * w0) <= 1e-15);
  assert.ok(Math.abs(descend(0.99 * (2 / a), 5000)) < 1e-6);
  assert.ok(Math.abs(descend(1.01 * (2 / a), 5000)) > 1e6);
});

test("the linear model's Hessian is X̃X̃ᵀ/m and descent is stable exactly below 2/λmax", () => {
  const Xt = new Matrix(4, X.cols);
  Xt.data.set(X.data, 0);
  Xt.data.fill(1, 3 * X.cols);
  const H = scale(matmul(Xt, transpose(Xt)), 1 / X.cols);
  const lin0 = initParams([3, 1], { seed: 8 });
  const gradAt = (theta: number[]) => {
    const p: Params = { W1: new Matrix(1, 3, Float64Array.from(theta.slice(0, 3))), b1: new Matrix(1, 1, Float64Array.from(theta.slice(3))) };
    return flatten(backward(p, forward(p, X, linOpts).cache, Y, linOpts));
  };
  const theta = flatten(lin0);
  for (let i = 0; i < 4; i++) {
    const eps = 1e-4;
    const plus = gradAt(theta.map((t, k) => t + (k === i ? eps : 0)));
    const minus = gradAt(theta.map((t, k) => t - (k === i ? eps : 0)));
    for (let r = 0; r < 4; r++) assert.ok(Math.abs((plus[r] - minus[r]) / (2 * eps) - H.get(r, i)) < 1e-9, `H(${r},${i})`);
  }
  // λmax by power iteration.
  let v = Matrix.fill(4, 1, 1);
  let lambda = 0;
  for (let k = 0; k < 300; k++) {
    const w = matmul(H, v);
    const norm = Math.hypot(...Array.from(w.data));
    lambda = norm / Math.hypot(...Array.from(v.data));
    v = scale(w, 1 / norm);
  }
  const limit = 2 / lambda;
  const below = train(lin0, X, Y, { ...linOpts, lr: 0.95 * limit, epochs: 300 }).costs;
  const above = train(lin0, X, Y, { ...linOpts, lr: 1.05 * limit, epochs: 300 }).costs;
  assert.ok(below[300] < below[0]);
  assert.ok(above[300] > 1e6 * above[0]);
  const growth = above[300] / above[299];
  const predicted = (1 - 1.05 * limit * lambda) ** 2;
  assert.ok(Math.abs(growth - predicted) / predicted < 1e-9, `${growth} vs ${predicted}`);
});
