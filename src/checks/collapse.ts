// Why activations matter (lesson 05): without them a deep network is one linear layer in disguise.
import { Matrix, add, matmul } from "../matrix";
import { Params, depth } from "../network";

/**
 * The single layer (W, b) equal to L linear layers: W = WL·…·W2·W1 and b folded from the inside out,
 * b ← Wl·b + bl (for two layers b = W2·b1 + b2), since W2(W1x + b1) + b2 = (W2W1)x + (W2b1 + b2). Lesson 05.
 * @param params W1 (n1, nx), b1 (n1, 1), …, WL (nL, n_{L−1}), bL (nL, 1) @returns W (nL, nx), b (nL, 1)
 */
export function collapseLinear(params: Params): { W: Matrix; b: Matrix } {
  const L = depth(params);
  let W = params.W1;
  let b = params.b1;
  for (let l = 2; l <= L; l++) {
    W = matmul(params[`W${l}`], W);
    b = add(matmul(params[`W${l}`], b), params[`b${l}`]);
  }
  return { W, b };
}
