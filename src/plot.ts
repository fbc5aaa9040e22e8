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

/**
 * The course's colours, in the order traces get them when they name none (d3's category10, which
 * is plotly's default too): `PALETTE.red` is the fourth trace's colour.
 */
export const PALETTE = {
  blue: "#1f77b4", orange: "#ff7f0e", green: "#2ca02c", red: "#d62728", purple: "#9467bd",
  brown: "#8c564b", pink: "#e377c2", grey: "#7f7f7f", olive: "#bcbd22", cyan: "#17becf",
} as const;

/**
 * One colour per name, for a whole lesson: the same model keeps its colour in every figure, whatever
 * else a figure shows. `const colour = colourMap(["identity", "sigmoid"])`, then
 * `lineTrace(x, y, "sigmoid hidden units", { colour: colour.sigmoid })`. Colours follow PALETTE's order.
 */
export function colourMap<K extends string>(names: readonly K[]): Record<K, string> {
  const colours = Object.values(PALETTE);
  if (new Set(names).size !== names.length) throw new Error(`colourMap: the names must differ, got ${names.join(", ")}`);
  if (names.length > colours.length) throw new Error(`colourMap: at most ${colours.length} names (one colour each), got ${names.length}`);
  return Object.fromEntries(names.map((n, i) => [n, colours[i]])) as Record<K, string>;
}

/** Trace options, plotly's plus `colour`: the colour of the line and of the markers. */
export type TraceOptions = Record<string, unknown> & { colour?: string };

function withColour(trace: Trace, { colour, ...extra }: TraceOptions): Trace {
  const t: Trace = { ...trace, ...extra };
  if (colour !== undefined) {
    t.line = { ...(t.line as object), color: colour };
    t.marker = { ...(t.marker as object), color: colour };
  }
  return t;
}

/** Markers only: a cloud of (x, y) points, e.g. price against median income. */
export function scatterTrace(x: Numbers, y: Numbers, name: string, extra: TraceOptions = {}): Trace {
  if (x.length !== y.length) throw new Error(`scatterTrace "${name}": x has ${x.length} values, y has ${y.length}; they must match`);
  return withColour({ type: "scatter", mode: "markers", name, x: plain(x), y: plain(y), marker: { size: 3, opacity: 0.4 } }, extra);
}

/** A line through (x, y): a fitted line, a loss curve, an activation function. */
export function lineTrace(x: Numbers, y: Numbers, name: string, extra: TraceOptions = {}): Trace {
  if (x.length !== y.length) throw new Error(`lineTrace "${name}": x has ${x.length} values, y has ${y.length}; they must match`);
  return withColour({ type: "scatter", mode: "lines", name, x: plain(x), y: plain(y) }, extra);
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

/** A tick label: plain decimals from 0.001 to 10,000, else a power of ten ("2×10⁻⁵"). */
function tickLabel(v: number, powers: boolean, digits: number): string {
  if (!powers) return Number(v.toPrecision(digits)).toLocaleString("en-US", { maximumFractionDigits: 20 });
  const exp = Math.floor(Math.log10(v) + 1e-9);
  const mantissa = Number((v / 10 ** exp).toPrecision(digits));
  const sup = `10<sup>${exp < 0 ? "\u2212" : ""}${Math.abs(exp)}</sup>`;
  return mantissa === 1 ? sup : `${mantissa}×${sup}`;
}

/**
 * Ticks for a log axis over [lo, hi] (both > 0), every one labelled with its whole value: every digit
 * per decade, or 1, 2, 3, 5, 7, or 1, 2, 5, or decades, whichever is finest without crowding (at
 * most 9 labels, none closer than 1/14 of the axis); within less than a factor of 2, evenly spaced
 * values. Plotly's own choice labels 0.9, 0.8, 0.7 as "9, 8, 7"; these read as what they are.
 * `minor`: unlabelled ticks at the digits between (when the range spans at most 6 decades).
 */
export function logTicks(lo: number, hi: number): { tickvals: number[]; ticktext: string[]; minor: number[] } {
  if (!(lo > 0 && hi >= lo && Number.isFinite(hi))) throw new Error(`logTicks: need 0 < lo <= hi, got lo = ${lo}, hi = ${hi}`);
  if (hi === lo) { lo /= 2; hi *= 2; }
  const k0 = Math.floor(Math.log10(lo) + 1e-9), k1 = Math.floor(Math.log10(hi) - 1e-9) + 1;
  const within = (v: number) => v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9);
  const round = (v: number) => Number(v.toPrecision(12));
  const perDecade = (digits: number[], step = 1) => {
    const out: number[] = [];
    for (let k = k0; k <= k1; k += step) for (const m of digits) if (within(round(m * 10 ** k))) out.push(round(m * 10 ** k));
    return out;
  };
  const span = Math.log10(hi / lo);
  const roomy = (ts: number[]) => ts.length >= 2 && ts.length <= 9 && ts.every((t, i) => i === 0 || Math.log10(t / ts[i - 1]) >= span / 14);
  let major: number[] = [];
  for (const digits of [[1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 5, 7], [1, 2, 5], [1, 3], [1]]) {
    major = perDecade(digits);
    if (roomy(major)) break;
  }
  for (let step = 2; major.length > 9; step++) major = perDecade([1], step);
  if (major.length < 2) {
    // A narrow range: evenly spaced values, the finest 1, 2 or 5 × 10ⁿ step that is not crowded.
    for (let n = Math.floor(Math.log10(hi - lo)) - 2; n <= Math.floor(Math.log10(hi - lo)) + 1 && !roomy(major); n++) {
      for (const m of [1, 2, 5]) {
        const step = m * 10 ** n;
        major = [];
        for (let i = Math.ceil(lo / step - 1e-9); i * step <= hi * (1 + 1e-9); i++) major.push(round(i * step));
        if (roomy(major)) break;
      }
    }
  }
  const powers = major.some((v) => v < 1e-3 || v > 1e4);
  const labelled = new Set(major);
  const minor = k1 - k0 <= 6 ? perDecade([1, 2, 3, 4, 5, 6, 7, 8, 9]).filter((v) => !labelled.has(v)) : [];
  let ticktext = major.map((v) => tickLabel(v, powers, 6));
  if (new Set(ticktext).size < ticktext.length) ticktext = major.map((v) => tickLabel(v, powers, 12)); // a very narrow range
  return { tickvals: major, ticktext, minor };
}

/** The positive, finite values the traces put on one axis ("x", "x2", "y", ...). */
function axisValues(data: Trace[], axis: string): number[] {
  const letter = axis[0] as "x" | "y";
  const values: number[] = [];
  for (const t of data) {
    if ((typeof t[`${letter}axis`] === "string" ? t[`${letter}axis`] : letter) !== axis) continue;
    const vs = t[letter];
    if (Array.isArray(vs)) for (const v of vs) if (typeof v === "number" && Number.isFinite(v) && v > 0) values.push(v);
  }
  return values;
}

/** Labelled ticks on each log axis that sets none itself (see logTicks); its range, if given, wins. */
function labelLogAxes(layout: Record<string, unknown>, data: Trace[]): void {
  for (const [key, value] of Object.entries(layout)) {
    const m = key.match(/^([xy])axis(\d*)$/);
    const ax = value as Record<string, unknown>;
    if (!m || !ax || ax.type !== "log" || ax.tickvals !== undefined || ax.dtick !== undefined) continue;
    let lo: number, hi: number;
    if (Array.isArray(ax.range) && ax.range.length === 2) {
      [lo, hi] = (ax.range as number[]).map((e) => 10 ** e).sort((a, b) => a - b);
    } else {
      const vs = axisValues(data, m[1] + m[2]);
      if (vs.length === 0) continue;
      lo = Math.min(...vs);
      hi = Math.max(...vs);
    }
    const { tickvals, ticktext, minor } = logTicks(lo, hi);
    layout[key] = {
      tickmode: "array", tickvals, ticktext,
      ...(minor.length ? { minor: { tickmode: "array", tickvals: minor, ticks: "outside", ticklen: 3, showgrid: false } } : {}),
      ...ax,
    };
  }
}

/** Whether plotly lists a trace in the legend (heatmaps and contours only when asked to). */
function inLegend(t: Trace): boolean {
  return t.showlegend === true || (t.showlegend !== false && !["heatmap", "contour", "histogram2d", "surface"].includes(t.type));
}

/** Legend entries plotly will show: it shows none for a single entry. */
function legendEntries(data: Trace[]): number {
  const n = data.filter(inLegend).length;
  return n > 1 ? n : 0;
}

/**
 * A figure with a title and labelled axes (the course never shows an unlabelled plot).
 * Defaults: a log axis gets ticks labelled with their values (logTicks); a legend goes below the plot,
 * in rows, so that long trace names never narrow it; colours in PALETTE's order.
 * @param extraLayout merged into plotly's layout, e.g. `{ yaxis: { type: "log" } }` (axis titles kept);
 *   its `legend`, if any, replaces the default one.
 */
export function figure(labels: FigureLabels, data: Trace[], extraLayout: Record<string, unknown> = {}): Figure {
  for (const key of ["title", "x", "y"] as const) {
    if (!labels[key] || !labels[key].trim()) throw new Error(`figure: the ${key === "title" ? "title" : key + "-axis label"} is empty; every course figure is titled and labelled`);
  }
  if (data.length === 0) throw new Error(`figure "${labels.title}": no traces to draw`);
  const axis = (t: string, extra: unknown) => ({ title: { text: t }, ...((extra as object) ?? {}) });
  const { xaxis, yaxis, ...rest } = extraLayout;
  const entries = legendEntries(data);
  const layout: Record<string, unknown> = {
    title: { text: labels.title },
    xaxis: axis(labels.x, xaxis),
    yaxis: axis(labels.y, yaxis),
    // Below the plot, left-aligned, in rows: the plot keeps the full width (a legend at the side
    // takes what its longest name needs). Plotly widens the bottom margin to fit it; the figure
    // grows by about as much, so that the plot keeps its height at a notebook's width.
    height: 380 + (entries > 1 ? 30 + 20 * legendRows(data) : 0),
    margin: { l: 60, r: 20, t: 50, b: 50 },
    colorway: Object.values(PALETTE),
    ...(entries > 1 ? { legend: { orientation: "h", x: 0, xanchor: "left", y: -0.22, yanchor: "top" } } : {}),
    ...rest,
  };
  labelLogAxes(layout, data);
  return { data, layout };
}

/** About how many rows a horizontal legend takes in a ~700 px wide figure (7 px a character). */
function legendRows(data: Trace[]): number {
  let rows = 1, used = 0;
  for (const t of data) {
    if (!inLegend(t)) continue;
    const w = 40 + 7 * String(t.name ?? "").length;
    if (used > 0 && used + w > 700) { rows++; used = 0; }
    used += w;
  }
  return rows;
}
