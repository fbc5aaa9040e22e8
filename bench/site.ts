// The site's page weight and paint times, in Chromium over a local static server that gzips as an
// ordinary one would: per page, bytes transferred (everything the page loads, the first figure drawn),
// first contentful paint, and the time until the first figure is drawn by plotly (the page is scrolled to
// it at once when it is below the fold: figures draw as they come into view), and until it is first on
// screen at all (its still image painted, which shows until plotly draws). Targets (issue 15): ≤ 2 MB,
// FCP ≤ 1 s, first figure ≤ 2 s, read against the median of 3 cold loads per page (NN_BENCH_ROUNDS).
// Also the playground's training speed per data set. Builds the student site from the executed copies
// in build/executed (run `npm run course` first) into a temporary folder.
//   npx tsx bench/site.ts        (also run by npm run bench)
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { launchChromium } from "../tools/lib/browser";
import { lessonFiles, ROOT } from "../tools/lib/paths";
import { keptExecuted } from "../tools/course";
import { buildSite } from "../tools/site/build";
import { serveStatic } from "../tools/site/serve";
import { sitePages } from "../tools/site/pages";
import { DATA_NAMES, DEFAULT_STATE, stateToHash } from "../tools/playground/model";

const RESULTS = path.join(ROOT, "bench", "results");
const TARGET = { bytes: 2 * 1024 * 1024, fcp: 1000, figure: 2000 };

interface Sample { page: string; bytes: number; requests: number; fcp: number; figure: number | null; shown: number | null }
/** A page's medians over its rounds, with each time's range. */
interface Row extends Sample { range: { fcp: [number, number]; figure: [number, number] | null; shown: [number, number] | null } }

/** Cold loads of each page (NN_BENCH_ROUNDS): one load's paint times vary by ±0.15 s on this machine. */
const ROUNDS = Number(process.env.NN_BENCH_ROUNDS) >= 1 ? Math.floor(Number(process.env.NN_BENCH_ROUNDS)) : 3;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function medianRow(samples: Sample[]): Row {
  const of = (pick: (s: Sample) => number | null): { m: number; range: [number, number] } | null => {
    const xs = samples.map(pick).filter((x): x is number => x !== null);
    return xs.length ? { m: median(xs), range: [Math.min(...xs), Math.max(...xs)] } : null;
  };
  const fcp = of((s) => s.fcp)!, figure = of((s) => s.figure), shown = of((s) => s.shown);
  // Bytes and requests do not vary between loads (the same files); the first load's are kept.
  return { ...samples[0], fcp: fcp.m, figure: figure?.m ?? null, shown: shown?.m ?? null, range: { fcp: fcp.range, figure: figure?.range ?? null, shown: shown?.range ?? null } };
}

async function main(): Promise<void> {
  const load = os.loadavg()[0];
  const site = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "nn-bench-site-")), "site");
  buildSite(keptExecuted(lessonFiles()), site);
  const served = await serveStatic(site);
  const browser = await launchChromium();
  const rows: Row[] = [];
  const rates: Record<string, number> = {};
  try {
    // Rounds over all the pages (not one page N times in a row), so that a drift of the machine's speed
    // falls on every page alike; each page's figures are the median of its rounds.
    const pages = sitePages(fs.readdirSync(site));
    const samples = new Map<string, Sample[]>(pages.map((p) => [p, []]));
    for (let round = 1; round <= ROUNDS; round++) for (const page of pages) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } }); // a cold cache per page
      const tab = await context.newPage();
      // When the first figure's still image (the build marks it elementtiming="figure-0") was on screen:
      // its load event, then the next frame. (Headless Chromium gave no Element Timing entries for it.)
      await tab.addInitScript("window.__nnShown = []; document.addEventListener('load', (e) => { const id = e.target && e.target.getAttribute && e.target.getAttribute('elementtiming'); if (id) requestAnimationFrame(() => window.__nnShown.push([id, performance.now()])); }, true);");
      const sizes: Promise<number>[] = [];
      tab.on("requestfinished", (r) => sizes.push(r.sizes().then((s) => s.responseBodySize + s.responseHeadersSize)));
      await tab.goto(served.url + page, { waitUntil: "load", timeout: 120000 });
      const fcp = Number(await tab.evaluate("new Promise((r) => { const e = performance.getEntriesByName('first-contentful-paint')[0]; if (e) r(e.startTime); else new PerformanceObserver((l) => r(l.getEntries()[0].startTime)).observe({ type: 'paint', buffered: true }); })"));
      let figure: number | null = null;
      if ((await tab.locator(".nn-figure[data-fig]").count()) > 0) {
        await tab.locator(".nn-figure[data-fig]").first().scrollIntoViewIfNeeded();
        await tab.waitForFunction("document.querySelector('.nn-figure[data-fig]').getAttribute('data-drawn') === 'yes'", undefined, { timeout: 120000 });
        // site.js marks each figure's drawing (performance.mark "nn-figure-drawn", detail: the figure's id).
        figure = Number(await tab.evaluate("(() => { const id = document.querySelector('.nn-figure[data-fig]').id; const m = performance.getEntriesByName('nn-figure-drawn').find((e) => e.detail === id); return m ? m.startTime : NaN; })()"));
      }
      // On screen: the still image's paint, or plotly's drawing if that came first (the index has no still images).
      const still = (await tab.evaluate("(window.__nnShown.find((e) => e[0] === 'figure-0') || [null, null])[1]")) as number | null;
      const shown = figure === null ? null : still !== null && still > 0 ? Math.min(still, figure) : figure;
      await tab.waitForLoadState("networkidle");
      const bytes = (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
      samples.get(page)!.push({ page, bytes, requests: sizes.length, fcp, figure, shown });
      console.log(`round ${round}/${ROUNDS} ${page.padEnd(30)} ${(bytes / 1024).toFixed(0).padStart(6)} KB ${String(sizes.length).padStart(3)} requests  FCP ${fcp.toFixed(0).padStart(5)} ms  first figure drawn ${figure === null ? "    -" : figure.toFixed(0).padStart(5) + " ms"} (on screen ${shown === null ? "-" : shown.toFixed(0) + " ms"})`);
      await context.close();
    }
    for (const page of pages) rows.push(medianRow(samples.get(page)!));
    // The playground: epochs per second of its trainer per data set, compute only (no drawing), as the
    // page's own window.__playground.bench measures it over 1.5 s of a fresh trainer.
    const play = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await play.goto(served.url + "playground/index.html", { waitUntil: "load" });
    await play.waitForFunction("window.__playground && window.__playground.firstFigureMs() != null", undefined, { timeout: 120000 });
    for (const data of DATA_NAMES) {
      const st = { ...DEFAULT_STATE, data, lr: data === "curve" || data === "housing" ? 0.1 : 1 };
      await play.evaluate((h) => { location.hash = h; }, stateToHash(st));
      await play.waitForFunction((want) => JSON.stringify((window as unknown as { __playground: { state(): unknown } }).__playground.state()) === want, JSON.stringify(st));
      rates[data] = Math.round(((await play.evaluate("window.__playground.bench(1500)")) as { perSecond: number }).perSecond);
    }
    console.log(`playground, epochs per second (compute only): ${Object.entries(rates).map(([d, r]) => `${d} ${r}`).join(", ")}`);
    await play.close();
  } finally {
    await browser.close();
    await served.close();
  }
  const spread = (v: number, [lo, hi]: [number, number]) => `${v.toFixed(0)} (${lo.toFixed(0)}–${hi.toFixed(0)})`;
  const ok = (r: Row) => r.bytes <= TARGET.bytes && r.fcp <= TARGET.fcp && (r.figure === null || r.figure <= TARGET.figure);
  const md = [
    "# Site: page weight and paint times",
    "",
    "| page | KB transferred (gzip) | requests | first contentful paint (ms) | first figure drawn by plotly (ms) | first figure on screen (ms) | targets met |",
    "|---|---:|---:|---:|---:|---:|:---:|",
    ...rows.map((r) => `| ${r.page} | ${(r.bytes / 1024).toFixed(0)} | ${r.requests} | ${spread(r.fcp, r.range.fcp)} | ${r.figure === null ? "–" : spread(r.figure, r.range.figure!)} | ${r.shown === null ? "–" : spread(r.shown, r.range.shown!)} | ${ok(r) ? "yes" : "no"} |`),
    "",
    `Each time is the median of ${ROUNDS} cold loads of the page (their range in brackets), the rounds taken over all pages in turn; the targets are read against the medians. ` +
    `Chromium (${"headless"}) at 1280×900, a fresh cache per page, over a local static server with gzip; bytes are response bodies as sent plus headers, ` +
      "everything loaded until the first figure is drawn and the network is idle. First figure drawn: time from navigation start until plotly has drawn the page's first figure, the page scrolled to it right after load; " +
      "on screen: until its still image (the build's PNG of the same figure, shown until plotly draws) had loaded and the next frame began, or plotly's drawing if earlier. The target is read against the drawing by plotly. " +
      `Targets: ≤ 2 MB, FCP ≤ 1 s, first figure ≤ 2 s. Load average at start ${load.toFixed(2)} on ${os.availableParallelism()} cores.`,
    "",
    `Playground, epochs per second of its trainer with the default network, per data set (compute only, 1.5 s of a fresh trainer each, window.__playground.bench): ${Object.entries(rates).map(([d, r]) => `${d} ${r}`).join(", ")}.`,
    "",
  ].join("\n");
  fs.mkdirSync(RESULTS, { recursive: true });
  fs.writeFileSync(path.join(RESULTS, "site.md"), md);
  for (const r of rows) console.log(`${r.page.padEnd(30)} median of ${ROUNDS}: FCP ${spread(r.fcp, r.range.fcp)} ms, first figure drawn ${r.figure === null ? "-" : `${spread(r.figure, r.range.figure!)} ms`}${ok(r) ? "" : "  (misses a target)"}`);
  console.log(`\n${rows.filter(ok).length} of ${rows.length} pages meet every target (medians of ${ROUNDS} loads); written: ${path.relative(ROOT, path.join(RESULTS, "site.md"))}`);
}

main().catch((e) => {
  console.error(`bench/site.ts failed: ${(e as Error).message}`);
  process.exit(1);
});
