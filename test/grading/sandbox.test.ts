// The operating-system sandbox of a student kernel (tools/grade/sandbox.ts), command by command:
// node runs in it in place of tslab and reports what it can see and do. Fast (no Jupyter); the
// hostile submissions (hostile.test.ts) test the same walls end to end, through the grader.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { ROOT } from "../../tools/lib/paths";
import { makeIpcDir, probeSandbox, sandboxedCommand, type SandboxLimits } from "../../tools/grade/sandbox";

const status = probeSandbox();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nn-sandbox-test-"));
const LIMITS: SandboxLimits = { memoryMb: 128, processes: 48, cpuSeconds: 2, scratchMb: 8, fileMb: 4 };
let listener: net.Server;
let port = 0;
let connections = 0;

/** Run `code` (JavaScript) with node in a fresh sandbox; its stdout, stderr, exit status and signal. */
function inSandbox(code: string, limits: SandboxLimits = LIMITS, timeoutMs = 20_000) {
  const work = fs.mkdtempSync(path.join(tmp, "work-"));
  fs.writeFileSync(path.join(work, "given.txt"), "from the grader");
  fs.symlinkSync(path.join(ROOT, "src"), path.join(work, "src"));
  const records = path.join(tmp, `records-${path.basename(work)}`);
  fs.writeFileSync(records, "");
  const ipcDir = makeIpcDir();
  try {
    const argv = sandboxedCommand({ work, writableFiles: [records], ipcDir, limits }, [process.execPath, "-e", code]);
    const r = spawnSync(argv[0], argv.slice(1), { encoding: "utf8", timeout: timeoutMs, env: { ...process.env, NN_SECRET_TOKEN: "s3cret" } });
    return { stdout: r.stdout, stderr: r.stderr, status: r.status, signal: r.signal, work, records: fs.readFileSync(records, "utf8") };
  } finally {
    fs.rmSync(ipcDir, { recursive: true, force: true });
  }
}

before(async () => {
  assert.ok(status.on, `the sandbox cannot start here: ${status.on ? "" : status.reason}`);
  listener = net.createServer((s) => { connections++; s.destroy(); });
  port = await new Promise<number>((resolve) => listener.listen(0, "0.0.0.0", () => resolve((listener.address() as net.AddressInfo).port)));
});

after(() => {
  listener?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("the sandbox of a student kernel", () => {
  it("shows only the system, node and the library: not the course's notebooks, tests or tools, not /tmp or /root", () => {
    const r = inSandbox(`const fs = require("fs");
      console.log(JSON.stringify({ root: fs.readdirSync("/").sort(), repo: fs.readdirSync(${JSON.stringify(ROOT)}).sort(),
        tmp: fs.readdirSync("/tmp"), src: fs.existsSync("src/matrix.ts"), given: fs.readFileSync("given.txt", "utf8"),
        home: process.env.HOME, env: Object.keys(process.env).sort() }));`);
    assert.equal(r.status, 0, r.stderr);
    const seen = JSON.parse(r.stdout);
    assert.deepEqual(seen.repo, ["data", "node_modules", "package.json", "src"]);
    for (const d of ["root", "home", "var", "opt", "srv", "mnt", "boot", "sys"]) assert.ok(!seen.root.includes(d), `/${d} is visible: ${seen.root}`);
    // A course that itself lives under /tmp (a CI clone made with mktemp) shows there too, as the mount
    // point of its library parts: seen.repo above checks that nothing else of it is visible.
    const courseInTmp = path.relative("/tmp", ROOT).startsWith("..") ? null : path.relative("/tmp", ROOT).split(path.sep)[0];
    assert.ok(seen.tmp.every((e: string) => /^nn-(sandbox-test|grade-ipc)-/.test(e) || e === courseInTmp), `only mount points in /tmp: ${seen.tmp}`);
    assert.equal(seen.src, true);
    assert.equal(seen.given, "from the grader");
    assert.equal(seen.home, r.work);
    assert.ok(!seen.env.includes("NN_SECRET_TOKEN"), `the grader's environment leaked: ${seen.env}`);
  });

  it("the scratch folder is the only writable place, and it is small", () => {
    const r = inSandbox(`const fs = require("fs"); const out = [];
      const attempt = (name, f) => { try { f(); out.push(name + ":OK"); } catch (e) { out.push(name + ":" + e.code); } };
      attempt("scratch", () => fs.writeFileSync("mine.txt", "x"));
      attempt("given", () => fs.writeFileSync("given.txt", "changed"));
      attempt("src", () => fs.writeFileSync("src/pwned.ts", "x"));
      attempt("repo", () => fs.writeFileSync(${JSON.stringify(path.join(ROOT, "pwned.txt"))}, "x"));
      attempt("tmp", () => fs.writeFileSync("/tmp/pwned.txt", "x"));
      attempt("root", () => fs.mkdirSync("/pwned"));
      attempt("full", () => { for (let i = 0; i < 8; i++) fs.writeFileSync("big" + i, Buffer.alloc(3 * 1024 * 1024)); });
      console.log(out.join(" "));`);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^scratch:OK given:EROFS src:EROFS repo:(EROFS|EACCES) tmp:(EROFS|EACCES) root:(EROFS|EACCES) full:ENOSPC$/m);
    assert.ok(!fs.existsSync(path.join(ROOT, "pwned.txt")) && !fs.existsSync(path.join(ROOT, "src/pwned.ts")));
    assert.equal(fs.readFileSync(path.join(r.work, "given.txt"), "utf8"), "from the grader");
    assert.ok(!fs.existsSync(path.join(r.work, "mine.txt")), "the scratch folder is a tmpfs of the sandbox, not the host's folder");
  });

  it("has no network: a listener on this machine is unreachable on every address", () => {
    const hosts = ["127.0.0.1", ...Object.values(os.networkInterfaces()).flat().filter((i) => i && i.family === "IPv4" && !i.internal).map((i) => i!.address)];
    const r = inSandbox(`const net = require("net"); (async () => { const out = [Object.keys(require("os").networkInterfaces()).join(",")];
      for (const h of ${JSON.stringify(hosts)}) out.push(await new Promise((res) => { const s = net.connect(${port}, h); s.on("connect", () => res("CONNECTED")); s.on("error", (e) => res(e.code)); }));
      console.log(out.join(" ")); })();`);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^lo ECONNREFUSED( (ENETUNREACH|EHOSTUNREACH|ECONNREFUSED))*$/m);
    assert.equal(connections, 0);
  });

  it("runs without privileges: not root, no capabilities, its own PID namespace", () => {
    const r = inSandbox(`const st = require("fs").readFileSync("/proc/self/status", "utf8");
      console.log(JSON.stringify({ uid: process.getuid(), capEff: /CapEff:\\s*(\\w+)/.exec(st)[1], pids: require("fs").readdirSync("/proc").filter((d) => /^\\d+$/.test(d)).length }));`);
    assert.equal(r.status, 0, r.stderr);
    const seen = JSON.parse(r.stdout);
    if (process.getuid?.() === 0) {
      assert.ok(seen.uid >= 2_000_000_000, `uid ${seen.uid}`);
      assert.equal(seen.capEff, "0000000000000000");
    }
    assert.ok(seen.pids <= 3, `${seen.pids} processes visible: the sandbox's init and the kernel only`);
  });

  it("a fork loop stops at the process limit (threads count too)", () => {
    const r = inSandbox(`const cp = require("child_process"); (async () => { let n = 0, err = "";
      for (let i = 0; i < 500 && !err; i++) { const c = cp.spawn("sleep", ["30"]); await new Promise((res) => { c.on("spawn", () => res(n++)); c.on("error", (e) => { err = e.code; res(0); }); }); }
      console.log("spawned " + n + " then " + err); process.exit(0); })();`);
    const m = /spawned (\d+) then (\w+)/.exec(r.stdout);
    assert.ok(m, r.stdout + r.stderr);
    assert.equal(m[2], "EAGAIN");
    assert.ok(Number(m[1]) < LIMITS.processes, m[0]);
  });

  it("memory outside the V8 heap is limited (RLIMIT_DATA), and so is CPU time (RLIMIT_CPU)", () => {
    const mem = inSandbox(`const hoard = []; try { for (let i = 0; i < 100; i++) hoard.push(Buffer.allocUnsafeSlow(64 * 1024 * 1024)); console.log("allocated all"); } catch (e) { console.log("stopped after " + hoard.length * 64 + " MB: " + e.message); }`);
    assert.match(mem.stdout, /stopped after \d+ MB: Array buffer allocation failed/);
    assert.ok(Number(/after (\d+) MB/.exec(mem.stdout)![1]) <= LIMITS.memoryMb + 1024);
    const t0 = Date.now();
    const cpu = inSandbox("for (;;) {}");
    assert.ok(cpu.signal === "SIGXCPU" || cpu.signal === "SIGKILL" || cpu.status !== 0, `${cpu.status} ${cpu.signal}`);
    assert.ok(Date.now() - t0 < 15_000, "stopped by its CPU limit of 2 s, not by the test's timeout");
  });
});
