// Getting data ready for gradient descent: standardise each feature, pick rows/columns, a seeded
// train/test split. No file system here, so it runs in the browser too. Lessons 01 and 10.
//
// Legend: X is (nx, m), one example per column; Y is (nL, m).
import { Matrix } from "../matrix";
import { makeRng, shuffledIndices } from "../random";

/**
 * Xs = (X − mean) / std row by row, so every feature has mean 0 and (population) standard deviation 1
 * and no feature dominates the gradient by its units alone. std = √((1/m) Σ_k (x_k − mean)²). Lesson 01.
 * Throws on a constant feature (std = 0), naming its row (and its name if `names` is given).
 * @param X (nx, m) @returns Xs (nx, m), mean (nx, 1), std (nx, 1): reuse them on test data with applyStandardize
 */
export function standardize(X: Matrix, { names }: { names?: string[] } = {}): { Xs: Matrix; mean: Matrix; std: Matrix } {
  const m = X.cols;
  if (m === 0) throw new Error(`standardize: X is (${X.rows},0): no examples to take a mean over`);
  const mean = Matrix.zeros(X.rows, 1);
  const std = Matrix.zeros(X.rows, 1);
  for (let f = 0; f < X.rows; f++) {
    const row = X.data.subarray(f * m, (f + 1) * m);
    const mu = row.reduce((s, v) => s + v, 0) / m;
    const sd = Math.sqrt(row.reduce((s, v) => s + (v - mu) ** 2, 0) / m);
    if (sd === 0) {
      throw new Error(`standardize: row ${f}${names?.[f] ? ` (${names[f]})` : ""} has standard deviation 0 (every value is ${row[0]}); it cannot be scaled, drop that feature`);
    }
    mean.data[f] = mu;
    std.data[f] = sd;
  }
  return { Xs: applyStandardize(X, mean, std), mean, std };
}

/**
 * (X − mean) / std row by row with a mean and std computed elsewhere (on the training set, so the test
 * set is scaled the same way and never peeked at). Lesson 10.
 * @param X (nx, m) @param mean (nx, 1) @param std (nx, 1) @returns (nx, m)
 */
export function applyStandardize(X: Matrix, mean: Matrix, std: Matrix): Matrix {
  for (const [name, v] of [["mean", mean], ["std", std]] as const) {
    if (v.rows !== X.rows || v.cols !== 1) {
      throw new Error(`applyStandardize: X is (${X.rows},${X.cols}) so ${name} must be (${X.rows},1), but it is (${v.rows},${v.cols})`);
    }
  }
  const Xs = Matrix.zeros(X.rows, X.cols);
  for (let k = 0; k < X.data.length; k++) {
    const f = Math.floor(k / X.cols);
    Xs.data[k] = (X.data[k] - mean.data[f]) / std.data[f];
  }
  return Xs;
}

function checkIndices(op: string, idx: number[], n: number, what: string): void {
  for (const i of idx) {
    if (!Number.isInteger(i) || i < 0 || i >= n) throw new Error(`${op}: index ${i} is not a ${what} of a matrix with ${n} ${what}s`);
  }
}

/** The rows rowIdx of X, in that order, e.g. a subset of features. @param X (r, c) @returns (rowIdx.length, c). Lesson 01. */
export function selectRows(X: Matrix, rowIdx: number[]): Matrix {
  checkIndices("selectRows", rowIdx, X.rows, "row");
  const S = Matrix.zeros(rowIdx.length, X.cols);
  rowIdx.forEach((i, r) => S.data.set(X.data.subarray(i * X.cols, (i + 1) * X.cols), r * X.cols));
  return S;
}

/** The columns colIdx of X, in that order, i.e. a subset of the examples. @param X (r, c) @returns (r, colIdx.length). Lesson 10. */
export function selectColumns(X: Matrix, colIdx: number[]): Matrix {
  checkIndices("selectColumns", colIdx, X.cols, "column");
  const S = Matrix.zeros(X.rows, colIdx.length);
  for (let i = 0; i < X.rows; i++) colIdx.forEach((j, c) => (S.data[i * colIdx.length + c] = X.data[i * X.cols + j]));
  return S;
}

/**
 * Shuffles the m examples with a seeded generator and puts round(testFraction·m) of them in the test
 * set and the rest in the training set (both in shuffled order). Same seed, same split. Lesson 10.
 * @param X (nx, m) @param Y (nL, m) @param testFraction in [0, 1)
 * @returns Xtrain (nx, m − t), Ytrain (nL, m − t), Xtest (nx, t), Ytest (nL, t), and the column indices used
 */
export function trainTestSplit(
  X: Matrix,
  Y: Matrix,
  { testFraction, seed }: { testFraction: number; seed: number },
): { Xtrain: Matrix; Ytrain: Matrix; Xtest: Matrix; Ytest: Matrix; trainIdx: number[]; testIdx: number[] } {
  if (X.cols !== Y.cols) {
    throw new Error(`trainTestSplit: X is (${X.rows},${X.cols}) but Y is (${Y.rows},${Y.cols}): both need one column per example`);
  }
  if (typeof testFraction !== "number" || !(testFraction >= 0 && testFraction < 1)) {
    throw new Error(`trainTestSplit: testFraction must be in [0, 1), got ${String(testFraction)}`);
  }
  const order = shuffledIndices(X.cols, makeRng(seed));
  const nTest = Math.round(testFraction * X.cols);
  const testIdx = order.slice(0, nTest);
  const trainIdx = order.slice(nTest);
  return {
    Xtrain: selectColumns(X, trainIdx),
    Ytrain: selectColumns(Y, trainIdx),
    Xtest: selectColumns(X, testIdx),
    Ytest: selectColumns(Y, testIdx),
    trainIdx,
    testIdx,
  };
}
