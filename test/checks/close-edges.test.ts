// src/checks/close.ts at its edges, aimed at the mutants the first mutation run left alive: a
// matrix-like value holding arrays, a negative row count, the kind of each refusal, one infinite
// side under a relative comparison, and the failure text of a result that has no worst entry.
import assert from "node:assert/strict";
import { test } from "node:test";
import { CloseInputError, closeFailureMessage, compare } from "../../src/checks/close";
import { Matrix } from "../../src/matrix";

test("a matrix-like value whose data holds an array names that entry as an array, a type problem", () => {
  assert.throws(() => compare({ rows: 1, cols: 1, data: [[1]] as unknown as number[] }, Matrix.from([[1]]), "M"),
    (e: unknown) => e instanceof CloseInputError && e.problem === "type" && e.message === "M: actual entry (0,0) is an array, not a number");
});

test("a matrix-like value with a negative row count is not a Matrix, even with no data", () => {
  assert.throws(() => compare({ rows: -1, cols: 0, data: [] }, { rows: -1, cols: 0, data: [] }, "M"),
    (e: unknown) => e instanceof CloseInputError && e.problem === "type" && e.message.startsWith("M: actual looks like a Matrix but is not one (rows -1, cols 0, 0 numbers)"));
});

test("one infinite side: the difference is ∞, absolute and relative (never NaN from ∞/∞)", () => {
  for (const [x, y] of [[Infinity, 1], [1, -Infinity], [Infinity, -Infinity]]) {
    const r = compare(x, y, "inf", { relative: true, tol: 1 });
    assert.equal(r.maxAbsDiff, Infinity, `${x} vs ${y}`);
    assert.equal(r.maxRelDiff, Infinity, `${x} vs ${y}`);
    assert.equal(r.ok, false);
  }
});

test("the failure text of a result with no worst entry (every entry equal) names no entry and no values", () => {
  const r = compare([1, 2], [1, 2], "same");
  assert.equal(r.worstIndex, -1);
  assert.equal(closeFailureMessage("same", r), "check failed: same: max |diff| = 0 > 0; shapes: actual [2], expected [2]");
});
