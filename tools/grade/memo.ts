// The training memo: the lesson's own cells are the same in every submission of a lesson, and so are
// the trainings they run (lesson 10 trains four networks for 2,000 epochs before its exercises: 12 s
// of CPU in every kernel, the largest single cost of grading a class; bench/FINDINGS.md). The
// reference run (the course's own solution, run once per lesson per grading session, no student code
// in it) records the result of each `train` call its lesson cells make, under the sha-256 of the
// call's inputs (every parameter, X and Y byte for byte, and the options); each submission's kernel
// then gets those results back for the same calls in the same cells instead of training again.
//
// Why this drops no check: `train` is deterministic (same inputs, same machine: the same bits, one
// thread or two, test/fast), so a hit returns exactly what the call would have computed; the memo
// serves only the lesson's cells that run before any student code (cells.ts), never an exercise,
// a test or a hidden test, and only calls whose inputs hash to a recorded key (a changed input is a
// miss, and trains). Only a recording run can add entries (cells.ts ignores a "use" run's claims).
// `npm run grade -- --no-memo` (GradeOptions.trainMemo = false) trains in every kernel, as before;
// test/grading/memo.test.ts grades lesson 10 both ways and compares every output.

/** One lesson's memo: packed results (cells/kernel.cjs's format) by key. */
export interface TrainMemo {
  /** "record": the run's lesson cells add their results; "use": they read them. */
  mode: "record" | "use";
  entries: Map<string, unknown>;
}
