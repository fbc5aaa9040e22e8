// Import declarations of notebook cells, read with TypeScript's parser: the graded test cells import
// the lesson's names locally (so a solution that rebinds a lesson name cannot change what a test
// sees), and take expectClose/expectTrue from the grader's recording module instead.
import ts from "typescript";

export interface ImportDecl {
  spec: string;
  typeOnly: boolean;
  defaultName?: string;
  namespace?: string;
  /** [exported name, local name] */
  named: [string, string][];
}

/** The import declarations of `source` and the source with each of them blanked (line breaks kept). */
export function parseImports(source: string): { imports: ImportDecl[]; rest: string } {
  const sf = ts.createSourceFile("cell.ts", source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const imports: ImportDecl[] = [];
  let rest = source;
  for (const st of sf.statements) {
    if (!ts.isImportDeclaration(st) || !ts.isStringLiteral(st.moduleSpecifier)) continue;
    const clause = st.importClause;
    const decl: ImportDecl = { spec: st.moduleSpecifier.text, typeOnly: !!clause?.isTypeOnly, named: [] };
    if (clause?.name) decl.defaultName = clause.name.text;
    const nb = clause?.namedBindings;
    if (nb && ts.isNamespaceImport(nb)) decl.namespace = nb.name.text;
    if (nb && ts.isNamedImports(nb)) {
      for (const el of nb.elements) decl.named.push([(el.propertyName ?? el.name).text, el.name.text]);
    }
    imports.push(decl);
    const start = st.getStart(sf);
    const end = st.getEnd();
    rest = rest.slice(0, start) + rest.slice(start, end).replace(/[^\n]/g, " ") + rest.slice(end);
  }
  return { imports, rest };
}

/** Every local name an import list binds. */
export function localNames(imports: ImportDecl[]): string[] {
  return imports.flatMap((d) => [...(d.defaultName ? [d.defaultName] : []), ...(d.namespace ? [d.namespace] : []), ...d.named.map(([, l]) => l)]);
}

/**
 * One line of import statements binding each local name once (the first declaration wins), without
 * the names in `drop`. Side-effect-only imports are left out (the lesson already ran them).
 */
export function importLine(lists: ImportDecl[][], drop: Set<string>): string {
  const seen = new Set(drop);
  const parts: string[] = [];
  for (const d of lists.flat()) {
    const type = d.typeOnly ? "type " : "";
    const spec = JSON.stringify(d.spec);
    if (d.defaultName && !seen.has(d.defaultName)) {
      seen.add(d.defaultName);
      parts.push(`import ${type}${d.defaultName} from ${spec};`);
    }
    if (d.namespace && !seen.has(d.namespace)) {
      seen.add(d.namespace);
      parts.push(`import ${type}* as ${d.namespace} from ${spec};`);
    }
    const named = d.named.filter(([, l]) => !seen.has(l));
    named.forEach(([, l]) => seen.add(l));
    if (named.length) parts.push(`import ${type}{ ${named.map(([e, l]) => (e === l ? l : `${e} as ${l}`)).join(", ")} } from ${spec};`);
  }
  return parts.join(" ");
}
