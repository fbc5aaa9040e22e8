// Two interleaved spirals: the hardest of the playground's 2-D sets (a boundary that winds around
// the origin), generated from a seed like the sets of toy.ts. No node:fs, no tslab: the playground
// bundles it for the browser.
//
// Legend: m examples, one per column; X (2, m) with row 0 = x1 and row 1 = x2, Y (1, m) of 0/1.
import { Matrix } from "../matrix";
import { makeRng } from "../random";
import type { ToyData } from "./toy";

/**
 * Example k has label y = k mod 2 (balanced, alternating) and a position t ~ U(0, 1) along its arm;
 * its angle is θ = 2π·turns·t + π·y (the second arm is the first turned by half a turn) and its radius
 * r = t, so the noiseless point is (r cos θ, r sin θ), inside the unit disc; then N(0, noise²) is added
 * to each coordinate. Defaults: noise 0.05, 1.5 turns. Draws per example: t, then the two noises.
 * @param m number of examples (≥ 2) @returns X (2, m), Y (1, m) of 0/1
 */
export function spiral(m: number, { seed, noise = 0.05, turns = 1.5 }: { seed: number; noise?: number; turns?: number }): ToyData {
  if (!Number.isInteger(m) || m < 2) throw new Error(`spiral: m must be an integer ≥ 2, got ${String(m)}`);
  if (typeof noise !== "number" || !Number.isFinite(noise) || noise < 0) {
    throw new Error(`spiral: noise must be a finite number ≥ 0 (a standard deviation), got ${String(noise)}`);
  }
  if (typeof turns !== "number" || !Number.isFinite(turns) || turns <= 0) {
    throw new Error(`spiral: turns must be a finite number > 0, got ${String(turns)}`);
  }
  const rng = makeRng(seed);
  const X = Matrix.zeros(2, m);
  const Y = Matrix.zeros(1, m);
  for (let k = 0; k < m; k++) {
    const label = k % 2;
    const t = rng.next();
    const theta = 2 * Math.PI * turns * t + Math.PI * label;
    const e1 = noise > 0 ? rng.normal(0, noise) : 0;
    const e2 = noise > 0 ? rng.normal(0, noise) : 0;
    X.set(0, k, t * Math.cos(theta) + e1);
    X.set(1, k, t * Math.sin(theta) + e2);
    Y.set(0, k, label);
  }
  return { X, Y, description: `two spirals, ${turns} turns, noise ${noise}, m = ${m}` };
}
