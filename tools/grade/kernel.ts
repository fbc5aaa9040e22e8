// The code the grader injects into a submission's kernel, as TypeScript source for tslab cells.
// It runs in the same process as the student's code, so it is a guard rail, not a sandbox:
//   - the prelude (before any student code) captures the functions it needs, opens the results file
//     and puts a sealed recorder on globalThis under a random name;
//   - the course's test cells call `expectClose`/`expectTrue` from a grader module that records each
//     check (with the values and shapes seen) instead of stopping at the first failure, and imports
//     the lesson's names locally, so a solution that rebinds them cannot change what the tests see;
//   - the seal (after the lesson's cells, before the first exercise) freezes the library's modules
//     that the lesson's cells and tests reach (assemble.ts sealSpecifiers)
//     and the built-ins the library computes with, and snapshots globals for the integrity checks;
//   - from the first exercise on, reads of the course's notebooks, tools and tests, writes into the
//     course, child processes and network connections are refused and recorded, charged to the
//     exercise whose code did it (a timer's callback to the exercise that set the timer);
//   - after each exercise, processes it left running are counted, stopped and recorded.
// The operating-system sandbox (sandbox.ts) is what enforces; these guards name what was refused.
// Records go to a file as JSON lines stamped with a per-run nonce: see records.ts.

/** What the generated cells need to know. */
export interface KernelConfig {
  /** Global property name of the recorder (random per run). */
  name: string;
  nonce: string;
  resultsFile: string;
  /** Folders whose files student code may not read (the course's notebooks, tests, tools...). */
  readProtected: string[];
  /** Folders student code may not write into. */
  writeProtected: string[];
  /** Folders inside those that stay writable (the kernel's own working folder). */
  writable: string[];
  /** Files inside `writable` that may not be written all the same (the recording checks module). */
  pinned: string[];
  /** The kernel runs in the sandbox: a PID namespace of its own, so every other process in it is the student's. */
  sandboxed: boolean;
}

/** The module the graded test cells import their checks from (written into the kernel's folder). */
export const CHECKS_MODULE = "nn-grade-checks";

export function checksModuleSource(cfg: KernelConfig): string {
  const G = `(globalThis as any)[${JSON.stringify(cfg.name)}]`;
  return `// Written by the grader (tools/grade/kernel.ts): the checks of the course's test cells, recorded.
export function expectClose(what: string, actual: any, expected: any, tol: number, opts?: { relative?: boolean; nanExpected?: boolean; quiet?: boolean }): void { ${G}.close(what, actual, expected, tol, opts); }
export function expectTrue(what: string, condition: boolean, detail?: string): void { ${G}.truthy(what, condition, detail); }
export function nnGradeBegin(ex: string, part: string): void { ${G}.begin(ex, part); }
export function nnGradeEnd(ex: string, part: string): void { ${G}.end(ex, part); }
`;
}

/** First grader cell: runs before any lesson or student code. */
export function preludeSource(cfg: KernelConfig): string {
  return `// grader prelude
import { compare as nnGradeCompare } from "./src/checks/expect";
{
const g: any = globalThis;
const req: any = require;
const fs: any = req("fs");
const nodePath: any = req("path");
const cp: any = req("child_process");
const net: any = req("net"), dgram: any = req("dgram"), timers: any = req("timers");
const writeSync = fs.writeSync, openSync = fs.openSync, readdirSync = fs.readdirSync, readFileSync = fs.readFileSync;
const killPid = process.kill.bind(process), ownPid = process.pid;
const stringify = JSON.stringify, isArray = Array.isArray;
const freeze = Object.freeze, defineProperty = Object.defineProperty, getDesc = Object.getOwnPropertyDescriptor;
const ownNames = Object.getOwnPropertyNames, ownSymbols = Object.getOwnPropertySymbols, getProto = Object.getPrototypeOf;
const isView = ArrayBuffer.isView, objectIs = Object.is, isFiniteNum = Number.isFinite, toNum = Number, toStr = String, now = Date.now;
const resolvePath = nodePath.resolve, sep = nodePath.sep, cwd = process.cwd.bind(process);
const compare: any = nnGradeCompare;
const fd = openSync(${JSON.stringify(cfg.resultsFile)}, "a");
const nonce = ${JSON.stringify(cfg.nonce)};
const readProtected: string[] = ${JSON.stringify(cfg.readProtected)};
const writeProtected: string[] = ${JSON.stringify(cfg.writeProtected)};
const writable: string[] = ${JSON.stringify(cfg.writable)};
const pinned: string[] = ${JSON.stringify(cfg.pinned)};
let phase: any = { ex: null, part: "lesson" };
let ctx: any = null;
// From the seal on, the guards act at every moment: code left running by an exercise (a timer, a
// callback) is still student code. It is charged to the exercise that ran last, or to the one whose
// code set the timer (see the timer wrappers below).
let sealed = false;
let lastEx: string | null = null;
const guarding = () => phase.ex !== null || sealed;
const emit = (rec: any) => { try { rec.nonce = nonce; rec.t = now(); writeSync(fd, stringify(rec) + "\\n"); } catch (e) {} };
const num = (x: any) => { const v = toNum(x); return isFiniteNum(v) ? v : toStr(v); };
const safeText = (v: any) => { try { const s = typeof v === "string" ? v : toStr(v); return s.length > 300 ? s.slice(0, 297) + "..." : s; } catch (e) { return "(unprintable)"; } };
const take = (xs: any) => { const out: any[] = []; const n = xs.length < 8 ? xs.length : 8; for (let i = 0; i < n; i++) out.push(num(xs[i])); return out; };
const describe = (v: any) => {
  try {
    if (typeof v === "number") return { type: "number", shape: "scalar", head: [num(v)] };
    if (v && typeof v === "object" && "data" in v && "rows" in v && "cols" in v) return { type: "matrix", shape: [num(v.rows), num(v.cols)], length: num(v.data.length), head: take(v.data) };
    if (v != null && typeof v !== "string" && typeof v !== "function" && typeof v.length === "number") {
      if (v.length > 0 && v[0] != null && typeof v[0] === "object") return { type: "nested array", shape: [num(v.length)], length: num(v.length), text: "an array of arrays" };
      return { type: "array", shape: [num(v.length)], length: num(v.length), head: take(v) };
    }
    if (v === null) return { type: "null" };
    if (v === undefined) return { type: "undefined" };
    if (typeof v === "object") { const c = v.constructor && v.constructor.name; return { type: "object", text: (c || "Object") + " {" + ownNames(v).slice(0, 6).join(", ") + "}" }; }
    return { type: typeof v, text: safeText(v) };
  } catch (e) { return { type: "unreadable", text: safeText(e && (e as any).message) }; }
};
const inside = (p: string, dirs: string[]) => dirs.some((d) => p === d || p.startsWith(d + sep));
// Resolve the way the system will, component by component (through symlinks before "..": "src/../x"
// is the repo's x), even for a path that does not exist (here: the sandbox shows no course files).
const nativeReal = fs.realpathSync.native, fileURLToPath = req("url").fileURLToPath;
const realish = (p: any) => {
  let raw = "";
  try { raw = typeof p === "string" ? p : p && typeof p === "object" && "href" in p ? fileURLToPath(p) : toStr(p); } catch (e) { return ""; }
  try { return nativeReal(raw); } catch (e) {}
  let at = raw.startsWith(sep) ? sep : cwd();
  let exists = true;
  for (const part of raw.split(sep)) {
    if (part === "" || part === ".") continue;
    if (part === "..") { at = nodePath.dirname(at); continue; }
    at = nodePath.join(at, part);
    if (exists) { try { at = nativeReal(at); } catch (e) { exists = false; } }
  }
  return at;
};
const refuse = (what: string, target: string) => {
  emit({ type: "blocked", ex: phase.ex ?? lastEx, part: phase.ex === null ? "late" : phase.part, what: what, path: target });
  const err: any = new Error("the grader does not allow " + what + (target ? " (" + target + ")" : "") + " while grading");
  err.code = "EACCES";
  throw err;
};
const guardRead = (name: string, orig: any) => function (this: any, p: any, ...rest: any[]) {
  if (guarding() && (typeof p === "string" || (p && typeof p === "object" && "href" in p) || (typeof Buffer !== "undefined" && Buffer.isBuffer(p)))) {
    const r = realish(p);
    if (r && (inside(r, readProtected) || (r.endsWith(".ipynb") && !inside(r, writable)))) refuse("reading the course's files with " + name, r);
  }
  return orig.call(this, p, ...rest);
};
const guardWrite = (name: string, orig: any, flagsAt = -1) => function (this: any, p: any, ...rest: any[]) {
  if (guarding() && (typeof p === "string" || (p && typeof p === "object" && "href" in p) || (typeof Buffer !== "undefined" && Buffer.isBuffer(p)))) {
    const flags = flagsAt >= 0 ? toStr(rest[flagsAt - 1] ?? "r") : "w";
    const writing = flagsAt < 0 || /[wa+]/.test(flags);
    const r = realish(p);
    if (r && inside(r, readProtected) && !writing) refuse("reading the course's files with " + name, r);
    if (r && writing && pinned.includes(r)) refuse("rewriting the grader's checks module with " + name, r);
    if (r && writing && inside(r, writeProtected) && !inside(r, writable)) refuse("writing into the course's folders with " + name, r);
  }
  return orig.call(this, p, ...rest);
};
for (const k of ["readFileSync", "readFile", "createReadStream", "readdirSync", "readdir", "opendirSync", "opendir", "cpSync", "cp", "copyFileSync", "copyFile"]) if (typeof fs[k] === "function") fs[k] = guardRead(k, fs[k]);
for (const k of ["writeFileSync", "writeFile", "appendFileSync", "appendFile", "createWriteStream", "unlinkSync", "unlink", "rmSync", "rm", "rmdirSync", "rmdir", "renameSync", "rename", "mkdirSync", "mkdir", "truncateSync", "truncate", "symlinkSync", "symlink", "linkSync", "link", "chmodSync", "chmod", "utimesSync", "utimes"]) if (typeof fs[k] === "function") fs[k] = guardWrite(k, fs[k]);
for (const k of ["openSync", "open"]) if (typeof fs[k] === "function") fs[k] = guardWrite(k, fs[k], 1);
for (const k of ["readFile", "readdir", "opendir", "cp", "copyFile"]) if (fs.promises && typeof fs.promises[k] === "function") fs.promises[k] = guardRead("fs.promises." + k, fs.promises[k]);
for (const k of ["writeFile", "appendFile", "unlink", "rm", "rmdir", "rename", "mkdir", "truncate", "symlink", "link", "chmod", "utimes"]) if (fs.promises && typeof fs.promises[k] === "function") fs.promises[k] = guardWrite("fs.promises." + k, fs.promises[k]);
if (fs.promises && typeof fs.promises.open === "function") fs.promises.open = guardWrite("fs.promises.open", fs.promises.open, 1);
for (const k of ["spawn", "spawnSync", "exec", "execSync", "execFile", "execFileSync", "fork"]) if (typeof cp[k] === "function") { const orig = cp[k]; cp[k] = function (this: any, ...args: any[]) { if (guarding()) refuse("starting a process with child_process." + k, toStr(args[0]).slice(0, 200)); return orig.apply(this, args); }; }
// Network: the sandbox has none; the guard says so by name (TCP, unix sockets, HTTP, fetch all connect a net.Socket).
const target = (args: any[]) => { try { const a = isArray(args[0]) ? args[0][0] : args[0]; return toStr(a && typeof a === "object" ? (a.path ?? ((a.host ?? "localhost") + ":" + a.port)) : args.slice(0, 2).join(":")).slice(0, 200); } catch (e) { return "?"; } };
const connect0 = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (this: any, ...args: any[]) { if (guarding()) refuse("opening a network connection", target(args)); return connect0.apply(this, args); };
for (const k of ["send", "connect"]) { const orig = dgram.Socket.prototype[k]; if (typeof orig === "function") dgram.Socket.prototype[k] = function (this: any, ...args: any[]) { if (guarding()) refuse("sending network packets (UDP)", ""); return orig.apply(this, args); }; }
// Timers: a callback runs as the exercise whose code set it, so what it does, and an error it throws,
// is charged to that exercise (not to whichever cell happens to be running when it fires).
const wrapTimer = (orig: any) => function (this: any, fn: any, ...rest: any[]) {
  if (typeof fn !== "function" || phase.ex === null) return orig.call(this, fn, ...rest);
  const owner = phase.ex;
  return orig.call(this, function (this: any, ...a: any[]) {
    const saved = phase;
    phase = { ex: owner, part: "late" };
    try { return fn.apply(this, a); }
    catch (e) { emit({ type: "late-error", ex: owner, message: safeText(e && (e as any).message !== undefined ? (e as any).name + ": " + (e as any).message : e) }); }
    finally { phase = saved; }
  }, ...rest);
};
for (const k of ["setTimeout", "setInterval", "setImmediate"]) { const w = wrapTimer(g[k]); g[k] = w; timers[k] = w; }
// Processes the exercise left running. In the sandbox every process but its init (1) and the kernel
// is the student's; outside it, the kernel's descendants.
const statOf = (pid: string) => { try { const st = toStr(readFileSync("/proc/" + pid + "/stat", "utf8")); const f = st.slice(st.lastIndexOf(")") + 2).split(" "); return { ppid: toNum(f[1]), state: f[0] }; } catch (e) { return null; } };
const strayProcesses = () => {
  let pids: string[] = [];
  try { pids = readdirSync("/proc").filter((d: string) => /^[0-9]+$/.test(d)); } catch (e) { return []; }
  const live = pids.map((pid) => ({ pid: toNum(pid), st: statOf(pid) })).filter((p) => p.st && p.st.state !== "Z");
  if (${JSON.stringify(cfg.sandboxed)}) return live.filter((p) => p.pid !== 1 && p.pid !== ownPid).map((p) => p.pid);
  const mine = new Set<number>([ownPid]);
  for (let grew = true; grew;) { grew = false; for (const p of live) if (!mine.has(p.pid) && mine.has(p.st!.ppid)) { mine.add(p.pid); grew = true; } }
  mine.delete(ownPid);
  return [...mine];
};
const stopStrays = () => {
  let first = strayProcesses();
  for (let round = 0; round < 50; round++) {
    const left = round === 0 ? first : strayProcesses();
    if (!left.length) break;
    // kill(-1) reaches every process of the kernel's own uid at once (a fork loop cannot outrun it);
    // only in the sandbox, where that uid is the kernel's alone.
    if (${JSON.stringify(cfg.sandboxed)} && process.getuid && process.getuid() !== 0) { try { killPid(-1, "SIGKILL"); } catch (e) {} }
    else for (const pid of left) { try { killPid(pid, "SIGKILL"); } catch (e) {} }
  }
  return first.length;
};

const api: any = {
  phase(ex: string) { phase = { ex: ex, part: "exercise" }; lastEx = ex; emit({ type: "phase", ex: ex, part: "exercise" }); },
  begin(ex: string, part: string) { phase = { ex: ex, part: part }; lastEx = ex; ctx = { ex: ex, part: part, n: 0 }; emit({ type: "begin", ex: ex, part: part }); },
  end(ex: string, part: string) { emit({ type: "end", ex: ex, part: part }); ctx = null; },
  close(what: any, actual: any, expected: any, tol: any, opts: any) {
    const rec: any = { type: "check", kind: "close", what: safeText(what), tol: num(tol), relative: !!(opts && opts.relative) };
    let ok = false;
    rec.got = describe(actual);
    rec.expected = describe(expected);
    try {
      // The verdict is compare's (src/checks/close.ts), the same as expectClose's; it throws when the
      // two sides cannot be compared, and says which rule ("shape", "type", "empty", "tolerance").
      const r = compare(actual, expected, rec.what, { tol: tol, relative: rec.relative, nanExpected: !!(opts && opts.nanExpected) });
      rec.diff = num(r.diff);
      rec.worst = r.worstIndex;
      if (r.worstIndex >= 0) { rec.worstGot = num(r.worstActual); rec.worstExpected = num(r.worstExpected); }
      ok = r.ok === true;
    } catch (e) { const p = e && (e as any).problem; rec.problem = p === "shape" || p === "type" ? p : "error"; rec.error = safeText(e && (e as any).message); }
    rec.ok = ok;
    this.record(rec);
    if (!(opts && opts.quiet)) console.log((ok ? "✓ " : "✗ ") + rec.what);
  },
  truthy(what: any, condition: any, detail: any) {
    const rec: any = { type: "check", kind: "true", what: safeText(what), detail: detail === undefined ? "" : safeText(detail), ok: !!condition };
    this.record(rec);
    console.log((rec.ok ? "✓ " : "✗ ") + rec.what + (rec.detail ? " (" + rec.detail + ")" : ""));
  },
  record(rec: any) {
    if (!ctx) { rec.outside = true; rec.ex = phase.ex; rec.part = phase.part; emit(rec); return; }
    rec.ex = ctx.ex; rec.part = ctx.part; rec.i = ctx.n++;
    emit(rec);
  },
};

// The seal: freeze what the tests compute with, and remember globals to notice tampering later.
const frozen = new Set<any>();
const deepFreezeFn = (v: any) => {
  if ((typeof v !== "function" && (typeof v !== "object" || v === null)) || frozen.has(v) || isView(v)) return;
  frozen.add(v);
  freeze(v);
  if (typeof v === "function" && v.prototype && typeof v.prototype === "object") { frozen.add(v.prototype); freeze(v.prototype); }
};
let globalsSnap: any[] = [];
let protoSnap: any[] = [];
const protos = () => [Object.prototype, Function.prototype, String.prototype, Number.prototype, Boolean.prototype, Symbol.prototype, Promise.prototype, Error.prototype, Map.prototype, Set.prototype, RegExp.prototype, Date.prototype];
const snapshotOf = (o: any) => { const out: any[] = []; for (const k of [...ownNames(o), ...ownSymbols(o)]) { const d = getDesc(o, k); if (d) out.push([o, k, d]); } return out; };
api.seal = function (specs: string[]) {
  for (const spec of specs) {
    let m: any;
    try { m = req(spec); } catch (e) { continue; }
    if (!m || typeof m !== "object") continue;
    for (const k of ownNames(m)) {
      try {
        const v = m[k];
        deepFreezeFn(v);
        if (v && typeof v === "object" && !isArray(v)) for (const k2 of ownNames(v)) deepFreezeFn(v[k2]);
      } catch (e) {}
    }
    freeze(m);
  }
  const TA = getProto(Float64Array);
  for (const o of [Math, JSON, Reflect, Number, Object, Array, Array.prototype, TA, TA.prototype, Float64Array, Float64Array.prototype, Float32Array, Float32Array.prototype, Int32Array, Int32Array.prototype, Uint8Array, Uint8Array.prototype, Uint32Array, Uint32Array.prototype]) freeze(o);
  for (const k of ["Math", "JSON", "Reflect", "Number", "Array", "Object", "Float64Array", "Float32Array", "Int32Array", "Uint8Array", "Uint32Array", "Error", "TypeError", "RangeError", "Promise", "Symbol", "Map", "Set", "Function", "String", "Boolean", "isNaN", "isFinite", "parseFloat", "parseInt", "globalThis", "__tslab__", ${JSON.stringify(cfg.name)}]) {
    const d = getDesc(g, k);
    if (d && d.configurable) { try { defineProperty(g, k, { value: g[k], writable: false, configurable: false, enumerable: d.enumerable }); } catch (e) {} }
  }
  globalsSnap = snapshotOf(g);
  protoSnap = protos().flatMap(snapshotOf);
  sealed = true;
  emit({ type: "sealed" });
};
api.integrity = function (exId: string) {
  const changed: string[] = [];
  const check = (o: any, k: any, d: any, label: string) => {
    const now2 = getDesc(o, k);
    if (!now2) { changed.push(label + " was deleted"); try { defineProperty(o, k, d); } catch (e) {} return; }
    if ("value" in d) { if (!("value" in now2) || !objectIs(now2.value, d.value)) { changed.push(label + " was replaced"); try { defineProperty(o, k, d); } catch (e) {} } }
    else if ("value" in now2) { /* a lazy global that materialised itself: fine */ }
    else if (now2.get !== d.get || now2.set !== d.set) { changed.push(label + " was redefined"); try { defineProperty(o, k, d); } catch (e) {} }
  };
  for (const [o, k, d] of globalsSnap) check(o, k, d, "globalThis." + toStr(k));
  for (const [o, k, d] of protoSnap) check(o, k, d, (o.constructor && o.constructor.name || "?") + ".prototype." + toStr(k));
  for (const o of protos()) {
    for (const k of [...ownNames(o), ...ownSymbols(o)]) {
      if (!protoSnap.some((e: any) => e[0] === o && e[1] === k)) { changed.push((o.constructor && o.constructor.name || "?") + ".prototype." + toStr(k) + " was added"); try { delete o[k]; } catch (e) {} }
    }
  }
  if (changed.length) emit({ type: "tamper", ex: exId, what: changed.slice(0, 10) });
  const strays = stopStrays();
  if (strays) emit({ type: "processes", ex: exId, count: strays });
  emit({ type: "done", ex: exId });
  phase = { ex: null, part: "lesson" };
  ctx = null;
};
defineProperty(g, ${JSON.stringify(cfg.name)}, { value: freeze(api), writable: false, configurable: false, enumerable: false });
emit({ type: "prelude" });
}
`;
}

/**
 * The cell after the lesson's own cells: freeze the library, snapshot globals. (A solution may rebind
 * a lesson name, e.g. a helper called `sigmoid`: the graded test cells import the lesson's names
 * locally, so that changes nothing they compute, and it is not counted as tampering.)
 */
export function sealSource(cfg: KernelConfig, specs: string[]): string {
  return `// grader seal\n(globalThis as any)[${JSON.stringify(cfg.name)}].seal(${JSON.stringify(specs)});`;
}

/**
 * Prefix for the first line of a student's exercise cell (no new line, so tslab's line numbers stay
 * the student's): strict mode, so that writing to the frozen library or built-ins throws instead of
 * being silently ignored, and the phase mark for the guards.
 */
export function exercisePrefix(cfg: KernelConfig, id: string): string {
  return `"use strict"; (globalThis as any)[${JSON.stringify(cfg.name)}].phase(${JSON.stringify(id)}); `;
}

/** The cell after an exercise's hidden tests: tampering check, back to the lesson phase. */
export function integritySource(cfg: KernelConfig, id: string): string {
  return `// grader integrity check\n(globalThis as any)[${JSON.stringify(cfg.name)}].integrity(${JSON.stringify(id)});`;
}
