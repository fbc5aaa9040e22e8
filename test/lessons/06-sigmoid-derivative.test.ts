// Lesson 06's identities: every line of the notes' quotient-rule derivation of σ' equals the previous
// one, the result agrees with mathjs and central differences, the tails behave as the lesson says,
// and σ' peaks at 1/4 at 0.
import { test } from "node:test";
import assert from "node:assert/strict";
import { sigmoid, sigmoidPrime } from "../../src/activations";
import { evaluateAt, verifyDerivative } from "../../src/checks/symbolic";
import { Matrix } from "../../src/matrix";
import { train } from "../../src/train";

const E = Math.exp;
const sig = (x: number) => 1 / (1 + E(-x));
// The notes' lines, each written from its own formula (as in the lesson).
const lines: [string, (x: number) => number, string][] = [
  ["quotient rule", (x) => (E(x) * (E(x) + 1) - E(x) * E(x)) / (E(x) + 1) ** 2, "(e^x*(e^x+1) - e^x*e^x)/(e^x+1)^2"],
  ["factor e^x", (x) => (E(x) * ((E(x) + 1) - E(x))) / (E(x) + 1) ** 2, "e^x*((e^x+1) - e^x)/(e^x+1)^2"],
  ["e^x/(e^x+1)^2", (x) => E(x) / (E(x) + 1) ** 2, "e^x/(e^x+1)^2"],
  ["e^-x/(1+e^-x)^2", (x) => E(-x) / (1 + E(-x)) ** 2, "e^(-x)/(1+e^(-x))^2"],
  ["((1+e^-x)-1)/(1+e^-x)^2", (x) => ((1 + E(-x)) - 1) / (1 + E(-x)) ** 2, "((1+e^(-x)) - 1)/(1+e^(-x))^2"],
  ["split", (x) => 1 / (1 + E(-x)) - 1 / (1 + E(-x)) ** 2, "1/(1+e^(-x)) - 1/(1+e^(-x))^2"],
  ["σ − σ²", (x) => sig(x) - sig(x) ** 2, "(1/(1+e^(-x))) - (1/(1+e^(-x)))^2"],
  ["σ(1 − σ)", (x) => sig(x) * (1 - sig(x)), "(1/(1+e^(-x)))*(1 - 1/(1+e^(-x)))"],
];
const grid = Array.from({ length: 81 }, (_, i) => -10 + i / 4);
// Subtracting nearly equal numbers costs a factor ~e^|x| of relative precision: ε·e^10 ≈ 5e-12 at the ends.
const STEP_TOL = 1e-10;
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));

test("1/(1 + e^(−x)) = e^x/(e^x + 1) = the library's sigmoid on [−30, 30]", () => {
  for (let x = -30; x <= 30; x += 0.25) {
    assert.ok(rel(sig(x), E(x) / (E(x) + 1)) <= 1e-14, `x = ${x}`);
    assert.ok(rel(sig(x), sigmoid(x)) <= 1e-14, `x = ${x}`);
  }
});

test("each line of the derivation equals the previous one at 81 points in [−10, 10]", () => {
  for (let k = 1; k < lines.length; k++) {
    for (const x of grid) assert.ok(rel(lines[k][1](x), lines[k - 1][1](x)) <= STEP_TOL, `${lines[k][0]} at x = ${x}`);
  }
});

test("every line, evaluated by mathjs, equals mathjs's own derivative of σ at its samples", () => {
  const d = verifyDerivative("1/(1+e^(-x))", lines[7][2]);
  assert.equal(d.symbolicallyEqual, true);
  assert.ok(d.maxAbsDiff <= 1e-14);
  for (const [name, , expr] of lines) {
    for (const x of [-5, -1, 0, 0.5, 2, 5]) assert.ok(Math.abs(evaluateAt(expr, x) - evaluateAt(d.derivative, x)) <= 1e-14, `${name} at ${x}`);
  }
  assert.ok(verifyDerivative("1/(1+e^(-x))", "e^x/(e^x+1)").maxAbsDiff > 0.5, "σ' = σ must be rejected");
});

test("central differences of σ agree with σ(1 − σ) and with the quotient rule's line to 1e-9", () => {
  const h = 1e-5; // truncation h²/6·|σ'''| + rounding ε/h: both ~1e-11
  for (const x of grid) {
    const c = (sig(x + h) - sig(x - h)) / (2 * h);
    assert.ok(Math.abs(c - lines[7][1](x)) <= 1e-9 && Math.abs(c - lines[0][1](x)) <= 1e-9, `x = ${x}`);
  }
});

test("in the tails: σ(40) rounds to 1 so σ(1 − σ) is 0, some lines overflow to NaN at ±800, and sigmoidPrime stays exact", () => {
  assert.equal(sig(40), 1);
  assert.equal(lines[7][1](40), 0);
  for (const k of [0, 1, 2]) assert.ok(Number.isNaN(lines[k][1](800)), lines[k][0]);
  for (const k of [3, 4]) assert.ok(Number.isNaN(lines[k][1](-800)), lines[k][0]);
  // For |x| ≥ 40, σ'(x) = e^(−|x|)(1 − 2e^(−|x|) + …) = e^(−|x|) to double precision.
  for (const x of [-700, -100, -40, 40, 100, 700]) assert.ok(rel(sigmoidPrime(x), E(-Math.abs(x))) <= 1e-15, `x = ${x}`);
  for (const x of [-1e6, -800, 800, 1e6]) assert.equal(sigmoidPrime(x), 0);
});

test("1 − σ(x) = σ(−x), so sigmoidPrime = σ(x)σ(−x) equals σ(1 − σ) on [−10, 10]", () => {
  for (const x of grid) {
    assert.ok(Math.abs(1 - sig(x) - sig(-x)) <= 1e-15, `x = ${x}`);
    assert.ok(rel(sigmoidPrime(x), lines[7][1](x)) <= STEP_TOL, `x = ${x}`);
  }
});

test("σ' peaks at exactly 1/4 at x = 0, is symmetric, and s(1 − s) = 1/4 − (s − 1/2)²", () => {
  assert.equal(sigmoidPrime(0), 0.25);
  let best = -Infinity, argmax = NaN;
  const h = 1e-5; // central differences: truncation + rounding ~1e-11, so 1e-9
  for (let i = 0; i <= 2000; i++) {
    const x = -10 + i / 100;
    const v = sigmoidPrime(x);
    if (v > best) [best, argmax] = [v, x];
    // Symmetry against an independent witness: σ'(−x) vs the central difference of σ at +x.
    assert.ok(Math.abs(sigmoidPrime(-x) - (sig(x + h) - sig(x - h)) / (2 * h)) <= 1e-9, `x = ${x}`);
    const s = sig(x);
    assert.ok(Math.abs(s * (1 - s) - (0.25 - (s - 0.5) ** 2)) <= 1e-16);
  }
  assert.equal(argmax, 0);
});

test("a saturated neuron (z = 10) takes a first step of −2σ(z)σ'(z) ≈ −9e-5 and keeps 99.9% of its loss after 300 steps", () => {
  const x = Matrix.from([[1]]), y = Matrix.from([[0]]);
  const opts = { hidden: "sigmoid", output: "sigmoid", loss: "mse" } as const;
  for (const z of [2, 5, 10]) {
    const one = train({ W1: Matrix.from([[z]]), b1: Matrix.from([[0]]) }, x, y, { ...opts, lr: 1, epochs: 1 });
    // σ and σ' from their formulas (not the library that train calls): σ' = e^(−z)/(1 + e^(−z))².
    const expected = -2 * sig(z) * (E(-z) / (1 + E(-z)) ** 2);
    assert.ok(Math.abs(one.params.W1.get(0, 0) - z - expected) <= 1e-14, `z = ${z}`);
  }
  const slow = train({ W1: Matrix.from([[10]]), b1: Matrix.from([[0]]) }, x, y, { ...opts, lr: 1, epochs: 300 });
  const fast = train({ W1: Matrix.from([[2]]), b1: Matrix.from([[0]]) }, x, y, { ...opts, lr: 1, epochs: 300 });
  assert.ok(slow.costs[300] > 0.999 * slow.costs[0]);
  assert.ok(fast.costs[300] < 0.01 * fast.costs[0]);
});

test("with cross-entropy the saturated neuron's first step is −σ(z), not ~σ'(z), and it learns", () => {
  const x = Matrix.from([[1]]), y = Matrix.from([[0]]);
  const opts = { hidden: "sigmoid", output: "sigmoid", loss: "cross-entropy" } as const;
  for (const z of [2, 5, 10]) {
    const one = train({ W1: Matrix.from([[z]]), b1: Matrix.from([[0]]) }, x, y, { ...opts, lr: 1, epochs: 1 });
    assert.ok(Math.abs(one.params.W1.get(0, 0) - z - -sig(z)) <= 1e-14, `z = ${z}`);
  }
  const run = train({ W1: Matrix.from([[10]]), b1: Matrix.from([[0]]) }, x, y, { ...opts, lr: 1, epochs: 300 });
  assert.ok(run.costs[300] < 0.01 * run.costs[0]);
});

test("at x = 40 exactly steps 1, 2, 5, 6, 7, 8 of the derivation return 0", () => {
  const zero = lines.map((_, k) => k + 1).filter((k) => lines[k - 1][1](40) === 0);
  assert.deepEqual(zero, [1, 2, 5, 6, 7, 8]);
});
