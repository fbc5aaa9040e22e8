// The executed lessons the site tests build from: the shared copies in build/executed/ (see
// tools/notes/executed.ts), executed first when missing or stale, once per test run whichever test
// asks first.
import { lessonRuns } from "../../tools/notes/executed";
import { formatFailure } from "../../tools/lib/run-notebook";
import { lessonFiles } from "../../tools/lib/paths";
import type { Notebook } from "../../tools/lib/notebook";

export interface Lesson { source: string; notebook: Notebook }

let memo: Promise<Lesson[]> | null = null;

async function load(): Promise<Lesson[]> {
  const runs = await lessonRuns(lessonFiles());
  const failed = runs.flatMap((r) => r.failures.map((f) => formatFailure(r.file, f)));
  if (failed.length) throw new Error(`lessons failed, no site to test:\n${failed.join("\n")}`);
  return runs.map((r) => ({ source: r.file, notebook: r.executed! }));
}

/** Every lesson, executed (memoised per process). */
export function executedLessons(): Promise<Lesson[]> {
  return (memo ??= load());
}
