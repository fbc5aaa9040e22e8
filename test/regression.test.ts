// Lesson 01's straight line, y ≈ w·x + b: the loss, its gradient, the closed-form fit and gradient descent,
// each against a computation that does not call src/regression (numbers worked by hand, central
// differences of a loss written here, the normal equations solved by Cramer's rule, Anscombe's published
// fit). No mathjs here: this file runs once per mutant in test/mutation, and importing mathjs costs ~2 s.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fitLineClosedForm, fitLineGD, lineCost, lineGradients } from "../src/regression";

// Sums of ≤ 11 terms of size ≤ 100 in another order: a few ulps of 1e3, far below 1e-10; any wrong
// factor or sign is off by ≳ 1e-2.
const SUM_TOL = 1e-10;
// Central differences with h = 1e-5 of a quadratic are exact up to rounding, ~ε·L/h ≈ 1e-9 for L ≲ 100.
const FD_H = 1e-5;
const FD_TOL = 1e-7;

// y = 2x + 1 exactly, on x = 0…3.
const x = [0, 1, 2, 3], y = [1, 3, 5, 7];

/** L(w, b) = (1/m) Σ (w·x_i + b − y_i)², written out here. */
function loss(w: number, b: number, xs: number[], ys: number[]): number {
  return xs.map((xi, i) => (w * xi + b - ys[i]) ** 2).reduce((s, v) => s + v, 0) / xs.length;
}

test("lineCost is the mean squared residual: 0 on the exact line, 21 and 7.5 worked by hand", () => {
  assert.equal(lineCost(2, 1, x, y), 0);
  // (0, 0): residuals −1, −3, −5, −7 → (1 + 9 + 25 + 49)/4 = 21.
  assert.equal(lineCost(0, 0, x, y), 21);
  // (1, 0): residuals −1, −2, −3, −4 → (1 + 4 + 9 + 16)/4 = 7.5.
  assert.equal(lineCost(1, 0, x, y), 7.5);
  // (2, 2): every residual is +1 → 1 (a sign error in b would give 9).
  assert.equal(lineCost(2, 2, x, y), 1);
});

test("lineGradients at (0, 0) is dw = −17, db = −8 by hand, and matches central differences elsewhere", () => {
  // dw = (2/4)·Σ(−y_i)·x_i = −(0 + 3 + 10 + 21)/2 = −17;  db = (2/4)·Σ(−y_i) = −16/2 = −8.
  assert.deepEqual(lineGradients(0, 0, x, y), { dw: -17, db: -8 });
  const xs = [-1.5, 0.25, 2, 3.5, -0.75], ys = [0.3, -1.2, 4.4, 2.5, 1];
  for (const [w, b] of [[0.7, -0.3], [-2, 1.5], [3, 0]]) {
    const { dw, db } = lineGradients(w, b, xs, ys);
    const fdw = (loss(w + FD_H, b, xs, ys) - loss(w - FD_H, b, xs, ys)) / (2 * FD_H);
    const fdb = (loss(w, b + FD_H, xs, ys) - loss(w, b - FD_H, xs, ys)) / (2 * FD_H);
    assert.ok(Math.abs(dw - fdw) <= FD_TOL, `dw at (${w}, ${b}): ${dw} vs ${fdw}`);
    assert.ok(Math.abs(db - fdb) <= FD_TOL, `db at (${w}, ${b}): ${db} vs ${fdb}`);
  }
});

// Anscombe (1973), "Graphs in statistical analysis", data set I; the paper gives the fit y = 3.00 + 0.500x.
const ANSCOMBE_X = [10, 8, 13, 9, 11, 14, 6, 4, 12, 7, 5];
const ANSCOMBE_Y = [8.04, 6.95, 7.58, 8.81, 8.33, 9.96, 7.24, 4.26, 10.84, 4.82, 5.68];

const sum = (v: number[]) => v.reduce((s, a) => s + a, 0);
const dot = (u: number[], v: number[]) => sum(u.map((a, i) => a * v[i]));

test("fitLineClosedForm gives Anscombe's published 3.00 + 0.500x and the normal equations' solution by Cramer's rule", () => {
  const { w, b } = fitLineClosedForm(ANSCOMBE_X, ANSCOMBE_Y);
  assert.equal(w.toFixed(3), "0.500");
  assert.equal(b.toFixed(2), "3.00");
  // Normal equations [Σx² Σx; Σx m]·[w; b] = [Σxy; Σy] on raw sums (the library centres the data first),
  // solved by Cramer's rule.
  const m = ANSCOMBE_X.length;
  const sx = sum(ANSCOMBE_X), sxx = dot(ANSCOMBE_X, ANSCOMBE_X);
  const sy = sum(ANSCOMBE_Y), sxy = dot(ANSCOMBE_X, ANSCOMBE_Y);
  const det = sxx * m - sx * sx;
  const [wc, bc] = [(sxy * m - sx * sy) / det, (sxx * sy - sx * sxy) / det];
  assert.ok(Math.abs(w - wc) <= SUM_TOL, `w ${w} vs ${wc}`);
  assert.ok(Math.abs(b - bc) <= SUM_TOL, `b ${b} vs ${bc}`);
  // A line through the data exactly is found exactly (up to rounding), with a nonzero intercept.
  const exact = fitLineClosedForm([1, 2, 4], [-1, 2, 8]);
  assert.ok(Math.abs(exact.w - 3) <= SUM_TOL && Math.abs(exact.b + 4) <= SUM_TOL, JSON.stringify(exact));
});

test("bad input is named: mismatched lengths, no data, every x the same", () => {
  for (const [name, f] of [
    ["lineCost", () => lineCost(1, 0, [1, 2], [1])],
    ["lineGradients", () => lineGradients(1, 0, [1, 2], [1])],
    ["fitLineClosedForm", () => fitLineClosedForm([1, 2], [1])],
  ] as const) {
    assert.throws(f, { message: `${name}: x has 2 values but y has 1; give one y per x` });
  }
  assert.throws(() => lineCost(1, 0, [], []), { message: "lineCost: no data (m = 0)" });
  assert.throws(() => lineGradients(1, 0, [], []), { message: "lineGradients: no data (m = 0)" });
  assert.throws(() => fitLineClosedForm([], []), { message: "fitLineClosedForm: no data (m = 0)" });
  assert.throws(() => fitLineClosedForm([2, 2, 2], [1, 2, 3]), {
    message: "fitLineClosedForm: every x is the same, so no line is best (Σ(x−x̄)² = 0)",
  });
});

test("fitLineGD's first step is w − η·dw, b − η·db worked by hand, and costs record L before each update", () => {
  // From (0, 0) with η = 0.1: dw = −17, db = −8 (above) → (1.7, 0.8).
  const one = fitLineGD(x, y, { lr: 0.1, epochs: 1 });
  assert.ok(Math.abs(one.w - 1.7) <= 1e-15 && Math.abs(one.b - 0.8) <= 1e-15, JSON.stringify(one));
  assert.equal(one.costs.length, 2);
  assert.equal(one.costs[0], 21);
  assert.ok(Math.abs(one.costs[1] - loss(1.7, 0.8, x, y)) <= 1e-12);
  // A start other than (0, 0) is honoured; zero epochs changes nothing.
  const none = fitLineGD(x, y, { lr: 0.1, epochs: 0, w0: 2, b0: 2 });
  assert.deepEqual(none, { w: 2, b: 2, costs: [1] });
  const fromOne = fitLineGD(x, y, { lr: 0.05, epochs: 1, w0: 1, b0: -1 });
  // At (1, −1): residuals −2, −3, −4, −5 → dw = (2/4)(0 − 3 − 8 − 15) = −13, db = (2/4)(−14) = −7.
  assert.ok(Math.abs(fromOne.w - (1 + 0.05 * 13)) <= 1e-15 && Math.abs(fromOne.b - (-1 + 0.05 * 7)) <= 1e-15, JSON.stringify(fromOne));
});

// Near the minimum successive losses agree to the last bits of ~0.6: rounding may lift one by an ulp or two.
const LOSS_ROUNDING = 1e-14;

test("fitLineGD converges to the closed-form fit, its loss never rising (beyond rounding) at a small learning rate", () => {
  const gd = fitLineGD(ANSCOMBE_X, ANSCOMBE_Y, { lr: 0.01, epochs: 20000 });
  // The closed form by hand (not the library's): slope Σ(x−x̄)(y−ȳ)/Σ(x−x̄)², intercept ȳ − w·x̄.
  const xbar = sum(ANSCOMBE_X) / ANSCOMBE_X.length, ybar = sum(ANSCOMBE_Y) / ANSCOMBE_Y.length;
  const w = sum(ANSCOMBE_X.map((xi, i) => (xi - xbar) * (ANSCOMBE_Y[i] - ybar))) / sum(ANSCOMBE_X.map((xi) => (xi - xbar) ** 2));
  assert.ok(Math.abs(gd.w - w) <= 1e-6 && Math.abs(gd.b - (ybar - w * xbar)) <= 1e-5, `${gd.w}, ${gd.b}`);
  assert.equal(gd.costs.length, 20001);
  for (let k = 1; k < gd.costs.length; k++) assert.ok(gd.costs[k] <= gd.costs[k - 1] + LOSS_ROUNDING, `epoch ${k}`);
});

test("fitLineGD names the epoch at which a too-large learning rate makes the loss non-finite", () => {
  // The same iteration written out here finds the first epoch whose loss is not finite.
  const lr = 5;
  let w = 0, b = 0, k = 0;
  for (; Number.isFinite(loss(w, b, x, y)); k++) {
    const r = x.map((xi, i) => w * xi + b - y[i]);
    const dw = (2 / x.length) * r.reduce((s, ri, i) => s + ri * x[i], 0), db = (2 / x.length) * r.reduce((s, ri) => s + ri, 0);
    [w, b] = [w - lr * dw, b - lr * db];
  }
  assert.ok(k > 10 && k < 1000, `diverges at ${k}`);
  assert.throws(() => fitLineGD(x, y, { lr, epochs: 5000 }), {
    message: `fitLineGD: the loss became Infinity at epoch ${k} with learning rate 5; try a smaller learning rate`,
  });
  // With fewer epochs than that it returns normally.
  assert.equal(fitLineGD(x, y, { lr, epochs: k - 1 }).costs.length, k);
});

test("fitLineGD rejects a learning rate that is not > 0 and epochs that are not a whole number ≥ 0", () => {
  for (const lr of [0, -0.1, NaN]) assert.throws(() => fitLineGD(x, y, { lr, epochs: 1 }), { message: `fitLineGD: the learning rate must be > 0, got ${lr}` });
  for (const epochs of [-1, 2.5, NaN]) assert.throws(() => fitLineGD(x, y, { lr: 0.1, epochs }), { message: `fitLineGD: epochs must be a whole number ≥ 0, got ${epochs}` });
});

test("fitLineClosedForm centres x before multiplying: data at x ≈ 1e9 gives the hand-worked slope of the same data at x = 1, 2, 3", () => {
  // x = 1, 2, 3 and y = 0.1, 0.35, 0.2: w = Σ(x − 2)(y − ȳ)/Σ(x − 2)² = (0.2 − 0.1)/2 = 0.05, b = ȳ − 2w.
  // Shifted by 1e9 the slope is the same and b moves by −1e9·w. Summing (x + x̄)(y − ȳ) instead equals
  // Σ(x − x̄)(y − ȳ) in exact arithmetic, but multiplies the rounding of Σ(y − ȳ) ≈ 1e-17 by 2e9.
  const shift = 1e9;
  const { w, b } = fitLineClosedForm([shift + 1, shift + 2, shift + 3], [0.1, 0.35, 0.2]);
  assert.ok(Math.abs(w - 0.05) <= 1e-15, `w = ${w}`);
  const ybar = (0.1 + 0.35 + 0.2) / 3;
  assert.ok(Math.abs(b - (ybar - (shift + 2) * 0.05)) <= 1e-6, `b = ${b}`);
});

test("fitLineClosedForm centres y too: data at y ≈ 1e9 gives the hand-worked slope of the same data near 0", () => {
  // x = 0.1, 0.2, 0.3 (x̄ = 0.2, Σ(x − x̄)² = 0.02) and y = 1e9 + 0, 1, 5: Σ(x − x̄)(y − ȳ) = −0.1·0 + 0 + 0.1·5 −
  // ȳ·Σ(x − x̄) = 0.5 − 0 (x − x̄ sums to ~1e-17), so w = 0.5/0.02 = 25. Summing (x − x̄)(y + ȳ) instead multiplies
  // the rounding of Σ(x − x̄) by 2ȳ ≈ 2e9.
  const shift = 1e9;
  const { w } = fitLineClosedForm([0.1, 0.2, 0.3], [shift, shift + 1, shift + 5]);
  assert.ok(Math.abs(w - 25) <= 1e-6, `w = ${w}`);
});
