// The executed lessons the site tests build from, without executing them again when it can be
// helped: the course build's kept copies (build/executed/, with the figures' still images) when they
// are fresh, else this suite's own cache (build/test-executed/), else every lesson is executed now
// and the cache written (CI, a fresh clone). A copy is fresh when its cells' sources are the lesson's.
import * as fs from "node:fs";
import * as path from "node:path";
import { runNotebooks } from "../../tools/lib/execute-all";
import { writeNotebook, type Notebook } from "../../tools/lib/notebook";
import { lessonFiles, ROOT } from "../../tools/lib/paths";
import { formatFailure } from "../../tools/lib/run-notebook";
import { keptExecuted } from "../../tools/course";

export const KEPT = path.join(ROOT, "build", "executed");
export const CACHE = path.join(ROOT, "build", "test-executed");

export interface Lesson { source: string; notebook: Notebook }

let memo: Promise<Lesson[]> | null = null;

async function load(): Promise<Lesson[]> {
  const files = lessonFiles();
  for (const dir of [KEPT, CACHE]) {
    try {
      return keptExecuted(files, dir);
    } catch { /* missing or stale: try the next */ }
  }
  const results = await runNotebooks(files);
  const failed = results.flatMap((r) => r.failures.map((f) => formatFailure(r.file, f)));
  if (failed.length) throw new Error(`lessons failed, no site to test:\n${failed.join("\n")}`);
  fs.mkdirSync(CACHE, { recursive: true });
  for (const r of results) writeNotebook(path.join(CACHE, path.basename(r.file)), r.executed!);
  return results.map((r) => ({ source: r.file, notebook: r.executed! }));
}

/** Every lesson, executed (memoised per process). */
export function executedLessons(): Promise<Lesson[]> {
  return (memo ??= load());
}

/** Keep the lessons another test just executed, so the site tests need not execute them again. */
export function cacheExecuted(lessons: Lesson[]): void {
  fs.mkdirSync(CACHE, { recursive: true });
  for (const l of lessons) writeNotebook(path.join(CACHE, path.basename(l.source)), l.notebook);
}
