// The seeded generator against reference vectors from an independent C implementation
// (test/fixtures/random: mulberry32.c, compiled and run by generate.sh), and its draws against the
// distributions they promise.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { makeRng, randomMatrix, shuffledIndices } from "../src/random";

const REF = JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", "random", "mulberry32.json"), "utf8")) as {
  next: Record<string, number[]>; normalSeed: number; normal: number[]; intSeed: number; int: number[]; shuffleSeed: number; shuffle: number[];
};

// With N = 100 000 draws the standard error of a sample mean is sd/√N ≈ 0.003·sd; 0.02 is ~6 standard
// errors, so these statistical checks fail only if the generator is wrong, not by bad luck.
const N = 100_000;
const STAT_TOL = 0.02;
// Box-Muller in C (glibc's log, cos, sqrt) and in JavaScript (V8's) round differently by an ulp or so
// per function; on values |z| ≤ 5 that is a few 1e-16. 1e-14 allows that; a wrong formula is off by ≳ 1e-3.
const NORMAL_TOL = 1e-14;
// Φ(x) = (1 + erf(x/√2))/2 with erf by Abramowitz & Stegun 7.1.26 (|error| ≤ 1.5e-7, far below the
// KS threshold below); a closed form that shares nothing with Box-Muller.
function erf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-x * x);
  return x >= 0 ? y : -y;
}
// Kolmogorov-Smirnov: at significance 0.001 the largest gap between the sample's and the true CDF is
// below 1.949/√N for a correct generator; a mean or sd off by 1% already exceeds it.
const KS_CRIT = 1.949 / Math.sqrt(N);

test("next() gives the C reference's 32-bit outputs divided by 2³², for five seeds", () => {
  for (const [seed, outputs] of Object.entries(REF.next)) {
    const rng = makeRng(Number(seed));
    outputs.forEach((x, k) => assert.equal(rng.next(), x / 2 ** 32, `seed ${seed}, draw ${k}`));
  }
});

test("a seed is reduced to 32 bits as documented: −1 is 2³² − 1, 1 + 2³² is 1, 42.9 is 42", () => {
  for (const [seed, same] of [[-1, "4294967295"], [1 + 2 ** 32, "1"], [42.9, "42"], [-(2 ** 31), "2147483648"]] as const) {
    const rng = makeRng(seed);
    REF.next[same].slice(0, 20).forEach((x, k) => assert.equal(rng.next(), x / 2 ** 32, `seed ${seed}, draw ${k}`));
  }
  assert.throws(() => makeRng(NaN), /makeRng: seed must be a finite number, got NaN/);
  assert.throws(() => makeRng(Infinity), /got Infinity/);
});

test("the same seed gives the same stream and a different seed a different one", () => {
  const a = makeRng(7), b = makeRng(7), c = makeRng(8);
  const xs = Array.from({ length: 5 }, () => a.next());
  assert.deepEqual(Array.from({ length: 5 }, () => b.next()), xs);
  assert.notDeepEqual(Array.from({ length: 5 }, () => c.next()), xs);
});

test("next stays in [0, 1) with mean 1/2 and variance 1/12", () => {
  const rng = makeRng(1);
  let s = 0, s2 = 0;
  for (let k = 0; k < N; k++) {
    const u = rng.next();
    assert.ok(u >= 0 && u < 1);
    s += u; s2 += u * u;
  }
  assert.ok(Math.abs(s / N - 0.5) < STAT_TOL);
  assert.ok(Math.abs(s2 / N - (s / N) ** 2 - 1 / 12) < STAT_TOL);
});

test("normal() is Box-Muller on consecutive draws: the C reference's values, shifted and scaled by mean and sd", () => {
  const rng = makeRng(REF.normalSeed);
  REF.normal.forEach((z, k) => assert.ok(Math.abs(rng.normal() - z) <= NORMAL_TOL, `draw ${k}: ${z}`));
  const scaled = makeRng(REF.normalSeed);
  REF.normal.slice(0, 50).forEach((z, k) => assert.ok(Math.abs(scaled.normal(3, 2) - (3 + 2 * z)) <= 3 * NORMAL_TOL, `draw ${k}`));
});

test("normal(mean, sd) follows the normal distribution: Kolmogorov-Smirnov against the normal CDF Φ((x − mean)/sd)", () => {
  const rng = makeRng(2);
  const xs = Array.from({ length: N }, () => rng.normal(3, 2)).sort((a, b) => a - b);
  const Phi = (x: number) => 0.5 * (1 + erf((x - 3) / (2 * Math.SQRT2)));
  let D = 0;
  xs.forEach((x, k) => { const F = Phi(x); D = Math.max(D, (k + 1) / N - F, F - k / N); });
  assert.ok(D < KS_CRIT, `KS statistic ${D} ≥ ${KS_CRIT}`);
  assert.ok(xs.every(Number.isFinite));
  // The same statistic notices a wrong spread: the sample against N(3, 2.04²) is far outside.
  const wrong = (x: number) => 0.5 * (1 + erf((x - 3) / (2.04 * Math.SQRT2)));
  let Dw = 0;
  xs.forEach((x, k) => { const F = wrong(x); Dw = Math.max(Dw, (k + 1) / N - F, F - k / N); });
  assert.ok(Dw > KS_CRIT, `a 2% wrong sd gives KS ${Dw}`);
});

test("int(n) = ⌊n·next()⌋ equals the C reference's (x·n) >> 32 for n = 1…97", () => {
  const rng = makeRng(REF.intSeed);
  REF.int.forEach((j, k) => assert.equal(rng.int((k % 97) + 1), j, `draw ${k}, n = ${(k % 97) + 1}`));
  assert.throws(() => rng.int(0), /int: n must be a positive integer, got 0/);
  assert.throws(() => rng.int(2.5), /got 2.5/);
});

test("uniform(a, b) = a + (b − a)·next(), inside [a, b), on the C reference's draws", () => {
  const rng = makeRng(42);
  REF.next["42"].forEach((x, k) => {
    const u = rng.uniform(-2, 5);
    assert.equal(u, -2 + 7 * (x / 2 ** 32), `draw ${k}`);
    assert.ok(u >= -2 && u < 5);
  });
});

test("shuffledIndices is the C reference's Fisher-Yates permutation, and a permutation for every n", () => {
  assert.deepEqual(shuffledIndices(50, makeRng(REF.shuffleSeed)), REF.shuffle);
  for (const n of [0, 1, 2, 7]) {
    assert.deepEqual([...shuffledIndices(n, makeRng(n))].sort((a, b) => a - b), Array.from({ length: n }, (_, i) => i));
  }
  assert.throws(() => shuffledIndices(-1, makeRng(1)), /shuffledIndices: n must be a non-negative integer, got -1/);
});

test("randomMatrix fills row by row from the generator", () => {
  const M = randomMatrix(2, 3, makeRng(1), (g) => g.next());
  assert.deepEqual(M.shape, [2, 3]);
  assert.deepEqual(Array.from(M.data), REF.next["1"].slice(0, 6).map((x) => x / 2 ** 32));
  assert.deepEqual(M.toArray()[1], REF.next["1"].slice(3, 6).map((x) => x / 2 ** 32), "row 1 holds draws 3, 4, 5");
  const rng = makeRng(1);
  randomMatrix(2, 3, rng, (g) => g.next());
  assert.equal(rng.next(), REF.next["1"][6] / 2 ** 32, "six entries use six draws: the next is the seventh");
});

test("shuffledIndices(n) draws exactly n − 1 numbers, j = ⌊(i + 1)·u⌋ for i = n − 1 … 1, from the C reference's stream", () => {
  const u = REF.next["1"].map((x) => x / 2 ** 32);
  const rng = makeRng(1);
  const got = shuffledIndices(5, rng);
  // Fisher-Yates written out on the reference draws u0…u3.
  const want = [0, 1, 2, 3, 4];
  for (let i = 4, k = 0; i > 0; i--, k++) {
    const j = Math.floor((i + 1) * u[k]);
    [want[i], want[j]] = [want[j], want[i]];
  }
  assert.deepEqual(got, want);
  assert.equal(rng.next(), u[4], "the next draw is the reference's fifth: four were used");
  for (const n of [2.5, NaN, -0.5]) assert.throws(() => shuffledIndices(n, makeRng(1)), { message: `shuffledIndices: n must be a non-negative integer, got ${n}` });
  assert.throws(() => makeRng(1).int(-3), { message: "int: n must be a positive integer, got -3" });
  assert.throws(() => makeRng("1" as unknown as number), { message: "makeRng: seed must be a finite number, got 1" });
});
