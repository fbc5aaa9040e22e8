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

/** The names a cell declares at its top level (const/let/var, including destructuring, function, class, enum). */
export function topLevelNames(source: string): string[] {
  const sf = ts.createSourceFile("cell.ts", source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const names: string[] = [];
  const bind = (n: ts.BindingName) => {
    if (ts.isIdentifier(n)) names.push(n.text);
    else for (const el of n.elements) if (!ts.isOmittedExpression(el)) bind(el.name);
  };
  for (const st of sf.statements) {
    if (ts.isVariableStatement(st)) st.declarationList.declarations.forEach((d) => bind(d.name));
    else if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st) || ts.isEnumDeclaration(st)) && st.name) names.push(st.name.text);
  }
  return names;
}

/**
 * The names `source` uses without declaring them anywhere itself: identifiers, except property names
 * (`a.W1`, `{ W1: … }`) and names the source binds (variables, parameters, functions, classes,
 * imports). An approximation of its free variables that errs towards too many: a name both declared
 * in one function and used free in another counts as declared.
 */
export function freeNamesIn(source: string): Set<string> {
  const sf = ts.createSourceFile("cell.ts", source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const used = new Set<string>();
  const declared = new Set<string>();
  const bind = (n: ts.BindingName) => {
    if (ts.isIdentifier(n)) declared.add(n.text);
    else for (const el of n.elements) if (!ts.isOmittedExpression(el)) bind(el.name);
  };
  const visit = (n: ts.Node) => {
    if (ts.isVariableDeclaration(n) || ts.isParameter(n)) bind(n.name);
    else if ((ts.isFunctionDeclaration(n) || ts.isClassDeclaration(n) || ts.isFunctionExpression(n)) && n.name) declared.add(n.name.text);
    else if (ts.isImportSpecifier(n) || ts.isNamespaceImport(n) || ts.isImportClause(n)) { if (n.name) declared.add(n.name.text); }
    if (ts.isIdentifier(n)) {
      const p = n.parent;
      const isPropertyName = (ts.isPropertyAccessExpression(p) && p.name === n) || (ts.isPropertyAssignment(p) && p.name === n) || (ts.isQualifiedName(p) && p.right === n) || ((ts.isPropertySignature(p) || ts.isPropertyDeclaration(p) || ts.isMethodDeclaration(p)) && p.name === n);
      if (!isPropertyName) used.add(n.text);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return new Set([...used].filter((n) => !declared.has(n)));
}
