// The notes, traced: every item of docs/notes/items.json is taught by a lesson cell ("nn-teaches")
// and backed by a cell ("nn-checks") that prints ✓ lines in the executed lesson; every tag names an
// item; every link index.ipynb#note-<id> resolves; a lesson speaks of "the notes" or "the
// transcription" only inside such a link. Rules: docs/lesson-authoring.md, "Prose the build checks".
import assert from "node:assert/strict";
import * as path from "node:path";
import { before, describe, it } from "node:test";
import { readNotebook, type Notebook } from "../../tools/lib/notebook";
import { lessonFiles } from "../../tools/lib/paths";
import { coverageFindings, type CoverageFinding } from "../../tools/notes/coverage";
import { executedLessons } from "../../tools/notes/executed";
import { loadItems } from "../../tools/notes/items";
import { markdownToHtml } from "../../tools/site/render";

const files = lessonFiles();
const items = loadItems();
let findings: CoverageFinding[] = [];

before(async () => {
  const executed: Notebook[] = await executedLessons(files, { log: (l) => console.log(`# ${l}`) });
  findings = coverageFindings(items, files.map((f, i) => ({ base: path.basename(f, ".ipynb"), notebook: readNotebook(f), executed: executed[i] })));
}, { timeout: 30 * 60 * 1000 });

describe("the items of the notes", () => {
  it("docs/notes/items.json holds well-formed items whose text and formulas typeset", () => {
    assert.ok(items.length >= 40, `only ${items.length} items`);
    for (const it of items) {
      for (const field of ["transcribed", "reading", "correction"] as const) {
        const v = it[field];
        if (v !== null) assert.doesNotThrow(() => markdownToHtml(v), `item ${it.id}, ${field}`);
      }
    }
  });
  it("every item is taught by a lesson cell and backed by a check that prints ✓ lines", () => {
    assert.deepEqual(findings.filter((f) => f.lesson === "").map((f) => f.message), []);
  });
});

describe("lessons and the notes", () => {
  for (const f of files) {
    const base = path.basename(f, ".ipynb");
    it(`${base}: its tags name items, its tagged checks print ✓ lines, its note links resolve, and it speaks of the notes only in those links`, () => {
      assert.deepEqual(findings.filter((x) => x.lesson === base).map((x) => `[${x.rule}] cell ${x.cell}: ${x.message}`), []);
    });
  }
});
