#!/usr/bin/env node
// Set-up, run first by every entry command (npm run course / test / start / bench).
// Idempotent and cheap when everything is present (one dpkg-query, one hash, a few stats):
//   1. Debian packages the course needs: installed with apt-get when root, otherwise we stop
//      BEFORE changing anything and print the exact command.
//   2. node_modules: `npm ci` when missing or older than package-lock.json (hash stamp).
//   3. plotly.min.js vendored beside the notebooks (a build product, gitignored), so figures draw
//      offline in Jupyter, in executed notebooks and on the site.
// Written as plain CommonJS because it runs before node_modules (and tsx) exist.
"use strict";
const { execFileSync, spawnSync } = require("node:child_process");
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");

/** Debian packages, and why each is needed. Keep in sync with the apt-get line in README (set-up) and test/tools/setup.test.ts. */
const DEBIAN_PACKAGES = {
  "jupyter-nbconvert": "executes the notebooks headless",
  "jupyter-client": "talks to the tslab kernel",
  "python3-nbclient": "per-cell execution for nbconvert",
  "jupyter-notebook": "npm start: the notebook server for read-and-run",
  "libjs-mathjax": "math in the live notebook server, offline",
  // The old headless shell, not the full browser: it is what Playwright drives for headless runs, and
  // the browser tests took ~25 % less CPU in it than in `chromium --headless` (bench/FINDINGS.md).
  "chromium-headless-shell": "browser tests of the site and the live notebook, figure images, screenshots",
  bubblewrap: "npm run grade: the sandbox every student kernel runs in (no network, only the library visible)",
};

function log(msg) {
  process.stderr.write(`[setup] ${msg}\n`);
}

function missingDebianPackages(names) {
  // One dpkg-query for all: prints "name installed" lines for what is there.
  const r = spawnSync("dpkg-query", ["-W", "-f=${Package} ${db:Status-Status}\\n", ...names], {
    encoding: "utf8",
  });
  if (r.error) {
    // Not a Debian system: we cannot check, so say what is expected and go on.
    log(`dpkg-query not available (${r.error.code}); expecting these Debian packages: ${names.join(" ")}`);
    return [];
  }
  const installed = new Set(
    r.stdout
      .split("\n")
      .filter((l) => l.endsWith(" installed"))
      .map((l) => l.split(" ")[0]),
  );
  return names.filter((n) => !installed.has(n));
}

/** Only for `npm run bench`: the peers it runs side by side (numpy on OpenBLAS, PyTorch). */
const BENCH_PACKAGES = {
  "python3-numpy": "the numpy peer of the benchmark",
  "libopenblas0-pthread": "the BLAS a numpy user has (the reference BLAS is ~2x slower)",
  "python3-threadpoolctl": "tells which BLAS numpy runs on",
  "python3-torch": "the PyTorch peer of the benchmark",
};

function ensureDebianPackages() {
  if (process.argv.includes("--bench")) Object.assign(DEBIAN_PACKAGES, BENCH_PACKAGES);
  const wanted = Object.keys(DEBIAN_PACKAGES);
  if (process.env.NN_SKIP_APT === "1") return;
  const missing = missingDebianPackages(wanted);
  if (missing.length === 0) return;
  const cmd = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(" ")}`;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (!isRoot) {
    const why = missing.map((n) => `  ${n}: ${DEBIAN_PACKAGES[n]}`).join("\n");
    process.stderr.write(
      `[setup] Missing Debian packages:\n${why}\n` +
        `[setup] Nothing was changed. Install them as root, then run this command again:\n` +
        `  sudo sh -c '${cmd}'\n`,
    );
    process.exit(2);
  }
  log(`installing Debian packages: ${missing.join(" ")}`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
  execFileSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...missing], {
    stdio: ["ignore", "ignore", "inherit"],
    env,
  });
  const still = missingDebianPackages(missing);
  if (still.length) {
    process.stderr.write(`[setup] apt-get finished but these are still missing: ${still.join(" ")}\n`);
    process.exit(2);
  }
}

function sha256(file) {
  return crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

function ensureNodeModules() {
  const lock = path.join(ROOT, "package-lock.json");
  const stamp = path.join(ROOT, "node_modules", ".nn-setup-lock-sha256");
  const want = sha256(lock);
  const have = fs.existsSync(stamp) ? fs.readFileSync(stamp, "utf8").trim() : "";
  if (have === want) return;
  log(have ? "package-lock.json changed: running npm ci" : "node_modules missing: running npm ci");
  const r = spawnSync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd: ROOT,
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (r.status !== 0) {
    process.stderr.write("[setup] npm ci failed (see above); node_modules may be incomplete.\n");
    process.exit(r.status || 1);
  }
  fs.writeFileSync(stamp, want + "\n");
}

/** Copy `from` to `to` only when missing or different in size; write to a temp name, then rename. */
function vendor(from, to) {
  const src = path.join(ROOT, from);
  const dst = path.join(ROOT, to);
  if (fs.existsSync(dst) && fs.statSync(dst).size === fs.statSync(src).size) return;
  fs.mkdirSync(path.dirname(dst), { recursive: true });
  fs.copyFileSync(src, dst + ".tmp");
  fs.renameSync(dst + ".tmp", dst);
}

function main() {
  const t0 = Date.now();
  ensureDebianPackages();
  ensureNodeModules();
  vendor("node_modules/plotly.js/dist/plotly.min.js", "notebooks/vendor/plotly.min.js");
  const kernel = path.join(ROOT, "jupyter/kernels/tslab/kernel.json");
  if (!fs.existsSync(kernel)) {
    process.stderr.write(`[setup] the repo's kernelspec is missing: ${kernel}\n`);
    process.exit(2);
  }
  if (process.env.NN_SETUP_VERBOSE) log(`ready in ${Date.now() - t0} ms`);
}

main();
