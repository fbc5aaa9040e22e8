// The two-spirals set: deterministic from its seed, and each noiseless point recomputed from the
// polar form (radius t, angle 2π·turns·t + π·label) read back with atan2, independently of the code.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spiral } from "../../src/data/spiral";
import { makeRng } from "../../src/random";

test("spiral: the same seed gives the same points, bit for bit; another seed other points", () => {
  const a = spiral(300, { seed: 7, noise: 0.1 }), b = spiral(300, { seed: 7, noise: 0.1 });
  assert.deepEqual(a.X.data, b.X.data);
  assert.deepEqual(a.Y.data, b.Y.data);
  assert.notDeepEqual(spiral(300, { seed: 8, noise: 0.1 }).X.data, a.X.data);
  assert.deepEqual(a.X.shape, [2, 300]);
  assert.deepEqual(a.Y.shape, [1, 300]);
  assert.equal(a.description, "two spirals, 1.5 turns, noise 0.1, m = 300");
});

test("spiral without noise: every point lies on its arm, r = t and θ = 2π·turns·t + π·label (mod 2π)", () => {
  const turns = 1.5, m = 200;
  const d = spiral(m, { seed: 3, noise: 0, turns });
  const rng = makeRng(3); // the generator draws one t per example when noise = 0
  for (let k = 0; k < m; k++) {
    const x = d.X.get(0, k), y = d.X.get(1, k), label = d.Y.get(0, k);
    assert.equal(label, k % 2);
    const t = rng.next();
    const r = Math.hypot(x, y);
    assert.ok(Math.abs(r - t) < 1e-15, `radius of point ${k}: ${r} vs t = ${t}`);
    if (r < 1e-9) continue;
    const want = 2 * Math.PI * turns * t + Math.PI * label;
    const diff = Math.atan2(y, x) - want;
    const wrapped = diff - 2 * Math.PI * Math.round(diff / (2 * Math.PI));
    assert.ok(Math.abs(wrapped) < 1e-9, `angle of point ${k} off by ${wrapped}`);
  }
});

test("spiral: balanced labels, noise of about the requested size, and clear errors for bad arguments", () => {
  const clean = spiral(2000, { seed: 5, noise: 0 }), noisy = spiral(2000, { seed: 5, noise: 0.2 });
  assert.equal(Array.from(clean.Y.data).reduce((s, v) => s + v, 0), 1000);
  // The noise, measured from the polar form: each point's offset from its arm's noiseless point.
  const rng = makeRng(5);
  let s2 = 0;
  for (let k = 0; k < 2000; k++) {
    const t = rng.next();
    const th = 2 * Math.PI * 1.5 * t + Math.PI * (k % 2);
    const ex = noisy.X.get(0, k) - t * Math.cos(th), ey = noisy.X.get(1, k) - t * Math.sin(th);
    s2 += ex * ex + ey * ey;
    for (let j = 0; j < 4; j++) rng.next(); // the two normal draws, each two uniforms (Box-Muller)
  }
  const sd = Math.sqrt(s2 / 4000);
  // 4000 normal draws: standard error of the sd ≈ 0.2/√8000 ≈ 0.0022; 0.015 is ~7 of them.
  assert.ok(Math.abs(sd - 0.2) < 0.015, `sd ${sd}`);
  assert.throws(() => spiral(1, { seed: 1 }), /spiral: m must be an integer ≥ 2, got 1/);
  assert.throws(() => spiral(10, { seed: 1, noise: -1 }), /noise must be a finite number ≥ 0/);
  assert.throws(() => spiral(10, { seed: 1, turns: 0 }), /turns must be a finite number > 0/);
});

test("spiral refuses a fractional m, an infinite or NaN noise, and an infinite or NaN number of turns, naming each", () => {
  assert.throws(() => spiral(2.5, { seed: 1 }), { message: "spiral: m must be an integer ≥ 2, got 2.5" });
  for (const noise of [Infinity, NaN, -0.01]) {
    assert.throws(() => spiral(10, { seed: 1, noise }), { message: `spiral: noise must be a finite number ≥ 0 (a standard deviation), got ${noise}` });
  }
  for (const turns of [Infinity, NaN, -1]) {
    assert.throws(() => spiral(10, { seed: 1, turns }), { message: `spiral: turns must be a finite number > 0, got ${turns}` });
  }
  // The smallest set: one example of each label.
  assert.deepEqual(Array.from(spiral(2, { seed: 1 }).Y.data), [0, 1]);
});

test("spiral with noise: each coordinate is the arm's point plus the next normal draw, replayed from the same seed", () => {
  const d = spiral(40, { seed: 21, noise: 0.15, turns: 2 });
  const rng = makeRng(21);
  for (let k = 0; k < 40; k++) {
    const t = rng.next();
    const th = 2 * Math.PI * 2 * t + Math.PI * (k % 2);
    const e1 = rng.normal(0, 0.15), e2 = rng.normal(0, 0.15);
    // The angle is recomputed here, in the same order of operations: equal to the last bit.
    assert.equal(d.X.get(0, k), t * Math.cos(th) + e1, `x1 of example ${k}`);
    assert.equal(d.X.get(1, k), t * Math.sin(th) + e2, `x2 of example ${k}`);
  }
});
