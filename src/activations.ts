// Activation functions g and their derivatives g', on a number or elementwise on a Matrix Z (n_l, m).
// Lessons 02 (sigmoid), 05 (why activations), 06 (sigmoid's derivative), 07 (ReLU).
import { Matrix, map } from "./matrix";

/** The activations a layer may use. */
export type ActivationName = "sigmoid" | "relu" | "tanh" | "identity";

type Elementwise = {
  (z: number): number;
  (Z: Matrix): Matrix;
  (z: number | Matrix): number | Matrix;
};

// Lifts a scalar function to one that also maps over every entry of a Matrix.
function elementwise(f: (z: number) => number): Elementwise {
  return ((z: number | Matrix) => (z instanceof Matrix ? map(z, f) : f(z))) as Elementwise;
}

/**
 * σ(z) = 1 / (1 + e^(−z)), elementwise. @param z a number or Z (n_l, m). Lesson 02.
 * NOTE: two branches so that Math.exp only ever sees −|z| ≤ 0: no intermediate overflows to ∞ for
 * large |z| (the one-line e^z/(1 + e^z) is ∞/∞ = NaN at z = +1000), and the result stays in [0, 1].
 */
export const sigmoid = elementwise((z) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z))));

/**
 * σ'(z) = σ(z)(1 − σ(z)), elementwise (derived in lesson 06). @param z a number or Z (n_l, m).
 * NOTE: computed as σ(z)·σ(−z), which is the same number since 1 − σ(z) = σ(−z), but keeps its
 * precision in saturation: at z = 40, 1 − σ(40) rounds to 0 while σ(−40) ≈ 4.2e-18 is exact.
 */
export const sigmoidPrime = elementwise((z) => sigmoid(z) * sigmoid(-z));

/** tanh(z) = (e^z − e^(−z)) / (e^z + e^(−z)), elementwise (Math.tanh: no overflow at ±1000). @param z a number or Z (n_l, m). Lesson 07. */
export const tanh = elementwise(Math.tanh);

/**
 * tanh'(z) = 1 − tanh²(z), elementwise. @param z a number or Z (n_l, m). Lesson 07.
 * NOTE: computed as 1 / cosh²(z), the same number (cosh² − sinh² = 1), which unlike 1 − tanh² does
 * not round to exactly 0 for |z| ≳ 19; cosh(±1000) = ∞ gives 1/∞ = 0, the right limit.
 */
export const tanhPrime = elementwise((z) => 1 / (Math.cosh(z) * Math.cosh(z)));

/**
 * ReLU(z) = max(0, z), elementwise. @param z a number or Z (n_l, m). Lesson 07.
 * NOTE: written `z < 0 ? 0 : z`, not `z > 0 ? z : 0`, which would silently turn NaN into 0.
 */
export const relu = elementwise((z) => (z < 0 ? 0 : z));

/**
 * ReLU'(z) = 1 if z ≥ 0, 0 if z < 0, elementwise. @param z a number or Z (n_l, m). Lesson 07.
 * NOTE: ReLU has no derivative at exactly z = 0 (the kink: slopes 0 and 1 meet). Following the notes
 * ("if z ≥ 0 → ReLU' = 1") we use 1 there, so reluPrime(0) === 1. NaN stays NaN.
 */
export const reluPrime = elementwise((z) => (Number.isNaN(z) ? NaN : z >= 0 ? 1 : 0));

/** identity(z) = z: "no activation", the case whose layers collapse into one (lesson 05). @param z a number or Z (n_l, m). */
export const identity = elementwise((z) => z);

/** identity'(z) = 1 (NaN stays NaN). @param z a number or Z (n_l, m). Lesson 05. */
export const identityPrime = elementwise((z) => (Number.isNaN(z) ? NaN : 1));

/** Each activation g with its derivative g', by name, so a network can be described by strings. Lesson 08. */
export const activations: Record<ActivationName, { f: Elementwise; fPrime: Elementwise }> = {
  sigmoid: { f: sigmoid, fPrime: sigmoidPrime },
  relu: { f: relu, fPrime: reluPrime },
  tanh: { f: tanh, fPrime: tanhPrime },
  identity: { f: identity, fPrime: identityPrime },
};

/** The {f, fPrime} pair named `name`; throws naming the valid choices for anything else. Lesson 08. */
export function getActivation(name: string): { f: Elementwise; fPrime: Elementwise } {
  if (!Object.prototype.hasOwnProperty.call(activations, name)) {
    throw new Error(`unknown activation ${JSON.stringify(name)}: expected one of ${Object.keys(activations).join(", ")}`);
  }
  return activations[name as ActivationName];
}
