#!/usr/bin/env node
// Mutation testing one src/ file at a time, with only the unit tests that import it.
// Usage: node test/mutation/per-file.cjs src/x.ts [--concurrency N]
//        node test/mutation/per-file.cjs --check   (every file the config mutates has an entry in TESTS)
// The full run (npm run mutate) mutates everything against every test file; on a loaded 2-core
// machine it takes hours, so REPORT.md's per-file figures come from this script. It writes a
// config derived from stryker.config.json into reports/mutation/<name>/ (git-ignored) with
// `mutate` = the one file, `tap.testFiles` = the unit-test files listed in TESTS below, its own
// incremental file and JSON report, then runs Stryker on it.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { spawnSync } = require("node:child_process");

// src file -> unit-test files that exercise it (directly or through the file that imports it).
// Unit tests first (the per-file runs stop at the first test file that kills a mutant), then the lesson
// identity tests (test/lessons, each lesson's identities against independent computations, 1-3 s a file)
// that import the file directly.
const TESTS = {
  "src/activations.ts": ["test/activations.test.ts", "test/layers.test.ts", "test/lessons/02-one-neuron.test.ts", "test/lessons/03-layer-matrix-form.test.ts", "test/lessons/04-two-layers.test.ts", "test/lessons/06-sigmoid-derivative.test.ts", "test/lessons/07-relu.test.ts", "test/lessons/08-backprop.test.ts", "test/lessons/10-capstone.test.ts"],
  "src/layers.ts": ["test/layers.test.ts", "test/network.test.ts", "test/lessons/03-layer-matrix-form.test.ts", "test/lessons/08-backprop.test.ts"],
  "src/losses.ts": ["test/losses.test.ts", "test/network.test.ts", "test/curvature.test.ts", "test/lessons/08-backprop.test.ts", "test/lessons/09-gradient-descent.test.ts"],
  "src/matrix.ts": ["test/matrix.test.ts", "test/layers.test.ts", "test/losses.test.ts", "test/network.test.ts", "test/lessons/01-house-prices.test.ts", "test/lessons/02-one-neuron.test.ts", "test/lessons/03-layer-matrix-form.test.ts", "test/lessons/04-two-layers.test.ts", "test/lessons/05-why-activations.test.ts", "test/lessons/06-sigmoid-derivative.test.ts", "test/lessons/07-relu.test.ts", "test/lessons/08-backprop.test.ts", "test/lessons/09-gradient-descent.test.ts", "test/lessons/10-capstone.test.ts"],
  "src/network.ts": ["test/network.test.ts", "test/checks/gradient-check.test.ts", "test/train.test.ts", "test/curvature.test.ts", "test/lessons/01-house-prices.test.ts", "test/lessons/04-two-layers.test.ts", "test/lessons/05-why-activations.test.ts", "test/lessons/07-relu.test.ts", "test/lessons/08-backprop.test.ts", "test/lessons/09-gradient-descent.test.ts", "test/lessons/10-capstone.test.ts"],
  "src/random.ts": ["test/random.test.ts", "test/matrix.test.ts", "test/lessons/03-layer-matrix-form.test.ts", "test/lessons/04-two-layers.test.ts", "test/lessons/05-why-activations.test.ts", "test/lessons/08-backprop.test.ts", "test/lessons/09-gradient-descent.test.ts"],
  "src/regression.ts": ["test/regression.test.ts"],
  "src/train.ts": ["test/train.test.ts", "test/lessons/05-why-activations.test.ts", "test/lessons/06-sigmoid-derivative.test.ts", "test/lessons/07-relu.test.ts", "test/lessons/09-gradient-descent.test.ts"],
  "src/train-options.ts": ["test/train.test.ts"],
  "src/curvature.ts": ["test/curvature.test.ts"],
  "src/plot.ts": ["test/figures/plot-cases.test.ts", "test/figures/plot.test.ts"],
  "src/figure-html.ts": ["test/figures/figure-html.test.ts"],
  "src/markdown-table.ts": ["test/markdown-table.test.ts"],
  "src/checks/close.ts": ["test/checks/close-edges.test.ts", "test/checks/expect.test.ts", "test/matrix.test.ts"],
  "src/checks/expect.ts": ["test/checks/expect.test.ts"],
  "src/checks/collapse.ts": ["test/checks/collapse.test.ts"],
  "src/checks/gradient-check.ts": ["test/checks/gradient-check.test.ts"],
  "src/checks/symbolic.ts": ["test/checks/symbolic.test.ts", "test/activations.test.ts"],
  "src/data/housing.ts": ["test/data/housing.test.ts"],
  "src/data/housing-parse.ts": ["test/data/housing-parse.test.ts", "test/data/housing.test.ts"],
  "src/format.ts": ["test/format.test.ts"],
  "src/data/prepare.ts": ["test/data/prepare.test.ts"],
  "src/data/spiral.ts": ["test/data/spiral.test.ts"],
  "src/data/toy.ts": ["test/data/toy.test.ts"],
};

const root = path.resolve(__dirname, "..", "..");
const base = JSON.parse(fs.readFileSync(path.join(__dirname, "stryker.config.json"), "utf8"));

/** The files the config mutates: its `mutate` globs, read as "src/**\/*.ts" minus the "!" entries. */
function mutatedFiles() {
  const excluded = base.mutate.filter((g) => g.startsWith("!")).map((g) => g.slice(1));
  const isExcluded = (f) => excluded.some((g) => (g.endsWith("/**") ? f.startsWith(g.slice(0, -2)) : f === g));
  const walk = (d) => fs.readdirSync(path.join(root, d), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(`${d}/${e.name}`) : e.name.endsWith(".ts") ? [`${d}/${e.name}`] : []));
  return walk("src").filter((f) => !isExcluded(f)).sort();
}

const args = process.argv.slice(2);
if (args[0] === "--check") {
  // Every file the full run mutates has its tests listed here, and every listed test file exists.
  const missing = mutatedFiles().filter((f) => !TESTS[f]);
  const stale = Object.keys(TESTS).filter((f) => !mutatedFiles().includes(f));
  const absent = [...new Set(Object.values(TESTS).flat())].filter((t) => !fs.existsSync(path.join(root, t)));
  for (const f of missing) console.error(`per-file: ${f} is mutated by stryker.config.json but has no entry in TESTS`);
  for (const f of stale) console.error(`per-file: TESTS lists ${f}, which stryker.config.json does not mutate`);
  for (const t of absent) console.error(`per-file: TESTS names ${t}, which does not exist`);
  if (missing.length + stale.length + absent.length > 0) process.exit(1);
  console.log(`per-file: TESTS covers the ${mutatedFiles().length} files stryker.config.json mutates`);
  process.exit(0);
}
const file = args[0];
if (!file || !TESTS[file]) {
  console.error(`usage: node test/mutation/per-file.cjs <file> [--concurrency N] | --check; file is one of:\n  ${Object.keys(TESTS).join("\n  ")}`);
  process.exit(2);
}
const ci = args.indexOf("--concurrency");
const concurrency = ci >= 0 ? Number(args[ci + 1]) : 2;
const name = file.replace(/^src\//, "").replace(/\.ts$/, "").replace(/\//g, "-");
const outDir = path.join("reports", "mutation", name);
fs.mkdirSync(path.join(root, outDir), { recursive: true });
const tests = TESTS[file].filter((t) => fs.existsSync(path.join(root, t)));
const config = {
  ...base,
  $schema: undefined,
  _comment: undefined,
  mutate: [file],
  tap: { ...base.tap, testFiles: tests },
  concurrency,
  incrementalFile: path.join(outDir, "stryker-incremental.json"),
  reporters: ["clear-text", "progress-append-only", "json"],
  jsonReporter: { fileName: path.join(outDir, "mutation.json") },
  tempDirName: `.stryker-tmp/${name}`,
};
delete config.htmlReporter;
const configPath = path.join(outDir, "stryker.config.json");
fs.writeFileSync(path.join(root, configPath), JSON.stringify(config, null, 2));
console.log(`[per-file] ${file} against ${tests.join(", ") || "(no tests)"}; concurrency ${concurrency}`);
const r = spawnSync("npx", ["stryker", "run", configPath], { cwd: root, stdio: "inherit" });
process.exit(r.status ?? 1);
