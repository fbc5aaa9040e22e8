// The network diagram: input nodes → one node per hidden unit → the output node, each a small picture
// of that node's output over the inputs, joined by edges drawn as the weights W1 (n1, nx) and W2 (1, n1).
import type { Matrix } from "../../src/matrix";
import type { Params } from "../../src/network";
import { colourRange, paintCurve, paintSurface, styleEdge } from "./draw";
import type { Dataset, Evaluation } from "./model";

const SVG = "http://www.w3.org/2000/svg";

interface Node { box: HTMLDivElement; canvas: HTMLCanvasElement; x: number; y: number; size: number }

export class NetworkView {
  private inputs: Node[] = [];
  private hidden: Node[] = [];
  private output!: Node;
  private svg!: SVGSVGElement;
  private w1Edges: SVGPathElement[][] = [];
  private w2Edges: SVGPathElement[] = [];

  constructor(private readonly root: HTMLElement) {}

  /** Rebuilds the nodes and edges for nx inputs and n1 hidden units; `inputPictures` paints each input node once. */
  build(d: Dataset, n1: number, grid: { G: Matrix; g: number }): void {
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
    this.hidden = Array.from({ length: n1 }, (_, j) => node("hidden", `a${sub(j + 1)}`, `hidden unit ${j + 1}: a = g(z), z = W1[${j + 1},:]·x + b1[${j + 1}]`));
    this.output = node("output", "ŷ", "the output ŷ");
    this.w1Edges = this.hidden.map(() => this.inputs.map(() => this.svg.appendChild(document.createElementNS(SVG, "path"))));
    this.w2Edges = this.hidden.map(() => this.svg.appendChild(document.createElementNS(SVG, "path")));
    this.layout();
    // Input nodes show the input itself (x₁ grows left to right, x₂ bottom to top): they never change.
    const { G, g } = grid;
    this.inputs.forEach((n, i) => {
      const row = G.data.subarray(i * G.cols, (i + 1) * G.cols);
      const range = colourRange("identity", row);
      d.inputs.length === 1 ? paintCurve(n.canvas, row, range, n.size) : paintSurface(n.canvas, row, g, range);
    });
  }

  /** Places the nodes in three columns to fit the container's width; called on build and on resize. */
  layout(): void {
    const W = Math.max(260, this.root.clientWidth);
    const n1 = this.hidden.length;
    const hiddenSize = n1 <= 4 ? 64 : n1 <= 6 ? 56 : 46;
    const gap = n1 <= 4 ? 18 : n1 <= 6 ? 14 : 10;
    const H = Math.max(420, n1 * (hiddenSize + gap) + 40);
    this.root.style.height = `${H}px`;
    const place = (nodes: Node[], cx: number, size: number, spacing: number) => {
      const top = H / 2 - (nodes.length * (size + spacing) - spacing) / 2;
      nodes.forEach((n, k) => {
        n.x = cx; n.y = top + k * (size + spacing) + size / 2; n.size = size;
        Object.assign(n.box.style, { left: `${cx - size / 2}px`, top: `${n.y - size / 2}px`, width: `${size}px`, height: `${size}px` });
      });
    };
    place(this.inputs, 34, 48, 48);
    place(this.hidden, W / 2, hiddenSize, gap);
    place([this.output], W - 48, 80, 0);
    this.svg.setAttribute("width", String(W));
    this.svg.setAttribute("height", String(H));
    const curve = (p: SVGPathElement, a: Node, b: Node) => {
      const x0 = a.x + a.size / 2, x1 = b.x - b.size / 2, mid = (x0 + x1) / 2;
      p.setAttribute("d", `M${x0},${a.y} C${mid},${a.y} ${mid},${b.y} ${x1},${b.y}`);
    };
    this.hidden.forEach((h, j) => {
      this.inputs.forEach((inp, i) => curve(this.w1Edges[j][i], inp, h));
      curve(this.w2Edges[j], h, this.output);
    });
  }

  /** Repaints every hidden unit and the output from an evaluation over the grid, and restyles the edges from the weights. */
  update(d: Dataset, params: Params, ev: Evaluation, g: number, activation: string): void {
    const oneD = d.inputs.length === 1;
    const m = ev.A1.cols;
    this.hidden.forEach((n, j) => {
      const row = ev.A1.data.subarray(j * m, (j + 1) * m);
      const range = colourRange(activation, row);
      oneD ? paintCurve(n.canvas, row, range, n.size) : paintSurface(n.canvas, row, g, range);
      const nx = d.inputs.length;
      this.inputs.forEach((_, i) => styleEdge(this.w1Edges[j][i], params.W1.data[j * nx + i], `W1[${j + 1},${i + 1}] (${d.inputs[i]} → unit ${j + 1})`));
      styleEdge(this.w2Edges[j], params.W2.data[j], `W2[1,${j + 1}] (unit ${j + 1} → ŷ)`);
      n.box.title = `hidden unit ${j + 1}: a = ${activation}(z), b1[${j + 1}] = ${params.b1.data[j].toFixed(4)}`;
    });
    const out = ev.A2.data;
    const outRange = d.task === "classification" ? (v: number) => 2 * v - 1 : d.name === "housing" ? (v: number) => (v - 2.5) / 2.5 : (v: number) => v / 1.5;
    oneD ? paintCurve(this.output.canvas, out, outRange, this.output.size) : paintSurface(this.output.canvas, out, g, outRange);
    this.output.box.title = `the output ŷ, b2 = ${params.b2.data[0].toFixed(4)}`;
  }
}

/** 1 → "₁", 12 → "₁₂". */
function sub(n: number): string {
  return String(n).replace(/\d/g, (c) => "₀₁₂₃₄₅₆₇₈₉"[Number(c)]);
}
