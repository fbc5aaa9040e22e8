// The published (student) site gives no answer away: no line of any exercise's solution region and no
// line of any hidden-test cell appears on any of its pages or in any file it ships (the search index
// included). The secrets are read straight from notebooks/*.ipynb here, by this file's own reading of
// the markers (not by the code that builds the edition). The detector is shown to work on the teacher
// edition, which must show them all, and on a student page with one solution line injected.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { builtSite } from "./built";
import { executedLessons, type Lesson } from "./executed";
import { cellLines, secretLines, type Secret } from "../helpers/secrets";

function decode(s: string): string {
  return s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&amp;/g, "&");
}

/** Every text file a site ships, as a reader (or a search) could read it: HTML as its text. */
function siteTexts(site: string): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      const rel = path.relative(site, p);
      if (e.isDirectory()) { if (rel !== "vendor" && rel !== path.join("assets", "katex")) walk(p); continue; }
      if (!/\.(html|js|json|txt|css)$/.test(e.name)) continue;
      const raw = fs.readFileSync(p, "utf8");
      out.push({ file: rel, text: raw });
      if (e.name.endsWith(".html")) out.push({ file: `${rel} (text)`, text: decode(raw.replace(/<[^>]*>/g, "")) });
    }
  };
  walk(site);
  return out;
}

/** "lesson: kind line  →  file" for each secret found in the site. */
export function leaks(site: string, secrets: Secret[]): string[] {
  const texts = siteTexts(site);
  const found: string[] = [];
  for (const s of secrets) {
    const hit = texts.find((t) => t.text.includes(s.line));
    if (hit) found.push(`${s.lesson}: ${s.kind} line ${JSON.stringify(s.line)} in ${hit.file}`);
  }
  return found;
}

describe("the student edition of the site shows no solution and no hidden test", () => {
  let lessons: Lesson[] = [];
  let tmp = "";
  let student = "";
  let teacher = "";
  const secrets = secretLines();
  before(async () => {
    lessons = await executedLessons();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nn-editions-"));
    student = (await builtSite("student")).dir;
    teacher = (await builtSite("teacher")).dir;
  }, { timeout: 40 * 60 * 1000 });
  after(() => { if (tmp) fs.rmSync(tmp, { recursive: true, force: true }); });

  it("the lessons have secrets to keep (solutions and hidden tests, ≥ 12 characters)", () => {
    assert.ok(secrets.filter((s) => s.kind === "solution").length >= 10, `${secrets.length} secret lines`);
    assert.ok(secrets.filter((s) => s.kind === "hidden test").length >= 10);
    console.log(`# ${secrets.filter((s) => s.kind === "solution").length} solution lines, ${secrets.filter((s) => s.kind === "hidden test").length} hidden-test lines checked`);
  });

  it("no secret line appears in any file of the student site", () => {
    assert.deepEqual(leaks(student, secrets), []);
  });

  it("the detector finds them: the teacher edition shows every lesson's secrets, and says so on every page", () => {
    const found = leaks(teacher, secrets);
    const lessonsWithSecrets = new Set(secrets.map((s) => s.lesson));
    for (const l of lessonsWithSecrets) assert.ok(found.some((f) => f.startsWith(`${l}:`)), `no secret of ${l} found in the teacher edition`);
    const pages = fs.readdirSync(teacher).filter((f) => f.endsWith(".html")).map((f) => path.join(teacher, f)).concat(path.join(teacher, "playground/index.html"));
    for (const p of pages) assert.match(fs.readFileSync(p, "utf8"), /class="edition-banner"[^>]*>.*Teacher edition/, `${p} has no teacher-edition banner`);
    for (const f of fs.readdirSync(student).filter((f) => f.endsWith(".html"))) {
      assert.doesNotMatch(fs.readFileSync(path.join(student, f), "utf8"), /edition-banner/, `student page ${f} carries the teacher banner`);
    }
  });

  it("the detector finds one solution line injected into a student page", () => {
    const solution = secrets.find((s) => s.kind === "solution")!;
    // Into a copy: other test files read the shared site meanwhile.
    const copy = path.join(tmp, "student-injected");
    fs.cpSync(student, copy, { recursive: true });
    const page = path.join(copy, `${solution.lesson}.html`);
    fs.writeFileSync(page, fs.readFileSync(page, "utf8").replace("</main>", `<p>${solution.line.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</p></main>`));
    const found = leaks(copy, secrets);
    assert.ok(found.some((f) => f.includes(JSON.stringify(solution.line))), `injected line not found: ${found.join("; ")}`);
  });

  it("each exercise shows its stub and its visible tests, without the solution's outputs", () => {
    for (const l of lessons) {
      const base = path.basename(l.source, ".ipynb");
      const html = fs.readFileSync(path.join(student, `${base}.html`), "utf8");
      const text = decode(html.replace(/<[^>]*>/g, ""));
      const ids = [...text.matchAll(/\/\/ EXERCISE (\d\d-[\w-]+)/g)].map((m) => m[1]);
      const visible = [...text.matchAll(/\/\/ TESTS (\d\d-[\w-]+)/g)].map((m) => m[1]);
      if (!l.notebook.cells.some((c) => /\/\/\s*EXERCISE /.test(cellLines(c as { source: string[] })[0] ?? ""))) continue;
      assert.ok(ids.length >= 1, `${base}: no exercise on the page`);
      assert.deepEqual(visible, ids, `${base}: each exercise's visible tests follow it`);
      assert.equal((text.match(/throw new Error\("TODO: /g) ?? []).length >= ids.length, true, `${base}: a TODO stub per exercise`);
      assert.doesNotMatch(text, /HIDDEN TESTS|BEGIN SOLUTION|END SOLUTION/, `${base}: a marker of the teacher's edition`);
      // The cells of exercises and their tests carry no output (the build's came from the solution).
      for (const m of html.matchAll(/<div class="cell code"[^>]*>(?:(?!<div class="cell code").)*?\/\/ (?:EXERCISE|TESTS) [\s\S]*?<div class="cell-output">([\s\S]*?)<\/div><\/div>/g)) {
        assert.equal(m[1], "", `${base}: an exercise or test cell shows an output`);
      }
    }
  });
});
