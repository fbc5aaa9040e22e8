// Numbers in the prose must come from the computation. A lesson's markdown "states a computed number"
// when, before its "## Exercises" heading (exercises and questions propose numbers, they do not
// report them), it writes a number that
//   - has three or more significant digits (0.693, 20,433, 4.54 × 10⁻⁵; trailing zeros of an
//     integer do not count: 1,000 has one), or
//   - is a dollar amount (\$342, \$59,000), or
//   - counts steps, epochs, iterations, examples, neighbourhoods, houses, points, samples, rows,
//     entries or parameters ("14 steps", "m = 5 examples", "3,000 of the neighbourhoods");
// lesson numbers ("lesson 08") and numbers inside code spans, link targets and sub/superscripts of
// formulas are not numbers of the prose. Such a number must be shown by an output of the same lesson
// (text, a table, a formula; not a figure's data), or be listed as a definitional constant with a
// reason in test/lessons-prose/allowed-numbers.json.
//
// How a prose number matches an output number (sign ignored, separators ignored: \$59,166 = 59166,
// 1.2 × 10⁻⁵ = 1.2e-5): the prose may round the output to its last digit or cut it there, so with
// u = one unit of the prose number's last digit, |output| − |prose| must lie in [−u/2, u). A number
// written with decimals or an exponent has u of its last decimal (0.693 matches 0.6931471..., 0.694
// does not; 4.54e-5 matches 4.5396e-5); an integer has u = 1 (59,166 matches 59165.8); an integer
// after "about", "approximately", "roughly", "nearly", "near", "close to", "around", "almost",
// "some", "over", "under", "more than", "less than", "at least", "at most", "up to", "~" or "≈" has
// u = one unit of its last non-zero digit (about \$59,000 matches 59,166 and 58,986).
import { beforeExercises, plainProse, flattenTex } from "./markdown";

export interface ProseNumber {
  /** As written (after flattening), e.g. "$59,000" or "4.54e-5". */
  text: string;
  value: number;
  /** Why it counts: "3+ significant digits", "dollar amount", "count of steps". */
  why: string[];
  /** One unit of the last digit that counts: an output o matches when |o| − |value| ∈ [−tolerance/2, tolerance). */
  tolerance: number;
  /** ~60 characters around it, for messages. */
  context: string;
}

const COUNT_NOUNS = /^(?:steps?|epochs?|iterations?|examples?|neighbou?rhoods?|houses?|points?|samples?|rows?|entries|entry|parameters?)$/i;
const APPROX = /(?:about|approximately|roughly|nearly|near|close to|around|almost|some|over|under|more than|less than|at least|at most|up to|~|≈)\s*[-−]?\s*\$?$/i;
/** A number as written: optional $ and sign, digits with thousands separators, decimals, exponent. */
const NUMBER = /(?<![\w.,])(?:[-−]\s?)?(\$\s?)?(?:[-−]\s?)?((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)(?:e([-−+]?\d+))?(?![\w]|\.\d|,\d{3})/g;

function significantDigits(digits: string, hasPoint: boolean): number {
  const d = digits.replace(/[^\d]/g, "").replace(/^0+/, "");
  return hasPoint ? d.length : d.replace(/0+$/, "").length;
}

/** Parse the numbers of one prose string (already flattened). */
export function numbersIn(prose: string): { text: string; value: number; start: number; end: number; dollar: boolean; mantissa: string; exponent: number; hasPoint: boolean }[] {
  const out: ReturnType<typeof numbersIn> = [];
  for (const m of prose.matchAll(NUMBER)) {
    const mantissa = m[2];
    const exponent = m[3] ? Number(m[3].replace("−", "-")) : 0;
    const value = Number(mantissa.replace(/,/g, "")) * 10 ** exponent;
    if (!Number.isFinite(value)) continue;
    out.push({ text: m[0].trim(), value, start: m.index!, end: m.index! + m[0].length, dollar: Boolean(m[1]), mantissa, exponent, hasPoint: mantissa.includes(".") || Boolean(m[3]) });
  }
  return out;
}

/** The computed numbers a markdown cell states (see the header for the definition). */
export function proseNumbers(md: string): ProseNumber[] {
  const prose = plainProse(beforeExercises(md).prose)
    // "lesson 08", "lessons 02–07", "Lesson 10's": references, not quantities.
    .replace(/\b[Ll]essons?\s+\d{1,2}(?:\s*(?:–|—|-|,|and|or|to)\s*\d{1,2})*/g, (s) => s.replace(/\d/g, "#"));
  const out: ProseNumber[] = [];
  for (const n of numbersIn(prose)) {
    const why: string[] = [];
    if (significantDigits(n.mantissa, n.hasPoint) >= 3) why.push("3+ significant digits");
    if (n.dollar) why.push("dollar amount");
    const after = prose.slice(n.end).match(/^\s+((?:[A-Za-z-]+\s+){0,2}?)([A-Za-z]+)\b/);
    if (after && COUNT_NOUNS.test(after[2]) && !n.hasPoint) why.push(`count of ${after[2].toLowerCase()}`);
    if (!why.length) continue;
    const approx = APPROX.test(prose.slice(Math.max(0, n.start - 20), n.start));
    let tolerance: number;
    if (n.hasPoint) {
      const decimals = (n.mantissa.split(".")[1] ?? "").length;
      tolerance = 10 ** (n.exponent - decimals);
    } else if (approx) {
      const trailing = n.mantissa.replace(/,/g, "").match(/0*$/)![0].length;
      tolerance = 10 ** (trailing + n.exponent);
    } else tolerance = 10 ** n.exponent;
    const context = prose.slice(Math.max(0, n.start - 30), Math.min(prose.length, n.end + 30)).replace(/\s+/g, " ").trim();
    out.push({ text: n.text, value: n.value, why, tolerance, context });
  }
  return out;
}

/** Every number a text output shows (stream, plain text, markdown table, LaTeX, HTML text). */
export function outputNumbers(texts: string[]): number[] {
  const out: number[] = [];
  for (const t of texts) {
    const flat = flattenTex(t.replace(/<[^>]+>/g, " ")).replace(/\\\$/g, "$");
    for (const n of numbersIn(flat)) out.push(n.value);
  }
  return out;
}

/** Does some output number match `p` (see the header)? */
export function shown(p: ProseNumber, outputs: number[]): boolean {
  const v = Math.abs(p.value);
  // A little slack for the binary rounding of the two decimals being compared.
  const eps = 1e-9 * p.tolerance;
  return outputs.some((o) => {
    const d = Math.abs(o) - v;
    return d >= -p.tolerance / 2 - eps && d < p.tolerance - eps;
  });
}

export interface AllowedNumber {
  number: string;
  reason: string;
}

/** Is `p` a listed definitional constant? Listed as written ("0.693", "$500,001"; separators and $ optional). */
export function allowed(p: ProseNumber, list: AllowedNumber[]): AllowedNumber | undefined {
  const norm = (s: string) => s.replace(/[$,\s]/g, "").replace("−", "-").replace(/^-/, "");
  return list.find((a) => norm(a.number) === norm(p.text) || Number(norm(a.number)) === Math.abs(p.value));
}
