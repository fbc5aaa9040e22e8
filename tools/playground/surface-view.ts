// The live part of the output figure: plotly draws the axes, titles and data points once per set-up
// (figures.ts), and this canvas, placed under plotly's transparent plot area, is repainted every frame
// with the network's output over the grid, the 0.5 boundary (classification) or the fitted curve (1-D).
// Repainting a canvas costs about a millisecond; a Plotly.react of a heatmap with contours costs tens.
import { diverging } from "./draw";
import type { Dataset } from "./model";

/** Plotly's computed axis geometry (internal fields of plotly.js 4, read only). */
interface Axis { _offset: number; _length: number; range: [number, number] }
type PlotDiv = HTMLElement & { _fullLayout?: { xaxis?: Axis; yaxis?: Axis } };

/** The surface colour scale, lighter than the points so they stand out on it (v in [−1, 1]). */
function soft(t: number): [number, number, number] {
  const [r, g, b] = diverging(t * 0.62);
  return [r, g, b];
}

export class SurfaceView {
  private canvas = document.createElement("canvas");
  private small = document.createElement("canvas");

  constructor(private readonly plot: PlotDiv) {
    this.canvas.className = "surface-canvas";
  }

  /** Puts the canvas under plotly's svg (again, if plotly rebuilt its container); false until plotly has drawn. */
  private attach(): { x: Axis; y: Axis } | null {
    const fl = this.plot._fullLayout;
    const container = this.plot.querySelector(".svg-container");
    if (!fl?.xaxis || !fl.yaxis || !container) return null;
    if (this.canvas.parentElement !== container) container.insertBefore(this.canvas, container.firstChild);
    return { x: fl.xaxis, y: fl.yaxis };
  }

  /**
   * Paints the output over the grid: out[i·g + j] at (xs[j], ys[i]) for 2-D sets (colour, plus the
   * P = 0.5 contour for classification), out[j] at xs[j] as a line for the 1-D curve.
   */
  paint(d: Dataset, xs: number[], ys: number[], out: Float64Array): void {
    const axes = this.attach();
    if (!axes) return;
    const { x, y } = axes;
    const dpr = window.devicePixelRatio || 1;
    const W = Math.round(x._length * dpr), H = Math.round(y._length * dpr);
    Object.assign(this.canvas.style, { left: `${x._offset}px`, top: `${y._offset}px`, width: `${x._length}px`, height: `${y._length}px` });
    if (this.canvas.width !== W || this.canvas.height !== H) { this.canvas.width = W; this.canvas.height = H; }
    const ctx = this.canvas.getContext("2d")!;
    ctx.clearRect(0, 0, W, H);
    // Data → canvas pixels.
    const px = (v: number) => ((v - x.range[0]) / (x.range[1] - x.range[0])) * W;
    const py = (v: number) => ((y.range[1] - v) / (y.range[1] - y.range[0])) * H;
    if (d.inputs.length === 1) {
      ctx.strokeStyle = "#1d2330";
      ctx.lineWidth = 2.5 * dpr;
      ctx.lineJoin = "round";
      ctx.beginPath();
      xs.forEach((v, j) => (j === 0 ? ctx.moveTo(px(v), py(out[j])) : ctx.lineTo(px(v), py(out[j]))));
      ctx.stroke();
      return;
    }
    const g = xs.length;
    const toUnit = d.task === "classification" ? (v: number) => 2 * v - 1 : (v: number) => (v - 2.5) / 2.5; // prices: $0…$500k
    if (this.small.width !== g) { this.small.width = g; this.small.height = g; }
    const sctx = this.small.getContext("2d")!;
    const img = sctx.createImageData(g, g);
    for (let i = 0; i < g; i++) {
      for (let j = 0; j < g; j++) {
        const [r, gr, b] = soft(toUnit(out[i * g + j]));
        const p = ((g - 1 - i) * g + j) * 4;
        img.data[p] = r; img.data[p + 1] = gr; img.data[p + 2] = b; img.data[p + 3] = 255;
      }
    }
    sctx.putImageData(img, 0, 0);
    // Pixel j of the small image is centred on xs[j]: stretch it half a cell past each edge of the grid.
    const cw = (px(xs[g - 1]) - px(xs[0])) / (g - 1), ch = (py(ys[0]) - py(ys[g - 1])) / (g - 1);
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = "high";
    ctx.drawImage(this.small, px(xs[0]) - cw / 2, py(ys[g - 1]) - ch / 2, cw * g, ch * g);
    if (d.task === "classification") this.contour(ctx, xs, ys, out, 0.5, px, py, dpr);
  }

  /** The level set out = level by marching squares: one straight segment per grid cell it crosses. */
  private contour(ctx: CanvasRenderingContext2D, xs: number[], ys: number[], out: Float64Array, level: number, px: (v: number) => number, py: (v: number) => number, dpr: number): void {
    const g = xs.length;
    const at = (i: number, j: number) => out[i * g + j] - level;
    // Where the level crosses the edge from corner a to corner b (linear interpolation).
    const cross = (va: number, vb: number, a: [number, number], b: [number, number]): [number, number] => {
      const t = va / (va - vb);
      return [px(a[0] + t * (b[0] - a[0])), py(a[1] + t * (b[1] - a[1]))];
    };
    ctx.strokeStyle = "#1d2330";
    ctx.lineWidth = 1.6 * dpr;
    ctx.beginPath();
    for (let i = 0; i < g - 1; i++) {
      for (let j = 0; j < g - 1; j++) {
        const c: [number, number][] = [[xs[j], ys[i]], [xs[j + 1], ys[i]], [xs[j + 1], ys[i + 1]], [xs[j], ys[i + 1]]];
        const v = [at(i, j), at(i, j + 1), at(i + 1, j + 1), at(i + 1, j)];
        const pts: [number, number][] = [];
        for (let e = 0; e < 4; e++) {
          const a = v[e], b = v[(e + 1) % 4];
          if ((a < 0) !== (b < 0)) pts.push(cross(a, b, c[e], c[(e + 1) % 4]));
        }
        // Two crossings: one segment; four (a saddle): two segments, paired in edge order.
        for (let k = 0; k + 1 < pts.length; k += 2) { ctx.moveTo(pts[k][0], pts[k][1]); ctx.lineTo(pts[k + 1][0], pts[k + 1][1]); }
      }
    }
    ctx.stroke();
  }
}
