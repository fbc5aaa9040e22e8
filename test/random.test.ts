// The seeded generator: reproducible streams and the distributions it promises.
import { test } from "node:test";
import assert from "node:assert/strict";
import { makeRng, randomMatrix, shuffledIndices } from "../src/random";

// With N = 100 000 draws the standard error of a sample mean is sd/√N ≈ 0.003·sd; 0.02 is ~6 standard
// errors, so these statistical checks fail only if the generator is wrong, not by bad luck.
const N = 100_000;
const STAT_TOL = 0.02;

test("the same seed gives the same stream and a different seed a different one", () => {
  const a = makeRng(7), b = makeRng(7), c = makeRng(8);
  const xs = Array.from({ length: 5 }, () => a.next());
  assert.deepEqual(Array.from({ length: 5 }, () => b.next()), xs);
  assert.notDeepEqual(Array.from({ length: 5 }, () => c.next()), xs);
});

test("mulberry32 matches its reference output for seed 0, pinning the numbers for every machine", () => {
  // Independent re-implementation of the published algorithm using BigInt arithmetic mod 2³².
  const M = 2n ** 32n;
  const imul = (x: bigint, y: bigint) => (x * y) % M;
  let s = 0n;
  const ref = () => {
    s = (s + 0x6d2b79f5n) % M;
    let t = s;
    t = imul(t ^ (t >> 15n), t | 1n);
    t = t ^ ((t + imul(t ^ (t >> 7n), t | 61n)) % M);
    return Number(t ^ (t >> 14n)) / 2 ** 32;
  };
  const rng = makeRng(0);
  for (let k = 0; k < 1000; k++) assert.equal(rng.next(), ref());
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

test("normal(mean, sd) has that mean and standard deviation", () => {
  const rng = makeRng(2);
  const xs = Array.from({ length: N }, () => rng.normal(3, 2));
  const m = xs.reduce((a, b) => a + b, 0) / N;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / N);
  assert.ok(Math.abs(m - 3) < STAT_TOL * 2, `mean ${m}`); // tolerance scaled by the sd
  assert.ok(Math.abs(sd - 2) < STAT_TOL * 2, `sd ${sd}`);
  assert.ok(xs.every(Number.isFinite));
});

test("uniform(a, b) stays in [a, b) and int(n) hits every value of 0..n−1", () => {
  const rng = makeRng(3);
  const seen = new Set<number>();
  for (let k = 0; k < 1000; k++) {
    const u = rng.uniform(-2, 5);
    assert.ok(u >= -2 && u < 5);
    const i = rng.int(6);
    assert.ok(Number.isInteger(i) && i >= 0 && i < 6);
    seen.add(i);
  }
  assert.equal(seen.size, 6);
  assert.throws(() => rng.int(0), /int: n must be a positive integer, got 0/);
  assert.throws(() => makeRng(NaN), /makeRng: seed must be a finite number/);
});

test("shuffledIndices is a seeded permutation of 0..n−1", () => {
  const p = shuffledIndices(50, makeRng(4));
  assert.deepEqual([...p].sort((a, b) => a - b), Array.from({ length: 50 }, (_, i) => i));
  assert.notDeepEqual(p, Array.from({ length: 50 }, (_, i) => i));
  assert.deepEqual(shuffledIndices(50, makeRng(4)), p);
  assert.deepEqual(shuffledIndices(0, makeRng(4)), []);
});

test("randomMatrix fills row by row from the generator", () => {
  const M = randomMatrix(2, 3, makeRng(5), (g) => g.next());
  const rng = makeRng(5);
  assert.deepEqual(Array.from(M.data), Array.from({ length: 6 }, () => rng.next()));
  assert.deepEqual(M.shape, [2, 3]);
});
