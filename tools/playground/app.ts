// The playground page: controls ↔ state ↔ URL, the training loop (several epochs per animation frame,
// within a time budget, so the page stays responsive), and the drawing. Bundled by build.ts.
// window.__playground is a small deterministic hook for the browser tests (and curious learners).
import { paintPreview } from "./draw";
import { lossFigure, surfaceFigure } from "./figures";
import {
  DATA_DEFAULTS, DATA_NAMES, DEFAULT_STATE, LEARNING_RATES, MAX_LAYERS, MAX_WIDTH, POINT_CHOICES, TEST_FRACTIONS, Trainer, evaluate, hashToState,
  makeDataset, makeGrid, stateToHash, withData,
  type DataName, type Dataset, type Evaluation, type HousingJson, type InitName, type PlaygroundState,
} from "./model";
import { NetworkView } from "./network-view";
import { SurfaceView } from "./surface-view";
import type { PowerResult } from "../../src/curvature";
import type { Matrix } from "../../src/matrix";
import type { Figure } from "../../src/plot";

interface PlotlyApi { react(el: HTMLElement, data: unknown[], layout: unknown, config?: unknown): Promise<unknown> }
declare const Plotly: PlotlyApi;
declare global {
  interface Window { NN_HOUSING?: HousingJson; __playground?: unknown }
}

const LABELS: Record<DataName, string> = { moons: "Moons", circles: "Circles", xor: "XOR", spiral: "Spiral", curve: "Sine curve", housing: "House prices" };
/** Training gets this many milliseconds of each animation frame; drawing gets what it needs, at most every other frame. */
const TRAIN_BUDGET_MS = 12;
const GRID_2D = 50;
const GRID_1D = 160;
const CONFIG = { displayModeBar: false, responsive: true };
/** Power iteration for λmax gets at most this long (it runs on the page's thread): a big network on the house prices needs ~200 ms per Hessian-vector product. */
const CURVATURE_MS = 1500;
/** The η scale under the menu spans these rates (log). */
const ETA_MIN = 1e-3, ETA_MAX = 10;

const el = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const e = document.getElementById(id);
  if (!e) throw new Error(`playground: the page has no #${id}`);
  return e as T;
};

let state: PlaygroundState = { ...DEFAULT_STATE };
let data: Dataset;
let trainer: Trainer;
let grid: { G: Matrix; xs: number[]; ys: number[]; g: number };
let view: NetworkView;
let surface: SurfaceView;
let running = false;
let nextDrawAt = 0;
let firstFigureMs: number | null = null;
let firstPaintMs: number | null = null;
/** λmax of the Hessian of L, with the epoch it was measured at (null while not measured). */
let curvature: (PowerResult & { epoch: number; exact: boolean }) | null = null;
let curvatureTimer = 0;
const datasets = new Map<string, Dataset>();

function dataset(s: Pick<PlaygroundState, "data" | "points" | "noise" | "dseed" | "test">): Dataset {
  const key = `${s.data}|${s.points}|${s.noise}|${s.dseed}|${s.test}`;
  if (!datasets.has(key)) datasets.set(key, makeDataset(s, window.NN_HOUSING));
  return datasets.get(key)!;
}

/** "median income (standardised)": the housing axes (the raw means and spreads are in the data description). */
function axisLabels(d: Dataset): string[] | undefined {
  return d.name === "housing" ? d.inputs.map((f) => `${f.replace("_", " ")} (standardised)`) : undefined;
}

/** For the data description: what 0 and 1 mean on each standardised housing axis, in the CSV's units. */
function housingUnits(h: HousingJson): string {
  return h.features.map((f, i) => f === "median_income"
    ? `median income 0 = ${(h.mean[i] * 10).toFixed(1)}k, 1 sd = ${(h.std[i] * 10).toFixed(1)}k (USD)`
    : `${f} 0 = ${h.mean[i].toFixed(2)}°, 1 sd = ${h.std[i].toFixed(2)}°`).join("; ");
}

// ---- state and URL -------------------------------------------------------------------------------

function writeUrl(): void {
  const hash = `#${stateToHash(state)}`;
  if (location.hash === hash) return;
  try { history.replaceState(null, "", hash); } catch { location.replace(hash); }
}

/** Applies a new state: anything but the learning rate starts training over from the seeds (so does any change after a divergence). */
function setState(next: PlaygroundState): void {
  const restart = !trainer || trainer.diverged !== null || stateToHash({ ...next, lr: 0 }) !== stateToHash({ ...state, lr: 0 });
  state = { ...next, layers: next.layers.slice() };
  writeUrl();
  syncControls();
  if (restart) reset();
  else { trainer.state.lr = state.lr; setStatus(""); showEta(); }
}

function syncControls(): void {
  const lr = el<HTMLSelectElement>("lr");
  const rates = [...new Set([...LEARNING_RATES, state.lr])].sort((a, b) => a - b);
  if (lr.options.length !== rates.length || !Array.from(lr.options).some((o) => Number(o.value) === state.lr)) {
    lr.replaceChildren(...rates.map((r) => new Option(String(r), String(r))));
  }
  lr.value = String(state.lr);
  el<HTMLSelectElement>("act").value = state.activation;
  el<HTMLSelectElement>("init").value = state.init;
  el<HTMLInputElement>("seed").value = String(state.seed);
  el<HTMLInputElement>("dseed").value = String(state.dseed);
  const toy = state.data !== "housing";
  const noise = el<HTMLInputElement>("noise");
  noise.value = String(state.noise);
  noise.disabled = !toy;
  el("noise-value").textContent = toy ? String(state.noise) : "none (real data)";
  const points = el<HTMLSelectElement>("points");
  const counts = [...new Set([...POINT_CHOICES, state.points])].sort((a, b) => a - b);
  points.replaceChildren(...counts.map((m) => new Option(String(m), String(m))));
  points.value = String(state.points);
  points.disabled = !toy;
  el<HTMLInputElement>("dseed").disabled = !toy;
  const test = el<HTMLSelectElement>("test");
  const fractions = [...new Set([...TEST_FRACTIONS, state.test])].sort((a, b) => a - b);
  test.replaceChildren(...fractions.map((f) => new Option(f === 0 ? "none" : `${Math.round(f * 100)}%`, String(f))));
  test.value = String(state.test);
  const H = state.layers.length;
  el("layers-count").textContent = String(H);
  el("layers-word").textContent = H === 1 ? "hidden layer" : "hidden layers";
  el<HTMLButtonElement>("layers-minus").disabled = H <= 0;
  el<HTMLButtonElement>("layers-plus").disabled = H >= MAX_LAYERS;
  const widths = el("widths");
  widths.replaceChildren(...state.layers.map((n, l) => {
    const box = document.createElement("span");
    box.className = "width";
    box.innerHTML = `<button type="button" class="tiny" id="width-minus-${l + 1}" aria-label="Fewer units in layer ${l + 1}">−</button>` +
      `<output id="width-count-${l + 1}" title="units in hidden layer ${l + 1}">${n}</output>` +
      `<button type="button" class="tiny" id="width-plus-${l + 1}" aria-label="More units in layer ${l + 1}">+</button>`;
    (box.children[0] as HTMLButtonElement).disabled = n <= 1;
    (box.children[2] as HTMLButtonElement).disabled = n >= MAX_WIDTH;
    box.children[0].addEventListener("click", () => setWidth(l, n - 1));
    box.children[2].addEventListener("click", () => setWidth(l, n + 1));
    return box;
  }));
  if (H === 0) widths.textContent = "no hidden layer: the linear model (logistic regression for classification)";
  el("datasets").querySelectorAll("button").forEach((b) => b.setAttribute("aria-checked", String(b.dataset.name === state.data)));
  el("note").classList.toggle("active", state.activation === "identity" && H > 0);
  el<HTMLSelectElement>("act").disabled = H === 0;
}

/** Puts each layer's − n + stepper above its column of the diagram. */
function placeWidths(): void {
  const xs = view.hiddenCentres();
  el("widths").querySelectorAll<HTMLElement>(".width").forEach((box, l) => {
    if (xs[l] !== undefined) box.style.left = `${xs[l]}px`;
  });
}

function setWidth(l: number, n: number): void {
  const layers = state.layers.slice();
  layers[l] = Math.max(1, Math.min(MAX_WIDTH, n));
  setState({ ...state, layers });
}

// ---- the learning rate against 2/λmax -------------------------------------------------------------

/** Where lesson 09's rule is exact: the linear model (no hidden layer) with the squared error, whose L is quadratic in θ. */
function curvatureIsExact(): boolean {
  return state.layers.length === 0 && data.loss === "mse";
}

/** Measures λmax at the current weights, after the page has drawn (it takes up to ~200 forward/backward passes). */
function measureCurvature(): void {
  clearTimeout(curvatureTimer);
  curvature = null;
  showEta();
  curvatureTimer = window.setTimeout(() => {
    try {
      curvature = { ...trainer.curvature({ maxMs: CURVATURE_MS }), epoch: trainer.epoch };
    } catch (e) {
      curvature = null;
      el("lambda").textContent = `λmax could not be measured: ${(e as Error).message}`;
      return;
    }
    showEta();
  }, 0);
}

/** The limit 2/λmax, or null while unknown or when the curvature is not positive. */
function etaLimit(): number | null {
  return curvature && curvature.lambda > 0 && settled(curvature) ? 2 / curvature.lambda : null;
}

/**
 * Whether power iteration settled: ‖Hv − λv‖ ≤ 10 % of λ, so an eigenvalue of H lies within 10 % of the
 * estimate (and for the top one the error shrinks like the residual squared). It may not: ReLU's kinks
 * make differences of the gradient jump; then no mark is drawn. Between 1e-4 and 0.1 the text says ≈.
 */
function settled(c: PowerResult): boolean {
  return c.residual <= 0.1;
}

function showEta(): void {
  const pos = (eta: number) => `${(100 * (Math.log10(eta) - Math.log10(ETA_MIN))) / (Math.log10(ETA_MAX) - Math.log10(ETA_MIN))}%`;
  const clampPos = (eta: number) => pos(Math.min(ETA_MAX, Math.max(ETA_MIN, eta)));
  el("eta-mark").style.left = clampPos(state.lr);
  const limit = etaLimit();
  const mark = el("eta-limit");
  mark.hidden = limit === null;
  const info = el("lambda");
  el<HTMLButtonElement>("lr-below").disabled = limit === null;
  el<HTMLButtonElement>("lr-above").disabled = limit === null;
  const lrSelect = el<HTMLSelectElement>("lr");
  for (const o of Array.from(lrSelect.options)) o.textContent = limit !== null && Number(o.value) > limit ? `${o.value}  (> 2/λmax)` : o.value;
  if (!curvature) { info.textContent = "2/λmax: measuring…"; info.dataset.limit = ""; return; }
  info.dataset.limit = limit === null ? "" : String(limit);
  info.dataset.lambda = String(curvature.lambda);
  if (limit === null) {
    info.textContent = !settled(curvature)
      ? `λmax: power iteration did not settle at epoch ${curvature.epoch} (residual ${curvature.residual.toExponential(0)} after ${curvature.iterations} products${state.activation === "relu" ? "; ReLU's kinks make the gradient jump" : ""}): no mark`
      : `λmax = ${curvature.lambda.toPrecision(3)} ≤ 0 at epoch ${curvature.epoch}: no step-size limit from the curvature here`;
    info.classList.remove("over");
    return;
  }
  mark.style.left = clampPos(limit);
  mark.title = `2/λmax = ${limit.toPrecision(4)}`;
  const where = curvature.exact ? "exact: L is quadratic (linear model, squared error)" : `at the weights of epoch ${curvature.epoch}`;
  const converged = curvature.residual < 1e-4 ? "" : ` (≈: power iteration residual ${curvature.residual.toExponential(0)})`;
  info.textContent = `2/λmax = ${limit.toPrecision(3)}${converged}, ${where}; η is ${state.lr > limit ? "above" : "below"} it`;
  info.classList.toggle("over", state.lr > limit);
}

/** η = factor · 2/λmax, rounded to 4 significant digits (it goes into the link). */
function lrAtLimit(factor: number): void {
  const limit = etaLimit();
  if (limit !== null) setState({ ...state, lr: Number((factor * limit).toPrecision(4)) });
}

// ---- training and drawing --------------------------------------------------------------------------

function reset(): void {
  pause();
  data = dataset(state);
  const g = data.inputs.length === 1 ? GRID_1D : GRID_2D;
  grid = { ...makeGrid(data, g), g };
  // Trainer keeps its own copy of the state: changing η later changes only its lr.
  trainer = new Trainer(data, { ...state, layers: state.layers.slice() });
  view.build(data, state.layers, grid);
  placeWidths();
  el("task").textContent = data.task === "classification" ? "classification" : "regression";
  el("surface-caption").textContent = (data.task === "classification"
    ? "Colour: the network's probability of class 1 (blue) over the plane; black line: P = 0.5, where its answer changes."
    : data.inputs.length === 1 ? "Line: the network's prediction ŷ(x) at every x; points: the noisy samples of sin x it learns from."
      : "Background: the predicted price at every point of the plane; dots: the real block groups, coloured by their price.") +
    (data.Xtest.cols ? ` Hollow rings (diamonds for prices): the ${data.Xtest.cols} test examples, never trained on.` : "");
  const units = data.name === "housing" && window.NN_HOUSING ? ` Axes: ${housingUnits(window.NN_HOUSING)}.` : "";
  el("data-desc").textContent = `${data.description}.${units} ${data.task === "classification" ? "Output σ(z), loss L: cross-entropy." : "Output z (no activation), loss L: mean squared error."}`;
  el("loss-name").textContent = data.task === "classification" ? "Training loss L (cross-entropy)" : "Training loss L (MSE)";
  el("extra-name").textContent = data.task === "classification" ? "Accuracy (training · test)" : "RMSE (training · test)";
  el("test-stat").hidden = data.Xtest.cols === 0;
  if (data.Xtest.cols === 0) el("extra-name").textContent = data.task === "classification" ? "Accuracy" : "RMSE";
  const collapse = data.task === "classification" ? "the logit z is a plane and the boundary a straight line"
    : data.inputs.length === 1 ? "the fit is a straight line" : "the predicted price is a plane";
  setStatus(state.activation === "identity" && state.layers.length > 0 ? `identity: the network is one linear layer in disguise, so ${collapse} (see the note below).` : "");
  nextDrawAt = 0;
  figureStale = true;
  draw();
  measureCurvature();
}

function evaluation(): Evaluation {
  return evaluate(trainer.params, grid.G, state.activation, data.output);
}

function showStats(): void {
  const k = trainer.epoch;
  const L = trainer.costs[k];
  el("epoch").textContent = k.toLocaleString("en-US").padStart(3, "0");
  const show = (id: string, v: number | undefined) => {
    const e = el(id);
    e.textContent = v === undefined ? "–" : Number.isFinite(v) ? v.toPrecision(6) : String(v);
    e.dataset.value = String(v);
    e.dataset.epoch = String(k);
  };
  show("loss", L);
  show("test-loss", trainer.testCosts[k]);
  const extra = el("extra");
  const split = data.Xtest.cols > 0;
  if (data.task === "classification") {
    const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
    extra.textContent = split ? `${pct(trainer.accuracy())} · ${pct(trainer.testAccuracy())}` : pct(trainer.accuracy());
  } else {
    // MSE is the mean of (ŷ − y)², so its square root is a typical error in y's units ($100k for prices).
    const rmse = (v: number) => (data.name === "housing" ? `$${Math.round(Math.sqrt(v) * 1e5).toLocaleString("en-US")}` : Math.sqrt(v).toPrecision(3));
    extra.textContent = split ? `${rmse(L)} · ${rmse(trainer.testCosts[k])}` : rmse(L);
  }
}

/** Milliseconds spent in each part of drawing, summed since the page opened (read by the tests). */
const drawTimes = { draws: 0, evaluate: 0, network: 0, surface: 0, loss: 0, lossDraws: 0, figure: 0 };
/** The output figure's axes and points are redrawn only when the set-up changes (see surface-view.ts). */
let figureStale = true;
/** The loss plot (a Plotly.react, tens of ms) is redrawn at most this often while training. */
const LOSS_PLOT_EVERY_MS = 400;
let lossDrawnAt = -Infinity;

function draw(force = true): void {
  let t = performance.now();
  const lap = (key: "evaluate" | "network" | "surface" | "loss" | "figure") => { const now = performance.now(); drawTimes[key] += now - t; t = now; };
  if (figureStale && typeof Plotly !== "undefined") {
    plot("surface", surfaceFigure(data, grid.xs, grid.ys, axisLabels(data)));
    figureStale = false;
    lap("figure");
  }
  const ev = evaluation();
  lap("evaluate");
  view.update(data, trainer.params, ev, grid.g, state.activation);
  showStats();
  lap("network");
  surface.paint(data, grid.xs, grid.ys, ev.AL.data);
  lap("surface");
  if (force || t - lossDrawnAt >= LOSS_PLOT_EVERY_MS) {
    const label = data.task === "classification" ? "L (cross-entropy, log)" : "L (MSE, log)";
    plot("loss-plot", lossFigure({ train: trainer.costs, test: trainer.testCosts, divergedAt: trainer.diverged?.epoch ?? null }, label));
    lossDrawnAt = performance.now();
    drawTimes.lossDraws++;
    lap("loss");
  }
  drawTimes.draws++;
}

function plot(id: string, fig: Figure): void {
  if (typeof Plotly === "undefined") return; // still loading: loadPlotly draws when it arrives
  const p = Plotly.react(el(id), fig.data, fig.layout, CONFIG);
  if (firstFigureMs === null) p.then(() => { if (firstFigureMs === null) firstFigureMs = performance.now(); });
}

function setStatus(text: string, warn = false): void {
  const s = el("status");
  s.textContent = text;
  s.classList.toggle("warn", warn);
}

function afterSteps(): void {
  if (trainer.diverged) {
    pause();
    const { epoch, cost } = trainer.diverged;
    const limit = etaLimit();
    const why = limit !== null && state.lr > limit ? ` (above 2/λmax = ${limit.toPrecision(3)})` : "";
    setStatus(`Diverged at epoch ${epoch}: the loss L became ${cost}. η = ${state.lr}${why} overshoots; pick a smaller learning rate to start again.`, true);
  }
}

function frame(): void {
  if (!running) return;
  const t0 = performance.now();
  while (performance.now() - t0 < TRAIN_BUDGET_MS && trainer.step());
  const now = performance.now();
  if (now >= nextDrawAt || trainer.diverged) {
    draw(trainer.diverged !== null);
    const took = performance.now() - now;
    // Drawing may take longer than a frame (plotly): then train through a frame or two before the next draw.
    nextDrawAt = performance.now() + Math.max(0, took * 1.5 - TRAIN_BUDGET_MS);
  } else showStats();
  afterSteps();
  if (running) requestAnimationFrame(frame);
}

function play(): void {
  if (running || trainer.diverged) return;
  running = true;
  el("play").setAttribute("aria-label", "Pause");
  el("play").classList.add("running");
  requestAnimationFrame(frame);
}

function pause(): void {
  if (running) requestAnimationFrame(() => draw()); // the loss plot catches up with the last epoch
  running = false;
  el("play").setAttribute("aria-label", "Train");
  el("play").classList.remove("running");
}

function steps(n: number): void {
  for (let k = 0; k < n && trainer.step(); k++);
  draw();
  afterSteps();
}

// ---- controls ------------------------------------------------------------------------------------

function buildDatasetButtons(): void {
  const box = el("datasets");
  for (const name of DATA_NAMES) {
    if (name === "housing" && !window.NN_HOUSING) continue;
    const d = dataset({ data: name, points: DATA_DEFAULTS[name].points, noise: DATA_DEFAULTS[name].noise, dseed: DEFAULT_STATE.dseed, test: 0 });
    const b = document.createElement("button");
    b.type = "button";
    b.dataset.name = name;
    b.setAttribute("role", "radio");
    b.title = d.description;
    const c = document.createElement("canvas");
    const label = document.createElement("span");
    label.innerHTML = `${LABELS[name]}<small>${d.task}</small>`;
    b.append(c, label);
    box.appendChild(b);
    paintPreview(c, d.X, d.Y.data, d.task === "classification", 46);
    // A new data set comes with its own size, noise and a learning rate that suits it (the curve and the prices diverge at η = 1).
    b.addEventListener("click", () => { if (name !== state.data) setState(withData(state, name)); });
  }
}

/** An integer field (a seed): applied on change when valid, else put back. */
function seedField(id: string, apply: (v: number) => void): void {
  el<HTMLInputElement>(id).addEventListener("change", (e) => {
    const v = Number((e.target as HTMLInputElement).value);
    if (Number.isInteger(v) && v >= 0 && v < 2 ** 32) apply(v);
    else syncControls();
  });
}

function wire(): void {
  el("play").addEventListener("click", () => (running ? pause() : play()));
  el("step").addEventListener("click", () => { pause(); steps(1); });
  el("reset").addEventListener("click", () => reset());
  const select = (id: string) => (el<HTMLSelectElement>(id)).value;
  el("lr").addEventListener("change", () => setState({ ...state, lr: Number(select("lr")) }));
  el("act").addEventListener("change", () => setState({ ...state, activation: select("act") as PlaygroundState["activation"] }));
  el("init").addEventListener("change", () => setState({ ...state, init: select("init") as InitName }));
  el("points").addEventListener("change", () => setState({ ...state, points: Number(select("points")) }));
  el("test").addEventListener("change", () => setState({ ...state, test: Number(select("test")) }));
  const noise = el<HTMLInputElement>("noise");
  noise.addEventListener("input", () => { el("noise-value").textContent = noise.value; });
  noise.addEventListener("change", () => setState({ ...state, noise: Number(noise.value) }));
  seedField("seed", (v) => setState({ ...state, seed: v }));
  seedField("dseed", (v) => setState({ ...state, dseed: v }));
  el("reseed").addEventListener("click", () => setState({ ...state, seed: Math.floor(Math.random() * 10000) }));
  el("layers-minus").addEventListener("click", () => setState({ ...state, layers: state.layers.slice(0, -1) }));
  el("layers-plus").addEventListener("click", () => {
    if (state.layers.length < MAX_LAYERS) setState({ ...state, layers: [...state.layers, state.layers[state.layers.length - 1] ?? 4] });
  });
  el("lr-below").addEventListener("click", () => lrAtLimit(0.95));
  el("lr-above").addEventListener("click", () => lrAtLimit(1.05));
  el("lambda-now").addEventListener("click", () => measureCurvature());
  el("copy").addEventListener("click", async () => {
    try { await navigator.clipboard.writeText(location.href); el("copy").textContent = "Copied ✓"; } catch { window.prompt("Copy this link:", location.href); }
    setTimeout(() => (el("copy").textContent = "Copy link"), 1500);
  });
  window.addEventListener("hashchange", () => loadFromUrl());
  // Space trains/pauses, → steps one epoch (unless typing in a field or a button has the focus: it handles Space itself).
  document.addEventListener("keydown", (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || (e.target as HTMLElement).closest("input, select, textarea, button")) return;
    if (e.key === " ") { e.preventDefault(); running ? pause() : play(); }
    else if (e.key === "ArrowRight") { e.preventDefault(); pause(); steps(1); }
  });
  let resizeTimer = 0;
  window.addEventListener("resize", () => { clearTimeout(resizeTimer); resizeTimer = window.setTimeout(() => { view.layout(); placeWidths(); figureStale = true; draw(); }, 120); });
}

function loadFromUrl(): void {
  const { state: fromUrl, problems } = hashToState(location.hash.length > 1 ? location.hash : location.search);
  if (fromUrl.data === "housing" && !window.NN_HOUSING) { problems.push("the house-price data (housing-data.js) did not load; showing the moons"); Object.assign(fromUrl, withData(fromUrl, "moons")); }
  const box = el("problems");
  box.hidden = problems.length === 0;
  box.textContent = problems.length ? `Some settings in the link were not understood: ${problems.join("; ")}.` : "";
  if (stateToHash(fromUrl) !== stateToHash(state) || !trainer) setState(fromUrl);
}

/**
 * plotly.js (4.6 MB, shared with the lesson pages) is loaded after the page and the network diagram
 * are on screen, so a slow machine shows the controls and the neurons first; then the two figures draw.
 */
function loadPlotly(): void {
  const s = document.createElement("script");
  s.src = "../vendor/plotly.min.js";
  s.onload = () => {
    draw();
    // Plotly re-lays out on resize (responsive): repaint the surface into the new plot area.
    (el("surface") as HTMLElement & { on?: (ev: string, f: () => void) => void }).on?.("plotly_afterplot", () => surface.paint(data, grid.xs, grid.ys, evaluation().AL.data));
  };
  s.onerror = () => setStatus("plotly.js did not load from ../vendor/plotly.min.js: the figures cannot be drawn (the network still trains).", true);
  document.head.appendChild(s);
}

function main(): void {
  view = new NetworkView(el("network"));
  surface = new SurfaceView(el("surface"));
  buildDatasetButtons();
  wire();
  loadFromUrl();
  writeUrl();
  requestAnimationFrame(() => { firstPaintMs = performance.now(); setTimeout(loadPlotly, 0); });
  window.__playground = {
    /** n epochs now (synchronously), then one draw; returns the epoch and L. */
    step(n: number) { pause(); steps(n); return { epoch: trainer.epoch, cost: trainer.costs[trainer.epoch] }; },
    costs: () => trainer.costs.slice(),
    testCosts: () => trainer.testCosts.slice(),
    /** λmax and 2/λmax as last measured (null while measuring), and the epoch of the weights it was measured at. */
    curvature: () => (curvature ? { lambda: curvature.lambda, limit: etaLimit(), epoch: curvature.epoch, residual: curvature.residual, exact: curvatureIsExact() } : null),
    /** The training points (X by rows, Y) as the page generated them. */
    points: () => ({ X: Array.from(data.X.data), Y: Array.from(data.Y.data), rows: data.X.rows, test: data.Xtest.cols }),
    state: () => ({ ...state }),
    diverged: () => trainer.diverged,
    /** The output (and, before the output activation, z) over the drawing grid, with its coordinates. */
    surface() {
      const ev = evaluation();
      return { nx: data.inputs.length, xs: grid.xs, ys: grid.ys, output: Array.from(ev.AL.data), logit: Array.from(ev.ZL.data) };
    },
    /** Epochs per second of a fresh trainer with the current set-up, without drawing (the page's own run is untouched). */
    bench(ms: number) {
      const t = new Trainer(data, { ...state, layers: state.layers.slice() });
      const t0 = performance.now();
      let n = 0;
      while (performance.now() - t0 < ms && t.step()) n++;
      return { epochs: n, seconds: (performance.now() - t0) / 1000, perSecond: n / ((performance.now() - t0) / 1000) };
    },
    /** Back to epoch 0 with the current state (the ↺ button). */
    reset,
    play, pause,
    running: () => running,
    firstFigureMs: () => firstFigureMs,
    firstPaintMs: () => firstPaintMs,
    drawTimes: () => ({ ...drawTimes }),
  };
}

main();
