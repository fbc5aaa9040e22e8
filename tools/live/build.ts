// Builds the live lesson pages' runtime into <site>/assets/live/ (tools/live/README.md says how the
// parts fit together):
//   live.js          the page side (./page), loaded on the first Run: runs cells in a worker, renders outputs
//   worker.js        the worker (./worker + src/), as a string: a Blob URL worker made from it runs
//                    from file:// too, where Chromium refuses `new Worker("file:…")`
//   mathjs.js        the worker's second part (mathjs, src/checks/symbolic), loaded for a cell that imports it
//   compiler.js      the cell compiler (./compile.ts), loaded on the first edit
//   typecheck.js     the type checker (./typecheck: TypeScript, its lib files, src/), loaded on the first
//                    edit: a worker's source, as a string, and the files and options it checks with
//   housing-data.js  the housing CSV's text (a worker cannot read files; fetch() fails from file://)
//   <lesson>.js      each code cell of the lesson's edition, precompiled (never the teacher's source
//                    on the student site: the caller passes the edition's notebook)
import * as fs from "node:fs";
import * as path from "node:path";
import { buildSync, type BuildOptions } from "esbuild";
import { isCode, text, type Notebook } from "../lib/notebook";
import { ROOT } from "../lib/paths";
import { CellSyntaxError, compileCell } from "./compile";
import { checkerFiles, checkerOptions } from "./typecheck/files";
import type { TypecheckBundle } from "./typecheck/protocol";

const HERE = __dirname;
const SRC = path.join(ROOT, "src");
/** Replaced in the browser: display.ts (tslab) and data/housing.ts (node:fs); index.ts is assembled below. */
const REPLACED: Record<string, string> = { "display": "./tools/live/worker/display", "data/housing": "./tools/live/worker/housing" };

/** src/ modules as "matrix", "checks/expect", … (what `./src/<name>` names in a cell). */
function srcModules(dir = SRC, prefix = ""): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.isDirectory()) return srcModules(path.join(dir, e.name), `${prefix}${e.name}/`);
    return e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [`${prefix}${e.name.slice(0, -3)}`] : [];
  });
}

/** Kept out of the worker's first part: they need mathjs (./protocol.ts MATH_MODULES). */
const MATH_PART = ["checks/symbolic"];

/**
 * The worker's entry: every src/ module under the key a cell's import names it by (generated from
 * src/, never by hand), but the mathjs part; src/index once that part is there.
 */
export function workerEntry(): string {
  const names = srcModules().filter((n) => n !== "index" && !MATH_PART.includes(n));
  const lines = names.map((n, i) => `import * as m${i} from "${REPLACED[n] ?? `./src/${n}`}";`);
  const table = names.map((n, i) => `  "src/${n}": m${i},`);
  return `${lines.join("\n")}
import { startWorker } from "./tools/live/worker/main";
startWorker({
${table.join("\n")}
}, (math) => ({ ...m${names.indexOf("core")}, ...math["src/checks/symbolic"], ...m${names.indexOf("data/housing")} }));
`;
}

/** The mathjs part: mathjs and the modules that need it, as a table the worker merges into its own. */
export function mathEntry(): string {
  return `import * as mathjs from "mathjs";
${MATH_PART.map((n, i) => `import * as p${i} from "./src/${n}";`).join("\n")}
self.NN_LIVE_MATH = { "mathjs": mathjs, ${MATH_PART.map((n, i) => `"src/${n}": p${i}`).join(", ")} };
`;
}

const COMMON: BuildOptions = { bundle: true, format: "iife", platform: "browser", target: "es2022", minify: true, legalComments: "none", logLevel: "silent", write: false };

function bundle(opts: BuildOptions): string {
  const r = buildSync({ ...COMMON, ...opts });
  if (r.errors.length) throw new Error(`live pages: esbuild: ${r.errors.map((e) => e.text).join("; ")}`);
  return r.outputFiles![0].text;
}

/** Each code cell of the notebook compiled, by cell index; a cell that does not compile carries its error. */
export function compiledCells(nb: Notebook): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  nb.cells.forEach((c, k) => {
    if (!isCode(c) || c.id === "nav" || !text(c.source).trim()) return;
    try {
      out[k] = compileCell(text(c.source));
    } catch (e) {
      if (!(e instanceof CellSyntaxError)) throw e;
      out[k] = { error: e.message, line: e.line };
    }
  });
  return out;
}

/** "</script" inside a string would end a script element early (these files load by <script src>, but cheap to rule out). */
const js = (v: unknown) => JSON.stringify(v).replace(/<\//g, "<\\/");

/** The runtime's files, by name: the same for every edition, so built once per process (bundling and the checker's files take seconds). */
let runtime: [string, string][] | null = null;

function runtimeFiles(): [string, string][] {
  const worker = bundle({ stdin: { contents: workerEntry(), resolveDir: ROOT, loader: "ts", sourcefile: "live-worker-entry.ts" } });
  const math = bundle({ stdin: { contents: mathEntry(), resolveDir: ROOT, loader: "ts", sourcefile: "live-math-entry.ts" } });
  // typescript's package.json maps the Node modules it uses only under Node ("browser" field) to nothing.
  const checker = bundle({ entryPoints: [path.join(HERE, "typecheck", "worker.ts")] });
  const csv = fs.readFileSync(path.join(ROOT, "data", "california-housing.csv"), "utf8");
  return [
    ["worker.js", `window.NN_LIVE_WORKER=${js(worker)};\n`],
    ["mathjs.js", `window.NN_LIVE_MATH_SRC=${js(math)};\n`],
    ["live.js", bundle({ entryPoints: [path.join(HERE, "page", "main.ts")] })],
    ["compiler.js", bundle({ entryPoints: [path.join(HERE, "page", "compiler-entry.ts")] })],
    ["typecheck.js", `window.NN_LIVE_TYPECHECK=${js({ worker: checker, files: checkerFiles(), options: checkerOptions() } satisfies TypecheckBundle)};\n`],
    ["housing-data.js", `window.NN_HOUSING_CSV=${js(csv)};\n`],
  ];
}

/** Writes the runtime (once per site) into <outDir>/assets/live/. */
export function buildLiveRuntime(outDir: string): void {
  const dir = path.join(outDir, "assets", "live");
  fs.mkdirSync(dir, { recursive: true });
  runtime ??= runtimeFiles();
  for (const [name, text] of runtime) fs.writeFileSync(path.join(dir, name), text);
}

/** Writes one lesson's compiled cells; returns the path the page names in article[data-live]. */
export function writeLessonCells(outDir: string, base: string, nb: Notebook): string {
  const rel = `assets/live/${base}.js`;
  fs.mkdirSync(path.join(outDir, "assets", "live"), { recursive: true });
  fs.writeFileSync(path.join(outDir, rel), `window.NN_LIVE_CELLS=${js(compiledCells(nb))};\n`);
  return rel;
}
