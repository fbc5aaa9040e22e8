// In-notebook assertions: a lesson states an identity, computes both sides independently and calls
// expectClose; the cell prints a one-line verdict, or throws (failing the notebook run in CI).
// Introduced in lesson 01. What "close" means lives in ./close.ts (the grader uses the same `compare`);
// like it, this module needs nothing from the rest of the library, so it runs in Node and the browser.
import { type CloseOptions, type Numeric, checkTolerance, closeFailureMessage, compare } from "./close";

export { CloseInputError, type CloseOptions, type CloseProblem, type CloseResult, type MatrixLike, type Numeric, type Side, closeFailureMessage, compare } from "./close";

/** expectClose's options: those of `compare` (except the tolerance, its own argument) and `quiet`. */
export interface ExpectCloseOptions extends Omit<CloseOptions, "tol"> {
  /** Check without printing the ✓ line (a failure still throws). */
  quiet?: boolean;
}

/**
 * Asserts |actual − expected| ≤ tol entry by entry (relative with { relative: true }), under the rules
 * of ./close.ts: same kind and shape on both sides, at least one entry, NaN equals nothing unless
 * { nanExpected: true } and `expected` has a NaN there, ±∞ equals only itself, tol finite and ≥ 0.
 * Prints `✓ what: max |diff| = 3.10e-13 ≤ 1e-6`; throws an Error naming the check, the measured
 * difference and the tolerance, the worst entry with both values and both shapes otherwise (and a
 * CloseInputError saying what to pass instead when the two cannot be compared). Returns nothing, so a
 * notebook cell ending in a check shows only the ✓ line.
 */
export function expectClose(what: string, actual: Numeric, expected: Numeric, tol: number, opts: ExpectCloseOptions = {}): void {
  if (typeof what !== "string" || what.trim() === "") {
    throw new Error(`expectClose: the first argument names the check, e.g. expectClose("W2·W1 = collapseLinear's W", ...); got ${JSON.stringify(what)}`);
  }
  checkTolerance(tol, what); // here too: compare would read a missing tolerance as 0
  const r = compare(actual, expected, what, { tol, relative: opts.relative, nanExpected: opts.nanExpected });
  if (!r.ok) throw new Error(closeFailureMessage(what, r));
  const kind = r.relative ? "max relative diff" : "max |diff|";
  if (!opts.quiet) console.log(`✓ ${what}: ${kind} = ${r.diff.toExponential(2)} ≤ ${tol}`);
}

/** Assert a condition that is not a closeness, e.g. "the loss fell"; prints ✓ or throws. */
export function expectTrue(what: string, condition: boolean, detail = ""): void {
  if (!condition) throw new Error(`check failed: ${what}${detail ? ` (${detail})` : ""}`);
  console.log(`✓ ${what}${detail ? ` (${detail})` : ""}`);
}
