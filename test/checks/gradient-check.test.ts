// Every gradient of backward against central differences, for every activation/loss combination and depths 1–4.
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkBackward, gradientCheck } from "../../src/checks/gradient-check";
import { ActivationName } from "../../src/activations";
import { LossName, cost, costPrime } from "../../src/losses";
import { Matrix, scale } from "../../src/matrix";
import { OutputName, Params, backward, forward, initParams } from "../../src/network";
import { makeRng, randomMatrix } from "../../src/random";
import { activationBackward } from "../../src/layers";
import { assertClose } from "../helpers/assert-close";

// Central differences with ε = 1e-5 are accurate to ~ε² ≈ 1e-10 relative; a correct backward lands
// near 1e-9..1e-11, while a wrong factor anywhere gives ~1e-1. 1e-7 is the usual threshold.
const GRAD_TOL = 1e-7;
// The simplified dZL = AL − Y and the general chain differ only by rounding of a few operations.
const CHAIN_TOL = 1e-14;

const COMBOS: { output: OutputName; loss: LossName }[] = [
  { output: "identity", loss: "mse" },
  { output: "identity", loss: "mse-half" },
  { output: "sigmoid", loss: "cross-entropy" },
  { output: "sigmoid", loss: "mse" },
];
const HIDDEN: ActivationName[] = ["sigmoid", "relu", "tanh", "identity"];
const m = 5;

function problem(L: number, output: OutputName, seed: number): { params: Params; X: Matrix; Y: Matrix } {
  const rng = makeRng(seed);
  const dims = [3, 4, 3, 4, 2].slice(0, L).concat([2]);
  const params = initParams(dims, { seed, method: "uniform" });
  for (let l = 1; l <= L; l++) params[`b${l}`] = randomMatrix(dims[l], 1, rng, (g) => g.uniform(-0.5, 0.5));
  const X = randomMatrix(3, m, rng, (g) => g.uniform(-2, 2));
  const Y = output === "sigmoid"
    ? randomMatrix(2, m, rng, (g) => (g.next() < 0.5 ? 0 : 1))
    : randomMatrix(2, m, rng, (g) => g.normal(0, 1));
  return { params, X, Y };
}

// ReLU has a kink at 0: a finite difference straddling it measures the average slope, not ReLU'. With
// random continuous inputs |Z| > ε almost surely; this asserts it so a failure is never a kink artefact.
function awayFromKinks(params: Params, X: Matrix): boolean {
  const { cache } = forward(params, X, { hidden: "relu", output: "identity" });
  return Object.entries(cache).every(([k, M]) => !k.startsWith("Z") || M.data.every((z) => Math.abs(z) > 1e-3));
}

for (const { output, loss } of COMBOS) {
  for (const hidden of HIDDEN) {
    test(`backward agrees with gradientCheck for ${hidden} hidden layers, ${output} output and ${loss} loss at depths 1–4`, () => {
      for (let L = 1; L <= 4; L++) {
        const { params, X, Y } = problem(L, output, 100 + L);
        if (hidden === "relu") assert.ok(awayFromKinks(params, X), "a pre-activation is within 1e-3 of the ReLU kink");
        const result = checkBackward(params, X, Y, { hidden, output, loss });
        assert.ok(result.relativeDifference < GRAD_TOL, `depth ${L}: relative difference ${result.relativeDifference}, worst ${JSON.stringify(result.worst)}`);
        assert.equal(result.entries.length, Object.values(params).reduce((n, P) => n + P.data.length, 0));
      }
    });
  }
}

test("the simplified dZL = AL − Y for sigmoid + cross-entropy equals the general chain dAL ⊙ σ'(ZL)", () => {
  const { params, X, Y } = problem(2, "sigmoid", 7);
  const { AL, cache } = forward(params, X, { hidden: "tanh", output: "sigmoid" });
  const general = activationBackward(costPrime(AL, Y, "cross-entropy"), cache.Z2, "sigmoid");
  // AL − Y and σ(Z2) by loops over the numbers (not the library's map).
  const simplified = Matrix.from(AL.toArray().map((row, i) => row.map((a, j) => a - Y.get(i, j))));
  assertClose(general, simplified, CHAIN_TOL);
  // AL is σ(Z2): 1/(1 + e^(−z)) written out differs from the library's two-branch σ by an ulp or so.
  assertClose(AL, Matrix.from(cache.Z2.toArray().map((row) => row.map((z) => 1 / (1 + Math.exp(-z))))), CHAIN_TOL);
});

test("a deliberately broken gradient (dW1 missing its 1/m) is caught, and the worst entry points at it", () => {
  const { params, X, Y } = problem(2, "identity", 11);
  const options = { hidden: "tanh", output: "identity", loss: "mse-half" } as const;
  const { cache } = forward(params, X, options);
  const grads = backward(params, cache, Y, options);
  const broken = { ...grads, dW1: scale(grads.dW1, m) };
  const costOf = (p: Params) => cost(forward(p, X, options).AL, Y, "mse-half");
  assert.ok(gradientCheck(params, grads, costOf).relativeDifference < GRAD_TOL);
  const result = gradientCheck(params, broken, costOf);
  assert.ok(result.relativeDifference > 0.1, `relative difference ${result.relativeDifference}`);
  assert.equal(result.worst.name, "W1");
  assert.ok(result.entries.filter((e) => e.name === "W1").every((e) => e.relDiff > 0.5 || e.analytic === 0));
});

test("gradientCheck reports every entry with its position and leaves params unchanged", () => {
  const params: Params = { W1: Matrix.from([[2, -1]]), b1: Matrix.from([[0.5]]) };
  const before = JSON.stringify(Object.values(params).map((P) => P.toArray()));
  // J = (w1 + 2 w2 + 3 b)²: ∂J/∂w1 = 2s, ∂J/∂w2 = 4s, ∂J/∂b = 6s with s = 2 − 2 + 1.5 = 1.5.
  const costOf = (p: Params) => (p.W1.get(0, 0) + 2 * p.W1.get(0, 1) + 3 * p.b1.get(0, 0)) ** 2;
  const grads = { dW1: Matrix.from([[3, 6]]), db1: Matrix.from([[9]]) };
  const result = gradientCheck(params, grads, costOf);
  assert.deepEqual(result.entries.map((e) => [e.name, e.i, e.j]), [["W1", 0, 0], ["W1", 0, 1], ["b1", 0, 0]]);
  assert.ok(result.relativeDifference < GRAD_TOL);
  assert.equal(JSON.stringify(Object.values(params).map((P) => P.toArray())), before);
});

test("gradientCheck names a missing or misshapen gradient", () => {
  const params: Params = { W1: Matrix.zeros(1, 2), b1: Matrix.zeros(1, 1) };
  assert.throws(() => gradientCheck(params, { dW1: Matrix.zeros(1, 2) }, () => 0), /grads has no db1 \(it has dW1\)/);
  assert.throws(() => gradientCheck(params, { dW1: Matrix.zeros(1, 2), dW9: Matrix.zeros(1, 1) }, () => 0), /grads has no db1 \(it has dW1, dW9\)/);
  assert.throws(() => gradientCheck(params, { dW1: Matrix.zeros(2, 1), db1: Matrix.zeros(1, 1) }, () => 0), /W1 is \(1,2\) but dW1 is \(2,1\)/);
});

test("gradientCheck's central difference uses ε = 1e-5 unless told: on J = θ³ at θ = 1 it reads 3 + ε², worked by hand", () => {
  // (J(1 + ε) − J(1 − ε)) / 2ε = 3 + ε² exactly in real arithmetic: 3 + 1e-10 by default, 3.0001 with ε = 1e-2.
  const params: Params = { W1: Matrix.from([[1]]) };
  const costOf = (p: Params) => p.W1.get(0, 0) ** 3;
  const byDefault = gradientCheck(params, { dW1: Matrix.from([[3]]) }, costOf).entries[0].numeric;
  const coarse = gradientCheck(params, { dW1: Matrix.from([[3]]) }, costOf, { eps: 1e-2 }).entries[0].numeric;
  assert.ok(Math.abs(byDefault - (3 + 1e-10)) <= 1e-10, `default ε: ${byDefault}`);
  assert.ok(Math.abs(coarse - 3.0001) <= 1e-12, `ε = 1e-2: ${coarse}`);
  // checkBackward passes its eps on: with ε = 0.5 the O(ε²) error shows; with the default it does not.
  const { params: p, X, Y } = problem(2, "sigmoid", 21);
  const options = { hidden: "tanh", output: "sigmoid", loss: "cross-entropy" } as const;
  assert.ok(checkBackward(p, X, Y, options).relativeDifference < GRAD_TOL);
  assert.ok(checkBackward(p, X, Y, { ...options, eps: 0.5 }).relativeDifference > 1e-4);
});

test("gradientCheck gives each entry's row and column, 0 for an entry where both gradients are 0, and the first of tied worst entries", () => {
  // J ≡ 0: every numeric gradient is exactly 0, so |analytic − numeric| = |analytic|, set here.
  const params: Params = { W1: Matrix.zeros(2, 3), b1: Matrix.zeros(2, 1) };
  const grads = { dW1: Matrix.from([[0, 1, 0], [0, -1, 0]]), db1: Matrix.from([[1], [0]]) };
  const r = gradientCheck(params, grads, () => 0);
  assert.deepEqual(r.entries.map((e) => [e.name, e.i, e.j, e.analytic, e.numeric, e.relDiff]), [
    ["W1", 0, 0, 0, 0, 0], ["W1", 0, 1, 1, 0, 1], ["W1", 0, 2, 0, 0, 0],
    ["W1", 1, 0, 0, 0, 0], ["W1", 1, 1, -1, 0, 1], ["W1", 1, 2, 0, 0, 0],
    ["b1", 0, 0, 1, 0, 1], ["b1", 1, 0, 0, 0, 0],
  ]);
  // Three entries are off by exactly 1: the first of them is the worst. ‖g − n‖/(‖g‖ + ‖n‖) = √3/√3 = 1.
  assert.deepEqual([r.worst.name, r.worst.i, r.worst.j], ["W1", 0, 1]);
  assert.equal(r.relativeDifference, 1);
  // All zero on both sides: a relative difference of 0, not 0/0.
  const zero = gradientCheck(params, { dW1: Matrix.zeros(2, 3), db1: Matrix.zeros(2, 1) }, () => 0);
  assert.equal(zero.relativeDifference, 0);
  assert.ok(zero.entries.every((e) => e.relDiff === 0));
  assert.throws(() => gradientCheck({}, {}, () => 0), { message: "gradientCheck: params has no entries to check" });
  assert.throws(() => gradientCheck({ W1: Matrix.zeros(2, 3) }, { dW1: Matrix.zeros(2, 2) }, () => 0), { message: "gradientCheck: W1 is (2,3) but dW1 is (2,2); they must have the same shape" });
  assert.throws(() => gradientCheck({ W1: Matrix.zeros(2, 3) }, { dW1: Matrix.zeros(3, 3) }, () => 0), { message: "gradientCheck: W1 is (2,3) but dW1 is (3,3); they must have the same shape" });
});

test("gradientCheck's relDiff is |a − n|/(|a| + |n|) and its worst entry the largest |a − n|, on gradients that are not 0", () => {
  // J = θ³ at 1 with analytic 3: n ≈ 3 + 1e-10, so relDiff ≈ 1e-10/6, positive and tiny.
  const cube = gradientCheck({ W1: Matrix.from([[1]]) }, { dW1: Matrix.from([[3]]) }, (p) => p.W1.get(0, 0) ** 3).entries[0];
  assert.ok(cube.relDiff > 0 && cube.relDiff < 1e-10, `relDiff ${cube.relDiff}`);
  // J = 2·w1: numeric (2, 0); analytic (2, 1): the worst entry is w2 (off by 1), although |a + n| is larger at w1.
  const r = gradientCheck({ W1: Matrix.zeros(1, 2) }, { dW1: Matrix.from([[2, 1]]) }, (p) => 2 * p.W1.get(0, 0));
  assert.deepEqual([r.worst.i, r.worst.j, r.worst.analytic], [0, 1, 1]);
  assert.ok(Math.abs(r.entries[1].relDiff - 1) <= 1e-12 && r.entries[0].relDiff < 1e-9);
});
