// Lesson 05's identity: identity activations collapse any depth into one linear layer; sigmoid does not.
import { test } from "node:test";
import assert from "node:assert/strict";
import { collapseLinear } from "../../src/checks/collapse";
import { Matrix, add, matmul, maxAbsDiff } from "../../src/matrix";
import { forward, initParams } from "../../src/network";
import { makeRng, randomMatrix } from "../../src/random";

// Products of up to four (≤ 5 × 5) matrices of entries ≤ 1 in a different association order: ~1e-15.
const COLLAPSE_TOL = 1e-12;

function randomNet(dims: number[], seed: number) {
  const params = initParams(dims, { seed, method: "he" });
  const rng = makeRng(seed + 1000);
  for (let l = 1; l < dims.length; l++) params[`b${l}`] = randomMatrix(dims[l], 1, rng, (g) => g.normal());
  return params;
}

test("with identity activations a network of depth 2–4 equals collapseLinear's W·X + b on random inputs", () => {
  for (const dims of [[3, 4, 2], [3, 5, 4, 1], [2, 3, 4, 5, 3]]) {
    const params = randomNet(dims, dims.length);
    const X = randomMatrix(dims[0], 10, makeRng(1), (g) => g.normal());
    const { W, b } = collapseLinear(params);
    assert.deepEqual(W.shape, [dims[dims.length - 1], dims[0]]);
    const { AL } = forward(params, X, { hidden: "identity", output: "identity" });
    assert.ok(maxAbsDiff(AL, add(matmul(W, X), b)) < COLLAPSE_TOL, `depth ${dims.length - 1}`);
  }
});

test("for two layers collapseLinear is exactly the notes' W = W2·W1 and b = W2·b1 + b2", () => {
  const p = randomNet([3, 4, 2], 5);
  const { W, b } = collapseLinear(p);
  assert.equal(maxAbsDiff(W, matmul(p.W2, p.W1)), 0);
  assert.equal(maxAbsDiff(b, add(matmul(p.W2, p.b1), p.b2)), 0);
});

test("with sigmoid hidden layers the network is not the collapsed linear map", () => {
  const params = randomNet([3, 4, 2], 6);
  const X = randomMatrix(3, 10, makeRng(2), (g) => g.normal());
  const { W, b } = collapseLinear(params);
  const { AL } = forward(params, X, { hidden: "sigmoid", output: "identity" });
  assert.ok(maxAbsDiff(AL, add(matmul(W, X), b)) > 0.1);
});

test("a single layer collapses to itself, and a broken params is named", () => {
  const p = { W1: Matrix.from([[1, 2]]), b1: Matrix.from([[3]]) };
  assert.deepEqual(collapseLinear(p).W.toArray(), [[1, 2]]);
  assert.throws(() => collapseLinear({ W1: p.W1 }), /params is missing b1/);
});
