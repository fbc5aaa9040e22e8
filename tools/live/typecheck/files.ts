// Build time (Node): what the page's type checker needs, computed by TypeScript itself, never listed by
// hand: the compiler options (tsconfig.json's, as tslab would check a cell) and every file a cell's
// check can reach: the lib .d.ts files those options name (and the libs they reference), src/ and what
// src/ imports, mathjs's types. Paths are the repository's, from "/" (a cell is checked as /__cell__.ts).
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { ROOT } from "../../lib/paths";

/**
 * tsconfig.json's options, but: module ES2022, so that top-level await checks as in tslab (which checks
 * cells as ES modules); no @types (the page has no Node: a cell's `process` is an error there, where
 * tslab would know it; no lesson uses Node's API).
 */
export function checkerOptions(): ts.CompilerOptions {
  const json = ts.readConfigFile(path.join(ROOT, "tsconfig.json"), ts.sys.readFile);
  if (json.error) throw new Error(ts.flattenDiagnosticMessageText(json.error.messageText, "\n"));
  const { options, errors } = ts.convertCompilerOptionsFromJson(json.config.compilerOptions, ROOT);
  if (errors.length) throw new Error(errors.map((e) => ts.flattenDiagnosticMessageText(e.messageText, "\n")).join("\n"));
  return { ...options, module: ts.ModuleKind.ES2022, types: [], noEmit: true };
}

/** "/work/repo/src/matrix.ts" → "/src/matrix.ts": the checker's file system is the repository's, from "/". */
const virtualPath = (file: string) => `/${path.relative(ROOT, file).split(path.sep).join("/")}`;

/** node_modules/<pkg>/… (or @scope/pkg) → that package's package.json, which module resolution reads. */
function packageJsonOf(file: string): string | null {
  const m = /^(.*\/node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(file);
  return m ? `${m[1]}/package.json` : null;
}

/**
 * A compiler host that sees no node_modules/@types: src/'s `node:` imports would pull in all of
 * @types/node (2.5 MB), for modules a cell cannot use in the page (they type their exports themselves).
 */
function hostWithoutTypes(options: ts.CompilerOptions): ts.CompilerHost {
  const host = ts.createCompilerHost(options);
  const hidden = (p: string) => p.split(path.sep).join("/").includes("/node_modules/@types");
  return {
    ...host,
    fileExists: (f) => !hidden(f) && host.fileExists(f),
    directoryExists: (d) => !hidden(d) && (host.directoryExists?.(d) ?? true),
    getSourceFile: (f, ...rest) => (hidden(f) ? undefined : host.getSourceFile(f, ...rest)),
  };
}

/** Every file the checker reads, by its virtual path: the program of src/ (and mathjs) under checkerOptions(). */
export function checkerFiles(): Record<string, string> {
  const options = checkerOptions();
  const host = hostWithoutTypes(options);
  const roots = ts.sys.readDirectory(path.join(ROOT, "src"), [".ts"]);
  const mathjs = ts.resolveModuleName("mathjs", path.join(ROOT, "__cell__.ts"), options, host).resolvedModule;
  if (!mathjs) throw new Error("live pages: the types of mathjs are not found");
  const program = ts.createProgram([...roots, mathjs.resolvedFileName], options, host);
  // Declaration files without their comments (lib.dom.d.ts is 64 % JSDoc), which no diagnostic reads:
  // a sixth of typecheck.js's gzip bytes less, and less for the first check to parse.
  const printer = ts.createPrinter({ removeComments: true });
  const files: Record<string, string> = {};
  for (const sf of program.getSourceFiles()) {
    files[virtualPath(sf.fileName)] = sf.isDeclarationFile ? printer.printFile(sf) : sf.text;
    const pkg = program.isSourceFileDefaultLibrary(sf) ? null : packageJsonOf(sf.fileName);
    if (pkg && fs.existsSync(pkg)) files[virtualPath(pkg)] = fs.readFileSync(pkg, "utf8");
  }
  return files;
}
