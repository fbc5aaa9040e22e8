// Cross-references and counts: every "lesson NN" in a lesson's markdown is a link to that lesson,
// the linked lesson (or the anchored section of it) teaches what the sentence claims, and counts
// such as "the six equations" agree with the list they announce. Rules: tools/notes/xrefs.ts and
// docs/lesson-authoring.md, "Prose the build checks".
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { lessonFiles } from "../../tools/lib/paths";
import { lessonDocs } from "../../tools/notes/check";
import { xrefFindings } from "../../tools/notes/xrefs";

const docs = lessonDocs(lessonFiles());

describe("cross-references between lessons", () => {
  for (const doc of docs) {
    it(`${doc.base}: every lesson it mentions is a link to a lesson that teaches what it claims, and its counts agree with its lists`, () => {
      assert.deepEqual(xrefFindings(doc, docs).map((x) => `[${x.rule}] cell ${x.cell}: ${x.message}`), []);
    });
  }
});
