// Inside Gradescope's container, once per submission (run_autograder starts it): grade every .ipynb
// in /autograder/submission with the course's grader (the same policy and limits as `npm run grade`,
// as the bundle's nn-gradescope.json fixes them) and write /autograder/results/results.json.
// Whatever the submission is or does, a valid results.json is written: a notebook that cannot be
// graded gets 0 with the reason, an error of the grader itself or its time limit gets 0 saying so.
//
//   NN_AUTOGRADER_ROOT   the autograder's folder (default /autograder): submission/ and results/ are in it;
//                        the course is where this file is (source/ in Gradescope's layout).
import * as fs from "node:fs";
import * as path from "node:path";
import Ajv from "ajv";
import { notebooksIn } from "../grade";
import { writeFileAtomic } from "../lib/notebook";
import { ROOT } from "../lib/paths";
import { identify, readSubmission } from "./assemble";
import { loadCourse } from "./course";
import { Grader, studentKey, type Submission } from "./grader";
import { failedResults, gradescopeResults, plain, type GradescopeResults, type Protection } from "./gradescope-results";
import { CONFIG_FILE, type BundleConfig } from "./gradescope";
import { table } from "./report";

export const SCHEMA_FILE = path.join(__dirname, "gradescope", "results.schema.json");

/** What student code can do in Gradescope's container when its kernel runs without the OS sandbox. */
export const UNPROTECTED_IN_CONTAINER = [
  "it runs as root in the container, like the grader: it can read the course in /autograder/source (solutions and hidden tests) and pass them on in its error messages or over the network",
  "it can write any file of the container, /autograder/results/results.json included, and leave processes running after its kernel and its time limit",
  "memory is limited only by the kernel's heap limit and the container's",
];

/**
 * Whether the grader runs student kernels in the operating-system sandbox (its own decision,
 * `grader.sandbox`, when it has one), said for the student's page and, in full, for the instructor.
 */
export function protection(grader: object): Protection {
  const s = (grader as { sandbox?: { on: true; summary: string } | { on: false; reason: string } }).sandbox;
  if (!s) return { sandbox: false, summary: "Grading ran with the grader's in-process guards; this grader has no operating-system sandbox.", unprotected: UNPROTECTED_IN_CONTAINER };
  if (s.on) return { sandbox: true, summary: `Grading ran in the operating-system sandbox (${s.summary}).`, unprotected: [] };
  return { sandbox: false, summary: `Grading ran WITHOUT the operating-system sandbox (${s.reason}); only the grader's in-process guards were on.`, unprotected: UNPROTECTED_IN_CONTAINER };
}

/** Every file below `dir` that is not a notebook (for the message when there is no notebook). */
function otherFiles(dir: string, rel = ""): string[] {
  const out: string[] = [];
  let entries: fs.Dirent[] = [];
  try {
    entries = fs.readdirSync(path.join(dir, rel), { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...otherFiles(dir, p));
    else if (!e.name.toLowerCase().endsWith(".ipynb")) out.push(p);
    if (out.length > 50) break;
  }
  return out;
}

export function readConfig(file = path.join(ROOT, CONFIG_FILE)): BundleConfig {
  const cfg = JSON.parse(fs.readFileSync(file, "utf8")) as BundleConfig;
  if (cfg.format !== 1) throw new Error(`${file}: unknown format ${JSON.stringify(cfg.format)}`);
  return cfg;
}

let validator: ((r: unknown) => boolean) & { errors?: unknown } | null = null;

/** The results checked against Gradescope's format (our schema): a bug of ours must not become a rejected upload. */
export function validateResults(r: unknown): string | null {
  if (!validator) validator = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true }).compile(JSON.parse(fs.readFileSync(SCHEMA_FILE, "utf8")));
  return validator(r) ? null : JSON.stringify(validator.errors);
}

export async function runAutograder(agRoot: string, log: (s: string) => void = console.log): Promise<GradescopeResults> {
  const t0 = Date.now();
  const seconds = () => (Date.now() - t0) / 1000;
  const submissionDir = path.join(agRoot, "submission");
  const resultsDir = path.join(agRoot, "results");
  const cfg = readConfig();
  const course = loadCourse();
  const grader = new Grader({
    ...cfg.grading,
    protectedDirs: [submissionDir, resultsDir],
    onDone: (r) => log(`${table(r)}\n`),
  });
  const prot = protection(grader);
  log(prot.summary);
  for (const u of prot.unprotected) log(`  not protected: ${u}`);

  const files = fs.existsSync(submissionDir) ? notebooksIn(submissionDir) : [];
  const subs: Submission[] = [];
  const skipped: { file: string; lesson: string }[] = [];
  for (const f of files) {
    const student = studentKey(submissionDir, f);
    if (cfg.accept) {
      const read = readSubmission(f);
      const id = read.ok ? identify(course, read.nb, f) : null;
      if (id?.lesson && !cfg.accept.includes(id.lesson.number)) {
        skipped.push({ file: `${student}.ipynb`, lesson: id.lesson.number });
        continue;
      }
    }
    subs.push({ student, file: f });
  }
  log(`${files.length} notebook(s) in the submission; grading ${subs.length}${cfg.accept ? ` (this assignment grades lesson ${cfg.accept.join(", ")})` : ""}`);
  const results = subs.length ? await grader.gradeAll(subs) : [];
  return gradescopeResults({
    course, accept: cfg.accept, results, skipped, otherFiles: otherFiles(submissionDir), protection: prot,
    policy: cfg.grading.partial ? "partial" : "all-or-nothing", seconds: seconds(),
  });
}

async function main(): Promise<void> {
  const t0 = Date.now();
  const agRoot = path.resolve(process.env.NN_AUTOGRADER_ROOT || "/autograder");
  const resultsFile = path.join(agRoot, "results", "results.json");
  const seconds = () => (Date.now() - t0) / 1000;
  let written = false;
  const write = (r: GradescopeResults) => {
    const bad = validateResultsSafe(r);
    const final = bad ? failedResults(`the autograder's results did not match Gradescope's format: ${bad}`, seconds()) : r;
    writeFileAtomic(resultsFile, JSON.stringify(final, null, 1) + "\n");
    written = true;
    console.log(`results: ${resultsFile}: ${final.score} points, ${final.tests.length} tests`);
  };
  let deadline = 1500;
  try {
    deadline = readConfig().deadlineSeconds || deadline;
  } catch {
    // reported below by runAutograder
  }
  const timer = setTimeout(() => {
    if (written) return;
    write(failedResults(`grading took longer than the autograder's limit of ${deadline} s`, seconds()));
    killDescendants();
    process.exit(0);
  }, deadline * 1000);
  try {
    write(await runAutograder(agRoot));
  } catch (e) {
    console.error(`the autograder failed: ${(e as Error).stack ?? e}`);
    write(failedResults(plain((e as Error).message ?? String(e), 500), seconds()));
  } finally {
    clearTimeout(timer);
  }
}

/**
 * End every process this runner started, directly or not (the notebook runner and its kernel, which
 * Jupyter starts in a session of its own): read from /proc, children before their parents are gone.
 */
export function killDescendants(root = process.pid): number[] {
  const parent = new Map<number, number>();
  let pids: string[] = [];
  try {
    pids = fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d));
  } catch {
    return []; // not Linux: nothing to walk
  }
  for (const d of pids) {
    try {
      const m = /^PPid:\s+(\d+)$/m.exec(fs.readFileSync(`/proc/${d}/status`, "utf8"));
      if (m) parent.set(Number(d), Number(m[1]));
    } catch {
      // exited meanwhile
    }
  }
  const mine: number[] = [];
  const walk = (p: number) => {
    for (const [child, pp] of parent) if (pp === p) { mine.push(child); walk(child); }
  };
  walk(root);
  for (const pid of mine) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // gone already
    }
  }
  return mine;
}

function validateResultsSafe(r: unknown): string | null {
  try {
    return validateResults(r);
  } catch (e) {
    return `the schema could not be read: ${(e as Error).message}`;
  }
}

if (require.main === module) {
  main().then(() => process.exit(0), (e) => {
    console.error(e);
    process.exit(1);
  });
}
