// Figure specs as plain data (plotly's {data, layout}): the same spec draws in a notebook (through
// src/display.ts), on the course site and in the browser playground. Imports nothing.
// Introduced in lesson 01; every lesson's figures are built here.

/** One plotly trace; kept loose because plotly's trace types are many and this is plain data. */
export type Trace = Record<string, unknown> & { type: string };

export interface Figure {
  data: Trace[];
  layout: Record<string, unknown>;
}

export interface FigureLabels {
  title: string;
  x: string;
  y: string;
}

type Numbers = ArrayLike<number>;

function plain(v: Numbers): number[] {
  return Array.from(v);
}

/** Markers only: a cloud of (x, y) points, e.g. price against median income. */
export function scatterTrace(x: Numbers, y: Numbers, name: string, extra: Record<string, unknown> = {}): Trace {
  if (x.length !== y.length) throw new Error(`scatterTrace "${name}": x has ${x.length} values, y has ${y.length}; they must match`);
  return { type: "scatter", mode: "markers", name, x: plain(x), y: plain(y), marker: { size: 3, opacity: 0.4 }, ...extra };
}

/** A line through (x, y): a fitted line, a loss curve, an activation function. */
export function lineTrace(x: Numbers, y: Numbers, name: string, extra: Record<string, unknown> = {}): Trace {
  if (x.length !== y.length) throw new Error(`lineTrace "${name}": x has ${x.length} values, y has ${y.length}; they must match`);
  return { type: "scatter", mode: "lines", name, x: plain(x), y: plain(y), ...extra };
}

/** z[i][j] over the grid (x[j], y[i]): a decision surface or a per-entry error map. */
export function heatmapTrace(z: number[][], name: string, extra: Record<string, unknown> = {}): Trace {
  return { type: "heatmap", name, z, ...extra };
}

/** 0, 1, …, n−1: the x axis of a loss curve (epochs). */
export function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** n evenly spaced numbers from a to b inclusive, for drawing functions. */
export function linspace(a: number, b: number, n: number): number[] {
  if (!(n >= 2)) throw new Error(`linspace: need at least 2 points, got ${n}`);
  return Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));
}

/**
 * A figure with a title and labelled axes (the course never shows an unlabelled plot).
 * @param extraLayout merged into plotly's layout, e.g. `{ yaxis: { type: "log" } }` (axis titles kept).
 */
export function figure(labels: FigureLabels, data: Trace[], extraLayout: Record<string, unknown> = {}): Figure {
  for (const key of ["title", "x", "y"] as const) {
    if (!labels[key] || !labels[key].trim()) throw new Error(`figure: the ${key === "title" ? "title" : key + "-axis label"} is empty; every course figure is titled and labelled`);
  }
  if (data.length === 0) throw new Error(`figure "${labels.title}": no traces to draw`);
  const axis = (t: string, extra: unknown) => ({ title: { text: t }, ...((extra as object) ?? {}) });
  const { xaxis, yaxis, ...rest } = extraLayout;
  return {
    data,
    layout: {
      title: { text: labels.title },
      xaxis: axis(labels.x, xaxis),
      yaxis: axis(labels.y, yaxis),
      height: 380,
      margin: { l: 60, r: 20, t: 50, b: 50 },
      ...rest,
    },
  };
}
