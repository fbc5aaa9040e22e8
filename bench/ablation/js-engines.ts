// Plain-TypeScript trainers for the ablation (bench/ablation.ts): what scalar JavaScript reaches on the
// workload before WebAssembly SIMD, each step measured on its own. Same math as src/train.ts for the
// 2-layer sigmoid/MSE net; not used by the course.
//
// Legend: nx inputs, nh hidden units, m examples; X (nx, m), Y (1, m) row-major Float64Arrays.

export interface Net { W1: Float64Array; b1: Float64Array; W2: Float64Array; b2: Float64Array }
export interface Problem { X: Float64Array; Y: Float64Array; nx: number; nh: number; m: number }

// fdlibm's exp reduction and rational form (as in src/fast/kernel.ts), scalar; 2^n from a table.
const LOG2E = 1.4426950408889634, LN2HI = 6.93147180369123816490e-1, LN2LO = 1.90821492927058770002e-10;
const P1 = 1.66666666666666019037e-1, P2 = -2.77777777770155933842e-3, P3 = 6.61375632143793436117e-5;
const P4 = -1.65339022054652515390e-6, P5 = 4.13813679705723846039e-8;
const POW2 = Float64Array.from({ length: 2045 }, (_, i) => 2 ** (i - 1022));

/** σ(z) = 1/(1 + e^-z) with the inline exp: no call into Math.exp. */
function sigmoidInline(z: number): number {
  let u = -z;
  u = u > 708 ? 708 : u < -708 ? -708 : u;
  const n = Math.round(u * LOG2E);
  const r = u - n * LN2HI - n * LN2LO, rr = r * r;
  const c = r - rr * (P1 + rr * (P2 + rr * (P3 + rr * (P4 + rr * P5))));
  const den = 2 - c;
  return den / (den + POW2[n + 1022] * (den + 2 * r));
}
const sigmoidMath = (z: number) => 1 / (1 + Math.exp(-z));

/** One kernel per matrix operation (as the reference) but every buffer allocated once. */
export function trainPerOp(p: Problem, net: Net, lr: number, epochs: number): number[] {
  const { X, Y, nx, nh, m } = p;
  const W1 = net.W1.slice(), b1 = net.b1.slice(), W2 = net.W2.slice(), b2 = net.b2.slice();
  const Z1 = new Float64Array(nh * m), A1 = new Float64Array(nh * m), A2 = new Float64Array(m), dZ2 = new Float64Array(m);
  const dZ1 = new Float64Array(nh * m), dW1 = new Float64Array(nh * nx), db1 = new Float64Array(nh), dW2 = new Float64Array(nh);
  const costs: number[] = [];
  for (let epoch = 0; epoch <= epochs; epoch++) {
    Z1.fill(0);
    for (let h = 0; h < nh; h++) for (let k = 0; k < nx; k++) {
      const w = W1[h * nx + k];
      for (let j = 0; j < m; j++) Z1[h * m + j] += w * X[k * m + j];
    }
    for (let h = 0; h < nh; h++) for (let j = 0; j < m; j++) Z1[h * m + j] += b1[h];
    for (let i = 0; i < nh * m; i++) A1[i] = sigmoidMath(Z1[i]);
    A2.fill(0);
    for (let h = 0; h < nh; h++) { const w = W2[h]; for (let j = 0; j < m; j++) A2[j] += w * A1[h * m + j]; }
    let J = 0;
    for (let j = 0; j < m; j++) { A2[j] += b2[0]; const e = A2[j] - Y[j]; J += e * e; dZ2[j] = 2 * e; }
    costs.push(J / m);
    if (epoch === epochs) break;
    let db2 = 0;
    for (let j = 0; j < m; j++) db2 += dZ2[j];
    for (let h = 0; h < nh; h++) {
      let s = 0, t = 0;
      for (let j = 0; j < m; j++) {
        const a = A1[h * m + j];
        s += dZ2[j] * a;
        const dz = W2[h] * dZ2[j] * (a * (1 - a));
        dZ1[h * m + j] = dz;
        t += dz;
      }
      dW2[h] = s / m; db1[h] = t / m;
    }
    for (let h = 0; h < nh; h++) for (let k = 0; k < nx; k++) {
      let s = 0;
      for (let j = 0; j < m; j++) s += dZ1[h * m + j] * X[k * m + j];
      dW1[h * nx + k] = s / m;
    }
    for (let i = 0; i < nh * nx; i++) W1[i] -= lr * dW1[i];
    for (let h = 0; h < nh; h++) { b1[h] -= lr * db1[h]; W2[h] -= lr * dW2[h]; }
    b2[0] -= lr * (db2 / m);
  }
  return costs;
}

/**
 * Forward and backward fused per tile of T examples (A1 of the tile stays in cache), inner loops
 * unrolled by 4 over examples; `inlineExp` replaces Math.exp by sigmoidInline.
 */
export function trainFusedTiles(p: Problem, net: Net, lr: number, epochs: number, inlineExp: boolean, T = 64): number[] {
  const { X, Y, nx, nh, m } = p;
  const g = inlineExp ? sigmoidInline : sigmoidMath;
  const W1 = net.W1.slice(), b1 = net.b1.slice(), W2 = net.W2.slice(), b2 = net.b2.slice();
  const A = new Float64Array(nh * T), z2 = new Float64Array(T), d2 = new Float64Array(T);
  const gW1 = new Float64Array(nh * nx), gb1 = new Float64Array(nh), gW2 = new Float64Array(nh);
  const costs: number[] = [];
  for (let epoch = 0; epoch <= epochs; epoch++) {
    gW1.fill(0); gb1.fill(0); gW2.fill(0);
    let J = 0, gb2 = 0;
    for (let j0 = 0; j0 < m; j0 += T) {
      const n = Math.min(T, m - j0);
      z2.fill(0);
      for (let h = 0; h < nh; h++) {
        const row = h * T;
        for (let j = 0; j < n; j++) A[row + j] = b1[h];
        for (let k = 0; k < nx; k++) {
          const w = W1[h * nx + k], xo = k * m + j0;
          let j = 0;
          for (; j + 4 <= n; j += 4) {
            A[row + j] += w * X[xo + j]; A[row + j + 1] += w * X[xo + j + 1];
            A[row + j + 2] += w * X[xo + j + 2]; A[row + j + 3] += w * X[xo + j + 3];
          }
          for (; j < n; j++) A[row + j] += w * X[xo + j];
        }
        const w2 = W2[h];
        for (let j = 0; j < n; j++) { const a = g(A[row + j]); A[row + j] = a; z2[j] += w2 * a; }
      }
      for (let j = 0; j < n; j++) { const e = z2[j] + b2[0] - Y[j0 + j]; J += e * e; d2[j] = 2 * e; gb2 += d2[j]; }
      for (let h = 0; h < nh; h++) {
        const row = h * T, w2 = W2[h];
        let s = 0, t = 0;
        for (let j = 0; j < n; j++) {
          const a = A[row + j];
          s += d2[j] * a;
          const dz = w2 * d2[j] * (a * (1 - a));
          A[row + j] = dz;
          t += dz;
        }
        gW2[h] += s; gb1[h] += t;
        for (let k = 0; k < nx; k++) {
          const xo = k * m + j0;
          let s0 = 0, s1 = 0, s2 = 0, s3 = 0, j = 0;
          for (; j + 4 <= n; j += 4) {
            s0 += A[row + j] * X[xo + j]; s1 += A[row + j + 1] * X[xo + j + 1];
            s2 += A[row + j + 2] * X[xo + j + 2]; s3 += A[row + j + 3] * X[xo + j + 3];
          }
          for (; j < n; j++) s0 += A[row + j] * X[xo + j];
          gW1[h * nx + k] += (s0 + s1) + (s2 + s3);
        }
      }
    }
    costs.push(J / m);
    if (epoch === epochs) break;
    for (let i = 0; i < nh * nx; i++) W1[i] -= lr * (gW1[i] / m);
    for (let h = 0; h < nh; h++) { b1[h] -= lr * (gb1[h] / m); W2[h] -= lr * (gW2[h] / m); }
    b2[0] -= lr * (gb2 / m);
  }
  return costs;
}
