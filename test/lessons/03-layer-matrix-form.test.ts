// Lesson 03 (a layer in matrix form): the identities the lesson derives, against independent computations.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Matrix, add, allClose, matmul, maxAbsDiff, transpose } from "../../src/matrix";
import { linearForward } from "../../src/layers";
import { sigmoid } from "../../src/activations";
import { makeRng, randomMatrix } from "../../src/random";

// The lesson's notes-indexed table: wNotes[i][j] = w_ij, the weight from input i to neuron j.
const wNotes = [
  [2.0, -0.4, 0.6],
  [0.5, 1.5, -0.7],
  [0.3, 0.2, 1.2],
];
const bias = [0, 0.1, -0.5];
const x = [2.3, -0.6, 0.9];

function notesW(w: number[][]): Matrix {
  const W = Matrix.zeros(w[0].length, w.length);
  for (let i = 0; i < w.length; i++) for (let j = 0; j < w[0].length; j++) W.set(j, i, w[i][j]);
  return W;
}

test("the notes' w_ij goes to row j, column i of W, which is the transpose of the matrix the notes draw", () => {
  const W = notesW(wNotes);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) assert.equal(W.get(j, i), wNotes[i][j]);
  assert.ok(allClose(W, transpose(Matrix.from(wNotes)), 0));
});

test("Wx + b equals the three sums z_j = w_1j x1 + w_2j x2 + w_3j x3 + b_j written out, bit for bit", () => {
  const Z = linearForward(notesW(wNotes), Matrix.column(x), Matrix.column(bias));
  assert.deepEqual(Z.shape, [3, 1]);
  for (let j = 0; j < 3; j++) assert.equal(Z.get(j, 0), wNotes[0][j] * x[0] + wNotes[1][j] * x[1] + wNotes[2][j] * x[2] + bias[j]);
});

test("the notes' drawn matrix read literally does not give the neurons' sums", () => {
  const literal = add(matmul(Matrix.from(wNotes), Matrix.column(x)), Matrix.column(bias));
  const right = linearForward(notesW(wNotes), Matrix.column(x), Matrix.column(bias));
  assert.ok(maxAbsDiff(literal, right) > 0.5);
});

test("A = G(Z) applies σ to each neuron's sum", () => {
  const Z = linearForward(notesW(wNotes), Matrix.column(x), Matrix.column(bias));
  const A = sigmoid(Z);
  for (let j = 0; j < 3; j++) assert.ok(Math.abs(A.get(j, 0) - 1 / (1 + Math.exp(-Z.get(j, 0)))) <= 1e-15);
});

test("the general layer (n1,nx)(nx,1)+(n1,1) with n1 = 4, nx = 8 gives (4,1) equal to Σ_i W_ji x_i + b_j", () => {
  const rng = makeRng(3);
  const W = randomMatrix(4, 8, rng, (g) => g.uniform(-1, 1));
  const b = randomMatrix(4, 1, rng, (g) => g.uniform(-1, 1));
  const xv = randomMatrix(8, 1, rng, (g) => g.normal(0, 1));
  const Z = linearForward(W, xv, b);
  assert.deepEqual(Z.shape, [4, 1]);
  for (let j = 0; j < 4; j++) {
    let z = 0;
    for (let i = 0; i < 8; i++) z += W.get(j, i) * xv.get(i, 0);
    assert.equal(Z.get(j, 0), z + b.get(j, 0));
  }
});

test("a batch X (nx, m) gives Z (n1, m) whose column k is the layer applied to example k alone", () => {
  const rng = makeRng(33);
  const [n1, nx, m] = [3, 5, 7];
  const W = randomMatrix(n1, nx, rng, (g) => g.uniform(-1, 1));
  const b = randomMatrix(n1, 1, rng, (g) => g.uniform(-1, 1));
  const X = randomMatrix(nx, m, rng, (g) => g.normal(0, 1));
  const Z = linearForward(W, X, b);
  assert.deepEqual(Z.shape, [n1, m]);
  for (let k = 0; k < m; k++) {
    const xk = Matrix.column(Array.from({ length: nx }, (_, i) => X.get(i, k)));
    assert.equal(xk.rows, nx);
    // Example k alone, by a loop over the definition (not linearForward again).
    for (let j = 0; j < n1; j++) {
      let s = 0;
      for (let i = 0; i < nx; i++) s += W.get(j, i) * xk.get(i, 0);
      assert.equal(Z.get(j, k), s + b.get(j, 0), `example ${k}, neuron ${j}`);
    }
  }
});

test("+ b broadcasts: WX + b adds b_j to every entry of row j, and a bias given as a row is refused naming both shapes", () => {
  const rng = makeRng(34);
  const WX = randomMatrix(3, 5, rng, (g) => g.normal(0, 1));
  const b = Matrix.column(bias);
  const S = add(WX, b);
  for (let j = 0; j < 3; j++) for (let k = 0; k < 5; k++) assert.equal(S.get(j, k), WX.get(j, k) + bias[j]);
  assert.throws(() => add(WX, Matrix.row(bias)), /\(3,5\).*\(1,3\)/);
});
