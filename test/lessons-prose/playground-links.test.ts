// A lesson's "try it in the playground" links open set-ups whose claims are measured: every playground
// link in a lesson's markdown is one of the links of docs/playground-links.md, which
// tools/playground/lesson-links.ts generates by running each set-up (test/playground.test.ts fails when
// that file is not what the generator prints). Lessons 05, 07, 09 and 10 must have at least one.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { readNotebook, text } from "../../tools/lib/notebook";
import { lessonFiles, ROOT } from "../../tools/lib/paths";

const LINK = /\]\(\.\.\/build\/site\/playground\/index\.html(#[^)\s]*)?\)/g;
const measured = new Set([...fs.readFileSync(path.join(ROOT, "docs", "playground-links.md"), "utf8").matchAll(LINK)].map((m) => m[1]));
const MUST = ["05", "07", "09", "10"];

describe("links from the lessons to the playground", () => {
  for (const f of lessonFiles()) {
    const base = path.basename(f, ".ipynb");
    const md = readNotebook(f).cells.filter((c) => c.cell_type === "markdown").map((c) => text(c.source)).join("\n");
    const hashes = [...md.matchAll(LINK)].map((m) => m[1]).filter((h): h is string => !!h);
    it(`${base}: every playground set-up it links is a measured one${MUST.includes(base.slice(0, 2)) ? " (at least one)" : ""}`, () => {
      if (MUST.includes(base.slice(0, 2))) assert.ok(hashes.length >= 1, "no 'try it in the playground' link with a set-up");
      for (const h of hashes) assert.ok(measured.has(h), `${h} is not in docs/playground-links.md: add its set-up to tools/playground/lesson-links.ts`);
    });
  }
});
