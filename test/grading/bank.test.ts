// The grader catches real mistakes: every known-wrong solution in the bank loses the exercise's
// points, every alternative correct solution gets full marks, for every exercise of every lesson.
// (The bank is data: test/fixtures/grading/bank/<exercise-id>/{wrong,right}-*.txt; see bank.ts.)
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { Grader, type SubmissionResult } from "../../tools/grade/grader";
import { loadBank, writeRounds, type Planned } from "./bank";

const grader = new Grader({ jobs: 2, lessonCells: "auto", cellTimeoutSeconds: 120, notebookTimeoutSeconds: 900 });
const bank = loadBank();
// NN_BANK_LESSONS=09,10 grades only those lessons' banks (for an author changing a lesson; the full
// run grades ~95 submissions, about 3 min on 2 cores). Unset: every lesson.
const only = process.env.NN_BANK_LESSONS?.split(",").map((n) => n.trim()).filter(Boolean);
const lessons = grader.course.lessons.filter((l) => l.exercises.length > 0 && (!only || only.includes(l.number)));
if (only && lessons.length !== only.length) throw new Error(`NN_BANK_LESSONS=${only.join(",")}: no lesson with exercises numbered ${only.filter((n) => !lessons.some((l) => l.number === n)).join(", ")}`);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nn-bank-"));
const plan: Planned[] = lessons.flatMap((l) => writeRounds(l, bank, dir));
let results = new Map<string, SubmissionResult>();
let seconds = 0;

before(async () => {
  const t0 = Date.now();
  const rs = await grader.gradeAll(plan.map((p) => ({ student: path.basename(p.file, ".ipynb"), file: p.file })));
  seconds = (Date.now() - t0) / 1000;
  results = new Map(plan.map((p, i) => [p.file, rs[i]]));
}, { timeout: 80 * 60 * 1000 });

after(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("the bank of known solutions", () => {
  for (const l of lessons) {
    for (const ex of l.exercises) {
      it(`${ex.id} has at least one alternative right solution and three known mistakes`, () => {
        const vs = bank.get(ex.id) ?? [];
        assert.ok(vs.filter((v) => v.kind === "right").length >= 1, `no right-*.txt in test/fixtures/grading/bank/${ex.id}/`);
        assert.ok(vs.filter((v) => v.kind === "wrong").length >= 3, `fewer than 3 wrong-*.txt in test/fixtures/grading/bank/${ex.id}/`);
      });
    }
  }
});

describe("grading the bank", () => {
  for (const p of plan) {
    for (const [id, v] of p.variants) {
      const verb = v.kind === "right" ? "gets full marks" : "loses its points";
      it(`${id}: ${v.name} ${verb}`, () => {
        const r = results.get(p.file)!;
        assert.equal(r.status, "graded", `${path.basename(p.file)}: ${r.verdict}`);
        const e = r.exercises.find((x) => x.id === id)!;
        const why = `${e.status}: ${e.summary}`;
        if (v.kind === "right") {
          assert.equal(e.status, "passed", why);
          assert.equal(e.score, e.points, why);
        } else {
          assert.notEqual(e.status, "passed", `a wrong solution passed (${e.passed}/${e.total} checks)`);
          assert.ok(e.score < e.points, why);
          assert.equal(e.score, 0, `all-or-nothing: ${why}`);
        }
      });
    }
  }
  it("reports the totals and the time", (t) => {
    const all = plan.flatMap((p) => [...p.variants].map(([id, v]) => ({ v, e: results.get(p.file)!.exercises.find((x) => x.id === id)! })));
    const wrong = all.filter((x) => x.v.kind === "wrong");
    const right = all.filter((x) => x.v.kind === "right");
    t.diagnostic(`${wrong.filter((x) => x.e.score < x.e.points).length}/${wrong.length} wrong solutions rejected, ${right.filter((x) => x.e.score === x.e.points).length}/${right.length} right solutions accepted; ${plan.length} submissions over ${lessons.length} lessons graded in ${seconds.toFixed(0)} s`);
  });
});
