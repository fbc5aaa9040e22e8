/**
 * Where the fast trainer's numbers live: one WebAssembly memory for the process, the layout of a
 * training run in it (parameters, the data in pairs of examples, one gradient block per chunk, scratch
 * per thread), and the compiled kernels (./kernel), cached by shape. No allocation per epoch.
 *
 * Determinism: the examples are cut into chunks whose size depends only on m and the tile size, never
 * on the number of threads; each chunk writes its own partial sums and `step` adds them in chunk
 * order. So the numbers are the same whether one thread or two ran the chunks, and from run to run.
 */
import { wasm, WasmMemory, WasmModule } from "./wasm-api";
import { DEFAULT_TUNING, FastActivation, KernelShape, buildKernel, gradSlots, paramSlots, scratchBytes } from "./kernel";

const PAGE = 65536;
const MAX_PAGES = 32768; // 2 GiB of address space reserved; pages are committed only as they grow
const CTRL_BYTES = 256; // the thread pool's control block sits at address 0
/** How many chunks the examples are cut into (at most): enough to balance two threads. */
const TARGET_CHUNKS = 16;

export interface Layout {
  m: number; pairs: number; tilePairs: number; chunkPairs: number; chunks: number;
  par: number; xp: number; yp: number; mp: number; grad: number; gradBytes: number;
  scratch: number; scratchBytes: number; end: number;
}

const align16 = (n: number) => Math.ceil(n / 16) * 16;

/**
 * Pairs of examples per tile: 32 (64 examples) up to nh = 256, fewer beyond so that the tile's A1 and
 * g' rows stay within ~256 KiB. Measured (bench/ablation.ts, bench/FINDINGS.md): tiles of 32 to 256
 * examples within 1% at nh = 16; at nh = 256, 16 and 32 pairs 29.3 ms/epoch, 8 pairs 30.0, 64 31.0.
 */
export function defaultTilePairs(nh: number): number {
  return Math.max(8, Math.min(32, Math.floor(8192 / nh)));
}

export function makeLayout(shape: KernelShape, m: number, threads: number): Layout {
  const { nx, nh, tilePairs } = shape;
  const pairs = Math.ceil(m / 2);
  const tiles = Math.ceil(pairs / tilePairs);
  const chunkPairs = tilePairs * Math.ceil(tiles / TARGET_CHUNKS);
  const chunks = Math.ceil(pairs / chunkPairs);
  const par = CTRL_BYTES;
  const xp = align16(par + paramSlots(nx, nh) * 8);
  const yp = xp + pairs * nx * 16;
  const mp = yp + pairs * 16;
  const grad = mp + pairs * 16;
  const gradBytes = gradSlots(nx, nh) * 16;
  const scratch = grad + chunks * gradBytes;
  const sb = scratchBytes(shape);
  return { m, pairs, tilePairs, chunkPairs, chunks, par, xp, yp, mp, grad, gradBytes, scratch, scratchBytes: sb, end: scratch + threads * sb };
}

export type ChunkFn = (xp: number, yp: number, mp: number, p0: number, p1: number, par: number, grad: number, scratch: number, gscale: number) => void;
export type StepFn = (grad: number, chunks: number, gradBytes: number, par: number, nP: number, lr: number, invm: number, update: number) => number;
export interface Kernel { chunk: ChunkFn; step: StepFn }

function api(): NonNullable<typeof wasm> {
  if (!wasm) throw new Error("trainFast: this JavaScript engine has no WebAssembly; use train");
  return wasm;
}

/** One WebAssembly memory for the process (shared when the platform allows, so a worker can use it). */
let memory: WasmMemory | null = null;
let memoryShared = false;
const modules = new Map<string, WasmModule>();
const instances = new Map<string, Kernel>();

/** Is the process's memory shared (a second thread possible)? Known after the first getMemory. */
export function isMemoryShared(): boolean {
  return memoryShared;
}

export function getMemory(bytes: number): WasmMemory {
  const pages = Math.ceil(bytes / PAGE);
  if (pages > MAX_PAGES) throw new Error(`trainFast: needs ${bytes} bytes of WebAssembly memory, more than ${MAX_PAGES * PAGE}; use train`);
  if (memory === null) {
    const initial = Math.max(pages, 1);
    try {
      // NOTE: a browser page that is not cross-origin isolated has no SharedArrayBuffer; and reserving
      // the shared maximum can fail under a tight address-space limit. Then: a private memory, one thread.
      if (typeof SharedArrayBuffer === "undefined") throw new Error("no SharedArrayBuffer");
      memory = new (api().Memory)({ initial, maximum: MAX_PAGES, shared: true });
      memoryShared = true;
    } catch {
      memory = new (api().Memory)({ initial, maximum: MAX_PAGES });
      memoryShared = false;
    }
  } else if (memory.buffer.byteLength < pages * PAGE) {
    memory.grow(pages - memory.buffer.byteLength / PAGE);
  }
  return memory;
}

export function shapeKey(s: KernelShape): string {
  const t = s.tuning ?? DEFAULT_TUNING;
  return `${s.nx}/${s.nh}/${s.tilePairs}/${s.activation}/${s.reluGradAtZero}/${+t.splitForward}`;
}

export function getModule(shape: KernelShape): WasmModule {
  const key = shapeKey(shape);
  let mod = modules.get(key);
  if (memory === null) throw new Error("getModule: call getMemory first (the module imports it, shared or not)");
  if (!mod) {
    const bytes = buildKernel(shape, { pages: 1, maxPages: MAX_PAGES, shared: memoryShared });
    mod = new (api().Module)(bytes);
    modules.set(key, mod);
  }
  return mod;
}

export function getKernel(shape: KernelShape, mem: WasmMemory): Kernel {
  const key = shapeKey(shape);
  let k = instances.get(key);
  if (!k) {
    const inst = new (api().Instance)(getModule(shape), { env: { memory: mem } });
    k = { chunk: inst.exports.chunk as ChunkFn, step: inst.exports.step as StepFn };
    instances.set(key, k);
  }
  return k;
}

/** Copies X (nx, m) row-major into the pair-interleaved layout, Y (1, m) and the 0/1 mask. */
export function writeData(mem: WasmMemory, L: Layout, nx: number, X: Float64Array, Y: Float64Array): void {
  const f = new Float64Array(mem.buffer);
  const { m, pairs } = L;
  const x0 = L.xp / 8, y0 = L.yp / 8, m0 = L.mp / 8;
  for (let k = 0; k < nx; k++) {
    const row = k * m;
    for (let j = 0; j < m; j++) f[x0 + (j >> 1) * 2 * nx + 2 * k + (j & 1)] = X[row + j];
  }
  for (let j = 0; j < m; j++) { f[y0 + j] = Y[j]; f[m0 + j] = 1; }
  if (m < 2 * pairs) { // the padding example: zeros, masked out
    for (let k = 0; k < nx; k++) f[x0 + (pairs - 1) * 2 * nx + 2 * k + 1] = 0;
    f[y0 + m] = 0;
    f[m0 + m] = 0;
  }
}

export type { FastActivation };
