// The playground page: controls ↔ state ↔ URL, the training loop (several epochs per animation frame,
// within a time budget, so the page stays responsive), and the drawing. Bundled by build.ts.
// window.__playground is a small deterministic hook for the browser tests (and curious learners).
import { paintPreview } from "./draw";
import { lossFigure, surfaceFigure } from "./figures";
import {
  DATA_NAMES, DEFAULT_STATE, LEARNING_RATES, MAX_HIDDEN, SUGGESTED_LR, Trainer, evaluate, hashToState, makeDataset, makeGrid, stateToHash,
  type DataName, type Dataset, type Evaluation, type HousingJson, type PlaygroundState,
} from "./model";
import { NetworkView } from "./network-view";
import { SurfaceView } from "./surface-view";
import type { Matrix } from "../../src/matrix";
import type { Figure } from "../../src/plot";

interface PlotlyApi { react(el: HTMLElement, data: unknown[], layout: unknown, config?: unknown): Promise<unknown> }
declare const Plotly: PlotlyApi;
declare global {
  interface Window { NN_HOUSING?: HousingJson; __playground?: unknown }
}

const LABELS: Record<DataName, string> = { moons: "Moons", circles: "Circles", xor: "XOR", curve: "Sine curve", housing: "House prices" };
/** Training gets this many milliseconds of each animation frame; drawing gets what it needs, at most every other frame. */
const TRAIN_BUDGET_MS = 12;
const GRID_2D = 50;
const GRID_1D = 160;
const CONFIG = { displayModeBar: false, responsive: true };

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
const datasets = new Map<DataName, Dataset>();

function dataset(name: DataName): Dataset {
  if (!datasets.has(name)) datasets.set(name, makeDataset(name, window.NN_HOUSING));
  return datasets.get(name)!;
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

/** Applies a new state: anything but the learning rate starts training over from the seed (so does any change after a divergence). */
function setState(next: PlaygroundState): void {
  const restart = next.data !== state.data || next.hidden !== state.hidden || next.activation !== state.activation || next.seed !== state.seed || !trainer || trainer.diverged !== null;
  state = { ...next };
  writeUrl();
  syncControls();
  if (restart) reset();
  else { trainer.state.lr = state.lr; setStatus(""); }
}

function syncControls(): void {
  const lr = el<HTMLSelectElement>("lr");
  const rates = [...new Set([...LEARNING_RATES, state.lr])].sort((a, b) => a - b);
  if (lr.options.length !== rates.length) lr.replaceChildren(...rates.map((r) => new Option(String(r), String(r))));
  lr.value = String(state.lr);
  el<HTMLSelectElement>("act").value = state.activation;
  el<HTMLInputElement>("seed").value = String(state.seed);
  el("hidden-count").textContent = String(state.hidden);
  el("hidden-word").textContent = state.hidden === 1 ? "hidden unit" : "hidden units";
  el<HTMLButtonElement>("hidden-minus").disabled = state.hidden <= 1;
  el<HTMLButtonElement>("hidden-plus").disabled = state.hidden >= MAX_HIDDEN;
  el("datasets").querySelectorAll("button").forEach((b) => b.setAttribute("aria-checked", String(b.dataset.name === state.data)));
  el("note").classList.toggle("active", state.activation === "identity");
}

// ---- training and drawing --------------------------------------------------------------------------

function reset(): void {
  pause();
  data = dataset(state.data);
  const g = data.inputs.length === 1 ? GRID_1D : GRID_2D;
  grid = { ...makeGrid(data, g), g };
  // Trainer keeps its own copy of the state: changing η later changes only its lr.
  trainer = new Trainer(data, { ...state });
  view.build(data, state.hidden, grid);
  el("task").textContent = data.task === "classification" ? "classification" : "regression";
  el("surface-caption").textContent = data.task === "classification"
    ? "Colour: the network's probability of class 1 (blue) over the plane; black line: P = 0.5, where its answer changes."
    : data.inputs.length === 1 ? "Line: the network's prediction ŷ(x) at every x; points: the noisy samples of sin x it learns from."
      : "Background: the predicted price at every point of the plane; dots: the real block groups, coloured by their price.";
  const units = data.name === "housing" && window.NN_HOUSING ? ` Axes: ${housingUnits(window.NN_HOUSING)}.` : "";
  el("data-desc").textContent = `${data.description}.${units} ${data.task === "classification" ? "Output σ(z), loss cross-entropy." : "Output z (no activation), loss mean squared error."}`;
  el("loss-name").textContent = data.task === "classification" ? "Loss (cross-entropy)" : "Loss (MSE)";
  el("extra-name").textContent = data.task === "classification" ? "Accuracy" : "RMSE";
  const collapse = data.task === "classification" ? "the logit z is a plane and the boundary a straight line"
    : data.inputs.length === 1 ? "the fit is a straight line" : "the predicted price is a plane";
  setStatus(state.activation === "identity" ? `identity: the network is one linear layer in disguise, so ${collapse} (see the note below).` : "");
  nextDrawAt = 0;
  figureStale = true;
  draw();
}

function evaluation(): Evaluation {
  return evaluate(trainer.params, grid.G, state.activation, data.output);
}

function showStats(): void {
  const J = trainer.costs[trainer.epoch];
  el("epoch").textContent = trainer.epoch.toLocaleString("en-US").padStart(3, "0");
  const loss = el("loss");
  loss.textContent = Number.isFinite(J) ? J.toPrecision(6) : String(J);
  loss.dataset.value = String(J);
  loss.dataset.epoch = String(trainer.epoch);
  const extra = el("extra");
  if (data.task === "classification") extra.textContent = `${(100 * trainer.accuracy()).toFixed(1)}%`;
  else {
    // MSE is the mean of (ŷ − y)², so its square root is a typical error in y's units ($100k for prices).
    const rmse = Math.sqrt(J);
    extra.textContent = data.name === "housing" ? `$${Math.round(rmse * 1e5).toLocaleString("en-US")}` : rmse.toPrecision(3);
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
  surface.paint(data, grid.xs, grid.ys, ev.A2.data);
  lap("surface");
  if (force || t - lossDrawnAt >= LOSS_PLOT_EVERY_MS) {
    plot("loss-plot", lossFigure(trainer.costs, data.task === "classification" ? "J (cross-entropy)" : "J (MSE)"));
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
    setStatus(`Diverged at epoch ${epoch}: the loss became ${cost}. η = ${state.lr} overshoots; pick a smaller learning rate to start again.`, true);
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
    const d = dataset(name);
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
    // A new data set comes with a learning rate that suits it (the curve and the prices diverge at η = 1).
    b.addEventListener("click", () => { if (name !== state.data) setState({ ...state, data: name, lr: SUGGESTED_LR[name] }); });
  }
}

function wire(): void {
  el("play").addEventListener("click", () => (running ? pause() : play()));
  el("step").addEventListener("click", () => { pause(); steps(1); });
  el("reset").addEventListener("click", () => reset());
  el<HTMLSelectElement>("lr").addEventListener("change", (e) => setState({ ...state, lr: Number((e.target as HTMLSelectElement).value) }));
  el<HTMLSelectElement>("act").addEventListener("change", (e) => setState({ ...state, activation: (e.target as HTMLSelectElement).value as PlaygroundState["activation"] }));
  el<HTMLInputElement>("seed").addEventListener("change", (e) => {
    const v = Number((e.target as HTMLInputElement).value);
    if (Number.isInteger(v) && v >= 0 && v < 2 ** 32) setState({ ...state, seed: v });
    else syncControls();
  });
  el("reseed").addEventListener("click", () => setState({ ...state, seed: Math.floor(Math.random() * 10000) }));
  el("hidden-minus").addEventListener("click", () => setState({ ...state, hidden: Math.max(1, state.hidden - 1) }));
  el("hidden-plus").addEventListener("click", () => setState({ ...state, hidden: Math.min(MAX_HIDDEN, state.hidden + 1) }));
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
  window.addEventListener("resize", () => { clearTimeout(resizeTimer); resizeTimer = window.setTimeout(() => { view.layout(); figureStale = true; draw(); }, 120); });
}

function loadFromUrl(): void {
  const { state: fromUrl, problems } = hashToState(location.hash.length > 1 ? location.hash : location.search);
  if (fromUrl.data === "housing" && !window.NN_HOUSING) { problems.push("the house-price data (housing-data.js) did not load; showing the moons"); fromUrl.data = "moons"; }
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
    (el("surface") as HTMLElement & { on?: (ev: string, f: () => void) => void }).on?.("plotly_afterplot", () => surface.paint(data, grid.xs, grid.ys, evaluation().A2.data));
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
    /** n epochs now (synchronously), then one draw; returns the epoch and J. */
    step(n: number) { pause(); steps(n); return { epoch: trainer.epoch, cost: trainer.costs[trainer.epoch] }; },
    costs: () => trainer.costs.slice(),
    state: () => ({ ...state }),
    diverged: () => trainer.diverged,
    /** The output (and, before the output activation, z) over the drawing grid, with its coordinates. */
    surface() {
      const ev = evaluation();
      return { nx: data.inputs.length, xs: grid.xs, ys: grid.ys, output: Array.from(ev.A2.data), logit: Array.from(ev.Z2.data) };
    },
    /** Epochs per second of a fresh trainer with the current set-up, without drawing (the page's own run is untouched). */
    bench(ms: number) {
      const t = new Trainer(data, { ...state });
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
