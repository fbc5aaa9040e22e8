// tools/nbtext.ts: the text form of a lesson carries the cells' course metadata (nn-teaches,
// nn-checks, nn-list) so that editing a lesson as text never drops its tags, and every lesson
// converts to text and back unchanged.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import { describe, it } from "node:test";
import { readNotebook, serializeNotebook } from "../../tools/lib/notebook";
import { lessonFiles } from "../../tools/lib/paths";
import { notebookFromText, textFromNotebook } from "../../tools/nbtext";

describe("nbtext", () => {
  it("writes and reads the cells' nn-* metadata in the cell header", () => {
    const src = "%% md id=a nn-teaches=neuron,sigmoid nn-list=equations\n# T\n\n%% code id=b nn-checks=neuron\nx;\n";
    const nb = notebookFromText(src);
    assert.deepEqual(nb.cells[0].metadata, { "nn-teaches": ["neuron", "sigmoid"], "nn-list": "equations" });
    assert.deepEqual(nb.cells[1].metadata, { "nn-checks": ["neuron"] });
    assert.equal(textFromNotebook(nb), src.replace("# T\n\n", "# T\n\n"));
  });
  it("refuses a header field it does not know, naming it", () => {
    assert.throws(() => notebookFromText("%% md id=a nn-teach=x\nhi\n"), /unknown field "nn-teach"/);
    assert.throws(() => notebookFromText("%% md id=a teaches\nhi\n"), /cannot read the cell header/);
  });
  it("converts every lesson to text and back unchanged", () => {
    for (const f of lessonFiles()) {
      assert.equal(serializeNotebook(notebookFromText(textFromNotebook(readNotebook(f)))), fs.readFileSync(f, "utf8"), f);
    }
  });
});
