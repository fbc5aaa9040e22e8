// The executed copy of each lesson, for checks that read outputs (the ✓ lines, the numbers a lesson
// shows). A copy in build/executed/ is used when it was executed from the same cells as the committed
// lesson and after the last change to src/ and data/; otherwise the lesson is executed again (and the
// copy kept, when it ran cleanly, as `npm run course` would keep it).
import * as fs from "node:fs";
import * as path from "node:path";
import { runNotebooks } from "../lib/execute-all";
import { readNotebook, text, type Notebook, writeNotebook } from "../lib/notebook";
import { ROOT } from "../lib/paths";
import { formatFailure } from "../lib/run-notebook";

export const EXECUTED_DIR = path.join(process.env.NN_BUILD_DIR ? path.resolve(process.env.NN_BUILD_DIR) : path.join(ROOT, "build"), "executed");

/** Same cells (ids, kinds, sources) in the same order: the outputs of one belong to the other. */
export function sameCells(a: Notebook, b: Notebook): boolean {
  const key = (nb: Notebook) => JSON.stringify(nb.cells.map((c) => [c.id, c.cell_type, text(c.source)]));
  return key(a) === key(b);
}

function newestMtime(dir: string): number {
  let t = 0;
  if (!fs.existsSync(dir)) return t;
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
  const libraryChanged = Math.max(newestMtime(path.join(ROOT, "src")), newestMtime(path.join(ROOT, "data")));
  if (fs.statSync(copy).mtimeMs < libraryChanged) return { notebook: null, reason: "src/ or data/ changed since it was executed" };
  return { notebook: executed, reason: "" };
}

/** One build at a time: a second process waits for the first (both would write the same copies). */
async function withLock<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  fs.mkdirSync(dir, { recursive: true });
  const lock = path.join(dir, ".notes-lock");
  const start = Date.now();
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      const age = Date.now() - (fs.existsSync(lock) ? fs.statSync(lock).mtimeMs : Date.now());
      if (age > 30 * 60 * 1000) fs.rmSync(lock, { recursive: true, force: true }); // left by a killed run
      if (Date.now() - start > 30 * 60 * 1000) throw new Error(`waited 30 min for ${lock}; remove it if no build is running`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * The executed lessons, in the order of `files`: kept copies where current, the rest executed now.
 * Throws naming the notebook and cell when a lesson fails to execute (its outputs cannot be trusted).
 */
export async function executedLessons(files: string[], opts: { dir?: string; log?: (line: string) => void } = {}): Promise<Notebook[]> {
  const dir = opts.dir ?? EXECUTED_DIR;
  return withLock(dir, async () => {
    const found = files.map((f) => currentExecuted(f, dir));
    const stale = files.filter((_, i) => !found[i].notebook);
    if (stale.length) {
      opts.log?.(`executing ${stale.length} lesson(s) (${stale.map((f, k) => `${path.basename(f)}: ${found[files.indexOf(f)].reason}`).join("; ")})`);
      const results = await runNotebooks(stale);
      const failed = results.flatMap((r) => r.failures.map((x) => formatFailure(r.file, x)));
      if (failed.length) throw new Error(`lessons failed to execute, so their outputs cannot be read:\n  ${failed.join("\n  ")}`);
      for (const r of results) {
        writeNotebook(path.join(dir, path.basename(r.file)), r.executed!);
        found[files.indexOf(r.file)] = { notebook: r.executed!, reason: "" };
      }
    }
    return found.map((f) => f.notebook!);
  });
}
