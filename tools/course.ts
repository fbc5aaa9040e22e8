// npm run course: execute every lesson headless with the tslab kernel, then render the site.
// Prints one line per notebook and a total; exits non-zero naming notebook, cell and message when
// any cell fails (including errors only visible in a cell's output). The site is built in a
// temporary folder and swapped in whole, so a failed build never leaves a half-written site.
//   npm run course               every lesson, then the student edition of the site (build/site/)
//   npm run course -- 03 05      only lessons 03 and 05 (executed copies written; the site is left as it is)
//   npm run course -- --teacher  also the teacher edition, solutions shown (build/site-teacher/)
//   npm run course -- --site-only  no lesson runs: the site from the executed copies in build/executed/
import * as fs from "node:fs";
import * as path from "node:path";
import { runNotebooks } from "./lib/execute-all";
import { isCode, readNotebook, text, type Notebook } from "./lib/notebook";
import { writeExecutedCopies } from "./lib/executed";
import { addStaticImages } from "./lib/figure-images";
import { lessonFiles, ROOT } from "./lib/paths";
import { formatFailure, type RunResult } from "./lib/run-notebook";
import { buildSite } from "./site/build";

// NN_SITE_DIR / NN_BUILD_DIR: where the pipeline's own tests build, away from the real site.
const BUILD = process.env.NN_BUILD_DIR ? path.resolve(process.env.NN_BUILD_DIR) : path.join(ROOT, "build");
const SITE = process.env.NN_SITE_DIR ? path.resolve(process.env.NN_SITE_DIR) : path.join(BUILD, "site");
const TEACHER_SITE = `${SITE}-teacher`;
const EXECUTED = path.join(BUILD, "executed");

/**
 * The kept executed copy of each lesson, for --site-only; throws naming the lesson when a copy is
 * missing or its cells' sources differ from the lesson's (it was executed from an older version).
 */
export function keptExecuted(files: string[], dir = EXECUTED): { source: string; notebook: Notebook }[] {
  return files.map((f) => {
    const copy = path.join(dir, path.basename(f));
    const again = `run npx tsx tools/course.ts ${path.basename(f).slice(0, 2)} first`;
    if (!fs.existsSync(copy)) throw new Error(`--site-only: no executed copy of ${path.basename(f)} in ${dir}; ${again}`);
    const nb = readNotebook(copy);
    const src = (n: Notebook) => n.cells.map((c) => `${c.cell_type}:${text(c.source)}`);
    const want = src(readNotebook(f)), have = src(nb);
    const k = want.findIndex((s, i) => s !== have[i]);
    if (k >= 0 || want.length !== have.length) {
      throw new Error(`--site-only: the executed copy of ${path.basename(f)} is stale (cell ${(k >= 0 ? k : Math.min(want.length, have.length)) + 1} differs from the lesson); ${again}`);
    }
    if (!nb.cells.filter(isCode).some((c) => c.outputs.length)) throw new Error(`--site-only: ${copy} has no outputs; ${again}`);
    return { source: f, notebook: nb };
  });
}

/** Build one edition into a temporary folder, then swap it in whole. */
function publish(lessons: { source: string; notebook: Notebook }[], dir: string, edition: "student" | "teacher"): void {
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const tmp = `${dir}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  try {
    buildSite(lessons, tmp, edition);
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  swapIn(tmp, dir);
}

function sitesLine(teacher: boolean): string {
  const rel = (d: string) => path.relative(process.cwd(), path.join(d, "index.html")) || d;
  return `site (student edition): ${rel(SITE)}${teacher ? `  teacher edition: ${rel(TEACHER_SITE)}` : ""}`;
}

function line(r: RunResult): string {
  const name = path.basename(r.file).padEnd(34);
  const verdict = r.failures.length ? `FAILED (${r.failures.length})` : "ok";
  const notes = (r.notes ?? []).map((n) => `\n  note: ${n}`).join("");
  return `${name} ${String(r.cells).padStart(3)} cells ${r.seconds.toFixed(1).padStart(6)} s ${String(r.figures).padStart(3)} figures  ${verdict}${notes}`;
}

/** Replace `target` by `fresh` with two renames; the old copy is removed only after the swap. */
function swapIn(fresh: string, target: string): void {
  const old = `${target}.old-${process.pid}`;
  if (fs.existsSync(target)) fs.renameSync(target, old);
  fs.renameSync(fresh, target);
  fs.rmSync(old, { recursive: true, force: true });
}

async function main(): Promise<void> {
  const t0 = Date.now();
  const args = process.argv.slice(2);
  const teacher = args.includes("--teacher");
  const siteOnly = args.includes("--site-only");
  const bad = args.filter((a) => a.startsWith("-") && a !== "--teacher" && a !== "--site-only");
  if (bad.length) throw new Error(`unknown option ${bad.join(" ")}; options: --teacher, --site-only, lesson numbers`);
  const only = args.filter((a) => !a.startsWith("-"));
  if (siteOnly && only.length) throw new Error("--site-only builds the whole site: give no lesson numbers");
  const all = lessonFiles();
  const files = only.length ? all.filter((f) => only.some((n) => path.basename(f).startsWith(n.padStart(2, "0")))) : all;
  if (all.length === 0) throw new Error("no lessons found in notebooks/ (expected NN-title.ipynb)");
  if (files.length === 0) throw new Error(`no lesson matches ${only.join(" ")}; lessons: ${all.map((f) => path.basename(f)).join(", ")}`);
  if (siteOnly) {
    const kept = keptExecuted(all);
    publish(kept, SITE, "student");
    if (teacher) publish(kept, TEACHER_SITE, "teacher");
    console.log(`site rebuilt from ${kept.length} executed copies in ${((Date.now() - t0) / 1000).toFixed(1)} s\n${sitesLine(teacher)}`);
    return;
  }
  const results = await runNotebooks(files, { onDone: (r) => console.log(line(r)) });
  const failed = results.filter((r) => r.failures.length);
  const passed = results.filter((r) => !r.failures.length);
  // Lessons that passed keep their executed copies, with a still image of every figure, even when others fail.
  const t1 = Date.now();
  const drawn = await addStaticImages(passed.map((r) => r.executed!), passed.map((r) => path.basename(r.file)));
  if (drawn) console.log(`still images of ${drawn} figures (for Jupyter when scripts do not run): ${((Date.now() - t1) / 1000).toFixed(1)} s`);
  const warnings = writeExecutedCopies(EXECUTED, passed.map((r) => ({ file: r.file, notebook: r.executed! })), failed.map((r) => r.file));
  for (const w of warnings) console.error(`warning: ${w}`);
  const cells = results.reduce((s, r) => s + r.cells, 0);
  const figures = results.reduce((s, r) => s + r.figures, 0);
  const total = `${files.length} notebooks, ${cells} cells, ${figures} figures in ${((Date.now() - t0) / 1000).toFixed(1)} s`;
  if (failed.length) {
    console.error(`\n${failed.length} of ${files.length} notebooks failed; the site was not changed:`);
    for (const r of failed) for (const f of r.failures) console.error(`  ${formatFailure(r.file, f)}`);
    if (passed.length) console.error(`executed copies of the ${passed.length} that passed: ${path.relative(process.cwd(), EXECUTED) || EXECUTED}/`);
    console.error(total);
    process.exit(1);
  }
  if (only.length) {
    console.log(`${total}\nexecuted notebooks: build/executed/ (site not rebuilt for a subset of lessons)`);
    return;
  }
  const lessons = results.map((r) => ({ source: r.file, notebook: r.executed! }));
  publish(lessons, SITE, "student");
  if (teacher) publish(lessons, TEACHER_SITE, "teacher");
  console.log(`${total}\n${sitesLine(teacher)}  executed notebooks: build/executed/`);
}

if (require.main === module) {
  main().catch((e) => {
    console.error(`course build failed: ${(e as Error).message}`);
    process.exit(1);
  });
}
