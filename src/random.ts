// The one seeded random generator: every random number in the course comes from here, so the same
// seed gives the same numbers on every machine (Math.random cannot be seeded). Lessons 04 and 10.
import { Matrix } from "./matrix";

/** A seeded source of random numbers; see `makeRng`. */
export interface Rng {
  /** Uniform on [0, 1). */
  next(): number;
  /** Uniform on [a, b). */
  uniform(a: number, b: number): number;
  /** Normal with the given mean and standard deviation (Box-Muller). */
  normal(mean?: number, sd?: number): number;
  /** A uniform integer in {0, 1, …, n−1}. */
  int(n: number): number;
}

/**
 * mulberry32: s ← s + 0x6D2B79F5 (mod 2³²), then an integer hash of s, divided by 2³², gives [0, 1).
 * A small, well-known 32-bit generator (Tommy Ettinger, 2017): fast, passes common statistical tests,
 * and uses only 32-bit integer arithmetic, which JavaScript does identically everywhere. Lesson 04.
 * @param seed any finite number; it is reduced to a 32-bit integer (so 1 and 1 + 2³² give the same stream).
 */
export function makeRng(seed: number): Rng {
  if (typeof seed !== "number" || !Number.isFinite(seed)) {
    throw new Error(`makeRng: seed must be a finite number, got ${String(seed)}`);
  }
  let s = seed >>> 0;
  const next = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    uniform: (a, b) => a + (b - a) * next(),
    normal(mean = 0, sd = 1) {
      // Box-Muller: with u1 in (0, 1] (1 − next(), so log never sees 0), √(−2 ln u1)·cos(2π u2) ~ N(0, 1).
      const u1 = 1 - next();
      const u2 = next();
      return mean + sd * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    },
    int(n) {
      if (!Number.isInteger(n) || n <= 0) throw new Error(`int: n must be a positive integer, got ${n}`);
      return Math.floor(n * next());
    },
  };
}

/** A uniformly random permutation of 0, 1, …, n−1 (Fisher-Yates). Lesson 10 (the train/test split). */
export function shuffledIndices(n: number, rng: Rng): number[] {
  if (!Number.isInteger(n) || n < 0) throw new Error(`shuffledIndices: n must be a non-negative integer, got ${n}`);
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  return idx;
}

/**
 * An (r, c) matrix whose entries are draw(rng), filled row by row (so the order is reproducible).
 * Example: randomMatrix(3, 2, rng, (g) => g.normal(0, 0.01)). Lesson 04.
 * @returns (r, c)
 */
export function randomMatrix(r: number, c: number, rng: Rng, draw: (rng: Rng) => number): Matrix {
  const M = Matrix.zeros(r, c);
  for (let k = 0; k < M.data.length; k++) M.data[k] = draw(rng);
  return M;
}
