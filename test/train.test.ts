// Gradient descent: a hand-worked step, decreasing loss, determinism, divergence, bad options.
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkCostFinite, chooseEngine, train, trainReference, updateParams } from "../src/train";
import { Matrix } from "../src/matrix";
import { Params, backward, forward, initParams } from "../src/network";
import { cost } from "../src/losses";
import { makeRng, randomMatrix } from "../src/random";

// The hand-worked numbers are short decimals; the library computes them in a different order.
const HAND_TOL = 1e-12;

test("one step on a hand-worked 2-example case lowers the cost by the numbers written out here", () => {
  // One neuron ŷ = w·x + b, mse-half: x = (1, 2), y = (3, 5), w = 1, b = 0, η = 0.1.
  // ŷ = (1, 2), ŷ − y = (−2, −3); J = (4 + 9)/(2·2) = 3.25.
  // dw = (1/m) Σ (ŷ − y) x = (−2·1 − 3·2)/2 = −4; db = (−2 − 3)/2 = −2.5.
  // w ← 1 − 0.1·(−4) = 1.4; b ← 0 − 0.1·(−2.5) = 0.25; ŷ = (1.65, 3.05), J = (1.35² + 1.95²)/4 = 1.40625.
  const params: Params = { W1: Matrix.from([[1]]), b1: Matrix.from([[0]]) };
  const X = Matrix.row([1, 2]);
  const Y = Matrix.row([3, 5]);
  const options = { hidden: "identity", output: "identity", loss: "mse-half" } as const;
  const { AL, cache } = forward(params, X, options);
  assert.ok(Math.abs(cost(AL, Y, "mse-half") - 3.25) <= HAND_TOL);
  const grads = backward(params, cache, Y, options);
  assert.ok(Math.abs(grads.dW1.get(0, 0) - -4) <= HAND_TOL);
  assert.ok(Math.abs(grads.db1.get(0, 0) - -2.5) <= HAND_TOL);
  const next = updateParams(params, grads, 0.1);
  assert.ok(Math.abs(next.W1.get(0, 0) - 1.4) <= HAND_TOL);
  assert.ok(Math.abs(next.b1.get(0, 0) - 0.25) <= HAND_TOL);
  const { costs } = train(params, X, Y, { ...options, lr: 0.1, epochs: 1 });
  assert.ok(Math.abs(costs[0] - 3.25) <= HAND_TOL && Math.abs(costs[1] - 1.40625) <= HAND_TOL, JSON.stringify(costs));
});

test("updateParams returns new params and does not mutate the old ones", () => {
  const params = initParams([2, 3, 1], { seed: 1 });
  const before = JSON.stringify(Object.values(params).map((P) => P.toArray()));
  const grads = Object.fromEntries(Object.entries(params).map(([k, P]) => [`d${k}`, Matrix.fill(P.rows, P.cols, 1)]));
  const next = updateParams(params, grads, 0.5);
  assert.equal(JSON.stringify(Object.values(params).map((P) => P.toArray())), before);
  assert.equal(next.W1.get(0, 0), params.W1.get(0, 0) - 0.5);
  assert.throws(() => updateParams(params, { dW1: grads.dW1 }, 0.5), /grads has no db1/);
});

// XOR-like labels: not linearly separable, so this needs the hidden layer.
const X = Matrix.from([[0, 0, 1, 1], [0, 1, 0, 1]]);
const Y = Matrix.from([[0, 1, 1, 0]]);
const xorOptions = { hidden: "tanh", output: "sigmoid", loss: "cross-entropy" } as const;

test("training lowers the loss on a small problem (XOR) until every example is classified", () => {
  const { params, costs } = train(initParams([2, 4, 1], { seed: 3 }), X, Y, { ...xorOptions, lr: 1, epochs: 2000 });
  assert.equal(costs.length, 2001);
  assert.ok(costs[2000] < costs[0] / 10, `${costs[0]} → ${costs[2000]}`);
  const { AL } = forward(params, X, xorOptions);
  assert.deepEqual(Array.from(AL.data, (a) => (a > 0.5 ? 1 : 0)), [0, 1, 1, 0]);
});

test("the same seed gives identical costs and parameters, number for number", () => {
  const run = () => train(initParams([2, 4, 1], { seed: 5 }), X, Y, { ...xorOptions, lr: 0.5, epochs: 50 });
  const a = run(), b = run();
  assert.deepEqual(a.costs, b.costs);
  assert.deepEqual(a.params.W1.data, b.params.W1.data);
});

test("onEpoch sees every (epoch, cost) pair of costs", () => {
  const seen: [number, number][] = [];
  const { costs } = train(initParams([2, 2, 1], { seed: 6 }), X, Y, { ...xorOptions, lr: 0.1, epochs: 3, onEpoch: (e, c) => seen.push([e, c]) });
  assert.deepEqual(seen, costs.map((c, e) => [e, c]));
});

test("a diverging learning rate stops with an error naming the epoch and suggesting a smaller one", () => {
  const rng = makeRng(7);
  const Xr = randomMatrix(3, 20, rng, (g) => g.normal(0, 10));
  const Yr = randomMatrix(1, 20, rng, (g) => g.normal(0, 10));
  assert.throws(
    () => train(initParams([3, 1], { seed: 8 }), Xr, Yr, { hidden: "identity", output: "identity", loss: "mse", lr: 10, epochs: 1000 }),
    /train: the cost became (Infinity|NaN) at epoch \d+ \(lr = 10, .*try a smaller learning rate, e\.g\. lr = 1$/,
  );
});

test("train rejects a non-positive learning rate, fractional or negative epochs, and a NaN start", () => {
  const p = initParams([2, 1], { seed: 9 });
  const o = { hidden: "identity", output: "identity", loss: "mse" } as const;
  assert.throws(() => train(p, X, Y, { ...o, lr: 0, epochs: 1 }), /learning rate lr must be a finite number > 0, got 0/);
  assert.throws(() => train(p, X, Y, { ...o, lr: NaN, epochs: 1 }), /got NaN/);
  assert.throws(() => train(p, X, Y, { ...o, lr: 0.1, epochs: 1.5 }), /epochs must be an integer ≥ 0, got 1.5/);
  assert.throws(() => train(p, X, Y, { ...o, lr: 0.1, epochs: -1 }), /got -1/);
  assert.throws(() => train(p, Matrix.from([[NaN, 0, 0, 0], [0, 0, 0, 0]]), Y, { ...o, lr: 0.1, epochs: 1 }), /starting cost is NaN/);
  assert.deepEqual(train(p, X, Y, { ...o, lr: 0.1, epochs: 0 }).params.W1.data, p.W1.data);
});

// train's engine choice: the fast engine (src/fast) for two-layer regression nets with enough work,
// the reference loop otherwise. test/fast/train-fast.test.ts holds the two engines to the same curve
// on many shapes; here: that train picks as documented and that what it returns is the reference's.
const regression = { hidden: "tanh", output: "identity", loss: "mse-half" } as const;
function regressionCase(m: number, nh: number) {
  const rng = makeRng(41);
  const Xc = randomMatrix(8, m, rng, (g) => g.normal(0, 1));
  const Yc = randomMatrix(1, m, rng, (g) => g.uniform(0, 5));
  return { params: initParams([8, nh, 1], { seed: 42 }), X: Xc, Y: Yc };
}

test("train runs the fast engine for a capstone-sized regression net and returns the reference's costs to 1e-12", () => {
  const { params, X: Xc, Y: Yc } = regressionCase(3000, 6); // work m·nh·(epochs+1) = 3000·6·41 ≈ 7e5
  const options = { ...regression, lr: 0.3, epochs: 40 };
  assert.equal(chooseEngine(params, Xc, Yc, options), "fast");
  const auto = train(params, Xc, Yc, options);
  const ref = trainReference(params, Xc, Yc, options);
  assert.equal(auto.costs.length, 41);
  const worst = Math.max(...auto.costs.map((c, k) => Math.abs(c - ref.costs[k]) / Math.abs(ref.costs[k])));
  assert.ok(worst <= 1e-12, `auto and reference costs differ by ${worst} (relative)`);
  assert.ok(ref.costs[40] < ref.costs[0], "the loss fell");
  // engine: "reference" is exactly the reference loop
  assert.deepEqual(train(params, Xc, Yc, { ...options, engine: "reference" }).costs, ref.costs);
});

test("train keeps the reference loop where the fast engine does not apply or would not pay", () => {
  const small = regressionCase(4, 3); // 4·3·11 = 132 products: set-up would cost more than the work
  assert.equal(chooseEngine(small.params, small.X, small.Y, { ...regression, lr: 0.1, epochs: 10 }), "reference");
  const big = regressionCase(3000, 6);
  const o = { ...regression, lr: 0.1, epochs: 40 };
  assert.equal(chooseEngine(big.params, big.X, big.Y, { ...o, output: "sigmoid" }), "reference", "sigmoid output");
  assert.equal(chooseEngine(big.params, big.X, big.Y, { ...o, loss: "cross-entropy" }), "reference", "cross-entropy");
  assert.equal(chooseEngine(initParams([8, 6, 4, 1], { seed: 1 }), big.X, big.Y, o), "reference", "three layers");
  assert.equal(chooseEngine(big.params, big.X, big.Y, { ...o, engine: "reference" }), "reference", "asked for");
  // asking for the fast engine where it does not apply is an error that says why and what to do
  assert.throws(() => train(initParams([8, 6, 4, 1], { seed: 1 }), big.X, big.Y, { ...o, engine: "fast" }),
    /trainFast: the fast path does not apply: params are W1,W2,W3,b1,b2,b3, not W1,b1,W2,b2 \(two layers\); use train \(engine "auto" or "reference"\)/);
  assert.throws(() => train(big.params, big.X, big.Y, { ...o, engine: "gpu" as never }), /train: engine must be "auto", "reference" or "fast", got "gpu"/);
});

test("a diverging learning rate gives the same error through the fast engine as through the reference", () => {
  const { params, X: Xc, Y: Yc } = regressionCase(3000, 6);
  const options = { ...regression, lr: 50, epochs: 200 };
  assert.equal(chooseEngine(params, Xc, Yc, options), "fast");
  const message = (run: () => unknown) => { try { run(); } catch (e) { return (e as Error).message; } return "no error"; };
  const viaFast = message(() => train(params, Xc, Yc, options));
  assert.match(viaFast, /^train: the cost became (Infinity|NaN) at epoch \d+ \(lr = 50, .*try a smaller learning rate, e\.g\. lr = 5$/);
  // The same epoch and wording; the last finite cost (~1e300) agrees only to ~1e-11, as 68 doubling
  // steps amplify the engines' ~1e-16 differences in summation order.
  const viaRef = message(() => trainReference(params, Xc, Yc, options));
  const lastCost = (m: string) => Number(/last finite cost ([^)]+)\)/.exec(m)?.[1]);
  assert.equal(viaFast.replace(/last finite cost [^)]+/, ""), viaRef.replace(/last finite cost [^)]+/, ""));
  assert.ok(Math.abs(lastCost(viaFast) / lastCost(viaRef) - 1) <= 1e-9, `${lastCost(viaFast)} vs ${lastCost(viaRef)}`);
});

test("updateParams names a missing gradient and what grads has, and refuses a gradient of another shape", () => {
  const params = initParams([2, 3, 1], { seed: 1 });
  const grads = Object.fromEntries(Object.entries(params).map(([k, P]) => [`d${k}`, Matrix.zeros(P.rows, P.cols)]));
  assert.throws(() => updateParams(params, { dW1: grads.dW1, dW2: grads.dW2 }, 0.5), { message: "updateParams: grads has no db1 (it has dW1, dW2)" });
  // W1 is (3,2): a gradient with other rows, other columns, or a (1,1) or (3,1) that sub would broadcast.
  for (const [r, c] of [[2, 2], [3, 1], [1, 1], [3, 3]]) {
    assert.throws(() => updateParams(params, { ...grads, dW1: Matrix.zeros(r, c) }, 0.5), {
      message: `updateParams: W1 is (3,2) but dW1 is (${r},${c}); they must have the same shape`,
    });
  }
});

test("train with epochs 0 measures the starting cost once and changes nothing", () => {
  const p = initParams([2, 2, 1], { seed: 6 });
  const { params, costs } = train(p, X, Y, { ...xorOptions, lr: 0.1, epochs: 0 });
  const { AL } = forward(p, X, xorOptions);
  // The cross-entropy of the untouched network, written out here.
  let J = 0;
  for (let k = 0; k < 4; k++) J += Y.data[k] * Math.log(AL.data[k]) + (1 - Y.data[k]) * Math.log(1 - AL.data[k]);
  assert.equal(costs.length, 1);
  assert.ok(Math.abs(costs[0] - -J / 4) <= HAND_TOL, `${costs[0]} vs ${-J / 4}`);
  for (const name of Object.keys(p)) assert.deepEqual(params[name].data, p[name].data, name);
});

test("checkCostFinite passes a finite cost and names the epoch, lr, last finite cost and lr/10 otherwise", () => {
  checkCostFinite(3.5, 4, 0.5, [4, 3.6]);
  checkCostFinite(-1e300, 0, 0.5, []);
  assert.throws(() => checkCostFinite(-Infinity, 0, 0.5, []), { message: "train: the starting cost is -Infinity before any update; check X, Y and params for NaN or ±Infinity" });
  assert.throws(() => checkCostFinite(Infinity, 2, 0.5, [4, 3.25]), {
    message: "train: the cost became Infinity at epoch 2 (lr = 0.5, last finite cost 3.25); gradient descent is diverging: try a smaller learning rate, e.g. lr = 0.05",
  });
  // Called from elsewhere without the history, it says so rather than print undefined.
  assert.throws(() => checkCostFinite(NaN, 3, 2, []), {
    message: "train: the cost became NaN at epoch 3 (lr = 2, last finite cost none); gradient descent is diverging: try a smaller learning rate, e.g. lr = 0.2",
  });
});

test("the learning rate must be a finite number > 0: tiny, huge, negative, infinite and non-numbers", () => {
  const p = initParams([2, 1], { seed: 9 });
  const o = { hidden: "identity", output: "identity", loss: "mse", epochs: 1 } as const;
  assert.equal(train(p, X, Y, { ...o, lr: 1e-300 }).costs.length, 2);
  for (const lr of [-0.1, Infinity, -Infinity, "0.1", null]) {
    assert.throws(() => train(p, X, Y, { ...o, lr: lr as number }), { message: `the learning rate lr must be a finite number > 0, got ${String(lr)}` }, String(lr));
    assert.throws(() => updateParams(p, {}, lr as number), { message: `the learning rate lr must be a finite number > 0, got ${String(lr)}` }, String(lr));
  }
  assert.throws(() => train(p, X, Y, { ...o, lr: 0.1, epochs: NaN }), { message: "train: epochs must be an integer ≥ 0, got NaN" });
});
