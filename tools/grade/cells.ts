// The "cells" engine: a graded notebook run without Jupyter, with tslab's own semantics.
//
// Where the time went with Jupyter (measured, tools/grade/README.md): not the kernel or the round
// trips but tslab type-checking every cell again in every kernel (2-3 s for each test cell that
// imports the library). Here the cells are type-checked and transpiled by tslab's own converter
// (the same code, the same options, the same JavaScript) in a compiler process that lives for the
// whole grading session, and the result is cached: the course's own cells (prelude, lesson cells,
// tests, hidden tests) are checked once per session, not once per submission, and a test cell after
// a solution that keeps the exercise's signatures is a cache hit too (the cache key is the cell's
// source and the declarations before it, which is all the converter reads). Only the student's cells
// are new work. Run-specific strings (the recorder's name, the nonce, the run's folders) are replaced
// by placeholders of the session before compiling and put back after, so the cache does not see them.
//
// Each submission's cells then run in a fresh node process (cells/kernel.cjs: tslab's executor,
// without the Jupyter protocol), in the sandbox for its whole life, with the same time limits per
// cell and per notebook, the same output limit, the same late-error accounting as
// tools/lib/run-notebook.ts, and the result in the same shape (RunResult), so that everything after
// it (run.ts interpret, score.ts) is shared by both engines. The compiler runs in the sandbox too
// (it never executes student code, but it reads the files a cell imports).
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { cellErrorText, firstLine, isCode, text, type Cell, type Notebook } from "../lib/notebook";
import { ROOT } from "../lib/paths";
import type { CellFailure, RunResult } from "../lib/run-notebook";
import { roleOf } from "./assemble";
import { CHECKS_MODULE, checksModuleSource, type KernelConfig } from "./kernel";
import type { TrainMemo } from "./memo";
import { sandboxedCommand, type SandboxLimits } from "./sandbox";
import { RemoteCompilers, RemoteFailure, serviceFor } from "./compile-client";

export type Engine = "cells" | "jupyter";
export const ENGINES: Engine[] = ["cells", "jupyter"];

/** The engine asked for: an explicit choice, else NN_GRADE_ENGINE, else the default ("cells"). */
export function engineFrom(choice?: string): Engine {
  const v = choice ?? process.env.NN_GRADE_ENGINE ?? "cells";
  if (!(ENGINES as string[]).includes(v)) throw new Error(`unknown grading engine "${v}" (from ${choice !== undefined ? "--engine" : "NN_GRADE_ENGINE"}): use ${ENGINES.join(" or ")}`);
  return v as Engine;
}

interface Diagnostic { start: { line: number; character: number }; messageText: string; fileName?: string }
interface Converted {
  output?: string;
  declOutput?: string;
  diagnostics: Diagnostic[];
  lastExpressionVar?: string;
  hasToplevelAwait?: boolean;
  sideOutputs?: { path: string; data: string }[];
}

const TSLAB = () => path.join(fs.realpathSync(path.join(ROOT, "node_modules")), "tslab");
const HERE = path.join(ROOT, "tools/grade/cells");
/**
 * The shared compile service this process uses, if the environment names one for this checkout
 * (compile-service.ts: `npm test` runs one, so that its grading processes do not each start compilers).
 */
const SERVICE = serviceFor(ROOT);
/**
 * Placeholders of this grading session (random: a solution cannot write one to learn what it stands
 * for). With a shared service, the service's session: its cache and its compilers' checks module use it.
 */
export const SESSION = SERVICE?.session ?? randomBytes(8).toString("hex");
export const PLACEHOLDER = { name: `__nnGradePh${SESSION}N`, nonce: `nnGradePh${SESSION}C`, work: `/nnGradePh${SESSION}W`, results: `/nnGradePh${SESSION}R` };

// ---- the compilers ------------------------------------------------------------------------------

export class CompilerDied extends Error {}
export class CompilerTimeout extends Error {}

class Compiler {
  private proc: ChildProcess;
  private work: string;
  private buf = "";
  private waiting = new Map<number, { resolve: (r: Converted) => void; reject: (e: Error) => void }>();
  private next = 0;
  readonly ready: Promise<void>;
  dead = false;
  private stderr = "";

  constructor(sandbox: boolean, memoryMb: number) {
    this.work = fs.mkdtempSync(path.join(os.tmpdir(), "nn-grade-compiler-"));
    fs.symlinkSync(path.join(ROOT, "src"), path.join(this.work, "src"));
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(this.work, "node_modules"));
    const cfg = { name: PLACEHOLDER.name } as KernelConfig;
    fs.writeFileSync(path.join(this.work, `${CHECKS_MODULE}.ts`), checksModuleSource(cfg), { mode: 0o444 });
    fs.copyFileSync(path.join(HERE, "compiler.cjs"), path.join(this.work, "compiler.cjs"));
    const cmd = [process.execPath, `--max-old-space-size=${memoryMb}`, path.join(this.work, "compiler.cjs"), TSLAB()];
    const argv = sandbox
      ? sandboxedCommand({ work: this.work, writableFiles: [], limits: { memoryMb, processes: 64, cpuSeconds: 24 * 3600, scratchMb: 64, fileMb: 16 } }, cmd)
      : cmd;
    this.proc = spawn(argv[0], argv.slice(1), { cwd: this.work, stdio: ["pipe", "pipe", "pipe"] });
    let readyResolve!: () => void;
    let readyReject!: (e: Error) => void;
    this.ready = new Promise((res, rej) => { readyResolve = res; readyReject = rej; });
    this.ready.catch(() => {});
    this.proc.stdout!.setEncoding("utf8");
    this.proc.stdout!.on("data", (d: string) => {
      this.buf += d;
      let nl;
      while ((nl = this.buf.indexOf("\n")) >= 0) {
        const line = this.buf.slice(0, nl);
        this.buf = this.buf.slice(nl + 1);
        let msg: { ready?: boolean; id?: number; result?: Converted; error?: string };
        try { msg = JSON.parse(line); } catch { continue; }
        if (msg.ready) { readyResolve(); continue; }
        const w = this.waiting.get(msg.id!);
        if (!w) continue;
        this.waiting.delete(msg.id!);
        if (msg.error) w.reject(new Error(`the TypeScript converter failed: ${msg.error.split("\n")[0]}`));
        else w.resolve(msg.result!);
      }
    });
    this.proc.stderr!.setEncoding("utf8");
    this.proc.stderr!.on("data", (d: string) => { this.stderr = (this.stderr + d).slice(-4000); });
    this.proc.on("exit", (code, signal) => {
      this.dead = true;
      const e = new CompilerDied(`the TypeScript compiler process exited (${signal ?? `code ${code}`}): ${this.stderr.trim().split("\n").slice(-2).join(" | ")}`);
      readyReject(e);
      for (const w of this.waiting.values()) w.reject(e);
      this.waiting.clear();
      fs.rmSync(this.work, { recursive: true, force: true });
    });
    this.proc.stdin!.on("error", () => {});
    // An idle compiler does not keep the grading process alive (a pending request's timer does).
    this.proc.unref();
    for (const s of [this.proc.stdin, this.proc.stdout, this.proc.stderr]) (s as unknown as { unref?: () => void })?.unref?.();
  }

  async convert(prevDecl: string, src: string, timeoutMs: number): Promise<Converted> {
    await this.ready;
    const id = this.next++;
    return new Promise<Converted>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        this.kill();
        reject(new CompilerTimeout(`type-checking the cell took longer than ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      this.waiting.set(id, { resolve: (r) => { clearTimeout(timer); resolve(r); }, reject: (e) => { clearTimeout(timer); reject(e); } });
      this.proc.stdin!.write(JSON.stringify({ id, prevDecl, src }) + "\n");
    });
  }

  kill() {
    this.dead = true;
    try { this.proc.kill("SIGKILL"); } catch { /* gone */ }
    // Now, not on the child's exit event: at process exit that event never comes.
    fs.rmSync(this.work, { recursive: true, force: true });
  }
}

/** Compilers shared by every run of this process, at most `size` at once, and their cache. */
class CompilerPool {
  private idle: Compiler[] = [];
  private count = 0;
  private queue: ((c: Compiler) => void)[] = [];
  size = 1;
  private sandboxed = true;
  /** The compiler's heap (MB): TypeScript with the library's and mathjs's declarations needs ~300 MB; not the students' --memory. */
  memoryMb = 2048;

  /** Compilers in the sandbox or not: changing it retires the idle ones. */
  set sandbox(on: boolean) {
    if (on !== this.sandboxed) this.close();
    this.sandboxed = on;
  }
  get sandbox() { return this.sandboxed; }
  readonly cache = new Map<string, Converted>();
  /** Every side output (a library module compiled to JavaScript) any compiler has produced, by path relative to its folder. */
  readonly sideOutputs = new Map<string, string>();
  stats = { hits: 0, misses: 0, compileMs: 0 };

  private acquire(): Promise<Compiler> {
    while (this.idle.length) {
      const c = this.idle.pop()!;
      if (!c.dead) return Promise.resolve(c);
      this.count--;
    }
    if (this.count < this.size) {
      this.count++;
      return Promise.resolve(new Compiler(this.sandbox, this.memoryMb));
    }
    return new Promise((resolve) => this.queue.push(resolve));
  }

  private release(c: Compiler) {
    if (c.dead) {
      this.count--;
      if (this.queue.length && this.count < this.size) { this.count++; this.queue.shift()!(new Compiler(this.sandbox, this.memoryMb)); }
      return;
    }
    const waiter = this.queue.shift();
    if (waiter) waiter(c);
    else this.idle.push(c);
  }

  /** The shared service's connection, while it answers (null: compile here). */
  private remote: RemoteCompilers<Converted> | null = SERVICE ? new RemoteCompilers<Converted>(SERVICE.dir) : null;

  async convert(prevDecl: string, src: string, timeoutMs: number): Promise<Converted> {
    const key = `${prevDecl}\u0000${src}`;
    const hit = this.cache.get(key);
    if (hit) { this.stats.hits++; return hit; }
    this.stats.misses++;
    if (this.remote) {
      const t0 = Date.now();
      try {
        const { result, sideOutputs } = await this.remote.convert(prevDecl, src, timeoutMs);
        for (const [p, data] of sideOutputs) this.sideOutputs.set(p, data);
        if (this.cache.size > 20_000) this.cache.clear();
        this.cache.set(key, result);
        return result;
      } catch (e) {
        if (!(e instanceof RemoteFailure)) throw e;
        if (e.kind === "timeout") throw new CompilerTimeout(e.message);
        if (e.kind === "compiler-died") throw new CompilerDied(e.message);
        if (e.kind === "failed") throw new Error(e.message);
        // The service itself is gone (not one of its compilers): compile here from now on. Said once,
        // by the first of the requests that were in flight.
        if (this.remote) process.stderr.write(`grader: ${e.message}; compiling in this process from now on\n`);
        this.remote?.close();
        this.remote = null;
      } finally {
        this.stats.compileMs += Date.now() - t0;
      }
    }
    const c = await this.acquire();
    const t0 = Date.now();
    try {
      const r = await c.convert(prevDecl, src, timeoutMs);
      for (const s of r.sideOutputs ?? []) this.sideOutputs.set(s.path, s.data);
      delete r.sideOutputs;
      if (this.cache.size > 20_000) this.cache.clear();
      this.cache.set(key, r);
      return r;
    } finally {
      this.stats.compileMs += Date.now() - t0;
      this.release(c);
    }
  }

  /** Start the compilers now (their start-up, ~2 s each, overlaps other work). */
  warm() {
    if (this.remote) return;
    for (let i = this.count; i < this.size; i++) { this.count++; this.idle.push(new Compiler(this.sandbox, this.memoryMb)); }
  }

  close() {
    for (const c of this.idle) c.kill();
    this.idle = [];
    this.count = 0;
  }
}

export const compilers = new CompilerPool();
process.on("exit", () => compilers.close());

// ---- one run --------------------------------------------------------------------------------------

export interface CellsRunOptions {
  /** The kernel's folder (the `src` and `node_modules` links and the checks module are in it). */
  cwd: string;
  cellTimeoutSeconds: number;
  totalTimeoutSeconds: number;
  maxOutputChars: number;
  memoryMb: number;
  /** Run the kernel in the sandbox with these limits (else a plain node process, as --sandbox off). */
  sandbox: { writableFiles: string[]; limits: SandboxLimits } | null;
  /** Run-specific strings → the session's placeholders (see the top of this file). */
  placeholders: [string, string][];
  /** The lesson's training memo (memo.ts): filled by a "record" run, read by a "use" run. */
  memo?: TrainMemo;
}

const LATE_WAIT_MS = 300;
/**
 * Type-checking a cell runs no student code: it gets at least this long (within the notebook's time
 * limit), and the cell's own limit then counts only its execution, so that a busy machine (other
 * jobs compiling) does not turn into a student's time-out. (tslab counts both against the cell.)
 */
export const COMPILE_TIMEOUT_S = 120;

class KernelDied extends Error {}
class Timeout extends Error {}

/** Execute `nb`'s code cells in a fresh kernel process; the result as tools/lib/run-notebook.ts gives it. */
export async function runCells(nb: Notebook, opts: CellsRunOptions): Promise<RunResult> {
  const t0 = Date.now();
  const deadline = t0 + opts.totalTimeoutSeconds * 1000;
  const cells: Cell[] = nb.cells.map((c) => ({ ...c, metadata: { ...c.metadata }, outputs: [] } as Cell));
  const result: RunResult = { file: "(in memory)", executed: { ...nb, cells }, cells: cells.length, seconds: 0, figures: 0, failures: [] };
  const pairs = [...opts.placeholders].sort((a, b) => b[0].length - a[0].length);
  const toPh = (s: string) => pairs.reduce((acc, [real, ph]) => acc.split(real).join(ph), s);
  const fromPh = (s: string) => pairs.reduce((acc, [real, ph]) => acc.split(ph).join(real), s);

  // The kernel process.
  const script = path.join(opts.cwd, "cells-kernel.cjs");
  fs.copyFileSync(path.join(HERE, "kernel.cjs"), script);
  fs.chmodSync(script, 0o444);
  const cmd = [process.execPath, `--max-old-space-size=${opts.memoryMb}`, script];
  const argv = opts.sandbox ? sandboxedCommand({ work: opts.cwd, writableFiles: opts.sandbox.writableFiles, limits: opts.sandbox.limits }, cmd) : cmd;
  const proc = spawn(argv[0], argv.slice(1), { cwd: opts.cwd, stdio: ["pipe", "pipe", "pipe", "pipe"] });
  const nonce = randomBytes(16).toString("hex");
  let stderrTail = "";
  let exited: string | null = null;
  const waiters: ((m: Record<string, unknown> | Error) => void)[] = [];
  const inbox: Record<string, unknown>[] = [];
  let buf = "";
  const deliver = (m: Record<string, unknown> | Error) => {
    const w = waiters.shift();
    if (w) w(m);
    else if (!(m instanceof Error)) inbox.push(m);
  };
  (proc.stdio[3] as NodeJS.ReadableStream).setEncoding("utf8");
  (proc.stdio[3] as NodeJS.ReadableStream).on("data", (d: string) => {
    buf += d;
    let nl;
    while ((nl = buf.indexOf("\n")) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      try {
        const m = JSON.parse(line);
        if (!m || m.nonce !== nonce) continue;
        // Only a recording run (the course's own cells) may add to the memo; a "use" run's claims are ignored.
        if (m.type === "memo") { if (opts.memo?.mode === "record" && typeof m.key === "string") opts.memo.entries.set(m.key, m.value); continue; }
        deliver(m);
      } catch { /* not ours */ }
    }
  });
  for (const s of [proc.stdout!, proc.stderr!]) { s.setEncoding("utf8"); s.on("data", (d: string) => { stderrTail = (stderrTail + d).slice(-4000); }); }
  proc.stdin!.on("error", () => {});
  proc.on("error", (e) => { exited = `the kernel could not start: ${e.message}`; while (waiters.length) waiters.shift()!(new KernelDied(exited)); });
  proc.on("exit", (code, signal) => {
    // The words of the Jupyter engine (nbclient's DeadKernelError), so that both engines' verdicts read the same.
    void code; void signal;
    exited = "Kernel died";
    while (waiters.length) waiters.shift()!(new KernelDied(exited));
  });
  const receive = (ms: number) => new Promise<Record<string, unknown>>((resolve, reject) => {
    if (inbox.length) return resolve(inbox.shift()!);
    if (exited) return reject(new KernelDied(exited));
    const timer = setTimeout(() => { const k = waiters.indexOf(w); if (k >= 0) waiters.splice(k, 1); reject(new Timeout()); }, ms);
    const w = (m: Record<string, unknown> | Error) => { clearTimeout(timer); if (m instanceof Error) reject(m); else resolve(m); };
    waiters.push(w);
  });
  const sendMsg = (m: object) => { if (!exited) proc.stdin!.write(JSON.stringify(m) + "\n"); };
  const sent = new Set<string>();
  const newSideOutputs = () => {
    const out: { path: string; data: string }[] = [];
    for (const [p, data] of compilers.sideOutputs) if (!sent.has(p)) { sent.add(p); out.push({ path: p, data: fromPh(data) }); }
    return out;
  };
  const limitOf = (cell: Cell | null) => {
    const own = cell ? (cell.metadata as Record<string, unknown>)["nn-timeout"] : undefined;
    const limit = typeof own === "number" && own > 0 ? own : opts.cellTimeoutSeconds;
    return Math.max(1, Math.min(limit, Math.ceil((deadline - Date.now()) / 1000)));
  };
  const timeoutMessage = (limit: number) => {
    const m = `A cell timed out while it was being executed, after ${limit} seconds.`;
    return Date.now() >= deadline - 500 ? `the notebook's time limit of ${opts.totalTimeoutSeconds} s ran out (${m})` : m;
  };

  let stopped: RunResult["stopped"] = { status: "ok", message: "", cell: null };
  const late: { t: number; i: number; msg: string }[] = [];
  try {
    sendMsg({ type: "init", nonce, maxOutputChars: opts.maxOutputChars, sideOutputs: newSideOutputs(),
      memo: opts.memo ? { mode: opts.memo.mode, entries: opts.memo.mode === "use" ? [...opts.memo.entries] : [] } : null });
    try {
      await receive(120_000);
    } catch (e) {
      stopped = { status: "kernel-start", message: `the cells engine's kernel did not start: ${(e as Error).message || "no answer in 120 s"}`, cell: null };
      throw e;
    }
    let prevDecl = "";
    // The memo serves the lesson's own cells only, and only until the first student cell has run
    // (after it, the library's objects may have been changed).
    let studentRan = false;
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i];
      if (!isCode(cell)) continue;
      const role = roleOf(cell)?.role;
      if (role !== "lesson" && role !== "prelude") studentRan = true;
      const meta = cell.metadata as Record<string, unknown>;
      let limit = limitOf(cell);
      let conv: Converted;
      try {
        const compileLimit = Math.max(1, Math.min(Math.max(limit, COMPILE_TIMEOUT_S), Math.ceil((deadline - Date.now()) / 1000)));
        limit = compileLimit;
        conv = await compilers.convert(prevDecl, toPh(text(cell.source)), compileLimit * 1000);
      } catch (e) {
        if (e instanceof CompilerTimeout) stopped = { status: "timeout", message: timeoutMessage(limit), cell: i };
        else stopped = { status: "dead-kernel", message: (e as Error).message, cell: i };
        throw e;
      }
      if (conv.diagnostics.length) {
        // tslab prints each diagnostic to stderr and fails the cell (dist/executor.js printDiagnostics).
        const lines = conv.diagnostics.map((d) => `${d.fileName ? `${d.fileName} ` : ""}${d.start.line + 1}:${d.start.character + 1} - ${fromPh(d.messageText)}\n`);
        cell.outputs = [{ output_type: "stream", name: "stderr", text: lines.join("") }];
        meta["nn-reply-status"] = "error";
        continue;
      }
      if (!conv.output) {
        prevDecl = conv.declOutput ?? "";
        meta["nn-reply-status"] = "ok";
        continue;
      }
      limit = limitOf(cell);
      sendMsg({ type: "cell", i, output: fromPh(conv.output), hasToplevelAwait: !!conv.hasToplevelAwait, lastExpressionVar: conv.lastExpressionVar, sideOutputs: newSideOutputs(),
        memo: !!opts.memo && role === "lesson" && !studentRan });
      let done: Record<string, unknown>;
      try {
        done = await receive(limit * 1000);
      } catch (e) {
        stopped = e instanceof Timeout ? { status: "timeout", message: timeoutMessage(limit), cell: i } : { status: "dead-kernel", message: (e as Error).message, cell: i };
        throw e;
      }
      (cell as { outputs: unknown }).outputs = done.outputs ?? [];
      meta["nn-reply-status"] = done.status;
      if (done.status === "ok") prevDecl = conv.declOutput ?? "";
    }
    // The runner's last cell: time for late callbacks, then the errors that escaped every cell.
    sendMsg({ type: "finish", waitMs: LATE_WAIT_MS });
    try {
      const m = await receive(Math.max(1, limitOf(null) * 1000));
      late.push(...((m.late as typeof late) ?? []));
    } catch (e) {
      stopped = e instanceof Timeout ? { status: "timeout", message: timeoutMessage(limitOf(null)), cell: null } : { status: "dead-kernel", message: (e as Error).message, cell: null };
    }
  } catch {
    // stopped says why
  } finally {
    try { proc.kill("SIGKILL"); } catch { /* gone */ }
  }
  // Failures in the shape run-notebook.ts gives them: `cell` 1-based counting its injected prelude.
  const failures: CellFailure[] = [];
  const describe = (i: number, message: string): CellFailure => ({ cell: i + 1, codeCell: i + 1, source: firstLine(cells[i]), message });
  cells.forEach((c, i) => { const err = cellErrorText(c); if (err) failures.push(describe(i, err)); });
  for (const l of late) {
    const at = l.i >= 0 ? l.i : 0;
    const already = failures.some((f) => f.cell === at + 1 && f.message.includes(l.msg.split(": ").slice(1).join(": ")));
    if (!already) failures.push(describe(at, `${l.msg} (raised after the cell returned; the cell or an earlier one scheduled it)`));
  }
  if (stopped.status !== "ok") {
    const what = stopped.status === "timeout" ? `timed out: ${stopped.message}` : `${stopped.status}: ${stopped.message}`;
    if (stopped.cell != null) failures.push(describe(stopped.cell, what));
    else failures.push({ cell: null, codeCell: null, source: "", message: what });
  }
  failures.sort((a, b) => (a.cell ?? Infinity) - (b.cell ?? Infinity));
  result.failures = failures;
  result.stopped = stopped;
  result.seconds = (Date.now() - t0) / 1000;
  return result;
}
