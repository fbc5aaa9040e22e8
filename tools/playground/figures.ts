// The playground's two plotly figures as plain specs, built with src/plot (the same helpers the
// lessons use): the output over the input plane with the data on top, and the loss curve.
import { figure, lineTrace, scatterTrace, type Figure, type Trace } from "../../src/plot";
import { BLUE, ORANGE, rgb } from "./draw";
import type { Dataset } from "./model";

const SCALE = [[0, rgb(ORANGE)], [0.5, "#ffffff"], [1, rgb(BLUE)]];
const FONT = { family: "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", size: 12, color: "#1d2330" };
/** Test points: hollow rings in the class colour (the network never trains on them). */
const TEST_MARKER = (colour: string) => ({ size: 8, color: "rgba(255,255,255,0.6)", symbol: "circle", line: { color: colour, width: 2 } });
/** Prices are coloured from $0 (orange) through $250k (white) to $500k and over (blue), points and surface alike. */
export const PRICE_MAX = 5;

/**
 * The output figure's fixed part: axes, titles and the data points. The network's output itself (the
 * surface, the 0.5 boundary, the fitted curve) is painted under it by surface-view.ts, every frame,
 * through the transparent plot area. 2-D: x₁ across, x₂ up; 1-D: x across, y up.
 */
export function surfaceFigure(d: Dataset, xs: number[], ys: number[], axisLabels?: string[]): Figure {
  const g = xs.length;
  const axis = { zeroline: false, showgrid: false, ticks: "outside", ticklen: 4, linecolor: "#c9ced8", mirror: true, showline: true };
  const common = { font: FONT, margin: { l: 56, r: 16, t: 40, b: 46 }, height: 420, showlegend: false, paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "rgba(0,0,0,0)", hovermode: "closest" };
  const m = d.X.cols;
  if (d.inputs.length === 1) {
    const part = (test: boolean) => Array.from(d.Y.data.keys()).filter((k) => d.testMask[k] === test);
    const tr = part(false), te = part(true);
    const data: Trace[] = [
      scatterTrace(tr.map((k) => d.X.data[k]), tr.map((k) => d.Y.data[k]), "training data", { type: "scatter", marker: { size: 7, color: rgb(BLUE), opacity: 0.85, line: { color: "#fff", width: 1 } }, hovertemplate: "x %{x:.2f}<br>y %{y:.3f}<extra>training</extra>" }),
    ];
    if (te.length) data.push(scatterTrace(te.map((k) => d.X.data[k]), te.map((k) => d.Y.data[k]), "test data", { type: "scatter", marker: TEST_MARKER(rgb(ORANGE)), hovertemplate: "x %{x:.2f}<br>y %{y:.3f}<extra>test (not trained on)</extra>" }));
    return figure({ title: "The network's fit ŷ(x) (line) and the data", x: "x", y: "y" }, data, { ...common, xaxis: { ...axis, range: [xs[0], xs[g - 1]] }, yaxis: { ...axis, range: [-1.7, 1.7], showgrid: true, gridcolor: "#eef0f4" } });
  }
  const x1 = d.X.data.subarray(0, m), x2 = d.X.data.subarray(m, 2 * m);
  const ranges = { xaxis: { ...axis, range: [xs[0], xs[g - 1]] }, yaxis: { ...axis, range: [ys[0], ys[g - 1]] } };
  if (d.task === "classification") {
    const cls = (c: number, test: boolean) => {
      const idx = Array.from(d.Y.data.keys()).filter((k) => d.Y.data[k] === c && d.testMask[k] === test);
      const colour = rgb(c === 1 ? BLUE : ORANGE);
      return scatterTrace(idx.map((k) => x1[k]), idx.map((k) => x2[k]), `class ${c}${test ? " (test)" : ""}`, {
        type: "scatter", marker: test ? TEST_MARKER(colour) : { size: 7, color: colour, opacity: 1, line: { color: "#fff", width: 1 } },
        hovertemplate: `x₁ %{x:.2f}<br>x₂ %{y:.2f}<extra>class ${c}${test ? ", test (not trained on)" : ""}</extra>`,
      });
    };
    const traces = [cls(0, false), cls(1, false)];
    if (d.Xtest.cols) traces.push(cls(0, true), cls(1, true));
    return figure({ title: "Decision surface P(y = 1 | x)", x: "x₁", y: "x₂" }, traces, { ...common, xaxis: { ...ranges.xaxis, constrain: "domain" }, yaxis: { ...ranges.yaxis, scaleanchor: "x", constrain: "domain" } });
  }
  // Regression over two features (house prices): the price as colour, the same scale as the surface.
  const labels = axisLabels ?? d.inputs;
  const points = scatterTrace(x1, x2, "block groups", {
    type: "scatter",
    marker: { size: 6, color: Array.from(d.Y.data), symbol: d.testMask.map((t) => (t ? "diamond" : "circle")), cmin: 0, cmax: PRICE_MAX, colorscale: SCALE, opacity: 0.95, line: { color: "#fff", width: 0.6 }, showscale: true, colorbar: { title: { text: "price ($100k)", side: "right" }, thickness: 12, len: 0.9, outlinewidth: 0 } },
    hovertemplate: `${d.inputs[0]} %{x:.2f}<br>${d.inputs[1]} %{y:.2f}<br>price %{marker.color:.2f} × $100k<extra>◆ test, ● training</extra>`,
  });
  return figure({ title: "Predicted price (colour) and the data", x: labels[0], y: labels[1] }, [points], { ...common, ...ranges });
}

/** At most this many labels on the loss axis, however many decades the loss spans. */
export const MAX_LOSS_TICKS = 8;
/** The loss axis stops at this multiple of the largest starting loss: a diverging run leaves the chart instead of squashing it. */
export const LOSS_CAP_FACTOR = 100;

export interface LossCurves {
  /** L on the training set after k epochs, k = 0, 1, … (non-finite once training diverged). */
  train: number[];
  /** L on the test set after k epochs; empty without a split. */
  test: number[];
  /** The epoch at which L stopped being finite, if it did. */
  divergedAt: number | null;
}

/** Every `stride`-th point of ys (and the last), with x = its epoch; non-finite or ≤ 0 values become gaps. */
function thinned(ys: number[], maxPoints: number): { x: number[]; y: (number | null)[] } {
  const stride = Math.max(1, Math.ceil(ys.length / maxPoints));
  const x: number[] = [], y: (number | null)[] = [];
  for (let k = 0; k < ys.length; k += stride) { x.push(k); y.push(ys[k]); }
  if (ys.length && x[x.length - 1] !== ys.length - 1) { x.push(ys.length - 1); y.push(ys[ys.length - 1]); }
  return { x, y: y.map((v) => (v !== null && Number.isFinite(v) && v > 0 ? v : null)) };
}

/**
 * L against epoch on a log axis, training (solid) and test (dashed), thinned to at most `maxPoints`
 * each. The axis spans the finite losses up to LOSS_CAP_FACTOR × the starting loss (a diverging run
 * leaves through the top, marked), with at most MAX_LOSS_TICKS labels; a divergence is a red line.
 */
export function lossFigure(curves: LossCurves, lossLabel: string, maxPoints = 800): Figure {
  const tr = thinned(curves.train, maxPoints), te = thinned(curves.test, maxPoints);
  const finite = [...tr.y, ...te.y].filter((v): v is number => v !== null);
  const start = Math.max(...[curves.train[0], curves.test[0]].filter((v) => v !== undefined && Number.isFinite(v) && v > 0), 1e-12);
  const cap = LOSS_CAP_FACTOR * start;
  const lo = finite.length ? Math.min(...finite) : start;
  const hiData = finite.length ? Math.max(...finite) : start;
  const hi = Math.min(hiData, cap);
  const offChart = hiData > cap || curves.divergedAt !== null;
  const top = offChart ? cap : hi;
  const ticks = logTicks(lo, top);
  const pad = Math.max(0.05, 0.04 * (Math.log10(top) - Math.log10(lo)));
  const traces: Trace[] = [lineTrace(tr.x, tr.y as number[], "training", { line: { color: "#1d2330", width: 2 }, connectgaps: false, hovertemplate: "epoch %{x}<br>L %{y:.6g}<extra>training</extra>" })];
  if (curves.test.length) traces.push(lineTrace(te.x, te.y as number[], "test", { line: { color: rgb(ORANGE), width: 2, dash: "dash" }, connectgaps: false, hovertemplate: "epoch %{x}<br>L %{y:.6g}<extra>test</extra>" }));
  const shapes: unknown[] = [], annotations: unknown[] = [];
  const n = curves.train.length;
  if (curves.divergedAt !== null) {
    shapes.push({ type: "line", xref: "x", yref: "paper", x0: curves.divergedAt, x1: curves.divergedAt, y0: 0, y1: 1, line: { color: "#c0392b", width: 1.5, dash: "dot" } });
    annotations.push({ xref: "paper", yref: "paper", x: 0.99, y: 0.97, xanchor: "right", yanchor: "top", showarrow: false, font: { color: "#a23b00", size: 12 }, bgcolor: "rgba(255,255,255,0.85)",
      text: `diverged: L = ${Number.isNaN(curves.train[curves.divergedAt]) ? "NaN" : "∞"} at epoch ${curves.divergedAt}` });
  } else if (offChart) {
    annotations.push({ xref: "paper", yref: "paper", x: 0.99, y: 0.97, xanchor: "right", yanchor: "top", showarrow: false, font: { color: "#a23b00", size: 12 }, bgcolor: "rgba(255,255,255,0.85)",
      text: `L rose above ${fmtTick(cap)} (${LOSS_CAP_FACTOR}× its start): off the chart` });
  }
  return figure({ title: curves.test.length ? "Loss: training and test" : "Training loss", x: "epoch", y: lossLabel }, traces, {
    font: FONT, height: 230, margin: { l: 60, r: 16, t: 36, b: 42 }, paper_bgcolor: "rgba(0,0,0,0)",
    showlegend: curves.test.length > 0, legend: { orientation: "h", x: 1, y: 1.02, yanchor: "bottom", xanchor: "right", bgcolor: "rgba(0,0,0,0)" },
    title: { text: curves.test.length ? "Loss: training and test" : "Training loss", x: 0.02, xanchor: "left" },
    xaxis: { range: [0, Math.max(10, n - 1)], zeroline: false },
    yaxis: { type: "log", range: [Math.log10(lo) - pad, Math.log10(top) + pad], tickvals: ticks, ticktext: ticks.map(fmtTick) },
    shapes, annotations,
  });
}

/** 0.001 … 10000 written out, beyond that 1e+6 style. */
function fmtTick(v: number): string {
  return v >= 1e-3 && v < 1e5 ? String(Number(v.toPrecision(2))) : v.toExponential(0).replace("e+", "e");
}

/**
 * Tick values for a log axis over [lo, hi]: 1, 2, 5 × 10^k when that gives 3 to MAX_LOSS_TICKS, then
 * every decade, then every k-th decade so that at most MAX_LOSS_TICKS remain (plotly's own log ticks crowd a short
 * range, and a diverging range of 300 decades would label every one).
 */
export function logTicks(lo: number, hi: number): number[] {
  if (!(lo > 0) || !(hi > 0) || !Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  if (hi < lo) [lo, hi] = [hi, lo];
  const k0 = Math.floor(Math.log10(lo)) - 1, k1 = Math.ceil(Math.log10(hi));
  const within = (digits: number[], every = 1) => {
    const ticks: number[] = [];
    for (let k = k0; k <= k1; k++) {
      if (((k % every) + every) % every !== 0) continue;
      for (const c of digits) { const v = Number((c * 10 ** k).toPrecision(1)); if (v >= lo * 0.999 && v <= hi * 1.001) ticks.push(v); }
    }
    return ticks;
  };
  let ticks = within([1, 2, 5]);
  if (ticks.length > MAX_LOSS_TICKS) ticks = within([1]);
  for (let every = 2; ticks.length > MAX_LOSS_TICKS; every++) ticks = within([1], every);
  if (ticks.length < 3) ticks = within([1, 2, 3, 5]);
  if (ticks.length < 2) ticks = within([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  if (ticks.length > MAX_LOSS_TICKS) ticks = ticks.filter((_, i) => i % Math.ceil(ticks.length / MAX_LOSS_TICKS) === 0);
  return ticks.length >= 2 ? ticks : [lo, hi].map((v) => Number(v.toPrecision(2)));
}
