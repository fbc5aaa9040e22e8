// The HTML of a figure in a notebook output: a box that plotly.js draws into, holding a static PNG of
// the same figure until it does. No tslab, no Node: src/display.ts emits it from the kernel, and the
// course build (tools/lib/figure-images.ts) emits it again with the image filled in.
//
// Why both: Jupyter runs an output's scripts only in a trusted notebook (one executed in the same
// session, or signed for this user); an untrusted one strips them (and every style attribute), so
// a figure drawn by script alone stays blank. The <img> with a data: URI survives those sanitizers
// (Notebook 6, JupyterLab) and any viewer that runs no script; when the script runs, the
// interactive plot takes its place.
import type { Figure } from "./plot";

// Relative, so it resolves beside the notebook in Jupyter (served under /files/), in an executed
// notebook's HTML and on the course site (build/site/vendor/plotly.min.js). Set-up vendors the file.
export const PLOTLY_SRC = "vendor/plotly.min.js";

/** Width in CSS pixels of the static image when the figure sets none: about a notebook's output column. */
export const STATIC_WIDTH = 760;
/** Height when the figure sets none (src/plot.ts's default). */
export const DEFAULT_HEIGHT = 380;

export interface FigureHtmlOptions {
  /** The element id; default: a fresh id from a counter and the figure's content. */
  id?: string;
  /** A `data:image/png;base64,...` URL of the figure drawn once (the course build makes it). */
  image?: string;
}

let figureCounter = 0;

/** Short content hash: figure ids are unique per page and identical from run to run. */
function hashOf(s: string): string {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0).toString(16);
}

function attr(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
}

/** The size a figure is drawn at: its layout's, else the course's defaults. */
export function figureSize(fig: Figure): { width: number; height: number } {
  const w = fig.layout.width, h = fig.layout.height;
  return { width: typeof w === "number" ? w : STATIC_WIDTH, height: typeof h === "number" ? h : DEFAULT_HEIGHT };
}

/** The id figureHtml gave a figure, read back from its HTML (null if it is not a course figure). */
export function figureIdOf(html: string): string | null {
  const m = html.match(/<div id="(nn-fig-[^"]+)" class="nn-figure"/);
  return m ? m[1] : null;
}

/** HTML that draws the figure, loading plotly.js once per page if the page has not already. */
export function figureHtml(fig: Figure, opts: FigureHtmlOptions = {}): string {
  const json = JSON.stringify(fig);
  const id = opts.id ?? `nn-fig-${++figureCounter}-${hashOf(json)}`;
  const { height } = figureSize(fig);
  const title = (fig.layout.title as { text?: string } | undefined)?.text ?? "figure";
  const img = opts.image
    ? `<img class="nn-figure-static" alt="${attr(title)}" style="max-width:100%;height:auto" src="${opts.image}">`
    : "";
  // "</" inside JSON would end the script element early.
  const safe = json.replace(/<\//g, "<\\/");
  // The static image goes just before plotly draws: if plotly.js cannot load, the image stays.
  return `<div id="${id}" class="nn-figure" style="width:100%;height:${height}px">${img}</div>
<script>(function () {
  var fig = ${safe};
  function draw() {
    var el = document.getElementById("${id}");
    if (!el) return;
    var still = el.querySelector("img.nn-figure-static");
    if (still) still.remove();
    window.Plotly.newPlot(el, fig.data, fig.layout, { responsive: true, displaylogo: false });
  }
  if (window.Plotly) { draw(); return; }
  if (!window.__nnPlotly) {
    window.__nnPlotly = new Promise(function (resolve, reject) {
      var s = document.createElement("script"); s.src = "${PLOTLY_SRC}";
      s.onload = resolve; s.onerror = function () { reject(new Error("could not load ${PLOTLY_SRC}: run npm run setup")); };
      document.head.appendChild(s);
    });
  }
  window.__nnPlotly.then(draw);
})();</script>`;
}
