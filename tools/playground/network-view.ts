// The network diagram: input nodes → one column per hidden layer → the output node, each node a small
// picture of its output over the inputs, joined by edges drawn as the weights Wl (n_l, n_{l−1}).
import type { Matrix } from "../../src/matrix";
import type { Params } from "../../src/network";
import { colourRange, paintCurve, paintSurface, styleEdge } from "./draw";
import type { Dataset, Evaluation } from "./model";

const SVG = "http://www.w3.org/2000/svg";

interface Node { box: HTMLDivElement; canvas: HTMLCanvasElement; x: number; y: number; size: number }

export class NetworkView {
  private inputs: Node[] = [];
  /** hidden[l][j]: unit j + 1 of hidden layer l + 1. */
  private hidden: Node[][] = [];
  private output!: Node;
  private svg!: SVGSVGElement;
  /** edges[l][j][i]: the weight W{l+1}[j+1, i+1], from node i of column l to node j of column l + 1. */
  private edges: SVGPathElement[][][] = [];

  constructor(private readonly root: HTMLElement) {}

  /** Rebuilds the nodes and edges for nx inputs and the hidden widths; paints each input node once. */
  build(d: Dataset, widths: number[], grid: { G: Matrix; g: number }): void {
    this.root.textContent = "";
    this.svg = document.createElementNS(SVG, "svg");
    this.svg.classList.add("edges");
    this.root.appendChild(this.svg);
    const node = (cls: string, label: string, title: string): Node => {
      const box = document.createElement("div");
      box.className = `node ${cls}`;
      box.title = title;
      const canvas = document.createElement("canvas");
      const tag = document.createElement("span");
      tag.className = "tag";
      tag.textContent = label;
      box.append(canvas, tag);
      this.root.appendChild(box);
      return { box, canvas, x: 0, y: 0, size: 0 };
    };
    const inputTag = (name: string, i: number) => (d.name === "housing" ? name.replace("median_", "") : d.inputs.length === 1 ? "x" : `x${i === 0 ? "₁" : "₂"}`);
    this.inputs = d.inputs.map((name, i) => node("input", inputTag(name, i), `input ${name}`));
    const deep = widths.length > 1;
    this.hidden = widths.map((n, l) => Array.from({ length: n }, (_, j) => node("hidden", deep ? `a${sup(l + 1)}${sub(j + 1)}` : `a${sub(j + 1)}`,
      `hidden layer ${l + 1}, unit ${j + 1}: a = g(z), z = W${l + 1}[${j + 1},:]·a[${l}] + b${l + 1}[${j + 1}]`)));
    this.output = node("output", "ŷ", "the output ŷ");
    const columns = [this.inputs, ...this.hidden, [this.output]];
    this.edges = columns.slice(1).map((col, l) => col.map(() => columns[l].map(() => this.svg.appendChild(document.createElementNS(SVG, "path")))));
    this.layout();
    // Input nodes show the input itself (x₁ grows left to right, x₂ bottom to top): they never change.
    const { G, g } = grid;
    this.inputs.forEach((n, i) => {
      const row = G.data.subarray(i * G.cols, (i + 1) * G.cols);
      const range = colourRange("identity", row);
      d.inputs.length === 1 ? paintCurve(n.canvas, row, range, n.size) : paintSurface(n.canvas, row, g, range);
    });
  }

  /** Places the columns evenly across the container's width; called on build and on resize. */
  layout(): void {
    const W = Math.max(260, this.root.clientWidth);
    const H0 = this.hidden.length;
    const widest = Math.max(1, ...this.hidden.map((c) => c.length));
    // Nodes shrink with the widest layer and with the number of columns, so the diagram fits.
    const byCount = widest <= 4 ? 64 : widest <= 6 ? 56 : widest <= 8 ? 46 : widest <= 12 ? 38 : 30;
    const byColumns = H0 <= 1 ? 64 : Math.floor((W - 150) / (H0 * 1.9));
    const hiddenSize = Math.max(26, Math.min(byCount, byColumns));
    const gap = Math.max(6, Math.round(hiddenSize * 0.25));
    const H = Math.max(420, widest * (hiddenSize + gap) + 40);
    this.root.style.height = `${H}px`;
    const place = (nodes: Node[], cx: number, size: number, spacing: number) => {
      const top = H / 2 - (nodes.length * (size + spacing) - spacing) / 2;
      nodes.forEach((n, k) => {
        n.x = cx; n.y = top + k * (size + spacing) + size / 2; n.size = size;
        Object.assign(n.box.style, { left: `${cx - size / 2}px`, top: `${n.y - size / 2}px`, width: `${size}px`, height: `${size}px` });
      });
    };
    const left = 34, right = W - 48;
    place(this.inputs, left, 48, 48);
    this.hidden.forEach((col, l) => place(col, left + ((right - left) * (l + 1)) / (H0 + 1), hiddenSize, gap));
    place([this.output], right, 80, 0);
    this.svg.setAttribute("width", String(W));
    this.svg.setAttribute("height", String(H));
    const curve = (p: SVGPathElement, a: Node, b: Node) => {
      const x0 = a.x + a.size / 2, x1 = b.x - b.size / 2, mid = (x0 + x1) / 2;
      p.setAttribute("d", `M${x0},${a.y} C${mid},${a.y} ${mid},${b.y} ${x1},${b.y}`);
    };
    const columns = [this.inputs, ...this.hidden, [this.output]];
    this.edges.forEach((layer, l) => layer.forEach((row, j) => row.forEach((p, i) => curve(p, columns[l][i], columns[l + 1][j]))));
  }

  /** The x (px, in the container) of each hidden layer's column, input side first. */
  hiddenCentres(): number[] {
    return this.hidden.map((col) => col[0]?.x ?? 0);
  }

  /** Repaints every hidden unit and the output from an evaluation over the grid, and restyles the edges from the weights. */
  update(d: Dataset, params: Params, ev: Evaluation, g: number, activation: string): void {
    const oneD = d.inputs.length === 1;
    this.hidden.forEach((col, l) => {
      const A = ev.hidden[l];
      const m = A.cols;
      col.forEach((n, j) => {
        const row = A.data.subarray(j * m, (j + 1) * m);
        const range = colourRange(activation, row);
        oneD ? paintCurve(n.canvas, row, range, n.size) : paintSurface(n.canvas, row, g, range);
        n.box.title = `hidden layer ${l + 1}, unit ${j + 1}: a = ${activation}(z), b${l + 1}[${j + 1}] = ${params[`b${l + 1}`].data[j].toFixed(4)}`;
      });
    });
    const names = [d.inputs, ...this.hidden.map((c, l) => c.map((_, j) => `unit ${l + 1}.${j + 1}`)), ["ŷ"]];
    this.edges.forEach((layer, l) => {
      const W = params[`W${l + 1}`];
      layer.forEach((row, j) => row.forEach((p, i) => styleEdge(p, W.data[j * W.cols + i], `W${l + 1}[${j + 1},${i + 1}] (${names[l][i]} → ${names[l + 1][j]})`)));
    });
    const out = ev.AL.data;
    const outRange = d.task === "classification" ? (v: number) => 2 * v - 1 : d.name === "housing" ? (v: number) => (v - 2.5) / 2.5 : (v: number) => v / 1.5;
    oneD ? paintCurve(this.output.canvas, out, outRange, this.output.size) : paintSurface(this.output.canvas, out, g, outRange);
    const L = this.hidden.length + 1;
    this.output.box.title = `the output ŷ, b${L} = ${params[`b${L}`].data[0].toFixed(4)}`;
  }
}

/** 1 → "¹". */
function sup(n: number): string {
  return String(n).replace(/\d/g, (c) => "⁰¹²³⁴⁵⁶⁷⁸⁹"[Number(c)]);
}

/** 1 → "₁", 12 → "₁₂". */
function sub(n: number): string {
  return String(n).replace(/\d/g, (c) => "₀₁₂₃₄₅₆₇₈₉"[Number(c)]);
}
