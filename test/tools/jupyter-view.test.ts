// An executed lesson opened in the notebook UI that `npm start` serves (Notebook 6), without running
// anything: every figure is drawn, every table shows, and no formula is left as raw TeX (nor a
// dollar amount typeset as math). Twice: as the course build leaves it (signed for this user:
// trusted, figures drawn by plotly.js) and as another user would open it (not trusted: the still
// images). Screenshots of both go to artifacts/jupyter-view/.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import type { Page } from "playwright-core";
import { launchChromium } from "../../tools/lib/browser";
import { figureCount, readNotebook, text, writeNotebook, type Notebook } from "../../tools/lib/notebook";
import { ROOT } from "../../tools/lib/paths";
import { startNotebookServer, type NotebookServer } from "../helpers/notebook-server";

const LESSON = "01-house-prices.ipynb";
const BUILD = path.join(ROOT, "build", `test-jupyter-view-${process.pid}`); // inside the server's root
const SHOTS = path.join(ROOT, "artifacts", "jupyter-view");

/** Formulas in a markdown source, cut out as the site and Jupyter do ($$...$$ first, then $...$). */
function formulaCount(md: string): number {
  const src = md.replace(/`[^`\n]*`/g, "").replace(/\\\$/g, "");
  const display = src.match(/\$\$[\s\S]+?\$\$/g) ?? [];
  const inline = src.replace(/\$\$[\s\S]+?\$\$/g, "").match(/\$(?:[^$\n]|\n(?![ \t]*\n))+?\$/g) ?? [];
  return display.length + inline.length;
}

/** What the outputs hold, from the notebook file: the page must show as much. */
function expected(nb: Notebook) {
  let markdownOutputs = 0, latexOutputs = 0;
  for (const c of nb.cells) {
    for (const o of (c as { outputs?: { data?: Record<string, unknown> }[] }).outputs ?? []) {
      if (o.data && "text/markdown" in o.data) markdownOutputs++;
      else if (o.data && "text/latex" in o.data && !("text/html" in o.data)) latexOutputs++;
    }
  }
  const formulas = nb.cells.filter((c) => c.cell_type === "markdown").map((c) => formulaCount(text(c.source)));
  return { figures: figureCount(nb.cells), markdownOutputs, latexOutputs, formulas };
}

interface Seen {
  trusted: string;
  figures: { plotly: boolean; image: { natural: number; height: number } | null; height: number }[];
  formulasPerMarkdownCell: number[];
  rawTex: string[];
  markdownTables: number;
  latexTypeset: number;
  plainTables: number;
}

async function look(page: Page, url: string): Promise<Seen> {
  await page.goto(url, { waitUntil: "load" });
  await page.waitForFunction(() => !!(window as unknown as { Jupyter?: { notebook?: { _fully_loaded?: boolean } } }).Jupyter?.notebook?._fully_loaded, undefined, { timeout: 60_000 });
  // MathJax typesets after the notebook loads; plotly.js loads from vendor/ and draws.
  await page.waitForFunction(() => {
    const mj = (window as unknown as { MathJax?: { Hub?: { queue?: { pending: number; running: number } } } }).MathJax;
    const q = mj?.Hub?.queue;
    const figs = Array.from(document.querySelectorAll(".nn-figure"));
    const drawn = figs.every((f) => f.querySelector(".main-svg") || (f.querySelector("img") as HTMLImageElement | null)?.complete);
    return !!q && q.pending === 0 && q.running === 0 && drawn;
  }, undefined, { timeout: 60_000, polling: 250 }).catch(() => undefined); // the assertions below say what is missing
  return page.evaluate(() => {
    const figures = Array.from(document.querySelectorAll(".nn-figure")).map((f) => {
      const img = f.querySelector("img.nn-figure-static") as HTMLImageElement | null;
      return {
        plotly: !!f.querySelector(".main-svg"),
        image: img ? { natural: img.naturalWidth, height: img.getBoundingClientRect().height } : null,
        height: f.getBoundingClientRect().height,
      };
    });
    const mdCells = Array.from(document.querySelectorAll(".text_cell_render"));
    const formulasPerMarkdownCell = mdCells.map((c) => c.querySelectorAll('script[type^="math/tex"]').length);
    // Rendered text a reader sees (MathJax's own markup and sources excluded): no TeX left in it.
    const rawTex: string[] = [];
    for (const el of Array.from(document.querySelectorAll(".text_cell_render, .output_subarea"))) {
      const copy = el.cloneNode(true) as HTMLElement;
      copy.querySelectorAll("script, .MathJax, .MathJax_Display, .MathJax_Preview, .MJX_Assistive_MathML, .nn-figure").forEach((e) => e.remove());
      const t = copy.textContent ?? "";
      const bad = t.match(/\$\$|\$[A-Za-z\\{^_]|\\(frac|hat|sum|sigma|partial|mathbf|text|left|right|begin|cdot)\b/g);
      if (bad) rawTex.push(`${bad.join(" ")} in: ${t.replace(/\s+/g, " ").slice(0, 160)}`);
    }
    return {
      trusted: document.querySelector("#notification_trusted")?.textContent?.trim() ?? "",
      figures,
      formulasPerMarkdownCell,
      rawTex,
      markdownTables: document.querySelectorAll(".output_markdown table").length,
      latexTypeset: document.querySelectorAll(".output_latex script[type^='math/tex']").length,
      plainTables: Array.from(document.querySelectorAll(".output_text pre")).filter((p) => /\n-+( +-+)+\n/.test(p.textContent ?? "")).length,
    };
  });
}

describe("an executed lesson in Jupyter (npm start, Notebook 6), not run", () => {
  let server: NotebookServer;
  let nb: Notebook;
  before(() => {
    const r = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "tools/course.ts"), LESSON.slice(0, 2)], {
      cwd: ROOT, encoding: "utf8", env: { ...process.env, NN_BUILD_DIR: BUILD, NN_JOBS: "1" },
    });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    nb = readNotebook(path.join(BUILD, "executed", LESSON));
    fs.mkdirSync(SHOTS, { recursive: true });
  });
  after(async () => {
    await server?.stop();
    fs.rmSync(BUILD, { recursive: true, force: true });
  });

  for (const mode of ["trusted", "untrusted"] as const) {
    it(`shows every figure, table and formula ${mode === "trusted" ? "as built (signed: plotly draws)" : "when not trusted (still images)"}`, { timeout: 300_000 }, async () => {
      let file = path.join(BUILD, "executed", LESSON);
      if (mode === "untrusted") {
        // Any change to the content voids the signature: this copy is what another user would open.
        file = path.join(BUILD, "executed", `untrusted-${LESSON}`);
        writeNotebook(file, { ...nb, metadata: { ...nb.metadata, "nn-untrusted-copy": true } });
      }
      server ??= await startNotebookServer("nn-view-test", 60_000);
      const browser = await launchChromium();
      const rel = path.relative(ROOT, file);
      try {
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        const seen = await look(page, `${server.base}/notebooks/${rel}?token=${server.token}`);
        // The notebook scrolls inside #site: let it grow so that the screenshot holds the whole lesson.
        await page.evaluate(() => {
          for (const el of [document.documentElement, document.body, document.getElementById("site")!]) {
            el.style.height = "auto";
            el.style.overflow = "visible";
          }
        });
        await page.screenshot({ path: path.join(SHOTS, `${LESSON.slice(0, 2)}-${mode}.png`), fullPage: true });
        const want = expected(nb);
        assert.equal(seen.trusted, mode === "trusted" ? "Trusted" : "Not Trusted");
        assert.equal(seen.figures.length, want.figures, "one figure box per figure output");
        seen.figures.forEach((f, k) => {
          if (mode === "trusted") assert.ok(f.plotly, `figure ${k + 1}: plotly drew it`);
          else {
            assert.ok(f.image && f.image.natural === 760 && f.image.height > 200, `figure ${k + 1}: its still image shows (${JSON.stringify(f)})`);
            assert.ok(!f.plotly);
          }
          assert.ok(f.height > 200, `figure ${k + 1} is ${f.height} px high`);
        });
        assert.deepEqual(seen.formulasPerMarkdownCell, want.formulas, "each markdown cell typesets exactly its formulas (no dollar amount taken for math)");
        assert.deepEqual(seen.rawTex, [], "no raw TeX in the rendered text");
        assert.equal(seen.latexTypeset >= want.latexOutputs, true, "every LaTeX output is typeset");
        if (mode === "trusted") assert.equal(seen.markdownTables, want.markdownOutputs, "every markdown table output renders");
        else assert.equal(seen.plainTables, want.markdownOutputs, "untrusted: each table shows as plain text");
      } catch (e) {
        throw new Error(`${(e as Error).message}\nserver log (tail):\n${server?.log().slice(-2000)}`);
      } finally {
        await browser.close();
        // Opening a notebook starts a kernel: stop every kernel this server started.
        const kernels = (await (await fetch(`${server.base}/api/kernels`, { headers: server.auth })).json()) as { id: string }[];
        for (const k of kernels) await fetch(`${server.base}/api/kernels/${k.id}`, { method: "DELETE", headers: server.auth });
      }
    });
  }
});
