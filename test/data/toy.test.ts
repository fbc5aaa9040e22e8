// The toy data sets: shapes, determinism, and each generator's formula recomputed from the same draws.
import { test } from "node:test";
import assert from "node:assert/strict";
import { circles, curveData, twoMoons, xorData } from "../../src/data/toy";
import { makeRng } from "../../src/random";

test("curveData gives X and Y of shape (1, m) with x sorted ascending inside [xMin, xMax]", () => {
  const { X, Y } = curveData(57, { seed: 3, xMin: -2, xMax: 5 });
  assert.deepEqual(X.shape, [1, 57]);
  assert.deepEqual(Y.shape, [1, 57]);
  for (let k = 0; k < 57; k++) {
    assert.ok(X.get(0, k) >= -2 && X.get(0, k) < 5);
    if (k > 0) assert.ok(X.get(0, k) >= X.get(0, k - 1), `x not sorted at ${k}`);
  }
});

test("curveData without noise lies exactly on sin(x) or on the bump e^(−x²)", () => {
  const sine = curveData(40, { seed: 1, noise: 0 });
  const bump = curveData(40, { seed: 1, noise: 0, kind: "bump" });
  for (let k = 0; k < 40; k++) {
    assert.equal(sine.Y.get(0, k), Math.sin(sine.X.get(0, k)));
    assert.equal(bump.Y.get(0, k), Math.exp(-(bump.X.get(0, k) ** 2)));
  }
});

test("curveData's noise has about the requested standard deviation", () => {
  const { X, Y } = curveData(3000, { seed: 9, noise: 0.2 });
  const r = Array.from(Y.data, (y, k) => y - Math.sin(X.data[k]));
  const mean = r.reduce((s, v) => s + v, 0) / r.length;
  const sd = Math.sqrt(r.reduce((s, v) => s + (v - mean) ** 2, 0) / r.length);
  // Sample sd of 3000 normals: standard error 0.2/√6000 ≈ 0.0026; 0.02 is ~8 standard errors.
  assert.ok(Math.abs(sd - 0.2) < 0.02, `sd ${sd}`);
  assert.ok(Math.abs(mean) < 0.02, `mean ${mean}`);
});

test("every generator gives the same numbers for the same seed and different ones for another seed", () => {
  const makers = [
    (seed: number) => curveData(20, { seed }),
    (seed: number) => twoMoons(20, { seed }),
    (seed: number) => circles(20, { seed }),
    (seed: number) => xorData(20, { seed, noise: 0.1 }),
  ];
  for (const make of makers) {
    assert.deepEqual(make(5).X.data, make(5).X.data);
    assert.deepEqual(make(5).Y.data, make(5).Y.data);
    assert.notDeepEqual(make(5).X.data, make(6).X.data);
  }
});

test("the classification sets have X (2, m) and balanced 0/1 labels", () => {
  for (const d of [twoMoons(101, { seed: 2 }), circles(101, { seed: 2 }), xorData(400, { seed: 2 })]) {
    assert.deepEqual(d.X.shape, [2, d.X.cols]);
    assert.deepEqual(d.Y.shape, [1, d.X.cols]);
    assert.ok(Array.from(d.Y.data).every((y) => y === 0 || y === 1), d.description);
    const ones = Array.from(d.Y.data).reduce((s, y) => s + y, 0);
    assert.ok(Math.abs(ones / d.Y.cols - 0.5) < 0.1, `${d.description}: ${ones} ones`);
  }
});

test("twoMoons without noise puts class 0 on the unit upper half circle and class 1 on the shifted lower one", () => {
  const { X, Y } = twoMoons(60, { seed: 4, noise: 0 });
  for (let k = 0; k < 60; k++) {
    const [x1, x2] = [X.get(0, k), X.get(1, k)];
    if (Y.get(0, k) === 0) {
      assert.ok(Math.abs(Math.hypot(x1, x2) - 1) < 1e-15 && x2 >= 0, `(${x1}, ${x2})`);
    } else {
      assert.ok(Math.abs(Math.hypot(x1 - 1, x2 - 0.5) - 1) < 1e-15 && x2 <= 0.5, `(${x1}, ${x2})`);
    }
  }
});

test("circles without noise has radius 1 for class 0 and `factor` for class 1", () => {
  const { X, Y } = circles(60, { seed: 4, noise: 0, factor: 0.3 });
  for (let k = 0; k < 60; k++) {
    const r = Math.hypot(X.get(0, k), X.get(1, k));
    assert.ok(Math.abs(r - (Y.get(0, k) === 0 ? 1 : 0.3)) < 1e-15, `radius ${r} for label ${Y.get(0, k)}`);
  }
});

test("xorData labels 1 exactly the points with x1·x2 < 0, matching an independent replay of the draws", () => {
  const { X, Y } = xorData(200, { seed: 8 });
  const rng = makeRng(8);
  for (let k = 0; k < 200; k++) {
    const [x1, x2] = [rng.uniform(-1, 1), rng.uniform(-1, 1)];
    assert.equal(X.get(0, k), x1);
    assert.equal(X.get(1, k), x2);
    assert.equal(Y.get(0, k), x1 * x2 < 0 ? 1 : 0);
  }
});

test("the generators reject bad sizes, noise and options with messages that say what was expected", () => {
  assert.throws(() => curveData(0, { seed: 1 }), /m must be an integer ≥ 1/);
  assert.throws(() => twoMoons(1, { seed: 1 }), /m must be an integer ≥ 2/);
  assert.throws(() => circles(10, { seed: 1, noise: -1 }), /noise must be a finite number ≥ 0/);
  assert.throws(() => circles(10, { seed: 1, factor: 1.5 }), /factor .* must be in \(0, 1\)/);
  assert.throws(() => curveData(10, { seed: 1, kind: "cubic" as never }), /unknown kind "cubic"/);
  assert.throws(() => curveData(10, { seed: 1, xMin: 2, xMax: 1 }), /xMin < xMax/);
  assert.throws(() => xorData(2.5, { seed: 1 }), /m must be an integer/);
});

test("each refusal of the toy generators names the generator, the rule and the value exactly", () => {
  assert.throws(() => curveData(0, { seed: 1 }), { message: "curveData: m must be an integer ≥ 1, got 0" });
  assert.throws(() => twoMoons(1.5, { seed: 1 }), { message: "twoMoons: m must be an integer ≥ 2, got 1.5" });
  assert.throws(() => circles(1, { seed: 1 }), { message: "circles: m must be an integer ≥ 2, got 1" });
  for (const noise of [Infinity, NaN, -1]) {
    assert.throws(() => xorData(5, { seed: 1, noise }), { message: `xorData: noise must be a finite number ≥ 0 (a standard deviation), got ${noise}` });
  }
  assert.throws(() => curveData(5, { seed: 1, kind: "toString" as never }), { message: 'curveData: unknown kind "toString": expected one of sine, bump' });
  for (const [xMin, xMax] of [[1, 1], [2, 1], [-Infinity, 0], [0, NaN]]) {
    assert.throws(() => curveData(5, { seed: 1, xMin, xMax }), { message: `curveData: need finite xMin < xMax, got [${xMin}, ${xMax}]` });
  }
  for (const factor of [0, 1, -0.5, NaN]) {
    assert.throws(() => circles(10, { seed: 1, factor }), { message: `circles: factor (inner radius / outer radius) must be in (0, 1), got ${factor}` });
  }
  // The smallest sets are allowed.
  assert.equal(curveData(1, { seed: 1 }).X.cols, 1);
  assert.equal(twoMoons(2, { seed: 1 }).X.cols, 2);
});

test("the descriptions say how each set was made", () => {
  assert.equal(curveData(3, { seed: 1, kind: "bump", noise: 0.2, xMin: -1, xMax: 2 }).description, "y = e^(−x²) + N(0, 0.2²), x ~ U(-1.000, 2.000), m = 3");
  assert.equal(twoMoons(4, { seed: 1, noise: 0.3 }).description, "two moons, noise 0.3, m = 4");
  assert.equal(circles(4, { seed: 1, noise: 0, factor: 0.25 }).description, "circles, inner radius 0.25, noise 0, m = 4");
  assert.equal(xorData(6, { seed: 1, noise: 0.1 }).description, "xor, noise 0.1, m = 6");
});

test("with noise, each generator's points are its formula plus the next normal draws, replayed by hand from the same seed", () => {
  // curveData: m uniforms for x (then sorted), then one normal per sorted x.
  {
    const d = curveData(30, { seed: 11, noise: 0.3, xMin: -1, xMax: 2 });
    const rng = makeRng(11);
    const xs = Array.from({ length: 30 }, () => rng.uniform(-1, 2)).sort((a, b) => a - b);
    xs.forEach((x, k) => {
      assert.equal(d.X.get(0, k), x);
      assert.equal(d.Y.get(0, k), Math.sin(x) + rng.normal(0, 0.3), `y of example ${k}`);
    });
  }
  // twoMoons: per example t ~ U(0, π), then the two coordinates' noises.
  {
    const d = twoMoons(30, { seed: 12, noise: 0.2 });
    const rng = makeRng(12);
    for (let k = 0; k < 30; k++) {
      const t = rng.uniform(0, Math.PI);
      const [c1, c2] = k % 2 === 0 ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
      assert.equal(d.X.get(0, k), c1 + rng.normal(0, 0.2), `x1 of example ${k}`);
      assert.equal(d.X.get(1, k), c2 + rng.normal(0, 0.2), `x2 of example ${k}`);
    }
  }
  // circles: per example t ~ U(0, 2π), then the two noises.
  {
    const d = circles(30, { seed: 13, noise: 0.1, factor: 0.4 });
    const rng = makeRng(13);
    for (let k = 0; k < 30; k++) {
      const r = k % 2 === 0 ? 1 : 0.4;
      const t = rng.uniform(0, 2 * Math.PI);
      assert.equal(d.X.get(0, k), r * Math.cos(t) + rng.normal(0, 0.1), `x1 of example ${k}`);
      assert.equal(d.X.get(1, k), r * Math.sin(t) + rng.normal(0, 0.1), `x2 of example ${k}`);
    }
  }
  // xorData: x1, x2 ~ U(−1, 1), the label from them, then the two noises.
  {
    const d = xorData(30, { seed: 14, noise: 0.25 });
    const rng = makeRng(14);
    for (let k = 0; k < 30; k++) {
      const x1 = rng.uniform(-1, 1), x2 = rng.uniform(-1, 1);
      assert.equal(d.Y.get(0, k), x1 * x2 < 0 ? 1 : 0, `label of example ${k}`);
      assert.equal(d.X.get(0, k), x1 + rng.normal(0, 0.25), `x1 of example ${k}`);
      assert.equal(d.X.get(1, k), x2 + rng.normal(0, 0.25), `x2 of example ${k}`);
    }
  }
});

test("every generator names itself when it refuses a noise or a size, and the sine set says so", () => {
  for (const [name, make] of [["curveData", (noise: number) => curveData(5, { seed: 1, noise })], ["twoMoons", (noise: number) => twoMoons(5, { seed: 1, noise })], ["circles", (noise: number) => circles(5, { seed: 1, noise })]] as const) {
    assert.throws(() => make(-1), { message: `${name}: noise must be a finite number ≥ 0 (a standard deviation), got -1` });
  }
  assert.throws(() => xorData(0, { seed: 1 }), { message: "xorData: m must be an integer ≥ 1, got 0" });
  assert.equal(curveData(2, { seed: 1, noise: 0.1 }).description, "y = sin(x) + N(0, 0.1²), x ~ U(-3.142, 3.142), m = 2");
});
