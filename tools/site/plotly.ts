// The plotly.js the site and the playground ship (vendor/plotly.min.js): a partial bundle of plotly's
// own source (the `plotly.js` package, the version Jupyter's full bundle comes from) with the trace types
// the course draws and the common 2-D ones a learner may try in a live cell, built by esbuild.
//
// Why not plotly's ready-made cartesian bundle: in Chromium 156 on the 2-core machine, loading and
// starting it took 1.4-1.6 s in a blank page (cold cache, 4 rounds, file://); this bundle, with these
// traces, 0.3-0.45 s, and a first figure drawn 0.6-0.75 s after the request instead of 1.5-1.8 s.
// (Its size is close: 1.25 MB against 1.50 MB; most of the difference is plotly's start-up work.)
import * as fs from "node:fs";
import * as path from "node:path";
import { buildSync } from "esbuild";
import { ROOT } from "../lib/paths";

/** Trace types in the bundle: the course's (scatter, heatmap) and other common 2-D ones. */
export const PLOTLY_TRACES = ["scatter", "heatmap", "bar", "histogram", "contour", "box"] as const;

let bundle: string | null = null;

/** The bundle's JavaScript (built once per process: ~0.3 s). */
export function plotlyBundle(): string {
  if (bundle !== null) return bundle;
  const pkg = path.join(ROOT, "node_modules", "plotly.js");
  if (!fs.existsSync(path.join(pkg, "lib", "core.js"))) throw new Error(`plotly.js's source is not in ${pkg}: run npm run setup`);
  const entry = [
    `var Plotly = require("plotly.js/lib/core");`,
    `Plotly.register([${PLOTLY_TRACES.filter((t) => t !== "scatter").map((t) => `require("plotly.js/lib/${t}")`).join(", ")}]);`,
    `module.exports = Plotly;`,
  ].join("\n");
  const out = buildSync({
    stdin: { contents: entry, resolveDir: ROOT, sourcefile: "plotly-partial.js" },
    bundle: true, minify: true, format: "iife", globalName: "Plotly", target: "es2016", write: false, logLevel: "error",
    // As plotly's own build (its esbuild-config.js); the map traces' CSS, which registry.js pulls in, is not needed.
    define: { global: "window", "define.amd": "false" },
    alias: { stream: "stream-browserify" },
    loader: { ".css": "empty" },
    legalComments: "inline",
    banner: { js: `/** plotly.js v${JSON.parse(fs.readFileSync(path.join(pkg, "package.json"), "utf8")).version} (partial bundle: ${PLOTLY_TRACES.join(", ")}), built by tools/site/plotly.ts | Copyright Plotly, Inc. | MIT License */` },
  });
  bundle = out.outputFiles[0].text;
  return bundle;
}

/** Writes the bundle to `to` (vendor/plotly.min.js), whole or not at all. */
export function writePlotly(to: string): void {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  const tmp = `${to}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, plotlyBundle());
  fs.renameSync(tmp, to);
}

/**
 * Refuses a figure the bundle cannot draw, at build time rather than as a blank box on the site.
 * @param where names the figure in the error (lesson and figure title)
 */
export function assertDrawable(fig: { data?: { type?: string }[] }, where: string): void {
  for (const t of fig.data ?? []) {
    const type = t.type ?? "scatter";
    if (!(PLOTLY_TRACES as readonly string[]).includes(type)) {
      throw new Error(`${where}: trace type "${type}" is not in the site's plotly bundle (${PLOTLY_TRACES.join(", ")}): add it to PLOTLY_TRACES in tools/site/plotly.ts`);
    }
  }
}
