// Canvas and SVG drawing for the playground: the colour scale, each neuron's thumbnail (its output over
// the input plane, or along x for a 1-D set), the data-set previews and the network diagram's edges.
// Plotly draws the two big figures (figures.ts); these small pictures are plain canvas, redrawn every frame.

/** Orange for negative / class 0, white for 0.5 or 0, blue for positive / class 1 (TensorFlow Playground's palette). */
export const ORANGE = [245, 147, 34] as const;
export const BLUE = [8, 119, 189] as const;
const WHITE = [255, 255, 255] as const;

/** t in [−1, 1] → rgb: −1 orange, 0 white, +1 blue (clamped; NaN is grey). */
export function diverging(t: number): [number, number, number] {
  if (Number.isNaN(t)) return [170, 170, 170];
  const u = Math.max(-1, Math.min(1, t));
  const end = u < 0 ? ORANGE : BLUE;
  const a = Math.abs(u);
  return [0, 1, 2].map((c) => Math.round(WHITE[c] + (end[c] - WHITE[c]) * a)) as [number, number, number];
}

export const rgb = (c: readonly number[]): string => `rgb(${c[0]},${c[1]},${c[2]})`;

/** How to map a unit's values onto [−1, 1] for colour: fixed ranges for bounded activations, else symmetric about 0. */
export function colourRange(activation: string, values: ArrayLike<number>): (v: number) => number {
  if (activation === "sigmoid") return (v) => 2 * v - 1;
  if (activation === "tanh") return (v) => v;
  let big = 1e-12;
  for (let k = 0; k < values.length; k++) if (Math.abs(values[k]) > big) big = Math.abs(values[k]);
  return (v) => v / big;
}

/** Paints one row of a (n, g·g) grid output as a g×g image (row i of the image is ys[g−1−i]: y grows upward). */
export function paintSurface(canvas: HTMLCanvasElement, values: Float64Array, g: number, toUnit: (v: number) => number): void {
  if (canvas.width !== g) { canvas.width = g; canvas.height = g; }
  const ctx = canvas.getContext("2d")!;
  const img = ctx.createImageData(g, g);
  for (let i = 0; i < g; i++) {
    for (let j = 0; j < g; j++) {
      const [r, gr, b] = diverging(toUnit(values[i * g + j]));
      const p = ((g - 1 - i) * g + j) * 4;
      img.data[p] = r; img.data[p + 1] = gr; img.data[p + 2] = b; img.data[p + 3] = 255;
    }
  }
  ctx.putImageData(img, 0, 0);
}

/** A 1-D unit: its output along x as a line over a faint zero line, scaled to the canvas. */
export function paintCurve(canvas: HTMLCanvasElement, values: Float64Array, toUnit: (v: number) => number, size: number): void {
  const px = Math.round(size * (window.devicePixelRatio || 1));
  if (canvas.width !== px) { canvas.width = px; canvas.height = px; }
  const ctx = canvas.getContext("2d")!;
  ctx.fillStyle = "#fbfbfd";
  ctx.fillRect(0, 0, px, px);
  ctx.strokeStyle = "#d5d9e0";
  ctx.lineWidth = 1;
  ctx.beginPath(); ctx.moveTo(0, px / 2); ctx.lineTo(px, px / 2); ctx.stroke();
  ctx.strokeStyle = rgb(BLUE);
  ctx.lineWidth = Math.max(1.5, px / 30);
  ctx.beginPath();
  for (let j = 0; j < values.length; j++) {
    const x = (j / (values.length - 1)) * px;
    const y = px / 2 - (Math.max(-1, Math.min(1, toUnit(values[j]))) * px * 0.44);
    j === 0 ? ctx.moveTo(x, y) : ctx.lineTo(x, y);
  }
  ctx.stroke();
}

/** A data set's points on a small canvas: class colours for 0/1 labels, the diverging scale for prices, a dot plot for 1-D. */
export function paintPreview(canvas: HTMLCanvasElement, X: { rows: number; cols: number; data: Float64Array }, Y: Float64Array, classify: boolean, size: number): void {
  const px = Math.round(size * (window.devicePixelRatio || 1));
  canvas.width = px; canvas.height = px;
  const ctx = canvas.getContext("2d")!;
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, px, px);
  const m = X.cols;
  const span = (v: ArrayLike<number>) => { let lo = Infinity, hi = -Infinity; for (let k = 0; k < v.length; k++) { lo = Math.min(lo, v[k]); hi = Math.max(hi, v[k]); } return [lo, hi]; };
  const xs = X.data.subarray(0, m);
  const ys = X.rows === 2 ? X.data.subarray(m, 2 * m) : Y;
  const [x0, x1] = span(xs), [y0, y1] = span(ys), [t0, t1] = span(Y);
  const pad = px * 0.08, r = Math.max(1, px / 45);
  for (let k = 0; k < m; k++) {
    const cx = pad + ((xs[k] - x0) / (x1 - x0)) * (px - 2 * pad);
    const cy = px - pad - ((ys[k] - y0) / (y1 - y0)) * (px - 2 * pad);
    ctx.fillStyle = X.rows === 1 ? rgb(BLUE) : classify ? rgb(Y[k] === 1 ? BLUE : ORANGE) : rgb(diverging(((Y[k] - t0) / (t1 - t0)) * 2 - 1));
    ctx.beginPath(); ctx.arc(cx, cy, r, 0, 2 * Math.PI); ctx.fill();
  }
}

/** A weight as an edge: width grows with |w|, colour says its sign; the <title> shows the number on hover. */
export function styleEdge(path: SVGPathElement, w: number, label: string): void {
  path.setAttribute("stroke", rgb(w >= 0 ? BLUE : ORANGE));
  path.setAttribute("stroke-width", String(Number.isFinite(w) ? Math.min(7, 0.6 + 1.6 * Math.abs(w)) : 1));
  path.setAttribute("stroke-opacity", String(Number.isFinite(w) ? Math.min(0.95, 0.3 + 0.4 * Math.abs(w)) : 0.3));
  const title = path.firstElementChild ?? path.appendChild(document.createElementNS("http://www.w3.org/2000/svg", "title"));
  title.textContent = `${label} = ${w.toFixed(4)}`;
}
