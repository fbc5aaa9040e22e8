// Lesson 01's identities, under the strict type checker: the loss's gradient against central
// differences, gradient descent against the closed-form least-squares line, the best bias for a
// fixed slope, and the line as the smallest case of W2·ReLU(W1·X + b1) + b2.
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadHousing } from "../../src/data/housing";
import { Matrix } from "../../src/matrix";
import { forward } from "../../src/network";
import { fitLineClosedForm, fitLineGD, lineCost, lineGradients } from "../../src/regression";

const housing = loadHousing();
const row = housing.featureNames.indexOf("median_income");
const x = Array.from({ length: housing.X.cols }, (_, j) => housing.X.get(row, j));
const y = Array.from(housing.y.data, (v) => v / 100000);

test("the loader's summary names the data file relative to the repository", () => {
  assert.match(housing.report.summary(), /^Read 20640 rows from data\/california-housing\.csv; kept m = 20433\./);
});

test("∂L/∂w and ∂L/∂b equal central differences of L (relative 1e-6)", () => {
  const eps = 1e-6;
  const g = lineGradients(0.3, 0.2, x, y);
  const dw = (lineCost(0.3 + eps, 0.2, x, y) - lineCost(0.3 - eps, 0.2, x, y)) / (2 * eps);
  const db = (lineCost(0.3, 0.2 + eps, x, y) - lineCost(0.3, 0.2 - eps, x, y)) / (2 * eps);
  assert.ok(Math.abs(g.dw - dw) <= 1e-6 * Math.abs(dw));
  assert.ok(Math.abs(g.db - db) <= 1e-6 * Math.abs(db));
});

test("3000 steps of gradient descent with η = 0.05 reach the closed-form line to 1e-6", () => {
  const gd = fitLineGD(x, y, { lr: 0.05, epochs: 3000 });
  const exact = fitLineClosedForm(x, y);
  assert.ok(Math.abs(gd.w - exact.w) <= 1e-6 && Math.abs(gd.b - exact.b) <= 1e-6, `${gd.w}, ${gd.b} vs ${exact.w}, ${exact.b}`);
});

test("for a fixed slope the best bias is ȳ − w·x̄, where ∂L/∂b = 0", () => {
  const n = x.length;
  const xbar = x.reduce((s, v) => s + v, 0) / n, ybar = y.reduce((s, v) => s + v, 0) / n;
  for (const w of [0, 0.25, 0.42]) {
    assert.ok(Math.abs(lineGradients(w, ybar - w * xbar, x, y).db) <= 1e-12, `w = ${w}`);
  }
});

test("the line is W2·ReLU(W1·x + b1) + b2 with W1 = 1, b1 = 0, W2 = w*, b2 = b* (incomes are positive)", () => {
  const exact = fitLineClosedForm(x, y);
  assert.ok(Math.min(...x) > 0);
  const net = { W1: Matrix.fill(1, 1, 1), b1: Matrix.fill(1, 1, 0), W2: Matrix.fill(1, 1, exact.w), b2: Matrix.fill(1, 1, exact.b) };
  const out = forward(net, Matrix.row(x), { hidden: "relu", output: "identity" }).AL;
  for (let j = 0; j < x.length; j++) assert.equal(out.get(0, j), exact.w * x[j] + exact.b);
});
