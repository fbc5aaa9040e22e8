// Check the lessons' prose against the notes and against their own outputs, and print what to fix:
//   npx tsx tools/notes/check.ts            every lesson (executes the ones whose kept copy is stale)
//   npx tsx tools/notes/check.ts 03 05      lessons 03 and 05 (item coverage is then not reported)
// The same rules as test/lessons-prose/*.test.ts (docs/lesson-authoring.md, "Prose the build checks").
import * as fs from "node:fs";
import * as path from "node:path";
import type { IOutput, MultilineString } from "@jupyterlab/nbformat";
import { isCode, PLOTLY_MIME, readNotebook, text, type Notebook } from "../lib/notebook";
import { lessonFiles, ROOT } from "../lib/paths";
import { lessonInfo } from "../site/render";
import { coverageFindings } from "./coverage";
import { executedLessons } from "./executed";
import { loadItems } from "./items";
import { allowed, outputNumbers, proseNumbers, shown, type AllowedNumber } from "./numbers";
import { xrefFindings, type LessonDoc } from "./xrefs";

export const ALLOWED_NUMBERS_FILE = path.join(ROOT, "test", "lessons-prose", "allowed-numbers.json");

/** The definitional constants each lesson may state without an output showing them, by lesson number. */
export function loadAllowedNumbers(file = ALLOWED_NUMBERS_FILE): Record<string, AllowedNumber[]> {
  const data = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
  const out: Record<string, AllowedNumber[]> = {};
  for (const [key, list] of Object.entries(data)) {
    if (key.startsWith("//")) continue;
    if (!/^\d\d$/.test(key) || !Array.isArray(list)) throw new Error(`${path.relative(ROOT, file)}: expected "NN": [{ "number": "…", "reason": "…" }], got key "${key}"`);
    for (const a of list as AllowedNumber[]) {
      if (typeof a?.number !== "string" || typeof a?.reason !== "string" || a.reason.trim().length < 10) {
        throw new Error(`${path.relative(ROOT, file)}: lesson ${key}: every entry needs "number" and a "reason" (a few words on why it is a definition, not a result)`);
      }
    }
    out[key] = list as AllowedNumber[];
  }
  return out;
}

/** The text of every output of a lesson that a reader sees as text (figures' data excluded). */
export function outputTexts(nb: Notebook): string[] {
  const out: string[] = [];
  for (const c of nb.cells) {
    if (!isCode(c)) continue;
    for (const o of c.outputs as IOutput[]) {
      if (o.output_type === "stream") out.push(text(o.text as MultilineString));
      else if (o.output_type === "error") out.push(`${o.ename}: ${o.evalue}`);
      else {
        const data = (o as { data?: Record<string, unknown> }).data ?? {};
        if (PLOTLY_MIME in data) continue;
        for (const mime of ["text/markdown", "text/latex", "text/html", "text/plain"]) {
          if (mime in data) {
            out.push(text(data[mime] as MultilineString));
            break;
          }
        }
      }
    }
  }
  return out;
}

export interface NumberFinding {
  cell: string;
  message: string;
}

/** Prose numbers no output shows and no allowlist entry covers; and allowlist entries nothing uses. */
export function numberFindings(committed: Notebook, executed: Notebook, allowedHere: AllowedNumber[]): NumberFinding[] {
  const outs = outputNumbers(outputTexts(executed));
  const out: NumberFinding[] = [];
  const used = new Set<AllowedNumber>();
  let exercises = false;
  for (const cell of committed.cells) {
    if (cell.cell_type !== "markdown" || cell.id === "nav" || exercises) continue;
    const md = text(cell.source);
    if (/^#{1,6}\s+Exercises\b/m.test(md)) exercises = true;
    for (const p of proseNumbers(md)) {
      if (shown(p, outs)) continue;
      const a = allowed(p, allowedHere);
      if (a) {
        used.add(a);
        continue;
      }
      out.push({ cell: String(cell.id), message: `${p.text} (${p.why.join(", ")}) is shown by no output: "…${p.context}…"` });
    }
  }
  for (const a of allowedHere) if (!used.has(a)) out.push({ cell: "-", message: `allowed-numbers.json lists ${a.number} ("${a.reason}") but the prose no longer needs it: remove it` });
  return out;
}

export function lessonDocs(files: string[]): LessonDoc[] {
  return files.map((f) => {
    const nb = readNotebook(f);
    const base = path.basename(f, ".ipynb");
    return { number: base.slice(0, 2), base, title: lessonInfo(nb, base.slice(0, 2), base).title, notebook: nb };
  });
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const all = lessonFiles();
  const files = only.length ? all.filter((f) => only.some((n) => path.basename(f).startsWith(n.padStart(2, "0")))) : all;
  const docs = lessonDocs(all);
  const executed = await executedLessons(files, { log: (l) => console.error(l) });
  const allowedAll = loadAllowedNumbers();
  const cov = coverageFindings(loadItems(), files.map((f, i) => ({ base: path.basename(f, ".ipynb"), notebook: readNotebook(f), executed: executed[i] })));
  let total = 0;
  files.forEach((f, i) => {
    const doc = docs.find((d) => d.base === path.basename(f, ".ipynb"))!;
    const lines = [
      ...cov.filter((c) => c.lesson === doc.base).map((c) => `  [${c.rule}] cell ${c.cell}: ${c.message}`),
      ...numberFindings(doc.notebook, executed[i], allowedAll[doc.number] ?? []).map((n) => `  [number] cell ${n.cell}: ${n.message}`),
      ...xrefFindings(doc, docs).map((x) => `  [${x.rule}] cell ${x.cell}: ${x.message}`),
    ];
    total += lines.length;
    console.log(`${doc.base}: ${lines.length ? `${lines.length} to fix` : "ok"}`);
    for (const l of lines) console.log(l);
  });
  if (!only.length) {
    const items = cov.filter((c) => c.lesson === "");
    total += items.length;
    console.log(`items of the notes: ${items.length ? `${items.length} to fix` : "ok"}`);
    for (const c of items) console.log(`  [${c.rule}] ${c.message}`);
  }
  process.exit(total ? 1 : 0);
}

if (require.main === module) {
  main().catch((e) => {
    console.error(`notes check: ${(e as Error).message}`);
    process.exit(2);
  });
}
