// npm run course: execute every lesson headless with the tslab kernel, then render the site.
// Prints one line per notebook and a total; exits non-zero naming notebook, cell and message when
// any cell fails (including errors only visible in a cell's output). The site is built in a
// temporary folder and swapped in whole, so a failed build never leaves a half-written site.
//   npm run course               every lesson, then the site
//   npm run course -- 03 05      only lessons 03 and 05 (executed copies written; the site is left as it is)
import * as fs from "node:fs";
import * as path from "node:path";
import { runNotebooks } from "./lib/execute-all";
import { writeExecutedCopies } from "./lib/executed";
import { addStaticImages } from "./lib/figure-images";
import { lessonFiles, ROOT } from "./lib/paths";
import { formatFailure, type RunResult } from "./lib/run-notebook";
import { buildSite } from "./site/build";

// NN_SITE_DIR / NN_BUILD_DIR: where the pipeline's own tests build, away from the real site.
const SITE = process.env.NN_SITE_DIR ? path.resolve(process.env.NN_SITE_DIR) : path.join(ROOT, "site");
const EXECUTED = path.join(process.env.NN_BUILD_DIR ? path.resolve(process.env.NN_BUILD_DIR) : path.join(ROOT, "build"), "executed");

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
  const only = process.argv.slice(2);
  const all = lessonFiles();
  const files = only.length ? all.filter((f) => only.some((n) => path.basename(f).startsWith(n.padStart(2, "0")))) : all;
  if (all.length === 0) throw new Error("no lessons found in notebooks/ (expected NN-title.ipynb)");
  if (files.length === 0) throw new Error(`no lesson matches ${only.join(" ")}; lessons: ${all.map((f) => path.basename(f)).join(", ")}`);
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
  const tmp = `${SITE}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  try {
    buildSite(results.map((r) => ({ source: r.file, notebook: r.executed! })), tmp);
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  swapIn(tmp, SITE);
  console.log(`${total}\nsite: ${path.relative(process.cwd(), path.join(SITE, "index.html")) || "site/index.html"}  executed notebooks: build/executed/`);
}

main().catch((e) => {
  console.error(`course build failed: ${(e as Error).message}`);
  process.exit(1);
});
