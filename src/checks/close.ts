// The one definition of "close" in the course: expectClose (the ✓ lines), allClose and maxAbsDiff
// (src/matrix.ts) and the grader's recorder all call `compare`, so they cannot disagree.
//
// Rules: both sides have the same kind and shape (a number with a number, an array with an array of the
// same length, a Matrix with a Matrix of the same (rows, cols)); comparing nothing is an error; NaN
// equals nothing, not even NaN, unless the caller passes { nanExpected: true } and `expected` holds a
// NaN at that entry; +∞ equals only +∞ and −∞ only −∞; the tolerance is a finite number ≥ 0.
//
// Layering: this module imports nothing and knows a Matrix only by its fields (rows, cols, data), so
// src/matrix.ts can build allClose on it without a cycle; src/checks/expect.ts re-exports it.

/** A Matrix as this module sees it: row-major `data` of length rows·cols (src/matrix.ts's Matrix is one). */
export interface MatrixLike {
  readonly rows: number;
  readonly cols: number;
  readonly data: ArrayLike<number>;
}

/** What can be compared: a number, an array (or typed array) of numbers, or a Matrix. */
export type Numeric = number | ArrayLike<number> | MatrixLike;

export interface CloseOptions {
  /** The largest allowed difference: a finite number ≥ 0. Default 0 (exactly equal). */
  tol?: number;
  /** Compare |a − e| / max(|a|, |e|) instead of |a − e|. */
  relative?: boolean;
  /**
   * true: a NaN in `expected` claims that `actual` is NaN at that same entry (and only there); such
   * an entry counts as equal. Without it (the default) any NaN on either side fails the comparison.
   */
  nanExpected?: boolean;
}

/** One side of a comparison, as the failure message describes it. */
export interface Side {
  kind: "number" | "array" | "matrix";
  /** "scalar" (a number), "[3]" (an array of 3) or "(2,3)" (a Matrix). */
  shape: string;
}

export interface CloseResult {
  /** max |a − e| over all entries (0 for equal entries, ∞ for unequal infinities, NaN if a NaN counts). */
  maxAbsDiff: number;
  /** max |a − e| / max(|a|, |e|) over all entries (same conventions). */
  maxRelDiff: number;
  /** maxRelDiff if options.relative, else maxAbsDiff: what is held against the tolerance. */
  diff: number;
  tol: number;
  relative: boolean;
  /** diff ≤ tol and no NaN counted: the verdict. */
  ok: boolean;
  /** Flat (row-major) index of the worst entry for `diff` (a NaN is worst of all); −1 if every entry is equal. */
  worstIndex: number;
  /** The worst entry as the reader counts it: "(1,2)" in a Matrix, "[4]" in an array, "" for a number. */
  worstAt: string;
  /** actual and expected at the worst entry (undefined when worstIndex is −1). */
  worstActual?: number;
  worstExpected?: number;
  actual: Side;
  expected: Side;
}

/** Why a comparison could not be made: a caller's mistake, not a failed check. */
export type CloseProblem = "tolerance" | "type" | "shape" | "empty";

/** Thrown for a comparison that cannot be made; `problem` says which rule it broke. */
export class CloseInputError extends Error {
  readonly problem: CloseProblem;
  constructor(problem: CloseProblem, message: string) {
    super(message);
    this.name = "CloseInputError";
    this.problem = problem;
  }
}

// Captured once at load time: the grader runs this module in a kernel that student code shares, and
// these must not be swappable later. (Math, Number and Array are frozen by the grader's seal.)
const isView = ArrayBuffer.isView;
const isArray = Array.isArray;
const abs = Math.abs;
const isFiniteNumber = Number.isFinite;

interface Values extends Side {
  xs: ArrayLike<number>;
  rows: number;
  cols: number;
}

function describeValue(v: unknown): string {
  if (v === null) return "null";
  if (isArray(v)) return "an array";
  if (typeof v === "object") return `an object (${(v as object).constructor?.name ?? "Object"})`;
  return `${typeof v} ${String(v).slice(0, 40)}`;
}

function isMatrixLike(v: object): v is MatrixLike {
  return !isArray(v) && !isView(v) && "rows" in v && "cols" in v && "data" in v;
}

function valuesOf(v: unknown, side: "actual" | "expected", what: string): Values {
  if (typeof v === "number") return { kind: "number", shape: "scalar", xs: [v], rows: 1, cols: 1 };
  if (typeof v === "object" && v !== null && isMatrixLike(v)) {
    const { rows, cols, data } = v;
    const n = data?.length;
    if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0 || n !== rows * cols) {
      throw new CloseInputError("type", `${what}: ${side} looks like a Matrix but is not one (rows ${String(rows)}, cols ${String(cols)}, ${String(n)} numbers); build it with Matrix.from([[...], ...])`);
    }
    checkEntries(data, side, what, cols);
    return { kind: "matrix", shape: `(${rows},${cols})`, xs: data, rows, cols };
  }
  if (isArray(v) || (isView(v) && !(v instanceof DataView))) {
    const xs = v as ArrayLike<unknown>;
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i];
      if (isArray(x) || isView(x) || (typeof x === "object" && x !== null && isMatrixLike(x))) {
        throw new CloseInputError(
          "type",
          `${what}: ${side} is an array of arrays; pass Matrix.from(rows) to compare a matrix entry by entry (or .flat() for its numbers in order)`,
        );
      }
    }
    checkEntries(xs, side, what, 0);
    return { kind: "array", shape: `[${xs.length}]`, xs: xs as ArrayLike<number>, rows: xs.length, cols: 0 };
  }
  throw new CloseInputError("type", `${what}: ${side} is ${describeValue(v)}; pass a number, an array of numbers or a Matrix`);
}

function checkEntries(xs: ArrayLike<unknown>, side: string, what: string, cols: number): void {
  for (let i = 0; i < xs.length; i++) {
    if (typeof xs[i] !== "number") {
      throw new CloseInputError("type", `${what}: ${side} entry ${at(i, cols)} is ${describeValue(xs[i])}, not a number`);
    }
  }
}

/** "(i,j)" for a Matrix with `cols` columns, "[i]" for an array (cols 0). */
function at(i: number, cols: number): string {
  return cols > 0 ? `(${Math.floor(i / cols)},${i % cols})` : `[${i}]`;
}

const article = (s: Side) => (s.kind === "number" ? "a number" : s.kind === "array" ? `an array ${s.shape}` : `a Matrix ${s.shape}`);

function checkKinds(a: Values, e: Values, what: string): void {
  if (a.kind !== e.kind) {
    const advice = a.kind === "number" || e.kind === "number"
      ? "compare a number with a number (e.g. xs[0], M.get(0, 0)) or an array with an array of the same length (e.g. xs.map(() => 0) for all zeros)"
      : "compare a Matrix with a Matrix of the same shape (Matrix.row(xs) or Matrix.column(xs) makes one from an array) or an array with an array (Array.from(M.data) lists a Matrix's entries row by row)";
    throw new CloseInputError("type", `${what}: cannot compare ${article(a)} (actual) with ${article(e)} (expected); ${advice}`);
  }
  if (a.kind === "matrix" && a.shape !== e.shape) {
    // rows kept from the Matrix itself: (2,0) has no data from which to read its 2 rows back.
    const transposed = e.shape === `(${a.cols},${a.rows})` ? "; one is the other's shape transposed: transpose one side if that is what you mean" : "";
    throw new CloseInputError("shape", `${what}: shapes differ: actual is ${a.shape}, expected is ${e.shape}; a Matrix is compared only with a Matrix of the same (rows, cols)${transposed}`);
  }
  if (a.kind === "array" && a.xs.length !== e.xs.length) {
    throw new CloseInputError("shape", `${what}: lengths differ: actual has ${a.xs.length} numbers, expected has ${e.xs.length}; an array is compared only with an array of the same length`);
  }
  if (a.xs.length === 0) {
    throw new CloseInputError("empty", `${what}: both sides are empty (${a.shape}), so nothing would be compared; a check must compare at least one number`);
  }
}

/** Throws unless tol is a finite number ≥ 0. */
export function checkTolerance(tol: unknown, what: string): number {
  if (typeof tol !== "number" || !isFiniteNumber(tol) || tol < 0) {
    throw new CloseInputError("tolerance", `${what}: the tolerance must be a finite number ≥ 0 (0 for exact equality), got ${describeValue(tol)}`);
  }
  return tol;
}

/**
 * Compares actual with expected entry by entry under the rules in this file's header and returns the
 * measurement and the verdict (`ok`); throws a CloseInputError when the two cannot be compared (kinds,
 * shapes, nothing to compare, a bad tolerance). Per entry, with a = actual and e = expected:
 * a === e (including equal infinities) differs by 0; a NaN (unless claimed by nanExpected) by NaN;
 * unequal infinities by ∞; otherwise |a − e|, and relatively |a − e| / max(|a|, |e|). Lesson 01.
 */
export function compare(actual: Numeric, expected: Numeric, what = "compare", options: CloseOptions = {}): CloseResult {
  const name = typeof what === "string" && what !== "" ? what : "compare";
  const tol = checkTolerance(options.tol ?? 0, name);
  const relative = options.relative === true;
  const nanExpected = options.nanExpected === true;
  const a = valuesOf(actual, "actual", name);
  const e = valuesOf(expected, "expected", name);
  checkKinds(a, e, name);
  let maxAbsDiff = 0;
  let maxRelDiff = 0;
  let worstIndex = -1;
  let worst = 0;
  let worstActual = 0;
  let worstExpected = 0;
  for (let i = 0; i < a.xs.length; i++) {
    const x = a.xs[i];
    const y = e.xs[i];
    let d: number;
    let r: number;
    if (x === y) d = r = 0;
    else if (x !== x || y !== y) d = r = nanExpected && x !== x && y !== y ? 0 : NaN; // x !== x: x is NaN
    else if (!isFiniteNumber(x) || !isFiniteNumber(y)) d = r = Infinity;
    else {
      const scale = Math.max(abs(x), abs(y));
      d = abs(x - y); // may overflow to ∞ for finite x, y of opposite sign near ±1.8e308: still a failure
      r = abs(x / scale - y / scale); // divided first, so it cannot overflow
    }
    const k = relative ? r : d;
    if (worst === worst && (k !== k || k > worst)) {
      worst = k;
      worstIndex = i;
      worstActual = x; // kept as read: each entry is read once
      worstExpected = y;
    }
    if (maxAbsDiff === maxAbsDiff && (d !== d || d > maxAbsDiff)) maxAbsDiff = d;
    if (maxRelDiff === maxRelDiff && (r !== r || r > maxRelDiff)) maxRelDiff = r;
  }
  const diff = relative ? maxRelDiff : maxAbsDiff;
  const result: CloseResult = {
    maxAbsDiff,
    maxRelDiff,
    diff,
    tol,
    relative,
    ok: diff <= tol, // false for NaN
    worstIndex,
    worstAt: worstIndex < 0 || a.kind === "number" ? "" : at(worstIndex, a.kind === "matrix" ? a.cols : 0),
    actual: { kind: a.kind, shape: a.shape },
    expected: { kind: e.kind, shape: e.shape },
  };
  if (worstIndex >= 0) {
    result.worstActual = worstActual;
    result.worstExpected = worstExpected;
  }
  return result;
}

/**
 * The one-line failure text of a comparison: the check's name, the measured difference and the
 * tolerance, the worst entry with both values, and both shapes. E.g.
 * `check failed: Z1: max |diff| = 0.25 > 1e-12 at entry (1,0): got 1.25, expected 1; shapes: actual (2,3), expected (2,3)`.
 */
export function closeFailureMessage(what: string, r: CloseResult): string {
  const kind = r.relative ? "max relative diff" : "max |diff|";
  const entry = r.worstIndex < 0 ? "" : `${r.worstAt ? ` at entry ${r.worstAt}` : ""}: got ${String(r.worstActual)}, expected ${String(r.worstExpected)}`;
  const a = r.worstActual, e = r.worstExpected;
  const nan = a !== a && e !== e
    ? " (NaN equals nothing; pass { nanExpected: true } if NaN is the right value there)"
    : a !== a || e !== e ? " (NaN equals nothing)" : "";
  return `check failed: ${what}: ${kind} = ${String(r.diff)} > ${r.tol}${entry}${nan}; shapes: actual ${r.actual.shape}, expected ${r.expected.shape}`;
}
