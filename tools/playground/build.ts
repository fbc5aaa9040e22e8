// Builds the playground into <outDir>/playground/: index.html, app.js (app.ts and the src/ modules it
// imports, bundled for the browser by esbuild), style.css and housing-data.js (the housing subsample,
// JSON assigned to window.NN_HOUSING: a <script> loads from file://, where fetch() of a JSON file is
// refused). plotly.js is not bundled: the page loads the site's copy at ../vendor/plotly.min.js.
import * as fs from "node:fs";
import * as path from "node:path";
import { buildSync } from "esbuild";
import { lessonFiles } from "../lib/paths";
import { housingSubsample } from "./housing-data";
import { writePlotly } from "../site/plotly";

const HERE = __dirname;

/** The page of lesson `nn` on the site (`05-why-activations.html`), or the index if there is none yet. */
function lessonHref(nn: string): string {
  const file = lessonFiles().map((f) => path.basename(f, ".ipynb")).find((b) => b.startsWith(`${nn}-`));
  return file ? `../${file}.html` : "../index.html";
}

/** Writes the playground into `outDir`/playground (created if missing); synchronous. */
export function buildPlayground(outDir: string): void {
  const dir = path.join(outDir, "playground");
  fs.mkdirSync(dir, { recursive: true });
  const result = buildSync({
    entryPoints: [path.join(HERE, "app.ts")],
    outfile: path.join(dir, "app.js"),
    bundle: true,
    format: "iife",
    platform: "browser", // a node: import anywhere in the graph fails the build here, not in the browser
    target: "es2020",
    minify: true,
    legalComments: "none",
    logLevel: "silent",
    write: true,
  });
  if (result.errors.length) throw new Error(`buildPlayground: esbuild: ${result.errors.map((e) => e.text).join("; ")}`);
  fs.writeFileSync(path.join(dir, "housing-data.js"), `window.NN_HOUSING=${JSON.stringify(housingSubsample())};\n`);
  const html = fs.readFileSync(path.join(HERE, "index.html"), "utf8").replaceAll("{{LESSON05}}", lessonHref("05"));
  fs.writeFileSync(path.join(dir, "index.html"), html);
  fs.copyFileSync(path.join(HERE, "style.css"), path.join(dir, "style.css"));
}

if (require.main === module) {
  // npx tsx tools/playground/build.ts <outDir>: the playground alone (plotly must be at <outDir>/vendor/).
  const out = path.resolve(process.argv[2] ?? "site");
  buildPlayground(out);
  const vendor = path.join(out, "vendor", "plotly.min.js");
  if (!fs.existsSync(vendor)) writePlotly(vendor);
  console.log(`playground written to ${path.join(out, "playground", "index.html")}`);
}
