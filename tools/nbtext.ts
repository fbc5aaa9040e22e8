// Authoring aid: convert a lesson between .ipynb and a plain-text form that is easy to write and
// review, then back. The .ipynb in notebooks/ stays the source of truth (students open it).
//   tsx tools/nbtext.ts to-text notebooks/01-x.ipynb > /tmp/01.txt
//   tsx tools/nbtext.ts to-ipynb /tmp/01.txt notebooks/01-x.ipynb
// Text form: cells separated by a line `%% md` or `%% code` (optionally `%% code id=NAME`), which may
// also carry the cell's course metadata as `key=value` (lists comma-separated), e.g.
//   %% code id=stack nn-teaches=layer-w nn-checks=layer-w,layer-z
// (nn-teaches / nn-checks: the items of the notes a cell teaches or backs, docs/notes/README.md;
// nn-list: the name of the counted list a cell holds, docs/lesson-authoring.md).
import * as fs from "node:fs";
import type { ICellMetadata } from "@jupyterlab/nbformat";
import { courseNotebook, isCode, readNotebook, text, writeNotebook, type Notebook } from "./lib/notebook";

const SEP = /^%% (md|code)((?: [a-z][a-z-]*=\S+)*)\s*$/;
/** Cell metadata carried by the text form; the list-valued keys are written comma-separated. */
const LIST_KEYS = ["nn-teaches", "nn-checks"];
const STRING_KEYS = ["nn-list"];

function headerFields(fields: string, line: string): { id?: string; metadata: Partial<ICellMetadata> } {
  const metadata: Partial<ICellMetadata> = {};
  let id: string | undefined;
  for (const tok of fields.trim().split(/ +/).filter(Boolean)) {
    const [key, value] = [tok.slice(0, tok.indexOf("=")), tok.slice(tok.indexOf("=") + 1)];
    if (key === "id") id = value;
    else if (LIST_KEYS.includes(key)) metadata[key] = value.split(",").filter(Boolean);
    else if (STRING_KEYS.includes(key)) metadata[key] = value;
    else throw new Error(`nbtext: unknown field "${key}" in "${line}" (known: id, ${[...LIST_KEYS, ...STRING_KEYS].join(", ")})`);
  }
  return { id, metadata };
}

function headerOf(metadata: Record<string, unknown> | undefined): string {
  const parts: string[] = [];
  for (const key of [...LIST_KEYS, ...STRING_KEYS]) {
    const v = metadata?.[key];
    if (Array.isArray(v) && v.length) parts.push(`${key}=${v.join(",")}`);
    else if (typeof v === "string" && v) parts.push(`${key}=${v}`);
  }
  return parts.map((p) => ` ${p}`).join("");
}

export function notebookFromText(src: string): Notebook {
  const cells: Notebook["cells"] = [];
  let cur: { kind: string; id?: string; metadata: Partial<ICellMetadata>; lines: string[] } | null = null;
  const flush = () => {
    if (!cur) return;
    while (cur.lines.length && cur.lines[cur.lines.length - 1].trim() === "") cur.lines.pop();
    while (cur.lines.length && cur.lines[0].trim() === "") cur.lines.shift();
    const source = cur.lines.join("\n");
    const id = cur.id ?? `c${String(cells.length + 1).padStart(2, "0")}`;
    cells.push(cur.kind === "md"
      ? { cell_type: "markdown", id, metadata: cur.metadata, source }
      : { cell_type: "code", id, metadata: cur.metadata, source, outputs: [], execution_count: null });
  };
  for (const line of src.split("\n")) {
    const m = line.match(SEP);
    if (m) {
      flush();
      cur = { kind: m[1], ...headerFields(m[2], line), lines: [] };
    } else if (/^%% (md|code)\b/.test(line)) {
      throw new Error(`nbtext: cannot read the cell header "${line}" (expected "%% md" or "%% code", then id=NAME and key=value fields)`);
    } else if (cur) cur.lines.push(line);
    else if (line.trim()) throw new Error(`nbtext: text before the first "%% md" / "%% code" line: ${line}`);
  }
  flush();
  const ids = new Set<string>();
  for (const c of cells) {
    if (ids.has(c.id as string)) throw new Error(`nbtext: duplicate cell id ${c.id}`);
    ids.add(c.id as string);
  }
  return courseNotebook(cells);
}

export function textFromNotebook(nb: Notebook): string {
  return nb.cells
    .map((c) => `%% ${isCode(c) ? "code" : "md"}${c.id ? ` id=${c.id}` : ""}${headerOf(c.metadata as Record<string, unknown>)}\n${text(c.source)}\n`)
    .join("\n");
}

if (require.main === module) {
  const [cmd, a, b] = process.argv.slice(2);
  if (cmd === "to-text" && a) process.stdout.write(textFromNotebook(readNotebook(a)));
  else if (cmd === "to-ipynb" && a && b) writeNotebook(b, notebookFromText(fs.readFileSync(a, "utf8")));
  else {
    console.error("usage: tsx tools/nbtext.ts to-text NB.ipynb | to-ipynb IN.txt OUT.ipynb");
    process.exit(2);
  }
}
