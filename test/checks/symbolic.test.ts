// The mathjs witnesses themselves: right claims pass, wrong claims are caught.
import { test } from "node:test";
import assert from "node:assert/strict";
import { evaluateAt, symbolicDerivative, verifyDerivative } from "../../src/checks/symbolic";

// Two formulas for the same value on samples of size ≤ 5: a few ulps.
const ULPS_TOL = 1e-15;

test("symbolicDerivative returns mathjs's simplified derivative as a string", () => {
  assert.equal(symbolicDerivative("x^3"), "3 * x ^ 2");
  assert.equal(symbolicDerivative("tanh(z)", "z"), "sech(z) ^ 2");
});

test("evaluateAt evaluates at a point and refuses a complex result", () => {
  assert.equal(evaluateAt("1/(1+e^(-x))", 0), 0.5);
  assert.equal(evaluateAt("2*t", 4, "t"), 8);
  assert.throws(() => evaluateAt("sqrt(x)", -1), /sqrt\(x\) at x = -1 is i, not a real number/);
});

test("the notes' σ' = σ(1 − σ) is verified at the samples and symbolically, with TeX for the lesson", () => {
  const r = verifyDerivative("1/(1+e^(-x))", "(1/(1+e^(-x)))*(1-1/(1+e^(-x)))");
  assert.ok(r.maxAbsDiff <= ULPS_TOL);
  assert.equal(r.symbolicallyEqual, true);
  assert.match(r.tex, /\\frac/);
  // The notes' intermediate form e^(−x)/(1 + e^(−x))² is the same function.
  assert.ok(verifyDerivative("1/(1+e^(-x))", "e^(-x)/(1+e^(-x))^2").maxAbsDiff <= ULPS_TOL);
});

test("a wrong claim is caught: a non-zero constant difference is false, an undecided one is 'unknown' with a large sample gap", () => {
  const offByOne = verifyDerivative("x^2", "2x + 1");
  assert.equal(offByOne.symbolicallyEqual, false);
  assert.equal(offByOne.maxAbsDiff, 1);
  const wrongSigmoid = verifyDerivative("1/(1+e^(-x))", "(1/(1+e^(-x)))^2");
  assert.notEqual(wrongSigmoid.symbolicallyEqual, true);
  assert.ok(wrongSigmoid.maxAbsDiff > 0.1);
});

test("tanh' = 1 − tanh² agrees at the samples even where mathjs cannot simplify sech² − (1 − tanh²) to 0", () => {
  const r = verifyDerivative("tanh(x)", "1 - tanh(x)^2", { samples: [-3, 0, 0.7, 3] });
  assert.ok(r.maxAbsDiff <= ULPS_TOL);
  assert.notEqual(r.symbolicallyEqual, false);
});

test("a constant difference that names a constant (π) is still a constant: false, not 'unknown'; other variables work", () => {
  // d/dx x² = 2x, so the claim 2x + π is off by π everywhere.
  const r = verifyDerivative("x^2", "2x + pi");
  assert.equal(r.symbolicallyEqual, false);
  assert.ok(Math.abs(r.maxAbsDiff - Math.PI) <= ULPS_TOL);
  // In t: d/dt t³ = 3t², right at the samples and symbolically.
  const t = verifyDerivative("t^3", "3 t^2", { variable: "t", samples: [-2, 0.5, 3] });
  assert.equal(t.symbolicallyEqual, true);
  assert.equal(t.maxAbsDiff, 0);
  assert.equal(t.derivative, "3 * t ^ 2");
  // A claim that is off only where x ≠ 0 depends on x: mathjs cannot call it constant.
  assert.equal(verifyDerivative("x^2", "2x + x^3").symbolicallyEqual, "unknown");
});

test("verifyDerivative compares at every default sample, negative ones included: a claim wrong at one point only is caught there", () => {
  // d/dx x² = 2x; each claim adds 1 at exactly one sample, so maxAbsDiff is 1 only if that point is compared.
  for (const s of [-5, -2, -1, -0.5, 0, 0.5, 1, 2, 5]) {
    const r = verifyDerivative("x^2", `2*x + (x == ${s} ? 1 : 0)`);
    assert.equal(r.maxAbsDiff, 1, `the sample x = ${s}`);
  }
});

test("a variable named like a mathjs constant stays the variable: a difference that depends on it is \"unknown\", never evaluated as Euler's e", () => {
  // d/de e² = 2e; claiming e leaves the difference e, which depends on the variable.
  assert.equal(verifyDerivative("e^2", "e", { variable: "e" }).symbolicallyEqual, "unknown");
  assert.equal(verifyDerivative("e^2", "2*e", { variable: "e" }).symbolicallyEqual, true);
});
