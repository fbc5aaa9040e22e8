// The test runner behind `npm test` (tools/test.ts starts it as `node --import tsx run-tests.ts FILE…`):
// node:test's run() over the files in the order given, so many at once, with the usual reporter (spec on
// a terminal, TAP otherwise) and each file's time at the end (test-times.mjs).
//
// Why not `node --test FILE…`: Node 20's command line sorts the files by name, so the order tools/test.ts
// chooses (the longest first, the short ones filling the gaps) was lost, and the longest files started
// last (test/site/ and test/tools/ sort late). run() keeps the order it is given. Each file still runs in
// its own process, which inherits this one's `--import tsx`.
import * as path from "node:path";
import { PassThrough } from "node:stream";
import { run } from "node:test";
import { spec, tap } from "node:test/reporters";
// @ts-expect-error: a plain JavaScript reporter module, without declarations
import testTimes from "./test-times.mjs";

// Absolute: a file's own test is then named as its `file` field, which test-times.mjs looks for.
const files = process.argv.slice(2).map((f) => path.resolve(f));
const concurrency = Number(process.env.NN_TEST_JOBS) >= 1 ? Math.floor(Number(process.env.NN_TEST_JOBS)) : 2;

const events = run({ files, concurrency });
// One stream of events, two reporters: each gets every event.
const toReporter = new PassThrough({ objectMode: true });
const toTimes = new PassThrough({ objectMode: true });
let failed = false;
events.on("data", (e: { type: string; data?: { todo?: unknown; skip?: unknown } }) => {
  // As `node --test` counts them: a failing test marked todo or skip does not fail the run.
  if (e.type === "test:fail" && !e.data?.todo && !e.data?.skip) failed = true;
  toReporter.write(e);
  toTimes.write(e);
});
events.on("end", () => {
  toReporter.end();
  toTimes.end();
});
const usual = process.stdout.isTTY ? new spec() : tap;
const shown = (process.stdout.isTTY ? toReporter.compose(usual as unknown as NodeJS.ReadWriteStream) : toReporter.compose(tap as unknown as (s: AsyncIterable<unknown>) => AsyncGenerator<string>)) as NodeJS.ReadableStream;
shown.pipe(process.stdout, { end: false });
const times = toTimes.compose(testTimes as (s: AsyncIterable<unknown>) => AsyncGenerator<string>) as NodeJS.ReadableStream;
// The times come after the usual report has ended.
let buffered = "";
times.on("data", (d: string | Buffer) => { buffered += String(d); });
let ends = 0;
const finish = () => {
  if (++ends < 2) return;
  process.stdout.write(buffered);
  process.exitCode = failed ? 1 : 0;
};
shown.on("end", finish);
times.on("end", finish);
