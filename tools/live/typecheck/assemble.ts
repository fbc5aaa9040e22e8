// One TypeScript file that checks an edited cell in the scope tslab gives it: the lesson's earlier
// cells, each a block holding the cells after it, so that a cell sees what earlier cells declared and
// may declare a name again (a const of an earlier cell, as when a cell is re-run), as in tslab:
//
//   <imports of the earlier cells>          (reprinted, without a name a later cell imports again)
//   <imports of the edited cell>            (its own text, moved: imports must be top level)
//   {                                       
//   <cell 1, its imports blanked>
//   {
//   <cell 2 …>
//   {
//   <the edited cell, its imports blanked>   (its own text and length: offsets map back one to one)
//   }}}
//   export {};                              (a module, as tslab makes each cell: top-level await checks)
//
// Differences from tslab, none met by the lessons: within a lesson's run, TypeScript narrows an earlier
// cell's `let` by its assignments (tslab sees its declared type); a name the edited cell imports is
// shadowed by the same name declared by an earlier cell (tslab takes the import).
import ts from "typescript";

/** A stretch of the edited cell's text in the assembled file: `length` characters at `at`, from `cellOffset` in the cell. */
export interface Piece { at: number; length: number; cellOffset: number }

export interface Assembled {
  /** The file's text. */
  text: string;
  /** The edited cell's text, and where its pieces lie in `text`. */
  cell: string;
  pieces: Piece[];
}

/** A diagnostic of the edited cell: its line in the cell (from 1) and TypeScript's message. */
export interface CellDiagnostic { line: number; message: string }

const parse = (text: string) => ts.createSourceFile("cell.ts", text, ts.ScriptTarget.ES2022, true);

const importsOf = (sf: ts.SourceFile) => sf.statements.filter(ts.isImportDeclaration);

/** The local names an import declaration binds (`import d, { a, b as c }` binds d, a, c; `* as m` binds m). */
function boundNames(d: ts.ImportDeclaration): string[] {
  const clause = d.importClause;
  if (!clause) return [];
  const names = clause.name ? [clause.name.text] : [];
  const b = clause.namedBindings;
  if (b && ts.isNamespaceImport(b)) names.push(b.name.text);
  else if (b) names.push(...b.elements.map((e) => e.name.text));
  return names;
}

/** The declaration without the names in `drop`; null when nothing is left of it. */
function without(d: ts.ImportDeclaration, drop: Set<string>): ts.ImportDeclaration | null {
  const clause = d.importClause;
  if (!clause) return d; // import "x": for its effect, binds nothing
  const name = clause.name && !drop.has(clause.name.text) ? clause.name : undefined;
  let bindings = clause.namedBindings;
  if (bindings && ts.isNamespaceImport(bindings) && drop.has(bindings.name.text)) bindings = undefined;
  else if (bindings && ts.isNamedImports(bindings)) {
    const kept = bindings.elements.filter((e) => !drop.has(e.name.text));
    bindings = kept.length ? ts.factory.updateNamedImports(bindings, kept) : undefined;
  }
  if (!name && !bindings) return null;
  return ts.factory.updateImportDeclaration(d, d.modifiers, ts.factory.updateImportClause(clause, clause.phaseModifier, name, bindings), d.moduleSpecifier, d.attributes);
}

/** The text with each import replaced by spaces (newlines kept): same length, same lines. */
function blankImports(sf: ts.SourceFile): string {
  let text = sf.text;
  for (const d of importsOf(sf)) {
    const start = d.getStart(sf);
    text = text.slice(0, start) + text.slice(start, d.end).replace(/[^\n]/g, " ") + text.slice(d.end);
  }
  return text;
}

/** The file checking `cell` after `earlier` (the cells above it, in order, each one that parses). */
export function assemble(earlier: string[], cell: string): Assembled {
  const cells = [...earlier.map(parse), parse(cell)];
  const edited = cells[cells.length - 1];
  const printer = ts.createPrinter();
  let text = "";
  const pieces: Piece[] = [];
  const put = (s: string, cellOffset?: number) => {
    if (cellOffset !== undefined) pieces.push({ at: text.length, length: s.length, cellOffset });
    text += s;
  };

  // Earlier imports, each without the names a later cell imports again (two imports of one name at
  // top level would be a duplicate; in tslab the later one wins).
  const importedLater = new Set<string>();
  const earlierImports: string[][] = [];
  for (let i = cells.length - 1; i >= 0; i--) {
    if (i < cells.length - 1) {
      earlierImports[i] = importsOf(cells[i]).flatMap((d) => {
        const kept = without(d, importedLater);
        return kept ? [printer.printNode(ts.EmitHint.Unspecified, kept, cells[i])] : [];
      });
    }
    for (const d of importsOf(cells[i])) for (const n of boundNames(d)) importedLater.add(n);
  }
  for (const lines of earlierImports) for (const line of lines) put(`${line}\n`);
  for (const d of importsOf(edited)) {
    const start = d.getStart(edited);
    put(cell.slice(start, d.end), start);
    put("\n");
  }
  for (const sf of cells.slice(0, -1)) put(`{\n${blankImports(sf)}\n`);
  put("{\n");
  put(blankImports(edited), 0);
  put(`\n${"}".repeat(cells.length)}\nexport {};\n`);
  return { text, cell, pieces };
}

/** Where `pos` of the assembled file is in the edited cell; null when it lies elsewhere. */
export function cellOffset(a: Assembled, pos: number): number | null {
  const p = a.pieces.find((q) => pos >= q.at && pos < q.at + q.length);
  return p ? p.cellOffset + (pos - p.at) : null;
}

/** The line (from 1) of `offset` in `text`. */
export const lineAt = (text: string, offset: number) => text.slice(0, offset).split("\n").length;

/** The diagnostics that lie in the edited cell, at the cell's own lines, errors only, in order. */
export function cellDiagnostics(a: Assembled, diagnostics: readonly ts.Diagnostic[]): CellDiagnostic[] {
  return diagnostics.flatMap((d) => {
    const at = d.start === undefined || d.category !== ts.DiagnosticCategory.Error ? null : cellOffset(a, d.start);
    return at === null ? [] : [{ at, line: lineAt(a.cell, at), message: ts.flattenDiagnosticMessageText(d.messageText, "\n") }];
  }).sort((x, y) => x.at - y.at).map(({ line, message }) => ({ line, message }));
}
