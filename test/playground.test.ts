// The playground: its model in Node (URL state, the trainer against src/train), then the built page in
// Debian's Chromium from file://: no console error or failed request, the same losses as src/ in Node,
// the URL round trip, the identity collapse to a plane, divergence shown, and its speed and weight measured.
// Screenshots go to artifacts/screenshots/ (a build artifact, not committed).
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { loadHousing } from "../src/data/housing";
import { initParams } from "../src/network";
import { train } from "../src/train";
import { launchChromium } from "../tools/lib/browser";
import { ROOT } from "../tools/lib/paths";
import { buildPlayground } from "../tools/playground/build";
import { HOUSING_ROWS, PLAYGROUND_FEATURES, housingSubsample } from "../tools/playground/housing-data";
import {
  DATA_NAMES, DEFAULT_STATE, Trainer, hashToState, makeDataset, stateToHash, type DataName, type HousingJson, type PlaygroundState,
} from "../tools/playground/model";

/** Chromium and Node run the same IEEE-754 arithmetic on the same code: the costs should agree to the last bits. */
const SAME_RUN_TOL = 1e-12;
/** An affine function of the grid, evaluated through two layers in doubles, is affine to ~1e-15 relative; 1e-9 leaves room and still rejects any real curvature. */
const PLANE_TOL = 1e-9;
const SHOTS = path.join(ROOT, "artifacts", "screenshots");

/** costs[0..epochs] of src/train's train() on a data set from the playground's model, in Node. */
function nodeCosts(s: PlaygroundState, epochs: number, housing: HousingJson): number[] {
  const d = makeDataset(s.data, housing);
  const params = initParams([d.X.rows, s.hidden, 1], { seed: s.seed });
  return train(params, d.X, d.Y, { lr: s.lr, epochs, hidden: s.activation, output: d.output, loss: d.loss, engine: "reference" }).costs;
}

/** Largest |z − (a + b·x + c·y)| over the grid after a least-squares fit (normal equations, 3×3 solved by Cramer's rule). */
function planeResidual(xs: number[], ys: number[], z: number[]): number {
  const pts: [number, number, number][] = [];
  if (ys.length === 0) xs.forEach((x, j) => pts.push([x, 0, z[j]]));
  else ys.forEach((y, i) => xs.forEach((x, j) => pts.push([x, y, z[i * xs.length + j]])));
  const S = [[0, 0, 0], [0, 0, 0], [0, 0, 0]], r = [0, 0, 0];
  for (const [x, y, v] of pts) {
    const f = [1, x, y];
    for (let a = 0; a < 3; a++) { r[a] += f[a] * v; for (let b = 0; b < 3; b++) S[a][b] += f[a] * f[b]; }
  }
  if (ys.length === 0) { S[2][2] = 1; } // 1-D: no y column, keep the system regular
  const det = (M: number[][]) => M[0][0] * (M[1][1] * M[2][2] - M[1][2] * M[2][1]) - M[0][1] * (M[1][0] * M[2][2] - M[1][2] * M[2][0]) + M[0][2] * (M[1][0] * M[2][1] - M[1][1] * M[2][0]);
  const D = det(S);
  const coef = [0, 1, 2].map((c) => det(S.map((row, i) => row.map((v, j) => (j === c ? r[i] : v)))) / D);
  return Math.max(...pts.map(([x, y, v]) => Math.abs(v - (coef[0] + coef[1] * x + coef[2] * y))));
}

describe("the playground's model, in Node", () => {
  it("a state survives the trip to a URL hash and back", () => {
    const s: PlaygroundState = { data: "circles", hidden: 7, activation: "relu", lr: 0.003, seed: 123456 };
    assert.deepEqual(hashToState(`#${stateToHash(s)}`), { state: s, problems: [] });
    assert.deepEqual(hashToState(`?${stateToHash(s)}`).state, s, "a query string works too");
  });

  it("bad values in a link fall back to the defaults and are named, never thrown", () => {
    const { state, problems } = hashToState("#data=spiral&hidden=0&act=softmax&lr=-1&seed=1.5");
    assert.deepEqual(state, DEFAULT_STATE);
    assert.equal(problems.length, 5);
    for (const bad of ["data=spiral", "hidden=0", "act=softmax", "lr=-1", "seed=1.5"]) assert.ok(problems.some((p) => p.startsWith(`${bad}:`)), `${bad} is not named`);
  });

  it("the trainer's costs are exactly those of src/train's train() on the same seed", () => {
    const housing = housingSubsample();
    for (const data of DATA_NAMES) {
      const s: PlaygroundState = { data, hidden: 3, activation: "tanh", lr: 0.1, seed: 5 };
      const t = new Trainer(makeDataset(data, housing), s);
      for (let k = 0; k < 20; k++) t.step();
      assert.deepEqual(t.costs, nodeCosts(s, 20, housing), data);
    }
  });

  it(`the housing subsample is ${PLAYGROUND_FEATURES.join(" + ")}: ${HOUSING_ROWS} seeded rows, standardised, price in $100k`, () => {
    const h = housingSubsample();
    const full = loadHousing();
    assert.deepEqual(h.features, ["median_income", "longitude"]);
    assert.equal(h.y.length, HOUSING_ROWS);
    for (const x of [h.x1, h.x2]) {
      const mean = x.reduce((s, v) => s + v, 0) / x.length;
      const sd = Math.sqrt(x.reduce((s, v) => s + (v - mean) ** 2, 0) / x.length);
      assert.ok(Math.abs(mean) < 1e-4 && Math.abs(sd - 1) < 1e-4, `mean ${mean}, sd ${sd}`); // 4-decimal rounding
    }
    // Every row is a real block group: its raw features and price are found in the CSV.
    const m = full.X.cols, fi = full.featureNames.indexOf("median_income"), fl = full.featureNames.indexOf("longitude");
    const keys = new Set(Array.from({ length: m }, (_, k) => `${full.X.data[fi * m + k]}|${full.X.data[fl * m + k]}|${full.y.data[k]}`));
    for (let k = 0; k < 50; k++) {
      const raw = [h.x1[k] * h.std[0] + h.mean[0], h.x2[k] * h.std[1] + h.mean[1]];
      const found = [...keys].some((key) => { const [a, b, y] = key.split("|").map(Number); return Math.abs(a - raw[0]) < 1e-3 && Math.abs(b - raw[1]) < 1e-3 && Math.abs(y / 1e5 - h.y[k]) < 1e-12; });
      assert.ok(found, `row ${k} is not a row of the CSV`);
    }
    assert.deepEqual(housingSubsample(), h, "same seed, same sample");
  });
});

describe("the playground page in Chromium", () => {
  let site = "";
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const housing = housingSubsample();
  const metrics: Record<string, unknown> = {};
  const hook = <T>(p: Page, expr: string): Promise<T> => p.evaluate(`(${expr})`) as Promise<T>;

  async function open(hash: string): Promise<Page> {
    const p = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    p.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`); });
    p.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    p.on("requestfailed", (r) => problems.push(`failed request: ${r.url()}`));
    await p.goto(pathToFileURL(path.join(site, "playground", "index.html")).href + hash, { waitUntil: "load" });
    // plotly.js (4.6 MB) is parsed after the page shows: on a loaded 2-core machine that takes seconds.
    await p.waitForFunction(() => (window as unknown as { __playground?: { firstFigureMs(): number | null } }).__playground?.firstFigureMs() != null, null, { timeout: 120_000 });
    return p;
  }

  /** Sets the state through the URL hash (as a shared link would) and waits for the page to apply it. */
  async function goTo(s: PlaygroundState): Promise<void> {
    await page.evaluate((h) => { location.hash = h; }, stateToHash(s));
    await page.waitForFunction((want) => JSON.stringify((window as unknown as { __playground: { state(): unknown } }).__playground.state()) === want, JSON.stringify(s));
    await hook(page, "window.__playground.reset()"); // epoch 0 even if the state was already this one
  }

  before(async () => {
    site = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "nn-playground-")), "site");
    fs.mkdirSync(path.join(site, "vendor"), { recursive: true });
    fs.copyFileSync(path.join(ROOT, "node_modules/plotly.js-dist-min/plotly.min.js"), path.join(site, "vendor/plotly.min.js"));
    const t0 = Date.now();
    buildPlayground(site);
    metrics.buildSeconds = (Date.now() - t0) / 1000;
    fs.mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
    const navStart = Date.now();
    page = await open(`#${stateToHash(DEFAULT_STATE)}`);
    metrics.firstLoadWallMs = Date.now() - navStart;
    metrics.firstPaintMs = await hook<number>(page, "window.__playground.firstPaintMs()");
    metrics.firstFigureMs = await hook<number>(page, "window.__playground.firstFigureMs()");
    metrics.loadAverage = os.loadavg()[0];
  }, { timeout: 180_000 });

  after(async () => {
    await browser?.close();
    fs.writeFileSync(path.join(ROOT, "artifacts", "playground-metrics.json"), JSON.stringify(metrics, null, 2) + "\n");
  });

  it("is built as index.html, app.js, style.css and housing-data.js; the bundle holds no Node module; local links resolve", () => {
    const dir = path.join(site, "playground");
    assert.deepEqual(fs.readdirSync(dir).sort(), ["app.js", "housing-data.js", "index.html", "style.css"]);
    const js = fs.readFileSync(path.join(dir, "app.js"), "utf8");
    assert.ok(!/require\(|node:|csv-parse|mathjs|tslab/.test(js), "the browser bundle pulled in a Node-only module");
    const html = fs.readFileSync(path.join(dir, "index.html"), "utf8");
    assert.ok(!html.includes("{{"), "an unfilled template slot");
    for (const m of html.matchAll(/(?:href|src)="([^"#:]+)"/g)) {
      const target = path.join(dir, m[1]);
      if (m[1].startsWith("../") && m[1].endsWith(".html")) {
        // Lesson pages belong to the site build; the page must name a lesson that exists (or the index).
        const name = path.basename(m[1], ".html");
        assert.ok(name === "index" || fs.existsSync(path.join(ROOT, "notebooks", `${name}.ipynb`)), `links to ${m[1]}, which is no lesson`);
      } else assert.ok(fs.existsSync(target), `links to missing ${m[1]}`);
    }
    assert.match(html, /href="\.\.\/05-[^"]+\.html"|href="\.\.\/index\.html">Lesson 05/, "the identity note links lesson 05");
  });

  it("opens from file:// with no console error or warning and no failed request, and draws both figures", async () => {
    assert.equal(await page.locator("#surface .main-svg").count() > 0, true);
    assert.equal(await page.locator("#loss-plot .main-svg").count() > 0, true);
    assert.equal(await page.locator("#network canvas").count(), 2 + DEFAULT_STATE.hidden + 1);
    await page.screenshot({ path: path.join(SHOTS, "playground.png"), fullPage: true });
    assert.deepEqual(problems, []);
  });

  const runs: { s: PlaygroundState; epochs: number }[] = [
    { s: { data: "moons", hidden: 4, activation: "tanh", lr: 1, seed: 1 }, epochs: 1500 },
    { s: { data: "circles", hidden: 4, activation: "relu", lr: 1, seed: 3 }, epochs: 400 },
    { s: { data: "xor", hidden: 5, activation: "sigmoid", lr: 3, seed: 11 }, epochs: 600 },
    { s: { data: "curve", hidden: 6, activation: "tanh", lr: 0.1, seed: 2 }, epochs: 800 },
    { s: { data: "housing", hidden: 4, activation: "tanh", lr: 0.1, seed: 1 }, epochs: 150 },
  ];
  for (const { s, epochs } of runs) {
    it(`${s.data}: ${epochs} epochs in Chromium, loss falls, and every cost shown equals src/ train() in Node (≤ ${SAME_RUN_TOL})`, async () => {
      await goTo(s);
      const r = await hook<{ epoch: number; cost: number }>(page, `window.__playground.step(${epochs})`);
      assert.equal(r.epoch, epochs);
      const browserCosts = await hook<number[]>(page, "window.__playground.costs()");
      const reference = nodeCosts(s, epochs, housing);
      assert.equal(browserCosts.length, reference.length);
      const worst = Math.max(...browserCosts.map((c, k) => Math.abs(c - reference[k])));
      assert.ok(worst <= SAME_RUN_TOL, `max |Chromium − Node| = ${worst}`);
      assert.ok(reference[epochs] < 0.6 * reference[0], `loss ${reference[0]} → ${reference[epochs]} did not fall`);
      // What the page shows: 6 significant digits, and the full value it was rounded from.
      const shown = await page.locator("#loss").evaluate((e: HTMLElement) => ({ text: e.textContent, value: e.dataset.value, epoch: e.dataset.epoch }));
      assert.equal(shown.text, reference[epochs].toPrecision(6));
      assert.ok(Math.abs(Number(shown.value) - reference[epochs]) <= SAME_RUN_TOL);
      assert.equal(shown.epoch, String(epochs));
      assert.equal(await page.locator("#epoch").textContent(), epochs.toLocaleString("en-US"));
      await page.waitForTimeout(50);
      await page.locator(".board").screenshot({ path: path.join(SHOTS, `playground-${s.data}.png`) });
      assert.deepEqual(problems, []);
    });
  }

  it("opens from a plain static HTTP server too, with no console error or failed request", async () => {
    const types: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css" };
    const server = http.createServer((req, res) => {
      const file = path.join(site, decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname));
      if (!file.startsWith(site) || !fs.existsSync(file) || !fs.statSync(file).isFile()) { res.writeHead(404).end(); return; }
      res.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream" }).end(fs.readFileSync(file));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as { port: number };
    const p = await browser.newPage();
    const seen: string[] = [];
    p.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") seen.push(`console ${m.type()}: ${m.text()}`); });
    p.on("pageerror", (e) => seen.push(`page error: ${e.message}`));
    p.on("requestfailed", (r) => seen.push(`failed request: ${r.url()}`));
    p.on("response", (r) => { if (r.status() >= 400) seen.push(`HTTP ${r.status()}: ${r.url()}`); });
    try {
      await p.goto(`http://127.0.0.1:${port}/playground/index.html#data=housing&hidden=3&act=relu&lr=0.1&seed=9`, { waitUntil: "load" });
      await p.waitForFunction(() => (window as unknown as { __playground?: { firstFigureMs(): number | null } }).__playground?.firstFigureMs() != null, null, { timeout: 120_000 });
      assert.deepEqual(await hook(p, "window.__playground.state()"), { data: "housing", hidden: 3, activation: "relu", lr: 0.1, seed: 9 });
      assert.equal((await hook<{ epoch: number }>(p, "window.__playground.step(20)")).epoch, 20);
    } finally {
      await p.close();
      server.close();
    }
    assert.deepEqual(seen, []);
  });

  it("the URL holds the state: a link restores the controls, the controls rewrite the link, and a reload restores it", async () => {
    const p = await open("#data=circles&hidden=3&act=relu&lr=0.3&seed=42");
    try {
      assert.deepEqual(await hook(p, "window.__playground.state()"), { data: "circles", hidden: 3, activation: "relu", lr: 0.3, seed: 42 });
      assert.equal(await p.locator("#act").inputValue(), "relu");
      assert.equal(await p.locator("#lr").inputValue(), "0.3");
      assert.equal(await p.locator("#seed").inputValue(), "42");
      assert.equal(await p.locator("#hidden-count").textContent(), "3");
      assert.equal(await p.locator('#datasets [data-name="circles"]').getAttribute("aria-checked"), "true");
      await p.locator("#act").selectOption("sigmoid");
      await p.locator("#hidden-plus").click();
      await p.locator("#lr").selectOption("0.03");
      await p.locator("#seed").fill("7");
      await p.locator("#seed").dispatchEvent("change");
      await p.locator('#datasets [data-name="xor"]').click(); // a new data set brings its own learning rate
      const url = await p.evaluate(() => location.href);
      assert.match(url, /#data=xor&hidden=4&act=sigmoid&lr=1&seed=7$/);
      await p.reload({ waitUntil: "load" });
      await p.waitForFunction(() => (window as unknown as { __playground?: unknown }).__playground !== undefined);
      assert.deepEqual(await hook(p, "window.__playground.state()"), { data: "xor", hidden: 4, activation: "sigmoid", lr: 1, seed: 7 });
      assert.equal(await p.locator("#problems").isHidden(), true);
      // A link with nonsense in it is explained on the page, not thrown.
      await p.evaluate(() => { location.hash = "data=spiral&hidden=99"; });
      await p.waitForFunction(() => !(document.getElementById("problems") as HTMLElement).hidden);
      assert.match(await p.locator("#problems").textContent() ?? "", /data=spiral.*hidden=99/);
    } finally {
      await p.close();
    }
    assert.deepEqual(problems, []);
  });

  it(`identity activations make the surface a plane over the inputs (to ${PLANE_TOL}); tanh does not`, async () => {
    const residual = async (s: PlaygroundState, field: "output" | "logit") => {
      await goTo(s);
      await hook(page, "window.__playground.step(200)");
      const g = await hook<{ xs: number[]; ys: number[]; output: number[]; logit: number[] }>(page, "window.__playground.surface()");
      return planeResidual(g.xs, g.ys, g[field]);
    };
    const housingPlane = await residual({ data: "housing", hidden: 5, activation: "identity", lr: 0.1, seed: 4 }, "output");
    await page.screenshot({ path: path.join(SHOTS, "playground-housing-identity.png"), fullPage: true });
    const moonsLogit = await residual({ data: "moons", hidden: 6, activation: "identity", lr: 1, seed: 4 }, "logit");
    await page.locator(".board").screenshot({ path: path.join(SHOTS, "playground-moons-identity.png") });
    const curveLine = await residual({ data: "curve", hidden: 6, activation: "identity", lr: 0.1, seed: 4 }, "output");
    const housingTanh = await residual({ data: "housing", hidden: 5, activation: "tanh", lr: 0.1, seed: 4 }, "output");
    metrics.planeResiduals = { housingPlane, moonsLogit, curveLine, housingTanh };
    assert.ok(housingPlane <= PLANE_TOL, `housing, identity: max residual from the best plane ${housingPlane}`);
    assert.ok(moonsLogit <= PLANE_TOL, `moons, identity: the logit's residual ${moonsLogit}`);
    assert.ok(curveLine <= PLANE_TOL, `curve, identity: residual from the best line ${curveLine}`);
    assert.ok(housingTanh > 1e-3, `with tanh the surface should bend, residual ${housingTanh}`);
    assert.equal(await page.locator("#note").evaluate((e) => e.classList.contains("active")), false);
    await goTo({ data: "moons", hidden: 6, activation: "identity", lr: 1, seed: 4 });
    assert.equal(await page.locator("#note").evaluate((e) => e.classList.contains("active")), true, "the lesson-05 note is highlighted with identity");
    assert.deepEqual(problems, []);
  });

  it("a learning rate that is too large stops training and says so", async () => {
    await goTo({ data: "curve", hidden: 4, activation: "tanh", lr: 10, seed: 1 });
    await hook(page, "window.__playground.step(500)");
    const d = await hook<{ epoch: number } | null>(page, "window.__playground.diverged()");
    assert.ok(d && d.epoch < 500, "η = 10 on the curve should diverge");
    assert.match(await page.locator("#status").textContent() ?? "", /Diverged at epoch \d+.*smaller learning rate/);
    assert.deepEqual(problems, []);
  });

  it("Train animates (epochs advance, the page stays responsive), Pause stops it; speed measured per data set", async () => {
    const rates: Record<string, number> = {};
    for (const data of DATA_NAMES) {
      await goTo({ ...DEFAULT_STATE, data: data as DataName, lr: data === "curve" || data === "housing" ? 0.1 : 1 });
      rates[data] = Math.round((await hook<{ perSecond: number }>(page, "window.__playground.bench(1500)")).perSecond);
    }
    metrics.epochsPerSecondCompute = rates;
    await goTo({ ...DEFAULT_STATE });
    await page.locator("#play").click();
    const t0 = Date.now();
    // While training, the page must still answer: a click on a data-set button is handled within the wait.
    await page.waitForTimeout(3000);
    const e1 = await hook<number>(page, "window.__playground.costs().length - 1");
    const seconds = (Date.now() - t0) / 1000;
    const probe = Date.now();
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(r)));
    metrics.frameLatencyWhileTrainingMs = Date.now() - probe;
    await page.locator("#play").click();
    const e2 = await hook<number>(page, "window.__playground.costs().length - 1");
    await page.waitForTimeout(300);
    const e3 = await hook<number>(page, "window.__playground.costs().length - 1");
    metrics.epochsPerSecondLive = { moons: Math.round(e1 / seconds) };
    assert.ok(e1 > 50, `only ${e1} epochs in ${seconds} s of training`);
    assert.equal(e3, e2, "Pause did not stop training");
    await page.screenshot({ path: path.join(SHOTS, "playground-trained.png"), fullPage: true });
    const dir = path.join(site, "playground");
    const own = fs.readdirSync(dir).reduce((s, f) => s + fs.statSync(path.join(dir, f)).size, 0);
    const plotly = fs.statSync(path.join(site, "vendor/plotly.min.js")).size;
    metrics.pageBytes = { own, files: Object.fromEntries(fs.readdirSync(dir).map((f) => [f, fs.statSync(path.join(dir, f)).size])), plotly, total: own + plotly };
    assert.deepEqual(problems, []);
  });
});
