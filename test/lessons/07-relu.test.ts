// Lesson 07's identities: ReLU and its derivative with the notes' convention at 0, what finite
// differences return at and near the kink, subgradients, tanh' = 1 − tanh², and the vanishing
// sigmoid gradient against ReLU's in a deep network.
import { test } from "node:test";
import assert from "node:assert/strict";
import { relu, reluPrime, sigmoid, sigmoidPrime, tanh, tanhPrime } from "../../src/activations";
import { twoMoons } from "../../src/data/toy";
import { Matrix } from "../../src/matrix";
import { backward, forward, initParams } from "../../src/network";
import { train } from "../../src/train";

const central = (f: (z: number) => number, z: number, h: number) => (f(z + h) - f(z - h)) / (2 * h);
const grid = Array.from({ length: 101 }, (_, i) => -5 + i / 10);

test("relu is max(0, z) entry by entry and reluPrime is 1 exactly where z ≥ 0 (so 1 at the kink)", () => {
  const Z = Matrix.from([[-2, -0.5, 0, 0.5, 2], [3, -1, 1e-300, -1e-300, 0]]);
  assert.deepEqual(relu(Z).toArray(), Z.toArray().map((r) => r.map((z) => Math.max(0, z))));
  assert.deepEqual(reluPrime(Z).toArray(), [[0, 0, 1, 1, 1], [1, 0, 1, 0, 1]]);
  assert.equal(reluPrime(0), 1);
  assert.ok(Number.isNaN(relu(NaN)));
});

test("every slope in [0, 1] is a subgradient of ReLU at 0, and slopes outside are not", () => {
  for (const s of [0, 0.25, 0.5, 0.75, 1]) assert.ok(grid.every((z) => relu(z) >= s * z), `s = ${s}`);
  for (const s of [-0.2, 1.2]) assert.ok(grid.some((z) => relu(z) < s * z), `s = ${s}`);
});

test("at the kink forward differences give 1, backward 0 and central 1/2 for every h", () => {
  for (const h of [1e-2, 1e-6, 1e-10]) {
    assert.equal((relu(h) - relu(0)) / h, 1);
    assert.equal((relu(0) - relu(-h)) / h, 0);
    assert.equal(central((z) => relu(z), 0, h), 0.5);
  }
});

test("near the kink the central difference is the ramp (z + h)/2h, and ReLU' beyond h", () => {
  const h = 0.25;
  for (let i = 0; i <= 200; i++) {
    const z = -1 + i / 100;
    const c = central((t) => relu(t), z, h);
    const want = Math.abs(z) < h ? (z + h) / (2 * h) : reluPrime(z);
    assert.ok(Math.abs(c - want) <= 1e-15, `z = ${z}: ${c} vs ${want}`);
  }
});

test("tanh = 2σ(2z) − 1, tanh' = 1/cosh² = 1 − tanh², and the three derivatives match central differences", () => {
  const h = 1e-5; // truncation h²/6·|f'''| ≤ 3e-11, rounding ε/h ≈ 2e-11
  for (const z of grid) {
    // σ and tanh from their formulas, not from the library.
    const sig = (t: number) => 1 / (1 + Math.exp(-t));
    const tanhByExp = (t: number) => (Math.exp(t) - Math.exp(-t)) / (Math.exp(t) + Math.exp(-t));
    assert.ok(Math.abs(tanh(z) - (2 * sig(2 * z) - 1)) <= 1e-15);
    assert.ok(Math.abs(tanh(z) - tanhByExp(z)) <= 1e-15);
    assert.ok(Math.abs(tanhPrime(z) - (1 - tanhByExp(z) ** 2)) <= 1e-15);
    assert.ok(Math.abs(2 / (2 + Math.exp(-z)) - sig(z + Math.LN2)) <= 1e-15, "2/(2 + e^(−x)) = σ(x + ln 2)");
    assert.ok(Math.abs(tanhPrime(z) - central(tanhByExp, z, h)) <= 1e-9);
    assert.ok(Math.abs(sigmoidPrime(z) - central(sig, z, h)) <= 1e-9);
    if (z !== 0) assert.ok(Math.abs(reluPrime(z) - central((t) => Math.max(0, t), z, h)) <= 1e-9);
  }
  assert.equal(tanhPrime(0), 1);
});

test("ReLU' stays 1 for all z > 0 while σ'(10) < 5e-5 and tanh'(10) < 1e-8", () => {
  for (let z = 0.05; z <= 100; z += 0.05) assert.equal(reluPrime(z), 1);
  assert.ok(sigmoidPrime(10) < 5e-5 && tanhPrime(10) < 1e-8);
});

test("in a six-hidden-layer network the sigmoid gradient vanishes towards layer 1 and ReLU's does not", () => {
  const moons = twoMoons(200, { seed: 3, noise: 0.1 });
  const p = initParams([2, 16, 16, 16, 16, 16, 16, 1], { seed: 4, method: "xavier" });
  const frob = (M: Matrix) => Math.sqrt(M.data.reduce((s, v) => s + v * v, 0));
  const ratio = (hidden: "sigmoid" | "relu") => {
    const { cache } = forward(p, moons.X, { hidden, output: "sigmoid" });
    const g = backward(p, cache, moons.Y, { hidden, output: "sigmoid", loss: "cross-entropy" });
    return frob(g.dW1) / frob(g.dW7);
  };
  assert.ok(ratio("sigmoid") < 1e-3, `sigmoid ${ratio("sigmoid")}`);
  assert.ok(ratio("relu") > 0.1, `relu ${ratio("relu")}`);
});

test("with four hidden layers and the same start, ReLU trains two moons where sigmoid stalls near ln 2", () => {
  const moons = twoMoons(200, { seed: 3, noise: 0.1 });
  const start = initParams([2, 8, 8, 8, 8, 1], { seed: 4, method: "xavier" });
  const run = (hidden: "sigmoid" | "relu") =>
    train(start, moons.X, moons.Y, { lr: 0.5, epochs: 250, hidden, output: "sigmoid", loss: "cross-entropy" }).costs[250];
  const s = run("sigmoid"), r = run("relu");
  assert.ok(r < s / 10, `relu ${r}, sigmoid ${s}`);
  assert.ok(s > 0.99 * Math.LN2, `sigmoid ${s}`);
});

test("a unit whose z is negative on every example is dead: backward gives its row of dW1 and db1 exactly 0", () => {
  const moons = twoMoons(200, { seed: 3, noise: 0.1 });
  const p = initParams([2, 8, 1], { seed: 7, method: "he" });
  p.b1 = Matrix.column([0, 0, -20, 0, 0, -20, 0, 0]);
  const opts = { hidden: "relu", output: "sigmoid", loss: "cross-entropy" } as const;
  const { cache } = forward(p, moons.X, opts);
  const g = backward(p, cache, moons.Y, opts);
  // Dead by a loop over Z1 = W1 X + b1 written out (not the library's linearForward).
  const dead: number[] = [], zero: number[] = [];
  for (let i = 0; i < 8; i++) {
    let all = true;
    for (let j = 0; j < moons.X.cols; j++) {
      const z = p.W1.get(i, 0) * moons.X.get(0, j) + p.W1.get(i, 1) * moons.X.get(1, j) + p.b1.get(i, 0);
      if (!(z < 0)) all = false;
    }
    if (all) dead.push(i);
    if (g.dW1.get(i, 0) === 0 && g.dW1.get(i, 1) === 0 && g.db1.get(i, 0) === 0) zero.push(i);
  }
  assert.deepEqual(dead, [2, 5]);
  assert.deepEqual(zero, dead);
});
