// Scoring: what one graded run says about each exercise, compared with the reference run (the
// course's own solution through the same pipeline), and the messages a student reads.
//
// Policy. The reference run fixes, for each test cell, how many checks it makes. An exercise earns
// its points when every one of those checks passes in the submission's run, each test cell runs to
// its end without an error, and nothing was refused or tampered with ("all or nothing", the
// default). With --partial it earns points × (checks passed + test cells finished cleanly) /
// (checks + test cells), rounded to 0.01; refused, forbidden or tampering solutions, time-outs and
// crashes still earn 0. "Refused" is said only of what a guard stopped before it happened; what was
// found afterwards (processes left running) is "not allowed", saying what happened. A check counts only when the test cell's own call records it: a check not reached
// (the cell stopped) fails, and a cell that records more checks than the reference (a solution
// calling the grader's check functions itself) fails all of its checks.

export type Part = "tests" | "hidden";
export const PARTS: Part[] = ["tests", "hidden"];

/** One JSON line of the results file (see kernel.ts). */
export interface Rec {
  type: "prelude" | "sealed" | "phase" | "begin" | "end" | "check" | "blocked" | "tamper" | "processes" | "late-error" | "done";
  ex?: string | null;
  part?: string;
  i?: number;
  kind?: "close" | "true";
  what?: string;
  ok?: boolean;
  outside?: boolean;
  [k: string]: unknown;
}

export interface PartRun {
  begun: boolean;
  ended: boolean;
  /** The cell's reply: "ok", "error", "abort", or "not-run". */
  status: string;
  error?: string;
  checks: Rec[];
}

export interface ExerciseRun {
  exerciseError?: string;
  /** Errors of cells the student added before the exercise cell (they do not count by themselves). */
  extraErrors?: string[];
  parts: Record<Part, PartRun>;
  /** Refused by a guard before it happened. */
  blocked: Rec[];
  tamper: string[];
  /** Not allowed, and found only after it happened (then undone): processes left running. */
  detected: string[];
  /** Errors thrown by timers the exercise's code set, after its cell had returned. */
  lateErrors?: string[];
  done: boolean;
}

export type Reference = Map<string, Record<Part, string[]>>;

export interface CheckResult {
  part: Part;
  index: number;
  name: string;
  ok: boolean;
  message: string;
}

export type ExerciseStatus = "passed" | "failed" | "error" | "missing" | "not-attempted" | "timeout" | "crashed" | "blocked" | "tampered" | "forbidden" | "not-graded";

export interface ExerciseResult {
  id: string;
  points: number;
  score: number;
  status: ExerciseStatus;
  /** One line: why this score. */
  summary: string;
  checks: CheckResult[];
  passed: number;
  total: number;
  notes: string[];
  /** The exercise cell that was graded (the submission's), for the feedback page. */
  code?: string;
}

type Desc = { type: string; shape?: number[] | string; length?: number; head?: (number | string)[]; text?: string };

export function shapeText(d: Desc | undefined): string {
  if (!d) return "nothing";
  if (d.type === "number") return "a number";
  if (d.type === "matrix" && Array.isArray(d.shape)) return `a (${d.shape[0]},${d.shape[1]}) matrix`;
  if (d.type === "array") return `an array of length ${d.length}`;
  if (d.type === "nested array") return `an array of ${d.length} arrays`;
  if (d.type === "undefined" || d.type === "null") return d.type;
  return `${d.type}${d.text ? ` ${d.text}` : ""}`;
}

function head(d: Desc | undefined): string {
  if (!d?.head) return "";
  const more = (d.length ?? 1) > d.head.length ? ", …" : "";
  const short = (v: number | string) => (typeof v === "number" ? String(Number(v.toPrecision(6))) : v);
  const shown = d.head.slice(0, 6);
  return `[${shown.map(short).join(", ")}${more || d.head.length > shown.length ? ", …" : ""}]`;
}

function fmt(v: unknown): string {
  if (typeof v !== "number") return String(v);
  return String(Number(v.toPrecision(v === 0 || (Math.abs(v) >= 1e-4 && Math.abs(v) < 1e6) ? 10 : 7)));
}

function where(rec: Rec): string {
  const i = rec.worst as number;
  const got = rec.got as Desc;
  if (got?.type === "matrix" && Array.isArray(got.shape) && got.shape[1] > 0) {
    const c = got.shape[1] as number;
    return `entry (${Math.floor(i / c)},${i % c})`;
  }
  if (got?.type === "array") return `entry [${i}]`;
  return "the value";
}

/** What a failed check says: expected vs got, with shapes. */
export function checkMessage(rec: Rec): string {
  if (rec.ok) return "";
  if (rec.kind === "true") return `not true${rec.detail ? ` (${rec.detail})` : ""}`;
  const got = rec.got as Desc;
  const expected = rec.expected as Desc;
  if (rec.problem === "shape") return `wrong shape: got ${shapeText(got)}, expected ${shapeText(expected)}`;
  if (rec.problem === "type") return `got ${shapeText(got)}, expected ${shapeText(expected)}`;
  if (rec.problem === "error") return `could not compare (got ${shapeText(got)}, expected ${shapeText(expected)}): ${rec.error}`;
  const kind = rec.relative ? "max relative difference" : "max |difference|";
  const parts = [`${kind} ${fmt(rec.diff)} > tolerance ${fmt(rec.tol)}`];
  if ((rec.worst as number) >= 0) parts.push(`worst at ${where(rec)}: got ${fmt(rec.worstGot)}, expected ${fmt(rec.worstExpected)}`);
  if (got?.type !== "number") parts.push(`got ${shapeText(got)} ${head(got)}, expected ${shapeText(expected)} ${head(expected)}`);
  return parts.join("; ");
}

/** The useful lines of a cell's error text (tslab prints a stack; keep the message and type errors). */
export function errorSummary(text: string | undefined): string {
  if (!text) return "";
  const lines = text.split("\n").map((l) => l.trim()).filter(Boolean);
  const keep = lines.filter((l) => /^\d+:\d+ - /.test(l) || /^[A-Za-z]*Error\b/.test(l) || /^(uncaught exception|unhandled promise rejection)/.test(l) || /^check failed/.test(l));
  const out = (keep.length ? keep : lines.filter((l) => !/^at /.test(l) && !/^\^+$/.test(l))).slice(0, 3).join(" | ");
  return out.length > 400 ? out.slice(0, 397) + "..." : out;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** Score one exercise from its run (`run` null: its cells never ran). */
export function scoreExercise(id: string, points: number, ref: Record<Part, string[]>, run: ExerciseRun | null, partial: boolean): ExerciseResult {
  const checks: CheckResult[] = [];
  let finished = 0;
  const notes: string[] = (run?.extraErrors ?? []).map((e) => `a cell you added before the exercise failed: ${e}`);
  for (const part of PARTS) {
    const pr = run?.parts[part];
    const extra = !!pr && pr.checks.length > ref[part].length;
    if (extra) notes.push(`the ${part === "tests" ? "visible" : "hidden"} test cell recorded ${pr!.checks.length} checks where the tests make ${ref[part].length}: the solution called the grader's check functions itself`);
    const stopped = !pr || !pr.begun ? (run?.exerciseError ? "not run: the exercise cell failed" : "not run: the test cell did not run")
      : pr.status === "error" ? `not reached: the test cell stopped with ${pr.error || "an error"}`
      : pr.status === "abort" ? "not run: the kernel skipped the test cell" : "not reached: the test cell stopped early";
    ref[part].forEach((name, k) => {
      const rec = pr?.checks[k];
      const ok = !!rec && rec.ok === true && !extra;
      const message = extra ? "more checks were recorded than the tests make" : rec ? checkMessage(rec) : stopped;
      checks.push({ part, index: k, name: rec?.what && rec.what !== name ? `${name}` : name, ok, message });
    });
    if (pr && pr.ended && pr.status === "ok" && !extra) finished++;
    else if (pr && pr.status === "error" && pr.checks.length >= ref[part].length && !extra) {
      notes.push(`the ${part === "tests" ? "visible" : "hidden"} test cell failed after its checks: ${pr.error || "an error"}`);
    }
  }
  const passed = checks.filter((c) => c.ok).length;
  const total = checks.length;
  const late = run?.lateErrors ?? [];
  const full = passed === total && finished === PARTS.length && !!run && run.blocked.length === 0 && run.tamper.length === 0 && run.detected.length === 0 && late.length === 0;
  let status: ExerciseStatus = full ? "passed" : "failed";
  let summary = full ? `all ${total} checks passed` : "";
  if (run && run.blocked.length) {
    status = "blocked";
    const b = run.blocked[0];
    const after = b.part === "late" ? ", from code it left running (a timer or callback)" : "";
    summary = `refused: the solution tried ${String(b.what)}${b.path ? ` (${b.path})` : ""}${after}`;
  } else if (run && run.detected.length) {
    status = "forbidden";
    summary = `not allowed: ${run.detected.join("; ")}`;
  } else if (run && run.tamper.length) {
    status = "tampered";
    summary = `tampering: ${run.tamper.join("; ")}`;
  } else if (!full) {
    if (run?.exerciseError) {
      status = "error";
      summary = /TODO:/.test(run.exerciseError) ? `not finished: ${run.exerciseError}` : `the exercise cell failed: ${run.exerciseError}`;
    } else {
      const bad = checks.find((c) => !c.ok);
      const todo = [run?.parts.tests.error, run?.parts.hidden.error].find((e) => e && /TODO:/.test(e));
      if (todo) summary = `not finished: ${todo}`;
      else if (late.length) summary = `its code threw later, from a timer it set: ${late[0]}`;
      else if (bad) summary = `${bad.part === "hidden" ? "hidden" : "visible"} check "${bad.name}" failed: ${bad.message}`;
      else summary = notes[notes.length - 1] ?? "a test cell did not finish";
    }
  }
  const clean = status === "passed" || status === "failed" || status === "error";
  const score = full ? points : partial && clean ? round2((points * (passed + finished)) / (total + PARTS.length)) : 0;
  return { id, points, score, status, summary, checks, passed, total, notes };
}

/** An exercise that was not run at all (missing, not attempted, timed out, crashed, not graded). */
export function unrunExercise(id: string, points: number, ref: Record<Part, string[]> | undefined, status: ExerciseStatus, summary: string): ExerciseResult {
  const checks: CheckResult[] = ref ? PARTS.flatMap((part) => ref[part].map((name, index) => ({ part, index, name, ok: false, message: summary }))) : [];
  return { id, points, score: 0, status, summary, checks, passed: 0, total: checks.length, notes: [] };
}
