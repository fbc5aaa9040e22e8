// The "cells" engine's kernel (tools/grade/cells.ts): runs a graded submission's cells, already
// type-checked and transpiled by tslab's converter (compiler.cjs), the way a tslab kernel runs them
// (tslab 1.0.22, dist/executor.js): each cell in this one process, wrapped as
// `(function(exports, require) {...})(__tslab__.exports, __tslab__.require)` so that every cell shares
// one scope of exported names; imports of the library come from the converter's side outputs;
// `import "tslab"` gets display functions that write their text into the cell's output. One process
// per graded run, in the sandbox (sandbox.ts), started fresh for every submission.
//
// Protocol. stdin: JSON lines from the grader: {type:"init", nonce, sideOutputs:[{path,data}], maxOutputChars, memo},
// then {type:"cell", i, output, hasToplevelAwait, lastExpressionVar, sideOutputs, memo}, and {type:"finish"} at the end.
// fd 3: JSON lines to the grader, each with the nonce: {type:"ready"}, {type:"done", i, status:"ok"|"error", outputs},
// {type:"late", late:[{t,msg,i}]}, and in a recording run {type:"memo", key, value}. Stdout and stderr of the
// cells are captured into `outputs`.
//
// The training memo (tools/grade/memo.ts says why): in the cells the grader marks `memo` (the lesson's own
// cells, before any student code has run), a call of the library's `train` whose inputs (every parameter,
// X and Y byte for byte, the options) hash to a key the grader sent in `init` returns that result (fresh
// Matrix objects) instead of training again; in the recording run (the course's own solution) each such
// call's result is sent to the grader under its key. Any call with a callback among its options, or
// inputs of another shape, trains as usual.
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");
const crypto = require("crypto");
const Module = require("module");
const util = require("util");

const writeSync = fs.writeSync;
const stringify = JSON.stringify;
const now = Date.now;
let nonce = "";
const send = (o) => { try { o.nonce = nonce; writeSync(3, stringify(o) + "\n"); } catch (e) { /* the grader is gone */ } };

const rootDir = process.cwd();
const sideOutputs = new Map();
const sideModules = new Map();
let maxChars = 0;

// Output of the running cell (and of callbacks after it, as tslab does: to the last cell started).
let current = -1;
let outputs = [];
let used = 0;
let truncated = false;
const push = (name, text) => {
  if (maxChars > 0) {
    if (truncated) return;
    used += text.length;
    if (used > maxChars) {
      truncated = true;
      outputs.push({ output_type: "stream", name: "stdout", text: `\n[output truncated: more than ${maxChars} characters]\n` });
      return;
    }
  }
  const last = outputs[outputs.length - 1];
  if (last && last.output_type === "stream" && last.name === name) last.text += text;
  else outputs.push({ output_type: "stream", name, text });
};
const decoder = new util.TextDecoder();
const writer = (name) => function (chunk, encoding, cb) {
  const text = typeof chunk === "string" ? chunk : decoder.decode(chunk);
  push(name, text);
  if (typeof encoding === "function") encoding();
  else if (typeof cb === "function") cb();
  return true;
};
process.stdout.write = writer("stdout");
process.stderr.write = writer("stderr");

// tslab's display functions (tslab/dist/public.js), writing into the cell's output.
const displayData = (mime, data) => {
  if (data instanceof Uint8Array) data = Buffer.from(data).toString("base64");
  if (maxChars > 0) {
    if (truncated) return;
    used += String(data).length;
    if (used > maxChars) { truncated = true; outputs.push({ output_type: "stream", name: "stdout", text: `\n[output truncated: more than ${maxChars} characters]\n` }); return; }
  }
  outputs.push({ output_type: "display_data", data: { [mime]: data }, metadata: {} });
};
const makeDisplay = () => {
  const d = {};
  const kinds = { javascript: "text/javascript", html: "text/html", markdown: "text/markdown", latex: "text/latex", svg: "image/svg+xml", png: "image/png", jpeg: "image/jpeg", gif: "image/gif", pdf: "application/pdf", text: "text/plain" };
  for (const [k, mime] of Object.entries(kinds)) d[k] = (s) => displayData(mime, s);
  d.raw = (mime, s) => displayData(mime, s);
  return d;
};
const tslabShim = { display: makeDisplay(), newDisplay: makeDisplay, versions: { tslab: "1.0.22 (grader's cells engine)", node: process.version } };

// tslab/dist/executor.js: require that resolves from rootDir, with `tslab` and the side outputs hooked.
const normalizeJoin = (...ps) => path.normalize(path.join(...ps));
function wrapRequire(req, dirname) {
  function requireFromSideOutputs(id) {
    let filename = normalizeJoin(dirname, id);
    if (path.extname(filename) === "") filename += ".js";
    const cached = sideModules.get(filename);
    if (cached) return cached.exports;
    if (!sideOutputs.has(filename)) return null;
    const mod = new Module(filename, module);
    mod.filename = filename;
    mod.paths = Module._nodeModulePaths(path.dirname(filename));
    mod.require = wrapRequire(mod.require, path.dirname(filename));
    mod._compile(sideOutputs.get(filename), filename);
    sideModules.set(filename, mod);
    if (filename === normalizeJoin(rootDir, "src/train.js")) memoizeTrain(mod);
    return mod.exports;
  }
  return new Proxy(req, {
    apply: (_target, thisArg, argArray) => {
      if (argArray.length !== 1) return req.apply(thisArg, argArray);
      const arg = argArray[0];
      if (arg === "tslab") return tslabShim;
      const mod = requireFromSideOutputs(arg);
      if (mod) return mod;
      return req.apply(thisArg, argArray);
    },
  });
}
// ---- the training memo (see the top of this file) -------------------------------------------------
const memo = { mode: null, entries: new Map(), active: false };
const B64 = (f64) => Buffer.from(f64.buffer, f64.byteOffset, f64.byteLength).toString("base64");
const F64 = (b64) => {
  const bytes = Buffer.from(b64, "base64");
  const f = new Float64Array(bytes.length / 8);
  new Uint8Array(f.buffer).set(bytes); // a copy: Buffer's own memory may be shared and unaligned
  return f;
};
const isMatrix = (M) => M !== null && typeof M === "object" && Number.isInteger(M.rows) && Number.isInteger(M.cols) &&
  M.data instanceof Float64Array && M.data.length === M.rows * M.cols;
/** sha-256 of train's inputs, or null when they are not plain (a callback, an object option, no matrices). */
function memoKey(params, X, Y, options) {
  if (params === null || typeof params !== "object" || options === null || typeof options !== "object") return null;
  const names = Object.keys(params).sort();
  const matrices = [...names.map((n) => params[n]), X, Y];
  if (!matrices.every(isMatrix)) return null;
  const opts = [];
  for (const k of Object.keys(options).sort()) {
    const v = options[k];
    if (v === undefined) continue;
    if (typeof v === "function" || (typeof v === "object" && v !== null)) return null;
    opts.push([k, typeof v, String(v)]); // String(number) round-trips exactly
  }
  const h = crypto.createHash("sha256");
  h.update(JSON.stringify({ names, shapes: matrices.map((M) => [M.rows, M.cols]), opts }));
  for (const M of matrices) h.update(new Uint8Array(M.data.buffer, M.data.byteOffset, M.data.byteLength));
  return h.digest("hex");
}
function memoizeTrain(mod) {
  const original = mod.exports.train;
  if (typeof original !== "function") return;
  const { Matrix } = mod.require("./matrix");
  const pack = (r) => {
    if (!r || typeof r !== "object" || !Array.isArray(r.costs) || !r.costs.every((c) => typeof c === "number")) return null;
    const params = {};
    for (const [n, M] of Object.entries(r.params || {})) {
      if (!isMatrix(M)) return null;
      params[n] = { rows: M.rows, cols: M.cols, data: B64(M.data) };
    }
    return { params, costs: B64(Float64Array.from(r.costs)) };
  };
  const revive = (v) => {
    const params = {};
    for (const [n, M] of Object.entries(v.params)) params[n] = new Matrix(M.rows, M.cols, F64(M.data));
    return { params, costs: Array.from(F64(v.costs)) };
  };
  const train = function train(params, X, Y, options) {
    const key = memo.active && memo.mode !== null ? memoKey(params, X, Y, options) : null;
    if (key === null) return original.apply(this, arguments);
    if (memo.mode === "use" && memo.entries.has(key)) return revive(memo.entries.get(key));
    const result = original.apply(this, arguments);
    if (memo.mode === "record") {
      const value = pack(result);
      if (value) send({ type: "memo", key, value });
    }
    return result;
  };
  mod.exports.train = train;
}

const exportsTarget = {};
const exportsProxy = new Proxy(exportsTarget, {
  defineProperty: (_t, prop, attrs) => {
    if (prop === "__esModule") return true;
    exportsTarget[prop] = attrs.get ? attrs.get() : attrs.value;
    return true;
  },
});
vm.runInThisContext("(x) => { globalThis.__tslab__ = x; }")({ exports: exportsProxy, require: wrapRequire(Module.createRequire(normalizeJoin(rootDir, "src.js")), rootDir) });

// Errors that escape every cell (callbacks, un-awaited promises): charged to the last cell started.
const late = [];
const record = (kind) => (e) => { late.push({ t: now(), i: current, msg: kind + ": " + (e && e.message !== undefined ? e.message : String(e)) }); };
process.on("uncaughtException", record("uncaught exception in a callback"));
process.on("unhandledRejection", record("unhandled promise rejection"));

async function execute(cell) {
  let promise = null;
  try {
    const prefix = cell.hasToplevelAwait ? "(async function(exports, require) { " : "(function(exports, require) { ";
    const ret = vm.runInThisContext(prefix + cell.output + "\n})(__tslab__.exports, __tslab__.require)");
    if (cell.hasToplevelAwait) promise = ret;
  } catch (e) {
    console.error(e);
    return false;
  }
  if (promise) {
    try { await promise; } catch (e) { console.error(e); return false; }
  }
  if (cell.lastExpressionVar && exportsTarget[cell.lastExpressionVar] != null) {
    const ret = exportsTarget[cell.lastExpressionVar];
    delete exportsTarget[cell.lastExpressionVar];
    console.log(ret);
  }
  return true;
}

let buffer = "";
let queue = Promise.resolve();
const handle = async (msg) => {
  if (msg.type === "init") {
    maxChars = msg.maxOutputChars || 0;
    nonce = msg.nonce;
    if (msg.memo && (msg.memo.mode === "record" || msg.memo.mode === "use")) {
      memo.mode = msg.memo.mode;
      for (const [k, v] of msg.memo.entries || []) memo.entries.set(k, v);
    }
    for (const s of msg.sideOutputs) sideOutputs.set(normalizeJoin(rootDir, s.path), s.data);
    send({ type: "ready" });
  } else if (msg.type === "cell") {
    for (const s of msg.sideOutputs || []) sideOutputs.set(normalizeJoin(rootDir, s.path), s.data);
    current = msg.i;
    memo.active = msg.memo === true;
    outputs = [];
    used = 0;
    truncated = false;
    const ok = await execute(msg);
    memo.active = false;
    send({ type: "done", i: msg.i, status: ok ? "ok" : "error", outputs });
  } else if (msg.type === "finish") {
    await new Promise((r) => setTimeout(r, msg.waitMs || 300));
    send({ type: "late", late, outputs });
  }
};
const onData = (chunk) => {
  buffer += chunk;
  let nl;
  while ((nl = buffer.indexOf("\n")) >= 0) {
    const line = buffer.slice(0, nl);
    buffer = buffer.slice(nl + 1);
    if (!line.trim()) continue;
    let msg;
    try { msg = JSON.parse(line); } catch (e) { continue; }
    queue = queue.then(() => handle(msg));
  }
};
process.stdin.setEncoding("utf8");
process.stdin.on("data", onData);
process.stdin.on("end", () => process.exit(0));
