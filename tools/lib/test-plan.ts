// The order and the processes of npm test's files (tools/test.ts): the longest files first, so that the
// short ones fill the gaps instead of a long one ending last; and the small self-contained ones in one
// process between them.
import * as fs from "node:fs";
import * as path from "node:path";

/**
 * The files that take longest, started first in this order (each file's time in a full run, 2026-12-06:
 * bank 211 s, site pages 140, Run all 132, engines 99, playground 77, student 61, Jupyter view 59, ...).
 * test/notebooks.test.ts leads: in a fresh clone it executes the lessons, which the site tests wait for.
 */
export const LONGEST = ["test/notebooks.test.ts", "test/grading/bank.test.ts", "test/site/pages.test.ts", "test/site/live.test.ts", "test/grading/engines.test.ts", "test/playground.test.ts", "test/grading/student.test.ts", "test/tools/jupyter-view.test.ts", "test/grading/memo.test.ts", "test/grading/cli.test.ts", "test/grading/hostile.test.ts", "test/grading/gradescope.test.ts", "test/grading/compile-service.test.ts", "test/tools/run-notebook.test.ts", "test/tools/live-notebook.test.ts", "test/site/live-types.test.ts"];

/**
 * Folders of small, self-contained test files (the library's unit tests, each lesson's identities):
 * they share one process instead of paying one each. Starting node with the TypeScript loader costs
 * ~0.4 CPU-s, and mathjs ~1.2 more, before a file's first test, and these files' own work is often
 * less: their 38 files took 70 busy CPU-s (36 s) one process each and 40 (23 s) in one process, the
 * type check's ~13 included in both (2026-12-07, quiet).
 */
export const SHARED_DIRS = ["test", "test/checks", "test/data", "test/figures", "test/fast", "test/lessons"];

/** A hook registered at a file's top level applies to every test of its process: such a file runs alone. */
const TOP_LEVEL_HOOK = /^(before|after|beforeEach|afterEach)\(/m;

/** May `file` (under `root`) run in the shared process: in SHARED_DIRS, not one of LONGEST, no top-level hook. */
export function canShareProcess(file: string, root: string): boolean {
  const rel = path.relative(root, file).split(path.sep).join("/");
  return SHARED_DIRS.includes(path.posix.dirname(rel)) && !LONGEST.includes(rel) && !TOP_LEVEL_HOOK.test(fs.readFileSync(file, "utf8"));
}

/**
 * The shared files as one test file of the run, written into `dir` and named for what it holds: it
 * imports each in turn, so each file's tests register and run as they would alone, in this order.
 */
export function writeSharedEntry(files: string[], dir: string): string {
  const entry = path.join(dir, `shared-process-${files.length}-files.test.ts`);
  fs.writeFileSync(entry, [`// npm test (tools/test.ts): ${files.length} test files in one process, in this order.`, ...files.map((f) => `import ${JSON.stringify(f)};`), ""].join("\n"));
  return entry;
}

/**
 * The files to hand to the runner, in order: LONGEST first (in its order), then the shared process when
 * two or more files can share one (written into `dir`), then the other files by name.
 */
export function testPlan(files: string[], root: string, dir: string): { run: string[]; shared: string[] } {
  const rank = (f: string) => { const k = LONGEST.indexOf(path.relative(root, f).split(path.sep).join("/")); return k < 0 ? LONGEST.length : k; };
  const ordered = [...files].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const shared = ordered.filter((f) => canShareProcess(f, root));
  if (shared.length < 2) return { run: ordered, shared: [] };
  const long = ordered.filter((f) => rank(f) < LONGEST.length);
  const rest = ordered.filter((f) => rank(f) === LONGEST.length && !shared.includes(f));
  return { run: [...long, writeSharedEntry(shared, dir), ...rest], shared };
}
