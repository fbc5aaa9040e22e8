// The network of any depth: initialisation, the forward pass against layers written as loops, errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { backward, cloneParams, depth, forward, initParams } from "../src/network";
import { Matrix } from "../src/matrix";
import { makeRng, randomMatrix } from "../src/random";
import { assertClose } from "./helpers/assert-close";

// Sums of ≤ 4 products of numbers ≤ 1 that the loops add in their own order: a few ulps.
const SUM_ORDER_TOL = 1e-15;
// tanh and σ written out differ from the library's by a few ulps of values ≤ 1; through W2 (entries
// ≤ 1/2) and a second σ these stay far below 1e-14, while a wrong layer is off by ≳ 1e-2.
const ACTIVATION_TOL = 1e-14;
// Sample moments of ~10 000 draws: standard error ≈ 1% of the sd; 5% is a safe margin.
const MOMENT_TOL = 0.05;

const X = randomMatrix(3, 4, makeRng(9), (g) => g.uniform(-1, 1));

test("initParams gives Wl (n_l, n_{l−1}) and zero bl (n_l, 1) for every layer", () => {
  const p = initParams([3, 5, 2, 1], { seed: 1 });
  assert.deepEqual(Object.keys(p), ["W1", "b1", "W2", "b2", "W3", "b3"]);
  assert.deepEqual([p.W1.shape, p.b1.shape, p.W2.shape, p.b2.shape, p.W3.shape, p.b3.shape], [[5, 3], [5, 1], [2, 5], [2, 1], [1, 2], [1, 1]]);
  assert.ok([p.b1, p.b2, p.b3].every((b) => b.data.every((v) => v === 0)));
  assert.equal(depth(p), 3);
});

test("the default uniform initialisation stays within ±1/√fan_in and the same seed repeats it", () => {
  const p = initParams([4, 50], { seed: 2 });
  assert.ok(p.W1.data.every((w) => Math.abs(w) <= 1 / Math.sqrt(4)));
  assert.deepEqual(initParams([4, 50], { seed: 2 }).W1.data, p.W1.data);
  assert.notDeepEqual(initParams([4, 50], { seed: 3 }).W1.data, p.W1.data);
});

test("he, xavier and small draw weights with the documented standard deviations", () => {
  const sdOf = (M: Matrix) => Math.sqrt(M.data.reduce((s, v) => s + v * v, 0) / M.data.length);
  const [fanIn, fanOut] = [100, 100];
  const expected = { he: Math.sqrt(2 / fanIn), xavier: Math.sqrt(2 / (fanIn + fanOut)), small: 0.01 } as const;
  for (const method of ["he", "xavier", "small"] as const) {
    const sd = sdOf(initParams([fanIn, fanOut], { seed: 4, method }).W1);
    assert.ok(Math.abs(sd / expected[method] - 1) < MOMENT_TOL, `${method}: ${sd}`);
  }
});

test("initParams rejects a wrong layerDims and an unknown method", () => {
  assert.throws(() => initParams([3], { seed: 1 }), /layerDims must be at least two positive integers/);
  assert.throws(() => initParams([3, 0, 1], { seed: 1 }), /got \[3,0,1\]/);
  assert.throws(() => initParams([3, 2.5], { seed: 1 }), /positive integers/);
  assert.throws(() => initParams([3, 2], { seed: 1, method: "glorot" as "he" }), /unknown method "glorot"/);
});

test("forward equals the layers written out as loops: Z1 = W1·X + b1, A1 = tanh(Z1), Z2 = W2·A1 + b2, A2 = σ(Z2)", () => {
  const p = initParams([3, 4, 1], { seed: 5 });
  p.b1 = Matrix.column([0.1, -0.2, 0.3, 0.05]);
  p.b2 = Matrix.column([-0.4]);
  const { AL, cache } = forward(p, X, { hidden: "tanh", output: "sigmoid" });
  // One layer by hand: z_jk = Σ_i W_ji A_ik + b_j, no library call.
  const layer = (W: number[][], A: number[][], b: number[][]) =>
    W.map((row, j) => A[0].map((_, k) => row.reduce((s, w, i) => s + w * A[i][k], 0) + b[j][0]));
  const Z1 = layer(p.W1.toArray(), X.toArray(), p.b1.toArray());
  const A1 = Z1.map((row) => row.map((z) => 1 - 2 / (Math.exp(2 * z) + 1))); // tanh written out
  const Z2 = layer(p.W2.toArray(), A1, p.b2.toArray());
  const A2 = Z2.map((row) => row.map((z) => 1 / (1 + Math.exp(-z))));
  assert.deepEqual(Object.keys(cache), ["A0", "Z1", "A1", "Z2", "A2"]);
  assert.equal(cache.A0, X);
  assertClose(cache.Z1, Matrix.from(Z1), SUM_ORDER_TOL);
  assertClose(cache.A1, Matrix.from(A1), ACTIVATION_TOL);
  assertClose(cache.Z2, Matrix.from(Z2), ACTIVATION_TOL);
  assertClose(AL, Matrix.from(A2), ACTIVATION_TOL);
  assert.equal(cache.A2, AL);
});

test("forward names the mismatch between W1 and X, unknown activations and missing parameters", () => {
  const p = initParams([3, 2, 1], { seed: 6 });
  assert.throws(() => forward(p, Matrix.zeros(4, 2), { hidden: "relu", output: "identity" }), {
    message: "forward: W1 is (2,3) but X is (4,2): X needs 3 rows (nx), one example per column",
  });
  assert.throws(() => forward(p, X, { hidden: "elu" as "relu", output: "identity" }), /unknown activation "elu"/);
  assert.throws(() => forward(p, X, { hidden: "relu", output: "relu" as "identity" }), /unknown output activation "relu": expected sigmoid or identity/);
  const { b2, ...missing } = p;
  assert.ok(b2);
  assert.throws(() => forward(missing, X, { hidden: "relu", output: "identity" }), { message: "params is missing b2 (it has W1, b1, W2)" });
  assert.throws(() => depth({}), /params has no W1/);
  assert.throws(() => depth({ ...p, W2: Matrix.zeros(1, 3) }), /W1 is \(2,3\) so W2 needs 2 columns, but it is \(1,3\)/);
  assert.throws(() => depth({ ...p, b1: Matrix.zeros(1, 2) }), /b1 must be \(2,1\)/);
});

test("backward rejects a Y whose shape differs from AL instead of broadcasting it", () => {
  const p = initParams([3, 2, 1], { seed: 7 });
  const { cache } = forward(p, X, { hidden: "relu", output: "sigmoid" });
  assert.throws(() => backward(p, cache, Matrix.zeros(1, 1), { hidden: "relu", output: "sigmoid", loss: "cross-entropy" }), {
    message: "backward: AL is (1,4) but Y is (1,1); they must have the same shape (nL, m)",
  });
});

test("backward lists dW1, db1, …, dWL, dbL with the shapes of W1, b1, …", () => {
  const p = initParams([3, 4, 2, 1], { seed: 8 });
  const { cache } = forward(p, X, { hidden: "relu", output: "identity" });
  const grads = backward(p, cache, Matrix.zeros(1, 4), { hidden: "relu", output: "identity", loss: "mse" });
  assert.deepEqual(Object.keys(grads), ["dW1", "db1", "dW2", "db2", "dW3", "db3"]);
  for (const name of Object.keys(p)) assert.deepEqual(grads[`d${name}`].shape, p[name].shape);
});

test("cloneParams copies the numbers, so changing the clone leaves the original alone", () => {
  const p = initParams([2, 2], { seed: 9 });
  const q = cloneParams(p);
  q.W1.set(0, 0, 123);
  assert.notEqual(p.W1.get(0, 0), 123);
  assert.deepEqual(Object.keys(q), Object.keys(p));
});

test("initParams refuses what is not an array of sizes, with the message it gives for other bad layerDims", () => {
  for (const bad of [5, "ab", null, [3, -1], [0, 2]]) {
    assert.throws(() => initParams(bad as unknown as number[], { seed: 1 }), { message: `initParams: layerDims must be at least two positive integers [nx, n1, …, nL], got ${JSON.stringify(bad)}` });
  }
  assert.throws(() => initParams([3, 2], { seed: 1, method: "toString" as "he" }), { message: 'initParams: unknown method "toString": expected one of uniform, xavier, he, small' });
  // The smallest network, one layer: W1 (1, 1) and b1 (1, 1).
  assert.deepEqual(Object.keys(initParams([1, 1], { seed: 1 })), ["W1", "b1"]);
});

test("the default uniform initialisation fills ±1/√fan_in: its sample sd is that bound/√3, the sd of U(−a, a)", () => {
  // U(−a, a) has mean 0 and sd a/√3; with fan_in 4, a = 1/2.
  const W = initParams([4, 10000], { seed: 5 }).W1;
  const a = 1 / Math.sqrt(4);
  const mean = W.data.reduce((s, v) => s + v, 0) / W.data.length;
  const sd = Math.sqrt(W.data.reduce((s, v) => s + (v - mean) * (v - mean), 0) / W.data.length);
  assert.ok(Math.abs(mean) < MOMENT_TOL * a, `mean ${mean}`);
  assert.ok(Math.abs(sd / (a / Math.sqrt(3)) - 1) < MOMENT_TOL, `sd ${sd}`);
});

test("depth names each of its refusals exactly: nothing, no W1, a b with wrong rows or columns, a b without its W", () => {
  const p = initParams([3, 2, 1], { seed: 6 });
  assert.throws(() => depth({}), { message: "params has no W1 (it has nothing)" });
  assert.throws(() => depth({ b1: p.b1 }), { message: "params has no W1 (it has b1)" });
  assert.throws(() => depth({ ...p, b1: Matrix.zeros(2, 2) }), { message: "params: W1 is (2,3) so b1 must be (2,1), but it is (2,2)" });
  assert.throws(() => depth({ ...p, b1: Matrix.zeros(1, 1) }), { message: "params: W1 is (2,3) so b1 must be (2,1), but it is (1,1)" });
  assert.throws(() => depth({ ...p, b3: Matrix.zeros(1, 1) }), { message: "params has b3 but no W3" });
  // A misshapen last W of three is found too.
  const q = initParams([3, 2, 2, 1], { seed: 6 });
  assert.throws(() => depth({ ...q, W3: Matrix.zeros(1, 3) }), { message: "params: W2 is (2,2) so W3 needs 2 columns, but it is (1,3)" });
  assert.equal(depth(q), 3);
});

test("backward refuses a cache without AL and a Y with other rows than AL", () => {
  const p = initParams([3, 2, 1], { seed: 7 });
  const { cache } = forward(p, X, { hidden: "relu", output: "sigmoid" });
  const opts = { hidden: "relu", output: "sigmoid", loss: "cross-entropy" } as const;
  const { A2, ...noAL } = cache;
  assert.ok(A2);
  assert.throws(() => backward(p, noAL, Matrix.zeros(1, 4), opts), { message: "backward: cache has no A2; pass the cache returned by forward with the same params" });
  assert.throws(() => backward(p, cache, Matrix.zeros(2, 4), opts), { message: "backward: AL is (1,4) but Y is (2,4); they must have the same shape (nL, m)" });
  assert.throws(() => backward(p, cache, Matrix.zeros(1, 4), { ...opts, output: "tanh" as "sigmoid" }), /unknown output activation "tanh"/);
});

test("backward with a sigmoid output and cross-entropy is exact in saturation: dZ = σ(z) − y = 1 at z = 40, y = 0", () => {
  // One unit: z = w·x + b = 40·1 + 0; d/dz [−log(1 − σ(z))] = σ(z), which is 1 − 4e-18, i.e. 1 in doubles.
  // The general chain (∂L/∂a)·σ'(z) with a clipped at 1 − 1e-12 would give ≈ 1e12 · 4e-18 ≈ 4e-6.
  const p = { W1: Matrix.from([[40]]), b1: Matrix.from([[0]]) };
  const opts = { hidden: "identity", output: "sigmoid", loss: "cross-entropy" } as const;
  const { cache } = forward(p, Matrix.from([[1]]), opts);
  const g = backward(p, cache, Matrix.from([[0]]), opts);
  assert.equal(g.dW1.get(0, 0), 1);
  assert.equal(g.db1.get(0, 0), 1);
});

test("backward with an identity output and mse (mean) has dZ = 2(A − Y), written out by hand", () => {
  // a = w·x + b on x = (1, 2), w = 1, b = 0, y = (3, 5): a − y = (−2, −3); J = ((−2)² + (−3)²)/2.
  // dJ/dw = (1/m) Σ 2(a − y)x = (2·(−2)·1 + 2·(−3)·2)/2 = −8; dJ/db = (2·(−2) + 2·(−3))/2 = −5.
  const p = { W1: Matrix.from([[1]]), b1: Matrix.from([[0]]) };
  const X1 = Matrix.row([1, 2]), Y1 = Matrix.row([3, 5]);
  for (const output of ["identity", "sigmoid"] as const) {
    const opts = { hidden: "identity", output, loss: "mse" } as const;
    const { AL, cache } = forward(p, X1, opts);
    const g = backward(p, cache, Y1, opts);
    // The general chain for this output: dz_k = 2(a_k − y_k)·g'(z_k), with g' = 1 or σ(z)(1 − σ(z)) written here.
    // (σ written out here and the library's differ by an ulp or two on values ≤ 2: 1e-14 allows that.)
    const gp = (z: number) => (output === "identity" ? 1 : (1 / (1 + Math.exp(-z))) * (1 - 1 / (1 + Math.exp(-z))));
    const z = [1, 2], x = [1, 2], y = [3, 5];
    const dz = z.map((zk, k) => 2 * (AL.get(0, k) - y[k]) * gp(zk));
    const dW = (dz[0] * x[0] + dz[1] * x[1]) / 2, db = (dz[0] + dz[1]) / 2;
    if (output === "identity") assert.deepEqual([dW, db], [-8, -5]);
    assert.ok(Math.abs(g.dW1.get(0, 0) - dW) <= 1e-14 && Math.abs(g.db1.get(0, 0) - db) <= 1e-14, `${output}: ${g.dW1.get(0, 0)}, ${g.db1.get(0, 0)} vs ${dW}, ${db}`);
  }
});

test("the shortcut dZ = A − Y is only for a sigmoid output: with an identity output, cross-entropy's dZ is −(y/a − (1 − y)/(1 − a))", () => {
  // a = 0.3·1 + 0 = 0.3, y = 1: dZ = −1/0.3, so dW = dZ·x = −10/3 (by hand); A − Y would give −0.7.
  const p = { W1: Matrix.from([[0.3]]), b1: Matrix.from([[0]]) };
  const opts = { hidden: "identity", output: "identity", loss: "cross-entropy" } as const;
  const { cache } = forward(p, Matrix.from([[1]]), opts);
  const g = backward(p, cache, Matrix.from([[1]]), opts);
  assert.ok(Math.abs(g.dW1.get(0, 0) - -10 / 3) <= 1e-15 * 10, `${g.dW1.get(0, 0)}`);
});
