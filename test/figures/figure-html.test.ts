// A figure's notebook HTML (src/figure-html.ts): the box, the static image, the id, and the script,
// run here in a stand-in page (node:vm) to see that it hands plotly the figure it was given.
import assert from "node:assert/strict";
import { test } from "node:test";
import * as vm from "node:vm";
import { DEFAULT_HEIGHT, PLOTLY_SRC, STATIC_WIDTH, figureHtml, figureIdOf, figureSize } from "../../src/figure-html";
import type { Figure } from "../../src/plot";

/** 32-bit FNV-1a written here, checked below against the published test vectors. */
function fnv1a(s: string): string {
  let h = 0x811c9dc5n;
  for (const c of s) {
    for (let k = 0; k < c.length; k++) h = ((h ^ BigInt(c.charCodeAt(k))) * 0x01000193n) & 0xffffffffn;
  }
  return h.toString(16);
}

const fig = (layout: Record<string, unknown> = {}): Figure => ({ data: [{ type: "scatter", x: [1, 2], y: [3, 4] }], layout });

test("the reference FNV-1a gives the published vectors", () => {
  // Fowler–Noll–Vo test suite (isthe.com/chongo/tech/comp/fnv): FNV-1a 32 of "", "a", "foobar".
  assert.deepEqual([fnv1a(""), fnv1a("a"), fnv1a("foobar")], ["811c9dc5", "e40c292c", "bf9cf968"]);
});

test("figureSize takes the layout's numbers, else 760 × 380", () => {
  assert.deepEqual([STATIC_WIDTH, DEFAULT_HEIGHT], [760, 380]);
  assert.deepEqual(figureSize(fig({ width: 500, height: 200 })), { width: 500, height: 200 });
  assert.deepEqual(figureSize(fig()), { width: 760, height: 380 });
  assert.deepEqual(figureSize(fig({ width: "auto", height: "50%" })), { width: 760, height: 380 });
});

test("the default id is nn-fig-<counter>-<FNV-1a of the figure's JSON>, fresh for each call and read back by figureIdOf", () => {
  const f = fig({ title: { text: "loss" } });
  const a = figureHtml(f), b = figureHtml(f);
  const ida = figureIdOf(a), idb = figureIdOf(b);
  const hash = fnv1a(JSON.stringify(f));
  const ma = ida?.match(/^nn-fig-(\d+)-([0-9a-f]+)$/), mb = idb?.match(/^nn-fig-(\d+)-([0-9a-f]+)$/);
  assert.ok(ma && mb, `${ida}, ${idb}`);
  assert.deepEqual([ma[2], mb[2]], [hash, hash]);
  assert.equal(Number(mb[1]), Number(ma[1]) + 1);
  assert.ok(Number(ma[1]) >= 1);
  assert.equal(figureIdOf('<div id="other" class="nn-figure">'), null);
  assert.equal(figureIdOf("<p>no figure</p>"), null);
});

test("the box has the figure's height, the given id, and the static image only when given, its alt text escaped", () => {
  const plain = figureHtml(fig({ height: 250 }), { id: "f1" });
  assert.ok(plain.startsWith('<div id="f1" class="nn-figure" style="width:100%;height:250px"></div>\n<script>'), plain.slice(0, 120));
  assert.ok(plain.endsWith("})();</script>"));
  assert.ok(!plain.includes("<img"));
  const withImage = figureHtml(fig({ title: { text: 'A & "B" <c>' } }), { id: "f2", image: "data:image/png;base64,AAAA" });
  assert.ok(
    withImage.startsWith(
      '<div id="f2" class="nn-figure" style="width:100%;height:380px"><img class="nn-figure-static" alt="A &amp; &quot;B&quot; &lt;c>" style="max-width:100%;height:auto" src="data:image/png;base64,AAAA"></div>',
    ),
    withImage.slice(0, 260),
  );
  assert.ok(figureHtml(fig(), { id: "f3", image: "data:x" }).includes('alt="figure"'));
  assert.equal(figureIdOf(withImage), null, "an explicit id that is not nn-fig-… is not a course figure id");
  assert.equal(figureIdOf(figureHtml(fig(), { id: "nn-fig-x" })), "nn-fig-x");
});

/** Promises whose derived promises are caught, so a page's unhandled rejection is recorded, not fatal. */
const quietlyRejected: unknown[] = [];
class QuietPromise<T> extends Promise<T> {
  then<A = T, B = never>(ok?: ((v: T) => A | PromiseLike<A>) | null, fail?: ((e: unknown) => B | PromiseLike<B>) | null): Promise<A | B> {
    const p = super.then(ok, fail);
    Promise.prototype.then.call(p, undefined, (e: unknown) => { quietlyRejected.push(e); });
    return p;
  }
}

/** Runs the HTML's script in a stand-in page; returns what it asked of plotly and of the document. */
function runScript(html: string, opts: { plotly: boolean; hasImage: boolean }) {
  const script = html.slice(html.indexOf("<script>") + 8, html.lastIndexOf("</script>"));
  const calls: unknown[][] = [];
  const appended: Record<string, unknown>[] = [];
  let removed = 0;
  const el = { querySelector: (sel: string) => (sel === "img.nn-figure-static" && opts.hasImage ? { remove: () => removed++ } : null) };
  const window: Record<string, unknown> = {};
  const Plotly = { newPlot: (...args: unknown[]) => calls.push(args) };
  if (opts.plotly) window.Plotly = Plotly;
  const document = {
    getElementById: (id: string) => (id === figureIdOf(html) || id === "given" ? el : null),
    createElement: () => ({}) as Record<string, unknown>,
    head: { appendChild: (s: Record<string, unknown>) => appended.push(s) },
  };
  vm.runInNewContext(script, { window, document, Promise: QuietPromise });
  return { calls, appended, removed: () => removed, el, window, Plotly };
}

test("with plotly on the page the script draws at once: the figure's data and layout, responsive, no logo, image removed", () => {
  const f = fig({ title: { text: "</script> in a title" } });
  const html = figureHtml(f, { id: "given", image: "data:x" });
  assert.ok(!html.slice(html.indexOf("<script>") + 8).includes("</script> in"), "</ inside the JSON is escaped");
  const r = runScript(html, { plotly: true, hasImage: true });
  assert.equal(r.calls.length, 1);
  const [el, data, layout, config] = r.calls[0];
  assert.equal(el, r.el);
  assert.deepEqual(JSON.parse(JSON.stringify([data, layout])), [f.data, f.layout]);
  assert.deepEqual(JSON.parse(JSON.stringify(config)), { responsive: true, displaylogo: false });
  assert.equal(r.removed(), 1);
  assert.equal(r.appended.length, 0);
});

test("without plotly the script loads vendor/plotly.min.js once and draws when it arrives; a failed load names the fix", async () => {
  assert.equal(PLOTLY_SRC, "vendor/plotly.min.js");
  const html = figureHtml(fig(), { id: "given" });
  const r = runScript(html, { plotly: false, hasImage: false });
  assert.equal(r.appended.length, 1);
  const s = r.appended[0] as { src: string; onload: () => void; onerror: () => void };
  assert.equal(s.src, "vendor/plotly.min.js");
  r.window.Plotly = r.Plotly;
  s.onload();
  await r.window.__nnPlotly;
  await new Promise((done) => setImmediate(done));
  assert.equal(r.calls.length, 1);
  // A second page script reuses the pending load instead of adding another <script>.
  const again = runScript(html, { plotly: false, hasImage: false });
  assert.equal(again.appended.length, 1);
  const s2 = again.appended[0] as { onerror: () => void };
  s2.onerror();
  await assert.rejects(again.window.__nnPlotly as Promise<unknown>, { message: "could not load vendor/plotly.min.js: run npm run setup" });
  await new Promise((done) => setImmediate(done));
  // The page's `.then(draw)` has no catch: a browser logs that rejection; the stand-in records it.
  assert.deepEqual(quietlyRejected.map((e) => (e as Error).message), ["could not load vendor/plotly.min.js: run npm run setup"]);
  assert.equal(again.calls.length, 0);
});
