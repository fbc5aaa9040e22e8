// One layer: the matrix form against the notes' per-neuron sums, and its backward pass against loops.
import { test } from "node:test";
import assert from "node:assert/strict";
import { activationBackward, linearBackward, linearForward } from "../src/layers";
import { Matrix, allClose } from "../src/matrix";
import { makeRng, randomMatrix } from "../src/random";
import { sigmoidPrime } from "../src/activations";

// Sums of ≤ 5 products of numbers in [-1, 1] added in a different order: a few ulps.
const SUM_ORDER_TOL = 1e-14;

const rng = makeRng(3);
const rand = (r: number, c: number) => randomMatrix(r, c, rng, (g) => g.uniform(-1, 1));

test("the notes' layer (3,3)(3,1)+(3,1) equals z_j = Σ_i w_ji x_i + b_j written as loops", () => {
  const W = rand(3, 3), x = rand(3, 1), b = rand(3, 1);
  const Z = linearForward(W, x, b);
  assert.deepEqual(Z.shape, [3, 1]);
  for (let j = 0; j < 3; j++) {
    // z_1 = w_11 x_1 + w_21 x_2 + w_31 x_3 + b in the notes' indices; here row j of W holds neuron j's weights.
    let z = b.get(j, 0);
    for (let i = 0; i < 3; i++) z += W.get(j, i) * x.get(i, 0);
    assert.ok(Math.abs(Z.get(j, 0) - z) <= SUM_ORDER_TOL);
  }
});

test("the general shapes (n1,nx)(nx,m)+(n1,1) give (n1,m), and a batch equals its m single columns", () => {
  const [n1, nx, m] = [4, 5, 6];
  const W = rand(n1, nx), X = rand(nx, m), b = rand(n1, 1);
  const Z = linearForward(W, X, b);
  assert.deepEqual(Z.shape, [n1, m]);
  for (let k = 0; k < m; k++) {
    const x = Matrix.column(X.toArray().map((row) => row[k]));
    const z = linearForward(W, x, b);
    for (let j = 0; j < n1; j++) assert.equal(Z.get(j, k), z.get(j, 0), `example ${k}, unit ${j}`);
  }
});

test("linearForward names W, A_prev and b and the rule when shapes do not fit", () => {
  assert.throws(() => linearForward(Matrix.zeros(3, 4), Matrix.zeros(3, 5), Matrix.zeros(3, 1)), {
    message: "linearForward: W is (3,4) but A_prev is (3,5): W.cols (4) must equal A_prev.rows (3)",
  });
  assert.throws(() => linearForward(Matrix.zeros(3, 4), Matrix.zeros(4, 5), Matrix.zeros(1, 3)), {
    message: "linearForward: W is (3,4) so b must be (3,1), but b is (1,3)",
  });
});

test("activationBackward is dA ⊙ g'(Z) entry by entry", () => {
  const dA = rand(2, 3), Z = rand(2, 3);
  const dZ = activationBackward(dA, Z, "sigmoid");
  for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) assert.equal(dZ.get(i, j), dA.get(i, j) * sigmoidPrime(Z.get(i, j)));
  assert.throws(() => activationBackward(dA, rand(3, 2), "relu"), /dA is \(2,3\) but Z is \(3,2\)/);
  assert.throws(() => activationBackward(dA, Z, "swish" as "relu"), /unknown activation "swish"/);
});

test("linearBackward gives dW = dZ·A_prevᵀ/m, db = rowSums(dZ)/m, dA_prev = Wᵀ·dZ, checked by loops", () => {
  const [n, nPrev, m] = [3, 4, 5];
  const dZ = rand(n, m), A_prev = rand(nPrev, m), W = rand(n, nPrev);
  const { dA_prev, dW, db } = linearBackward(dZ, A_prev, W);
  const dWLoop = Matrix.zeros(n, nPrev), dbLoop = Matrix.zeros(n, 1), dALoop = Matrix.zeros(nPrev, m);
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < m; k++) {
      dbLoop.set(j, 0, dbLoop.get(j, 0) + dZ.get(j, k) / m);
      for (let i = 0; i < nPrev; i++) {
        dWLoop.set(j, i, dWLoop.get(j, i) + (dZ.get(j, k) * A_prev.get(i, k)) / m);
        dALoop.set(i, k, dALoop.get(i, k) + W.get(j, i) * dZ.get(j, k));
      }
    }
  }
  assert.ok(allClose(dW, dWLoop, SUM_ORDER_TOL));
  assert.ok(allClose(db, dbLoop, SUM_ORDER_TOL));
  assert.ok(allClose(dA_prev, dALoop, SUM_ORDER_TOL));
  assert.deepEqual([dW.shape, db.shape, dA_prev.shape], [[n, nPrev], [n, 1], [nPrev, m]]);
});

test("linearBackward rejects inconsistent shapes and an empty batch", () => {
  assert.throws(() => linearBackward(Matrix.zeros(3, 5), Matrix.zeros(4, 6), Matrix.zeros(3, 4)), /must be \(n, m\), \(n_prev, m\), \(n, n_prev\)/);
  assert.throws(() => linearBackward(Matrix.zeros(3, 0), Matrix.zeros(4, 0), Matrix.zeros(3, 4)), /no examples/);
});
