// One layer l as a forward/backward pair: Z = W·A_prev + b, A = g(Z), and the chain rule back through it.
// Lessons 03 (the layer in matrix form) and 08 (backward pass).
//
// Legend: n_prev = n_{l−1} units feeding the layer (nx for layer 1), n = n_l units, m examples.
import { ActivationName, getActivation } from "./activations";
import { Matrix, add, matmul, mul, rowSums, scale, shapeOf, transpose } from "./matrix";

/**
 * Z = W·A_prev + b, with b added to every one of the m columns. Row j of Z is the notes'
 * z_j = Σ_i w_ij a_i + b_j for each example, where w_ij is the weight from input i to unit j; the
 * matrix stores it at W[j][i] (row j holds unit j's weights), as lesson 03 derives: W_ji = w_ij. Lesson 03.
 * @param W (n, n_prev) @param A_prev (n_prev, m) @param b (n, 1) @returns Z (n, m)
 */
export function linearForward(W: Matrix, A_prev: Matrix, b: Matrix): Matrix {
  if (W.cols !== A_prev.rows) {
    throw new Error(`linearForward: W is ${shapeOf(W)} but A_prev is ${shapeOf(A_prev)}: W.cols (${W.cols}) must equal A_prev.rows (${A_prev.rows})`);
  }
  if (b.rows !== W.rows || b.cols !== 1) {
    throw new Error(`linearForward: W is ${shapeOf(W)} so b must be (${W.rows},1), but b is ${shapeOf(b)}`);
  }
  return add(matmul(W, A_prev), b);
}

/**
 * dZ = dA ⊙ g'(Z): the chain rule through the elementwise activation A = g(Z). Lesson 08.
 * @param dA (n, m) @param Z (n, m) @param g the activation used in the forward pass @returns dZ (n, m)
 */
export function activationBackward(dA: Matrix, Z: Matrix, g: ActivationName): Matrix {
  const { fPrime } = getActivation(g);
  if (dA.rows !== Z.rows || dA.cols !== Z.cols) {
    throw new Error(`activationBackward: dA is ${shapeOf(dA)} but Z is ${shapeOf(Z)}; they must have the same shape`);
  }
  return mul(dA, fPrime(Z));
}

/**
 * Back through Z = W·A_prev + b, averaging the parameter gradients over the m examples:
 * dW = dZ·A_prevᵀ / m, db = rowSums(dZ) / m, dA_prev = Wᵀ·dZ (no 1/m: it is per example). Lesson 08.
 * @param dZ (n, m) @param A_prev (n_prev, m) @param W (n, n_prev)
 * @returns dA_prev (n_prev, m), dW (n, n_prev), db (n, 1)
 */
export function linearBackward(dZ: Matrix, A_prev: Matrix, W: Matrix): { dA_prev: Matrix; dW: Matrix; db: Matrix } {
  if (dZ.cols !== A_prev.cols || dZ.rows !== W.rows || A_prev.rows !== W.cols) {
    throw new Error(
      `linearBackward: dZ ${shapeOf(dZ)}, A_prev ${shapeOf(A_prev)}, W ${shapeOf(W)} must be (n, m), (n_prev, m), (n, n_prev)`,
    );
  }
  if (dZ.cols === 0) throw new Error("linearBackward: no examples (m = 0), the average gradient is undefined");
  const m = dZ.cols;
  return {
    dA_prev: matmul(transpose(W), dZ),
    dW: scale(matmul(dZ, transpose(A_prev)), 1 / m),
    db: scale(rowSums(dZ), 1 / m),
  };
}
