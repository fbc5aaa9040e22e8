// Builds the playground into <outDir>/playground/: index.html, app.js (app.ts and the src/ modules it
// imports, bundled for the browser by esbuild), style.css and housing-data.js (the housing subsample,
// JSON assigned to window.NN_HOUSING: a <script> loads from file://, where fetch() of a JSON file is
// refused). plotly.js is not bundled: the page loads the site's copy at ../vendor/plotly.min.js.
import * as fs from "node:fs";
import * as path from "node:path";
import { buildSync } from "esbuild";
import { lessonFiles } from "../lib/paths";
import { housingSubsample } from "./housing-data";

const HERE = __dirname;

/** plotly.js as the site ships it (vendor/plotly.min.js): the partial bundle with the cartesian traces
 * the course draws (scatter, heatmap, contour, box), a third of the full bundle. */
export const PLOTLY_BUNDLE = path.join(HERE, "../../node_modules/plotly.js-cartesian-dist-min/plotly-cartesian.min.js");

/**
 * Writes vendor/plotly.min.js: PLOTLY_BUNDLE with V8's explicit compile hint in front
 * (`//# allFunctionsCalledOnLoad`, Chromium 136 and later; other browsers read a comment). plotly runs
 * most of its functions while it starts and draws the first figure: with the hint V8 compiles them on
 * a background thread while the file streams in, instead of one by one on the page's main thread.
 * Measured in Chromium 156, a cold cache per page: plotly's start-up task on the main thread 0.73-1.29 s
 * without, 0.50-0.67 s with (lessons 01 and 07, 2 loads each); first figure drawn, 4 pages × 4 rounds
 * alternating with and without, median 2.32-2.61 s with, 2.41-2.95 s without (a busy machine).
 */
export function writePlotly(to: string): void {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.writeFileSync(to, `//# allFunctionsCalledOnLoad\n${fs.readFileSync(PLOTLY_BUNDLE, "utf8")}`);
}

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
