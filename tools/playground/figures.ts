// The playground's two plotly figures as plain specs, built with src/plot (the same helpers the
// lessons use): the output over the input plane with the data on top, and the loss curve.
import { figure, lineTrace, scatterTrace, type Figure, type Trace } from "../../src/plot";
import { BLUE, ORANGE, rgb } from "./draw";
import type { Dataset } from "./model";

const SCALE = [[0, rgb(ORANGE)], [0.5, "#ffffff"], [1, rgb(BLUE)]];
const FONT = { family: "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", size: 12, color: "#1d2330" };
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
    const data: Trace[] = [
      scatterTrace(d.X.data, d.Y.data, "data", { type: "scatter", marker: { size: 7, color: rgb(BLUE), opacity: 0.85, line: { color: "#fff", width: 1 } }, hovertemplate: "x %{x:.2f}<br>y %{y:.3f}<extra>data</extra>" }),
    ];
    return figure({ title: "The network's fit ŷ(x) (line) and the data", x: "x", y: "y" }, data, { ...common, xaxis: { ...axis, range: [xs[0], xs[g - 1]] }, yaxis: { ...axis, range: [-1.7, 1.7], showgrid: true, gridcolor: "#eef0f4" } });
  }
  const x1 = d.X.data.subarray(0, m), x2 = d.X.data.subarray(m, 2 * m);
  const ranges = { xaxis: { ...axis, range: [xs[0], xs[g - 1]] }, yaxis: { ...axis, range: [ys[0], ys[g - 1]] } };
  if (d.task === "classification") {
    const cls = (c: number) => {
      const idx = Array.from(d.Y.data.keys()).filter((k) => d.Y.data[k] === c);
      return scatterTrace(idx.map((k) => x1[k]), idx.map((k) => x2[k]), `class ${c}`, {
        type: "scatter", marker: { size: 7, color: rgb(c === 1 ? BLUE : ORANGE), opacity: 1, line: { color: "#fff", width: 1 } },
        hovertemplate: `x₁ %{x:.2f}<br>x₂ %{y:.2f}<extra>class ${c}</extra>`,
      });
    };
    return figure({ title: "Decision surface P(y = 1 | x)", x: "x₁", y: "x₂" }, [cls(0), cls(1)], { ...common, xaxis: { ...ranges.xaxis, constrain: "domain" }, yaxis: { ...ranges.yaxis, scaleanchor: "x", constrain: "domain" } });
  }
  // Regression over two features (house prices): the price as colour, the same scale as the surface.
  const labels = axisLabels ?? d.inputs;
  const points = scatterTrace(x1, x2, "block groups", {
    type: "scatter",
    marker: { size: 6, color: Array.from(d.Y.data), cmin: 0, cmax: PRICE_MAX, colorscale: SCALE, opacity: 0.95, line: { color: "#fff", width: 0.6 }, showscale: true, colorbar: { title: { text: "price ($100k)", side: "right" }, thickness: 12, len: 0.9, outlinewidth: 0 } },
    hovertemplate: `${d.inputs[0]} %{x:.2f}<br>${d.inputs[1]} %{y:.2f}<br>price %{marker.color:.2f} × $100k<extra></extra>`,
  });
  return figure({ title: "Predicted price (colour) and the data", x: labels[0], y: labels[1] }, [points], { ...common, ...ranges });
}

/** J against epoch on a log axis, thinned to at most `maxPoints` (the last epoch always kept). */
export function lossFigure(costs: number[], lossLabel: string, maxPoints = 800): Figure {
  const stride = Math.max(1, Math.ceil(costs.length / maxPoints));
  const x: number[] = [], y: number[] = [];
  for (let k = 0; k < costs.length; k += stride) { x.push(k); y.push(costs[k]); }
  if (x[x.length - 1] !== costs.length - 1) { x.push(costs.length - 1); y.push(costs[costs.length - 1]); }
  const ticks = logTicks(y.filter((v) => Number.isFinite(v) && v > 0));
  return figure({ title: "Training loss", x: "epoch", y: lossLabel }, [lineTrace(x, y.map((v) => (Number.isFinite(v) && v > 0 ? v : null as unknown as number)), "loss", { line: { color: "#1d2330", width: 2 }, hovertemplate: "epoch %{x}<br>J %{y:.6g}<extra></extra>" })], {
    font: FONT, height: 210, margin: { l: 56, r: 16, t: 36, b: 42 }, showlegend: false, paper_bgcolor: "rgba(0,0,0,0)",
    xaxis: { range: [0, Math.max(10, costs.length - 1)], zeroline: false }, yaxis: { type: "log", tickvals: ticks, ticktext: ticks.map(String) },
  });
}

/** 1, 2 and 5 × 10^k inside [min, max] of the values, then 1, 2, 3, 5 or every digit when that gives too few (plotly's own log ticks crowd a short range). */
function logTicks(values: number[]): number[] {
  if (values.length === 0) return [];
  const lo = Math.min(...values), hi = Math.max(...values);
  const within = (digits: number[]) => {
    const ticks: number[] = [];
    for (let k = Math.floor(Math.log10(lo)) - 1; k <= Math.ceil(Math.log10(hi)); k++) {
      for (const c of digits) { const v = Number((c * 10 ** k).toPrecision(1)); if (v >= lo * 0.999 && v <= hi * 1.001) ticks.push(v); }
    }
    return ticks;
  };
  let ticks = within([1, 2, 5]);
  if (ticks.length > 7) ticks = within([1]);
  if (ticks.length < 3) ticks = within([1, 2, 3, 5]);
  if (ticks.length < 2) ticks = within([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  return ticks.length >= 2 ? ticks : [lo, hi].map((v) => Number(v.toPrecision(2)));
}
