// Matrix over a Float64Array and the handful of operations the notes use (lessons 01-03).
//
// Legend of dimension letters used across src/:
//   nx  number of input features (rows of X)
//   n1  units in hidden layer 1 (n_l: units in layer l)
//   m   number of examples (columns of X: one example per column)
// A shape is written (rows, cols).
// Layering: this module imports only src/checks/close.ts (the one definition of "close", which
// imports nothing), so every other module may use it without a cycle.
import { compare } from "./checks/close";

/** A (rows, cols) matrix of doubles, stored row-major: entry (i, j) is data[i * cols + j]. Lesson 03. */
export class Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;

  /** Wraps `data` (row-major, length rows·cols) without copying; prefer the static constructors. */
  constructor(rows: number, cols: number, data?: Float64Array) {
    if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
      throw new Error(`Matrix: shape (${rows},${cols}) must be two non-negative integers`);
    }
    if (data !== undefined && data.length !== rows * cols) {
      throw new Error(`Matrix: (${rows},${cols}) needs ${rows * cols} numbers, got ${data.length}`);
    }
    this.rows = rows;
    this.cols = cols;
    this.data = data ?? new Float64Array(rows * cols);
  }

  /** [rows, cols], e.g. [n1, nx] for W1. */
  get shape(): [number, number] {
    return [this.rows, this.cols];
  }

  /** Entry (i, j), 0-based; throws outside the matrix instead of returning undefined. */
  get(i: number, j: number): number {
    return this.data[this.index("get", i, j)];
  }

  /** Sets entry (i, j), 0-based. Matrices are mutable only through this (the ops below never mutate). */
  set(i: number, j: number, v: number): void {
    this.data[this.index("set", i, j)] = v;
  }

  private index(op: string, i: number, j: number): number {
    if (!Number.isInteger(i) || !Number.isInteger(j) || i < 0 || j < 0 || i >= this.rows || j >= this.cols) {
      throw new Error(`${op}: index (${i},${j}) is outside a (${this.rows},${this.cols}) matrix`);
    }
    return i * this.cols + j;
  }

  /** A nested array copy, one inner array per row. */
  toArray(): number[][] {
    return Array.from({ length: this.rows }, (_, i) => Array.from(this.data.subarray(i * this.cols, (i + 1) * this.cols)));
  }

  toString(): string {
    return `Matrix (${this.rows},${this.cols}) ${JSON.stringify(this.toArray())}`;
  }

  // NOTE: Node's console.log / tslab print objects with util.inspect; this key (no import needed)
  // makes them show the numbers instead of a raw Float64Array.
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  /** Copies a rectangular array of rows of numbers. Throws on empty, ragged or non-numeric input. */
  static from(a: number[][]): Matrix {
    if (!Array.isArray(a) || a.length === 0 || !Array.isArray(a[0]) || a[0].length === 0) {
      throw new Error("Matrix.from: needs a non-empty array of non-empty rows, e.g. [[1, 2], [3, 4]] (use Matrix.zeros(r, 0) for an empty matrix)");
    }
    const cols = a[0].length;
    const M = new Matrix(a.length, cols);
    a.forEach((row, i) => {
      if (!Array.isArray(row) || row.length !== cols) {
        throw new Error(`Matrix.from: row ${i} has ${Array.isArray(row) ? row.length : "no"} entries but row 0 has ${cols} (rows must all be the same length)`);
      }
      row.forEach((v, j) => {
        if (typeof v !== "number") throw new Error(`Matrix.from: entry (${i},${j}) is ${JSON.stringify(v)}, not a number`);
        M.data[i * cols + j] = v;
      });
    });
    return M;
  }

  /** The (r, c) matrix of zeros. */
  static zeros(r: number, c: number): Matrix {
    return new Matrix(r, c);
  }

  /** The (r, c) matrix with every entry v. */
  static fill(r: number, c: number, v: number): Matrix {
    return new Matrix(r, c, new Float64Array(r * c).fill(v));
  }

  /** v as an (n, 1) column, e.g. one example x or a bias b. */
  static column(v: number[]): Matrix {
    return Matrix.from(v.map((x) => [x]));
  }

  /** v as a (1, n) row, e.g. the targets y of m examples. */
  static row(v: number[]): Matrix {
    return Matrix.from([v]);
  }
}

/** A's shape as error messages and ✓ lines write it, e.g. "(3,1)". Lesson 03. */
export const shapeOf = (A: Matrix): string => `(${A.rows},${A.cols})`;

/** C = A·B, C_ij = Σ_k A_ik B_kj. @param A (r, n) @param B (n, c) @returns (r, c). Lesson 03. */
export function matmul(A: Matrix, B: Matrix): Matrix {
  if (A.cols !== B.rows) {
    throw new Error(`matmul: ${shapeOf(A)}·${shapeOf(B)} needs A.cols === B.rows (${A.cols} ≠ ${B.rows})`);
  }
  const C = new Matrix(A.rows, B.cols);
  for (let i = 0; i < A.rows; i++) {
    for (let k = 0; k < A.cols; k++) {
      const a = A.data[i * A.cols + k];
      // i-k-j order walks B and C along rows: the cache-friendly order for row-major storage.
      for (let j = 0; j < B.cols; j++) C.data[i * C.cols + j] += a * B.data[k * B.cols + j];
    }
  }
  return C;
}

// Elementwise A ∘ B where B has A's shape, or is an (r, 1) column repeated over A's columns (the
// notes' "+ b"), or a (1, 1) scalar. Only B is broadcast, so a shape error cannot hide behind symmetry.
function broadcast(op: string, symbol: string, A: Matrix, B: Matrix, f: (a: number, b: number) => number): Matrix {
  const same = A.rows === B.rows && A.cols === B.cols;
  const column = A.rows === B.rows && B.cols === 1;
  const scalar = B.rows === 1 && B.cols === 1;
  if (!same && !column && !scalar) {
    throw new Error(`${op}: ${shapeOf(A)} ${symbol} ${shapeOf(B)} needs B to be ${shapeOf(A)}, a (${A.rows},1) column or (1,1)`);
  }
  const C = new Matrix(A.rows, A.cols);
  for (let i = 0; i < A.rows; i++) {
    for (let j = 0; j < A.cols; j++) {
      const b = same ? B.data[i * B.cols + j] : column ? B.data[i] : B.data[0];
      C.data[i * A.cols + j] = f(A.data[i * A.cols + j], b);
    }
  }
  return C;
}

/** A + B elementwise; B may be an (r, 1) column added to every column (Z = W·X + b) or (1, 1). @param A (r, c) @param B (r, c), (r, 1) or (1, 1). Lesson 03. */
export const add = (A: Matrix, B: Matrix): Matrix => broadcast("add", "+", A, B, (a, b) => a + b);

/** A − B elementwise, broadcasting B like `add`. @param A (r, c) @param B (r, c), (r, 1) or (1, 1). Lesson 08. */
export const sub = (A: Matrix, B: Matrix): Matrix => broadcast("sub", "−", A, B, (a, b) => a - b);

/** A ⊙ B (Hadamard product, entry by entry), broadcasting B like `add`. @param A (r, c) @param B (r, c), (r, 1) or (1, 1). Lesson 08. */
export const mul = (A: Matrix, B: Matrix): Matrix => broadcast("mul", "⊙", A, B, (a, b) => a * b);

/** f applied to every entry: C_ij = f(A_ij, i, j). @param A (r, c) @returns (r, c). Lesson 02. */
export function map(A: Matrix, f: (v: number, i: number, j: number) => number): Matrix {
  const C = new Matrix(A.rows, A.cols);
  for (let i = 0; i < A.rows; i++) {
    for (let j = 0; j < A.cols; j++) C.data[i * A.cols + j] = f(A.data[i * A.cols + j], i, j);
  }
  return C;
}

/** s·A. @param A (r, c) @returns (r, c). Lesson 09. */
export const scale = (A: Matrix, s: number): Matrix => map(A, (v) => s * v);

/** Aᵀ, (Aᵀ)_ij = A_ji. @param A (r, c) @returns (c, r). Lesson 08. */
export const transpose = (A: Matrix): Matrix => {
  const T = new Matrix(A.cols, A.rows);
  for (let i = 0; i < A.rows; i++) for (let j = 0; j < A.cols; j++) T.data[j * A.rows + i] = A.data[i * A.cols + j];
  return T;
};

/** s_i = Σ_j A_ij: sums each row over the examples (db = rowSums(dZ)/m). @param A (r, c) @returns (r, 1). Lesson 08. */
export const rowSums = (A: Matrix): Matrix => {
  const s = new Matrix(A.rows, 1);
  for (let i = 0; i < A.rows; i++) for (let j = 0; j < A.cols; j++) s.data[i] += A.data[i * A.cols + j];
  return s;
};

/** Σ_ij A_ij (0 for an empty matrix). @param A (r, c). Lesson 01. */
export const sum = (A: Matrix): number => A.data.reduce((s, v) => s + v, 0);

/** (1/(r·c)) Σ_ij A_ij; throws on an empty matrix rather than return 0/0. @param A (r, c). Lesson 01. */
export function mean(A: Matrix): number {
  if (A.data.length === 0) throw new Error(`mean: ${shapeOf(A)} is empty, its mean is undefined`);
  return sum(A) / A.data.length;
}

/**
 * max_ij |A_ij − B_ij| as `compare` (./checks/close.ts) measures it: 0 for equal entries (equal ±∞
 * included), ∞ for unequal infinities, NaN if either side holds a NaN. Throws on different shapes or
 * empty matrices. @param A (r, c) @param B (r, c). Used by the checks of every lesson.
 */
export const maxAbsDiff = (A: Matrix, B: Matrix): number => compare(A, B, "maxAbsDiff").maxAbsDiff;

/**
 * max_ij |A_ij − B_ij| ≤ tol, the same verdict as expectClose (src/checks/close.ts's `compare`):
 * false with any NaN unless { nanExpected: true } and B holds that NaN; throws on different shapes,
 * empty matrices or a tolerance that is not a finite number ≥ 0. @param A (r, c) @param B (r, c).
 * Used by the checks of every lesson.
 */
export const allClose = (A: Matrix, B: Matrix, tol = 1e-12, opts: { relative?: boolean; nanExpected?: boolean } = {}): boolean =>
  compare(A, B, "allClose", { tol, ...opts }).ok;
