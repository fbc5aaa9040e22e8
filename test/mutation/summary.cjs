#!/usr/bin/env node
// Summarises the per-file runs (reports/mutation/<name>/mutation.json, written by per-file.cjs) or the
// full run (reports/mutation/mutation.json): per file the mutant counts and the score, then every
// surviving or uncovered mutant with its line, mutator and replacement, for test/mutation/REPORT.md.
// Usage: node test/mutation/summary.cjs [report.json ...]   (default: every report under reports/mutation)
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..", "..");
let files = process.argv.slice(2);
if (files.length === 0) {
  const dir = path.join(root, "reports", "mutation");
  files = fs.readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, "mutation.json")))
    .map((d) => path.join(dir, d.name, "mutation.json"));
}
const rows = [];
const open = [];
for (const f of files) {
  const report = JSON.parse(fs.readFileSync(f, "utf8"));
  for (const [file, { mutants, source }] of Object.entries(report.files)) {
    const n = (s) => mutants.filter((m) => m.status === s).length;
    const c = { Killed: n("Killed"), Timeout: n("Timeout"), Survived: n("Survived"), NoCoverage: n("NoCoverage"), errors: n("CompileError") + n("RuntimeError"), Ignored: n("Ignored") };
    const detected = c.Killed + c.Timeout, valid = detected + c.Survived + c.NoCoverage;
    rows.push(`| ${file} | ${mutants.length} | ${c.Killed} | ${c.Timeout} | ${c.Survived} | ${c.NoCoverage} | ${c.errors} | ${valid ? ((100 * detected) / valid).toFixed(1) : "–"} % |`);
    const lines = source.split("\n");
    for (const m of mutants.filter((m) => m.status === "Survived" || m.status === "NoCoverage")) {
      const l = m.location.start.line;
      open.push(`- ${file}:${l}:${m.location.start.column} ${m.status} ${m.mutatorName}: \`${(lines[l - 1] ?? "").trim().slice(0, 100)}\` → \`${String(m.replacement).replace(/\s+/g, " ").slice(0, 100)}\``);
    }
  }
}
console.log("| file | mutants | killed | timed out | survived | no coverage | compile/runtime errors | score |");
console.log("|---|---|---|---|---|---|---|---|");
console.log(rows.join("\n"));
console.log("\n" + open.join("\n"));
