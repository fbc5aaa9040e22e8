// Lesson 05's identities: the step-by-step collapse of two identity layers into Wx + b, the failure
// of the collapse with a sigmoid, and the linear-only network training to the least-squares line.
import { test } from "node:test";
import assert from "node:assert/strict";
import { collapseLinear } from "../../src/checks/collapse";
import { curveData } from "../../src/data/toy";
import { Matrix, add, matmul, maxAbsDiff } from "../../src/matrix";
import { Params, forward, initParams } from "../../src/network";
import { makeRng, randomMatrix } from "../../src/random";
import { fitLineClosedForm, lineCost } from "../../src/regression";
import { train } from "../../src/train";

// Re-associating sums of a few products of N(0,1) numbers changes results by a few ulps (~1e-15).
const COLLAPSE_TOL = 1e-12;

function randomTwoLayer(nx: number, n1: number, n2: number, seed: number): Params {
  const rng = makeRng(seed);
  return {
    W1: randomMatrix(n1, nx, rng, (g) => g.normal()),
    b1: randomMatrix(n1, 1, rng, (g) => g.normal()),
    W2: randomMatrix(n2, n1, rng, (g) => g.normal()),
    b2: randomMatrix(n2, 1, rng, (g) => g.normal()),
  };
}

// W·A + b by plain loops over the stored numbers: no matmul, add or forward.
function affineLoop(W: Matrix, A: Matrix, b: Matrix): Matrix {
  const out = Matrix.zeros(W.rows, A.cols);
  for (let i = 0; i < W.rows; i++) {
    for (let k = 0; k < A.cols; k++) {
      let s = 0;
      for (let j = 0; j < W.cols; j++) s += W.data[i * W.cols + j] * A.data[j * A.cols + k];
      out.data[i * A.cols + k] = s + b.data[i];
    }
  }
  return out;
}

test("each line of the collapse equals the previous one, library and hand loops alternating", () => {
  const p = randomTwoLayer(3, 4, 2, 2024);
  const X = randomMatrix(3, 5, makeRng(1), (g) => g.normal());
  const { W, b } = collapseLinear(p);
  const W21 = affineLoop(p.W2, p.W1, Matrix.zeros(2, 1));
  const b21 = affineLoop(p.W2, p.b1, p.b2);
  const lines = [
    forward(p, X, { hidden: "identity", output: "identity" }).AL, // σ(W2 σ(W1 x + b1) + b2), σ(x) = x
    affineLoop(p.W2, affineLoop(p.W1, X, p.b1), p.b2), // W2(W1 x + b1) + b2, by loops
    add(add(matmul(p.W2, matmul(p.W1, X)), matmul(p.W2, p.b1)), p.b2), // W2W1x + W2b1 + b2
    affineLoop(W21, X, b21), // (W2W1)x + (W2b1 + b2), by loops
    add(matmul(W, X), b), // Wx + b from collapseLinear
  ];
  for (let k = 1; k < lines.length; k++) {
    assert.ok(maxAbsDiff(lines[k], lines[k - 1]) <= COLLAPSE_TOL, `step ${k}: ${maxAbsDiff(lines[k], lines[k - 1])}`);
  }
});

test("an affine map is recovered from probes: b = f(0), column i of W = f(e_i) − f(0)", () => {
  const p = randomTwoLayer(4, 6, 3, 99);
  const f = (x: Matrix) => affineLoop(p.W2, affineLoop(p.W1, x, p.b1), p.b2);
  const b = f(Matrix.zeros(4, 1));
  const W = Matrix.zeros(3, 4);
  for (let i = 0; i < 4; i++) {
    const e = Matrix.zeros(4, 1);
    e.set(i, 0, 1);
    const col = f(e);
    for (let r = 0; r < 3; r++) W.set(r, i, col.get(r, 0) - b.get(r, 0));
  }
  const c = collapseLinear(p);
  assert.ok(maxAbsDiff(W, c.W) <= COLLAPSE_TOL && maxAbsDiff(b, c.b) <= COLLAPSE_TOL);
});

test("the collapsed W and b equal hand-written loops for W2·W1 and W2·b1 + b2, with shapes (n2, nx) and (n2, 1)", () => {
  const p = randomTwoLayer(5, 3, 4, 7);
  const { W, b } = collapseLinear(p);
  assert.deepEqual(W.shape, [4, 5]);
  assert.deepEqual(b.shape, [4, 1]);
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 5; j++) {
      let s = 0;
      for (let k = 0; k < 3; k++) s += p.W2.get(i, k) * p.W1.get(k, j);
      assert.ok(Math.abs(W.get(i, j) - s) <= 1e-14);
    }
    let s = p.b2.get(i, 0);
    for (let k = 0; k < 3; k++) s += p.W2.get(i, k) * p.b1.get(k, 0);
    assert.ok(Math.abs(b.get(i, 0) - s) <= 1e-14);
  }
});

test("an identity network passes the midpoint test of an affine map and a sigmoid network fails it", () => {
  const p = randomTwoLayer(3, 4, 2, 2024);
  const x = Matrix.column([0.3, -1.2, 0.8]);
  const y = Matrix.column([-0.5, 2.0, 1.1]);
  const mid = Matrix.column([(0.3 - 0.5) / 2, (-1.2 + 2.0) / 2, (0.8 + 1.1) / 2]);
  const defect = (hidden: "identity" | "sigmoid") => {
    const f = (v: Matrix) => forward(p, v, { hidden, output: "identity" }).AL;
    const fx = f(x), fy = f(y), fm = f(mid);
    return Math.max(...[0, 1].map((i) => Math.abs(fm.get(i, 0) - (fx.get(i, 0) + fy.get(i, 0)) / 2)));
  };
  assert.ok(defect("identity") <= COLLAPSE_TOL, `identity defect ${defect("identity")}`);
  assert.ok(defect("sigmoid") > 1e-3, `sigmoid defect ${defect("sigmoid")}`);
});

test("a linear-only 1 → 8 → 1 network trains to the least-squares line on sin x, and a sigmoid one beats it 5×", () => {
  const curve = curveData(120, { seed: 5, noise: 0.1 });
  const start = initParams([1, 8, 1], { seed: 1, method: "xavier" });
  const lin = train(start, curve.X, curve.Y, { lr: 0.05, epochs: 1000, hidden: "identity", output: "identity", loss: "mse", engine: "reference" });
  const sig = train(start, curve.X, curve.Y, { lr: 0.2, epochs: 2500, hidden: "sigmoid", output: "identity", loss: "mse", engine: "reference" });
  const x = Array.from(curve.X.data), y = Array.from(curve.Y.data);
  const best = fitLineClosedForm(x, y);
  const { W, b } = collapseLinear(lin.params);
  assert.ok(Math.abs(W.get(0, 0) - best.w) <= 1e-6, `W ${W.get(0, 0)} vs w* ${best.w}`);
  assert.ok(Math.abs(b.get(0, 0) - best.b) <= 1e-6, `b ${b.get(0, 0)} vs b* ${best.b}`);
  const lineLoss = lineCost(best.w, best.b, x, y);
  assert.ok(Math.abs(lin.costs[1000] - lineLoss) <= 1e-9 * lineLoss);
  assert.ok(sig.costs[2500] < lineLoss / 5, `sigmoid ${sig.costs[2500]} vs line ${lineLoss}`);
});
