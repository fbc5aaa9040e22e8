// Lesson 05's identity: identity activations collapse any depth into one linear layer; sigmoid does not.
// The reference side never calls matmul, add or forward: the network is evaluated by loops written
// here, and the collapsed (W, b) is read off it by probing (b = f(0), column i of W = f(e_i) − f(0)).
import { test } from "node:test";
import assert from "node:assert/strict";
import { collapseLinear } from "../../src/checks/collapse";
import { Matrix } from "../../src/matrix";
import { Params, initParams } from "../../src/network";
import { makeRng, randomMatrix } from "../../src/random";

// Products of up to four (≤ 5 × 5) matrices with entries of size ~1, summed in other orders: ~1e-14;
// probing subtracts two such outputs. A wrong factor or a missing bias is off by ~1.
const COLLAPSE_TOL = 1e-12;
// Two layers: W2·W1 by a loop adds the same n1 products as the library in the same order (k = 0…n1−1).
const SAME_ORDER_TOL = 0;

function randomNet(dims: number[], seed: number): Params {
  const params = initParams(dims, { seed, method: "he" });
  const rng = makeRng(seed + 1000);
  for (let l = 1; l < dims.length; l++) params[`b${l}`] = randomMatrix(dims[l], 1, rng, (g) => g.normal());
  return params;
}

/** The network with activation g on every layer, on one input x, by loops over the params' numbers. */
function evaluate(params: Params, x: number[], g: (z: number) => number = (z) => z): number[] {
  let a = x;
  for (let l = 1; params[`W${l}`] !== undefined; l++) {
    const W = params[`W${l}`].toArray(), b = params[`b${l}`].toArray();
    a = W.map((row, j) => g(row.reduce((s, w, i) => s + w * a[i], 0) + b[j][0]));
  }
  return a;
}

/** (W, b) read off the network by probing: b = f(0), W[:, i] = f(e_i) − f(0). */
function probe(params: Params, nx: number): { W: number[][]; b: number[] } {
  const zero = Array(nx).fill(0);
  const b = evaluate(params, zero);
  const columns = zero.map((_, i) => evaluate(params, zero.map((__, k) => (k === i ? 1 : 0))).map((v, j) => v - b[j]));
  return { W: b.map((_, j) => columns.map((col) => col[j])), b };
}

const maxDiff = (M: Matrix, rows: number[][]) => Math.max(...rows.flatMap((row, i) => row.map((v, j) => Math.abs(M.get(i, j) - v))));

test("collapseLinear's (W, b) is the affine map a depth 1–4 identity network computes, read off by probing", () => {
  for (const dims of [[3, 2], [3, 4, 2], [3, 5, 4, 1], [2, 3, 4, 5, 3]]) {
    const params = randomNet(dims, dims.length);
    const { W, b } = collapseLinear(params);
    const nL = dims[dims.length - 1];
    assert.deepEqual([W.shape, b.shape], [[nL, dims[0]], [nL, 1]]);
    const ref = probe(params, dims[0]);
    assert.ok(maxDiff(W, ref.W) <= COLLAPSE_TOL, `depth ${dims.length - 1}: W off by ${maxDiff(W, ref.W)}`);
    assert.ok(maxDiff(b, ref.b.map((v) => [v])) <= COLLAPSE_TOL, `depth ${dims.length - 1}: b`);
    // …and W·x + b reproduces the network on inputs it was not read from.
    const rng = makeRng(dims.length);
    for (let k = 0; k < 5; k++) {
      const x = Array.from({ length: dims[0] }, () => rng.normal());
      const y = evaluate(params, x);
      W.toArray().forEach((row, j) => {
        const wx = row.reduce((s, w, i) => s + w * x[i], b.get(j, 0));
        assert.ok(Math.abs(wx - y[j]) <= COLLAPSE_TOL, `depth ${dims.length - 1}, input ${k}, output ${j}`);
      });
    }
  }
});

test("for two layers collapseLinear is the notes' W = W2·W1 and b = W2·b1 + b2, written as loops", () => {
  const p = randomNet([3, 4, 2], 5);
  const { W, b } = collapseLinear(p);
  const [W1, W2, b1, b2] = [p.W1.toArray(), p.W2.toArray(), p.b1.toArray(), p.b2.toArray()];
  const Wloop = W2.map((row) => W1[0].map((_, j) => row.reduce((s, w, k) => s + w * W1[k][j], 0)));
  const bloop = W2.map((row, i) => [row.reduce((s, w, k) => s + w * b1[k][0], 0) + b2[i][0]]);
  assert.ok(maxDiff(W, Wloop) <= SAME_ORDER_TOL);
  assert.ok(maxDiff(b, bloop) <= SAME_ORDER_TOL);
});

test("with sigmoid hidden layers the network is not the collapsed linear map", () => {
  const params = randomNet([3, 4, 2], 6);
  const { W, b } = collapseLinear(params);
  const sigmoidHidden = (x: number[]) => {
    const h = evaluate({ W1: params.W1, b1: params.b1 }, x, (z) => 1 / (1 + Math.exp(-z)));
    return evaluate({ W1: params.W2, b1: params.b2 }, h);
  };
  const rng = makeRng(2);
  let worst = 0;
  for (let k = 0; k < 10; k++) {
    const x = Array.from({ length: 3 }, () => rng.normal());
    const y = sigmoidHidden(x);
    W.toArray().forEach((row, j) => { worst = Math.max(worst, Math.abs(row.reduce((s, w, i) => s + w * x[i], b.get(j, 0)) - y[j])); });
  }
  assert.ok(worst > 0.1, `largest gap ${worst}`);
});

test("a single layer collapses to itself, and a broken params is named", () => {
  const p = { W1: Matrix.from([[1, 2]]), b1: Matrix.from([[3]]) };
  assert.deepEqual(collapseLinear(p).W.toArray(), [[1, 2]]);
  assert.deepEqual(collapseLinear(p).b.toArray(), [[3]]);
  assert.throws(() => collapseLinear({ W1: p.W1 }), /params is missing b1/);
});
