// The grader's results for one Gradescope submission, as Gradescope's results.json: a test per
// exercise that carries its points (shown once grades are published, since it includes the hidden
// tests), a test per exercise with the visible tests' outcome (shown at once, no points), an overall
// score, and a top-level text saying which lesson was recognised and what could not be graded.
//
// Format (Gradescope's autograder specification, "Output format"): top-level `score`,
// `execution_time` (s), `output`, `stdout_visibility`, `extra_data`, `tests`; per test `name`,
// `score`, `max_score`, `status` ("passed" | "failed"), `output`, `visibility` ("hidden" |
// "after_due_date" | "after_published" | "visible"), `tags`, `extra_data`; `output_format` /
// `name_format` (and the top-level `test_output_format` / `test_name_format`) are "text": every
// string is shown as plain text, never as HTML or Markdown. tools/grade/gradescope/results.schema.json
// is the same, as a JSON Schema.
import type { Course, Lesson } from "./course";
import type { SubmissionResult } from "./grader";
import type { CheckResult, ExerciseResult } from "./score";

export type Visibility = "hidden" | "after_due_date" | "after_published" | "visible";

export interface GradescopeTest {
  name: string;
  name_format: "text";
  score: number;
  max_score: number;
  status: "passed" | "failed";
  output: string;
  output_format: "text";
  visibility: Visibility;
  tags: string[];
  extra_data: Record<string, unknown>;
}

export interface GradescopeResults {
  score: number;
  execution_time: number;
  output: string;
  output_format: "text";
  test_output_format: "text";
  test_name_format: "text";
  /** What run_autograder prints (tables, the sandbox report) is for the instructor only. */
  stdout_visibility: "hidden";
  extra_data: Record<string, unknown>;
  tests: GradescopeTest[];
}

/** Whether student code ran in the operating-system sandbox, and what was not protected if not. */
export interface Protection {
  sandbox: boolean;
  /** One line for the submission's top-level output. */
  summary: string;
  /** For the instructor (stdout, extra_data): what student code could do without the sandbox. */
  unprotected: string[];
}

export interface GradescopeInput {
  course: Course;
  /** Lesson numbers this assignment grades (null: whichever lesson a notebook is). */
  accept: string[] | null;
  results: SubmissionResult[];
  /** Notebooks not graded because they are of a lesson this assignment does not grade. */
  skipped: { file: string; lesson: string }[];
  /** Files of the submission that are not notebooks (names relative to the submission folder). */
  otherFiles: string[];
  protection: Protection;
  policy: "all-or-nothing" | "partial";
  seconds: number;
}

/** Longest texts written (characters): Gradescope shows them in full, a hostile submission must not flood them. */
export const LIMITS = { testOutput: 6000, topOutput: 4000, line: 500, name: 200 };

/**
 * A string from a submission (or from the grader, which quotes submissions) made safe to show as
 * plain text: no terminal escape sequences, no control characters but tab and newline, no
 * bidirectional overrides (which can make text read differently from what it is), no lone
 * surrogates (not valid Unicode), and at most `max` characters.
 */
export function plain(s: unknown, max: number = LIMITS.line): string {
  let t = String(s ?? "")
    .replace(/\x1b\[[0-?]*[ -/]*[@-~]/g, "") // CSI sequences (colours, cursor moves)
    .replace(/\x1b\][^\x07\x1b]*(\x07|\x1b\\)?/g, "") // OSC sequences (titles, links)
    .replace(/\r\n?/g, "\n")
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, "")
    .replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, "")
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");
  const chars = [...t];
  if (chars.length > max) {
    const keep = Math.max(0, max - 40);
    t = `${chars.slice(0, keep).join("")}… [${chars.length - keep} more characters cut]`;
  }
  return t;
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const pts = (x: number) => String(round2(x));
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

const STATUS_WORD: Record<string, string> = {
  passed: "Passed", failed: "Failed", error: "Your exercise cell failed", missing: "Missing",
  "not-attempted": "Not attempted", timeout: "Timed out", crashed: "Crashed the kernel", blocked: "Refused",
  tampered: "Tampering", "not-graded": "Not graded",
};

/** Statuses that are about the exercise as a whole, not about which checks failed. */
const WHOLE = new Set(["error", "missing", "not-attempted", "timeout", "crashed", "blocked", "tampered", "not-graded"]);

function checkLines(checks: CheckResult[]): string[] {
  return checks.map((c) => `  ${c.ok ? "✓" : "✗"} ${plain(c.name, 200)}${c.ok ? "" : `: ${plain(c.message)}`}`);
}

function partHeading(label: string, checks: CheckResult[]): string {
  return `${label} (${checks.filter((c) => c.ok).length} of ${plural(checks.length, "check")} passed):`;
}

function policyLine(policy: GradescopeInput["policy"]): string {
  return policy === "partial"
    ? "Points in proportion to the checks passed and the test cells that finished cleanly."
    : "All or nothing: the points need every check of the visible and the hidden tests to pass.";
}

/** The scored test of one exercise: its points, and every check (visible and hidden). */
function scoredTest(lesson: Lesson, e: ExerciseResult, policy: GradescopeInput["policy"], file: string): GradescopeTest {
  const ex = lesson.exercises.find((x) => x.id === e.id);
  const visible = e.checks.filter((c) => c.part === "tests");
  const hidden = e.checks.filter((c) => c.part === "hidden");
  const lines = [
    e.status === "passed" ? "Passed." : `${STATUS_WORD[e.status] ?? e.status}: ${plain(e.summary)}`,
    `${pts(e.score)} / ${pts(e.points)} points. ${policyLine(policy)}`,
  ];
  if (visible.length) lines.push("", partHeading("Visible tests", visible), ...checkLines(visible));
  if (hidden.length) lines.push("", partHeading("Hidden tests", hidden), ...checkLines(hidden));
  if (e.notes.length) lines.push("", "Notes:", ...e.notes.map((n) => `  - ${plain(n)}`));
  lines.push("", `Graded from ${plain(file, 200)}.`);
  return {
    name: plain(`${e.id} · ${ex?.task ?? ""} (${plural(e.points, "point")})`, LIMITS.name),
    name_format: "text",
    score: round2(e.score),
    max_score: round2(e.points),
    status: e.score >= e.points && e.points > 0 ? "passed" : e.status === "passed" ? "passed" : "failed",
    output: plain(lines.join("\n"), LIMITS.testOutput),
    output_format: "text",
    visibility: "after_published",
    tags: [`lesson-${lesson.number}`, e.id],
    extra_data: { exercise: e.id, lesson: lesson.number, status: e.status, checks_passed: e.passed, checks: e.total, file: plain(file, 200) },
  };
}

/** The visible-tests test of one exercise: what the student could see by running the notebook, at once, no points. */
function visibleTest(lesson: Lesson, e: ExerciseResult): GradescopeTest {
  const visible = e.checks.filter((c) => c.part === "tests");
  const wholeProblem = WHOLE.has(e.status);
  const ok = !wholeProblem && visible.every((c) => c.ok);
  const lines: string[] = [];
  if (wholeProblem) lines.push(`${STATUS_WORD[e.status] ?? e.status}: ${plain(e.summary)}`);
  if (visible.length) lines.push(partHeading("Visible tests", visible), ...checkLines(visible));
  lines.push("", "No points here: the exercise's points also depend on its hidden tests and are shown when grades are published.");
  return {
    name: plain(`${e.id} · visible tests (feedback, no points)`, LIMITS.name),
    name_format: "text",
    score: 0,
    max_score: 0,
    status: ok ? "passed" : "failed",
    output: plain(lines.join("\n"), LIMITS.testOutput),
    output_format: "text",
    visibility: "visible",
    tags: [`lesson-${lesson.number}`, e.id, "visible-tests"],
    extra_data: { exercise: e.id, lesson: lesson.number, part: "visible tests" },
  };
}

/** A lesson the assignment grades with no gradable notebook in the submission: every exercise 0, saying why. */
function missingTests(lesson: Lesson, why: string): GradescopeTest[] {
  return lesson.exercises.map((ex) => ({
    name: plain(`${ex.id} · ${ex.task} (${plural(ex.points, "point")})`, LIMITS.name),
    name_format: "text" as const,
    score: 0,
    max_score: round2(ex.points),
    status: "failed" as const,
    output: plain(`Not graded: ${why}`, LIMITS.testOutput),
    output_format: "text" as const,
    visibility: "visible" as const,
    tags: [`lesson-${lesson.number}`, ex.id],
    extra_data: { exercise: ex.id, lesson: lesson.number, status: "missing" },
  }));
}

/** results.json for one submission (any number of notebooks in it). */
export function gradescopeResults(input: GradescopeInput): GradescopeResults {
  const { course, results, policy } = input;
  const out: string[] = [];
  const tests: GradescopeTest[] = [];
  const counted = new Map<string, SubmissionResult>(); // lesson number → the notebook that counts
  for (const r of results) {
    if (!r.lesson || r.status === "rejected") continue;
    const best = counted.get(r.lesson);
    if (!best || r.score > best.score) counted.set(r.lesson, r);
  }
  const lessons = (input.accept ?? [...counted.keys()]).slice().sort();
  for (const number of lessons) {
    const lesson = course.byNumber.get(number);
    if (!lesson) continue;
    const r = counted.get(number);
    if (!r) {
      const why = `no gradable notebook of lesson ${number} (${lesson.base}) was found in the submission.`;
      out.push(`Lesson ${plain(lesson.title || number, 200)}: ${why}`);
      tests.push(...missingTests(lesson, why));
      continue;
    }
    const file = `${r.student}.ipynb`;
    const others = results.filter((x) => x !== r && x.lesson === number && x.status !== "rejected");
    out.push(`${plain(file, 200)}: recognised as lesson ${plain(lesson.title || number, 200)} (${plural(r.exercises.length, "exercise")}, ${plural(r.max, "point")} in all).`);
    if (r.status === "error") {
      out.push(`  Not graded: the autograder could not grade this notebook (${plain(r.verdict)}). This is not a judgement of your work: your instructor will see it and re-run the grading.`);
    }
    for (const n of r.notes) out.push(`  Note: ${plain(n)}`);
    for (const o of others) out.push(`  ${plain(o.student, 200)}.ipynb is lesson ${number} too; only the notebook with the most points counts (${plain(file, 200)}).`);
    for (const e of r.exercises) {
      tests.push(visibleTest(lesson, e));
      tests.push(scoredTest(lesson, e, policy, file));
    }
  }
  for (const r of results) {
    if (r.status === "rejected") out.push(`${plain(r.student, 200)}.ipynb was not graded: ${plain(r.verdict)}`);
  }
  for (const s of input.skipped) {
    out.push(`${plain(s.file, 200)} was not graded: it is lesson ${s.lesson}, and this assignment grades lesson${input.accept!.length > 1 ? "s" : ""} ${input.accept!.join(", ")}.`);
  }
  if (!results.length && !input.skipped.length) {
    const shown = input.otherFiles.slice(0, 10).map((f) => plain(f, 120));
    out.push(`No notebook (.ipynb file) was found in the submission${shown.length ? `; it holds: ${shown.join(", ")}${input.otherFiles.length > shown.length ? ", …" : ""}` : ""}. Upload your lesson notebook (the .ipynb file saved from Jupyter).`);
  }
  if (tests.some((t) => t.visibility === "after_published")) {
    out.push("", "Points include the hidden tests and are shown when your instructor publishes grades; the visible tests' results are shown now.");
  }
  out.push("", input.protection.summary);
  const score = round2(tests.reduce((a, t) => a + t.score, 0));
  return {
    score,
    execution_time: Math.max(0, Math.round(input.seconds)),
    output: plain(out.join("\n"), LIMITS.topOutput),
    output_format: "text",
    test_output_format: "text",
    test_name_format: "text",
    stdout_visibility: "hidden",
    extra_data: {
      grader: "nn-from-scratch tools/grade",
      policy,
      lessons: lessons,
      notebooks: results.map((r) => ({ file: plain(`${r.student}.ipynb`, 200), lesson: r.lesson, status: r.status, score: r.score, max: r.max, sha256: r.sha256, counted: r.lesson ? counted.get(r.lesson) === r : false })),
      sandbox: input.protection.sandbox,
      unprotected: input.protection.unprotected,
    },
    tests,
  };
}

/** results.json when the grader itself failed (no course, a bug, the time limit): 0 points, and why. */
export function failedResults(why: string, seconds: number, protection?: Protection): GradescopeResults {
  return {
    score: 0,
    execution_time: Math.max(0, Math.round(seconds)),
    output: plain(`Not graded: the autograder could not grade this submission (${why}). This is not a judgement of your work: your instructor will see it and re-run the grading.`, LIMITS.topOutput),
    output_format: "text",
    test_output_format: "text",
    test_name_format: "text",
    stdout_visibility: "hidden",
    extra_data: { grader: "nn-from-scratch tools/grade", failed: plain(why, 2000), ...(protection ? { sandbox: protection.sandbox, unprotected: protection.unprotected } : {}) },
    tests: [],
  };
}
