// The prose rules on small made-up lessons: each rule passes what it should and catches the mistake
// it exists for (the lessons' own tests, beside this file, apply the rules to the real course).
import assert from "node:assert/strict";
import type { ICellMetadata } from "@jupyterlab/nbformat";
import { describe, it } from "node:test";
import type { Cell, Notebook } from "../../tools/lib/notebook";
import { coverageFindings, strayMentions } from "../../tools/notes/coverage";
import { numberFindings } from "../../tools/notes/check";
import { environmentRows, firstBlockLength, flattenTex } from "../../tools/notes/markdown";
import { outputNumbers, proseNumbers, shown } from "../../tools/notes/numbers";
import { checkLines, parseCheckLine, sectionOf } from "../../tools/notes/trace";
import { xrefFindings, type LessonDoc } from "../../tools/notes/xrefs";
import type { NoteItem } from "../../tools/notes/items";

const md = (id: string, source: string, metadata: Partial<ICellMetadata> = {}): Cell => ({ cell_type: "markdown", id, metadata, source });
const code = (id: string, source: string, stdout = "", metadata: Partial<ICellMetadata> = {}): Cell => ({
  cell_type: "code", id, metadata, source, execution_count: null,
  outputs: stdout ? [{ output_type: "stream", name: "stdout", text: stdout }] : [],
});
const nb = (cells: Cell[]): Notebook => ({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells });
const item = (id: string): NoteItem => ({ id, part: "p", transcribed: "t", reading: "r", correction: null });

describe("✓ lines", () => {
  it("reads expectClose's measurement and tolerance, and keeps expectTrue's line whole", () => {
    assert.deepEqual(parseCheckLine("✓ dW1 = central differences: max |diff| = 6.16e-10 ≤ 1e-8")?.measured,
      { kind: "max |diff|", value: 6.16e-10, valueText: "6.16e-10", tolerance: 1e-8, toleranceText: "1e-8" });
    assert.equal(parseCheckLine("✓ ratio: max relative diff = 0.00e+0 ≤ 0.000001")?.measured?.tolerance, 1e-6);
    const t = parseCheckLine("✓ the loss fell (0.77 → 0.0004)");
    assert.equal(t?.measured, undefined);
    assert.equal(t?.name, "the loss fell (0.77 → 0.0004)");
    assert.equal(parseCheckLine("x = 3"), null);
  });
  it("are taken from a cell's stdout only", () => {
    const c = code("c", "", "a\n✓ one: max |diff| = 0.00e+0 ≤ 0\n✓ two\n");
    assert.deepEqual(checkLines(c).map((l) => l.name), ["one", "two"]);
  });
});

describe("sections", () => {
  it("a cell belongs to the heading it opens with, else to the last heading above it", () => {
    const n = nb([md("a", "# Title"), md("b", "## One\n\ntext\n\n### Two"), code("c", "1"), md("d", "more")]);
    assert.equal(sectionOf(n, 1)?.markdown, "One");
    assert.equal(sectionOf(n, 2)?.markdown, "Two");
    assert.equal(sectionOf(n, 3)?.markdown, "Two");
  });
});

describe("speaking of the notes", () => {
  it("is allowed only inside a link to a note item, and never in code", () => {
    assert.deepEqual(strayMentions("As [the notes write it](index.ipynb#note-neuron), $z = wx$.", true), []);
    assert.equal(strayMentions("As the notes write it, $z = wx$.", true).length, 1);
    assert.equal(strayMentions("The transcription garbles it.", true).length, 1);
    assert.equal(strayMentions("[the notes](02-one-neuron.ipynb) say", true).length, 1, "a link elsewhere does not count");
    assert.equal(strayMentions('expectTrue("the notes\' convention", true);', false).length, 1);
    assert.deepEqual(strayMentions("It notes that a notebook …", true), []);
  });
});

describe("notes coverage", () => {
  const items = [item("neuron"), item("sigmoid")];
  const lesson = (cells: Cell[], executed = true) => [{ base: "02-x", notebook: nb(cells), executed: executed ? nb(cells) : null }];
  it("passes when every item is taught and backed by a cell that prints a ✓ line", () => {
    const f = coverageFindings(items, lesson([
      md("a", "## Neuron", { "nn-teaches": ["neuron", "sigmoid"] }),
      code("b", "check()", "✓ z: max |diff| = 0.00e+0 ≤ 0\n", { "nn-checks": ["neuron", "sigmoid"] }),
    ]));
    assert.deepEqual(f, []);
  });
  it("catches an untaught item, an unchecked item, a silent check cell, unknown ids and bad links", () => {
    const f = coverageFindings(items, lesson([
      md("a", "See [this](index.ipynb#note-nope).", { "nn-teaches": ["neuron", "typo"] }),
      code("b", "x", "no check here\n", { "nn-checks": ["neuron"] }),
      md("c", "x", { "nn-checks": ["sigmoid"] }),
    ]));
    const rules = f.map((x) => x.rule).sort();
    assert.deepEqual(rules, ["check-prints", "checked", "checked", "note-link", "tag", "tag", "taught"].sort());
  });
});

describe("numbers in the prose", () => {
  it("finds computed numbers: 3+ significant digits, dollars, counts of steps or examples", () => {
    const found = proseNumbers(String.raw`It took 14 steps, on $m = 2{,}000$ examples; $\ln 2 \approx 0.693$; about \$59,000; lesson 08; 1,000; $w_{11}$; seed 3.`);
    assert.deepEqual(found.map((p) => p.text), ["14", "2,000", "0.693", "$59,000"]);
  });
  it("reads a dollar sign written for Jupyter, <span>&#36;</span>, as a dollar sign", () => {
    const found = proseNumbers("a typical miss of <span>&#36;</span>59,166 and &#36;342");
    assert.deepEqual(found.map((p) => [p.text, p.why.includes("dollar amount")]), [["$59,166", true], ["$342", true]]);
  });
  it("ignores everything from the Exercises heading on", () => {
    assert.deepEqual(proseNumbers("## Exercises\n\nTrain for 8,000 epochs."), []);
  });
  it("matches outputs across formats, at the precision written", () => {
    const outs = outputNumbers(["error $59,166\n", "ratio 0.6931471805599453, tiny 4.5396e-5", String.raw`$$x = 1.25 \times 10^{-3}$$`]);
    const one = (s: string) => proseNumbers(s)[0];
    assert.ok(shown(one("an error of \\$59,166"), outs));
    assert.ok(shown(one("about \\$59,000"), outs), "about: to its last non-zero digit");
    assert.ok(!shown(one("an error of \\$59,000"), outs), "without 'about' an integer is exact");
    assert.ok(shown(one("it is 0.693"), outs));
    assert.ok(shown(one("$4.54 \\times 10^{-5}$ and more"), outs));
    assert.ok(shown(one("$1.25 \\times 10^{-3}$ and more"), outs));
    assert.ok(!shown(one("it is 0.694"), outs));
    assert.ok(shown(one("an effect of −\\$342 here"), outputNumbers(["effect −$342"])));
    assert.ok(!shown(one("an effect of −\\$342 here"), outputNumbers(["effect −$8,773"])));
  });
  it("a lesson passes when its outputs show its numbers, or an allowed constant covers one", () => {
    const committed = nb([md("a", "It settled within 14 steps; the cap is \\$500,001."), code("b", "run()")]);
    const executed = nb([md("a", ""), code("b", "run()", "settled after 14 steps\n")]);
    assert.deepEqual(numberFindings(committed, executed, [{ number: "$500,001", reason: "the census cap, a fact of the data" }]), []);
    const f = numberFindings(committed, nb([md("a", ""), code("b", "run()", "settled after 15 steps\n")]), []);
    assert.deepEqual(f.map((x) => x.message.split(" ")[0]), ["14", "$500,001"]);
  });
  it("reports an allowed constant the prose no longer uses", () => {
    const f = numberFindings(nb([md("a", "nothing")]), nb([md("a", "nothing")]), [{ number: "0.693", reason: "ln 2, a constant" }]);
    assert.match(f[0].message, /no longer needs it/);
  });
});

describe("TeX and blocks", () => {
  it("flattens formulas to the numbers a reader reads", () => {
    assert.match(flattenTex(String.raw`m = 2{,}000,\ 4.5 \times 10^{-5},\ 10^{-10},\ w_{11}`), /2,000, +4\.5e-5, +1e-10, +w/);
  });
  it("counts list items, table rows and the rows of an aligned formula (not of matrices inside it)", () => {
    assert.equal(firstBlockLength("1. a\n2. b\n   more\n3. c\n\nafter")?.length, 3);
    assert.equal(firstBlockLength("| a |\n|---|\n| 1 |\n| 2 |")?.length, 2);
    assert.equal(environmentRows(String.raw`\begin{aligned} a &= \begin{bmatrix}1\\2\end{bmatrix} \\ b \\ c \\ \end{aligned}`), 3);
  });
});

describe("cross-references", () => {
  const doc = (number: string, base: string, title: string, cells: Cell[]): LessonDoc => ({ number, base, title, notebook: nb(cells) });
  const l08 = doc("08", "08-backprop", "Forward pass, loss, backward pass", [md("t", "# 08 · Forward pass, loss, backward pass"), md("x", '<a id="cross-entropy"></a>\n\n### A yes/no output: cross-entropy')]);
  const l10 = doc("10", "10-capstone", "Capstone: a house-price model", [md("t", "# 10 · Capstone")]);
  const check = (source: string) => {
    const me = doc("07", "07-relu", "ReLU and its derivative", [md("a", source)]);
    return xrefFindings(me, [l08, l10, me]).map((f) => f.rule);
  };
  it("a mention of a lesson must be a link to it", () => {
    assert.deepEqual(check("The backward pass (lesson 08) uses it."), ["link"]);
    assert.deepEqual(check("The backward pass ([lesson 08](08-backprop.ipynb)) uses it."), []);
    assert.deepEqual(check("The backward pass ([lesson 08](10-capstone.ipynb)) uses it."), ["link"]);
    assert.deepEqual(check("As lesson 12 says."), ["link"]);
  });
  it("a link must point at what the target teaches: its title, or an anchored section", () => {
    assert.deepEqual(check("The cross-entropy loss ([lesson 10](10-capstone.ipynb) explains it)."), ["claim"]);
    assert.deepEqual(check("The cross-entropy loss ([lesson 08](08-backprop.ipynb#cross-entropy) explains it)."), []);
    assert.deepEqual(check("The loss ([lesson 08](08-backprop.ipynb) explains it)."), []);
    assert.deepEqual(check("It ([lesson 08](08-backprop.ipynb#nowhere)) says so."), ["anchor"]);
  });
  it("a count before a list must count it, and a tagged list fixes its count everywhere", () => {
    assert.deepEqual(check("The six equations, in order:\n\n$$\\begin{aligned} a\\\\ b\\\\ c \\end{aligned}$$"), ["count"]);
    assert.deepEqual(check("Three classic mistakes:\n\n1. a\n2. b\n3. c"), []);
    const me = doc("08", "08-backprop", "Forward pass, loss, backward pass", [
      md("g", "Derive the six equations of the backward pass."),
      md("l", "$$\\begin{aligned} a\\\\ b \\end{aligned}$$", { "nn-list": "equations" }),
    ]);
    assert.deepEqual(xrefFindings(me, [me]).map((f) => f.message), ['"six equations": the list "equations" (cell l) has 2']);
  });
});
