// The generated kernel's pieces on their own: the wasm writer, and the vectorised activations
// (sigmoid and tanh through the in-kernel exp) against src/activations.ts on sweeps and edge values.
import { test } from "node:test";
import assert from "node:assert/strict";
import { relu, reluPrime, sigmoid, sigmoidPrime, tanh, tanhPrime } from "../../src/activations";
import { buildActivationProbe, FastActivation } from "../../src/fast/activation-emit";
import { buildKernel } from "../../src/fast/kernel";

// src/activations is within ~1 ulp (Math.exp); the kernel's exp is fdlibm's rational form computed
// in a different order, measured within ~2.3 ulp of it: 4 ulp leaves room, and is still 250 000
// times tighter than the 1e-12 the training curves must meet.
const ACT_REL_TOL = 4 * Number.EPSILON;

const REFERENCE: Record<"sigmoid" | "tanh" | "relu", { f: (z: number) => number; fPrime: (z: number) => number }> = {
  sigmoid: { f: sigmoid, fPrime: sigmoidPrime },
  tanh: { f: tanh, fPrime: tanhPrime },
  relu: { f: relu, fPrime: reluPrime },
};

/** g and g' by the kernel's own code, for zs (padded to an even count). */
function applyKernel(act: FastActivation, zs: number[]): { a: Float64Array; d: Float64Array } {
  const n = zs.length + (zs.length % 2);
  const memory = new WebAssembly.Memory({ initial: Math.ceil((3 * n * 8) / 65536), maximum: 64 });
  const inst = new WebAssembly.Instance(new WebAssembly.Module(buildActivationProbe(act) as BufferSource), { env: { memory } });
  new Float64Array(memory.buffer, 0, n).set(zs);
  (inst.exports.apply as (zp: number, ap: number, dp: number, pairs: number) => void)(0, n * 8, 2 * n * 8, n / 2);
  return { a: new Float64Array(memory.buffer, n * 8, zs.length).slice(), d: new Float64Array(memory.buffer, 2 * n * 8, zs.length).slice() };
}

function sweep(from: number, to: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => from + ((to - from) * i) / (n - 1));
}

test("the generated modules validate (wasm writer and SIMD opcodes)", () => {
  for (const activation of ["sigmoid", "tanh", "relu", "identity"] as const) {
    for (const [nx, nh] of [[1, 1], [8, 16], [3, 37], [32, 4]]) {
      const bytes = buildKernel({ nx, nh, tilePairs: 8, activation, reluGradAtZero: 1 }, { pages: 1, maxPages: 16, shared: false });
      assert.ok(WebAssembly.validate(bytes as BufferSource), `kernel ${activation} nx=${nx} nh=${nh}`);
    }
    assert.ok(WebAssembly.validate(buildActivationProbe(activation) as BufferSource), `probe ${activation}`);
  }
});

function worstRel(zs: number[], got: Float64Array, want: (z: number) => number): { worst: number; at: number } {
  let worst = 0, at = 0;
  zs.forEach((z, i) => {
    const w = want(z);
    const rel = w === got[i] ? 0 : Math.abs(got[i] - w) / Math.abs(w);
    if (!(rel <= worst)) { worst = rel; at = z; }
  });
  return { worst, at };
}

for (const act of ["sigmoid", "tanh"] as const) {
  test(`kernel ${act} and its derivative are within ${ACT_REL_TOL / Number.EPSILON} ulp of src/activations on sweeps of [-40, 40], [-350, 350], [-1e-6, 1e-6]`, () => {
    const zs = [...sweep(-40, 40, 20001), ...sweep(-350, 350, 20001), ...sweep(-1e-6, 1e-6, 2001)];
    const { a, d } = applyKernel(act, zs);
    for (const [what, got, want] of [["g", a, REFERENCE[act].f], ["g'", d, REFERENCE[act].fPrime]] as const) {
      const { worst, at } = worstRel(zs, got, want);
      assert.ok(worst <= ACT_REL_TOL, `${act} ${what}: max relative difference ${worst} (${(worst / Number.EPSILON).toFixed(2)} ulp) at z = ${at}`);
    }
  });
}

test("kernel activations at edge values: saturation, ±Infinity, NaN, ±0 and the ReLU kink", () => {
  const zs = [0, -0, 1e-300, -1e-300, 40, -40, 354, -354, 708, -708, 745, -745, 1000, -1000, Infinity, -Infinity, NaN];
  // NOTE: beyond |z| = 708 (354 for tanh) the kernel's exp is clamped: g is still exact (0, ±1), and
  // g' is at most 4·e^-708 ≈ 1.4e-307 where the reference's is below that too; compared absolutely there.
  const TINY = 1.4e-307;
  const expectedA: Record<"sigmoid" | "tanh" | "relu", (z: number) => number> = {
    sigmoid: (z) => (z < -708 ? 0 : sigmoid(z)), // Math.exp still gives a value under 1.2e-308 there
    tanh,
    relu,
  };
  for (const act of ["sigmoid", "tanh", "relu"] as const) {
    const { a, d } = applyKernel(act, zs);
    zs.forEach((z, i) => {
      const want = expectedA[act](z);
      if (Number.isNaN(want)) assert.ok(Number.isNaN(a[i]), `${act}(${z}) = ${a[i]}, expected NaN`);
      else assert.ok(want === a[i] || Math.abs(a[i] - want) <= ACT_REL_TOL * Math.abs(want), `${act}(${z}) = ${a[i]}, expected ${want}`);
      const wantD = REFERENCE[act].fPrime(z);
      if (Number.isNaN(z)) return; // NaN in, NaN loss: train stops on the cost before g' matters
      assert.ok(wantD === d[i] || Math.abs(d[i] - wantD) <= Math.max(ACT_REL_TOL * Math.abs(wantD), TINY), `${act}'(${z}) = ${d[i]}, expected ${wantD}`);
    });
  }
  assert.equal(applyKernel("sigmoid", [0]).a[0], 0.5);
  assert.equal(applyKernel("sigmoid", [0]).d[0], 0.25);
  assert.equal(applyKernel("relu", [0]).d[0], 1, "ReLU'(0) = 1, as the notes and src/activations take it");
  assert.ok(Object.is(applyKernel("relu", [-0]).a[0], -0), "relu(-0) keeps -0 like z < 0 ? 0 : z");
});
