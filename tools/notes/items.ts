// The items of the lecture notes (docs/notes/items.json): every formula and claim, in the notes'
// order, as transcribed, as the course reads it, and the correction where the transcription is
// garbled. Loaded and validated here; the notes page, the index notebook and the tests read it.
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "../lib/paths";

export const ITEMS_FILE = path.join(ROOT, "docs", "notes", "items.json");

export interface NoteItem {
  /** Stable, kebab-case: lessons link to `index.ipynb#note-<id>` and tag cells with it. */
  id: string;
  /** The part of the notes the item belongs to (consecutive items share it). */
  part: string;
  /** The notes' text as transcribed (markdown with $…$ / $$…$$), garbling and all. */
  transcribed: string;
  /** What the course reads it as (markdown with math): one reading, used everywhere. */
  reading: string;
  /** What was wrong with the transcription and how the reading fixes it; null when nothing was. */
  correction: string | null;
}

export const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Throws naming the file, the item and the field when the items file is malformed. */
export function validateItems(data: unknown, file = ITEMS_FILE): NoteItem[] {
  const where = path.relative(ROOT, file);
  const list = (data as { items?: unknown })?.items;
  if (!Array.isArray(list) || list.length === 0) throw new Error(`${where}: expected {"items": [ … ]} with at least one item`);
  const seen = new Set<string>();
  list.forEach((raw, k) => {
    const it = raw as Record<string, unknown>;
    const name = `${where}: item ${k + 1}${typeof it?.id === "string" ? ` (${it.id})` : ""}`;
    if (typeof it?.id !== "string" || !ID_PATTERN.test(it.id)) throw new Error(`${name}: "id" must be kebab-case (a-z, 0-9, single dashes)`);
    if (seen.has(it.id)) throw new Error(`${name}: the id "${it.id}" is used twice`);
    seen.add(it.id);
    for (const field of ["part", "transcribed", "reading"]) {
      if (typeof it[field] !== "string" || (it[field] as string).trim() === "") throw new Error(`${name}: "${field}" must be a non-empty string`);
    }
    if (!(it.correction === null || (typeof it.correction === "string" && it.correction.trim() !== ""))) {
      throw new Error(`${name}: "correction" must be a non-empty string or null`);
    }
    const extra = Object.keys(it).filter((f) => !["id", "part", "transcribed", "reading", "correction"].includes(f));
    if (extra.length) throw new Error(`${name}: unknown field(s) ${extra.join(", ")}`);
  });
  return list as NoteItem[];
}

export function loadItems(file = ITEMS_FILE): NoteItem[] {
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(`${path.relative(ROOT, file)}: not readable JSON (${(e as Error).message})`);
  }
  return validateItems(data, file);
}

/** The items grouped by part, in order. */
export function parts(items: NoteItem[]): { part: string; items: NoteItem[] }[] {
  const out: { part: string; items: NoteItem[] }[] = [];
  for (const it of items) {
    if (out.length && out[out.length - 1].part === it.part) out[out.length - 1].items.push(it);
    else out.push({ part: it.part, items: [it] });
  }
  return out;
}

/** The anchor of an item in the index notebook and on the notes page. */
export const noteAnchor = (id: string) => `note-${id}`;
