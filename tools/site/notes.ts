// The site's page "The notes, checked" (notes.html): every item of the lecture notes
// (docs/notes/items.json) in their order, with the notes' text as transcribed, the course's reading,
// the correction, the lesson section that teaches it and the ✓ lines that back it, each with the
// difference it measured in this build (read from the executed lessons). Lessons link here through
// index.ipynb#note-<id>, which the site rewrites to notes.html#note-<id>.
import * as path from "node:path";
import { loadItems, noteAnchor, parts, type NoteItem } from "../notes/items";
import { checkLines, traceLessons, type CellRef, type CheckLine, type Lesson } from "../notes/trace";
import type { Notebook } from "../lib/notebook";
import { escapeHtml, inlineMarkdown, markdownToHtml } from "./render";

export const NOTES_PAGE = "notes.html";

export interface NotesPageLesson {
  /** notebooks/03-layer-matrix-form.ipynb */
  source: string;
  notebook: Notebook;
  /** From the site's LessonInfo. */
  title: string;
  /** 03-layer-matrix-form.html */
  page: string;
}

const STYLE = `<style>
.note { border-top: 1px solid #ddd; padding: 0.6em 0 0.4em; }
.note h3 { font-size: 1rem; margin: 0 0 0.3em; }
.note h3 .id { font-family: monospace; font-weight: normal; color: #555; }
.note .label { font-weight: 600; margin-right: 0.4em; }
.note .transcribed { background: #f6f6f2; border-left: 3px solid #c9c2a0; padding: 0.1em 0.8em; }
.note .missing { color: #b00020; font-weight: 600; }
.note ul.checks { list-style: none; padding-left: 0.4em; margin: 0.2em 0; }
.note ul.checks li { margin: 0.15em 0; }
.note .measured { font-family: monospace; color: #2e6b30; overflow-wrap: anywhere; }
.note .katex-display { overflow-x: auto; overflow-y: hidden; max-width: 100%; }
</style>`;

function lessonRef(l: NotesPageLesson): Lesson {
  const base = path.basename(l.source, ".ipynb");
  return { number: base.slice(0, 2), base, title: l.title, notebook: l.notebook };
}

function sectionLink(ref: CellRef, pageOf: Map<string, string>): string {
  const page = pageOf.get(ref.lesson.base)!;
  const label = `${ref.lesson.number} · ${escapeHtml(ref.lesson.title)}`;
  if (!ref.heading || ref.heading.level === 1) return `<a href="${page}#md-${escapeHtml(ref.cellId)}">${label}</a>`;
  return `<a href="${page}#md-${escapeHtml(ref.heading.cellId)}">${label} › ${inlineMarkdown(ref.heading.markdown)}</a>`;
}

function measured(c: CheckLine): string {
  if (c.measured) return `<span class="measured">${escapeHtml(c.measured.kind)} = ${escapeHtml(c.measured.valueText)} ≤ ${escapeHtml(c.measured.toleranceText)}</span>`;
  return "";
}

function itemHtml(item: NoteItem, n: number, teaches: CellRef[], checks: CellRef[], pageOf: Map<string, string>): string {
  const taught = teaches.length
    ? teaches.map((r) => sectionLink(r, pageOf)).filter((s, k, a) => a.indexOf(s) === k).join("; ")
    : `<span class="missing">not yet taught in any lesson</span>`;
  const lines = checks.flatMap((ref) => {
    const page = pageOf.get(ref.lesson.base)!;
    const found = checkLines(ref.lesson.notebook.cells[ref.cellIndex]);
    const where = `<a href="${page}#cell-${escapeHtml(ref.cellId)}">${ref.lesson.number}</a>`;
    if (!found.length) return [`<li><span class="missing">cell ${escapeHtml(ref.cellId)} of lesson ${where} printed no ✓ line</span></li>`];
    return found.map((c) => `<li>✓ ${escapeHtml(c.name)} ${measured(c)} <small>(lesson ${where})</small></li>`);
  });
  return `<article class="note" id="${noteAnchor(item.id)}">
<h3><a href="#${noteAnchor(item.id)}">${n}.</a> <span class="id">${escapeHtml(item.id)}</span></h3>
<div class="transcribed"><span class="label">As transcribed</span>${markdownToHtml(item.transcribed)}</div>
<div class="reading"><span class="label">Read as</span>${markdownToHtml(item.reading)}</div>
${item.correction ? `<div class="correction"><span class="label">Correction</span>${markdownToHtml(item.correction)}</div>` : ""}
<p class="taught"><span class="label">Taught in</span>${taught}</p>
<div class="checked"><span class="label">Checked by</span>${lines.length ? `<ul class="checks">${lines.join("\n")}</ul>` : `<span class="missing">no check yet</span>`}</div>
</article>`;
}

/** The body of notes.html, from the executed lessons of this build. */
export function notesPageBody(lessons: NotesPageLesson[], items: NoteItem[] = loadItems()): string {
  const refs = lessons.map(lessonRef);
  const pageOf = new Map(refs.map((r, i) => [r.base, lessons[i].page]));
  const { teaches, checks } = traceLessons(refs);
  const taught = items.filter((it) => teaches.has(it.id)).length;
  const checked = items.filter((it) => (checks.get(it.id) ?? []).some((r) => checkLines(r.lesson.notebook.cells[r.cellIndex]).length > 0)).length;
  let n = 0;
  const body = parts(items)
    .map((p) => `<section class="notes-part">\n<h2>${escapeHtml(p.part)}</h2>\n${p.items.map((it) => itemHtml(it, ++n, teaches.get(it.id) ?? [], checks.get(it.id) ?? [], pageOf)).join("\n")}\n</section>`)
    .join("\n");
  return `${STYLE}
<h1>The notes, checked</h1>
<p class="lede">The course follows a set of handwritten lecture notes. Here is every formula and claim in them, in their order: the notes' text as transcribed (with the transcription's slips), the one reading the lessons use, the correction where the transcription is garbled, the lesson section that teaches it, and the checks that back it with the difference each one measured when this site was built.</p>
<p class="notes-summary"><strong>${items.length}</strong> items · <strong>${taught}</strong> taught in a lesson · <strong>${checked}</strong> backed by a ✓ check</p>
${body}`;
}
