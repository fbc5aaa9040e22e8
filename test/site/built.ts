// The site the browser tests read, built once per test run and edition instead of once per test file.
// A build costs ~5-7 s of CPU (KaTeX over every lesson, each lesson's cells compiled, the live runtime
// and the playground bundled) and five test files read the same two editions. Under `npm test`
// (tools/test.ts sets NN_TEST_SITES to a folder of the run) the first file to ask builds the edition
// there and the others wait for it; a file run on its own builds a private copy. The tests only read
// these folders: one that needs to change a site copies it first.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildSite } from "../../tools/site/build";
import type { Edition } from "../../tools/site/editions";
import type { LessonInfo } from "../../tools/site/render";
import { withLock } from "../../tools/lib/dir-lock";
import { executedLessons } from "./executed";

export interface BuiltSite { dir: string; infos: LessonInfo[] }

/** How long a file waits for another file's build of the same edition. */
const WAIT_MS = 10 * 60 * 1000;

const memo = new Map<Edition, Promise<BuiltSite>>();

/** The site of `edition`, built from the executed lessons (memoised per process, shared per run). */
export function builtSite(edition: Edition = "student"): Promise<BuiltSite> {
  if (!memo.has(edition)) memo.set(edition, build(edition));
  return memo.get(edition)!;
}

async function build(edition: Edition): Promise<BuiltSite> {
  const lessons = await executedLessons();
  const shared = process.env.NN_TEST_SITES;
  if (!shared) {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), `nn-site-${edition}-`)), "site");
    return { dir, infos: buildSite(lessons, dir, edition) };
  }
  fs.mkdirSync(shared, { recursive: true });
  const dir = path.join(shared, edition);
  const infosFile = `${dir}.infos.json`; // beside the site, which stays exactly what buildSite wrote
  await withLock(`${dir}.lock`, `builtSite(${edition})`, () => {
    if (fs.existsSync(dir)) return; // built by another test file
    // Built beside, then renamed: a reader never sees half a site.
    const tmp = `${dir}.tmp-${process.pid}`;
    const infos = buildSite(lessons, tmp, edition);
    fs.writeFileSync(infosFile, JSON.stringify(infos));
    fs.renameSync(tmp, dir);
  }, { waitMs: WAIT_MS, pollMs: 200 });
  return { dir, infos: JSON.parse(fs.readFileSync(infosFile, "utf8")) as LessonInfo[] };
}
