// The executed copy of each lesson, for checks that read outputs (the ✓ lines, the numbers a lesson
// shows) and for the test that executes every lesson. A copy in build/executed/ is used when it was
// executed from the same cells as the committed lesson and after the last change to what a run depends
// on (src/, data/, the kernelspec, the installed packages); otherwise the lesson is executed again (and
// the copy kept, when it ran cleanly, as `npm run course` would keep it). Every reader goes through one
// lock, so in a test run (files in parallel) the lessons are executed once, not once per reader.
import * as fs from "node:fs";
import * as path from "node:path";
import { runNotebooks } from "../lib/execute-all";
import { figureCount, isCode, readNotebook, text, type Notebook, writeNotebook } from "../lib/notebook";
import { withLock } from "../lib/dir-lock";
import { ROOT } from "../lib/paths";
import { formatFailure, type RunResult } from "../lib/run-notebook";

export const EXECUTED_DIR = path.join(process.env.NN_BUILD_DIR ? path.resolve(process.env.NN_BUILD_DIR) : path.join(ROOT, "build"), "executed");

/** Same cells (ids, kinds, sources) in the same order: the outputs of one belong to the other. */
export function sameCells(a: Notebook, b: Notebook): boolean {
  const key = (nb: Notebook) => JSON.stringify(nb.cells.map((c) => [c.id, c.cell_type, text(c.source)]));
  return key(a) === key(b);
}

function newestMtime(dir: string): number {
  let t = 0;
  if (!fs.existsSync(dir)) return t;
  if (fs.statSync(dir).isFile()) return fs.statSync(dir).mtimeMs;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newestMtime(p));
    else if (e.isFile()) t = Math.max(t, fs.statSync(p).mtimeMs);
  }
  return t;
}

/** The kept executed copy of `file` if it is current, else null (and why, in `reason`). */
export function currentExecuted(file: string, dir = EXECUTED_DIR): { notebook: Notebook | null; reason: string } {
  const copy = path.join(dir, path.basename(file));
  if (!fs.existsSync(copy)) return { notebook: null, reason: "no executed copy" };
  const executed = readNotebook(copy);
  if (!sameCells(readNotebook(file), executed)) return { notebook: null, reason: "the lesson's cells changed since it was executed" };
  const dependsOn = ["src", "data", "jupyter", "package-lock.json"];
  const changed = Math.max(...dependsOn.map((p) => newestMtime(path.join(ROOT, p))));
  if (fs.statSync(copy).mtimeMs < changed) return { notebook: null, reason: `${dependsOn.join(", ")} changed since it was executed` };
  return { notebook: executed, reason: "" };
}

/**
 * Every lesson as a run result, in the order of `files`: a current kept copy stands for a clean run
 * (failures none, its figures counted); the rest are executed now, and the clean ones kept. Failures
 * are returned, not thrown, so that a test can name each failing lesson.
 */
export async function lessonRuns(files: string[], opts: { dir?: string; log?: (line: string) => void } = {}): Promise<RunResult[]> {
  const dir = opts.dir ?? EXECUTED_DIR;
  fs.mkdirSync(dir, { recursive: true });
  // One execution at a time: a second process waits for the first (both would write the same copies).
  return withLock(path.join(dir, ".notes-lock"), "executing the lessons", async () => {
    const found = files.map((f) => currentExecuted(f, dir));
    const stale = files.filter((_, i) => !found[i].notebook);
    const runs = new Map<string, RunResult>();
    if (stale.length) {
      opts.log?.(`executing ${stale.length} lesson(s) (${stale.map((f) => `${path.basename(f)}: ${found[files.indexOf(f)].reason}`).join("; ")})`);
      for (const r of await runNotebooks(stale)) {
        runs.set(r.file, r);
        if (r.executed && r.failures.length === 0) writeNotebook(path.join(dir, path.basename(r.file)), r.executed);
      }
    }
    return files.map((f, i) => runs.get(f) ?? keptRun(f, found[i].notebook!));
  });
}

function keptRun(file: string, nb: Notebook): RunResult {
  return { file, executed: nb, cells: nb.cells.filter(isCode).length, seconds: 0, figures: figureCount(nb.cells), failures: [], notes: [`kept copy ${path.relative(ROOT, path.join(EXECUTED_DIR, path.basename(file)))} (current), not executed again`] };
}

/**
 * The executed lessons, in the order of `files`: kept copies where current, the rest executed now.
 * Throws naming the notebook and cell when a lesson fails to execute (its outputs cannot be trusted).
 */
export async function executedLessons(files: string[], opts: { dir?: string; log?: (line: string) => void } = {}): Promise<Notebook[]> {
  const runs = await lessonRuns(files, opts);
  const failed = runs.flatMap((r) => r.failures.map((x) => formatFailure(r.file, x)));
  if (failed.length) throw new Error(`lessons failed to execute, so their outputs cannot be read:\n  ${failed.join("\n  ")}`);
  return runs.map((r) => r.executed!);
}
