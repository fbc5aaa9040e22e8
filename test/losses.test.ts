// Costs against hand-worked numbers and written-out formulas; derivatives against central differences.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  CROSS_ENTROPY_EPSILON, cost, costPrime, crossEntropyCost, crossEntropyCostPrime, mseCost, mseCostPrime,
} from "../src/losses";
import { Matrix } from "../src/matrix";

// Hand-worked numbers are exact decimals computed in a different order: a few ulps of 1.
const EXACT_TOL = 1e-15;
// Central differences with h = 1e-6 on costs of size ~1: truncation ~h² and rounding ~ε/h ≈ 1e-10.
const H = 1e-6;
const FD_TOL = 1e-8;

const A = Matrix.from([[0.2, 0.9, 0.6]]);
const Y = Matrix.from([[0, 1, 1]]);

test("mse with the mean convention is mean((A − Y)²) on a hand-worked case", () => {
  // (0.04 + 0.01 + 0.16) / 3 = 0.07
  assert.ok(Math.abs(mseCost(A, Y) - 0.07) <= EXACT_TOL);
  assert.ok(Math.abs(cost(A, Y, "mse") - 0.07) <= EXACT_TOL);
});

test("mse with the half convention is (1/2m)Σ(A − Y)² on a hand-worked case", () => {
  // 0.21 / 6 = 0.035
  assert.ok(Math.abs(mseCost(A, Y, { convention: "half" }) - 0.035) <= EXACT_TOL);
  assert.ok(Math.abs(cost(A, Y, "mse-half") - 0.035) <= EXACT_TOL);
});

test("cross-entropy is −(1/m)Σ[y log a + (1 − y) log(1 − a)] on a hand-worked case", () => {
  const expected = -(Math.log(0.8) + Math.log(0.9) + Math.log(0.6)) / 3;
  assert.ok(Math.abs(crossEntropyCost(A, Y) - expected) <= EXACT_TOL);
  assert.ok(Math.abs(cost(A, Y, "cross-entropy") - expected) <= EXACT_TOL);
});

test("cross-entropy stays finite at A = 0 and A = 1, clipped by the named epsilon", () => {
  const wrong = crossEntropyCost(Matrix.from([[1, 0]]), Matrix.from([[0, 1]]));
  assert.ok(Number.isFinite(wrong));
  assert.ok(Math.abs(wrong - -Math.log(CROSS_ENTROPY_EPSILON)) < 1e-3);
  assert.ok(crossEntropyCost(Matrix.from([[1, 0]]), Matrix.from([[1, 0]])) < 1e-9);
  const d = crossEntropyCostPrime(Matrix.from([[1, 0]]), Matrix.from([[0, 1]]));
  assert.ok(d.data.every(Number.isFinite));
});

test("NaN in the predictions propagates into every cost", () => {
  const N = Matrix.from([[NaN, 0.5]]);
  const T = Matrix.from([[1, 0]]);
  for (const loss of ["mse", "mse-half", "cross-entropy"] as const) assert.ok(Number.isNaN(cost(N, T, loss)), loss);
});

test("each costPrime is m times the central-difference gradient of its cost (the 1/m is applied later), with nL = 3 outputs", () => {
  const AL = Matrix.from([[0.2, 0.7, 0.4], [0.5, 0.1, 0.95], [0.3, 0.8, 0.05]]);
  const T = Matrix.from([[0, 1, 1], [1, 0, 1], [0, 0, 1]]);
  const m = AL.cols;
  for (const loss of ["mse", "mse-half", "cross-entropy"] as const) {
    const dAL = costPrime(AL, T, loss);
    for (let k = 0; k < AL.data.length; k++) {
      const plus = new Matrix(3, 3, AL.data.slice()); plus.data[k] += H;
      const minus = new Matrix(3, 3, AL.data.slice()); minus.data[k] -= H;
      const numeric = (cost(plus, T, loss) - cost(minus, T, loss)) / (2 * H);
      assert.ok(Math.abs(dAL.data[k] / m - numeric) <= FD_TOL, `${loss} entry ${k}: ${dAL.data[k] / m} vs ${numeric}`);
    }
  }
});

test("without options mseCost and mseCostPrime use the mean convention, as cost(…, \"mse\") does", () => {
  assert.equal(mseCost(A, Y), cost(A, Y, "mse"));
  assert.ok(Math.abs(mseCost(A, Y) - 0.07) <= EXACT_TOL);
  assert.deepEqual(mseCostPrime(A, Y).toArray(), costPrime(A, Y, "mse").toArray());
  assert.deepEqual(mseCostPrime(Matrix.from([[3]]), Matrix.from([[1]])).toArray(), [[4]]);
});

test("mseCostPrime is 2(A − Y) for the mean and A − Y for the half convention", () => {
  assert.deepEqual(mseCostPrime(Matrix.from([[3]]), Matrix.from([[1]])).toArray(), [[4]]);
  assert.deepEqual(mseCostPrime(Matrix.from([[3]]), Matrix.from([[1]]), { convention: "half" }).toArray(), [[2]]);
});

test("with nL = 3 outputs both mse conventions sum over the outputs and average over the m examples, so mse-half = ½ · mse", () => {
  // 3 outputs, 4 examples; entries are multiples of 1/8, so every square and sum below is exact.
  const AL3 = [[0.5, -1, 2, 0.25], [1.5, 0, -0.5, 3], [0.125, 2, 1, -1]];
  const Y3 = [[0, 1, 1, 0.25], [1, 0.5, 0.5, 1], [1, 0, 1, 0]];
  let squares = 0;
  for (let i = 0; i < 3; i++) for (let j = 0; j < 4; j++) squares += (AL3[i][j] - Y3[i][j]) ** 2;
  const [A3, T3] = [Matrix.from(AL3), Matrix.from(Y3)];
  assert.equal(cost(A3, T3, "mse"), squares / 4);
  assert.equal(cost(A3, T3, "mse-half"), squares / 8);
  assert.equal(cost(A3, T3, "mse-half"), 0.5 * cost(A3, T3, "mse"));
  const dMean = costPrime(A3, T3, "mse"), dHalf = costPrime(A3, T3, "mse-half");
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 4; j++) {
      assert.equal(dMean.get(i, j), 2 * (AL3[i][j] - Y3[i][j]), `mse (${i},${j})`);
      assert.equal(dHalf.get(i, j), AL3[i][j] - Y3[i][j], `mse-half (${i},${j})`);
    }
  }
});

test("costs reject mismatched shapes, zero examples and unknown loss names", () => {
  assert.throws(() => mseCost(Matrix.zeros(1, 3), Matrix.zeros(1, 2)), {
    message: "mseCost: AL is (1,3) but Y is (1,2); they must have the same shape (nL, m)",
  });
  // Each function names itself, and a different number of rows is as wrong as a different number of columns.
  const [A23, Y13] = [Matrix.zeros(2, 3), Matrix.zeros(1, 3)];
  for (const [name, f] of [["mseCost", mseCost], ["mseCostPrime", mseCostPrime], ["crossEntropyCost", crossEntropyCost], ["crossEntropyCostPrime", crossEntropyCostPrime]] as const) {
    assert.throws(() => f(A23, Y13), { message: `${name}: AL is (2,3) but Y is (1,3); they must have the same shape (nL, m)` });
  }
  assert.throws(() => mseCost(A, Y, { convention: "sum" as "mean" }), { message: 'mseCost: unknown convention "sum": expected "mean" or "half"' });
  assert.throws(() => mseCostPrime(A, Y, {} as { convention: "mean" }), { message: 'mseCostPrime: unknown convention undefined: expected "mean" or "half"' });
  assert.throws(() => crossEntropyCost(Matrix.zeros(1, 0), Matrix.zeros(1, 0)), /no examples \(m = 0\)/);
  assert.throws(() => cost(A, Y, "hinge" as "mse"), /unknown loss "hinge": expected one of mse, mse-half, cross-entropy/);
});
