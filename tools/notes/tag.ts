// Set the course metadata of lesson cells by script, so that nobody hand-edits notebook JSON:
//   npx tsx tools/notes/tag.ts notebooks/03-layer-matrix-form.ipynb stack --teaches layer-w --checks layer-w,layer-z
//   npx tsx tools/notes/tag.ts notebooks/08-backprop.ipynb summary-eqs --list equations
//   npx tsx tools/notes/tag.ts --apply tags.json [--dir notebooks]
// A flag replaces that key of the cell's metadata (an empty value, e.g. `--checks ""`, removes it).
// tags.json: { "03": { "<cell id>": { "nn-teaches": [...], "nn-checks": [...], "nn-list": "..." } } }.
// Item ids are checked against docs/notes/items.json; nothing is written when anything is wrong.
import * as fs from "node:fs";
import * as path from "node:path";
import { readNotebook, writeNotebook, type Notebook } from "../lib/notebook";
import { lessonFiles, NOTEBOOKS } from "../lib/paths";
import { loadItems } from "./items";
import { CHECKS, TEACHES } from "./trace";

const KEYS: Record<string, string> = { "--teaches": TEACHES, "--checks": CHECKS, "--list": "nn-list" };
type Tags = Record<string, unknown>;

/** Apply `tags` to the cells of `nb` (by cell id); returns the new notebook. Throws naming what is wrong. */
export function applyTags(nb: Notebook, tags: Record<string, Tags>, where: string, itemIds: Set<string>): Notebook {
  const copy = JSON.parse(JSON.stringify(nb)) as Notebook;
  for (const [cellId, fields] of Object.entries(tags)) {
    const cell = copy.cells.find((c) => c.id === cellId);
    if (!cell) throw new Error(`${where}: no cell with id "${cellId}" (ids: ${copy.cells.map((c) => c.id).join(", ")})`);
    for (const [key, value] of Object.entries(fields)) {
      if (![TEACHES, CHECKS, "nn-list"].includes(key)) throw new Error(`${where}, cell ${cellId}: unknown key "${key}"`);
      const meta = (cell.metadata ??= {}) as Record<string, unknown>;
      const empty = value === "" || (Array.isArray(value) && value.length === 0) || value === null;
      if (key === TEACHES || key === CHECKS) {
        if (!empty && (!Array.isArray(value) || !value.every((v) => typeof v === "string"))) throw new Error(`${where}, cell ${cellId}: "${key}" must be a list of item ids`);
        const unknown = empty ? [] : (value as string[]).filter((v) => !itemIds.has(v));
        if (unknown.length) throw new Error(`${where}, cell ${cellId}: unknown item id(s) ${unknown.join(", ")} (see docs/notes/items.json)`);
        if (key === CHECKS && !empty && cell.cell_type !== "code") throw new Error(`${where}, cell ${cellId}: "${CHECKS}" belongs on a code cell (the ✓ lines it prints)`);
      }
      if (empty) delete meta[key];
      else meta[key] = value;
    }
  }
  return copy;
}

function lessonFile(number: string, dir: string): string {
  const f = lessonFiles(dir).find((x) => path.basename(x).startsWith(number.padStart(2, "0")));
  if (!f) throw new Error(`no lesson ${number} in ${dir}`);
  return f;
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const ids = new Set(loadItems().map((i) => i.id));
  try {
    if (args[0] === "--apply") {
      const dir = args.includes("--dir") ? path.resolve(args[args.indexOf("--dir") + 1]) : NOTEBOOKS;
      const all = JSON.parse(fs.readFileSync(args[1], "utf8")) as Record<string, Record<string, Tags>>;
      const out = Object.entries(all).map(([number, tags]) => {
        const f = lessonFile(number, dir);
        return [f, applyTags(readNotebook(f), tags, path.basename(f), ids)] as const;
      });
      for (const [f, nb] of out) writeNotebook(f, nb);
      console.log(`tagged ${out.length} lesson(s)`);
    } else {
      const [file, cellId, ...rest] = args;
      if (!file || !cellId || rest.length % 2) throw new Error("usage: tag.ts NB.ipynb CELL-ID [--teaches a,b] [--checks c] [--list name] | --apply tags.json [--dir DIR]");
      const fields: Tags = {};
      for (let k = 0; k < rest.length; k += 2) {
        const key = KEYS[rest[k]];
        if (!key) throw new Error(`unknown flag ${rest[k]} (use --teaches, --checks or --list)`);
        fields[key] = key === "nn-list" ? rest[k + 1] : rest[k + 1].split(",").filter(Boolean);
      }
      writeNotebook(file, applyTags(readNotebook(file), { [cellId]: fields }, path.basename(file), ids));
      console.log(`${path.basename(file)}, cell ${cellId}: ${JSON.stringify(fields)}`);
    }
  } catch (e) {
    console.error(`tag: ${(e as Error).message}`);
    process.exit(1);
  }
}
