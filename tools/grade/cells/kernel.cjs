// The "cells" engine's kernel (tools/grade/cells.ts): runs a graded submission's cells, already
// type-checked and transpiled by tslab's converter (compiler.cjs), the way a tslab kernel runs them
// (tslab 1.0.22, dist/executor.js): each cell in this one process, wrapped as
// `(function(exports, require) {...})(__tslab__.exports, __tslab__.require)` so that every cell shares
// one scope of exported names; imports of the library come from the converter's side outputs;
// `import "tslab"` gets display functions that write their text into the cell's output. One process
// per graded run, in the sandbox (sandbox.ts), started fresh for every submission.
//
// Protocol. stdin: JSON lines from the grader: {type:"init", nonce, sideOutputs:[{path,data}], maxOutputChars},
// then {type:"cell", i, output, hasToplevelAwait, lastExpressionVar, sideOutputs}, and {type:"finish"} at the end.
// fd 3: JSON lines to the grader, each with the nonce: {type:"ready"}, {type:"done", i, status:"ok"|"error", outputs},
// {type:"late", late:[{t,msg,i}]}. Stdout and stderr of the cells are captured into `outputs`.
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");
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
    for (const s of msg.sideOutputs) sideOutputs.set(normalizeJoin(rootDir, s.path), s.data);
    send({ type: "ready" });
  } else if (msg.type === "cell") {
    for (const s of msg.sideOutputs || []) sideOutputs.set(normalizeJoin(rootDir, s.path), s.data);
    current = msg.i;
    outputs = [];
    used = 0;
    truncated = false;
    const ok = await execute(msg);
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
