// The training memo (tools/grade/memo.ts): a hit returns exactly what training computes, and it is
// used only where it may be: the lesson's own cells before any student code, for the same inputs.
//
// How a hit is told from a computation: the "use" runs below get a recorded entry whose costs were
// altered on purpose; a cell that prints the altered cost was served from the memo, one that prints
// the true cost trained. (In grading, entries come only from the reference run and are never altered.)
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { ROLE_KEY, type CellRole } from "../../tools/grade/assemble";
import { compilers, runCells, type CellsRunOptions } from "../../tools/grade/cells";
import type { TrainMemo } from "../../tools/grade/memo";
import { courseNotebook, readNotebook, text, type Cell } from "../../tools/lib/notebook";
import { ROOT } from "../../tools/lib/paths";
import { initParams } from "../../src/network";
import { Matrix } from "../../src/matrix";
import { train } from "../../src/train";

compilers.sandbox = false; // the memo is the kernel's own logic; the sandbox is tested elsewhere
const work: string[] = [];
after(() => { for (const d of work) fs.rmSync(d, { recursive: true, force: true }); });

function options(): CellsRunOptions {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "nn-memo-"));
  work.push(cwd);
  fs.symlinkSync(path.join(ROOT, "src"), path.join(cwd, "src"));
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(cwd, "node_modules"));
  return { cwd, cellTimeoutSeconds: 120, totalTimeoutSeconds: 300, maxOutputChars: 1_000_000, memoryMb: 2048, sandbox: null, placeholders: [] };
}
const code = (source: string, role: CellRole): Cell =>
  ({ cell_type: "code", id: `c${Math.random().toString(36).slice(2, 10)}`, metadata: { [ROLE_KEY]: { role } }, source, outputs: [], execution_count: null } as Cell);
const outputText = (c: Cell) => ((c as { outputs: { text?: string; data?: Record<string, string> }[] }).outputs ?? [])
  .map((o) => o.text ?? Object.values(o.data ?? {}).join("")).join("");

async function run(cells: Cell[], memo?: TrainMemo): Promise<string[]> {
  const r = await runCells(courseNotebook(cells), { ...options(), memo });
  assert.deepEqual(r.failures, [], JSON.stringify(r.failures));
  return r.executed!.cells.map(outputText);
}

// A small training (the reference loop: no worker), printed to the last bit.
const SETUP = `import { train } from "./src/train";
import { initParams } from "./src/network";
import { Matrix } from "./src/matrix";
const X = new Matrix(2, 4, Float64Array.from([0.1, -0.4, 0.7, 1.2, -0.3, 0.5, 0.9, -1.1]));
const Y = new Matrix(1, 4, Float64Array.from([0.2, -0.1, 0.4, 0.3]));
const opts = { hidden: "tanh" as const, output: "identity" as const, loss: "mse-half" as const, lr: 0.1, epochs: 30 };`;
const TRAIN = (name: string, X = "X") => `const ${name} = train(initParams([2, 3, 1], { seed: 4 }), ${X}, Y, opts);
console.log(JSON.stringify({ last: ${name}.costs[30], W1: Array.from(${name}.params.W1.data) }));`;

/** What the cell prints, computed here in the test's own process. */
function expected(X: Matrix): string {
  const Y = new Matrix(1, 4, Float64Array.from([0.2, -0.1, 0.4, 0.3]));
  const r = train(initParams([2, 3, 1], { seed: 4 }), X, Y, { hidden: "tanh", output: "identity", loss: "mse-half", lr: 0.1, epochs: 30 });
  return JSON.stringify({ last: r.costs[30], W1: Array.from(r.params.W1.data) }) + "\n";
}
const X0 = new Matrix(2, 4, Float64Array.from([0.1, -0.4, 0.7, 1.2, -0.3, 0.5, 0.9, -1.1]));
const TRUE = expected(X0);

/** The recorded entries with every cost replaced by 42 and every parameter doubled (see the top of this file). */
function altered(entries: Map<string, unknown>): Map<string, unknown> {
  const f64 = (b64: string) => { const b = Buffer.from(b64, "base64"); const f = new Float64Array(b.length / 8); new Uint8Array(f.buffer).set(b); return f; };
  const b64 = (f: Float64Array) => Buffer.from(f.buffer).toString("base64");
  const out = new Map<string, unknown>();
  for (const [k, v] of entries) {
    const e = v as { params: Record<string, { rows: number; cols: number; data: string }>; costs: string };
    const params = Object.fromEntries(Object.entries(e.params).map(([n, M]) => [n, { ...M, data: b64(f64(M.data).map((x) => 2 * x)) }]));
    out.set(k, { params, costs: b64(f64(e.costs).fill(42)) });
  }
  return out;
}

describe("grading: the training memo", () => {
  let recorded: Map<string, unknown>;

  it("a recording run trains, prints the true numbers and records one entry per distinct call", async () => {
    const memo: TrainMemo = { mode: "record", entries: new Map() };
    const out = await run([code(SETUP, "lesson"), code(TRAIN("a"), "lesson"), code(TRAIN("b"), "lesson")], memo);
    assert.equal(out[1], TRUE);
    assert.equal(out[2], TRUE);
    assert.equal(memo.entries.size, 1, "the same call twice is one key");
    recorded = memo.entries;
  });

  it("a hit returns the recorded result bit for bit (unaltered entries: the same output as training)", async () => {
    const out = await run([code(SETUP, "lesson"), code(TRAIN("a"), "lesson")], { mode: "use", entries: recorded });
    assert.equal(out[1], TRUE);
  });

  it("the lesson's cells are served from the memo; a changed input, a callback, a student cell and the cells after it are not", async () => {
    const fake = altered(recorded);
    const out = await run([
      code(SETUP, "lesson"),
      code(TRAIN("a"), "lesson"),                                                       // 1: a hit
      code(`const X2 = new Matrix(2, 4, Float64Array.from(X.data)); X2.data[7] = Math.fround(-1.1);\n${TRAIN("b", "X2")}`, "lesson"), // 2: one input changed in its last bits
      code(`const c = train(initParams([2, 3, 1], { seed: 4 }), X, Y, { ...opts, onEpoch: () => {} });\nconsole.log(c.costs[30]);`, "lesson"), // 3: a callback
      code(`console.log(JSON.stringify(a.costs.slice(0, 2)));`, "lesson"),             // 4: the hit's own numbers
      code(TRAIN("d"), "exercise"),                                                     // 5: student code
      code(TRAIN("e"), "lesson"),                                                       // 6: a lesson cell after student code
    ], { mode: "use", entries: fake });
    assert.equal(JSON.parse(out[1]).last, 42, "the lesson's call is a hit");
    const X2 = new Matrix(2, 4, Float64Array.from(X0.data));
    X2.data[7] = Math.fround(-1.1);
    assert.notEqual(X2.data[7], X0.data[7]);
    assert.equal(out[2], expected(X2), "a changed input trains");
    assert.equal(Number(out[3]), JSON.parse(TRUE).last, "a call with a callback trains (and its callbacks run)");
    assert.equal(out[4], "[42,42]\n");
    assert.equal(out[5], TRUE, "an exercise's call trains");
    assert.equal(out[6], TRUE, "after student code, no cell is served");
  });

  it("a hit hands out fresh objects: changing one result does not change the next", async () => {
    const out = await run([
      code(SETUP, "lesson"),
      code(`const a = train(initParams([2, 3, 1], { seed: 4 }), X, Y, opts); a.params.W1.data[0] = 99; a.costs[30] = 99;`, "lesson"),
      code(TRAIN("b"), "lesson"),
    ], { mode: "use", entries: recorded });
    assert.equal(out[2], TRUE);
  });

  it("a run that only uses the memo adds nothing to it", async () => {
    const entries = new Map<string, unknown>();
    await run([code(SETUP, "lesson"), code(TRAIN("a"), "lesson")], { mode: "use", entries });
    assert.equal(entries.size, 0);
  });

  it("lesson 10's model selection: served from the memo, it prints what training prints", async () => {
    // The lesson's cells up to and including `tuning` (the four 2,000-epoch trainings), as the grader runs them.
    const nb = readNotebook(path.join(ROOT, "notebooks/10-capstone.ipynb"));
    const upto = nb.cells.findIndex((c) => c.id === "tuning");
    assert.ok(upto > 0);
    const cells = () => nb.cells.slice(0, upto + 1).filter((c) => c.cell_type === "code").map((c) => code(text(c.source), "lesson"));
    const memo: TrainMemo = { mode: "record", entries: new Map() };
    const trained = await run(cells(), memo);
    assert.ok(memo.entries.size >= 4, `the four candidates are recorded (got ${memo.entries.size})`);
    const served = await run(cells(), { mode: "use", entries: memo.entries });
    assert.deepEqual(served, trained);
    const served42 = await run(cells(), { mode: "use", entries: altered(memo.entries) });
    assert.notDeepEqual(served42.at(-1), trained.at(-1), "…and it was served: altered entries change its table");
  });
});
