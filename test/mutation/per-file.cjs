#!/usr/bin/env node
// Mutation testing one src/ file at a time, with only the unit tests that import it.
// Usage: node test/mutation/per-file.cjs src/x.ts [--concurrency N]
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
const TESTS = {
  "src/activations.ts": ["test/activations.test.ts", "test/layers.test.ts"],
  "src/layers.ts": ["test/layers.test.ts", "test/network.test.ts"],
  "src/losses.ts": ["test/losses.test.ts", "test/network.test.ts"],
  "src/matrix.ts": ["test/matrix.test.ts", "test/layers.test.ts", "test/losses.test.ts", "test/network.test.ts"],
  "src/network.ts": ["test/network.test.ts", "test/checks/gradient-check.test.ts", "test/train.test.ts"],
  "src/random.ts": ["test/random.test.ts", "test/matrix.test.ts"],
  "src/regression.ts": ["test/regression.test.ts"],
  "src/train.ts": ["test/train.test.ts"],
  "src/train-options.ts": ["test/train.test.ts"],
  "src/plot.ts": ["test/figures/plot.test.ts"],
  "src/figure-html.ts": ["test/figures/figure-html.test.ts"],
  "src/markdown-table.ts": ["test/markdown-table.test.ts"],
  "src/checks/close.ts": ["test/checks/expect.test.ts", "test/matrix.test.ts"],
  "src/checks/expect.ts": ["test/checks/expect.test.ts"],
  "src/checks/collapse.ts": ["test/checks/collapse.test.ts"],
  "src/checks/gradient-check.ts": ["test/checks/gradient-check.test.ts"],
  "src/checks/symbolic.ts": ["test/checks/symbolic.test.ts", "test/activations.test.ts"],
  "src/data/housing.ts": ["test/data/housing.test.ts"],
  "src/data/prepare.ts": ["test/data/prepare.test.ts"],
  "src/data/toy.ts": ["test/data/toy.test.ts"],
};

const args = process.argv.slice(2);
const file = args[0];
if (!file || !TESTS[file]) {
  console.error(`usage: node test/mutation/per-file.cjs <file> [--concurrency N]; file is one of:\n  ${Object.keys(TESTS).join("\n  ")}`);
  process.exit(2);
}
const ci = args.indexOf("--concurrency");
const concurrency = ci >= 0 ? Number(args[ci + 1]) : 2;
const root = path.resolve(__dirname, "..", "..");
const base = JSON.parse(fs.readFileSync(path.join(__dirname, "stryker.config.json"), "utf8"));
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
