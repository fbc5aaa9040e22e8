// npm run grade -- <notebook|folder>... [--out DIR] [--jobs N] [--cell-timeout S] [--notebook-timeout S]
//                  [--partial] [--lesson-cells all|imports|auto] [--memory MB] [--sandbox auto|require|off]
//                  [--engine cells|jupyter] [--no-memo] [--quiet]
//        npm run grade -- --gradescope-autograder DIR [--lesson NN] [grading options]   (tools/grade/gradescope.ts)
// Grades submissions against the course's hidden tests (from notebooks/): each submission in its own
// fresh kernel, in the operating-system sandbox (tools/grade/sandbox.ts; without it, it says so loudly
// and in the gradebook), with time limits per cell and per notebook. Prints a table per student and writes
// DIR/gradebook.csv, DIR/gradebook.json and DIR/feedback/<student>.html (default DIR: ./grades).
// Submissions are only read, never written. Exit 0 when every submission was graded or rejected
// with a verdict; 1 when some could not be graded (e.g. a lesson's own solution fails); 2 on usage.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { writeFileAtomic } from "./lib/notebook";
import { NOTEBOOKS } from "./lib/paths";
import { DEFAULTS, Grader, studentKey, type GradeOptions, type Submission } from "./grade/grader";
import { gradescopeMain } from "./grade/gradescope";
import { feedbackHtml, feedbackName, gradebookCsv, gradebookJson, table } from "./grade/report";
import { engineFrom } from "./grade/cells";
import { UNPROTECTED_WITHOUT_SANDBOX, type SandboxStatus } from "./grade/sandbox";

const USAGE = `usage: npm run grade -- <notebook.ipynb|folder>... [options]
  --out DIR              where the gradebook and feedback pages go (default: ./grades)
  --jobs N               kernels at once (default: the number of cores)
  --cell-timeout S       seconds a cell may run (default ${DEFAULTS.cellTimeoutSeconds})
  --notebook-timeout S   seconds a whole graded notebook may run (default ${DEFAULTS.notebookTimeoutSeconds})
  --memory MB            heap limit of each kernel (default ${DEFAULTS.memoryMb})
  --partial              partial credit by checks (default: all or nothing per exercise)
  --lesson-cells MODE     which of the lesson's own cells run before the exercises: auto (default:
                         only the cells that import when the lesson's reference run passes that way
                         and the student's code uses nothing the other cells declare, else all),
                         all (every cell, as the student ran them: slowest), imports (always only
                         the cells that import)
  --sandbox MODE         auto (default: each kernel in the operating-system sandbox when it can start
                         here, else graded without it, with a warning), require (no grading without
                         it), off (never: student code runs with your privileges)
  --engine E             how graded cells run: cells (tslab's converter, shared and cached, and a
                         fresh node process per submission) or jupyter (a fresh tslab kernel
                         through Jupyter); default: NN_GRADE_ENGINE, else ${engineFrom()}
  --no-memo              train in every kernel: no results of the lesson's own trainings reused from
                         the reference run (tools/grade/memo.ts; cells engine only)
  --quiet                no table per student, only the summary
  --gradescope-autograder DIR   grade nothing here: write DIR/autograder.zip for Gradescope instead
                         (with --lesson NN and the grading options above; see tools/grade/gradescope/README.md)`;

interface Args { targets: string[]; out: string; opts: GradeOptions; quiet: boolean }

function parseArgs(argv: string[], cwd: string): Args {
  const a: Args = { targets: [], out: path.join(cwd, "grades"), opts: {}, quiet: false };
  const num = (flag: string, v: string | undefined): number => {
    const n = Number(v);
    if (!v || !(n > 0)) throw new Error(`${flag} needs a positive number, got ${v ?? "nothing"}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const f = argv[i];
    if (f === "--out") a.out = path.resolve(cwd, argv[++i] ?? "");
    else if (f === "--jobs") a.opts.jobs = Math.floor(num(f, argv[++i]));
    else if (f === "--cell-timeout") a.opts.cellTimeoutSeconds = num(f, argv[++i]);
    else if (f === "--notebook-timeout") a.opts.notebookTimeoutSeconds = num(f, argv[++i]);
    else if (f === "--memory") a.opts.memoryMb = Math.floor(num(f, argv[++i]));
    else if (f === "--partial") a.opts.partial = true;
    else if (f === "--no-memo") a.opts.trainMemo = false;
    else if (f === "--quiet") a.quiet = true;
    else if (f === "--lesson-cells") {
      const v = argv[++i];
      if (v !== "all" && v !== "imports" && v !== "auto") throw new Error(`--lesson-cells is "all", "imports" or "auto", got ${v}`);
      a.opts.lessonCells = v;
    } else if (f === "--sandbox") {
      const v = argv[++i];
      if (v !== "auto" && v !== "require" && v !== "off") throw new Error(`--sandbox is "auto", "require" or "off", got ${v}`);
      a.opts.sandbox = v;
    } else if (f === "--engine") {
      const v = argv[++i];
      if (v !== "cells" && v !== "jupyter") throw new Error(`--engine is "cells" or "jupyter", got ${v}`);
      a.opts.engine = v;
    } else if (f.startsWith("--")) throw new Error(`unknown option ${f}`);
    else a.targets.push(path.resolve(cwd, f));
  }
  if (!a.targets.length) throw new Error("nothing to grade: give a notebook or a folder of notebooks");
  return a;
}

/** The line printed at the start: what protects this machine from the code being graded. */
export function sandboxLine(s: SandboxStatus): string {
  return s.on ? `sandbox: ${s.summary}` : `sandbox: NONE (${s.reason})`;
}

/** The warning printed (to stderr) when student code runs without the sandbox. */
export function sandboxWarning(s: Extract<SandboxStatus, { on: false }>): string {
  const bar = "!".repeat(100);
  return `${bar}\nWARNING: grading WITHOUT the operating-system sandbox: ${s.reason}.\n` +
    `Only the in-process guards stand between student code and this machine, and they can be got round. Student code:\n` +
    UNPROTECTED_WITHOUT_SANDBOX.map((u) => `  - ${u}`).join("\n") +
    `\nGrade untrusted work only where the sandbox starts (Linux with bubblewrap and user namespaces, or as root), or in a throw-away VM.\n${bar}\n`;
}

/** Every .ipynb below `dir` (not in hidden folders or Jupyter checkpoints), sorted. */
export function notebooksIn(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name.startsWith(".") || e.name === "node_modules") continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...notebooksIn(p));
    else if (e.name.toLowerCase().endsWith(".ipynb")) out.push(p);
  }
  return out.sort();
}

export async function main(argv: string[], cwd: string): Promise<number> {
  if (argv.includes("--gradescope-autograder")) return gradescopeMain(argv, cwd);
  let args: Args;
  try {
    args = parseArgs(argv, cwd);
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const subs: Submission[] = [];
  const roots: string[] = [];
  for (const t of args.targets) {
    if (!fs.existsSync(t)) {
      console.error(`no such file or folder: ${t}`);
      return 2;
    }
    if (fs.statSync(t).isDirectory()) {
      roots.push(t);
      for (const f of notebooksIn(t)) subs.push({ student: studentKey(t, f), file: f });
    } else {
      roots.push(path.dirname(t));
      subs.push({ student: path.basename(t).replace(/\.ipynb$/i, ""), file: t });
    }
  }
  if (!subs.length) {
    console.error(`no .ipynb files in ${args.targets.join(", ")}`);
    return 2;
  }
  const names = new Map<string, number>();
  for (const s of subs) names.set(s.student, (names.get(s.student) ?? 0) + 1);
  for (const s of subs) if (names.get(s.student)! > 1) s.student = path.relative(cwd, s.file).replace(/\.ipynb$/i, "");

  const t0 = Date.now();
  const jobs = args.opts.jobs ?? Math.max(1, os.availableParallelism());
  let grader: Grader;
  try {
    grader = new Grader({ ...args.opts, jobs, protectedDirs: [...roots, args.out], onDone: (r) => { if (!args.quiet) console.log(`${table(r)}\n`); } });
  } catch (e) {
    console.error(`npm run grade: ${(e as Error).message}`);
    return 1;
  }
  console.log(`grading ${subs.length} submission${subs.length > 1 ? "s" : ""} with ${jobs} kernel${jobs > 1 ? "s" : ""} at a time, engine ${grader.engine} (course: ${path.relative(cwd, NOTEBOOKS) || "."})`);
  console.log(`${sandboxLine(grader.sandbox)}\n`);
  if (!grader.sandbox.on) console.error(sandboxWarning(grader.sandbox));
  const results = await grader.gradeAll(subs);
  const seconds = (Date.now() - t0) / 1000;
  const policy = args.opts.partial ? "partial" : "all-or-nothing";
  fs.mkdirSync(path.join(args.out, "feedback"), { recursive: true });
  const pages = new Map<string, number>();
  for (const r of results) {
    let name = feedbackName(r.student);
    const k = (pages.get(name) ?? 0) + 1;
    pages.set(name, k);
    if (k > 1) name = name.replace(/\.html$/, `-${k}.html`);
    (r as { feedback?: string }).feedback = `feedback/${name}`;
    writeFileAtomic(path.join(args.out, "feedback", name), feedbackHtml(r, policy, grader.sandbox.on ? null : grader.sandbox.reason));
  }
  writeFileAtomic(path.join(args.out, "gradebook.csv"), gradebookCsv(results));
  writeFileAtomic(path.join(args.out, "gradebook.json"), gradebookJson(results, {
    gradedAt: new Date().toISOString(),
    courseDir: NOTEBOOKS,
    policy,
    limits: { cellTimeoutSeconds: grader.limits.cellTimeoutSeconds, notebookTimeoutSeconds: grader.limits.notebookTimeoutSeconds, memoryMb: grader.limits.memoryMb, jobs },
    engine: grader.engine,
    sandbox: grader.sandbox.on ? { on: true, summary: grader.sandbox.summary } : { on: false, reason: grader.sandbox.reason, unprotected: UNPROTECTED_WITHOUT_SANDBOX },
    seconds,
  }));
  const count = (s: string) => results.filter((r) => r.status === s).length;
  console.log(`${results.length} submissions in ${seconds.toFixed(1)} s: ${count("graded")} graded, ${count("rejected")} rejected, ${count("error")} could not be graded`);
  console.log(`gradebook: ${path.relative(cwd, path.join(args.out, "gradebook.csv"))} and gradebook.json; feedback pages: ${path.relative(cwd, path.join(args.out, "feedback"))}/`);
  if (!grader.sandbox.on) console.error(`\nREMINDER: graded WITHOUT the sandbox (${grader.sandbox.reason}); see the warning at the start.`);
  return count("error") ? 1 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2), process.env.INIT_CWD ?? process.cwd())
    .then((code) => process.exit(code))
    .catch((e) => {
      console.error(`npm run grade failed: ${(e as Error).stack ?? e}`);
      process.exit(1);
    });
}
