// Navigation is generated, never hand-edited: the index notebook, each lesson's last (nav) cell and
// README's lesson table must equal what tools/nav.ts generates from the lessons themselves.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { generated } from "../../tools/nav";
import { ROOT } from "../../tools/lib/paths";

describe("generated navigation", () => {
  it("is up to date in the index notebook, every lesson and README (run: npx tsx tools/nav.ts)", () => {
    const stale = [...generated()].filter(([file, content]) => !fs.existsSync(file) || fs.readFileSync(file, "utf8") !== content).map(([f]) => path.relative(ROOT, f));
    assert.deepEqual(stale, []);
  });
});
