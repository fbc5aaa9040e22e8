// The notes traced, checked: every item of the notes is taught by a lesson cell ("nn-teaches") and
// backed by a cell ("nn-checks") that prints at least one ✓ line in the executed lesson; every tag
// names an item; every link index.ipynb#note-<id> names an item; and a lesson speaks of "the notes"
// or "the transcription" only inside such a link (a reader who never saw the notes follows every
// lesson; the remarks about the transcription live on the notes page).
import { text, type Notebook } from "../lib/notebook";
import type { NoteItem } from "./items";
import { linksOf } from "./markdown";
import { cellTags, checkLines, CHECKS, TEACHES } from "./trace";

export interface CoverageFinding {
  /** The lesson's base name, or "" for a finding about an item. */
  lesson: string;
  cell: string;
  rule: "tag" | "taught" | "checked" | "check-prints" | "note-link" | "mention";
  message: string;
}

export interface CoverageLesson {
  base: string;
  /** The committed lesson (its cell metadata is the source of truth). */
  notebook: Notebook;
  /** The executed copy (same cells, with outputs), or null when only static rules are wanted. */
  executed: Notebook | null;
}

/** Words that speak of the notes: "the notes", "the lecture notes", "the notes'", "transcription", "transcribed". */
export const MENTION_OF_NOTES = /\b(?:the\s+(?:lecture\s+|handwritten\s+)?notes\b'?|transcri(?:ption|bed|pts?)\b)/gi;
const NOTE_LINK = /^(?:\.\/)?index\.ipynb#note-([a-z0-9-]+)$/;

/** Mentions of the notes in a cell outside note links (in code cells: anywhere in the source). */
export function strayMentions(source: string, markdown: boolean): string[] {
  let s = source;
  if (markdown) {
    // Blank what may speak of the notes: the text of links to a note item.
    for (const l of linksOf(source).reverse()) if (NOTE_LINK.test(l.target)) s = s.slice(0, l.start) + " ".repeat(l.end - l.start) + s.slice(l.end);
  }
  return [...s.matchAll(MENTION_OF_NOTES)].map((m) => {
    const a = Math.max(0, m.index! - 40);
    return s.slice(a, m.index! + m[0].length + 40).replace(/\s+/g, " ").trim();
  });
}

export function coverageFindings(items: NoteItem[], lessons: CoverageLesson[]): CoverageFinding[] {
  const out: CoverageFinding[] = [];
  const ids = new Set(items.map((i) => i.id));
  const taught = new Set<string>();
  const checked = new Set<string>();
  for (const l of lessons) {
    const where = `${l.base}.ipynb`;
    l.notebook.cells.forEach((cell, i) => {
      const cid = String(cell.id);
      let tags: { teaches: string[]; checks: string[] };
      try {
        tags = cellTags(cell, where);
      } catch (e) {
        out.push({ lesson: l.base, cell: cid, rule: "tag", message: (e as Error).message });
        tags = { teaches: [], checks: [] };
      }
      for (const [key, list] of [[TEACHES, tags.teaches], [CHECKS, tags.checks]] as const) {
        for (const id of list) if (!ids.has(id)) out.push({ lesson: l.base, cell: cid, rule: "tag", message: `"${key}" names "${id}", which is not an item of docs/notes/items.json` });
      }
      tags.teaches.forEach((id) => taught.add(id));
      if (tags.checks.length) {
        if (cell.cell_type !== "code") out.push({ lesson: l.base, cell: cid, rule: "tag", message: `"${CHECKS}" is on a markdown cell; it belongs on the code cell whose ✓ lines back the item` });
        else if (l.executed) {
          const printed = checkLines(l.executed.cells.find((c) => c.id === cell.id) ?? l.executed.cells[i]);
          if (printed.length) tags.checks.forEach((id) => checked.add(id));
          else out.push({ lesson: l.base, cell: cid, rule: "check-prints", message: `tagged "${CHECKS}": ${tags.checks.join(", ")}, but printed no ✓ line when executed` });
        }
      }
      const src = text(cell.source);
      if (cell.cell_type === "markdown") {
        for (const link of linksOf(src)) {
          const m = link.target.match(NOTE_LINK);
          if (m && !ids.has(m[1])) out.push({ lesson: l.base, cell: cid, rule: "note-link", message: `link to ${link.target}: no item "${m[1]}" in docs/notes/items.json` });
          else if (!m && /^(?:\.\/)?index\.ipynb#/.test(link.target) && link.target !== "index.ipynb#notes-checked") {
            out.push({ lesson: l.base, cell: cid, rule: "note-link", message: `link to ${link.target}: the index's anchors are #note-<item id>` });
          }
        }
      }
      if (cell.id === "nav") return;
      for (const ctx of strayMentions(src, cell.cell_type === "markdown")) {
        out.push({
          lesson: l.base, cell: cid, rule: "mention",
          message: cell.cell_type === "markdown"
            ? `speaks of the notes outside a link to a note item: "…${ctx}…" (say it for a reader without the notes, or make the words a link [..](index.ipynb#note-<id>))`
            : `code speaks of the notes (a code cell cannot link to a note item): "…${ctx}…"`,
        });
      }
    });
  }
  const complete = lessons.every((l) => l.executed);
  for (const it of items) {
    if (!taught.has(it.id)) out.push({ lesson: "", cell: it.id, rule: "taught", message: `item "${it.id}" (${it.part}) is taught by no lesson cell (tag one "${TEACHES}": ["${it.id}"])` });
    if (complete && !checked.has(it.id)) out.push({ lesson: "", cell: it.id, rule: "checked", message: `item "${it.id}" (${it.part}) is backed by no check (tag a code cell that prints ✓ lines "${CHECKS}": ["${it.id}"])` });
  }
  return out;
}
