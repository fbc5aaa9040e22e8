// Lesson 08 (forward pass, loss, backward pass): each backward equation against central differences
// of the loss, the shapes of the gradients, the gradient check and the two broken gradients it flags.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Matrix, map, matmul, maxAbsDiff, mul, rowSums, scale, sub, transpose } from "../../src/matrix";
import { sigmoid, sigmoidPrime } from "../../src/activations";
import { cost, costPrime } from "../../src/losses";
import { linearForward } from "../../src/layers";
import { Params, backward, forward, initParams } from "../../src/network";
import { gradientCheck } from "../../src/checks/gradient-check";
import { makeRng, randomMatrix } from "../../src/random";

// Central differences with ε = 1e-6: truncation O(ε²) plus rounding ~1e-16·L/ε ≈ 1e-10 here;
// 1e-8 is far below the gradients' size (0.01–1), so a wrong formula cannot pass.
const FD_TOL = 1e-8;
// Two routes to the same number through exp, products and sums: a few ulps of values ≤ 10.
const ROUNDING_TOL = 1e-14;
// The usual verdict line of a gradient check; a correct pass measures ~1e-11.
const CHECK_TOL = 1e-7;

const nx = 3, n1 = 4, m = 5;
const params = initParams([nx, n1, 1], { seed: 8 });
params.b1 = Matrix.column([0.1, -0.2, 0.05, 0.3]); // a generic point, not the zero biases of initParams
params.b2 = Matrix.fill(1, 1, 0.7);
const rng = makeRng(80);
const X = randomMatrix(nx, m, rng, (g) => g.normal(0, 1));
const Y = randomMatrix(1, m, rng, (g) => g.uniform(0.5, 5));
const opts = { hidden: "sigmoid" as const, output: "identity" as const, loss: "mse-half" as const };
const { W1, b1, W2, b2 } = params;
const Z1 = linearForward(W1, X, b1);
const A1 = sigmoid(Z1);
const A2 = linearForward(W2, A1, b2);

function numericGradient(f: (M: Matrix) => number, M: Matrix, eps = 1e-6): Matrix {
  const probe = new Matrix(M.rows, M.cols, M.data.slice());
  const G = Matrix.zeros(M.rows, M.cols);
  for (let k = 0; k < M.data.length; k++) {
    const saved = probe.data[k];
    probe.data[k] = saved + eps;
    const plus = f(probe);
    probe.data[k] = saved - eps;
    const minus = f(probe);
    probe.data[k] = saved;
    G.data[k] = (plus - minus) / (2 * eps);
  }
  return G;
}
const lossOfZ2 = (Z: Matrix) => cost(Z, Y, "mse-half");
const lossOfA1 = (A: Matrix) => lossOfZ2(linearForward(W2, A, b2));
const lossOfZ1 = (Z: Matrix) => lossOfA1(sigmoid(Z));

// The six equations of the lesson, written out with matrix operations.
const dZ2 = sub(A2, Y);
const dW2 = scale(matmul(dZ2, transpose(A1)), 1 / m);
const db2 = scale(rowSums(dZ2), 1 / m);
const dA1 = matmul(transpose(W2), dZ2);
const dZ1 = mul(dA1, map(A1, (a) => a * (1 - a)));
const dW1 = scale(matmul(dZ1, transpose(X)), 1 / m);
const db1 = scale(rowSums(dZ1), 1 / m);

const within = (A: Matrix, B: Matrix, tol: number, what: string) => {
  const d = maxAbsDiff(A, B);
  assert.ok(d <= tol, `${what}: max |diff| ${d} > ${tol}`);
};

test("mse-half = (1/2m)ΣΣ(A − Y)² and mse = (1/m)ΣΣ(A − Y)², so mse-half = ½·mse for any nL (loops)", () => {
  let squares = 0;
  for (let j = 0; j < m; j++) squares += (A2.get(0, j) - Y.get(0, j)) ** 2;
  assert.ok(Math.abs(cost(A2, Y, "mse-half") - squares / (2 * m)) <= 1e-15);
  assert.ok(Math.abs(cost(A2, Y, "mse") - squares / m) <= 1e-15);
  // Several outputs per example: nL = 3, m = 4; the loss of an example sums over its outputs.
  const r = makeRng(81);
  const A3 = randomMatrix(3, 4, r, (g) => g.normal(0, 1)), Y3 = randomMatrix(3, 4, r, (g) => g.normal(0, 1));
  let sq = 0;
  for (let i = 0; i < 3; i++) for (let j = 0; j < 4; j++) sq += (A3.get(i, j) - Y3.get(i, j)) ** 2;
  assert.ok(Math.abs(cost(A3, Y3, "mse") - sq / 4) <= 1e-14);
  assert.ok(Math.abs(cost(A3, Y3, "mse-half") - sq / 8) <= 1e-14);
});

test("dZ2 = A2 − Y is m times the central-difference derivative of L with respect to Z2", () => {
  within(numericGradient(lossOfZ2, A2), scale(dZ2, 1 / m), FD_TOL, "∂L/∂Z2");
});

test("dW2 = dZ2·A1ᵀ/m and db2 = rowSums(dZ2)/m are the central-difference derivatives", () => {
  within(numericGradient((W) => cost(linearForward(W, A1, b2), Y, "mse-half"), W2), dW2, FD_TOL, "∂L/∂W2");
  within(numericGradient((b) => cost(linearForward(W2, A1, b), Y, "mse-half"), b2), db2, FD_TOL, "∂L/∂b2");
});

test("dA1 = W2ᵀ·dZ2 is m times the central-difference derivative of L with respect to A1", () => {
  within(numericGradient(lossOfA1, A1), scale(dA1, 1 / m), FD_TOL, "∂L/∂A1");
});

test("dZ1 = dA1 ⊙ σ(Z1)(1 − σ(Z1)) is m times the central-difference derivative with respect to Z1", () => {
  within(numericGradient(lossOfZ1, Z1), scale(dZ1, 1 / m), FD_TOL, "∂L/∂Z1");
});

test("dW1 = dZ1·Xᵀ/m and db1 = rowSums(dZ1)/m are the central-difference derivatives", () => {
  within(numericGradient((W) => lossOfZ1(linearForward(W, X, b1)), W1), dW1, FD_TOL, "∂L/∂W1");
  within(numericGradient((b) => lossOfZ1(linearForward(W1, X, b)), b1), db1, FD_TOL, "∂L/∂b1");
});

test("backward returns the seven equations' gradients (written as loops over examples), each with its parameter's shape", () => {
  const grads = backward(params, forward(params, X, opts).cache, Y, opts);
  // The sums over examples by loops, from the forward pass by loops (no library call).
  const z1 = (i: number, j: number) => W1.get(i, 0) * X.get(0, j) + W1.get(i, 1) * X.get(1, j) + W1.get(i, 2) * X.get(2, j) + b1.get(i, 0);
  const a1 = (i: number, j: number) => 1 / (1 + Math.exp(-z1(i, j)));
  const dz2 = (j: number) => {
    let a2 = b2.get(0, 0);
    for (let k = 0; k < n1; k++) a2 += W2.get(0, k) * a1(k, j);
    return a2 - Y.get(0, j);
  };
  const dz1 = (i: number, j: number) => W2.get(0, i) * dz2(j) * a1(i, j) * (1 - a1(i, j));
  const mean = (f: (j: number) => number) => { let s = 0; for (let j = 0; j < m; j++) s += f(j); return s / m; };
  const byHand: Params = {
    dW1: Matrix.from(Array.from({ length: n1 }, (_, i) => Array.from({ length: nx }, (_, k) => mean((j) => dz1(i, j) * X.get(k, j))))),
    db1: Matrix.from(Array.from({ length: n1 }, (_, i) => [mean((j) => dz1(i, j))])),
    dW2: Matrix.from([Array.from({ length: n1 }, (_, k) => mean((j) => dz2(j) * a1(k, j)))]),
    db2: Matrix.from([[mean(dz2)]]),
  };
  for (const name of ["W1", "b1", "W2", "b2"]) {
    assert.deepEqual(grads[`d${name}`].shape, params[name].shape, `d${name} has ${name}'s shape`);
    within(grads[`d${name}`], byHand[`d${name}`], ROUNDING_TOL, `d${name}`);
  }
});

const lossOfParams = (p: Params) => cost(forward(p, X, opts).AL, Y, "mse-half");
function brokenGrads(mistake: "sigma(1+sigma)" | "no 1/m"): Params {
  const k = mistake === "no 1/m" ? 1 : 1 / m;
  const dZ1b = mul(dA1, map(A1, (a) => (mistake === "sigma(1+sigma)" ? a * (1 + a) : a * (1 - a))));
  return {
    dW1: scale(matmul(dZ1b, transpose(X)), k), db1: scale(rowSums(dZ1b), k),
    dW2: scale(matmul(dZ2, transpose(A1)), k), db2: scale(rowSums(dZ2), k),
  };
}

test("backward passes the gradient check with a relative difference below 1e-7", () => {
  const r = gradientCheck(params, backward(params, forward(params, X, opts).cache, Y, opts), lossOfParams);
  assert.ok(r.relativeDifference < CHECK_TOL, `relative difference ${r.relativeDifference}`);
  assert.equal(r.entries.length, n1 * nx + n1 + n1 + 1);
});

test("the gradient check flags σ(1+σ) in layer 1 and leaves layer 2's entries correct", () => {
  const r = gradientCheck(params, brokenGrads("sigma(1+sigma)"), lossOfParams);
  assert.ok(r.relativeDifference > 1e-3, `relative difference ${r.relativeDifference}`);
  const layer2 = r.entries.filter((e) => e.name === "W2" || e.name === "b2");
  assert.ok(layer2.every((e) => e.relDiff < CHECK_TOL));
  assert.ok(r.entries.filter((e) => e.name === "W1").every((e) => e.relDiff > 1e-3));
});

test("without the 1/m the relative difference is exactly (m − 1)/(m + 1)", () => {
  const r = gradientCheck(params, brokenGrads("no 1/m"), lossOfParams);
  assert.ok(Math.abs(r.relativeDifference - (m - 1) / (m + 1)) <= 1e-8, `${r.relativeDifference} vs ${(m - 1) / (m + 1)}`);
});

test("a sigmoid output with cross-entropy gives the same dZ = A − Y", () => {
  const z = Matrix.row([-3, -1.2, -0.1, 0, 0.4, 2, 5]);
  const y = Matrix.row([0, 1, 1, 0, 1, 0, 1]);
  const a = map(z, (t) => 1 / (1 + Math.exp(-t)));          // σ from its formula
  // Products and quotients of a few doubles: agreement to ~1e-15; 1e-12 allows for 1/(1 − a) near a = 1.
  const sp = map(z, (t) => Math.exp(-t) / (1 + Math.exp(-t)) ** 2);   // σ' from its formula
  within(mul(costPrime(a, y, "cross-entropy"), sp), sub(a, y), 1e-12, "(−y/a + (1−y)/(1−a))·σ'(z)");
});

test("a backward pass with σ'(A1) for σ'(Z1) and no 1/m on db2 fails the gradient check where those bugs are", () => {
  const A1b = sigmoid(Z1);
  const dZ1b = mul(matmul(transpose(W2), dZ2), sigmoidPrime(A1b));
  const buggy: Params = {
    dW1: scale(matmul(dZ1b, transpose(X)), 1 / m), db1: scale(rowSums(dZ1b), 1 / m),
    dW2: scale(matmul(dZ2, transpose(A1b)), 1 / m), db2: rowSums(dZ2),
  };
  const r = gradientCheck(params, buggy, lossOfParams);
  const worst = (n: string) => Math.max(...r.entries.filter((e) => e.name === n).map((e) => e.relDiff));
  assert.ok(worst("W1") > 1e-3 && worst("b1") > 1e-3 && worst("b2") > 1e-3, "W1, b1, b2 flagged");
  assert.ok(worst("W2") < CHECK_TOL, "W2 is right");
});
