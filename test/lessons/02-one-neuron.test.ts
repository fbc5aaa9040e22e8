// Lesson 02 (one neuron): the identities the lesson derives, against independent computations.
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadHousing } from "../../src/data/housing";
import { selectRows, standardize } from "../../src/data/prepare";
import { Matrix, matmul, transpose } from "../../src/matrix";
import { sigmoid, tanh } from "../../src/activations";
import { linspace } from "../../src/plot";

// Values ≤ 1 computed by two routes through exp and division differ by a few ulps (~1e-16 each).
const ULPS_TOL = 1e-15;
// A mean of 20,433 standardised values accumulates ~1e-14 of rounding (measured 1.8e-14).
const MEAN_TOL = 1e-12;

const zs = linspace(-8, 8, 161);
const maxDiff = (a: number[], b: number[]) => Math.max(...a.map((v, i) => Math.abs(v - b[i])));

const housing = loadHousing();
const names = ["median_income", "housing_median_age", "total_rooms"];
const { Xs: X } = standardize(selectRows(housing.X, names.map((n) => housing.featureNames.indexOf(n))));
const w = [2, 0.5, 0.3];

test("the three standardised housing features have mean 0 and standard deviation 1", () => {
  for (let f = 0; f < 3; f++) {
    const row = Array.from({ length: X.cols }, (_, k) => X.get(f, k));
    const mu = row.reduce((s, v) => s + v, 0) / row.length;
    const sd = Math.sqrt(row.reduce((s, v) => s + (v - mu) ** 2, 0) / row.length);
    assert.ok(Math.abs(mu) <= MEAN_TOL, `${names[f]} mean ${mu}`);
    assert.ok(Math.abs(sd - 1) <= MEAN_TOL, `${names[f]} sd ${sd}`);
  }
});

test("the neuron's sum w1x1 + w2x2 + w3x3 equals the dot product wᵀx as a (1,3)(3,1) product", () => {
  for (const k of [0, 1, 500, X.cols - 1]) {
    const x = [X.get(0, k), X.get(1, k), X.get(2, k)];
    const written = w[0] * x[0] + w[1] * x[1] + w[2] * x[2];
    const product = matmul(transpose(Matrix.column(w)), Matrix.column(x));
    assert.deepEqual(product.shape, [1, 1]);
    assert.equal(product.get(0, 0), written);
  }
});

test("wᵀX over all neighbourhoods equals the sum written out column by column", () => {
  const Z = matmul(Matrix.row(w), X);
  assert.deepEqual(Z.shape, [1, X.cols]);
  for (let k = 0; k < X.cols; k++) assert.equal(Z.get(0, k), w[0] * X.get(0, k) + w[1] * X.get(1, k) + w[2] * X.get(2, k));
});

test("the library sigmoid equals 1/(1 + e^(−z)), σ(0) = 1/2 and σ(−z) = 1 − σ(z)", () => {
  assert.ok(maxDiff(zs.map((z) => sigmoid(z)), zs.map((z) => 1 / (1 + Math.exp(-z)))) <= ULPS_TOL);
  assert.equal(sigmoid(0), 0.5);
  assert.ok(maxDiff(zs.map((z) => sigmoid(-z)), zs.map((z) => 1 - sigmoid(z))) <= ULPS_TOL);
  assert.ok(zs.every((z) => sigmoid(z) > 0 && sigmoid(z) < 1));
});

test("the notes' stray 2/(2 + e^(−x)) is σ(x + ln 2), and tanh(z) = 2σ(2z) − 1", () => {
  assert.ok(maxDiff(zs.map((x) => 2 / (2 + Math.exp(-x))), zs.map((x) => sigmoid(x + Math.LN2))) <= ULPS_TOL);
  assert.ok(maxDiff(zs.map((z) => tanh(z)), zs.map((z) => 2 * sigmoid(2 * z) - 1)) <= ULPS_TOL);
});

test("σ(wx + b) crosses 1/2 at x = −b/w, and a two-input neuron is 1/2 on the line w1x1 + w2x2 + b = 0", () => {
  for (const [wv, bv] of [[1, 0], [4, 0], [1, 2], [-2, 1]]) assert.ok(Math.abs(sigmoid(wv * (-bv / wv) + bv) - 0.5) <= ULPS_TOL);
  for (const x1 of linspace(-2.5, 2.5, 21)) {
    const x2 = -(w[0] * x1 + 0) / w[1];
    assert.ok(Math.abs(sigmoid(w[0] * x1 + w[1] * x2) - 0.5) <= ULPS_TOL, `x1 = ${x1}`);
  }
});

test("the hand-made neuron agrees with 'dearer than the median' for about three neighbourhoods in four", () => {
  const prices = Array.from(housing.y.data);
  const median = [...prices].sort((p, q) => p - q)[Math.floor(prices.length / 2)];
  const A = sigmoid(matmul(Matrix.row(w), X));
  let agree = 0;
  for (let k = 0; k < X.cols; k++) if ((A.get(0, k) > 0.5) === (prices[k] > median)) agree++;
  // Measured 15,616 of 20,433 (76.4%); the lesson says "about three times in four".
  assert.equal(agree, 15616);
});

test("the bias that makes a neuron output p at x* is ln(p/(1 − p)) − w·x* (σ solved for z, by hand)", () => {
  const w = [1.5, -0.5, 2], xStar = [0.4, -1, 0.25];
  for (const p of [0.01, 0.3, 0.5, 0.9]) {
    const b = Math.log(p / (1 - p)) - (1.5 * 0.4 + -0.5 * -1 + 2 * 0.25);
    const z = w.reduce((s, wi, i) => s + wi * xStar[i], b);
    assert.ok(Math.abs(sigmoid(z) - p) <= 1e-15 * 4, `p = ${p}: σ(z) = ${sigmoid(z)}`);
  }
});
