// Small seeded toy data sets, generated (nothing shipped): a 1-D curve to regress, and 2-D point
// clouds with 0/1 labels to classify. Lessons 05 and 07 introduce them; the playground draws them too,
// so this module imports only the matrix and the seeded generator (no node:fs, no tslab).
//
// Legend: m examples, one per column. Regression: X (1, m), Y (1, m). Classification: X (2, m) with
// row 0 = x1 and row 1 = x2, Y (1, m) with entries 0 or 1.
import { Matrix } from "../matrix";
import { Rng, makeRng } from "../random";

/** A data set: inputs X (nx, m), targets Y (1, m), and a one-line description of how it was made. */
export interface ToyData {
  X: Matrix;
  Y: Matrix;
  description: string;
}

/** The 1-D targets curveData can draw: "sine" y = sin(x), "bump" y = e^(−x²). */
export type CurveKind = "sine" | "bump";

const CURVES: Record<CurveKind, { f: (x: number) => number; tex: string }> = {
  sine: { f: Math.sin, tex: "sin(x)" },
  bump: { f: (x) => Math.exp(-x * x), tex: "e^(−x²)" },
};

function checkCount(op: string, m: number, min: number): void {
  if (!Number.isInteger(m) || m < min) throw new Error(`${op}: m must be an integer ≥ ${min}, got ${String(m)}`);
}

function checkNoise(op: string, noise: number): void {
  if (typeof noise !== "number" || !Number.isFinite(noise) || noise < 0) {
    throw new Error(`${op}: noise must be a finite number ≥ 0 (a standard deviation), got ${String(noise)}`);
  }
}

/**
 * y = f(x) + ε with f = sin ("sine", default) or x ↦ e^(−x²) ("bump"), x ~ U(xMin, xMax) sorted
 * ascending (so a line through the points draws the curve), ε ~ N(0, noise²). Defaults: x in [−π, π],
 * noise 0.1. A curved target that no straight line fits: lesson 05.
 * @param m number of examples (≥ 1) @returns X (1, m), Y (1, m)
 */
export function curveData(
  m: number,
  { seed, kind = "sine", noise = 0.1, xMin = -Math.PI, xMax = Math.PI }: { seed: number; kind?: CurveKind; noise?: number; xMin?: number; xMax?: number },
): ToyData {
  checkCount("curveData", m, 1);
  checkNoise("curveData", noise);
  if (!Object.prototype.hasOwnProperty.call(CURVES, kind)) {
    throw new Error(`curveData: unknown kind ${JSON.stringify(kind)}: expected one of ${Object.keys(CURVES).join(", ")}`);
  }
  if (!(Number.isFinite(xMin) && Number.isFinite(xMax) && xMin < xMax)) {
    throw new Error(`curveData: need finite xMin < xMax, got [${xMin}, ${xMax}]`);
  }
  const rng = makeRng(seed);
  const xs = Array.from({ length: m }, () => rng.uniform(xMin, xMax)).sort((a, b) => a - b);
  const { f, tex } = CURVES[kind];
  const ys = xs.map((x) => f(x) + (noise > 0 ? rng.normal(0, noise) : 0));
  return { X: Matrix.row(xs), Y: Matrix.row(ys), description: `y = ${tex} + N(0, ${noise}²), x ~ U(${xMin.toFixed(3)}, ${xMax.toFixed(3)}), m = ${m}` };
}

// Fills X (2, m) and Y (1, m) column by column from point(k, rng) → [x1, x2, label].
function cloud(m: number, rng: Rng, point: (k: number, rng: Rng) => [number, number, number]): { X: Matrix; Y: Matrix } {
  const X = Matrix.zeros(2, m);
  const Y = Matrix.zeros(1, m);
  for (let k = 0; k < m; k++) {
    const [x1, x2, label] = point(k, rng);
    X.set(0, k, x1);
    X.set(1, k, x2);
    Y.set(0, k, label);
  }
  return { X, Y };
}

/**
 * Two interleaving half circles. Example k gets label y = k mod 2 (so the classes alternate and are
 * balanced) and an angle t ~ U(0, π); class 0: (cos t, sin t), class 1: (1 − cos t, 0.5 − sin t);
 * then N(0, noise²) is added to each coordinate. Default noise 0.1. Not linearly separable: lesson 07
 * (the vanishing-gradient experiment) and the playground.
 * @param m number of examples (≥ 2) @returns X (2, m), Y (1, m) of 0/1
 */
export function twoMoons(m: number, { seed, noise = 0.1 }: { seed: number; noise?: number }): ToyData {
  checkCount("twoMoons", m, 2);
  checkNoise("twoMoons", noise);
  const { X, Y } = cloud(m, makeRng(seed), (k, rng) => {
    const label = k % 2;
    const t = rng.uniform(0, Math.PI);
    const x1 = label === 0 ? Math.cos(t) : 1 - Math.cos(t);
    const x2 = label === 0 ? Math.sin(t) : 0.5 - Math.sin(t);
    return [x1 + rng.normal(0, noise), x2 + rng.normal(0, noise), label];
  });
  return { X, Y, description: `two moons, noise ${noise}, m = ${m}` };
}

/**
 * Two concentric circles: example k has label y = k mod 2, angle t ~ U(0, 2π), radius 1 for class 0
 * (outer) and `factor` for class 1 (inner, default 0.5), point (r cos t, r sin t) + N(0, noise²) per
 * coordinate. Default noise 0.05. No line separates them, a ring does: lesson 07 (questions) and the playground.
 * @param m number of examples (≥ 2) @returns X (2, m), Y (1, m) of 0/1
 */
export function circles(m: number, { seed, noise = 0.05, factor = 0.5 }: { seed: number; noise?: number; factor?: number }): ToyData {
  checkCount("circles", m, 2);
  checkNoise("circles", noise);
  if (!(factor > 0 && factor < 1)) throw new Error(`circles: factor (inner radius / outer radius) must be in (0, 1), got ${String(factor)}`);
  const { X, Y } = cloud(m, makeRng(seed), (k, rng) => {
    const label = k % 2;
    const r = label === 0 ? 1 : factor;
    const t = rng.uniform(0, 2 * Math.PI);
    return [r * Math.cos(t) + rng.normal(0, noise), r * Math.sin(t) + rng.normal(0, noise), label];
  });
  return { X, Y, description: `circles, inner radius ${factor}, noise ${noise}, m = ${m}` };
}

/**
 * XOR: x1, x2 ~ U(−1, 1) and y = 1 exactly when they have opposite signs (x1·x2 < 0), decided before
 * the noise; then N(0, noise²) is added to each coordinate (default noise 0, so the quadrants are
 * clean). The classic set no single neuron separates: lesson 07 (questions) and the playground.
 * @param m number of examples (≥ 1) @returns X (2, m), Y (1, m) of 0/1
 */
export function xorData(m: number, { seed, noise = 0 }: { seed: number; noise?: number }): ToyData {
  checkCount("xorData", m, 1);
  checkNoise("xorData", noise);
  const { X, Y } = cloud(m, makeRng(seed), (_k, rng) => {
    const x1 = rng.uniform(-1, 1);
    const x2 = rng.uniform(-1, 1);
    const label = x1 * x2 < 0 ? 1 : 0;
    return [x1 + (noise > 0 ? rng.normal(0, noise) : 0), x2 + (noise > 0 ? rng.normal(0, noise) : 0), label];
  });
  return { X, Y, description: `xor, noise ${noise}, m = ${m}` };
}
