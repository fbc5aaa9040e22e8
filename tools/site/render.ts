// Render executed notebooks to static HTML pages: markdown with math typeset at build time (KaTeX,
// so pages need no script to show formulas), highlighted code, and each cell's outputs. Figures are
// the HTML the notebook emitted (src/display.ts), drawn by the one plotly.js the page loads.
import hljs from "highlight.js/lib/core";
import typescript from "highlight.js/lib/languages/typescript";
import type { IOutput } from "@jupyterlab/nbformat";
import { isCode, text, type Notebook } from "../lib/notebook";
import { escapeHtml, markdownToHtml, mergeStreams, outputHtml } from "./outputs";

export { escapeHtml, figureBox, markdownToHtml, siteLinks, splitTopLevel } from "./outputs";

hljs.registerLanguage("typescript", typescript);

export interface LessonInfo {
  file: string; // "01-house-prices.html"
  number: string; // "01"
  title: string; // "Predicting a house's price"
  goal: string; // one line, for the index
}

/**
 * Title: the first H1 without its "NN ·" prefix. Goal (one line, for the index): the first item of
 * the "you will be able to" list every lesson opens with, else the first sentence after the title.
 */
export function lessonInfo(nb: Notebook, number: string, file: string): LessonInfo {
  const first = nb.cells.find((c) => c.cell_type === "markdown");
  const md = first ? text(first.source) : "";
  const h1 = md.match(/^#\s+(.+)$/m);
  const title = h1 ? h1[1].replace(/^\d+\s*[·.:-]\s*/, "").trim() : `Lesson ${number}`;
  const afterTitle = h1 ? md.slice(md.indexOf(h1[0]) + h1[0].length) : md;
  // The first list item, which may wrap over several lines.
  const able = afterTitle.match(/able to[^\n]*\n+\s*[-*]\s+([\s\S]+?)(?=\n\s*[-*]\s|\n\s*\n|$)/);
  if (able) {
    const item = able[1].replace(/\s+/g, " ").trim().replace(/[;.,]$/, "");
    return { file, number, title, goal: item.charAt(0).toUpperCase() + item.slice(1) + "." };
  }
  const para = afterTitle.split(/\n\s*\n/).map((p) => p.trim()).find((p) => p && !p.startsWith("#")) ?? "";
  const flat = para.replace(/\s+/g, " ");
  return { file, number, title, goal: (flat.match(/^.*?[.?!](?=\s|$)/) ?? [flat])[0] };
}

/** Inline markdown (with math) without the surrounding paragraph, e.g. a goal in a list. */
export function inlineMarkdown(md: string): string {
  return markdownToHtml(md).trim().replace(/^<p>|<\/p>$/g, "");
}

/**
 * Highlighted HTML split into lines: a span that runs over a line break (a block comment, a template
 * string) is closed at the end of the line and opened again at the start of the next.
 */
export function highlightedLines(html: string): string[] {
  const lines: string[] = [];
  const open: string[] = [];
  let cur = "";
  for (const tok of html.split(/(<span[^>]*>|<\/span>|\n)/)) {
    if (tok === "\n") {
      lines.push(cur + "</span>".repeat(open.length));
      cur = open.join("");
    } else if (tok.startsWith("<span")) {
      open.push(tok);
      cur += tok;
    } else if (tok === "</span>") {
      open.pop();
      cur += tok;
    } else cur += tok;
  }
  lines.push(cur);
  return lines;
}

/** A code block whose long lines wrap, each continuation row marked (course.css, `.ln`). */
export function codeHtml(code: string): string {
  const hl = hljs.highlight(code, { language: "typescript" }).value;
  // The newline ends each line's span, so a copy of the block is the code as written.
  const lines = highlightedLines(hl).map((l) => `<span class="ln">${l}\n</span>`).join("");
  return `<pre class="code"><code class="hljs language-typescript">${lines}</code></pre>`;
}

/** A code cell's buttons (tools/live/page runs them; assets/site.js loads it on the first click). */
function cellTools(k: number): string {
  const n = k + 1; // cells counted from 1, as Jupyter shows them
  return `<div class="cell-tools"><button type="button" data-action="edit" aria-label="Edit cell ${n}">Edit</button><button type="button" data-action="run" aria-label="Run cell ${n}">Run</button></div>`;
}

/** The bar on top of a lesson page: Run all (the testing hook of issue 15), Stop, and the progress line. */
export const LIVE_BAR = `<div class="live-bar"><button type="button" data-action="run-all">Run all</button><button type="button" data-action="stop" hidden>Stop</button><span class="live-status" role="status">The code cells run in this page: Run all, or Edit and Run one cell.</span></div>`;

/** The body of a lesson page: every cell in order, code with its outputs (markup: docs in course.css). */
export function notebookBody(nb: Notebook): string {
  const parts: string[] = [];
  nb.cells.forEach((c, k) => {
    if (c.id === "nav") return; // the notebook's own prev/next links; pages have theirs
    const id = c.id ? ` id="${c.cell_type === "markdown" ? "md" : "cell"}-${escapeHtml(String(c.id))}"` : "";
    if (c.cell_type === "markdown") {
      parts.push(`<section class="md"${id}>${markdownToHtml(text(c.source))}</section>`);
    } else if (isCode(c)) {
      const code = text(c.source);
      const outs = mergeStreams(c.outputs as IOutput[]).map(outputHtml).join("\n");
      if (!code.trim() && !outs) return;
      // The contract for live pages: div.cell.code[data-cell=K]#cell-<id> > pre.code + div.cell-output.
      parts.push(`<div class="cell code" data-cell="${k}"${id}>${cellTools(k)}${codeHtml(code)}<div class="cell-output">${outs}</div></div>`);
    }
  });
  return parts.join("\n");
}
