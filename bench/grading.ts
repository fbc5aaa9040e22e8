// The grading benchmark (issue 13, "fast grading"): a synthetic class of 30 students × every lesson
// with exercises, graded as `npm run grade` grades a folder, and the bank test's time.
//
// Each student hands in every lesson: the student edition with each exercise filled in from the bank
// (test/fixtures/grading/bank/<id>/): student s gets variant (s + k) of exercise k, so the class mixes
// correct solutions (the course's own and the bank's right-*.txt) with the bank's known mistakes.
// Target: the class graded in ≤ 10 minutes on the course's 2-core machine.
//
// usage: npx tsx bench/grading.ts [--students N] [--lessons 01,02] [--engine cells|jupyter] [--jobs N] [--no-memo] [--bank] [--quick]
//   --no-memo: every kernel trains (no results of the lesson's own trainings reused: tools/grade/memo.ts).
//   --bank: also run test/grading/bank.test.ts and time it; --quick: 3 students, lessons 01 and 02.
// Writes bench/results/grading.md and grading.json.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { compilers, engineFrom } from "../tools/grade/cells";
import { Grader, type SubmissionResult } from "../tools/grade/grader";
import { studentEdition } from "../tools/grade/student-edition";
import { text, writeNotebook, type Notebook } from "../tools/lib/notebook";
import { loadBank, variantSource } from "../test/grading/bank";
import { loadText, machineLine } from "./lib/machine";
import { median } from "./lib/stats";

const ROOT = path.resolve(__dirname, "..");
const RESULTS = path.join(ROOT, "bench", "results");
const TARGET_SECONDS = 600;
const arg = (flag: string) => (process.argv.includes(flag) ? process.argv[process.argv.indexOf(flag) + 1] : undefined);
const QUICK = process.argv.includes("--quick");
const STUDENTS = Number(arg("--students") ?? (QUICK ? 3 : 30));
const ONLY = arg("--lessons")?.split(",") ?? (QUICK ? ["01", "02"] : null);
const ENGINE = engineFrom(arg("--engine"));
const JOBS = Number(arg("--jobs") ?? Math.max(1, os.availableParallelism()));
const MEMO = !process.argv.includes("--no-memo");

async function main() {
  const loadAtStart = loadText();
  const grader = new Grader({ jobs: JOBS, engine: ENGINE, trainMemo: MEMO });
  const bank = loadBank();
  const lessons = grader.course.lessons.filter((l) => l.exercises.length > 0 && (!ONLY || ONLY.includes(l.number)));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nn-bench-grading-"));
  const subs: { student: string; file: string }[] = [];
  for (let s = 0; s < STUDENTS; s++) {
    for (const l of lessons) {
      const nb: Notebook = studentEdition(l.nb, l.exercises);
      l.exercises.forEach((ex, k) => {
        // Choice 0 is the course's own solution, then the bank's variants in order.
        const variants = bank.get(ex.id) ?? [];
        const choice = (s + k) % (variants.length + 1);
        const source = choice === 0 ? text(l.nb.cells[ex.cell].source) : variantSource(l, ex, variants[choice - 1]);
        nb.cells.find((c) => c.id === l.nb.cells[ex.cell].id)!.source = source;
      });
      const file = path.join(dir, `student-${String(s + 1).padStart(2, "0")}`, `${l.base}`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      writeNotebook(file, nb);
      subs.push({ student: path.relative(dir, file), file });
    }
  }
  console.log(`grading ${subs.length} submissions (${STUDENTS} students × ${lessons.length} lessons), engine ${ENGINE}, ${JOBS} jobs, training memo ${MEMO ? "on" : "off"}; load ${loadAtStart}`);
  const t0 = Date.now();
  let done = 0;
  const results: SubmissionResult[] = await new Grader({ jobs: JOBS, engine: ENGINE, trainMemo: MEMO, onDone: () => { if (++done % 25 === 0) console.log(`  ${done}/${subs.length} after ${((Date.now() - t0) / 1000).toFixed(0)} s`); } }).gradeAll(subs);
  const wall = (Date.now() - t0) / 1000;
  fs.rmSync(dir, { recursive: true, force: true });
  const per = results.map((r) => r.seconds);
  const errors = results.filter((r) => r.status !== "graded");
  const exercises = results.flatMap((r) => r.exercises);
  const summary = {
    engine: ENGINE, jobs: JOBS, trainMemo: MEMO, students: STUDENTS, lessons: lessons.map((l) => l.number), submissions: subs.length,
    wallSeconds: wall, perSubmissionMedian: median(per), perSubmissionMax: Math.max(...per), throughputSecondsPerSubmission: wall / subs.length,
    notGraded: errors.map((r) => `${r.student}: ${r.verdict}`),
    // Every verdict, to compare two runs (e.g. with and without --no-memo): the same class gives the same lines.
    verdicts: results.map((r) => `${r.student} ${r.status} ${r.score}/${r.max}: ${r.exercises.map((e) => `${e.id} ${e.status} ${e.score}`).join(", ")}`).sort(),
    exercisesPassed: exercises.filter((e) => e.status === "passed").length, exercises: exercises.length,
    compilerCache: ENGINE === "cells" ? compilers.stats : null,
    loadAtStart, loadAtEnd: loadText(), target: `≤ ${TARGET_SECONDS} s for 30 × 10 on 2 cores`,
    // Where the time goes: each lesson's share of the summed per-submission seconds.
    perLesson: Object.fromEntries(lessons.map((l) => {
      const mine = results.filter((r) => r.lesson === l.number);
      const secs = mine.map((r) => r.seconds);
      return [l.number, { median: median(secs), total: secs.reduce((a, b) => a + b, 0), runs: mine.reduce((a, r) => a + r.runs, 0) }];
    })),
  };
  let bank_: { seconds: number; status: number | null; line: string } | null = null;
  if (process.argv.includes("--bank")) {
    const b0 = Date.now();
    const r = spawnSync(process.execPath, ["--import", "tsx", "--test", "test/grading/bank.test.ts"], { cwd: ROOT, encoding: "utf8", env: { ...process.env, NN_GRADE_ENGINE: ENGINE } });
    bank_ = { seconds: (Date.now() - b0) / 1000, status: r.status, line: (r.stdout.match(/# (\d+\/\d+ wrong solutions rejected.*)/) ?? [])[1] ?? r.stdout.split("\n").filter((l) => /^# (pass|fail)/.test(l)).join(", ") };
  }
  const md = [
    "# Grading benchmark (bench/grading.ts)", "",
    machineLine(loadAtStart), "",
    `| engine | jobs | submissions | wall | per submission (median, max) | wall / submission | exercises passed | not graded |`,
    `|---|---|---|---|---|---|---|---|`,
    `| ${ENGINE}${MEMO ? "" : " (no memo)"} | ${JOBS} | ${subs.length} (${STUDENTS} × ${lessons.length}) | ${wall.toFixed(0)} s | ${median(per).toFixed(1)} s, ${Math.max(...per).toFixed(1)} s | ${(wall / subs.length).toFixed(2)} s | ${summary.exercisesPassed}/${exercises.length} | ${errors.length} |`,
    "",
    `| lesson | ${lessons.map((l) => l.number).join(" | ")} |`,
    `|---|${lessons.map(() => "---:").join("|")}|`,
    `| median s per submission | ${lessons.map((l) => summary.perLesson[l.number].median.toFixed(1)).join(" | ")} |`,
    `| share of the summed seconds | ${lessons.map((l) => `${(100 * summary.perLesson[l.number].total / per.reduce((a, b) => a + b, 0)).toFixed(0)} %`).join(" | ")} |`,
    `| lesson runs | ${lessons.map((l) => summary.perLesson[l.number].runs).join(" | ")} |`,
    "",
    ...(summary.compilerCache ? [`Compiler cache: ${summary.compilerCache.hits} hits, ${summary.compilerCache.misses} misses, ${(summary.compilerCache.compileMs / 1000).toFixed(0)} s compiling.`, ""] : []),
    ...(bank_ ? [`Bank test (test/grading/bank.test.ts, engine ${ENGINE}): ${bank_.seconds.toFixed(0)} s, exit ${bank_.status}; ${bank_.line}`, ""] : []),
    `Target: ${summary.target}.`, "",
  ].join("\n");
  fs.mkdirSync(RESULTS, { recursive: true });
  fs.writeFileSync(path.join(RESULTS, "grading.md"), md);
  fs.writeFileSync(path.join(RESULTS, "grading.json"), JSON.stringify({ ...summary, bank: bank_ }, null, 1) + "\n");
  console.log(`\n${md}`);
  for (const e of errors.slice(0, 10)) console.log(`not graded: ${e.student}: ${e.verdict}`);
  process.exit(errors.length ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
