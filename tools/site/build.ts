// Build the static course site from executed notebooks: index.html, one page per lesson with
// prev/next navigation, and the assets they need (KaTeX CSS + fonts, plotly.js once, course CSS).
// Everything is local: the site works from file:// and from any static server with no network.
import * as fs from "node:fs";
import * as path from "node:path";
import { createHash } from "node:crypto";
import MiniSearch from "minisearch";
import { isCode, PLOTLY_MIME, text, type Notebook } from "../lib/notebook";
import { ROOT } from "../lib/paths";
import { buildPlayground } from "../playground/build";
import { assertDrawable, writePlotly } from "./plotly";
import { studentLesson, type Edition } from "./editions";
import { NOTES_PAGE, notesPageBody } from "./notes";
import { buildLiveRuntime, writeLessonCells } from "../live/build";
import { escapeHtml, inlineMarkdown, LIVE_BAR, lessonInfo, notebookBody, type LessonInfo } from "./render";

export interface ExecutedLesson {
  source: string; // notebooks/01-house-prices.ipynb
  notebook: Notebook;
}

const CSS = fs.readFileSync(path.join(__dirname, "course.css"), "utf8");

/** On every page of the teacher edition: solutions and hidden tests are in it. */
export const TEACHER_BANNER = `<div class="edition-banner" role="note"><strong>Teacher edition</strong>: exercise solutions and hidden tests are shown. Do not publish this site to students; <code>npm run course</code> builds the student edition.</div>`;

/**
 * The site's one script loader, inline in every page's head (site.js and the live runtime use it:
 * window.nnLoad(src), one load per file, relative to the site's root, a promise of it).
 *
 * Inline so that a page with figures can fetch plotly (./plotly.ts, ~1.25 MB) as the first frame is
 * drawn. site.js is deferred, so it runs only when the whole page is parsed (~1 s after the first
 * paint for a long lesson on a 2-core machine), and a paint observer's callback waits behind the
 * parser's tasks as long: started from either, plotly was requested at 1.0-1.3 s. From the first
 * animation frame it is requested at 0.26-0.38 s (lessons 01, 03, 08, 2 loads each) and ready before
 * the page has finished parsing. The request's own timer task comes after that frame, so it never
 * delays the first paint; site.js asks again (the same promise) where no frame comes, e.g. a
 * background tab.
 */
const LOADER = `(function () { var w = window, loading = {};
w.nnLoad = function (src) { if (!loading[src]) loading[src] = new Promise(function (ok, no) { var s = document.createElement("script");
s.src = (document.documentElement.getAttribute("data-root") || "") + src; s.async = true; s.onload = function () { ok(); };
s.onerror = function () { no(new Error("could not load " + src)); }; document.head.appendChild(s); }); return loading[src]; }; })();`;
const PLOTLY_EARLY = `if (window.requestAnimationFrame) requestAnimationFrame(function () { setTimeout(function () { nnLoad("vendor/plotly.min.js"); }, 0); });`;

function page(opts: { title: string; body: string; figures: boolean; nav?: string; edition: Edition; toc?: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="nn-edition" content="${opts.edition}">
<title>${escapeHtml(opts.title)} · nn-from-scratch</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="assets/katex/katex.min.css">
<link rel="stylesheet" href="assets/hljs.css">
<link rel="stylesheet" href="assets/course.css">
<script>${LOADER}${opts.figures ? `\n${PLOTLY_EARLY}` : ""}</script>
<script src="assets/site.js" defer></script>
</head>
<body>
<a class="skip" href="#content">Skip to the content</a>
${opts.edition === "teacher" ? TEACHER_BANNER : ""}
<header class="top"><a href="index.html" class="brand">nn-from-scratch</a>${opts.nav ?? ""}<a href="playground/index.html" class="play">Playground</a>
<form class="search" role="search" action="#"><label for="search-q" class="visually-hidden">Search all lessons</label><input id="search-q" type="search" placeholder="Search the lessons" autocomplete="off"></form></header>
<div id="search-results" class="search-results" aria-live="polite" hidden></div>
<main id="content">
${opts.toc ?? ""}
${opts.body}
</main>
${opts.nav ? `<footer class="bottom">${opts.nav}</footer>` : ""}
</body>
</html>
`;
}

/** Ids on the body's h2/h3 headings, and a table of contents linking to them. */
export function withToc(body: string): { body: string; toc: string } {
  const used = new Set<string>();
  const items: string[] = [];
  const out = body.replace(/<h([23])>([\s\S]*?)<\/h\1>/g, (_, level: string, inner: string) => {
    const plain = inner.replace(/<span class="katex-mathml">[\s\S]*?<\/span><\/span>/g, "").replace(/<[^>]*>/g, "").trim();
    let id = `sec-${plain.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "section"}`;
    for (let k = 2; used.has(id); k++) id = `${id.replace(/-\d+$/, "")}-${k}`;
    used.add(id);
    // A link inside the heading (the notes page numbers its items) cannot sit inside the TOC's link.
    items.push(`<li class="toc-h${level}"><a href="#${id}">${inner.replace(/<\/?a\b[^>]*>/g, "")}</a></li>`);
    return `<h${level} id="${id}">${inner}</h${level}>`;
  });
  const toc = items.length ? `<nav class="toc" aria-label="Table of contents"><details open><summary>On this page</summary><ol>${items.join("")}</ol></details></nav>` : "";
  return { body: out, toc };
}

/** Still images out of the HTML into files (fetched lazily), so a page does not carry every figure's PNG. */
function imagesToFiles(html: string, outDir: string): string {
  let k = 0; // elementtiming names each still image (figure-0 first): bench/site.ts times when it is on screen
  return html.replace(/<img class="nn-figure-static" alt="([^"]*)" src="data:image\/png;base64,([^"]+)">/g, (_, alt: string, b64: string) => {
    const buf = Buffer.from(b64, "base64");
    const name = `assets/fig/${createHash("sha1").update(buf).digest("hex").slice(0, 16)}.png`;
    fs.mkdirSync(path.join(outDir, "assets/fig"), { recursive: true });
    fs.writeFileSync(path.join(outDir, name), buf);
    return `<img class="nn-figure-static" alt="${alt}" src="${name}" loading="lazy" elementtiming="figure-${k++}">`;
  });
}

/** The search index (MiniSearch, serialised): one document per section of each lesson, from its cells. */
function searchIndex(lessons: ExecutedLesson[], infos: LessonInfo[]): string {
  interface Doc { id: number; title: string; lesson: string; url: string; text: string; snippet: string }
  const docs: Doc[] = [];
  lessons.forEach((l, i) => {
    let cur: Doc | null = null;
    for (const c of l.notebook.cells) {
      if (c.id === "nav") continue;
      const src = text(c.source);
      const heading = c.cell_type === "markdown" ? src.match(/^#{1,3}\s+(.+)$/m) : null;
      if (heading || !cur) {
        cur = { id: docs.length, title: (heading?.[1] ?? infos[i].title).replace(/[$*`_]/g, "").replace(/^\d\d\s*·\s*/, ""), lesson: `${infos[i].number} ${infos[i].title}`, url: `${infos[i].file}${c.cell_type === "markdown" ? `#md-${c.id}` : ""}`, text: "", snippet: "" };
        docs.push(cur);
      }
      cur.text += `${src}\n`;
    }
  });
  for (const d of docs) {
    const prose = d.text.replace(/^#.*$/m, "").replace(/[$*`_#|]/g, "").replace(/\s+/g, " ").trim();
    d.snippet = prose.length > 160 ? `${prose.slice(0, 157)}…` : prose;
  }
  const ms = new MiniSearch<Doc>({ fields: ["title", "text"], storeFields: ["title", "lesson", "url", "snippet"] });
  ms.addAll(docs);
  return `window.NN_SEARCH_INDEX=${JSON.stringify(ms.toJSON()).replace(/<\//g, "<\\/")};\n`;
}

function navFor(list: LessonInfo[], i: number): string {
  const prev = i > 0 ? `<a rel="prev" href="${list[i - 1].file}">← ${list[i - 1].number} ${escapeHtml(list[i - 1].title)}</a>` : "<span></span>";
  const next = i < list.length - 1 ? `<a rel="next" href="${list[i + 1].file}">${list[i + 1].number} ${escapeHtml(list[i + 1].title)} →</a>` : "<span></span>";
  return `<nav class="lesson-nav">${prev}<a href="index.html">All lessons</a>${next}</nav>`;
}

interface PlotlyFigure { data: Record<string, unknown>[]; layout: Record<string, unknown> }

/** The lesson's first figure, thinned to at most `maxPoints` per trace, drawn small and static. */
function thumbnail(nb: Notebook, id: string, maxPoints = 400): string {
  for (const c of nb.cells) {
    if (!isCode(c)) continue;
    for (const o of c.outputs) {
      const fig = (o as { data?: Record<string, unknown> }).data?.[PLOTLY_MIME] as PlotlyFigure | undefined;
      if (!fig) continue;
      const data = fig.data.map((t) => {
        const x = t.x as unknown[] | undefined;
        t = { ...t, showscale: false, text: undefined, texttemplate: undefined }; // no colour bars or cell labels at thumbnail size
        if (!Array.isArray(x) || x.length <= maxPoints) return t;
        const step = Math.ceil(x.length / maxPoints);
        const thin = (v: unknown) => (Array.isArray(v) ? v.filter((_, i) => i % step === 0) : v);
        return { ...t, x: thin(t.x), y: thin(t.y) };
      });
      const bare = (axis: unknown) => ({ ...(axis as object), title: undefined });
      const layout = { ...fig.layout, annotations: [], title: undefined, xaxis: bare(fig.layout.xaxis), yaxis: bare(fig.layout.yaxis), height: 150, margin: { l: 30, r: 10, t: 10, b: 25 }, showlegend: false };
      const json = JSON.stringify({ data, layout }).replace(/<\//g, "<\\/");
      return `<div class="thumb-box" aria-hidden="true"><div id="${id}" class="thumb nn-figure" data-fig data-static></div><script type="application/json">${json}</script></div>`;
    }
  }
  return "";
}

function copy(from: string, to: string): void {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.cpSync(from, to, { recursive: true });
}

/**
 * Write the whole site into `outDir` (which must not exist yet); returns the lesson list. The student
 * edition (the default) shows no solution and no hidden test (tools/site/editions.ts); the teacher
 * edition shows the lessons as executed, with a banner on every page.
 */
export function buildSite(executed: ExecutedLesson[], outDir: string, edition: Edition = "student"): LessonInfo[] {
  const lessons = edition === "teacher" ? executed : executed.map((l) => ({ source: l.source, notebook: studentLesson(l.notebook, l.source) }));
  // A figure the shipped plotly cannot draw stops the build before anything is written.
  for (const l of lessons) {
    for (const c of l.notebook.cells) {
      if (!isCode(c)) continue;
      for (const o of c.outputs) {
        const fig = (o as { data?: Record<string, unknown> }).data?.[PLOTLY_MIME] as { data?: { type?: string }[]; layout?: { title?: { text?: string } | string } } | undefined;
        if (!fig) continue;
        const t = fig.layout?.title;
        assertDrawable(fig, `${path.basename(l.source)}: the figure "${(typeof t === "string" ? t : t?.text) ?? "(untitled)"}"`);
      }
    }
  }
  fs.mkdirSync(outDir, { recursive: false });
  const infos = lessons.map((l) => {
    const base = path.basename(l.source, ".ipynb");
    return lessonInfo(l.notebook, base.slice(0, 2), `${base}.html`);
  });
  lessons.forEach((l, i) => {
    const { body, toc } = withToc(notebookBody(l.notebook));
    // The edition's cells, compiled: on the student site never the solutions (they are not in l.notebook).
    const live = writeLessonCells(outDir, path.basename(l.source, ".ipynb"), l.notebook);
    const html = page({ title: `${infos[i].number} · ${infos[i].title}`, body: `<article class="lesson" data-live="${live}">${LIVE_BAR}${body}</article>`, figures: body.includes('class="nn-figure"'), nav: navFor(infos, i), edition, toc });
    fs.writeFileSync(path.join(outDir, infos[i].file), imagesToFiles(html, outDir));
  });
  const items = infos
    .map((l, i) => `<li>${thumbnail(lessons[i].notebook, `thumb-${l.number}`)}<div><a href="${l.file}"><span class="num">${l.number}</span> ${escapeHtml(l.title)}</a><p>${inlineMarkdown(l.goal)}</p></div></li>`)
    .join("\n");
  const index = `<h1>Neural networks from scratch, in TypeScript</h1>
<p class="lede">An executable course: every lesson derives one idea of the lecture notes, computes it, plots it and checks it numerically. These pages are the lessons as executed by the course build, and they run in your browser: press <em>Run all</em> on a lesson, or edit a cell and run it (no install, no network). The notebooks run in Jupyter too (<code>npm start</code>).</p>
<p class="lede">Then change a network and watch it learn in the <a href="playground/index.html">playground</a>: pick a data set, hidden units, activation and learning rate (it runs the same library the lessons build).</p>
<nav aria-label="Table of contents"><ol class="lessons">
${items}
</ol></nav>`;
  fs.writeFileSync(path.join(outDir, "index.html"), page({ title: "Lessons", body: index, figures: /class="[^"]*\bnn-figure\b/.test(index), edition }));
  const notes = withToc(notesPageBody(lessons.map((l, i) => ({ source: l.source, notebook: l.notebook, title: infos[i].title, page: infos[i].file }))));
  fs.writeFileSync(path.join(outDir, NOTES_PAGE), page({ title: "The notes, checked", body: notes.body, toc: notes.toc, figures: false, edition }));
  const nm = path.join(ROOT, "node_modules");
  copy(path.join(nm, "katex/dist/katex.min.css"), path.join(outDir, "assets/katex/katex.min.css"));
  copy(path.join(nm, "katex/dist/fonts"), path.join(outDir, "assets/katex/fonts"));
  copy(path.join(nm, "highlight.js/styles/github.min.css"), path.join(outDir, "assets/hljs.css"));
  writePlotly(path.join(outDir, "vendor/plotly.min.js"));
  copy(path.join(nm, "minisearch/dist/umd/index.js"), path.join(outDir, "vendor/minisearch.js"));
  fs.writeFileSync(path.join(outDir, "assets/course.css"), CSS);
  fs.copyFileSync(path.join(__dirname, "site.js"), path.join(outDir, "assets/site.js"));
  fs.writeFileSync(path.join(outDir, "assets/search-index.js"), searchIndex(lessons, infos));
  buildLiveRuntime(outDir); // assets/live/: lessons run in the page
  buildPlayground(outDir); // playground/: the same src/ core, bundled for the browser
  if (edition === "teacher") {
    const play = path.join(outDir, "playground/index.html");
    fs.writeFileSync(play, fs.readFileSync(play, "utf8").replace(/<body([^>]*)>/, `<body$1>\n${TEACHER_BANNER.replace('<div class="edition-banner"', '<div class="edition-banner" style="background:#fff3cd;padding:.4rem 1rem;border-bottom:1px solid #e0c060"')}`));
  }
  return infos;
}
