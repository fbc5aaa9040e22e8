/**
 * The fast trainer's WebAssembly SIMD kernel, generated for one network shape.
 *
 * Legend: nx inputs, nh hidden units, one linear output; m examples taken two at a time
 * (a "pair" fills one f64x2 register, lane = example); TP pairs per tile.
 *
 * One call `chunk(xp, yp, mp, p0, p1, par, grad, scratch, gscale)` runs forward AND backward for
 * the pairs [p0, p1), tile by tile, so that the tile's A1 stays in L1 cache between the two:
 *   forward  Z1 = W1 x + b1, A1 = g(Z1), A2 = W2 A1 + b2, e = (A2 - y) * mask,
 *            loss += e^2, dZ2 = gscale * e                    (per pair of examples)
 *   backward dW2 += dZ2 A1^T, dZ1 = (W2^T dZ2) * g'(Z1), db1 += dZ1, dW1 += dZ1 x^T, db2 += dZ2
 *                                                               (per hidden unit, over the tile)
 * The sums are kept as f64x2 partial sums (one per lane) in `grad`; the caller adds the lanes.
 * The math is the reference's (src/train.ts); only the order of the additions differs.
 *
 * Memory (byte addresses, all 16-aligned, chosen by the caller):
 *   xp  X, pair-interleaved: pair p holds (X[k][2p], X[k][2p+1]) for k = 0..nx-1  (16 nx bytes)
 *   yp, mp  Y and the mask (1 for a real example, 0 for the padding of an odd m), one v128 a pair
 *   par  W1 (nh, nx) row-major, b1 (nh), W2 (nh), b2 (1)                            (f64)
 *   grad dW1 (nh*nx), db1 (nh), dW2 (nh), db2, loss                                 (v128 each)
 *   scratch  A1 tile (nh rows of TP v128; relu: Z1), g'(Z1) tile (same), dZ2 tile (TP v128), a slot
 */
import { emitActivation, expTemps, FastActivation, keepsDerivative } from "./activation-emit";
import { encodeModule, F64, FunctionBuilder, I32, Local, V128 } from "./wasm-emit";

export type { FastActivation };

export interface KernelShape {
  nx: number;
  nh: number;
  /** pairs of examples per tile */
  tilePairs: number;
  activation: FastActivation;
  /** ReLU'(0): the reference's convention at the kink */
  reluGradAtZero: 0 | 1;
  /** generator switches (default DEFAULT_TUNING); bench/ablation.ts measures the others */
  tuning?: KernelTuning;
}

/** v128 slots in one gradient block: dW1, db1, dW2, db2, loss. */
export function gradSlots(nx: number, nh: number): number {
  return nh * nx + 2 * nh + 2;
}

/** f64 slots of the parameter block: W1, b1, W2, b2. */
export function paramSlots(nx: number, nh: number): number {
  return nh * nx + 2 * nh + 1;
}

/** bytes of one thread's scratch (A1 tile, g'(Z1) tile, dZ2 tile, one slot). */
export function scratchBytes(shape: KernelShape): number {
  return (2 * shape.nh + 1) * shape.tilePairs * 16 + 16;
}

/**
 * Generator switches, kept so that bench/ablation.ts can measure what they buy. Removed after
 * measuring no gain (bench/FINDINGS.md): a pairwise-tree dot product and Estrin's scheme for exp.
 */
export interface KernelTuning {
  /** forward in two passes over the tile (Z1 pair by pair, then g and Z2 unit by unit) instead of one */
  splitForward: boolean;
}
export const DEFAULT_TUNING: KernelTuning = { splitForward: true };

/**
 * Builds the module bytes; it exports `chunk` (see the file header).
 */
export function buildKernel(shape: KernelShape, memory: { pages: number; maxPages: number; shared: boolean }): Uint8Array {
  const { nx, nh, tilePairs: TP, activation: act } = shape;
  const tuning = shape.tuning ?? DEFAULT_TUNING;
  const f = new FunctionBuilder([I32, I32, I32, I32, I32, I32, I32, I32, F64], []);
  const [xp, yp, mp, p0, p1, par, grad, scr] = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => f.param(i));
  const gscale = f.param(8);
  const i32 = () => f.local(I32);
  const v = () => f.local(V128);
  const tp = i32(), te = i32(), xo = i32(), ao = i32(), d2o = i32(), yo = i32(), mo = i32();
  const wp = i32(), bp = i32(), hb = i32(), gp = i32(), hEnd = i32(), rowEnd = i32();
  const x: Local[] = Array.from({ length: nx }, v);
  const z2 = v(), a = v(), ev = v(), loss = v(), db2 = v(), gs = v();
  const w2 = v(), dw2 = v(), db1 = v(), dz1 = v(), d2 = v(), gd = v();
  const acc: Local[] = Array.from({ length: nx }, v);
  const e = expTemps(f);

  const W1 = 0, B1 = nh * nx * 8, W2 = B1 + nh * 8, B2 = W2 + nh * 8; // byte offsets in par
  const gB1 = nh * nx * 16, gW2 = gB1 + nh * 16, gB2 = gW2 + nh * 16, gLoss = gB2 + 16;
  const G1t = nh * TP * 16; // byte offset of the g'(Z1) tile in scratch (sigmoid, tanh)
  const dZ2t = 2 * nh * TP * 16; // byte offset of the dZ2 tile in scratch (holds Z2 during forward)
  const parSlot = dZ2t + TP * 16; // scratch slot holding `par` (see NOTE below)
  const BLOCK = Math.min(nh, 16); // hidden units unrolled per forward step
  const fullBlocks = Math.floor(nh / BLOCK), tail = nh - fullBlocks * BLOCK;

  /** for (; cur < end; cur += step) body() */
  const forRange = (cur: Local, end: Local, step: number, body: () => void) => {
    f.block(() => {
      f.get(cur).get(end).i32LtU().i32Eqz().brIf(0);
      f.loop(() => {
        body();
        f.get(cur).i32(step).i32Add().tee(cur).get(end).i32LtU().brIf(0);
      });
    });
  };
  const bump = (l: Local, by: number) => f.get(l).i32(by).i32Add().set(l);

  // NOTE: weight addresses are formed with an explicit i32.add, not a memarg offset: the compiler
  // floats (memory base + constant offset) out of the loop, one register per weight, and spills them.
  const weight = (p: Local, offset: number) => f.get(p).i32(offset).i32Add().loadSplat(0);

  /** z = Σ_k W1[j,k] x_k + b1[j] on the stack (left to right, as src/matrix.ts's matmul), unit j of the block at wp/bp */
  const dot = (j: number) => {
    weight(wp, W1 + j * nx * 8); f.get(x[0]).mul();
    for (let k = 1; k < nx; k++) { weight(wp, W1 + (j * nx + k) * 8); f.get(x[k]).mul().add(); }
    weight(bp, B1 + j * 8); f.add();
  };

  /** a = g(z) for z on the stack; stores a (relu: z) at addr + off and g'(z) at addr + G1t + off */
  const activate = (addr: Local, off: number) => {
    emitActivation(f, act, e, a, gd);
    f.get(addr).get(a).store(off);
    if (keepsDerivative(act)) f.get(addr).get(gd).store(G1t + off);
    if (act === "relu") f.get(a).const2(0).pmax().set(a);
  };

  /** Walks the hidden units in blocks of BLOCK (wp, bp, ao advanced per block), calling unit(j). */
  const overUnits = (unit: (j: number) => void, aoStep: number) => {
    if (fullBlocks > 1) {
      f.get(wp).i32(fullBlocks * BLOCK * nx * 8).i32Add().set(hEnd);
      forRange(wp, hEnd, BLOCK * nx * 8, () => {
        for (let j = 0; j < BLOCK; j++) unit(j);
        bump(bp, BLOCK * 8);
        bump(ao, BLOCK * aoStep);
      });
    } else {
      for (let j = 0; j < BLOCK; j++) unit(j);
      bump(wp, BLOCK * nx * 8);
      bump(bp, BLOCK * 8);
      bump(ao, BLOCK * aoStep);
    }
    for (let j = 0; j < tail; j++) unit(j);
  };

  // zero this chunk's gradient block
  f.get(grad).set(gp);
  f.get(grad).i32(gradSlots(nx, nh) * 16).i32Add().set(hEnd);
  forRange(gp, hEnd, 16, () => { f.get(gp).const2(0).store(0); });
  f.const2(0).set(loss).const2(0).set(db2);
  f.get(gscale).splat().set(gs);
  f.get(scr).get(par).i32Store(parSlot);

  f.get(p0).set(tp);
  forRange(tp, p1, TP, () => {
    // te = min(tp + TP, p1)
    f.get(tp).i32(TP).i32Add().tee(te).get(p1).get(te).get(p1).i32LtU().select().set(te);
    f.get(xp).get(tp).i32(nx * 16).i32Mul().i32Add().set(xo);
    f.get(scr).set(d2o); // d2o walks the pair slots of row 0 (byte address)
    f.get(tp).set(hb); // hb = pair index

    if (tuning.splitForward) {
      // ---- forward pass 1, pair by pair: Z1 of the tile
      forRange(hb, te, 1, () => {
        for (let k = 0; k < nx; k++) f.get(xo).load(k * 16).set(x[k]);
        // NOTE: `par` is re-read from memory for every pair. Were it loop-invariant, the compiler would
        // hoist all nh·nx weight addresses out of the loop and spill them (measured: 2 loads per weight).
        f.get(scr).i32Load(parSlot).tee(wp).set(bp);
        f.get(d2o).set(ao);
        overUnits((j) => { f.get(ao); dot(j); f.store(j * TP * 16); }, TP * 16);
        f.get(d2o).const2(0).store(dZ2t); // Z2 accumulator
        bump(xo, nx * 16);
        bump(d2o, 16);
      });
      // ---- forward pass 2, unit by unit: A1 = g(Z1) in place, Z2 += W2[h] A1
      f.get(d2o).set(yo); // yo := end of row 0's pairs
      f.get(scr).set(ao);
      f.get(par).set(bp);
      f.i32(0).set(hb);
      f.i32(nh).set(hEnd);
      forRange(hb, hEnd, 1, () => {
        weight(bp, W2); f.set(w2);
        f.get(ao).set(wp);
        f.get(scr).set(mo); // mo walks the Z2 slots
        f.get(ao).get(yo).get(scr).i32Sub().i32Add().set(rowEnd);
        forRange(wp, rowEnd, 16, () => {
          f.get(wp).load(0);
          activate(wp, 0);
          f.get(mo).get(mo).load(dZ2t).get(w2).get(a).mul().add().store(dZ2t);
          bump(mo, 16);
        });
        bump(bp, 8);
        bump(ao, TP * 16);
      });
    } else {
      // ---- forward, pair by pair: A1 and Z2
      forRange(hb, te, 1, () => {
        for (let k = 0; k < nx; k++) f.get(xo).load(k * 16).set(x[k]);
        f.const2(0).set(z2);
        f.get(scr).i32Load(parSlot).tee(wp).set(bp);
        f.get(d2o).set(ao);
        overUnits((j) => {
          dot(j);
          activate(ao, j * TP * 16);
          f.get(z2); weight(bp, W2 + j * 8); f.get(a).mul().add().set(z2);
        }, TP * 16);
        f.get(d2o).get(z2).store(dZ2t);
        bump(xo, nx * 16);
        bump(d2o, 16);
      });
    }

    // ---- e = (A2 - y) * mask, loss += e^2, dZ2 = gscale e, pair by pair
    f.get(yp).get(tp).i32(16).i32Mul().i32Add().set(yo);
    f.get(mp).get(tp).i32(16).i32Mul().i32Add().set(mo);
    f.get(scr).set(wp);
    f.get(d2o).set(rowEnd);
    forRange(wp, rowEnd, 16, () => {
      f.get(wp).load(dZ2t).get(par).loadSplat(B2).add().get(yo).load(0).sub().get(mo).load(0).mul().tee(ev);
      f.get(ev).mul().get(loss).add().set(loss);
      f.get(gs).get(ev).mul().set(d2);
      f.get(db2).get(d2).add().set(db2);
      f.get(wp).get(d2).store(dZ2t);
      bump(yo, 16);
      bump(mo, 16);
    });

    // ---- backward, hidden unit by hidden unit over the tile
    f.get(d2o).set(yo); // yo := tile end (byte address in row 0)
    f.get(par).set(bp); // bp walks W2 (+ h*8)
    f.get(scr).set(ao); // ao walks A1 rows (+ h*TP*16)
    f.get(grad).set(gp); // gp walks dW1 rows (+ h*nx*16)
    f.get(grad).set(mo); // mo walks db1 and dW2 (+ h*16)
    f.i32(0).set(hb);
    f.i32(nh).set(hEnd);
    forRange(hb, hEnd, 1, () => {
      f.get(bp).loadSplat(W2).set(w2);
      for (let k = 0; k < nx; k++) f.const2(0).set(acc[k]);
      f.const2(0).set(dw2).const2(0).set(db1);
      f.get(xp).get(tp).i32(nx * 16).i32Mul().i32Add().set(xo);
      f.get(ao).set(wp); // wp walks the A1 row
      f.get(scr).set(d2o); // d2o walks the dZ2 tile
      f.get(ao).get(yo).get(scr).i32Sub().i32Add().set(rowEnd);
      forRange(wp, rowEnd, 16, () => {
        f.get(wp).load(0).set(a).get(d2o).load(dZ2t).set(d2);
        if (act === "relu") {
          // stored z: a = max(z, 0); g'(z) = z > 0 (or z >= 0) as a lane mask
          f.get(w2).get(d2).mul().get(a).const2(0);
          if (shape.reluGradAtZero === 1) f.ge(); else f.gt();
          f.and().set(dz1);
          f.get(a).const2(0).pmax().set(a);
        } else if (keepsDerivative(act)) {
          f.get(w2).get(d2).mul().get(wp).load(G1t).mul().set(dz1);
        } else {
          f.get(w2).get(d2).mul().set(dz1);
        }
        f.get(dw2).get(d2).get(a).mul().add().set(dw2);
        f.get(db1).get(dz1).add().set(db1);
        for (let k = 0; k < nx; k++) f.get(acc[k]).get(dz1).get(xo).load(k * 16).mul().add().set(acc[k]);
        bump(xo, nx * 16);
        bump(d2o, 16);
      });
      for (let k = 0; k < nx; k++) f.get(gp).get(gp).load(k * 16).get(acc[k]).add().store(k * 16);
      f.get(mo).get(mo).load(gB1).get(db1).add().store(gB1);
      f.get(mo).get(mo).load(gW2).get(dw2).add().store(gW2);
      bump(gp, nx * 16);
      bump(mo, 16);
      bump(bp, 8);
      bump(ao, TP * 16);
    });
  });
  f.get(grad).get(loss).store(gLoss);
  f.get(grad).get(db2).store(gB2);

  return encodeModule([{ name: "chunk", fn: f }, { name: "step", fn: buildStep() }], memory);
}

/**
 * step(grad, chunks, gradBytes, par, nP, lr, invm, update) -> the loss sum. For every slot i of the
 * gradient blocks: s_i = Σ_c (lane 0 + lane 1) in chunk order; then, when update ≠ 0 and i < nP,
 * θ_i ← θ_i − lr (invm s_i) (the parameters and their gradients are laid out alike: W1, b1, W2, b2).
 * Returns s of the last slot (the loss). In wasm rather than JavaScript so that a short run does not
 * spend its first epochs in the interpreter (measured: 75 µs/epoch at m = 64, then 7).
 */
function buildStep(): FunctionBuilder {
  const f = new FunctionBuilder([I32, I32, I32, I32, I32, F64, F64, I32], [F64]);
  const [grad, chunks, gradBytes, par, nP] = [0, 1, 2, 3, 4].map((i) => f.param(i));
  const lr = f.param(5), invm = f.param(6), update = f.param(7);
  const i = f.local(I32), c = f.local(I32), gp = f.local(I32), slots = f.local(I32), pp = f.local(I32);
  const sum = f.local(F64);
  f.get(gradBytes).i32(4).i32ShrU().set(slots); // v128 slots per block
  f.i32(0).set(i);
  f.loop(() => {
    f.f64(0).set(sum);
    f.get(grad).get(i).i32(4).i32Shl().i32Add().set(gp);
    f.i32(0).set(c);
    f.loop(() => {
      f.get(sum).get(gp).f64Load(0).get(gp).f64Load(8).f64Add().f64Add().set(sum);
      f.get(gp).get(gradBytes).i32Add().set(gp);
      f.get(c).i32(1).i32Add().tee(c).get(chunks).i32LtU().brIf(0);
    });
    f.block(() => {
      f.get(update).i32Eqz().get(i).get(nP).i32LtU().i32Eqz().i32Or().brIf(0);
      f.get(par).get(i).i32(3).i32Shl().i32Add().tee(pp);
      f.get(pp).f64Load(0).get(lr).get(invm).get(sum).f64Mul().f64Mul().f64Sub().f64Store(0);
    });
    f.get(i).i32(1).i32Add().tee(i).get(slots).i32LtU().brIf(0);
  });
  f.get(sum);
  return f;
}

