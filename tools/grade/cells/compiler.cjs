// The "cells" engine's compiler (tools/grade/cells.ts): tslab's own TypeScript converter, the one a
// tslab kernel runs on every cell, as a server. It runs in the sandbox (sandbox.ts), sees only the
// library, and never executes student code: it type-checks and transpiles cells, one request at a
// time. stdin: JSON lines {id, prevDecl, src}; stdout: JSON lines {id, result} (tslab's ConvertResult,
// side outputs with paths relative to this folder) or {id, error}.
"use strict";
const path = require("path");
const readline = require("readline");
const tslabDir = process.argv[2];
const { createConverter } = require(path.join(tslabDir, "dist/converter"));
const cwd = process.cwd();
const conv = createConverter();
const out = (o) => process.stdout.write(JSON.stringify(o) + "\n");
out({ ready: true });
const rl = readline.createInterface({ input: process.stdin });
rl.on("line", (line) => {
  let req;
  try { req = JSON.parse(line); } catch (e) { return; }
  try {
    const r = conv.convert(req.prevDecl, req.src);
    if (r.sideOutputs) r.sideOutputs = r.sideOutputs.map((s) => ({ path: path.relative(cwd, s.path), data: s.data }));
    out({ id: req.id, result: r });
  } catch (e) {
    out({ id: req.id, error: String(e && e.stack || e) });
  }
});
rl.on("close", () => process.exit(0));
