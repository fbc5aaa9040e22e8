// Set-up without root and without Jupyter stops with the exact install command and changes nothing;
// with everything present a second run is quick and changes nothing either.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";
import { ROOT } from "../../tools/lib/paths";

/** Every file below `dir` with its size and mtime: a fingerprint to prove nothing changed. */
function snapshot(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => {
      const p = path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name);
      const s = fs.statSync(p);
      return `${path.relative(dir, p)} ${s.size} ${s.mtimeMs}`;
    })
    .sort();
}

const isRoot = process.getuid?.() === 0;

describe("tools/setup.cjs", () => {
  it("without root and without Jupyter: exits 2, prints the exact apt-get command, changes nothing", { skip: !isRoot && "needs root to drop to an unprivileged user" }, () => {
    // A copy of just what set-up reads, owned by nobody, and a dpkg-query that says nothing is installed.
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nn-setup-"));
    const repo = path.join(tmp, "repo");
    for (const f of ["package.json", "package-lock.json", "tools/setup.cjs", "jupyter/kernels/tslab/kernel.json"]) {
      fs.mkdirSync(path.dirname(path.join(repo, f)), { recursive: true });
      fs.copyFileSync(path.join(ROOT, f), path.join(repo, f));
    }
    const bin = path.join(tmp, "bin");
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, "dpkg-query"), "#!/bin/sh\nexit 1\n", { mode: 0o755 });
    spawnSync("chmod", ["-R", "a+rX", tmp]);
    const before = snapshot(repo);
    const r = spawnSync("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", process.execPath, path.join(repo, "tools/setup.cjs")], {
      encoding: "utf8", env: { PATH: `${bin}:/usr/bin:/bin`, HOME: tmp },
    });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /apt-get update && apt-get install -y --no-install-recommends jupyter-nbconvert jupyter-client python3-nbclient jupyter-notebook libjs-mathjax chromium-headless-shell bubblewrap/);
    assert.match(r.stderr, /Nothing was changed/);
    assert.deepEqual(snapshot(repo), before);
    assert.ok(!fs.existsSync(path.join(repo, "node_modules")), "npm ci must not have run");
    fs.rmSync(tmp, { recursive: true });
  });

  it("with everything present: succeeds and changes nothing in the repo", () => {
    const stamp = path.join(ROOT, "node_modules/.nn-setup-lock-sha256");
    const before = fs.statSync(stamp).mtimeMs;
    const t0 = Date.now();
    const r = spawnSync(process.execPath, [path.join(ROOT, "tools/setup.cjs")], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, "", "a no-op set-up prints nothing");
    assert.equal(fs.statSync(stamp).mtimeMs, before, "npm ci did not run again");
    // Not a timing assertion (those live in the bench); recorded for the reader of the test log.
    console.log(`# set-up no-op took ${Date.now() - t0} ms`);
  });
});
