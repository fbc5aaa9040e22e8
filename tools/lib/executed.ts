// The executed copies of the lessons (build/executed/): what `npm start` offers a learner to read
// with every output in place, and to run again. Written for each lesson that passed, even when
// others failed; a lesson that failed loses its old copy, so no copy is older than its lesson.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { writeNotebook, type Notebook } from "./notebook";
import { jupyterEnv, NOTEBOOKS, PYTHON, ROOT } from "./paths";

export interface ExecutedCopy { file: string; notebook: Notebook }

/** A relative symlink `link -> target`, replacing whatever `link` was (a stale link, an old copy). */
function linkTo(target: string, link: string): void {
  const rel = path.relative(path.dirname(link), target);
  try {
    if (fs.readlinkSync(link) === rel) return;
  } catch { /* absent, or not a link */ }
  fs.rmSync(link, { recursive: true, force: true });
  fs.symlinkSync(rel, link);
}

/**
 * Write `passed` into `dir` (atomically, one file each), remove the copies of `failed`, and make
 * `dir` a place the lessons run from: `src` and `vendor` link to the lessons' own, and the notes
 * page (index.ipynb, which lessons link to) is copied beside them. Then sign the copies for this
 * user (Jupyter's trust database), so Jupyter runs their figures' scripts. Returns warnings.
 */
export function writeExecutedCopies(dir: string, passed: ExecutedCopy[], failed: string[]): string[] {
  for (const f of failed) fs.rmSync(path.join(dir, path.basename(f)), { force: true });
  if (passed.length === 0) return [];
  fs.mkdirSync(dir, { recursive: true });
  const written = passed.map((p) => {
    const out = path.join(dir, path.basename(p.file));
    writeNotebook(out, p.notebook);
    return out;
  });
  linkTo(path.join(ROOT, "src"), path.join(dir, "src"));
  linkTo(path.join(NOTEBOOKS, "vendor"), path.join(dir, "vendor"));
  const index = path.join(NOTEBOOKS, "index.ipynb");
  if (fs.existsSync(index)) fs.copyFileSync(index, path.join(dir, "index.ipynb"));
  return written.length ? signNotebooks(written) : [];
}

/**
 * Mark notebooks trusted for the local user (`python3 -m nbformat.sign`): their HTML and scripts then
 * run when opened in Jupyter, as if executed there. Only this user's Jupyter trusts them.
 */
export function signNotebooks(files: string[]): string[] {
  const r = spawnSync(PYTHON, ["-m", "nbformat.sign", ...files], { env: jupyterEnv(), encoding: "utf8" });
  if (r.status === 0) return [];
  const why = (r.error?.message ?? r.stderr ?? "").trim().split("\n").pop();
  return [`could not sign the executed notebooks (${why}); Jupyter opens them "Not Trusted": figures show as still images, tables as plain text`];
}
