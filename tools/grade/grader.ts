// The grader: for each submission, which lesson it is, one graded run per fresh kernel (again without
// an exercise that hung or crashed the kernel, so the others still get graded), and a score per
// exercise against the reference (the course's own solution, run the same way once per lesson).
import * as os from "node:os";
import * as path from "node:path";
import { text } from "../lib/notebook";
import { identify, matchExercises, readSubmission } from "./assemble";
import { freeNamesIn, parseImports, topLevelNames } from "./imports";
import { loadCourse, type Course, type Lesson } from "./course";
import { compilers, engineFrom, type Engine } from "./cells";
import { gradedRun, type Limits } from "./run";
import type { TrainMemo } from "./memo";
import { probeSandbox, type SandboxStatus } from "./sandbox";
import { PARTS, scoreExercise, unrunExercise, type ExerciseResult, type Reference } from "./score";

export interface GradeOptions {
  /** The course's notebooks (hidden tests come from here). Default notebooks/ (or NN_NOTEBOOKS_DIR). */
  courseDir?: string;
  jobs?: number;
  cellTimeoutSeconds?: number;
  notebookTimeoutSeconds?: number;
  memoryMb?: number;
  partial?: boolean;
  /**
   * Which of the lesson's own cells run before the exercises. "auto" (default): only the cells that
   * import, for a lesson whose reference run passes that way (the exercise format promises that
   * exercises and tests use nothing else), except for a submission whose code names something the
   * other lesson cells declare, which gets every cell; otherwise "all". "all": every one, as the
   * student ran them (the slowest: lesson 10 trains for a minute before its exercises). "imports":
   * only the cells that import, always.
   */
  lessonCells?: "all" | "imports" | "auto";
  /** Folders student code may neither read nor write (the submissions, the output folder). */
  protectedDirs?: string[];
  /**
   * The operating-system sandbox (sandbox.ts). "auto" (default): used when it can start here, else
   * grading goes on without it and says so; "require": no grading without it; "off": not used.
   */
  sandbox?: "auto" | "require" | "off";
  /**
   * How a graded notebook is executed (cells.ts). "cells" (default): tslab's converter in a compiler
   * process shared by the session, with a cache, and each submission's cells in a fresh node process;
   * "jupyter": a fresh tslab kernel through Jupyter. Default: NN_GRADE_ENGINE, else "cells".
   */
  engine?: Engine;
  /**
   * The training memo (memo.ts; cells engine only): the `train` calls of the lesson's own cells are
   * run once, in the reference run, and their results given to every submission's kernel for the
   * same calls. Default true; false trains in every kernel (`--no-memo`).
   */
  trainMemo?: boolean;
  onDone?: (r: SubmissionResult) => void;
}

export interface Submission {
  /** Who: the file's path below the graded folder, without .ipynb. */
  student: string;
  file: string;
}

export interface SubmissionResult {
  student: string;
  file: string;
  sha256: string | null;
  lesson: string | null;
  lessonFile: string | null;
  /** graded: scores are meaningful; rejected: not a gradable notebook of this course; error: the grader could not grade it. */
  status: "graded" | "rejected" | "error";
  verdict: string;
  score: number;
  max: number;
  exercises: ExerciseResult[];
  notes: string[];
  runs: number;
  seconds: number;
}

export const DEFAULTS = { cellTimeoutSeconds: 60, notebookTimeoutSeconds: 600, memoryMb: 2048, maxOutputChars: 200_000, processes: 128, scratchMb: 256 };

/** Run `fn` over `items`, at most `jobs` at a time; results in order. */
export async function pool<T, R>(items: T[], jobs: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, items.length)) }, worker));
  return out;
}

const sum = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) * 100) / 100;
const where = (role: string | null) => (role === "hidden" ? "the hidden tests" : role === "tests" ? "the visible tests" : role === "exercise" ? "the exercise cell" : role === "extra" ? "a cell added before the exercise" : "its cells");

export class Grader {
  readonly course: Course;
  readonly limits: Limits;
  /** Whether student kernels run in the sandbox, and if not, why. */
  readonly sandbox: SandboxStatus;
  readonly engine: Engine;
  private refs = new Map<string, Promise<Reference>>();
  /** The lesson-cell mode each lesson is graded in (decided by its reference run under "auto"). */
  private modes = new Map<string, "all" | "imports">();
  /** Each lesson's training memo, recorded by its reference run (memo.ts). */
  private memos = new Map<string, Map<string, unknown>>();

  constructor(readonly opts: GradeOptions = {}) {
    this.course = loadCourse(opts.courseDir);
    this.limits = {
      cellTimeoutSeconds: opts.cellTimeoutSeconds ?? DEFAULTS.cellTimeoutSeconds,
      notebookTimeoutSeconds: opts.notebookTimeoutSeconds ?? DEFAULTS.notebookTimeoutSeconds,
      memoryMb: opts.memoryMb ?? DEFAULTS.memoryMb,
      maxOutputChars: DEFAULTS.maxOutputChars,
      processes: DEFAULTS.processes,
      scratchMb: DEFAULTS.scratchMb,
    };
    this.sandbox = opts.sandbox === "off" ? { on: false, reason: "switched off (--sandbox off)" } : probeSandbox();
    if (opts.sandbox === "require" && !this.sandbox.on) throw new Error(`the sandbox is required (--sandbox require) but cannot start: ${this.sandbox.reason}`);
    this.engine = engineFrom(opts.engine);
    if (this.engine === "cells") {
      compilers.size = Math.max(compilers.size, this.opts.jobs ?? Math.max(1, os.availableParallelism()));
      compilers.sandbox = this.sandbox.on;
    }
  }

  /** The lesson-cell mode asked for (GradeOptions.lessonCells), "auto" when none was. */
  get lessonCells(): "all" | "imports" | "auto" {
    return this.opts.lessonCells ?? "auto";
  }

  private runOpts(lesson: Lesson, include: Set<string>, mode?: "all" | "imports") {
    const wanted = this.lessonCells;
    const lessonCells = mode ?? this.modes.get(lesson.number) ?? (wanted === "auto" ? "imports" : wanted);
    return { include, lessonCells, limits: this.limits, protectedDirs: this.opts.protectedDirs ?? [], sandbox: this.sandbox.on, engine: this.engine } as const;
  }

  /** The checks each test cell makes, from the course's own solution graded the same way (once per lesson). */
  reference(lesson: Lesson): Promise<Reference> {
    if (!this.refs.has(lesson.number)) {
      const auto = this.lessonCells === "auto";
      this.refs.set(lesson.number, this.computeReference(lesson).catch((e) => {
        if (!auto || this.modes.get(lesson.number) === "all") throw e;
        this.modes.set(lesson.number, "all"); // the exercises need more than the imports: run the whole lesson
        return this.computeReference(lesson);
      }).then((ref) => {
        if (!this.modes.has(lesson.number)) this.modes.set(lesson.number, auto ? "imports" : (this.lessonCells as "all" | "imports"));
        return ref;
      }));
    }
    return this.refs.get(lesson.number)!;
  }

  private async computeReference(lesson: Lesson, attempt = 1): Promise<Reference> {
    const sources = new Map(lesson.exercises.map((e) => [e.id, text(lesson.nb.cells[e.cell].source)]));
    const entries = new Map<string, unknown>();
    const memo: TrainMemo | undefined = this.opts.trainMemo === false ? undefined : { mode: "record", entries };
    const run = await gradedRun(lesson, sources, { ...this.runOpts(lesson, new Set(sources.keys())), memo });
    const problems: string[] = [];
    if (run.broken) problems.push(run.broken);
    if (run.stop) problems.push(`stopped: ${run.stop.status} in ${where(run.stop.role)} of ${run.stop.ex ?? "?"}: ${run.stop.message}`);
    const ref: Reference = new Map();
    for (const ex of lesson.exercises) {
      const r = run.exercises.get(ex.id)!;
      if (r.exerciseError) problems.push(`${ex.id}: the exercise cell failed: ${r.exerciseError}`);
      if (r.blocked.length || r.tamper.length) problems.push(`${ex.id}: the grader's guards objected: ${[...r.blocked.map((b) => String(b.what)), ...r.tamper].join("; ")}`);
      for (const part of PARTS) {
        const p = r.parts[part];
        if (!p.ended || p.status !== "ok") problems.push(`${ex.id}: the ${part} cell did not finish cleanly (${p.status}${p.error ? `: ${p.error}` : ""})`);
        for (const c of p.checks.filter((c) => !c.ok)) problems.push(`${ex.id}: ${part} check "${c.what}" fails with the course's solution`);
      }
      ref.set(ex.id, { tests: r.parts.tests.checks.map((c) => String(c.what)), hidden: r.parts.hidden.checks.map((c) => String(c.what)) });
    }
    if (problems.length) {
      // A time-out of the course's own solution is most likely a loaded machine: try once more.
      if (attempt === 1 && run.stop?.status === "timeout") return this.computeReference(lesson, 2);
      throw new Error(`lesson ${lesson.base}: the course's own solutions do not pass their tests under the grader, so nothing of this lesson can be graded:\n  ${problems.join("\n  ")}`);
    }
    if (memo) this.memos.set(lesson.number, entries);
    return ref;
  }

  async gradeOne(sub: Submission): Promise<SubmissionResult> {
    const t0 = Date.now();
    const res: SubmissionResult = { student: sub.student, file: sub.file, sha256: null, lesson: null, lessonFile: null, status: "rejected", verdict: "", score: 0, max: 0, exercises: [], notes: [], runs: 0, seconds: 0 };
    const done = () => {
      res.score = sum(res.exercises.map((e) => e.score));
      res.seconds = (Date.now() - t0) / 1000;
      return res;
    };
    const read = readSubmission(sub.file);
    res.sha256 = read.sha256;
    if (!read.ok) {
      res.verdict = read.verdict;
      return done();
    }
    res.notes.push(...read.notes);
    const id = identify(this.course, read.nb, sub.file);
    if (!id.lesson) {
      res.verdict = id.verdict;
      return done();
    }
    const lesson = id.lesson;
    res.notes.push(...id.notes);
    res.lesson = lesson.number;
    res.lessonFile = lesson.base;
    res.max = sum(lesson.exercises.map((e) => e.points));
    res.status = "graded";
    if (lesson.problem) {
      res.status = "error";
      res.verdict = `lesson ${lesson.base} breaks the exercise format, so it cannot be graded: ${lesson.problem.split("\n").slice(1, 3).map((l) => l.trim()).join("; ")}`;
      return done();
    }
    if (lesson.exercises.length === 0) {
      res.verdict = `lesson ${lesson.number} has no graded exercises`;
      return done();
    }
    let ref: Reference;
    try {
      ref = await this.reference(lesson);
    } catch (e) {
      res.status = "error";
      res.verdict = (e as Error).message.split("\n")[0];
      res.exercises = lesson.exercises.map((ex) => unrunExercise(ex.id, ex.points, undefined, "not-graded", "not graded: the course's own solution fails under the grader"));
      return done();
    }
    const { matched, notes } = matchExercises(lesson, read.nb);
    res.notes.push(...notes);
    const results = new Map<string, ExerciseResult>();
    const sources = new Map<string, string>();
    const extras = new Map<string, string[]>();
    for (const ex of lesson.exercises) {
      const m = matched.get(ex.id)!;
      if (m.status === "missing") results.set(ex.id, unrunExercise(ex.id, ex.points, ref.get(ex.id), "missing", m.note));
      else if (m.status === "not-attempted") results.set(ex.id, unrunExercise(ex.id, ex.points, ref.get(ex.id), "not-attempted", m.note));
      else {
        sources.set(ex.id, m.source);
        if (m.extras) extras.set(ex.id, m.extras);
        if (m.note) res.notes.push(`${ex.id}: ${m.note}`);
      }
    }
    // Under "auto", a lesson whose own solutions need only its import cells is graded that way, unless
    // this student's code names something the skipped cells declare: then the whole lesson runs first,
    // as it did for the student, so that using the lesson's `housing` or `W1` is never marked wrong.
    let mode: "all" | "imports" | undefined;
    if (this.lessonCells === "auto" && this.modes.get(lesson.number) === "imports") {
      const used = lessonNamesUsed(lesson, [...sources.values(), ...[...extras.values()].flat()]);
      if (used.length) {
        mode = "all";
        res.notes.push(`graded with every lesson cell run first, because the solution uses ${used.slice(0, 5).map((n) => `\`${n}\``).join(", ")} from the lesson`);
      }
    }
    const pending = new Set(sources.keys());
    let retriesLeft = 1;
    while (pending.size) {
      if (res.runs > lesson.exercises.length + 2) break;
      res.runs++;
      const entries = this.memos.get(lesson.number);
      const run = await gradedRun(lesson, sources, { ...this.runOpts(lesson, new Set(pending), mode), extras, memo: entries ? { mode: "use", entries } : undefined });
      const finalize = (exId: string) => {
        const ex = lesson.exercises.find((e) => e.id === exId)!;
        results.set(exId, scoreExercise(exId, ex.points, ref.get(exId)!, run.exercises.get(exId) ?? null, !!this.opts.partial));
        pending.delete(exId);
      };
      if (run.stop && !run.stop.role && !run.broken?.startsWith("the grader's") && [...pending].every((id) => run.exercises.get(id)?.done)) {
        // Every exercise finished; the kernel then hung or died in the runner's last cell (a timer left
        // running by some exercise): the results stand.
        res.notes.push(`after the last exercise the kernel ${run.stop.status === "timeout" ? "hung" : "died"} (${run.stop.message}): a timer or callback left running by a solution`);
        for (const exId of [...pending]) finalize(exId);
        continue;
      }
      if (run.broken || (run.stop && !(run.stop.ex && pending.has(run.stop.ex)))) {
        // Not the student's doing as far as we can tell (the lesson's own cells, or the machine): once more.
        if (retriesLeft-- > 0) continue;
        const why = run.broken ?? `${run.stop!.status}: ${run.stop!.message}`;
        for (const exId of [...pending]) {
          const ex = lesson.exercises.find((e) => e.id === exId)!;
          results.set(exId, unrunExercise(exId, ex.points, ref.get(exId), "not-graded", `not graded: ${why}`));
          pending.delete(exId);
        }
        res.status = "error";
        res.verdict = `could not be graded completely: ${why}`;
        break;
      }
      if (run.stop && run.stop.ex) {
        const culprit = run.stop.ex;
        for (const exId of [...pending]) if (exId !== culprit && run.exercises.get(exId)?.done) finalize(exId);
        const ex = lesson.exercises.find((e) => e.id === culprit)!;
        const partialView = scoreExercise(culprit, ex.points, ref.get(culprit)!, run.exercises.get(culprit) ?? null, false);
        const timeout = run.stop.status === "timeout";
        const limit = /time limit of ([\d.]+) s/.exec(run.stop.message)?.[1] ? `the notebook's time limit of ${/time limit of ([\d.]+) s/.exec(run.stop.message)![1]} s`
          : /after (\d+) seconds/.exec(run.stop.message) ? `${/after (\d+) seconds/.exec(run.stop.message)![1]} s` : run.stop.message;
        const summary = timeout
          ? `timed out (${limit}) in ${where(run.stop.role)}: an endless loop, or far too slow; the other exercises were graded without it`
          : `crashed the kernel in ${where(run.stop.role)} (${run.stop.message}: the process exited, or ran out of memory); the other exercises were graded without it`;
        results.set(culprit, { ...partialView, score: 0, status: timeout ? "timeout" : "crashed", summary,
          checks: partialView.checks.map((c) => (c.ok ? c : { ...c, message: /^not (run|reached)/.test(c.message) ? (timeout ? "not reached: timed out" : "not reached: the kernel died") : c.message })) });
        pending.delete(culprit);
        continue;
      }
      for (const exId of [...pending]) finalize(exId);
    }
    for (const exId of pending) {
      const ex = lesson.exercises.find((e) => e.id === exId)!;
      results.set(exId, unrunExercise(exId, ex.points, ref.get(exId), "not-graded", "not graded: too many failed runs"));
    }
    res.exercises = lesson.exercises.map((e) => {
      const m = matched.get(e.id)!;
      return { ...results.get(e.id)!, ...(m.status !== "missing" ? { code: m.source } : {}) };
    });
    if (!res.verdict) {
      const passed = res.exercises.filter((e) => e.status === "passed").length;
      res.verdict = `${passed} of ${res.exercises.length} exercises passed`;
    }
    return done();
  }

  /** Grade every submission, `jobs` kernels at a time; the references of the lessons present first. */
  async gradeAll(subs: Submission[]): Promise<SubmissionResult[]> {
    const jobs = this.opts.jobs ?? Math.max(1, os.availableParallelism());
    const lessons = new Set<Lesson>();
    for (const s of subs) {
      const read = readSubmission(s.file);
      if (!read.ok) continue;
      const id = identify(this.course, read.nb, s.file);
      if (id.lesson && id.lesson.exercises.length) lessons.add(id.lesson);
    }
    await pool([...lessons], jobs, (l) => this.reference(l).catch(() => new Map()));
    return pool(subs, jobs, async (s) => {
      const r = await this.gradeOne(s);
      this.opts.onDone?.(r);
      return r;
    });
  }
}

/**
 * The names that the lesson's cells skipped under "imports" (those before the first exercise that do
 * not import) declare and that `sources` mention.
 */
export function lessonNamesUsed(lesson: Lesson, sources: string[]): string[] {
  const first = lesson.exercises.length ? Math.min(...lesson.exercises.map((e) => e.cell)) : lesson.nb.cells.length;
  const declared = new Set<string>();
  for (const c of lesson.nb.cells.slice(0, first)) {
    if (c.cell_type !== "code") continue;
    const src = text(c.source);
    if (parseImports(src).imports.length === 0) for (const n of topLevelNames(src)) declared.add(n);
  }
  const used = new Set(sources.flatMap((s) => [...freeNamesIn(s)]));
  return [...declared].filter((n) => used.has(n));
}

/** Student names for the files of a graded folder: the path below it without ".ipynb". */
export function studentKey(root: string, file: string): string {
  const rel = path.relative(root, file);
  return (rel && !rel.startsWith("..") ? rel : path.basename(file)).replace(/\.ipynb$/i, "");
}
