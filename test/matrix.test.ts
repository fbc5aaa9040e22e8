// Matrix ops against mathjs and hand-written loops; shape errors; edge values.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as math from "mathjs";
import {
  Matrix, add, allClose, map, matmul, maxAbsDiff, mean, mul, rowSums, scale, sub, sum, transpose,
} from "../src/matrix";
import { makeRng, randomMatrix } from "../src/random";
import { assertClose } from "./helpers/assert-close";

// Sums of at most ~10 products of numbers in [-1, 1]: rounding stays within a few ulps of 1, and
// mathjs may add in another order, so agreement to 1e-12 is expected; a wrong index is off by ~0.1.
const SUM_ORDER_TOL = 1e-12;

const rng = makeRng(42);
const rand = (r: number, c: number) => randomMatrix(r, c, rng, (g) => g.uniform(-1, 1));
const viaMathjs = (x: math.MathType) => Matrix.from(x as unknown as number[][]);

test("Matrix.from stores rows in row-major order and toArray gives them back", () => {
  const A = Matrix.from([[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(A.shape, [2, 3]);
  assert.deepEqual(Array.from(A.data), [1, 2, 3, 4, 5, 6]);
  assert.equal(A.get(1, 0), 4);
  assert.deepEqual(A.toArray(), [[1, 2, 3], [4, 5, 6]]);
});

test("Matrix.from copies its input, so later edits of the array do not leak in", () => {
  const a = [[1, 2]];
  const A = Matrix.from(a);
  a[0][0] = 99;
  assert.equal(A.get(0, 0), 1);
});

test("the constructors zeros, fill, column and row give the documented shapes", () => {
  assert.deepEqual(Matrix.zeros(2, 3).toArray(), [[0, 0, 0], [0, 0, 0]]);
  assert.deepEqual(Matrix.fill(1, 2, 7).toArray(), [[7, 7]]);
  assert.deepEqual(Matrix.column([1, 2, 3]).shape, [3, 1]);
  assert.deepEqual(Matrix.row([1, 2, 3]).shape, [1, 3]);
});

test("set changes one entry and get/set reject indices outside the matrix", () => {
  const A = Matrix.zeros(2, 2);
  A.set(1, 0, 5);
  assert.deepEqual(A.toArray(), [[0, 0], [5, 0]]);
  assert.throws(() => A.get(2, 0), /get: index \(2,0\) is outside a \(2,2\) matrix/);
  assert.throws(() => A.set(0, -1, 1), /set: index \(0,-1\) is outside/);
});

test("Matrix.from rejects empty, ragged and non-numeric input with specific messages", () => {
  assert.throws(() => Matrix.from([]), /Matrix.from: needs a non-empty array/);
  assert.throws(() => Matrix.from([[]]), /Matrix.from: needs a non-empty array/);
  assert.throws(() => Matrix.from([[1, 2], [3]]), /row 1 has 1 entries but row 0 has 2/);
  assert.throws(() => Matrix.from([[1, "2" as unknown as number]]), /entry \(0,1\) is "2", not a number/);
  assert.throws(() => Matrix.from([[1, undefined as unknown as number]]), /entry \(0,1\) is undefined, not a number/);
});

test("matmul agrees with mathjs.multiply on random matrices of several shapes", () => {
  for (const [r, n, c] of [[1, 1, 1], [3, 2, 1], [2, 5, 4], [7, 3, 6], [1, 8, 1]]) {
    const A = rand(r, n);
    const B = rand(n, c);
    const expected = viaMathjs(math.multiply(A.toArray(), B.toArray()));
    assertClose(matmul(A, B), expected, SUM_ORDER_TOL, `(${r},${n})·(${n},${c})`);
  }
});

test("matmul names both shapes and the rule when inner sizes differ", () => {
  assert.throws(
    () => matmul(Matrix.zeros(3, 2), Matrix.zeros(3, 1)),
    { message: "matmul: (3,2)·(3,1) needs A.cols === B.rows (2 ≠ 3)" },
  );
});

test("add, sub and mul agree with mathjs elementwise on equal shapes", () => {
  const A = rand(3, 4);
  const B = rand(3, 4);
  assertClose(add(A, B), viaMathjs(math.add(A.toArray(), B.toArray())), 0);
  assertClose(sub(A, B), viaMathjs(math.subtract(A.toArray(), B.toArray())), 0);
  assertClose(mul(A, B), viaMathjs(math.dotMultiply(A.toArray(), B.toArray())), 0);
});

test("add broadcasts an (n,1) column over every column, as Z = W·X + b does", () => {
  const A = rand(3, 4);
  const b = rand(3, 1);
  const C = add(A, b);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 4; j++) assert.equal(C.get(i, j), A.get(i, j) + b.get(i, 0));
  const D = sub(A, b);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 4; j++) assert.equal(D.get(i, j), A.get(i, j) - b.get(i, 0));
});

test("add broadcasts a (1,1) matrix as a scalar", () => {
  assert.deepEqual(add(Matrix.from([[1, 2], [3, 4]]), Matrix.from([[10]])).toArray(), [[11, 12], [13, 14]]);
});

test("add, sub and mul name the op, both shapes and the broadcasting rule on a mismatch", () => {
  assert.throws(() => add(Matrix.zeros(3, 2), Matrix.zeros(2, 1)), {
    message: "add: (3,2) + (2,1) needs B to be (3,2), a (3,1) column or (1,1)",
  });
  assert.throws(() => sub(Matrix.zeros(3, 2), Matrix.zeros(1, 2)), /^Error: sub: \(3,2\) − \(1,2\) needs B/);
  assert.throws(() => mul(Matrix.zeros(1, 2), Matrix.zeros(2, 2)), /^Error: mul: \(1,2\) ⊙ \(2,2\)/);
});

test("transpose agrees with mathjs.transpose and swaps the shape", () => {
  const A = rand(2, 5);
  const T = transpose(A);
  assert.deepEqual(T.shape, [5, 2]);
  assert.deepEqual(T.toArray(), math.transpose(A.toArray()));
});

test("rowSums, sum and mean agree with hand-written loops", () => {
  const A = rand(4, 3);
  const a = A.toArray();
  const S = rowSums(A);
  assert.deepEqual(S.shape, [4, 1]);
  let total = 0;
  for (let i = 0; i < 4; i++) {
    let s = 0;
    for (let j = 0; j < 3; j++) s += a[i][j];
    assert.ok(Math.abs(S.get(i, 0) - s) <= SUM_ORDER_TOL);
    total += s;
  }
  assert.ok(Math.abs(sum(A) - total) <= SUM_ORDER_TOL);
  assert.ok(Math.abs(mean(A) - total / 12) <= SUM_ORDER_TOL);
});

test("scale and map act on every entry and map passes the indices", () => {
  assert.deepEqual(scale(Matrix.from([[1, -2]]), 3).toArray(), [[3, -6]]);
  assert.deepEqual(map(Matrix.zeros(2, 2), (_, i, j) => 10 * i + j).toArray(), [[0, 1], [10, 11]]);
});

test("the ops never mutate their inputs", () => {
  const A = Matrix.from([[1, 2], [3, 4]]);
  const before = A.toArray();
  add(A, A); sub(A, A); mul(A, A); scale(A, 2); transpose(A); matmul(A, A); map(A, (v) => v + 1);
  assert.deepEqual(A.toArray(), before);
});

test("NaN propagates through matmul, add and sums, and ±Infinity follows IEEE arithmetic", () => {
  const A = Matrix.from([[NaN, 1], [2, 3]]);
  const I = Matrix.from([[1, 0], [0, 1]]);
  const P = matmul(A, I);
  assert.ok(Number.isNaN(P.get(0, 0)) && Number.isNaN(P.get(0, 1)), "0·NaN is NaN too");
  assert.equal(P.get(1, 1), 3);
  assert.ok(Number.isNaN(sum(A)));
  assert.deepEqual(add(Matrix.from([[Infinity, 1]]), Matrix.from([[1]])).toArray(), [[Infinity, 2]]);
  assert.ok(Number.isNaN(add(Matrix.from([[Infinity]]), Matrix.from([[-Infinity]])).get(0, 0)));
});

test("empty matrices keep consistent shapes and their mean is an error, not 0/0", () => {
  const E = Matrix.zeros(0, 3);
  assert.deepEqual(matmul(E, Matrix.zeros(3, 2)).shape, [0, 2]);
  assert.deepEqual(matmul(Matrix.zeros(2, 0), Matrix.zeros(0, 4)).toArray(), [[0, 0, 0, 0], [0, 0, 0, 0]]);
  assert.deepEqual(transpose(E).shape, [3, 0]);
  assert.equal(sum(E), 0);
  assert.throws(() => mean(E), /mean: \(0,3\) is empty/);
});

test("1×1 matrices behave as numbers", () => {
  const a = Matrix.from([[3]]);
  assert.equal(matmul(a, a).get(0, 0), 9);
  assert.equal(add(a, a).get(0, 0), 6);
  assert.equal(mean(a), 3);
});

test("maxAbsDiff and allClose report the largest difference, NaN as not close, equal infinities as equal", () => {
  assert.equal(maxAbsDiff(Matrix.from([[1, 2]]), Matrix.from([[1.5, 4]])), 2);
  assert.ok(allClose(Matrix.from([[Infinity, 1]]), Matrix.from([[Infinity, 1]]), 0));
  assert.ok(Number.isNaN(maxAbsDiff(Matrix.from([[NaN]]), Matrix.from([[NaN]]))));
  assert.equal(allClose(Matrix.from([[NaN]]), Matrix.from([[0]]), 1), false);
  assert.throws(() => maxAbsDiff(Matrix.zeros(1, 2), Matrix.zeros(2, 1)), /maxAbsDiff: shapes differ: actual is \(1,2\), expected is \(2,1\)/);
});

test("the constructor rejects a wrong data length and non-integer shapes", () => {
  assert.throws(() => new Matrix(2, 2, new Float64Array(3)), /needs 4 numbers, got 3/);
  assert.throws(() => Matrix.zeros(1.5, 2), /must be two non-negative integers/);
});

test("the constructor rejects a negative or fractional size on either side, naming the shape", () => {
  for (const [r, c] of [[-1, 2], [2, -1], [1.5, 2], [2, 1.5], [NaN, 1], [1, Infinity]]) {
    assert.throws(() => new Matrix(r, c), { message: `Matrix: shape (${r},${c}) must be two non-negative integers` }, `(${r},${c})`);
  }
  assert.throws(() => new Matrix(2, 3, new Float64Array(5)), { message: "Matrix: (2,3) needs 6 numbers, got 5" });
  // Zero rows or zero columns is a shape (an empty matrix), not an error.
  assert.deepEqual(new Matrix(0, 0).shape, [0, 0]);
  assert.deepEqual(new Matrix(2, 0, new Float64Array(0)).shape, [2, 0]);
});

test("get and set throw for an index one past the end, negative or fractional, on either axis", () => {
  const A = Matrix.from([[1, 2, 3], [4, 5, 6]]);
  // The last entry in each direction is inside.
  assert.equal(A.get(1, 2), 6);
  assert.equal(A.get(0, 2), 3);
  assert.equal(A.get(1, 0), 4);
  for (const [i, j] of [[2, 0], [0, 3], [1, 3], [-1, 0], [0, -1], [0.5, 0], [0, 0.5], [NaN, 0], [0, NaN]]) {
    assert.throws(() => A.get(i, j), { message: `get: index (${i},${j}) is outside a (2,3) matrix` }, `get(${i},${j})`);
    assert.throws(() => A.set(i, j, 9), { message: `set: index (${i},${j}) is outside a (2,3) matrix` }, `set(${i},${j})`);
  }
  assert.deepEqual(A.toArray(), [[1, 2, 3], [4, 5, 6]], "a refused set changes nothing");
});

test("toString and console.log (util.inspect) show the shape and the rows", async () => {
  const { inspect } = await import("node:util");
  const A = Matrix.from([[1, 2.5], [-3, 0]]);
  const shown = "Matrix (2,2) [[1,2.5],[-3,0]]";
  assert.equal(A.toString(), shown);
  assert.equal(`${A}`, shown);
  assert.equal(inspect(A), shown);
  assert.equal(new Matrix(0, 3).toString(), "Matrix (0,3) []");
  assert.deepEqual(new Matrix(2, 0).toArray(), [[], []]);
});

test("Matrix.from names what is wrong with input that is not an array of rows", () => {
  const msg = /^Error: Matrix\.from: needs a non-empty array of non-empty rows, e\.g\. \[\[1, 2\], \[3, 4\]\] \(use Matrix\.zeros\(r, 0\) for an empty matrix\)$/;
  assert.throws(() => Matrix.from(5 as unknown as number[][]), msg);
  assert.throws(() => Matrix.from([5] as unknown as number[][]), msg);
  // An array-like object with an array at 0 is still not an array.
  assert.throws(() => Matrix.from({ length: 1, 0: [1] } as unknown as number[][]), msg);
  assert.throws(() => Matrix.from([[1, 2], 5] as unknown as number[][]), { message: "Matrix.from: row 1 has no entries but row 0 has 2 (rows must all be the same length)" });
  assert.throws(() => Matrix.from([[1, 2], [3, 4, 5]]), { message: "Matrix.from: row 1 has 3 entries but row 0 has 2 (rows must all be the same length)" });
});

test("allClose uses its tolerance (default 1e-12), its options, and its own name in errors", () => {
  const a = Matrix.from([[1, 2]]);
  assert.equal(allClose(a, Matrix.from([[1.5, 2]]), 0.5), true, "|1 − 1.5| = 0.5 ≤ 0.5");
  assert.equal(allClose(a, Matrix.from([[1.5, 2]]), 0.4), false);
  assert.equal(allClose(a, Matrix.from([[1 + 1e-13, 2]])), true, "within the default 1e-12");
  assert.equal(allClose(a, Matrix.from([[1 + 1e-11, 2]])), false);
  // relative: |1000 − 1001| ≤ 1e-3·1001.
  assert.equal(allClose(Matrix.from([[1000]]), Matrix.from([[1001]]), 1e-3, { relative: true }), true);
  assert.equal(allClose(Matrix.from([[NaN]]), Matrix.from([[NaN]]), 0, { nanExpected: true }), true);
  assert.throws(() => allClose(a, Matrix.zeros(2, 1)), { message: /^allClose: shapes differ: actual is \(1,2\), expected is \(2,1\)/ });
});

test("a B with A's rows but another number of columns (not 1) is refused, not read as a column", () => {
  assert.throws(() => add(Matrix.zeros(3, 2), Matrix.zeros(3, 4)), { message: "add: (3,2) + (3,4) needs B to be (3,2), a (3,1) column or (1,1)" });
  assert.throws(() => mul(Matrix.zeros(2, 1), Matrix.zeros(2, 2)), { message: "mul: (2,1) ⊙ (2,2) needs B to be (2,1), a (2,1) column or (1,1)" });
});
