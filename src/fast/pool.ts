/**
 * A second thread for the fast trainer (Node only): one worker that shares the WebAssembly memory
 * and takes chunks of examples from a common counter while the main thread takes the others.
 *
 * Synchronous on purpose: `trainFast` keeps `train`'s synchronous signature, so the main thread
 * waits with Atomics.wait (allowed in Node) rather than on a promise. The worker is written as a
 * plain JavaScript string (`eval: true`) so that it runs the same under tsx, tslab and plain node,
 * with no TypeScript loader in the worker. Browsers (no worker_threads) get one thread.
 *
 * Control block: Int32 slots at address 0 of the shared memory (see C below).
 */
import type { Layout } from "./engine";
import { getModule, isMemoryShared, shapeKey } from "./engine";
import type { KernelShape } from "./kernel";
import type { WasmMemory, WasmModule } from "./wasm-api";

// control slots (Int32 index)
const C = { SEQ: 0, NEXT: 1, DONE: 2, READY: 3, MODULE: 4, XP: 5, YP: 6, MP: 7, PAR: 8, GRAD: 9, GRADBYTES: 10, SCRATCH: 11, CHUNKPAIRS: 12, PAIRS: 13, NAP: 14, FAILED: 15, FAULT: 16 } as const;
const GSCALE_BYTE = 128; // f64 slot
/** how many polls a thread spins before sleeping in Atomics.wait (~tens of microseconds) */
const SPIN = 20000;

// A function, not a constant, so that a bundle that never starts a worker (the playground) drops it.
const workerSource = (): string => `
const { workerData, receiveMessageOnPort } = require("node:worker_threads");
const { memory, port } = workerData;
const C = ${JSON.stringify(C)}, SPIN = ${SPIN}, GSCALE_BYTE = ${GSCALE_BYTE};
const c = new Int32Array(memory.buffer, 0, 64);
const fns = new Map();
function fnFor(id) {
  while (!fns.has(id)) {
    const msg = receiveMessageOnPort(port);
    if (msg === undefined) { Atomics.wait(c, C.NAP, 0, 1); continue; } // posted, not yet delivered
    const inst = new WebAssembly.Instance(msg.message.module, { env: { memory } });
    fns.set(msg.message.id, inst.exports.chunk);
  }
  return fns.get(id);
}
// NEXT = tag << 24 | lo << 12 | hi: chunks lo..hi-1 are unclaimed; the main thread takes from the
// front, this worker from the back, so each mostly keeps the same chunks (and their data in its cache)
// from epoch to epoch while the two still meet wherever the other is slower. The tag (the epoch's
// sequence number) keeps a thread still finishing an older epoch from claiming a chunk of this one.
function claimBack(seq) {
  for (;;) {
    const v = Atomics.load(c, C.NEXT), lo = (v >>> 12) & 0xfff, hi = v & 0xfff;
    if ((v >>> 24) !== (seq & 0x7f) || lo >= hi) return -1;
    if (Atomics.compareExchange(c, C.NEXT, v, v - 1) === v) return hi - 1;
  }
}
Atomics.store(c, C.READY, 1);
Atomics.notify(c, C.READY);
let seen = 0;
for (;;) {
  let s, i = 0;
  while ((s = Atomics.load(c, C.SEQ)) === seen) { if (++i > SPIN) Atomics.wait(c, C.SEQ, seen); }
  seen = s;
  for (;;) {
    const k = claimBack(s);
    if (k < 0) break;
    try {
      if (Atomics.exchange(c, C.FAULT, 0) !== 0) throw new Error("a failure injected by injectWorkerFailure (a test)");
      const chunk = fnFor(Atomics.load(c, C.MODULE));
      const cp = c[C.CHUNKPAIRS], p0 = k * cp, p1 = Math.min(p0 + cp, c[C.PAIRS]);
      const gscale = new Float64Array(memory.buffer, GSCALE_BYTE, 1)[0];
      chunk(c[C.XP], c[C.YP], c[C.MP], p0, p1, c[C.PAR], c[C.GRAD] + k * c[C.GRADBYTES], c[C.SCRATCH], gscale);
    } catch (e) {
      console.error("trainFast worker:", e);
      Atomics.store(c, C.FAILED, 1); // this epoch's run throws; counting the chunk done keeps it from waiting forever
    }
    Atomics.add(c, C.DONE, 1);
    Atomics.notify(c, C.DONE);
  }
}
`;

interface Pool {
  ctrl: Int32Array;
  memory: WasmMemory;
  post: (msg: { id: number; module: WasmModule }) => void;
  sent: Map<string, number>;
}

let pool: Pool | null | undefined; // undefined: not tried yet; null: unavailable
type WorkerThreads = typeof import("node:worker_threads");

function nodeRequire<T>(name: string): T | null {
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    return typeof require === "function" ? (require(name) as T) : null;
  } catch {
    return null;
  }
}

/**
 * Has the machine a core to spare for a second thread: its load average over the last minute
 * (runnable threads, this one's included) below cores − 0.5? A second thread on a machine whose
 * cores are all busy only adds waiting: lesson 10's four trainings (m = 12,259), measured on the
 * 2-core machine with one other busy process, took 17.3 s (17.1 CPU-s) on one thread and 18.6 s
 * (19.3 CPU-s) on two; quiet, 16 s on one and 9.2 s on two. Where no load average is known (not
 * Node, or Windows, which reports 0), yes.
 */
export function spareCore(load: number | null = loadAverage(), cores: number = coreCount()): boolean {
  return load === null || load < cores - 0.5;
}

function loadAverage(): number | null {
  const os = nodeRequire<typeof import("node:os")>("node:os");
  return os ? os.loadavg()[0] : null;
}

function coreCount(): number {
  const os = nodeRequire<typeof import("node:os")>("node:os");
  if (!os) return 1;
  return typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
}

/** 2 when a worker can share memory with this thread and the machine has two cores, else 1. */
export function poolThreads(): number {
  if (typeof SharedArrayBuffer === "undefined") return 1;
  const wt = nodeRequire<WorkerThreads>("node:worker_threads");
  if (!wt || !wt.isMainThread) return 1;
  return coreCount() >= 2 ? 2 : 1;
}

/** Starts the worker once (about 30 ms, not repeated) and waits until it is ready; null if it cannot. */
export function startPool(memory: WasmMemory): Pool | null {
  if (pool !== undefined) return pool; // the process has one memory (./engine), so one pool
  if (!isMemoryShared()) return (pool = null);

  const wt = nodeRequire<WorkerThreads>("node:worker_threads");
  if (!wt) return (pool = null);
  const ctrl = new Int32Array(memory.buffer, 0, 64);
  ctrl.fill(0);
  const { port1, port2 } = new wt.MessageChannel();
  const worker = new wt.Worker(workerSource(), { eval: true, workerData: { memory, port: port2 }, transferList: [port2] });
  worker.unref();
  port1.unref();
  // Wait for READY (the worker starts on its own thread; no event-loop turn needed here).
  const deadline = Date.now() + 10000;
  while (Atomics.load(ctrl, C.READY) === 0) {
    if (Date.now() > deadline) { void worker.terminate(); return (pool = null); }
    Atomics.wait(ctrl, C.READY, 0, 50);
  }
  pool = { ctrl, memory, post: (msg) => port1.postMessage(msg), sent: new Map() };
  return pool;
}

/** Starts the pool and hands it the compiled kernel for `shape` (see prepareFast). */
export function prepareWorker(shape: KernelShape, memory: WasmMemory): boolean {
  const p = startPool(memory);
  if (!p) return false;
  moduleId(p, shape);
  return true;
}

function moduleId(p: Pool, shape: KernelShape): number {
  const key = shapeKey(shape);
  let id = p.sent.get(key);
  if (id === undefined) {
    id = p.sent.size + 1;
    p.sent.set(key, id);
    p.post({ id, module: getModule(shape) });
  }
  return id;
}

/** Time the main thread spent computing chunks, and waiting for the worker's last ones, in one epoch. */
export interface EpochTiming { busyMs: number; waitMs: number }

/**
 * Runs every chunk of one epoch on this thread and the worker; returns when all are done (null when
 * there is no pool: the caller runs the chunks itself).
 */
export function runChunksInPool(shape: KernelShape, memory: WasmMemory, L: Layout, gscale: number, chunkFn: (k: number) => void): EpochTiming | null {
  const p = startPool(memory);
  if (!p) return null;
  const c = p.ctrl;
  c[C.MODULE] = moduleId(p, shape);
  c[C.XP] = L.xp; c[C.YP] = L.yp; c[C.MP] = L.mp; c[C.PAR] = L.par;
  c[C.GRAD] = L.grad; c[C.GRADBYTES] = L.gradBytes; c[C.SCRATCH] = L.scratch + L.scratchBytes;
  c[C.CHUNKPAIRS] = L.chunkPairs; c[C.PAIRS] = L.pairs;
  new Float64Array(memory.buffer, GSCALE_BYTE, 1)[0] = gscale;
  if (L.chunks > 0xfff) throw new Error(`trainFast: ${L.chunks} chunks, the pool counts at most ${0xfff}`);
  const seq = (c[C.SEQ] + 1) & 0x7f;
  // A failure belongs to the epoch it happened in: every chunk of an earlier epoch was counted done
  // before that epoch returned, so nothing can still set FAILED for it, and a later run starts clean.
  Atomics.store(c, C.FAILED, 0);
  Atomics.store(c, C.DONE, 0);
  Atomics.store(c, C.NEXT, (seq << 24) | L.chunks); // lo = 0, hi = chunks
  Atomics.store(c, C.SEQ, seq);
  Atomics.notify(c, C.SEQ);
  const t0 = performance.now();
  for (;;) { // claim from the front (see the worker's claimBack)
    const v = Atomics.load(c, C.NEXT), lo = (v >>> 12) & 0xfff, hi = v & 0xfff;
    if (lo >= hi) break;
    if (Atomics.compareExchange(c, C.NEXT, v, v + 0x1000) !== v) continue;
    chunkFn(lo);
    Atomics.add(c, C.DONE, 1);
  }
  const t1 = performance.now();
  let d: number, i = 0;
  while ((d = Atomics.load(c, C.DONE)) < L.chunks) { if (++i > SPIN) Atomics.wait(c, C.DONE, d, 1); }
  if (Atomics.load(c, C.FAILED) !== 0) throw new Error("trainFast: the worker thread failed in this epoch (its error is on stderr); the next call starts afresh");
  return { busyMs: t1 - t0, waitMs: performance.now() - t1 };
}

/**
 * For tests: the worker throws on the next chunk it takes, as a real failure inside the kernel would
 * (test/fast/pool.test.ts checks that the run fails and the next one does not). No-op without a pool.
 */
export function injectWorkerFailure(): void {
  if (pool) Atomics.store(pool.ctrl, C.FAULT, 1);
}
