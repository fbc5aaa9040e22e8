// A notebook cell's outputs as the site's HTML: streams, errors, figures (drawn later by assets/site.js),
// tables and markdown (marked), LaTeX (KaTeX, typeset here, so a page needs no script to show formulas).
// No Node here: the site build renders the executed outputs with it, and the live pages
// (tools/live/page/) render the outputs of a cell run in the browser with the same code.
import katex from "katex";
import { marked } from "marked";
import type { IOutput, MultilineString } from "@jupyterlab/nbformat";
import { PLOTLY_MIME, text } from "../lib/mime";

export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function tex(src: string, displayMode: boolean): string {
  // throwOnError: a malformed formula must fail the build, not render as red text on the site.
  return katex.renderToString(src, { displayMode, throwOnError: true, strict: "ignore", output: "htmlAndMathml" });
}

/**
 * Markdown with $inline$ and $$display$$ math. Math is cut out before marked sees it (marked would
 * read `_` and `*` inside formulas as emphasis) and typeset after; `\$` is a literal dollar sign.
 */
export function markdownToHtml(md: string): string {
  const math: string[] = [];
  const hold = (html: string) => `\u0000M${math.push(html) - 1}\u0000`;
  // An escaped dollar is a literal "$" in prose and stays "\$" (a dollar sign) inside a formula.
  const DOLLAR = "\u0001";
  const typeset = (m: string, display: boolean) => hold(tex(m.split(DOLLAR).join("\\$"), display));
  let src = md.replace(/\\\$/g, DOLLAR);
  src = src.replace(/\$\$([\s\S]+?)\$\$/g, (_, m: string) => typeset(m.trim(), true));
  // Inline math may wrap onto the next line (as Jupyter allows), but never across a blank line.
  src = src.replace(/\$((?:[^$\n]|\n(?![ \t]*\n))+?)\$/g, (_, m: string) => typeset(m, false));
  if (src.includes("$")) {
    const line = src.split("\n").find((l) => l.includes("$")) ?? "";
    throw new Error(`unbalanced $ in markdown (write \\$ for a dollar sign): ${line.slice(0, 100)}`);
  }
  // A wide table scrolls in its own box instead of pushing the page wider (a phone).
  const html = siteLinks((marked.parse(src, { async: false }) as string).replace(/<table>[\s\S]*?<\/table>/g, (t) => `<div class="table-wrap">${t}</div>`));
  return html.split(DOLLAR).join("$").replace(/\u0000M(\d+)\u0000/g, (_, i: string) => math[Number(i)]);
}

/** `src` cut at each `sep` outside braces and \\begin..\\end environments (trimmed, empty parts dropped). */
export function splitTopLevel(src: string, sep: string): string[] {
  const parts: string[] = [];
  let depth = 0, env = 0, start = 0;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (ch === "\\" && src.startsWith("\\begin{", i)) env++;
    else if (ch === "\\" && src.startsWith("\\end{", i)) env--;
    if (ch === "\\" && src.startsWith(sep, i) && depth === 0 && env === 0 && !/[A-Za-z]/.test(src[i + sep.length] ?? "")) {
      parts.push(src.slice(start, i));
      start = i + sep.length;
      i += sep.length - 1;
      continue;
    }
    if (ch === "\\") { i++; continue; } // an escaped character (\{, \\) is not a brace
    if (ch === "{") depth++;
    else if (ch === "}") depth--;
  }
  parts.push(src.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p !== "");
}

interface FigureJson { data: unknown[]; layout: { title?: { text?: string } | string; height?: number } }

/**
 * A figure as the site shows it: a box of the figure's height holding its still image (when the build
 * made one), then its plotly JSON; assets/site.js draws it when it scrolls into view. `html` is the
 * notebook's own HTML for it, read for the figure's id and still image only.
 */
export function figureBox(fig: FigureJson, html: string): string {
  const id = html.match(/<div id="(nn-fig-[^"]+)"/)?.[1] ?? `nn-fig-${figureCount++}`;
  const t = fig.layout.title;
  const title = (typeof t === "string" ? t : t?.text) ?? "figure";
  const height = typeof fig.layout.height === "number" ? fig.layout.height : 380;
  const src = html.match(/<img class="nn-figure-static"[^>]*\ssrc="([^"]+)"/)?.[1];
  const img = src ? `<img class="nn-figure-static" alt="${escapeHtml(title.replace(/<[^>]*>/g, ""))}" src="${src}">` : "";
  const json = JSON.stringify(fig).replace(/<\//g, "<\\/");
  return `<div class="out figure"><div id="${id}" class="nn-figure" data-fig style="height:${height}px">${img}</div><script type="application/json">${json}</script></div>`;
}
let figureCount = 0;

export function outputHtml(o: IOutput): string {
  if (o.output_type === "stream") {
    return `<pre class="out ${o.name === "stderr" ? "stderr" : "stdout"}">${escapeHtml(text(o.text as MultilineString))}</pre>`;
  }
  if (o.output_type === "error") {
    return `<pre class="out stderr">${escapeHtml(`${o.ename}: ${o.evalue}`)}</pre>`;
  }
  const data = (o as { data?: Record<string, unknown> }).data ?? {};
  if (PLOTLY_MIME in data) return figureBox(data[PLOTLY_MIME] as FigureJson, text(data["text/html"] as MultilineString));
  if ("text/html" in data) return `<div class="out html">${text(data["text/html"] as MultilineString)}</div>`;
  if ("text/markdown" in data) return `<div class="out md">${markdownToHtml(text(data["text/markdown"] as MultilineString))}</div>`;
  if ("text/latex" in data) {
    const t = text(data["text/latex"] as MultilineString).trim().replace(/^\$\$?|\$\$?$/g, "");
    const parts = splitTopLevel(t, "\\qquad");
    // Side-by-side matrices (showMatrices) become one box each, which wrap onto the next line.
    if (parts.length > 1) return `<div class="out latex side-by-side">${parts.map((p) => `<div class="part">${tex(p, true)}</div>`).join("")}</div>`;
    return `<div class="out latex">${tex(t, true)}</div>`;
  }
  if ("image/png" in data) return `<img class="out" alt="figure" src="data:image/png;base64,${text(data["image/png"] as MultilineString)}">`;
  if ("image/svg+xml" in data) return `<div class="out">${text(data["image/svg+xml"] as MultilineString)}</div>`;
  if ("text/plain" in data) return `<pre class="out stdout">${escapeHtml(text(data["text/plain"] as MultilineString))}</pre>`;
  return "";
}

/**
 * Lessons link to each other as notebooks (`08-backprop.ipynb#cross-entropy`, right in Jupyter) and
 * to the notes items as `index.ipynb#note-<id>`; on the site those are `08-backprop.html#…` and
 * `notes.html#note-<id>` (the notes page holds the items; the site's index does not).
 */
export function siteLinks(html: string): string {
  // A lesson links to a page of the built site (the playground) by its path from notebooks/, which
  // Jupyter opens; on the site the same page is beside the lesson.
  html = html.replace(/href="\.\.\/build\/site\//g, 'href="');
  return html.replace(/href="([^":#]+)\.ipynb(#[^"]*)?"/g, (_m, base: string, hash: string | undefined) => {
    if (base === "index") return hash?.startsWith("#note-") ? `href="notes.html${hash}"` : `href="index.html${hash ?? ""}"`;
    return `href="${base}.html${hash ?? ""}"`;
  });
}

/** Consecutive console.log lines arrive as separate stream outputs; show them as one block. */
export function mergeStreams(outputs: IOutput[]): IOutput[] {
  const merged: IOutput[] = [];
  for (const o of outputs) {
    const last = merged[merged.length - 1];
    if (o.output_type === "stream" && last?.output_type === "stream" && last.name === o.name) {
      merged[merged.length - 1] = { ...last, text: text(last.text as MultilineString) + text(o.text as MultilineString) };
    } else merged.push(o);
  }
  return merged;
}

