// The live pages' type check, in Node: the file an edited cell is checked in (the cells above it, then
// the cell; tools/live/typecheck/assemble.ts), diagnostics mapped back to the cell's own lines, and the
// checker itself over the files and options the site ships (tools/live/typecheck/files.ts): it finds
// what tslab finds, and nothing in the lessons as they are.
import assert from "node:assert/strict";
import * as path from "node:path";
import { before, describe, it } from "node:test";
import ts from "typescript";
import { isCode, readNotebook, text, type Notebook } from "../../tools/lib/notebook";
import { lessonFiles, ROOT } from "../../tools/lib/paths";
import { studentLesson } from "../../tools/site/editions";
import { assemble, cellDiagnostics, cellOffset } from "../../tools/live/typecheck/assemble";
import { createChecker, type Checker } from "../../tools/live/typecheck/checker";
import { checkerFiles, checkerOptions } from "../../tools/live/typecheck/files";

/** The code cells' text, as the page has them (a lesson's nav cell is not on the page). */
const codeCells = (nb: Notebook) => nb.cells.filter((c) => isCode(c) && c.id !== "nav" && text(c.source).trim()).map((c) => text(c.source));

const IMPORTS = `import { Matrix, matmul } from "./src/matrix";\nimport { fmt } from "./src/display";`;

/** A diagnostic TypeScript could give, at `start` of the assembled file. */
const diagnostic = (start: number, messageText: string): ts.Diagnostic => ({ start, length: 1, messageText, category: ts.DiagnosticCategory.Error, code: 2322, file: undefined });

describe("type check: the file an edited cell is checked in", () => {
  const cell = `import { transpose } from "../src/matrix.js";\nconst t = transpose(M);\n\nconst bad: number = "a";`;
  const file = assemble([IMPORTS, `const M = Matrix.zeros(2, 2);`], cell);

  it("every character of the cell is in the file at an offset that maps back to it; its import is at the top", () => {
    const mapped = new Map<number, string>();
    for (let pos = 0; pos < file.text.length; pos++) {
      const o = cellOffset(file, pos);
      if (o !== null && file.text[pos].trim()) mapped.set(o, file.text[pos]);
    }
    const visible = [...cell].flatMap((ch, o) => (ch.trim() ? [[o, ch] as const] : []));
    assert.deepEqual([...mapped].sort((a, b) => a[0] - b[0]), visible);
    assert.ok(file.text.indexOf(`import { transpose }`) < file.text.indexOf("{\n"), "imports are top level");
  });

  it("earlier cells are blocks holding the ones after them; a name imported again is imported once", () => {
    const again = assemble([IMPORTS, `const M = 1;`, `const M = 2;`], `import { Matrix } from "./src/matrix";\nM;`);
    assert.equal(again.text.match(/\bMatrix\b/g)?.length, 1);
    assert.match(again.text, /^import \{ matmul \} from "\.\/src\/matrix";$/m);
    assert.match(again.text, /\{\nconst M = 1;\n\{\nconst M = 2;\n\{\n/);
    assert.match(again.text, /\n\}\}\}\}\nexport \{\};\n$/);
  });

  it("diagnostics in the cell take the cell's line numbers, in order; those elsewhere are dropped", () => {
    const at = (s: string) => file.text.indexOf(s);
    const list = cellDiagnostics(file, [
      diagnostic(at(`"a"`), "Type 'string' is not assignable to type 'number'."),
      diagnostic(at("transpose } from"), "an import's"),
      diagnostic(at("Matrix.zeros"), "an earlier cell's"),
      diagnostic(at("transpose(M)"), "line 2's"),
    ]);
    assert.deepEqual(list, [
      { line: 1, message: "an import's" },
      { line: 2, message: "line 2's" },
      { line: 4, message: "Type 'string' is not assignable to type 'number'." },
    ]);
  });
});

describe("type check: the checker over the site's files, in Node", () => {
  let checker: Checker;
  before(() => { checker = createChecker(checkerFiles(), checkerOptions()); });

  it("a type error, at its line, in TypeScript's words", () => {
    assert.deepEqual(checker.check([IMPORTS], `// a comment\nconst bad: number = "a";`), [{ line: 2, message: "Type 'string' is not assignable to type 'number'." }]);
  });

  it("the cells above are in scope, as in tslab: their names, their imports; a name declared again, top-level await", () => {
    const earlier = [IMPORTS, `const W = Matrix.zeros(2, 3);\nlet steps = 0;`];
    assert.deepEqual(checker.check(earlier, `import { transpose } from "./src/matrix";\nconst Wt: Matrix = transpose(W);\nsteps += 1;`), []);
    assert.deepEqual(checker.check(earlier, `const W = "declared again";\nW.toUpperCase();`), []);
    assert.deepEqual(checker.check(earlier, `const x = await Promise.resolve(fmt(1));\nimport { Matrix as M2 } from "./src";\nimport { lusolve } from "mathjs";`), []);
  });

  it("src/'s types are seen: a wrong argument to a library function is an error", () => {
    const [d] = checker.check([IMPORTS], `const A = Matrix.zeros(2, 2);\nmatmul(A, 3);`);
    assert.equal(d.line, 2);
    assert.match(d.message, /^Argument of type 'number' is not assignable to parameter of type 'Matrix'\./);
    assert.match(checker.check([], `import { nope } from "./src/matrix";`)[0].message, /has no exported member 'nope'/);
  });

  it("a syntax error is the cell's own; an earlier cell that does not parse is left out", () => {
    assert.deepEqual(checker.check([IMPORTS], `const a = 1;\nfunction f( {`), [{ line: 2, message: "'}' expected." }]);
    assert.deepEqual(checker.check([`const ok = 1;`, `const broken = {`], `ok;\nbroken;`), [{ line: 2, message: "Cannot find name 'broken'." }]);
  });

  it("the lessons as they are check clean: every cell of lesson 02 (student edition) after the cells above it", () => {
    const file = lessonFiles().find((f) => path.basename(f).startsWith("02-"))!;
    const cells = codeCells(studentLesson(readNotebook(file), file));
    const found = cells.flatMap((c, k) => checker.check(cells.slice(0, k), c).map((d) => `code cell ${k + 1} line ${d.line}: ${d.message}`));
    assert.deepEqual(found, []);
  });

  it("… and every lesson, both editions, its cells checked as one (no lesson declares a name twice)", () => {
    const found: string[] = [];
    for (const file of lessonFiles()) {
      const teacher = readNotebook(file);
      for (const [edition, nb] of [["teacher", teacher], ["student", studentLesson(teacher, file)]] as const) {
        // One check per lesson, not one per cell (~50 ms each): the cells joined, each on lines of its own.
        const cells = codeCells(nb);
        const firstLines = cells.map((_, k) => cells.slice(0, k).reduce((n, c) => n + c.split("\n").length + 1, 1));
        for (const d of checker.check([], cells.join("\n;\n"))) {
          const k = firstLines.filter((l) => l <= d.line).length - 1;
          found.push(`${path.basename(file)} (${edition}) code cell ${k + 1} line ${d.line - firstLines[k] + 1}: ${d.message}`);
        }
      }
    }
    assert.deepEqual(found, []);
  });
});

describe("type check: src/ stands for the page's browser twins", () => {
  it("tools/live/worker/display.ts and housing.ts export what src/display.ts and src/data/housing.ts export, with the same types", () => {
    const pairs = [["src/display.ts", "tools/live/worker/display.ts"], ["src/data/housing.ts", "tools/live/worker/housing.ts"]];
    const program = ts.createProgram(pairs.flat().map((f) => path.join(ROOT, f)), { ...checkerOptions(), types: ["node"] });
    const checker = program.getTypeChecker();
    const exportTypes = (file: string) => {
      const sf = program.getSourceFile(path.join(ROOT, file))!;
      return new Map(checker.getExportsOfModule(checker.getSymbolAtLocation(sf)!).map((s) => [s.name, checker.typeToString(checker.getTypeOfSymbolAtLocation(s, sf))]));
    };
    for (const [real, twin] of pairs) {
      const twinTypes = exportTypes(twin);
      for (const [name, type] of exportTypes(real)) assert.equal(twinTypes.get(name), type, `${twin}: ${name}`);
    }
  });
});
