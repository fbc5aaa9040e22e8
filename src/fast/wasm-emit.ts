/**
 * A tiny WebAssembly binary writer: just enough to emit the fast trainer's SIMD kernel.
 *
 * Why hand-written: the kernel is generated at run time, specialised on nx, nh and the tile
 * size, so no build step, toolchain or binary blob has to ship with the course. Opcodes follow
 * the WebAssembly core spec (SIMD: prefix 0xfd + LEB128 sub-opcode). Only the instructions the
 * kernel uses are here; an unknown byte is caught by `WebAssembly.validate` in the tests.
 */

/** Value types. */
export const I32 = 0x7f;
export const F64 = 0x7c;
export const V128 = 0x7b;
type ValType = typeof I32 | typeof F64 | typeof V128;

function uleb(n: number, out: number[]): void {
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
}

function sleb(n: number, out: number[]): void {
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    const done = (n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return;
  }
}

function f64Bytes(x: number): number[] {
  return Array.from(new Uint8Array(new Float64Array([x]).buffer));
}

/** A local variable index, typed so that an i32 is not passed where a v128 is meant. */
export interface Local {
  readonly index: number;
  readonly type: ValType;
}

/** One function body: declare locals, then call the instruction methods in stack order. */
export class FunctionBuilder {
  readonly code: number[] = [];
  private readonly extra: ValType[] = [];

  constructor(readonly params: ValType[], readonly results: ValType[]) {}

  param(i: number): Local {
    return { index: i, type: this.params[i] };
  }

  local(type: ValType): Local {
    this.extra.push(type);
    return { index: this.params.length + this.extra.length - 1, type };
  }

  private op(...bytes: number[]): this {
    this.code.push(...bytes);
    return this;
  }

  private simd(sub: number): this {
    this.code.push(0xfd);
    uleb(sub, this.code);
    return this;
  }

  private memarg(alignLog2: number, offset: number): this {
    uleb(alignLog2, this.code);
    uleb(offset, this.code);
    return this;
  }

  // variables
  get(l: Local): this { this.op(0x20); uleb(l.index, this.code); return this; }
  set(l: Local): this { this.op(0x21); uleb(l.index, this.code); return this; }
  tee(l: Local): this { this.op(0x22); uleb(l.index, this.code); return this; }

  // control: structured blocks take a callback that emits the body
  block(body: () => void): this { this.op(0x02, 0x40); body(); return this.op(0x0b); }
  loop(body: () => void): this { this.op(0x03, 0x40); body(); return this.op(0x0b); }
  brIf(depth: number): this { this.op(0x0d); uleb(depth, this.code); return this; }

  // i32
  i32(v: number): this { this.op(0x41); sleb(v | 0, this.code); return this; }
  i32Add(): this { return this.op(0x6a); }
  i32Sub(): this { return this.op(0x6b); }
  i32Mul(): this { return this.op(0x6c); }
  i32LtU(): this { return this.op(0x49); }
  i32Eqz(): this { return this.op(0x45); }
  i32Or(): this { return this.op(0x72); }
  i32Shl(): this { return this.op(0x74); }
  i32ShrU(): this { return this.op(0x76); }
  select(): this { return this.op(0x1b); }

  i32Load(offset = 0): this { return this.op(0x28).memarg(2, offset); }
  i32Store(offset = 0): this { return this.op(0x36).memarg(2, offset); }

  // scalar f64
  f64(v: number): this { this.op(0x44, ...f64Bytes(v)); return this; }
  f64Add(): this { return this.op(0xa0); }
  f64Sub(): this { return this.op(0xa1); }
  f64Mul(): this { return this.op(0xa2); }
  f64Load(offset = 0): this { return this.op(0x2b).memarg(3, offset); }
  f64Store(offset = 0): this { return this.op(0x39).memarg(3, offset); }

  // v128 memory (natural alignment 16 bytes; a hint only)
  load(offset = 0): this { return this.simd(0x00).memarg(4, offset); }
  loadSplat(offset = 0): this { return this.simd(0x0a).memarg(3, offset); }
  store(offset = 0): this { return this.simd(0x0b).memarg(4, offset); }
  splat(): this { return this.simd(0x14); }
  /** f64x2 constant with both lanes = v. */
  const2(v: number): this {
    this.simd(0x0c);
    this.code.push(...f64Bytes(v), ...f64Bytes(v));
    return this;
  }

  // f64x2 arithmetic
  add(): this { return this.simd(0xf0); }
  sub(): this { return this.simd(0xf1); }
  mul(): this { return this.simd(0xf2); }
  div(): this { return this.simd(0xf3); }
  neg(): this { return this.simd(0xed); }
  pmin(): this { return this.simd(0xf6); }
  pmax(): this { return this.simd(0xf7); }
  gt(): this { return this.simd(0x4a); }
  ge(): this { return this.simd(0x4c); }
  and(): this { return this.simd(0x4e); }
  /** a & ~b */
  andnot(): this { return this.simd(0x4f); }
  i64x2Shl(): this { return this.simd(0xcb); }

  /** The function's code entry: locals grouped by type, body, end. */
  encode(): number[] {
    const out: number[] = [];
    const groups: [number, ValType][] = [];
    for (const t of this.extra) {
      const last = groups[groups.length - 1];
      if (last && last[1] === t) last[0]++;
      else groups.push([1, t]);
    }
    uleb(groups.length, out);
    for (const [n, t] of groups) { uleb(n, out); out.push(t); }
    out.push(...this.code, 0x0b);
    const sized: number[] = [];
    uleb(out.length, sized);
    return sized.concat(out);
  }
}

function section(id: number, body: number[]): number[] {
  const out = [id];
  uleb(body.length, out);
  return out.concat(body);
}

function name(s: string, out: number[]): void {
  const bytes = Array.from(new TextEncoder().encode(s));
  uleb(bytes.length, out);
  out.push(...bytes);
}

/**
 * A module that imports one memory ("env", "memory"), optionally shared, and exports functions.
 * @param pages initial memory size in 64 KiB pages; maxPages the limit a shared memory needs.
 */
export function encodeModule(
  functions: { name: string; fn: FunctionBuilder }[],
  memory: { pages: number; maxPages: number; shared: boolean },
): Uint8Array {
  const types: number[] = [];
  uleb(functions.length, types);
  for (const { fn } of functions) {
    types.push(0x60);
    uleb(fn.params.length, types); types.push(...fn.params);
    uleb(fn.results.length, types); types.push(...fn.results);
  }
  const imports: number[] = [1];
  name("env", imports); name("memory", imports);
  imports.push(0x02, memory.shared ? 0x03 : 0x01);
  uleb(memory.pages, imports); uleb(memory.maxPages, imports);
  const funcs: number[] = [];
  uleb(functions.length, funcs);
  functions.forEach((_, i) => uleb(i, funcs));
  const exports: number[] = [];
  uleb(functions.length, exports);
  functions.forEach(({ name: n }, i) => { name(n, exports); exports.push(0x00); uleb(i, exports); });
  const code: number[] = [];
  uleb(functions.length, code);
  for (const { fn } of functions) code.push(...fn.encode());
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, types), ...section(2, imports), ...section(3, funcs),
    ...section(7, exports), ...section(10, code),
  ]);
}
