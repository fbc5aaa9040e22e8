// Activations and their derivatives: closed forms, central differences, mathjs (numeric and symbolic), edge values.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as math from "mathjs";
import {
  activations, getActivation, identity, identityPrime, relu, reluPrime, sigmoid, sigmoidPrime, tanh, tanhPrime,
} from "../src/activations";
import { Matrix } from "../src/matrix";
import { verifyDerivative } from "../src/checks/symbolic";

// Central difference (f(z+h) − f(z−h))/2h has truncation error ~h²·|f'''|/6 ≈ 1e-11 and rounding
// error ~ε/h ≈ 1e-11 for h = 1e-5; 1e-8 leaves a wide margin yet catches any wrong formula (errors ≥ 1e-3).
const H = 1e-5;
const FD_TOL = 1e-8;
// Two formulas for the same double-precision value agree to a few ulps: 4 ε relative.
const ULPS_TOL = 4 * Number.EPSILON;
const central = (f: (z: number) => number, z: number) => (f(z + H) - f(z - H)) / (2 * H);
const grid = Array.from({ length: 81 }, (_, k) => -10 + k * 0.25);
const relClose = (a: number, b: number, tol: number) => Math.abs(a - b) <= tol * Math.max(Math.abs(a), Math.abs(b));

test("sigmoid equals 1/(1+e^(−z)) on a grid and is 1/2 at 0", () => {
  for (const z of grid) assert.ok(relClose(sigmoid(z), 1 / (1 + Math.exp(-z)), ULPS_TOL), `z = ${z}`);
  assert.equal(sigmoid(0), 0.5);
});

test("sigmoid saturates at ±40, ±1000 and ±Infinity without overflow or NaN", () => {
  assert.equal(sigmoid(1000), 1);
  assert.equal(sigmoid(-1000), 0);
  assert.equal(sigmoid(Infinity), 1);
  assert.equal(sigmoid(-Infinity), 0);
  assert.equal(sigmoid(40), 1); // 1 − 4e-18 rounds to 1
  assert.ok(relClose(sigmoid(-40), Math.exp(-40) / (1 + Math.exp(-40)), ULPS_TOL));
});

test("sigmoid keeps σ(z) ≈ e^z below z ≈ −709.8, where e^(−z) overflows to ∞ and 1/(1 + e^(−z)) would give 0", () => {
  // e^z/(1 + e^z) = e^z exactly here (1 + e^z rounds to 1); e^(−710) ≈ 4.5e-309 and e^(−740) ≈ 4e-322 are subnormal doubles.
  for (const z of [-710, -720, -740]) {
    assert.ok(!Number.isFinite(Math.exp(-z)), `e^${-z} overflows`);
    assert.equal(sigmoid(z), Math.exp(z), `z = ${z}`);
    assert.ok(sigmoid(z) > 0, `z = ${z}`);
  }
});

test("σ'(z) = σ(z)(1 − σ(z)) on a grid, as derived in the notes", () => {
  for (const z of grid) {
    const s = 1 / (1 + Math.exp(-z));
    assert.ok(Math.abs(sigmoidPrime(z) - s * (1 - s)) <= ULPS_TOL, `z = ${z}`);
  }
  assert.equal(sigmoidPrime(0), 0.25);
});

test("σ' agrees with central differences of σ over a grid and at saturation −40", () => {
  for (const z of grid) assert.ok(Math.abs(sigmoidPrime(z) - central(sigmoid, z)) <= FD_TOL, `z = ${z}`);
  // At −40 the values are ~4e-18, so compare relatively: σ(−40 ± h) are exact there.
  assert.ok(relClose(sigmoidPrime(-40), central(sigmoid, -40), FD_TOL));
});

test("σ' keeps its precision at +40 and is exactly 0 at ±1000 and ±Infinity", () => {
  // The notes' intermediate form e^(−z)/(1 + e^(−z))², evaluated directly, is the independent reference.
  for (const z of [40, -40, 30]) {
    assert.ok(relClose(sigmoidPrime(z), Math.exp(-z) / (1 + Math.exp(-z)) ** 2, 8 * ULPS_TOL), `z = ${z}`);
  }
  for (const z of [1000, -1000, Infinity, -Infinity]) assert.equal(sigmoidPrime(z), 0);
});

test("mathjs's derivative of 1/(1+e^(−x)) agrees with sigmoidPrime, numerically and symbolically", () => {
  const d = math.derivative("1/(1+e^(-x))", "x").compile();
  for (const z of grid) assert.ok(Math.abs(d.evaluate({ x: z }) - sigmoidPrime(z)) <= ULPS_TOL, `z = ${z}`);
  const check = verifyDerivative("1/(1+e^(-x))", "(1/(1+e^(-x)))*(1-1/(1+e^(-x)))", { samples: grid });
  assert.ok(check.maxAbsDiff <= ULPS_TOL);
  assert.equal(check.symbolicallyEqual, true);
});

test("tanh'(z) = 1 − tanh²(z) on a grid and agrees with central differences and mathjs", () => {
  const d = math.derivative("tanh(x)", "x").compile();
  for (const z of grid) {
    const t = Math.tanh(z);
    assert.ok(Math.abs(tanhPrime(z) - (1 - t * t)) <= ULPS_TOL, `closed form at z = ${z}`);
    assert.ok(Math.abs(tanhPrime(z) - central(tanh, z)) <= FD_TOL, `central difference at z = ${z}`);
    assert.ok(Math.abs(tanhPrime(z) - d.evaluate({ x: z })) <= ULPS_TOL, `mathjs at z = ${z}`);
  }
  const check = verifyDerivative("tanh(x)", "1 - tanh(x)^2", { samples: grid });
  assert.ok(check.maxAbsDiff <= ULPS_TOL);
  assert.equal(check.derivative, "sech(x) ^ 2");
});

test("tanh and tanh' saturate cleanly at ±40, ±1000 and ±Infinity", () => {
  assert.equal(tanh(1000), 1);
  assert.equal(tanh(-Infinity), -1);
  assert.ok(relClose(tanhPrime(40), 4 * Math.exp(-80), 1e-12), "sech²(40) ≈ 4e^(−80), not a rounded 0");
  for (const z of [1000, -1000, Infinity, -Infinity]) assert.equal(tanhPrime(z), 0);
});

test("ReLU is max(0, z) and ReLU' is 0 left of the kink, 1 right of it, and 1 at exactly 0 (the notes' z ≥ 0 rule)", () => {
  for (const z of grid) {
    assert.equal(relu(z), Math.max(0, z));
    if (z !== 0) assert.ok(Math.abs(reluPrime(z) - central(relu, z)) <= FD_TOL, `z = ${z}`);
  }
  assert.equal(reluPrime(0), 1);
  assert.equal(reluPrime(-0), 1);
  assert.equal(reluPrime(-1e-300), 0);
  assert.equal(reluPrime(1e-300), 1);
  // At the kink the one-sided slopes are 0 and 1: the central difference is their average, 1/2.
  assert.equal(central(relu, 0), 0.5);
  assert.equal(relu(-Infinity), 0);
  assert.equal(reluPrime(Infinity), 1);
});

test("ReLU' equals mathjs's symbolic derivative of ReLU = (x + |x|)/2 away from the kink, where mathjs has none", () => {
  // mathjs cannot differentiate max(0, x), but it can (x + |x|)/2, the same function: its derivative
  // (|x|/x + 1)/2 is 0 left of 0, 1 right of 0, and NaN at exactly 0 (no derivative there).
  const d = math.derivative("(x + abs(x)) / 2", "x").compile();
  for (const z of [...grid, -1e-300, 1e-300, -5e-324, 5e-324]) {
    if (z === 0) continue;
    assert.equal(reluPrime(z), d.evaluate({ x: z }), `z = ${z}`);
    assert.equal(relu(z), math.evaluate("(x + abs(x)) / 2", { x: z }), `ReLU at z = ${z}`);
  }
  assert.ok(Number.isNaN(d.evaluate({ x: 0 })), "mathjs: no derivative at the kink");
});

test("at the kink ReLU'(0) = 1 is ReLU's right-hand slope, one of the subgradients [left slope, right slope] = [0, 1]", () => {
  // One-sided difference quotients of ReLU itself, for steps from 1 down to the smallest double:
  // exactly 1 from the right and 0 from the left, so the notes' rule "z ≥ 0 → 1" takes the right slope.
  for (const h of [1, 1e-3, 1e-150, 5e-324]) {
    const right = (relu(0 + h) - relu(0)) / h;
    const left = (relu(0) - relu(0 - h)) / h;
    assert.deepEqual([left, right], [0, 1], `h = ${h}`);
    assert.equal(reluPrime(0), right);
    assert.ok(left <= reluPrime(0) && reluPrime(0) <= right, "a subgradient at the kink");
  }
  // Just off the kink a central difference whose step stays on one side equals ReLU' there (powers of
  // two, so z ± h and the quotient are exact).
  for (const z of [-(2 ** -996), 2 ** -996, -(2 ** -27), 2 ** -27]) {
    const h = Math.abs(z) / 2;
    assert.equal(reluPrime(z), (relu(z + h) - relu(z - h)) / (2 * h), `z = ${z}`);
  }
});

test("identity and its derivative", () => {
  assert.equal(identity(-2.5), -2.5);
  assert.equal(identityPrime(-2.5), 1);
  assert.ok(Math.abs(central(identity, 3) - 1) <= FD_TOL);
});

test("NaN propagates through every activation and every derivative", () => {
  for (const f of [sigmoid, sigmoidPrime, tanh, tanhPrime, relu, reluPrime, identity, identityPrime]) {
    assert.ok(Number.isNaN(f(NaN)), f.name);
  }
});

test("on a Matrix each activation applies entry by entry and keeps the shape: closed forms at every entry", () => {
  const Z = Matrix.from([[-1000, -1, 0], [0.5, 2, 1000]]);
  // The definitions written out, without the library: σ = 1/(1 + e^(−z)), tanh = 1 − 2/(e^(2z) + 1)
  // (no ∞/∞ at ±1000), ReLU = max(0, z) with the notes' ReLU'(0) = 1, identity.
  const s = (z: number) => 1 / (1 + Math.exp(-z));
  const t = (z: number) => 1 - 2 / (Math.exp(2 * z) + 1);
  const closed: Record<string, [(z: number) => number, (z: number) => number]> = {
    sigmoid: [s, (z) => s(z) * (1 - s(z))],
    tanh: [t, (z) => 1 - t(z) ** 2],
    relu: [(z) => Math.max(0, z), (z) => (z >= 0 ? 1 : 0)],
    identity: [(z) => z, () => 1],
  };
  for (const [name, { f, fPrime }] of Object.entries(activations)) {
    const A = f(Z);
    const D = fPrime(Z);
    assert.deepEqual([A.shape, D.shape], [[2, 3], [2, 3]]);
    const [g, gPrime] = closed[name];
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 3; j++) {
        const z = Z.toArray()[i][j];
        // σ and tanh by these formulas differ from the library's by a few ulps of values ≤ 1.
        assert.ok(Math.abs(A.get(i, j) - g(z)) <= ULPS_TOL, `${name} at (${i},${j}): ${A.get(i, j)} vs ${g(z)}`);
        assert.ok(Math.abs(D.get(i, j) - gPrime(z)) <= ULPS_TOL, `${name}' at (${i},${j}): ${D.get(i, j)} vs ${gPrime(z)}`);
      }
    }
  }
});

test("getActivation names the valid choices for an unknown name", () => {
  assert.equal(getActivation("relu").f, relu);
  assert.throws(() => getActivation("softmax"), { message: 'unknown activation "softmax": expected one of sigmoid, relu, tanh, identity' });
});
