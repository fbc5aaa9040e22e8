// Costs J(AL, Y) averaged over the m examples, and their derivatives dAL. Lessons 01, 08, 10.
//
// Shapes: AL and Y are (nL, m): one column per example (nL = 1 for a house price or a yes/no).
// Convention (the one of the deeplearning.ai course): J = (1/m) Σ_i L(a⁽ⁱ⁾, y⁽ⁱ⁾), where the loss L of one
// example sums over its nL outputs (so every cost below divides by m, never by nL), and
// costPrime returns dAL = ∂L/∂AL per example, WITHOUT the 1/m; linearBackward applies the 1/m once
// (dW = dZ·A_prevᵀ / m). So ∂J/∂AL = dAL / m.
import { Matrix, map, shapeOf, sub, sum } from "./matrix";

/** The costs a network can be trained on. */
export type LossName = "mse" | "mse-half" | "cross-entropy";

/**
 * Cross-entropy clips A into [EPSILON, 1 − EPSILON] before taking logs, so J stays finite when a
 * saturated sigmoid returns exactly 0 or 1 (log 0 = −∞). 1e-12 changes no cost above ~1e-12 and is
 * far enough from 1 that 1 − 1e-12 is still a distinct double.
 */
export const CROSS_ENTROPY_EPSILON = 1e-12;

function checkConvention(op: string, convention: unknown): void {
  if (convention !== "mean" && convention !== "half") {
    throw new Error(`${op}: unknown convention ${JSON.stringify(convention)}: expected "mean" or "half"`);
  }
}

function checkPair(op: string, AL: Matrix, Y: Matrix): void {
  if (AL.rows !== Y.rows || AL.cols !== Y.cols) {
    throw new Error(`${op}: AL is ${shapeOf(AL)} but Y is ${shapeOf(Y)}; they must have the same shape (nL, m)`);
  }
  if (AL.cols === 0) throw new Error(`${op}: no examples (m = 0), the average cost is undefined`);
}

/**
 * Mean squared error: the squared error of an example summed over its nL outputs, averaged over the m
 * examples (as cross-entropy below is). convention "mean": J = (1/m) Σ_j Σ_i (A_ij − Y_ij)², which for
 * one output (nL = 1) is the plain mean of (A − Y)² that lesson 01 reports for house prices (its square
 * root is in dollars). convention "half": J = (1/2m) Σ_j Σ_i (A_ij − Y_ij)², used from lesson 08 on
 * because the ½ cancels the 2 of the derivative, leaving dAL = A − Y. So "half" = ½ · "mean" for any nL.
 * @param AL (nL, m) predictions @param Y (nL, m) targets. Lessons 01 and 08.
 */
export function mseCost(AL: Matrix, Y: Matrix, { convention }: { convention: "mean" | "half" } = { convention: "mean" }): number {
  checkPair("mseCost", AL, Y);
  checkConvention("mseCost", convention);
  const squares = sum(map(sub(AL, Y), (d) => d * d));
  return convention === "half" ? squares / (2 * AL.cols) : squares / AL.cols;
}

/**
 * dAL of mseCost, per example (∂J/∂AL = dAL / m, see the header): "mean" → 2(A − Y); "half" → A − Y.
 * @param AL (nL, m) @param Y (nL, m) @returns (nL, m). Lesson 08.
 */
export function mseCostPrime(AL: Matrix, Y: Matrix, { convention }: { convention: "mean" | "half" } = { convention: "mean" }): Matrix {
  checkPair("mseCostPrime", AL, Y);
  checkConvention("mseCostPrime", convention);
  const k = convention === "half" ? 1 : 2;
  return map(sub(AL, Y), (d) => k * d);
}

const clip = (a: number) => Math.min(Math.max(a, CROSS_ENTROPY_EPSILON), 1 - CROSS_ENTROPY_EPSILON);

/**
 * Binary cross-entropy: J = −(1/m) Σ [Y log A + (1 − Y) log(1 − A)], with A clipped to
 * [ε, 1 − ε] (CROSS_ENTROPY_EPSILON) so it is finite at A = 0 or 1. For a sigmoid output (Y in {0, 1}).
 * @param AL (nL, m) probabilities @param Y (nL, m) labels. Lesson 10.
 */
export function crossEntropyCost(AL: Matrix, Y: Matrix): number {
  checkPair("crossEntropyCost", AL, Y);
  let total = 0;
  for (let k = 0; k < AL.data.length; k++) {
    const a = clip(AL.data[k]);
    const y = Y.data[k];
    total += y * Math.log(a) + (1 - y) * Math.log(1 - a);
  }
  return -total / AL.cols;
}

/**
 * dAL of cross-entropy, per example: −(Y/A − (1 − Y)/(1 − A)), with A clipped as in the cost.
 * @param AL (nL, m) @param Y (nL, m) @returns (nL, m). Lesson 10.
 */
export function crossEntropyCostPrime(AL: Matrix, Y: Matrix): Matrix {
  checkPair("crossEntropyCostPrime", AL, Y);
  return map(AL, (a, i, j) => {
    const y = Y.get(i, j);
    const c = clip(a);
    return -(y / c - (1 - y) / (1 - c));
  });
}

function checkLoss(loss: string): void {
  if (loss !== "mse" && loss !== "mse-half" && loss !== "cross-entropy") {
    throw new Error(`unknown loss ${JSON.stringify(loss)}: expected one of mse, mse-half, cross-entropy`);
  }
}

/** J(AL, Y) by name: "mse" ((1/m)Σ(A − Y)²), "mse-half" ((1/2m)Σ(A − Y)²) or "cross-entropy". @param AL (nL, m) @param Y (nL, m). Lesson 08. */
export function cost(AL: Matrix, Y: Matrix, loss: LossName): number {
  checkLoss(loss);
  if (loss === "cross-entropy") return crossEntropyCost(AL, Y);
  return mseCost(AL, Y, { convention: loss === "mse-half" ? "half" : "mean" });
}

/** dAL = ∂L/∂AL per example (see the header: the 1/m comes later) by name. @param AL (nL, m) @param Y (nL, m) @returns (nL, m). Lesson 08. */
export function costPrime(AL: Matrix, Y: Matrix, loss: LossName): Matrix {
  checkLoss(loss);
  if (loss === "cross-entropy") return crossEntropyCostPrime(AL, Y);
  return mseCostPrime(AL, Y, { convention: loss === "mse-half" ? "half" : "mean" });
}
