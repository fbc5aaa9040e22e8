// Symbolic witnesses (mathjs): a derivative worked by hand, e.g. σ' = σ(1 − σ) in lesson 06, checked
// against the one mathjs derives, at sample points and, where mathjs's simplifier can, exactly.
import { derivative, evaluate, simplify } from "mathjs";

/** The points where verifyDerivative compares by default: both signs, the origin, and the shoulders of σ and tanh. */
export const DEFAULT_SAMPLES = [-5, -2, -1, -0.5, 0, 0.5, 1, 2, 5];

/** f'(x) as mathjs derives and simplifies it, e.g. "tanh(x)" → "sech(x) ^ 2". Lesson 06. */
export function symbolicDerivative(expr: string, variable = "x"): string {
  return derivative(expr, variable).toString();
}

/** expr evaluated at variable = x, e.g. evaluateAt("1/(1+e^(-x))", 0) = 0.5; throws if the value is not a real number. Lesson 06. */
export function evaluateAt(expr: string, x: number, variable = "x"): number {
  const value: unknown = evaluate(expr, { [variable]: x });
  if (typeof value !== "number") {
    throw new Error(`evaluateAt: ${expr} at ${variable} = ${x} is ${String(value)}, not a real number`);
  }
  return value;
}

/**
 * Checks a claimed derivative f' of expr: maxAbsDiff = max over samples of |claimed(x) − d(x)| where d
 * is mathjs's derivative; symbolicallyEqual = simplify(d − claimed) is 0 (true), a non-zero constant
 * (false), or still depends on the variable ("unknown": mathjs could not decide, trust the samples).
 * Example: verifyDerivative("1/(1+e^(-x))", "(1/(1+e^(-x)))*(1-1/(1+e^(-x)))"). Lesson 06.
 */
export function verifyDerivative(
  expr: string,
  claimed: string,
  { variable = "x", samples = DEFAULT_SAMPLES }: { variable?: string; samples?: number[] } = {},
): { derivative: string; tex: string; maxAbsDiff: number; symbolicallyEqual: boolean | "unknown" } {
  const d = derivative(expr, variable);
  let maxAbsDiff = 0;
  for (const x of samples) {
    const diff = Math.abs(evaluateAt(claimed, x, variable) - evaluateAt(d.toString(), x, variable));
    maxAbsDiff = Number.isNaN(diff) ? NaN : Math.max(maxAbsDiff, diff);
  }
  let symbolicallyEqual: boolean | "unknown" = "unknown";
  try {
    const rest = simplify(`(${d.toString()}) - (${claimed})`);
    // A difference free of the variable is a constant (like "0" or "-1"): evaluate it to decide.
    const mentionsVariable = rest.filter((n) => n.type === "SymbolNode" && (n as unknown as { name: string }).name === variable).length > 0;
    if (!mentionsVariable) symbolicallyEqual = rest.evaluate() === 0;
  } catch {
    // simplify gives up on some expressions; the sample comparison above still stands.
  }
  return { derivative: d.toString(), tex: d.toTex(), maxAbsDiff, symbolicallyEqual };
}
