// npm run grade -- --gradescope-autograder DIR [--lesson NN]... [grading options]
// Writes DIR/autograder.zip, an autograder for Gradescope (its "autograder specification"): at the
// root of the archive `setup.sh` (run once, as root, when Gradescope builds the image: Debian/Ubuntu
// packages, Node.js, `npm ci`) and `run_autograder` (run once per submission: grades every .ipynb
// of /autograder/submission and writes /autograder/results/results.json), with the course beside
// them: the lessons with their solutions and hidden tests, src/, data/, tools/, jupyter/ (the
// kernelspec), package.json and package-lock.json. Never node_modules (setup.sh installs it).
// The scripts are tools/grade/gradescope/; the runner is tools/grade/gradescope-run.ts.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as yazl from "yazl";
import { lessonFiles, NOTEBOOKS, ROOT } from "../lib/paths";
import { loadLesson, type Lesson } from "./course";
import { DEFAULTS, type GradeOptions } from "./grader";

/** The bundle's settings, read by the runner (tools/grade/gradescope-run.ts) at /autograder/source/nn-gradescope.json. */
export const CONFIG_FILE = "nn-gradescope.json";

/** What the bundle's builder decided (tools/grade/gradescope.ts writes it as nn-gradescope.json). */
export interface BundleConfig {
  format: 1;
  /** Lesson numbers this assignment grades; null: whichever lesson a notebook is. */
  accept: string[] | null;
  grading: Pick<GradeOptions, "cellTimeoutSeconds" | "notebookTimeoutSeconds" | "memoryMb" | "partial" | "lessonCells">;
  /** Seconds after which the runner stops and writes results saying so (before the platform's own limit stops the container). */
  deadlineSeconds: number;
}

export const SCRIPTS_DIR = path.join(__dirname, "gradescope");
/** The course's folders and files the grader needs at run time (beside the lessons). */
export const BUNDLE_DIRS = ["src", "data", "tools", "jupyter"];
export const BUNDLE_FILES = ["package.json", "package-lock.json", "tsconfig.json"];
/** Read by setup.sh: the Node.js release to install when the image's apt has none ≥ 20 (the one that built the bundle). */
export const NODE_VERSION_FILE = "node-version.txt";
/** Every entry gets this time, so the same course gives the same archive byte for byte. */
const FIXED_MTIME = new Date("2000-01-01T00:00:00Z");
/** Default for the runner's own time limit (s): results are written before a platform limit stops the container. */
export const DEFAULT_DEADLINE_S = 1500;

const USAGE = `usage: npm run grade -- --gradescope-autograder DIR [options]
  writes DIR/autograder.zip: upload it to a Gradescope "Programming Assignment" (see tools/grade/gradescope/README.md)
  --lesson NN            the lesson(s) this assignment grades (repeat, or NN,MM); default: any lesson
  --partial, --cell-timeout S, --notebook-timeout S, --memory MB, --lesson-cells MODE
                         grading options, as for npm run grade (fixed in the archive)
  --deadline S           the runner writes its results after at most S seconds (default ${DEFAULT_DEADLINE_S})`;

export interface BuildOptions {
  outDir: string;
  courseDir?: string;
  accept: string[] | null;
  grading: BundleConfig["grading"];
  deadlineSeconds: number;
}

interface Entry { name: string; data: Buffer; mode: number }

/** Regular files below ROOT/rel, sorted; no hidden files, node_modules, caches or symbolic links. */
function filesBelow(rel: string): string[] {
  const out: string[] = [];
  const abs = path.join(ROOT, rel);
  for (const e of fs.readdirSync(abs, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.name.startsWith(".") || e.name === "node_modules" || e.name === "__pycache__") continue;
    const p = `${rel}/${e.name}`;
    if (e.isDirectory()) out.push(...filesBelow(p));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/** The lessons to bundle, each checked to be the teacher's edition (solutions and hidden tests present). */
export function bundleLessons(courseDir: string): Lesson[] {
  const lessons = lessonFiles(courseDir).map(loadLesson);
  if (!lessons.length) throw new Error(`no lessons (NN-name.ipynb) in ${courseDir}`);
  const broken = lessons.filter((l) => l.problem);
  if (broken.length) {
    const student = broken.some((l) => /no "\/\/ BEGIN SOLUTION"|no "\/\/ HIDDEN TESTS/.test(l.problem!));
    throw new Error(`these lessons cannot be graded, so no autograder was written:\n${broken.map((l) => `  ${l.base}: ${l.problem!.split("\n").slice(1, 4).map((s) => s.trim()).join("; ")}`).join("\n")}` +
      (student ? `\n(a lesson without solutions or hidden tests looks like the student edition: build from the course's notebooks/)` : ""));
  }
  if (!lessons.some((l) => l.exercises.length)) throw new Error(`no lesson in ${courseDir} has a graded exercise`);
  return lessons;
}

function gitCommit(): string | null {
  const r = spawnSync("git", ["rev-parse", "HEAD"], { cwd: ROOT, encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** The archive's entries: the two scripts at the root, then the course. */
export function bundleEntries(opts: BuildOptions): { entries: Entry[]; lessons: Lesson[]; config: BundleConfig & Record<string, unknown> } {
  const courseDir = opts.courseDir ?? NOTEBOOKS;
  const lessons = bundleLessons(courseDir);
  const numbers = new Set(lessons.map((l) => l.number));
  for (const n of opts.accept ?? []) {
    if (!numbers.has(n)) throw new Error(`--lesson ${n}: there is no lesson ${n} in ${courseDir} (lessons: ${[...numbers].join(", ")})`);
  }
  const entries: Entry[] = [];
  const add = (name: string, data: Buffer, mode = 0o644) => entries.push({ name, data, mode });
  add("setup.sh", fs.readFileSync(path.join(SCRIPTS_DIR, "setup.sh")), 0o755);
  add("run_autograder", fs.readFileSync(path.join(SCRIPTS_DIR, "run_autograder")), 0o755);
  for (const l of lessons) add(`notebooks/${l.base}`, fs.readFileSync(l.file));
  for (const d of BUNDLE_DIRS) for (const f of filesBelow(d)) add(f, fs.readFileSync(path.join(ROOT, f)), fs.statSync(path.join(ROOT, f)).mode & 0o111 ? 0o755 : 0o644);
  for (const f of BUNDLE_FILES) add(f, fs.readFileSync(path.join(ROOT, f)));
  const config = {
    format: 1 as const,
    accept: opts.accept,
    grading: opts.grading,
    deadlineSeconds: opts.deadlineSeconds,
    builtWith: { node: process.versions.node, commit: gitCommit() },
    lessons: lessons.map((l) => ({ number: l.number, file: l.base, title: l.title, points: l.exercises.reduce((a, e) => a + e.points, 0), exercises: l.exercises.map((e) => ({ id: e.id, points: e.points, task: e.task })) })),
  };
  add(CONFIG_FILE, Buffer.from(JSON.stringify(config, null, 1) + "\n"));
  add(NODE_VERSION_FILE, Buffer.from(`${process.versions.node}\n`));
  return { entries, lessons, config };
}

/** Write DIR/autograder.zip (through a temporary file: an interrupted build leaves no half archive). */
export async function buildAutograder(opts: BuildOptions): Promise<{ file: string; bytes: number; entries: number; lessons: Lesson[] }> {
  const { entries, lessons } = bundleEntries(opts);
  fs.mkdirSync(opts.outDir, { recursive: true });
  const file = path.join(opts.outDir, "autograder.zip");
  const tmp = `${file}.tmp-${process.pid}`;
  const zip = new yazl.ZipFile();
  for (const e of entries) zip.addBuffer(e.data, e.name, { mtime: FIXED_MTIME, mode: 0o100000 | e.mode });
  zip.end();
  try {
    await new Promise<void>((resolve, reject) => {
      const out = fs.createWriteStream(tmp);
      out.on("error", reject);
      out.on("close", () => resolve());
      zip.outputStream.on("error", reject).pipe(out);
    });
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  return { file, bytes: fs.statSync(file).size, entries: entries.length, lessons };
}

function parseArgs(argv: string[], cwd: string): BuildOptions {
  const o: BuildOptions = { outDir: "", accept: null, grading: {}, deadlineSeconds: DEFAULT_DEADLINE_S };
  const num = (flag: string, v: string | undefined): number => {
    const n = Number(v);
    if (!v || !(n > 0)) throw new Error(`${flag} needs a positive number, got ${v ?? "nothing"}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const f = argv[i];
    if (f === "--gradescope-autograder") {
      const v = argv[++i];
      if (!v || v.startsWith("--")) throw new Error("--gradescope-autograder needs the folder to write autograder.zip into");
      o.outDir = path.resolve(cwd, v);
    } else if (f === "--lesson") {
      for (const n of (argv[++i] ?? "").split(",").map((s) => s.trim()).filter(Boolean)) {
        if (!/^\d\d?$/.test(n)) throw new Error(`--lesson takes lesson numbers like 03, got ${JSON.stringify(n)}`);
        (o.accept ??= []).push(n.padStart(2, "0"));
      }
      if (!o.accept?.length) throw new Error("--lesson needs a lesson number");
    } else if (f === "--cell-timeout") o.grading.cellTimeoutSeconds = num(f, argv[++i]);
    else if (f === "--notebook-timeout") o.grading.notebookTimeoutSeconds = num(f, argv[++i]);
    else if (f === "--memory") o.grading.memoryMb = Math.floor(num(f, argv[++i]));
    else if (f === "--deadline") o.deadlineSeconds = num(f, argv[++i]);
    else if (f === "--partial") o.grading.partial = true;
    else if (f === "--lesson-cells") {
      const v = argv[++i];
      if (v !== "all" && v !== "imports" && v !== "auto") throw new Error(`--lesson-cells is "all", "imports" or "auto", got ${v}`);
      o.grading.lessonCells = v;
    } else if (f.startsWith("--")) throw new Error(`${f} is not an option of --gradescope-autograder`);
    else throw new Error(`--gradescope-autograder builds an autograder and grades nothing here: ${JSON.stringify(f)} is not used (students upload their notebooks to Gradescope)`);
  }
  if (o.accept) o.accept = [...new Set(o.accept)].sort();
  const nb = o.grading.notebookTimeoutSeconds ?? DEFAULTS.notebookTimeoutSeconds;
  if (o.deadlineSeconds < nb) throw new Error(`--deadline ${o.deadlineSeconds} is shorter than the notebook time limit (${nb} s): a slow notebook could never be graded`);
  return o;
}

/** The --gradescope-autograder branch of `npm run grade`. Exit 0: written; 1: the course cannot be graded; 2: usage. */
export async function gradescopeMain(argv: string[], cwd: string): Promise<number> {
  let opts: BuildOptions;
  try {
    opts = parseArgs(argv, cwd);
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  try {
    const r = await buildAutograder(opts);
    const shown = opts.accept ? r.lessons.filter((l) => opts.accept!.includes(l.number)) : r.lessons.filter((l) => l.exercises.length);
    const rel = path.relative(cwd, r.file);
    console.log(`wrote ${rel.startsWith("..") ? r.file : rel}: ${r.entries} files, ${(r.bytes / 1024).toFixed(0)} KiB`);
    console.log(opts.accept ? `this autograder grades lesson ${opts.accept.join(", ")} (a notebook of another lesson gets 0, saying so):` : "this autograder grades a notebook of any of these lessons:");
    for (const l of shown) console.log(`  ${l.base}: ${l.exercises.length} exercises, ${l.exercises.reduce((a, e) => a + e.points, 0)} points`);
    console.log(`Upload it to a Gradescope Programming Assignment (tools/grade/gradescope/README.md). Its setup installs Node.js ${process.versions.node} unless the image's apt has Node.js 20 or later.`);
    return 0;
  } catch (e) {
    console.error((e as Error).message);
    return 1;
  }
}
