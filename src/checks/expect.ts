// In-notebook assertions: a lesson states an identity, computes both sides independently and calls
// expectClose; the cell prints a one-line verdict, or throws (failing the notebook run in CI).
// Introduced in lesson 01. Imports nothing, so it runs in Node tests and the browser as well.

/** Anything with comparable numbers: a number, an array of numbers, or a Matrix-like object. */
export type Numeric = number | ArrayLike<number> | { data: ArrayLike<number>; rows: number; cols: number };

function values(v: Numeric): { xs: ArrayLike<number>; shape: string } {
  if (typeof v === "number") return { xs: [v], shape: "scalar" };
  if ("data" in v && "rows" in v) return { xs: v.data, shape: `(${v.rows},${v.cols})` };
  return { xs: v as ArrayLike<number>, shape: `[${(v as ArrayLike<number>).length}]` };
}

export interface CloseResult {
  maxAbsDiff: number;
  maxRelDiff: number;
  worstIndex: number;
}

/** max |a−b| and max |a−b|/max(|a|,|b|,tiny) over all entries; NaN anywhere counts as a failure. */
export function compare(actual: Numeric, expected: Numeric, what = "compare"): CloseResult {
  const a = values(actual);
  const e = values(expected);
  if (a.shape !== e.shape && a.xs.length !== e.xs.length) {
    throw new Error(`${what}: shapes differ, got ${a.shape} and expected ${e.shape}`);
  }
  let maxAbsDiff = 0;
  let maxRelDiff = 0;
  let worstIndex = -1;
  for (let i = 0; i < a.xs.length; i++) {
    const x = a.xs[i];
    const y = e.xs[i];
    const same = x === y || (Number.isNaN(x) && Number.isNaN(y)); // equal infinities count as equal
    const d = same ? 0 : Math.abs(x - y);
    const r = same ? 0 : d / Math.max(Math.abs(x), Math.abs(y), Number.MIN_VALUE);
    if (Number.isNaN(d) || d > maxAbsDiff) {
      maxAbsDiff = Number.isNaN(d) ? NaN : d;
      worstIndex = i;
    }
    if (Number.isNaN(r) || r > maxRelDiff) maxRelDiff = Number.isNaN(r) ? NaN : r;
    if (Number.isNaN(d)) break;
  }
  return { maxAbsDiff, maxRelDiff, worstIndex };
}

/**
 * Assert |actual − expected| ≤ tol entrywise (absolute, or relative with { relative: true }).
 * Prints `✓ what: max |diff| = 3.1e-13 ≤ 1e-6`; throws an Error naming the check, the worst entry and
 * both values otherwise. Returns nothing, so a notebook cell ending in a check shows only the ✓ line.
 */
export function expectClose(what: string, actual: Numeric, expected: Numeric, tol: number, opts: { relative?: boolean; quiet?: boolean } = {}): void {
  const r = compare(actual, expected, what);
  const diff = opts.relative ? r.maxRelDiff : r.maxAbsDiff;
  const kind = opts.relative ? "max relative diff" : "max |diff|";
  if (!(diff <= tol)) {
    const a = values(actual).xs[r.worstIndex];
    const e = values(expected).xs[r.worstIndex];
    throw new Error(`check failed: ${what}: ${kind} = ${diff} > ${tol} (worst entry #${r.worstIndex}: got ${a}, expected ${e})`);
  }
  if (!opts.quiet) console.log(`✓ ${what}: ${kind} = ${diff.toExponential(2)} ≤ ${tol}`);
}

/** Assert a condition that is not a closeness, e.g. "the loss fell"; prints ✓ or throws. */
export function expectTrue(what: string, condition: boolean, detail = ""): void {
  if (!condition) throw new Error(`check failed: ${what}${detail ? ` (${detail})` : ""}`);
  console.log(`✓ ${what}${detail ? ` (${detail})` : ""}`);
}
