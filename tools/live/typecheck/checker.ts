// Type-checks an edited cell as tslab would before running it: a TypeScript language service over an
// in-memory file system (the files and options tools/live/typecheck/files.ts computed at build time),
// with the cell and the cells above it assembled into one file (./assemble.ts). Runs in the page's
// type-check worker (./worker.ts) and, for the tests, in Node: it touches no disk.
import ts from "typescript";
import { assemble, cellDiagnostics, lineAt, type CellDiagnostic } from "./assemble";

/** At the repository's root, as a lesson's cells are (their `./src/…` imports resolve from there). */
const CELL = "/__cell__.ts";

export interface Checker { check(earlier: string[], cell: string): CellDiagnostic[] }

export function createChecker(files: Record<string, string>, options: ts.CompilerOptions): Checker {
  let text = "";
  let version = 0;
  const read = (f: string) => (f === CELL ? text : files[f]);
  const host: ts.LanguageServiceHost = {
    getCompilationSettings: () => options,
    getScriptFileNames: () => [CELL],
    getScriptVersion: (f) => (f === CELL ? String(version) : "0"),
    getScriptSnapshot: (f) => { const t = read(f); return t === undefined ? undefined : ts.ScriptSnapshot.fromString(t); },
    getCurrentDirectory: () => "/",
    getDefaultLibFileName: (o) => `/node_modules/typescript/lib/${ts.getDefaultLibFileName(o)}`,
    fileExists: (f) => read(f) !== undefined,
    readFile: read,
  };
  const service = ts.createLanguageService(host, ts.createDocumentRegistry());

  // A cell's syntax, checked alone (cached: the cells above an edited one rarely change).
  const syntax = new Map<string, readonly ts.Diagnostic[]>();
  const syntaxErrors = (cell: string) => {
    let d = syntax.get(cell);
    if (!d) syntax.set(cell, (d = ts.transpileModule(cell, { compilerOptions: { target: options.target, module: options.module }, reportDiagnostics: true }).diagnostics ?? []));
    return d;
  };

  return {
    check(earlier, cell) {
      // A syntax error is the cell's alone (an unclosed brace would swallow the assembled file's blocks).
      const own = syntaxErrors(cell);
      if (own.length) return own.map((d) => ({ line: lineAt(cell, d.start ?? 0), message: ts.flattenDiagnosticMessageText(d.messageText, "\n") }));
      // An earlier cell that does not parse never ran in tslab: its names do not exist.
      const file = assemble(earlier.filter((c) => !syntaxErrors(c).length), cell);
      text = file.text;
      version++;
      return cellDiagnostics(file, service.getSemanticDiagnostics(CELL));
    },
  };
}
