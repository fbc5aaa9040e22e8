// The one definition of "close" (src/checks/close.ts) as the lessons reach it: expectClose, allClose,
// maxAbsDiff and compare (what the grader records through). Each rule is probed through the public API
// with values whose differences are known exactly (binary fractions), so the expected numbers below are
// worked by hand, not computed by the code under test.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CloseInputError, type Numeric, compare, expectClose, expectTrue } from "../../src/checks/expect";
import { Matrix, allClose, maxAbsDiff } from "../../src/matrix";
import { makeRng } from "../../src/random";

const bad = (v: unknown) => v as Numeric;

/** The message expectClose throws, or "" if it passed (the ✓ line is silenced with quiet). */
function failure(run: () => void): string {
  try {
    run();
    return "";
  } catch (e) {
    return (e as Error).message;
  }
}

const passes = (actual: Numeric, expected: Numeric, tol: number, opts: { relative?: boolean; nanExpected?: boolean } = {}) =>
  failure(() => expectClose("probe", actual, expected, tol, { ...opts, quiet: true })) === "";

test("NaN equals nothing, not even NaN: a number, an array and a Matrix holding NaN all fail", () => {
  assert.equal(passes(NaN, NaN, 1), false);
  assert.equal(passes([1, NaN], [1, NaN], 1), false);
  assert.equal(passes(Matrix.from([[NaN]]), Matrix.from([[NaN]]), 1), false);
  assert.equal(passes(NaN, 0, 1e300), false);
  assert.equal(passes(0, NaN, 1e300), false);
  assert.equal(allClose(Matrix.from([[NaN]]), Matrix.from([[NaN]]), 1), false);
  assert.ok(Number.isNaN(maxAbsDiff(Matrix.from([[1, NaN]]), Matrix.from([[1, NaN]]))));
  const r = compare([0, NaN, 5], [0, 1, 1e9], "c", { tol: 1e300 });
  assert.equal(r.ok, false);
  assert.equal(r.worstIndex, 1, "a NaN is worse than any finite difference, however large");
  assert.ok(Number.isNaN(r.maxAbsDiff) && Number.isNaN(r.maxRelDiff) && Number.isNaN(r.diff));
});

test("{ nanExpected: true } accepts a NaN only where expected holds one, at that entry", () => {
  assert.ok(passes([1, NaN, 3], [1, NaN, 3], 0, { nanExpected: true }));
  assert.ok(passes(NaN, NaN, 0, { nanExpected: true }));
  assert.ok(passes(Matrix.from([[NaN, 2]]), Matrix.from([[NaN, 2]]), 0, { nanExpected: true, relative: true }));
  assert.equal(passes([NaN, 2], [1, 2], 1e300, { nanExpected: true }), false, "a NaN the expected side does not claim");
  assert.equal(passes([1, 2], [NaN, 2], 1e300, { nanExpected: true }), false, "a number where NaN is expected");
  assert.equal(passes([NaN, 1], [1, NaN], 1e300, { nanExpected: true }), false, "NaNs at other entries");
  assert.equal(allClose(Matrix.from([[NaN, 1]]), Matrix.from([[NaN, 1]]), 0, { nanExpected: true }), true);
  assert.equal(allClose(Matrix.from([[NaN, 1]]), Matrix.from([[NaN, 1]]), 0), false);
});

test("a failed NaN comparison says so and names the option", () => {
  const both = failure(() => expectClose("σ at NaN", [NaN], [NaN], 0));
  assert.match(both, /check failed: σ at NaN: max \|diff\| = NaN > 0 at entry \[0\]: got NaN, expected NaN \(NaN equals nothing; pass \{ nanExpected: true \}/);
  const one = failure(() => expectClose("one NaN", 1, NaN, 0, { nanExpected: true }));
  assert.match(one, /got 1, expected NaN \(NaN equals nothing\)/);
});

test("a row and a column with the same numbers are different shapes: an error naming both", () => {
  assert.throws(
    () => expectClose("row vs column", Matrix.row([1, 2, 3]), Matrix.column([1, 2, 3]), 0),
    (e: unknown) =>
      e instanceof CloseInputError && e.problem === "shape" &&
      e.message === "row vs column: shapes differ: actual is (1,3), expected is (3,1); a Matrix is compared only with a Matrix of the same (rows, cols); one is the other's shape transposed: transpose one side if that is what you mean",
  );
  assert.throws(() => allClose(Matrix.zeros(2, 3), Matrix.zeros(3, 2), 1), /allClose: shapes differ: actual is \(2,3\), expected is \(3,2\)/);
  assert.throws(() => maxAbsDiff(Matrix.zeros(1, 2), Matrix.zeros(1, 3)), /maxAbsDiff: shapes differ: actual is \(1,2\), expected is \(1,3\); a Matrix is compared only with a Matrix of the same \(rows, cols\)$/);
  assert.throws(() => compare([1, 2], [1, 2, 3], "lengths"), { problem: "shape", message: "lengths: lengths differ: actual has 2 numbers, expected has 3; an array is compared only with an array of the same length" });
});

test("a Matrix and an array, or a number and an array, are an error that says what to pass instead", () => {
  assert.throws(() => expectClose("A = G(Z)", Matrix.column([1, 2, 3]), [1, 2, 3], 0), {
    problem: "type",
    message: "A = G(Z): cannot compare a Matrix (3,1) (actual) with an array [3] (expected); compare a Matrix with a Matrix of the same shape (Matrix.row(xs) or Matrix.column(xs) makes one from an array) or an array with an array (Array.from(M.data) lists a Matrix's entries row by row)",
  });
  assert.throws(() => expectClose("zeros", [0, 0], 0, 0), /zeros: cannot compare an array \[2\] \(actual\) with a number \(expected\); compare a number with a number \(e\.g\. xs\[0\], M\.get\(0, 0\)\) or an array with an array of the same length \(e\.g\. xs\.map\(\(\) => 0\) for all zeros\)/);
  assert.throws(() => expectClose("one", 1, [1], 0), { problem: "type" });
  assert.throws(() => expectClose("one", Matrix.from([[1]]), 1, 0), /cannot compare a Matrix \(1,1\) \(actual\) with a number/);
});

test("a nested array, a string, undefined or a non-number entry is an error naming the side", () => {
  assert.throws(() => expectClose("nested", bad([[1, 2], [3, 4]]), bad([[1, 2], [3, 4]]), 0), {
    problem: "type",
    message: "nested: actual is an array of arrays; pass Matrix.from(rows) to compare a matrix entry by entry (or .flat() for its numbers in order)",
  });
  assert.throws(() => expectClose("nested", [1], bad([Matrix.from([[1]])]), 0), /nested: expected is an array of arrays/);
  assert.throws(() => expectClose("text", bad("1"), 1, 0), /text: actual is string 1; pass a number, an array of numbers or a Matrix/);
  assert.throws(() => expectClose("missing", 1, bad(undefined), 0), /missing: expected is undefined undefined; pass a number/);
  assert.throws(() => expectClose("entries", [1, bad("2") as number], [1, 2], 0), /entries: actual entry \[1\] is string 2, not a number/);
  assert.throws(() => expectClose("bigint", new BigInt64Array(1) as unknown as Numeric, [0], 0), /bigint: actual entry \[0\] is bigint 0, not a number/);
  assert.throws(() => expectClose("fake", bad({ rows: 2, cols: 2, data: [1, 2, 3] }), bad({ rows: 2, cols: 2, data: [1, 2, 3] }), 0), /fake: actual looks like a Matrix but is not one \(rows 2, cols 2, 3 numbers\)/);
});

test("comparing nothing is an error, for arrays, typed arrays and matrices alike", () => {
  for (const [a, e, shape] of [[[], [], "[0]"], [new Float64Array(0), [], "[0]"], [Matrix.zeros(0, 3), Matrix.zeros(0, 3), "(0,3)"]] as [Numeric, Numeric, string][]) {
    assert.throws(() => expectClose("nothing", a, e, 1), {
      problem: "empty",
      message: `nothing: both sides are empty (${shape}), so nothing would be compared; a check must compare at least one number`,
    });
  }
  assert.throws(() => maxAbsDiff(Matrix.zeros(2, 0), Matrix.zeros(2, 0)), /maxAbsDiff: both sides are empty \(\(2,0\)\)/);
});

test("±Infinity equals only the same infinity", () => {
  assert.ok(passes(Infinity, Infinity, 0));
  assert.ok(passes([-Infinity, 1], [-Infinity, 1], 0, { relative: true }));
  const huge = Number.MAX_VALUE; // the largest finite tolerance there is
  assert.equal(passes(Infinity, -Infinity, huge), false);
  assert.equal(passes(Infinity, huge, huge), false);
  assert.equal(passes(-huge, -Infinity, huge), false);
  assert.equal(passes(Infinity, 1, 1, { relative: true }), false);
  const r = compare(Matrix.from([[1, Infinity]]), Matrix.from([[1, -Infinity]]), "inf", { tol: huge });
  assert.deepEqual([r.ok, r.maxAbsDiff, r.maxRelDiff, r.worstAt], [false, Infinity, Infinity, "(0,1)"]);
  assert.match(failure(() => expectClose("∞", Infinity, -Infinity, 1)), /^check failed: ∞: max \|diff\| = Infinity > 1: got Infinity, expected -Infinity; shapes: actual scalar, expected scalar$/);
});

test("the tolerance must be a finite number ≥ 0", () => {
  for (const tol of [NaN, Infinity, -Infinity, -1, -Number.MIN_VALUE, "1e-6", undefined, null]) {
    assert.throws(() => expectClose("tol", 1, 1, tol as number), { problem: "tolerance" }, String(tol));
  }
  assert.throws(() => expectClose("tol", 1, 1, -1), { message: "tol: the tolerance must be a finite number ≥ 0 (0 for exact equality), got number -1" });
  assert.throws(() => allClose(Matrix.from([[1]]), Matrix.from([[1]]), NaN), /allClose: the tolerance must be a finite number ≥ 0/);
  assert.ok(passes(0.1 + 0.2, 0.3, 2 ** -54), "0.1 + 0.2 is 0.3 + 2^-54 in doubles");
  assert.equal(passes(0.1 + 0.2, 0.3, 0), false);
});

test("the verdict is |a − e| ≤ tol: a difference equal to the tolerance passes, the next double above it fails", () => {
  // 1.5 − 1 = 0.5 exactly in binary.
  assert.ok(passes(1.5, 1, 0.5));
  assert.equal(passes(1.5, 1, 0.49999999999999994), false);
  assert.ok(passes(-0, 0, 0), "−0 and +0 are equal");
  assert.ok(allClose(Matrix.from([[1.5]]), Matrix.from([[1]]), 0.5));
  assert.equal(allClose(Matrix.from([[1.5]]), Matrix.from([[1]]), 0.49999999999999994), false);
});

test("relative differences are |a − e| / max(|a|, |e|), worked by hand", () => {
  // |3 − 4| / 4 = 0.25; |0 − 1e-300| / 1e-300 = 1; both 0 → 0; ±MAX_VALUE: 2 (no overflow), |diff| = ∞.
  assert.equal(compare(3, 4, "r").maxRelDiff, 0.25);
  assert.equal(compare(4, 3, "r").maxRelDiff, 0.25);
  assert.equal(compare(0, 1e-300, "r").maxRelDiff, 1);
  assert.equal(compare([0, 0], [0, -0], "r").maxRelDiff, 0);
  const big = compare(Number.MAX_VALUE, -Number.MAX_VALUE, "r");
  assert.deepEqual([big.maxRelDiff, big.maxAbsDiff], [2, Infinity]);
  assert.ok(passes([3, 100], [4, 100], 0.25, { relative: true }));
  assert.equal(passes([3, 100], [4, 100], 0.2, { relative: true }), false);
  // The worst entry is chosen by the measure in use: absolutely [1] (|diff| 8 vs 1), relatively [0] (0.25 vs 0.08).
  assert.equal(compare([3, 92], [4, 100], "w", { tol: 1 }).worstIndex, 1);
  assert.equal(compare([3, 92], [4, 100], "w", { tol: 1, relative: true }).worstIndex, 0);
});

test("the failure message names the check, the worst entry as (i,j), both values, both shapes, the diff and the tolerance", () => {
  const actual = Matrix.from([[1, 2, 3], [4, 5.25, 6]]);
  const expected = Matrix.from([[1, 2.125, 3], [4, 5, 6]]);
  const msg = failure(() => expectClose("Z1 by hand = forward's Z1", actual, expected, 0.125));
  assert.equal(msg, "check failed: Z1 by hand = forward's Z1: max |diff| = 0.25 > 0.125 at entry (1,1): got 5.25, expected 5; shapes: actual (2,3), expected (2,3)");
  const rel = failure(() => expectClose("rel", [3, 100], [4, 100], 0.125, { relative: true }));
  assert.equal(rel, "check failed: rel: max relative diff = 0.25 > 0.125 at entry [0]: got 3, expected 4; shapes: actual [2], expected [2]");
  assert.equal(failure(() => expectClose("scalar", 0.5, 0.25, 0)), "check failed: scalar: max |diff| = 0.25 > 0: got 0.5, expected 0.25; shapes: actual scalar, expected scalar");
});

test("expectClose prints one ✓ line with the measured difference, and nothing when quiet", (t) => {
  const log = t.mock.method(console, "log", () => {});
  expectClose("W = W", Matrix.from([[1, 2]]), Matrix.from([[1, 2.5]]), 1);
  expectClose("rel", 3, 4, 0.5, { relative: true });
  expectClose("silent", 1, 1, 0, { quiet: true });
  expectTrue("the loss fell", true, "from 2 to 1");
  assert.deepEqual(log.mock.calls.map((c) => c.arguments[0]), [
    "✓ W = W: max |diff| = 5.00e-1 ≤ 1",
    "✓ rel: max relative diff = 2.50e-1 ≤ 0.5",
    "✓ the loss fell (from 2 to 1)",
  ]);
  assert.throws(() => expectTrue("the loss fell", false, "from 1 to 2"), { message: "check failed: the loss fell (from 1 to 2)" });
  assert.throws(() => expectClose("", 1, 1, 0), /expectClose: the first argument names the check/);
});

test("compare reports what the grader records: the verdict, the diff, the worst entry and both values", () => {
  const r = compare(Matrix.from([[1, 2], [3, 4]]), Matrix.from([[1, 2], [3.5, 4]]), "g", { tol: 0.25 });
  assert.deepEqual(
    { ok: r.ok, diff: r.diff, worstIndex: r.worstIndex, worstAt: r.worstAt, a: r.worstActual, e: r.worstExpected, shapes: [r.actual.shape, r.expected.shape] },
    { ok: false, diff: 0.5, worstIndex: 2, worstAt: "(1,0)", a: 3, e: 3.5, shapes: ["(2,2)", "(2,2)"] },
  );
  const same = compare([1, 2], [1, 2], "g");
  assert.deepEqual([same.ok, same.diff, same.worstIndex, same.worstActual], [true, 0, -1, undefined]);
  assert.equal(compare(1, 1.5, "g").tol, 0, "without a tolerance, compare asks for exact equality");
  assert.equal(compare(1, 1.5, "g").ok, false);
});

// An independent statement of the rules, entry by entry, written without the library: the verdict of
// expectClose, allClose and compare must all equal it on random inputs with NaN, ±∞ and ±0 mixed in.
function oracle(a: number[], e: number[], tol: number, nanExpected: boolean): boolean {
  return a.every((x, i) => {
    const y = e[i];
    if (Number.isNaN(y)) return nanExpected && Number.isNaN(x);
    if (Number.isNaN(x)) return false;
    if (!Number.isFinite(x) || !Number.isFinite(y)) return x === y;
    return Math.abs(x - y) <= tol;
  });
}

test("expectClose, allClose and compare give the same verdict as the rules written out, on 3000 random cases", () => {
  const rng = makeRng(12);
  const specials = [NaN, Infinity, -Infinity, 0, -0, 1, 1 + 2 ** -52];
  const pick = () => (rng.next() < 0.15 ? specials[rng.int(specials.length)] : Math.round(rng.uniform(-4, 4) * 8) / 8);
  let passed = 0;
  for (let k = 0; k < 3000; k++) {
    const rows = 1 + rng.int(3), cols = 1 + rng.int(3);
    const a = Array.from({ length: rows * cols }, pick);
    const e = a.map((x) => (rng.next() < 0.5 ? x : pick()));
    const tol = [0, 0.125, 0.5, 2][rng.int(4)];
    const nanExpected = rng.next() < 0.5;
    const want = oracle(a, e, tol, nanExpected);
    const A = new Matrix(rows, cols, Float64Array.from(a)), E = new Matrix(rows, cols, Float64Array.from(e));
    assert.equal(passes(A, E, tol, { nanExpected }), want, `expectClose ${JSON.stringify({ a, e, tol, nanExpected })}`);
    assert.equal(passes(a, e, tol, { nanExpected }), want, "the same numbers as arrays");
    assert.equal(allClose(A, E, tol, { nanExpected }), want, "allClose");
    assert.equal(compare(A, E, "c", { tol, nanExpected }).ok, want, "compare");
    if (want) passed++;
  }
  assert.ok(passed > 300 && passed < 2700, `both verdicts are exercised (${passed} of 3000 pass)`);
});

// Edge paths of src/checks/close.ts that the mutation run (test/mutation/REPORT.md) found or would find
// unchecked. Every expected string and number is written out by hand.

test("a value that is not a number, array or Matrix is described by kind: null, objects by constructor, long text cut at 40", () => {
  assert.throws(() => compare(bad(null), 1, "n"), { problem: "type", message: "n: actual is null; pass a number, an array of numbers or a Matrix" });
  assert.throws(() => compare(1, bad({}), "o"), { message: "o: expected is an object (Object); pass a number, an array of numbers or a Matrix" });
  assert.throws(() => compare(bad(Object.create(null)), 1, "p"), { message: "p: actual is an object (Object); pass a number, an array of numbers or a Matrix" });
  assert.throws(() => compare(bad(new Map()), 1, "m"), { message: "m: actual is an object (Map); pass a number, an array of numbers or a Matrix" });
  assert.throws(() => compare(bad(new DataView(new ArrayBuffer(8))), 1, "d"), { message: "d: actual is an object (DataView); pass a number, an array of numbers or a Matrix" });
  assert.throws(() => compare(bad("x".repeat(50)), 1, "s"), { message: `s: actual is string ${"x".repeat(40)}; pass a number, an array of numbers or a Matrix` });
  assert.throws(() => compare(bad(true), 1, "b"), { message: "b: actual is boolean true; pass a number, an array of numbers or a Matrix" });
  // An object with only some of rows, cols and data is not taken for a Matrix.
  for (const partial of [{ rows: 1, cols: 1 }, { rows: 1, data: [1] }, { cols: 1, data: [1] }]) {
    assert.throws(() => compare(bad(partial), 1, "q"), { message: "q: actual is an object (Object); pass a number, an array of numbers or a Matrix" }, JSON.stringify(partial));
  }
  // An array entry that is an array, a typed array or a Matrix: "array of arrays"; null and objects are non-numbers.
  for (const inner of [[1], new Float64Array(1), Matrix.from([[1]])]) {
    assert.throws(() => compare(bad([0, inner]), [0, 0], "a"), { message: "a: actual is an array of arrays; pass Matrix.from(rows) to compare a matrix entry by entry (or .flat() for its numbers in order)" });
  }
  assert.throws(() => compare(bad([0, null]), [0, 0], "a"), { message: "a: actual entry [1] is null, not a number" });
  assert.throws(() => compare(bad([0, { rows: 1 }]), [0, 0], "a"), { message: "a: actual entry [1] is an object (Object), not a number" });
});

test("a Matrix-like with a wrong shape or data is named with its numbers, and a Matrix's bad entry as (i,j)", () => {
  const fake = (rows: unknown, cols: unknown, data: unknown) => bad({ rows, cols, data });
  for (const [rows, cols, data, n] of [[-1, -2, [1, 2], 2], [1.5, 2, [1, 2, 3], 3], [2, 0.5, [1], 1], [1, 1, undefined, undefined], [0, -1, [], 0]] as const) {
    assert.throws(() => compare(fake(rows, cols, data), 1, "f"), {
      problem: "type",
      message: `f: actual looks like a Matrix but is not one (rows ${rows}, cols ${cols}, ${n} numbers); build it with Matrix.from([[...], ...])`,
    }, `${rows}, ${cols}`);
  }
  assert.throws(() => compare(fake(2, 2, [1, 2, 3, "4"]), Matrix.zeros(2, 2), "e"), { message: "e: actual entry (1,1) is string 4, not a number" });
  assert.throws(() => compare(Matrix.zeros(2, 3), fake(2, 3, [0, 0, 0, 0, null, 0]), "e"), { message: "e: expected entry (1,1) is null, not a number" });
  // A Matrix with no rows and no columns is a Matrix (and then empty).
  assert.throws(() => compare(fake(0, 0, []), fake(0, 0, []), "z"), { problem: "empty", message: "z: both sides are empty ((0,0)), so nothing would be compared; a check must compare at least one number" });
  assert.throws(() => compare(fake(0, 3, []), fake(0, 3, []), "z"), { problem: "empty" });
});

test("kinds: which advice goes with which pair, and the transposed-shape hint only for a transposed shape", () => {
  const numberAdvice = "compare a number with a number (e.g. xs[0], M.get(0, 0)) or an array with an array of the same length (e.g. xs.map(() => 0) for all zeros)";
  const matrixAdvice = "compare a Matrix with a Matrix of the same shape (Matrix.row(xs) or Matrix.column(xs) makes one from an array) or an array with an array (Array.from(M.data) lists a Matrix's entries row by row)";
  assert.throws(() => compare(1, Matrix.from([[1]]), "k"), { message: `k: cannot compare a number (actual) with a Matrix (1,1) (expected); ${numberAdvice}` });
  assert.throws(() => compare([1, 2], Matrix.row([1, 2]), "k"), { message: `k: cannot compare an array [2] (actual) with a Matrix (1,2) (expected); ${matrixAdvice}` });
  assert.throws(() => compare(Matrix.row([1, 2]), [1, 2], "k"), { message: `k: cannot compare a Matrix (1,2) (actual) with an array [2] (expected); ${matrixAdvice}` });
  const hint = "; one is the other's shape transposed: transpose one side if that is what you mean";
  const base = "a Matrix is compared only with a Matrix of the same (rows, cols)";
  assert.throws(() => compare(Matrix.zeros(2, 3), Matrix.zeros(3, 2), "t"), { message: `t: shapes differ: actual is (2,3), expected is (3,2); ${base}${hint}` });
  assert.throws(() => compare(Matrix.zeros(2, 3), Matrix.zeros(2, 2), "t"), { message: `t: shapes differ: actual is (2,3), expected is (2,2); ${base}` });
  assert.throws(() => compare(Matrix.zeros(2, 3), Matrix.zeros(3, 3), "t"), { message: `t: shapes differ: actual is (2,3), expected is (3,3); ${base}` });
  // (0,2) vs (2,0): both empty, still transposed shapes.
  assert.throws(() => compare(Matrix.zeros(0, 2), Matrix.zeros(2, 0), "t"), { message: `t: shapes differ: actual is (0,2), expected is (2,0); ${base}${hint}` });
  assert.throws(() => compare(Matrix.zeros(2, 0), Matrix.zeros(0, 2), "t"), { message: `t: shapes differ: actual is (2,0), expected is (0,2); ${base}${hint}` });
  // Same length but a different number: lengths are compared, not just the count of the first side.
  assert.throws(() => compare([1, 2, 3], [1, 2], "l"), { problem: "shape" });
  assert.throws(() => compare([], [1], "l"), { problem: "shape" });
});

test("the worst entry is the first NaN, or the first of equal largest differences; maxAbsDiff stays NaN once NaN", () => {
  const r = compare([1, NaN, 5, NaN], [1, 0, 0, 0], "w");
  assert.deepEqual([r.worstIndex, r.worstAt, r.worstActual, r.worstExpected], [1, "[1]", NaN, 0]);
  assert.ok(Number.isNaN(r.maxAbsDiff) && Number.isNaN(r.maxRelDiff) && r.ok === false);
  const tie = compare([1, 3, 3], [0, 1, 1], "w", { tol: 1 });
  assert.deepEqual([tie.worstIndex, tie.maxAbsDiff, tie.ok], [1, 2, false]);
  // A NaN after a finite worst entry takes over; a larger finite difference after a NaN does not.
  const later = compare(Matrix.from([[0, 2], [NaN, 9]]), Matrix.from([[0, 0], [0, 0]]), "w");
  assert.deepEqual([later.worstIndex, later.worstAt], [2, "(1,0)"]);
  // Every entry equal: no worst entry, and no worstActual/worstExpected fields at all.
  const same = compare([1, 2], [1, 2], "w");
  assert.deepEqual([same.worstIndex, same.worstAt, "worstActual" in same, "worstExpected" in same, same.diff, same.ok], [-1, "", false, false, 0, true]);
  // A number's worst entry has no position; nanExpected claims only NaN against NaN.
  assert.equal(compare(2, 1, "n").worstAt, "");
  assert.ok(Number.isNaN(compare(NaN, 1, "n", { nanExpected: true }).diff));
  assert.ok(Number.isNaN(compare(1, NaN, "n", { nanExpected: true }).diff));
  assert.equal(compare(NaN, NaN, "n", { nanExpected: true }).diff, 0);
  assert.equal(compare(NaN, NaN, "n", { nanExpected: 1 as unknown as boolean }).ok, false, "only true turns it on");
  assert.equal(compare([3], [4], "n", { tol: 0.3, relative: "yes" as unknown as boolean }).diff, 1, "only true turns relative on");
});

test("compare's result carries the tolerance, the mode and both sides; a missing name is 'compare'", () => {
  const r = compare(Matrix.from([[1, 3]]), Matrix.from([[1, 4]]), "res", { tol: 1 });
  assert.deepEqual(
    { ...r },
    { maxAbsDiff: 1, maxRelDiff: 0.25, diff: 1, tol: 1, relative: false, ok: true, worstIndex: 1, worstAt: "(0,1)", worstActual: 3, worstExpected: 4, actual: { kind: "matrix", shape: "(1,2)" }, expected: { kind: "matrix", shape: "(1,2)" } },
  );
  assert.deepEqual(compare(new Float32Array([1]), [1]).expected, { kind: "array", shape: "[1]" });
  assert.equal(compare(1, 1).tol, 0);
  assert.throws(() => compare([], []), /^CloseInputError: compare: both sides are empty|compare: both sides are empty/);
  assert.throws(() => compare([], [], ""), { message: "compare: both sides are empty ([0]), so nothing would be compared; a check must compare at least one number" });
  assert.throws(() => compare([], [], 7 as unknown as string), { message: "compare: both sides are empty ([0]), so nothing would be compared; a check must compare at least one number" });
  const e = (() => { try { compare(1, 1, "x", { tol: -1 }); } catch (err) { return err; } })();
  assert.ok(e instanceof CloseInputError && e instanceof Error);
  assert.deepEqual([(e as CloseInputError).name, (e as CloseInputError).problem], ["CloseInputError", "tolerance"]);
});

test("a failure message says 'NaN equals nothing', and names the option only when both sides hold NaN", () => {
  assert.equal(failure(() => expectClose("a", [NaN], [1], 0)), "check failed: a: max |diff| = NaN > 0 at entry [0]: got NaN, expected 1 (NaN equals nothing); shapes: actual [1], expected [1]");
  assert.equal(failure(() => expectClose("b", [1], [NaN], 0)), "check failed: b: max |diff| = NaN > 0 at entry [0]: got 1, expected NaN (NaN equals nothing); shapes: actual [1], expected [1]");
  assert.equal(failure(() => expectClose("c", NaN, NaN, 0)), "check failed: c: max |diff| = NaN > 0: got NaN, expected NaN (NaN equals nothing; pass { nanExpected: true } if NaN is the right value there); shapes: actual scalar, expected scalar");
});

test("expectClose wants a name: blank or not a string is refused; expectTrue without detail prints and throws without parentheses", (t) => {
  const advice = `expectClose: the first argument names the check, e.g. expectClose("W2·W1 = collapseLinear's W", ...); got`;
  assert.throws(() => expectClose("   ", 1, 1, 0), { message: `${advice} "   "` });
  assert.throws(() => expectClose(42 as unknown as string, 1, 1, 0), { message: `${advice} 42` });
  assert.throws(() => expectClose(undefined as unknown as string, 1, 1, 0), { message: `${advice} undefined` });
  const log = t.mock.method(console, "log", () => {});
  expectTrue("the loss fell", true);
  assert.deepEqual(log.mock.calls.map((c) => c.arguments[0]), ["✓ the loss fell"]);
  assert.throws(() => expectTrue("the loss fell", false), { message: "check failed: the loss fell" });
});
