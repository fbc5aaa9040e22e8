// One graded execution: a fresh folder with the `src` link and the recording checks module, the
// graded notebook run in a fresh tslab kernel with time, memory and output limits, and the records
// it left, read back per exercise.
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { cellErrorText, writeNotebook, type Notebook } from "../lib/notebook";
import { ROOT } from "../lib/paths";
import { runNotebook, type RunResult } from "../lib/run-notebook";
import { buildGraded, roleOf, sealSpecifiers, type BuildOptions, type CellRole } from "./assemble";
import type { Lesson } from "./course";
import { CHECKS_MODULE, checksModuleSource, type KernelConfig } from "./kernel";
import { PLACEHOLDER, runCells, type Engine } from "./cells";
import type { TrainMemo } from "./memo";
import { makeIpcDir, probeSandbox, sandboxedKernelCommand } from "./sandbox";
import { errorSummary, PARTS, type ExerciseRun, type Part, type Rec } from "./score";

/** The course's own cells (and the grader's) run no student code: they get at least this long, so a
 * short --cell-timeout for students never cuts a slow lesson cell or a kernel's first compile. */
export const COURSE_CELL_TIMEOUT_S = 300;

export interface Limits {
  cellTimeoutSeconds: number;
  notebookTimeoutSeconds: number;
  /** Heap limit of the kernel, MB. */
  memoryMb: number;
  maxOutputChars: number;
  /** Processes and threads a sandboxed kernel may have (a tslab kernel has about 12 threads). */
  processes: number;
  /** Size of a sandboxed kernel's scratch folder, MB. */
  scratchMb: number;
}

export interface GradedRun {
  result: RunResult;
  /** Per exercise of this run (only those included). */
  exercises: Map<string, ExerciseRun>;
  /** The cell the run stopped at (timeout, dead kernel), with its role. */
  stop: { status: string; message: string; role: CellRole | null; ex: string | null } | null;
  /** The grader's own cells or the lesson's cells failed: the run says nothing about the student. */
  broken: string | null;
  records: Rec[];
}

const realDir = (p: string) => { try { return fs.realpathSync(p); } catch { return path.resolve(p); } };

/** Execute `lesson` with `sources` as its exercise cells (only those in opts.include). */
export async function gradedRun(lesson: Lesson, sources: Map<string, string>, opts: Omit<BuildOptions, "specs"> & { limits: Limits; protectedDirs: string[]; sandbox?: boolean; engine?: Engine; memo?: TrainMemo }): Promise<GradedRun> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "nn-grade-kernel-"));
  const results = fs.mkdtempSync(path.join(os.tmpdir(), "nn-grade-results-"));
  const sandboxed = opts.sandbox ?? probeSandbox().on;
  const engine = opts.engine ?? "jupyter";
  const ipcDir = sandboxed && engine === "jupyter" ? makeIpcDir() : null;
  try {
    fs.symlinkSync(path.join(ROOT, "src"), path.join(work, "src"));
    // The library's own imports (papaparse, mathjs) resolve upwards from the kernel's folder.
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(work, "node_modules"));
    const cfg: KernelConfig = {
      name: `__nnGrade_${randomBytes(6).toString("hex")}`,
      nonce: randomBytes(16).toString("hex"),
      resultsFile: path.join(results, "records.jsonl"),
      readProtected: [...["notebooks", "test", "tools", "student", ".git", "build", "artifacts"].map((d) => path.join(ROOT, d)), results, ...opts.protectedDirs].map(realDir),
      writeProtected: [ROOT, results, ...opts.protectedDirs].map(realDir),
      writable: [realDir(work)],
      pinned: [path.join(realDir(work), `${CHECKS_MODULE}.ts`)],
      sandboxed,
    };
    fs.writeFileSync(path.join(work, `${CHECKS_MODULE}.ts`), checksModuleSource(cfg), { mode: 0o444 });
    fs.writeFileSync(cfg.resultsFile, "");
    const nb = buildGraded(lesson, sources, cfg, { ...opts, specs: specsOf(lesson), courseCellTimeoutSeconds: Math.max(opts.limits.cellTimeoutSeconds, COURSE_CELL_TIMEOUT_S) });
    const { limits } = opts;
    const sandboxLimits = { memoryMb: limits.memoryMb, processes: limits.processes, scratchMb: limits.scratchMb, fileMb: 64,
      // CPU seconds: both cores for the whole notebook's time; wall-clock limits stop a run first.
      cpuSeconds: 2 * limits.notebookTimeoutSeconds + 60 };
    if (engine === "cells") {
      const result = await runCells(nb, {
        cwd: work,
        cellTimeoutSeconds: limits.cellTimeoutSeconds,
        totalTimeoutSeconds: limits.notebookTimeoutSeconds,
        maxOutputChars: limits.maxOutputChars,
        memoryMb: limits.memoryMb,
        sandbox: sandboxed ? { writableFiles: [cfg.resultsFile], limits: sandboxLimits } : null,
        placeholders: [[cfg.name, PLACEHOLDER.name], [cfg.nonce, PLACEHOLDER.nonce], [realDir(work), PLACEHOLDER.work], [realDir(results), PLACEHOLDER.results]],
        memo: opts.memo,
      });
      return interpret(result, readRecords(cfg.resultsFile, cfg.nonce), opts.include);
    }
    const file = path.join(results, "graded.ipynb");
    writeNotebook(file, nb);
    const sandbox = ipcDir ? {
      ipcDir,
      kernelCmd: sandboxedKernelCommand({ work, ipcDir, writableFiles: [cfg.resultsFile], limits: sandboxLimits }),
    } : { env: { NODE_OPTIONS: `--max-old-space-size=${limits.memoryMb}` } };
    const running = runNotebook(file, {
      cwd: work,
      cellTimeoutSeconds: opts.limits.cellTimeoutSeconds,
      totalTimeoutSeconds: opts.limits.notebookTimeoutSeconds,
      pauseAfterError: true,
      maxOutputChars: opts.limits.maxOutputChars,
      shutdownImmediate: true,
      deleteInput: true,
      recordStatus: true,
      ...sandbox,
    });
    fs.rmSync(file, { force: true }); // runNotebook has read it; the kernel will not find it
    const result = await running;
    const records = readRecords(cfg.resultsFile, cfg.nonce);
    return interpret(result, records, opts.include);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
    fs.rmSync(results, { recursive: true, force: true });
    if (ipcDir) {
      fs.chmodSync(ipcDir, 0o700); // made read-only once the kernel was running
      fs.rmSync(ipcDir, { recursive: true, force: true });
    }
  }
}

const specs = new Map<string, string[]>();
/** The modules the seal freezes for `lesson` (assemble.ts sealSpecifiers), once per lesson file. */
function specsOf(lesson: Lesson): string[] {
  if (!specs.has(lesson.file)) specs.set(lesson.file, sealSpecifiers(lesson));
  return specs.get(lesson.file)!;
}

export function readRecords(file: string, nonce: string): Rec[] {
  if (!fs.existsSync(file)) return [];
  const out: Rec[] = [];
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    if (!line.trim()) continue;
    try {
      const r = JSON.parse(line) as Rec & { nonce?: string };
      if (r.nonce === nonce) out.push(r);
    } catch {
      // a line cut short by a dying kernel, or not ours: ignore
    }
  }
  return out;
}

function emptyPart() {
  return { begun: false, ended: false, status: "not-run", checks: [] as Rec[] };
}

/** Records and executed cells → what happened to each exercise. */
export function interpret(result: RunResult, records: Rec[], include: Set<string>): GradedRun {
  const exercises = new Map<string, ExerciseRun>();
  for (const id of include) exercises.set(id, { parts: { tests: emptyPart(), hidden: emptyPart() }, blocked: [], tamper: [], detected: [], done: false });
  for (const r of records) {
    const ex = r.ex ? exercises.get(r.ex) : undefined;
    if (!ex) continue;
    const part = (PARTS as string[]).includes(String(r.part)) ? (r.part as Part) : null;
    if (r.type === "begin" && part) ex.parts[part].begun = true;
    else if (r.type === "end" && part) ex.parts[part].ended = true;
    else if (r.type === "check" && part && !r.outside) ex.parts[part].checks.push(r);
    else if (r.type === "check" && r.outside) ex.blocked.push({ ...r, what: "calling the grader's check functions outside a test cell" });
    else if (r.type === "blocked") ex.blocked.push(r);
    else if (r.type === "tamper") ex.tamper.push(...((r.what as unknown as string[]) ?? []));
    else if (r.type === "late-error") (ex.lateErrors ??= []).push(String(r.message));
    else if (r.type === "processes") ex.detected.push(`it started ${Number(r.count)} process${Number(r.count) === 1 ? "" : "es"} still running after its tests (stopped by the grader)`);
    else if (r.type === "done") ex.done = true;
  }
  const cells = result.executed?.cells ?? [];
  let broken: string | null = null;
  cells.forEach((cell, i) => {
    const role = roleOf(cell);
    if (!role) return;
    const status = String((cell.metadata as Record<string, unknown>)["nn-reply-status"] ?? "not-run");
    const late = result.failures.filter((f) => f.cell === i + 1 && /raised after the cell returned/.test(f.message)).map((f) => f.message);
    const err = status === "error" || late.length ? errorSummary([cellErrorText(cell) ?? "", ...late].join("\n")) : undefined;
    if (role.role === "prelude" || role.role === "seal" || role.role === "lesson") {
      if (status === "error") broken ??= `the ${role.role === "lesson" ? "lesson's own" : "grader's"} cell ${i + 1} failed: ${err}`;
      return;
    }
    const ex = role.ex ? exercises.get(role.ex) : undefined;
    if (!ex) return;
    if (role.role === "exercise" && status === "error") ex.exerciseError = err;
    if (role.role === "extra" && status === "error") (ex.extraErrors ??= []).push(err ?? "an error");
    if (role.role === "tests" || role.role === "hidden") {
      const p = ex.parts[role.role];
      p.status = late.length ? "error" : status;
      if (err) p.error = err;
    }
  });
  let stop: GradedRun["stop"] = null;
  if (result.stopped && result.stopped.status !== "ok") {
    const cell = result.stopped.cell != null ? cells[result.stopped.cell] : undefined;
    const role = cell ? roleOf(cell) : null;
    stop = { status: result.stopped.status, message: result.stopped.message, role: role?.role ?? null, ex: role?.ex ?? null };
    if (!role || role.role === "prelude" || role.role === "lesson" || role.role === "seal") {
      // Stopped before any student code ran, or after the last cell: find who was running last.
      const started = records.filter((r) => r.type === "phase" || r.type === "begin").pop();
      if (started && !exercises.get(String(started.ex))?.done && records.some((r) => r.type === "sealed")) stop.ex = String(started.ex);
      else broken ??= `the run stopped in the ${role ? role.role : "runner's"} cell: ${result.stopped.status}: ${result.stopped.message}`;
    }
  } else if (!records.some((r) => r.type === "sealed") && !broken) {
    broken = "the grader's seal did not run";
  }
  if (!broken && result.failures.some((f) => f.cell === null && !/timed out|dead-kernel/.test(f.message)) && !stop) {
    const f = result.failures.find((x) => x.cell === null)!;
    if (!/^after the last cell/.test(f.message)) broken = f.message;
  }
  return { result, exercises, stop, broken, records };
}
