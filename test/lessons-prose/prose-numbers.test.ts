// Numbers in the prose come from the computation: a computed number a lesson's markdown states
// (three or more significant digits, a dollar amount, a count of steps or examples) is shown by an
// output of that lesson, or listed with a reason in allowed-numbers.json. The definitions (what
// counts, how a number matches an output) are in tools/notes/numbers.ts and docs/lesson-authoring.md.
import assert from "node:assert/strict";
import * as path from "node:path";
import { before, describe, it } from "node:test";
import { readNotebook, type Notebook } from "../../tools/lib/notebook";
import { lessonFiles } from "../../tools/lib/paths";
import { loadAllowedNumbers, numberFindings } from "../../tools/notes/check";
import { executedLessons } from "../../tools/notes/executed";

const files = lessonFiles();
const allowedNumbers = loadAllowedNumbers();
let executed: Notebook[] = [];

before(async () => {
  executed = await executedLessons(files, { log: (l) => console.log(`# ${l}`) });
}, { timeout: 30 * 60 * 1000 });

describe("numbers in the prose", () => {
  it("allowed-numbers.json lists only existing lessons, each number with a reason", () => {
    const numbers = new Set(files.map((f) => path.basename(f).slice(0, 2)));
    assert.deepEqual(Object.keys(allowedNumbers).filter((k) => !numbers.has(k)), []);
  });
  files.forEach((f, i) => {
    const base = path.basename(f, ".ipynb");
    it(`${base}: every computed number its prose states is shown by one of its outputs`, () => {
      const found = numberFindings(readNotebook(f), executed[i], allowedNumbers[base.slice(0, 2)] ?? []);
      assert.deepEqual(found.map((x) => `cell ${x.cell}: ${x.message}`), []);
    });
  });
});
