// The unit tests' own comparison of two matrices, written here rather than using the library's
// allClose (src/checks/close.ts), so that a fault in the library's comparison cannot make them pass.
import assert from "node:assert/strict";
import type { Matrix } from "../../src/matrix";

/** The same (rows, cols), and every |actual − expected| ≤ tol; NaN fails (NaN ≠ NaN). */
export function assertClose(actual: Matrix, expected: Matrix, tol: number, what = ""): void {
  assert.deepEqual(actual.shape, expected.shape, `${what} shape`);
  for (let i = 0; i < expected.rows; i++) {
    for (let j = 0; j < expected.cols; j++) {
      const [a, e] = [actual.get(i, j), expected.get(i, j)];
      assert.ok(a === e || Math.abs(a - e) <= tol, `${what} (${i},${j}): ${a} vs ${e}, tolerance ${tol}`);
    }
  }
}
