/**
 * The activations g and their derivatives g' as WebAssembly SIMD code, for the fast trainer's kernel
 * (./kernel): sigmoid and tanh through a vectorised exp, relu and identity.
 *
 * exp(u) = 2^n e^r with n = round(u log2 e), |r| ≤ ln2/2: fdlibm's reduction (ln 2 split in a high and
 * a low part) and its rational form e^r = (2 + 2r − c)/(2 − c), c = r − r² P(r²), P of degree 4 in r²,
 * the same coefficients as V8's Math.exp (fdlibm e_exp.c). 2^n is built from bits, not computed.
 * Measured within 2.3 ulp of src/activations.ts (test/fast/kernel.test.ts).
 */
import { encodeModule, FunctionBuilder, I32, Local, V128 } from "./wasm-emit";

export type FastActivation = "sigmoid" | "tanh" | "relu" | "identity";

const LOG2E = 1.4426950408889634;
const SHIFT = 6755399441055744 + 1023; // 1.5 * 2^52 + bias: t's low bits hold n + 1023
const LN2HI = 6.93147180369123816490e-1;
const LN2LO = 1.90821492927058770002e-10;
const P1 = 1.66666666666666019037e-1;
const P2 = -2.77777777770155933842e-3;
const P3 = 6.61375632143793436117e-5;
const P4 = -1.65339022054652515390e-6;
const P5 = 4.13813679705723846039e-8;
/** NOTE: |u| is clamped here so that 2^n stays a normal double (see the sigmoid's NOTE). */
const U_MAX = 708;

/** The f64x2 locals a generated activation needs. */
export interface ExpTemps { u: Local; t: Local; n: Local; r: Local; rr: Local; c: Local; den: Local; q: Local; sat: Local }

/**
 * Leaves (num, den, s) in locals such that exp(u) = s * num / den, for u on the stack.
 * With c = r - r^2 P(r^2): e^r = (2 + 2r - c) / (2 - c)  (fdlibm's rational form, one division).
 */
function emitExpParts(f: FunctionBuilder, e: ExpTemps): void {
  f.const2(U_MAX).pmin().const2(-U_MAX).pmax().tee(e.u);
  f.const2(LOG2E).mul().const2(SHIFT).add().tee(e.t);
  f.const2(SHIFT).sub().set(e.n);
  f.get(e.u).get(e.n).const2(LN2HI).mul().sub().get(e.n).const2(LN2LO).mul().sub().tee(e.r);
  f.get(e.r).mul().set(e.rr);
  f.get(e.r).get(e.rr).const2(P5).mul().const2(P4).add().get(e.rr).mul().const2(P3).add()
    .get(e.rr).mul().const2(P2).add().get(e.rr).mul().const2(P1).add().get(e.rr).mul().sub().set(e.c);
  f.const2(2).get(e.c).sub().set(e.den); // den = 2 - c
  // q = s * num, s = 2^n built from t's bits, num = den + 2r
  f.get(e.den).get(e.r).get(e.r).add().add().get(e.t).i32(52).i64x2Shl().mul().set(e.q);
}

/** Whether g' is computed in the forward pass and kept in a tile of its own (g' from the exp's parts). */
export const keepsDerivative = (act: FastActivation) => act === "sigmoid" || act === "tanh";

/**
 * z on the stack -> g(z) in `a`, and for sigmoid and tanh g'(z) in `d`. For relu and identity `a`
 * is z itself (the backward pass needs z's sign; the caller takes max(z, 0) for relu).
 * g' is formed from the same parts as g, not from g: σ' = σ(z)σ(−z) and tanh' = 1/cosh² keep their
 * precision where g saturates (1 − σ(40) would round to 0), as src/activations.ts does.
 */
export function emitActivation(f: FunctionBuilder, act: FastActivation, e: ExpTemps, a: Local, d: Local): void {
  switch (act) {
    case "sigmoid": // e^-z = q/den: σ(z) = den/(den + q), σ(−z) = q/(den + q)
      f.neg().tee(e.sat);
      emitExpParts(f, e);
      f.const2(1).get(e.den).get(e.q).add().div().set(e.c); // c := 1/(den + q)
      // NOTE: beyond the clamp (z < -708) the formula would give σ(-708) ≈ 3.3e-308: return 0 there,
      // as 1/(1 + e^-z) does once e^-z overflows (the exact value is below 1.2e-308 anyway).
      f.get(e.sat).const2(U_MAX).gt().set(e.sat);
      f.get(e.den).get(e.c).mul().get(e.sat).andnot().tee(a);
      f.get(e.q).get(e.c).mul().mul().set(d);
      return;
    case "tanh": // e^-2z = q/den: tanh = (den − q)/(den + q), numerator as −2r + (1 − s) num (no
      // cancellation near 0); tanh' = 4 den q/(den + q)^2
      f.const2(-2).mul();
      emitExpParts(f, e);
      f.const2(1).get(e.den).get(e.q).add().div().set(e.c);
      f.get(e.r).const2(-2).mul()
        .const2(1).get(e.t).i32(52).i64x2Shl().sub()
        .get(e.den).get(e.r).get(e.r).add().add().mul().add()
        .get(e.c).mul().set(a);
      f.get(e.den).get(e.c).mul().const2(4).mul().get(e.q).get(e.c).mul().mul().set(d);
      return;
    case "relu":
    case "identity":
      f.set(a);
      return;
  }
}

/** Fresh locals for emitActivation. */
export function expTemps(f: FunctionBuilder): ExpTemps {
  const v = () => f.local(V128);
  return { u: v(), t: v(), n: v(), r: v(), rr: v(), c: v(), den: v(), q: v(), sat: v() };
}

/**
 * A module exporting `apply(zp, ap, dp, pairs)`: for the 2·pairs doubles at zp, g(z) to ap and g'(z)
 * to dp, with exactly the code `chunk` uses. For tests of g and g' on sweeps and edge values.
 */
export function buildActivationProbe(act: FastActivation): Uint8Array {
  const f = new FunctionBuilder([I32, I32, I32, I32], []);
  const [zp, ap, dp, pairs] = [0, 1, 2, 3].map((i) => f.param(i));
  const end = f.local(I32), a = f.local(V128), d = f.local(V128);
  const e = expTemps(f);
  f.get(zp).get(pairs).i32(16).i32Mul().i32Add().set(end);
  f.block(() => {
    f.get(zp).get(end).i32LtU().i32Eqz().brIf(0);
    f.loop(() => {
      f.get(zp).load(0);
      emitActivation(f, act, e, a, d);
      if (act === "relu") {
        f.get(dp).const2(1).get(a).const2(0).ge().and().store(0); // ReLU'(z) = 1 for z ≥ 0 (the kernel's mask)
        f.get(a).const2(0).pmax().set(a);
      } else if (act === "identity") {
        f.get(dp).const2(1).store(0);
      } else {
        f.get(dp).get(d).store(0);
      }
      f.get(ap).get(a).store(0);
      f.get(ap).i32(16).i32Add().set(ap);
      f.get(dp).i32(16).i32Add().set(dp);
      f.get(zp).i32(16).i32Add().tee(zp).get(end).i32LtU().brIf(0);
    });
  });
  return encodeModule([{ name: "apply", fn: f }], { pages: 1, maxPages: 64, shared: false });
}
