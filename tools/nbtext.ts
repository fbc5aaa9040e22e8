// Authoring aid: convert a lesson between .ipynb and a plain-text form that is easy to write and
// review, then back. The .ipynb in notebooks/ stays the source of truth (students open it).
//   tsx tools/nbtext.ts to-text notebooks/01-x.ipynb > /tmp/01.txt
//   tsx tools/nbtext.ts to-ipynb /tmp/01.txt notebooks/01-x.ipynb
// Text form: cells separated by a line `%% md` or `%% code` (optionally `%% code id=NAME`).
import * as fs from "node:fs";
import { courseNotebook, isCode, readNotebook, text, writeNotebook, type Notebook } from "./lib/notebook";

const SEP = /^%% (md|code)(?: id=(\S+))?\s*$/;

export function notebookFromText(src: string): Notebook {
  const cells: Notebook["cells"] = [];
  let cur: { kind: string; id?: string; lines: string[] } | null = null;
  const flush = () => {
    if (!cur) return;
    while (cur.lines.length && cur.lines[cur.lines.length - 1].trim() === "") cur.lines.pop();
    while (cur.lines.length && cur.lines[0].trim() === "") cur.lines.shift();
    const source = cur.lines.join("\n");
    const id = cur.id ?? `c${String(cells.length + 1).padStart(2, "0")}`;
    cells.push(cur.kind === "md"
      ? { cell_type: "markdown", id, metadata: {}, source }
      : { cell_type: "code", id, metadata: {}, source, outputs: [], execution_count: null });
  };
  for (const line of src.split("\n")) {
    const m = line.match(SEP);
    if (m) {
      flush();
      cur = { kind: m[1], id: m[2], lines: [] };
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
  return nb.cells.map((c) => `%% ${isCode(c) ? "code" : "md"}${c.id ? ` id=${c.id}` : ""}\n${text(c.source)}\n`).join("\n");
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
