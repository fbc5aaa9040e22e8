// One layer: the matrix form against the notes' per-neuron sums, and its backward pass against loops and
// central differences.
import { test } from "node:test";
import assert from "node:assert/strict";
import { activationBackward, linearBackward, linearForward } from "../src/layers";
import { Matrix } from "../src/matrix";
import { makeRng, randomMatrix } from "../src/random";
import type { ActivationName } from "../src/activations";
import { assertClose } from "./helpers/assert-close";

// Sums of ≤ 5 products of numbers in [-1, 1] added in a different order: a few ulps.
const SUM_ORDER_TOL = 1e-14;
// Central differences with h = 1e-6 of activations whose third derivative is at most 1 on [-1, 1]:
// truncation ~h²/6 ≈ 2e-13, rounding ~ε/h ≈ 2e-10; a wrong derivative is off by ≳ 1e-2.
const FD_H = 1e-6;
const FD_TOL = 1e-9;

const rng = makeRng(3);
const rand = (r: number, c: number) => randomMatrix(r, c, rng, (g) => g.uniform(-1, 1));

test("the notes' layer (3,3)(3,1)+(3,1): z_j = Σ_i w_ij x_i + b_j with w_ij stored at W[j][i]", () => {
  // The notes' weights w_ij (from input i to neuron j) as a table indexed [i][j], and W built by
  // the rule of lesson 03, W[j][i] = w_ij; the sums are written out in the notes' indices.
  const w = [[0.5, -1, 0.25], [2, 0.75, -0.5], [-1.5, 1, 3]];
  const x = [1, -2, 0.5], bias = [0.1, -0.2, 0.3];
  const W = Matrix.zeros(3, 3);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) W.set(j, i, w[i][j]);
  const Z = linearForward(W, Matrix.column(x), Matrix.column(bias));
  assert.deepEqual(Z.shape, [3, 1]);
  // z_1 = w_11 x_1 + w_21 x_2 + w_31 x_3 + b_1, and so on, typed out:
  const byHand = [0.5 * 1 + 2 * -2 + -1.5 * 0.5 + 0.1, -1 * 1 + 0.75 * -2 + 1 * 0.5 - 0.2, 0.25 * 1 + -0.5 * -2 + 3 * 0.5 + 0.3];
  for (let j = 0; j < 3; j++) {
    let z = bias[j];
    for (let i = 0; i < 3; i++) z += w[i][j] * x[i];
    assert.ok(Math.abs(Z.get(j, 0) - z) <= SUM_ORDER_TOL, `z_${j + 1}`);
    assert.ok(Math.abs(Z.get(j, 0) - byHand[j]) <= SUM_ORDER_TOL, `z_${j + 1} by hand`);
  }
});

test("the general shapes (n1,nx)(nx,m)+(n1,1) give (n1,m): Z_jk = Σ_i W_ji X_ik + b_j by loops", () => {
  const [n1, nx, m] = [4, 5, 6];
  const W = rand(n1, nx), X = rand(nx, m), b = rand(n1, 1);
  const Z = linearForward(W, X, b);
  assert.deepEqual(Z.shape, [n1, m]);
  const [w, xs, bs] = [W.toArray(), X.toArray(), b.toArray()];
  for (let k = 0; k < m; k++) {
    for (let j = 0; j < n1; j++) {
      let z = 0;
      for (let i = 0; i < nx; i++) z += w[j][i] * xs[i][k];
      assert.ok(Math.abs(Z.get(j, k) - (z + bs[j][0])) <= SUM_ORDER_TOL, `example ${k}, unit ${j}`);
    }
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

test("activationBackward is dA ⊙ g'(Z): central differences of each activation, written out here", () => {
  // dZ_ij = dA_ij · g'(Z_ij); g' by central differences of g written without the library.
  const g: Record<ActivationName, (z: number) => number> = {
    sigmoid: (z) => 1 / (1 + Math.exp(-z)),
    tanh: (z) => 1 - 2 / (Math.exp(2 * z) + 1),
    relu: (z) => Math.max(0, z),
    identity: (z) => z,
  };
  const dA = rand(2, 3), Z = rand(2, 3);
  for (const name of Object.keys(g) as ActivationName[]) {
    const dZ = activationBackward(dA, Z, name);
    assert.deepEqual(dZ.shape, [2, 3]);
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 3; j++) {
        const z = Z.get(i, j);
        const slope = (g[name](z + FD_H) - g[name](z - FD_H)) / (2 * FD_H);
        assert.ok(Math.abs(dZ.get(i, j) - dA.get(i, j) * slope) <= FD_TOL, `${name} at (${i},${j})`);
      }
    }
  }
  // At the ReLU kink the notes take the right-hand slope, 1: dZ = dA there, and 0 left of it.
  const kink = activationBackward(Matrix.from([[3, -2, 0.5]]), Matrix.from([[0, -1e-300, 1e-300]]), "relu");
  assert.deepEqual(kink.toArray(), [[3, -0, 0.5]]);
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
  assertClose(dW, dWLoop, SUM_ORDER_TOL);
  assertClose(db, dbLoop, SUM_ORDER_TOL);
  assertClose(dA_prev, dALoop, SUM_ORDER_TOL);
  assert.deepEqual([dW.shape, db.shape, dA_prev.shape], [[n, nPrev], [n, 1], [nPrev, m]]);
});

test("linearBackward rejects inconsistent shapes and an empty batch", () => {
  assert.throws(() => linearBackward(Matrix.zeros(3, 5), Matrix.zeros(4, 6), Matrix.zeros(3, 4)), /must be \(n, m\), \(n_prev, m\), \(n, n_prev\)/);
  assert.throws(() => linearBackward(Matrix.zeros(3, 0), Matrix.zeros(4, 0), Matrix.zeros(3, 4)), /no examples/);
});

test("linearForward refuses a b with the right rows but two columns, or one column but the wrong rows", () => {
  const [W, A_prev] = [Matrix.zeros(3, 4), Matrix.zeros(4, 5)];
  assert.throws(() => linearForward(W, A_prev, Matrix.zeros(3, 2)), { message: "linearForward: W is (3,4) so b must be (3,1), but b is (3,2)" });
  assert.throws(() => linearForward(W, A_prev, Matrix.zeros(2, 1)), { message: "linearForward: W is (3,4) so b must be (3,1), but b is (2,1)" });
  // (1,1) would broadcast in add, but a bias has one entry per unit.
  assert.throws(() => linearForward(W, A_prev, Matrix.zeros(1, 1)), { message: "linearForward: W is (3,4) so b must be (3,1), but b is (1,1)" });
});

test("activationBackward refuses dA and Z of different rows or different columns, naming both shapes", () => {
  const Z = Matrix.zeros(3, 3);
  assert.throws(() => activationBackward(Matrix.zeros(2, 3), Z, "relu"), { message: "activationBackward: dA is (2,3) but Z is (3,3); they must have the same shape" });
  assert.throws(() => activationBackward(Matrix.zeros(3, 2), Z, "relu"), { message: "activationBackward: dA is (3,2) but Z is (3,3); they must have the same shape" });
  // A (3,1) dA would broadcast in mul; the chain rule needs one dA per entry of Z.
  assert.throws(() => activationBackward(Matrix.zeros(3, 1), Z, "tanh"), { message: "activationBackward: dA is (3,1) but Z is (3,3); they must have the same shape" });
  assert.throws(() => activationBackward(Z, Z, "elu" as ActivationName), /unknown activation "elu"/);
});

test("linearBackward refuses each of its three shape rules on its own, with one message", () => {
  const msg = (dZ: string, A: string, W: string) => ({ message: `linearBackward: dZ ${dZ}, A_prev ${A}, W ${W} must be (n, m), (n_prev, m), (n, n_prev)` });
  // m differs between dZ and A_prev.
  assert.throws(() => linearBackward(Matrix.zeros(3, 5), Matrix.zeros(4, 6), Matrix.zeros(3, 4)), msg("(3,5)", "(4,6)", "(3,4)"));
  // n differs between dZ and W.
  assert.throws(() => linearBackward(Matrix.zeros(2, 5), Matrix.zeros(4, 5), Matrix.zeros(3, 4)), msg("(2,5)", "(4,5)", "(3,4)"));
  // n_prev differs between A_prev and W.
  assert.throws(() => linearBackward(Matrix.zeros(3, 5), Matrix.zeros(2, 5), Matrix.zeros(3, 4)), msg("(3,5)", "(2,5)", "(3,4)"));
  assert.throws(() => linearBackward(Matrix.zeros(3, 0), Matrix.zeros(4, 0), Matrix.zeros(3, 4)), { message: "linearBackward: no examples (m = 0), the average gradient is undefined" });
});
