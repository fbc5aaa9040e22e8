// Standardising and splitting against independent recomputations.
import { test } from "node:test";
import assert from "node:assert/strict";
import { applyStandardize, selectColumns, selectRows, standardize, trainTestSplit } from "../../src/data/prepare";
import { loadHousing } from "../../src/data/housing";
import { Matrix } from "../../src/matrix";

// Means of ~20 000 standardised values are sums that cancel to 0: rounding leaves ~1e-15 per term
// relative to values of size ~1, so 1e-12 is generous; the sd is a square root of such a mean.
const MOMENT_TOL = 1e-12;

test("standardize gives every housing feature mean 0 and population sd 1, recomputed independently", () => {
  const { X, featureNames } = loadHousing();
  const { Xs, mean, std } = standardize(X, { names: featureNames });
  const a = X.toArray();
  a.forEach((row, f) => {
    // Independent two-pass computation in plain arrays.
    const mu = row.reduce((s, v) => s + v, 0) / row.length;
    const sd = Math.sqrt(row.reduce((s, v) => s + (v - mu) * (v - mu), 0) / row.length);
    assert.ok(Math.abs(mean.get(f, 0) - mu) <= MOMENT_TOL * Math.abs(mu), featureNames[f]);
    assert.ok(Math.abs(std.get(f, 0) - sd) <= MOMENT_TOL * sd, featureNames[f]);
    const srow = Xs.toArray()[f];
    const smu = srow.reduce((s, v) => s + v, 0) / srow.length;
    const ssd = Math.sqrt(srow.reduce((s, v) => s + (v - smu) ** 2, 0) / srow.length);
    assert.ok(Math.abs(smu) <= MOMENT_TOL, `${featureNames[f]} mean ${smu}`);
    assert.ok(Math.abs(ssd - 1) <= MOMENT_TOL, `${featureNames[f]} sd ${ssd}`);
  });
});

test("standardize uses the population sd (divide by m) on a hand-worked row", () => {
  // [1, 3]: mean 2, population sd 1 (the sample sd would be √2).
  const { Xs, std } = standardize(Matrix.from([[1, 3]]));
  assert.equal(std.get(0, 0), 1);
  assert.deepEqual(Xs.toArray(), [[-1, 1]]);
});

test("standardize names a constant row instead of dividing by zero", () => {
  assert.throws(() => standardize(Matrix.from([[1, 2], [5, 5]]), { names: ["a", "b"] }), /row 1 \(b\) has standard deviation 0 \(every value is 5\)/);
  assert.throws(() => standardize(Matrix.zeros(2, 0)), /no examples/);
});

test("applyStandardize reuses a training mean and std, and checks their shapes", () => {
  const X = Matrix.from([[1, 2, 3], [10, 20, 60]]);
  const mean = Matrix.column([2, 30]);
  const std = Matrix.column([1, 10]);
  assert.deepEqual(applyStandardize(X, mean, std).toArray(), [[-1, 0, 1], [-2, -1, 3]]);
  assert.throws(() => applyStandardize(X, Matrix.column([1]), std), /mean must be \(2,1\), but it is \(1,1\)/);
});

test("selectRows and selectColumns pick in the given order and reject bad indices", () => {
  const X = Matrix.from([[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(selectRows(X, [1, 0, 1]).toArray(), [[4, 5, 6], [1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(selectColumns(X, [2, 0]).toArray(), [[3, 1], [6, 4]]);
  assert.deepEqual(selectColumns(X, []).shape, [2, 0]);
  assert.throws(() => selectColumns(X, [3]), /selectColumns: index 3 is not a column of a matrix with 3 columns/);
  assert.throws(() => selectRows(X, [-1]), /selectRows: index -1/);
});

test("trainTestSplit has the right sizes, covers every example once, keeps X and Y aligned and repeats by seed", () => {
  const m = 103;
  const X = Matrix.from([Array.from({ length: m }, (_, k) => k), Array.from({ length: m }, (_, k) => -k)]);
  const Y = Matrix.row(Array.from({ length: m }, (_, k) => 1000 + k));
  const s = trainTestSplit(X, Y, { testFraction: 0.2, seed: 42 });
  assert.equal(s.testIdx.length, Math.round(0.2 * m));
  assert.deepEqual([s.Xtrain.shape, s.Ytrain.shape, s.Xtest.shape, s.Ytest.shape], [[2, 82], [1, 82], [2, 21], [1, 21]]);
  assert.deepEqual([...s.trainIdx, ...s.testIdx].sort((a, b) => a - b), Array.from({ length: m }, (_, k) => k));
  s.testIdx.forEach((k, c) => {
    assert.equal(s.Xtest.get(0, c), k);
    assert.equal(s.Xtest.get(1, c), -k);
    assert.equal(s.Ytest.get(0, c), 1000 + k);
  });
  assert.deepEqual(trainTestSplit(X, Y, { testFraction: 0.2, seed: 42 }).testIdx, s.testIdx);
  assert.notDeepEqual(trainTestSplit(X, Y, { testFraction: 0.2, seed: 43 }).testIdx, s.testIdx);
});

test("trainTestSplit rejects misaligned X and Y and a fraction outside [0, 1)", () => {
  assert.throws(() => trainTestSplit(Matrix.zeros(2, 5), Matrix.zeros(1, 4), { testFraction: 0.2, seed: 1 }), /X is \(2,5\) but Y is \(1,4\)/);
  assert.throws(() => trainTestSplit(Matrix.zeros(2, 5), Matrix.zeros(1, 5), { testFraction: 1, seed: 1 }), /testFraction must be in \[0, 1\), got 1/);
  assert.equal(trainTestSplit(Matrix.zeros(2, 5), Matrix.zeros(1, 5), { testFraction: 0, seed: 1 }).Xtest.cols, 0);
});

test("standardize without names names the row alone; a constant row 0 is caught too", () => {
  assert.throws(() => standardize(Matrix.from([[3, 3, 3], [1, 2, 3]])), { message: "standardize: row 0 has standard deviation 0 (every value is 3); it cannot be scaled, drop that feature" });
  // names shorter than the rows: the row without a name is named by its number only.
  assert.throws(() => standardize(Matrix.from([[1, 2], [7, 7]]), { names: ["a"] }), { message: "standardize: row 1 has standard deviation 0 (every value is 7); it cannot be scaled, drop that feature" });
  assert.throws(() => standardize(Matrix.zeros(2, 0)), { message: "standardize: X is (2,0): no examples to take a mean over" });
});

test("applyStandardize refuses a mean or std with the wrong rows or more than one column", () => {
  const X = Matrix.from([[1, 2, 3], [4, 5, 6]]);
  const ok = Matrix.column([0, 0]);
  assert.throws(() => applyStandardize(X, Matrix.zeros(2, 2), ok), { message: "applyStandardize: X is (2,3) so mean must be (2,1), but it is (2,2)" });
  assert.throws(() => applyStandardize(X, ok, Matrix.zeros(3, 1)), { message: "applyStandardize: X is (2,3) so std must be (2,1), but it is (3,1)" });
  assert.throws(() => applyStandardize(X, ok, Matrix.zeros(2, 3)), { message: "applyStandardize: X is (2,3) so std must be (2,1), but it is (2,3)" });
});

test("selectRows and selectColumns refuse an index one past the end or fractional, with the exact message", () => {
  const X = Matrix.from([[1, 2, 3], [4, 5, 6]]);
  assert.throws(() => selectRows(X, [2]), { message: "selectRows: index 2 is not a row of a matrix with 2 rows" });
  assert.throws(() => selectRows(X, [0.5]), { message: "selectRows: index 0.5 is not a row of a matrix with 2 rows" });
  assert.throws(() => selectColumns(X, [-1]), { message: "selectColumns: index -1 is not a column of a matrix with 3 columns" });
  // The last row and column are inside.
  assert.deepEqual(selectRows(X, [1]).toArray(), [[4, 5, 6]]);
  assert.deepEqual(selectColumns(X, [2, 0]).toArray(), [[3, 1], [6, 4]]);
});

test("trainTestSplit: testFraction 0 keeps every example for training; NaN, negative and non-numbers are refused", () => {
  const X = Matrix.from([[1, 2, 3, 4]]), Y = Matrix.from([[5, 6, 7, 8]]);
  const s = trainTestSplit(X, Y, { testFraction: 0, seed: 1 });
  assert.deepEqual([s.Xtrain.cols, s.Xtest.cols], [4, 0]);
  // 0.375·4 = 1.5 rounds to 2 test examples.
  assert.equal(trainTestSplit(X, Y, { testFraction: 0.375, seed: 1 }).Xtest.cols, 2);
  for (const f of [NaN, -0.1, "0.2"]) {
    assert.throws(() => trainTestSplit(X, Y, { testFraction: f as number, seed: 1 }), { message: `trainTestSplit: testFraction must be in [0, 1), got ${String(f)}` });
  }
  assert.throws(() => trainTestSplit(X, Matrix.zeros(1, 3), { testFraction: 0.5, seed: 1 }), { message: "trainTestSplit: X is (1,4) but Y is (1,3): both need one column per example" });
});
