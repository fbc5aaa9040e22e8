// The live pages' cell semantics, in Node (the runner is plain JavaScript): tslab's shared scope
// (a cell sees what earlier cells declared, and may declare it again when re-run), top-level await,
// hoisted functions, destructuring, imports kept even when used only by a later cell, and errors that
// name the cell's own line.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CellSyntaxError, compileCell } from "../../tools/live/compile";
import { errorLine, runCell } from "../../tools/live/worker/run";
import { moduleKey, needsMath } from "../../tools/live/protocol";

const modules: Record<string, unknown> = { "src/matrix": { Matrix: class { constructor(readonly n: number) {} }, add: (a: number, b: number) => a + b } };
const importModule = (s: string) => modules[moduleKey(s)];
let cellNo = 0;
/** Runs a cell's TypeScript; returns what it logged. */
async function run(ts: string): Promise<string[]> {
  const { js, declared } = compileCell(ts);
  const logged: string[] = [];
  const log = console.log;
  console.log = (...a: unknown[]) => { logged.push(a.join(" ")); };
  try {
    await runCell(++cellNo, js, declared, importModule);
  } finally {
    console.log = log;
  }
  return logged;
}

describe("live cells: tslab's semantics in the page's runner", () => {
  it("a const, a destructured name and a class of one cell are seen by the next", async () => {
    await run(`const a: number = 2; const { b, c: [d] } = { b: 3, c: [4] }; class P { x = 1 }`);
    assert.deepEqual(await run(`console.log(a + b + d, new P().x)`), ["9 1"]);
  });
  it("re-running a cell that declares a const works, and the new value wins", async () => {
    await run(`const again = 1;`);
    await run(`const again = 5;`);
    assert.deepEqual(await run(`console.log(again)`), ["5"]);
  });
  it("a let reassigned by a later cell keeps the new value", async () => {
    await run(`let count = 1;`);
    await run(`count += 1;`);
    assert.deepEqual(await run(`console.log(count)`), ["2"]);
  });
  it("top-level await works, and a function may be called above its declaration", async () => {
    assert.deepEqual(await run(`const v = await Promise.resolve(twice(21)); console.log(v);\nfunction twice(x: number) { return 2 * x; }`), ["42"]);
    assert.deepEqual(await run(`console.log(twice(2))`), ["4"]);
  });
  it("imports resolve from ./src/…, ../src/… and with .js; one used only by a later cell is kept", async () => {
    await run(`import { add, Matrix } from "./src/matrix";\nimport type { Foo } from "./src/matrix";`);
    assert.deepEqual(await run(`import { add as plus } from "../src/matrix.js"; console.log(add(1, 2), plus(2, 2), new Matrix(3).n)`), ["3 4 3"]);
  });
  it("a cell importing mathjs, the symbolic checks or the whole library needs the mathjs part; others do not", () => {
    assert.equal(needsMath(compileCell(`import { lusolve } from "mathjs";`).js), true);
    assert.equal(needsMath(compileCell(`import { verifyDerivative } from "./src/checks/symbolic";`).js), true);
    assert.equal(needsMath(compileCell(`import { Matrix } from "./src";`).js), true);
    assert.equal(needsMath(compileCell(`import { Matrix } from "./src/matrix"; const s = "mathjs";`).js), false);
  });
  it("an error names the line of the cell where it happened", async () => {
    const { js, declared } = compileCell(`const ok = 1;\n\n// a comment\nthrow new Error("boom");`);
    const cell = ++cellNo;
    const e = await runCell(cell, js, declared, importModule).then(() => null, (x: unknown) => x);
    assert.ok(e instanceof Error && e.message === "boom");
    assert.equal(errorLine(e, cell), 4);
  });
  it("a syntax error is a CellSyntaxError with its line; types are stripped, lines kept", () => {
    assert.throws(() => compileCell(`const a = 1;\nconst = 2;`), (e: unknown) => e instanceof CellSyntaxError && e.line === 2);
    const ts = `interface Q {\n  a: number;\n}\nconst q: Q = { a: 1 };\nfunction f<T>(x: T): T { return x; }`;
    assert.equal(compileCell(ts).js.split("\n").length, ts.split("\n").length);
    assert.deepEqual(compileCell(ts).declared, ["q", "f"]);
  });
});
