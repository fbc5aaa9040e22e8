// A notebook cell's TypeScript → a JavaScript body that runs as one async function in the page's worker
// (tools/live/worker/run.ts), with tslab's cell semantics: what a cell declares at top level is seen
// by the cells after it, top-level `await` works, and a cell may be re-run (a `const` declared again).
// Used twice: by the site build (every cell precompiled) and in the page when a learner edits a cell
// (bundled into assets/live-compiler.js, loaded only then). Same code both times, so an edited cell
// and a built one behave alike.
//
// How: sucrase strips the types (keeping every import, even one used only in a later cell, and the line
// numbers, so an error's line is the cell's line); acorn finds the top-level declarations; each
// `import { a, b as c } from "S"` becomes `const { a, b: c } = __import("S")`. The runner wraps the
// body as `let { <names of earlier cells> } = __scope; <body>; Object.assign(__scope, { <all names> })`.
// So names are real locals inside a cell (fast loops), and shared between cells through __scope.
import { parse, type ImportDeclaration, type Pattern, type Program } from "acorn";
import { transform } from "sucrase";

export interface CompiledCell {
  /** JavaScript of the cell (same line numbers as the TypeScript). */
  js: string;
  /** Names the cell declares at top level (imports, const/let/var, functions, classes). */
  declared: string[];
}

export class CellSyntaxError extends Error {
  constructor(message: string, readonly line: number) {
    super(message);
    this.name = "SyntaxError";
  }
}

/** The names bound by a declaration pattern: `{ a, b: [c, ...d] } = …` binds a, c, d. */
function patternNames(p: Pattern, out: string[]): void {
  switch (p.type) {
    case "Identifier": out.push(p.name); break;
    case "ObjectPattern":
      for (const prop of p.properties) patternNames(prop.type === "RestElement" ? prop.argument : prop.value, out);
      break;
    case "ArrayPattern": for (const el of p.elements) if (el) patternNames(el, out); break;
    case "RestElement": patternNames(p.argument, out); break;
    case "AssignmentPattern": patternNames(p.left, out); break;
    default: break; // MemberExpression: an assignment target, not a declaration
  }
}

/** `import x, { a, b as c } from "S"` (or `* as m`) as one destructuring from __import("S"). */
function importAsConst(node: ImportDeclaration, declared: string[]): string {
  const from = JSON.stringify(node.source.value);
  const named: string[] = [];
  const parts: string[] = [];
  for (const s of node.specifiers) {
    declared.push(s.local.name);
    if (s.type === "ImportNamespaceSpecifier") parts.push(`const ${s.local.name} = __import(${from});`);
    else if (s.type === "ImportDefaultSpecifier") named.push(`default: ${s.local.name}`);
    else {
      const imported = s.imported.type === "Identifier" ? s.imported.name : String(s.imported.value);
      named.push(imported === s.local.name ? imported : `${JSON.stringify(imported)}: ${s.local.name}`);
    }
  }
  if (named.length) parts.unshift(`const { ${named.join(", ")} } = __import(${from});`);
  if (!parts.length) parts.push(`__import(${from});`); // import "S" for its effect
  return parts.join(" ");
}

/** Compile one cell; throws CellSyntaxError (with the cell's line) when it does not parse. */
export function compileCell(ts: string): CompiledCell {
  let js: string;
  try {
    js = transform(ts, { transforms: ["typescript"], keepUnusedImports: true, disableESTransforms: true }).code;
  } catch (e) {
    const err = e as Error & { loc?: { line: number } };
    throw new CellSyntaxError(err.message.replace(/\s*\(\d+:\d+\)$/, ""), err.loc?.line ?? 1);
  }
  let program: Program;
  try {
    program = parse(js, { ecmaVersion: "latest", sourceType: "module", allowAwaitOutsideFunction: true, locations: true });
  } catch (e) {
    const err = e as Error & { loc?: { line: number } };
    throw new CellSyntaxError(err.message.replace(/\s*\(\d+:\d+\)$/, ""), err.loc?.line ?? 1);
  }
  const declared: string[] = [];
  const edits: { start: number; end: number; text: string }[] = [];
  for (const node of program.body) {
    if (node.type === "ImportDeclaration") {
      // Same line count as the import it replaces: later lines keep their numbers.
      const lines = js.slice(node.start, node.end).split("\n").length - 1;
      edits.push({ start: node.start, end: node.end, text: importAsConst(node, declared) + "\n".repeat(lines) });
    } else if (node.type === "VariableDeclaration") {
      for (const d of node.declarations) patternNames(d.id, declared);
    } else if ((node.type === "FunctionDeclaration" || node.type === "ClassDeclaration") && node.id) {
      declared.push(node.id.name);
    } else if (node.type === "ExportNamedDeclaration" || node.type === "ExportDefaultDeclaration" || node.type === "ExportAllDeclaration") {
      throw new CellSyntaxError("export is not needed in a notebook cell: what a cell declares is seen by the cells after it", node.loc?.start.line ?? 1);
    }
  }
  for (const e of edits.reverse()) js = js.slice(0, e.start) + e.text + js.slice(e.end);
  return { js, declared: [...new Set(declared)] };
}
