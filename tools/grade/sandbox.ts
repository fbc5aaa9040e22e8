// The operating-system sandbox every student kernel runs in, for its whole life (Linux, bubblewrap).
//
// What the kernel sees: a read-only root with /usr (and the node it runs on), /proc of its own PID
// namespace, a minimal /dev, the library it imports (src/, data/, node_modules/, package.json, read-only,
// at their own paths), and three writable places: its scratch folder (a size-limited tmpfs that is its
// working folder, HOME and TMPDIR, gone with the kernel), the grader's records file, and the folder of
// its Jupyter sockets. Nothing else of the machine exists in it: not the course's notebooks, tests or
// tools, not the submissions, not the gradebook, not /tmp, not your home directory.
// What it can do: no network at all (a network namespace of its own, with only a loopback nobody else
// is on; Jupyter reaches it over unix sockets: execute_notebook.py --ipc-dir), no other process of the
// machine to see or signal (PID, IPC and UTS namespaces), and limits on processes (threads included),
// CPU time, data memory and file size (rlimits). As root, the kernel runs as a uid of its own (chosen
// at random per kernel, outside the range of real users) with no capabilities: RLIMIT_NPROC is not
// enforced for root, but it is for that uid. Not root: a user namespace, whose processes are counted
// apart from the user's others.
import { spawnSync } from "node:child_process";
import { randomInt } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ROOT } from "../lib/paths";

/** What a sandboxed kernel may use. */
export interface SandboxLimits {
  /** V8 heap limit (MB): --max-old-space-size, the in-process limit that fails with a clear message. */
  memoryMb: number;
  /** Processes and threads of the kernel's uid (RLIMIT_NPROC). A tslab kernel has about 12 threads. */
  processes: number;
  /** CPU seconds per process (RLIMIT_CPU). */
  cpuSeconds: number;
  /** Size of the scratch tmpfs (MB). */
  scratchMb: number;
  /** Largest file the kernel may write anywhere (MB, RLIMIT_FSIZE). */
  fileMb: number;
}

/** Data memory (RLIMIT_DATA) on top of the heap limit: young generation, code, Buffers, WebAssembly. */
export const DATA_HEADROOM_MB = 1024;

export type SandboxStatus =
  | { on: true; bwrap: string; mode: "root" | "userns"; summary: string }
  | { on: false; reason: string };

/** What student code can do when the kernel runs without the sandbox (for the warning and the gradebook). */
export const UNPROTECTED_WITHOUT_SANDBOX = [
  "it runs with your privileges: it can read every file you can read (your home directory and keys, the course's notebooks and hidden tests, other students' submissions) and write every file you can write, through any way round the in-process guards",
  "it can open network connections (the internet, and services on this machine's loopback)",
  "it can start processes without limit, which outlive its kernel and its time limit",
  "memory is limited only by the V8 heap limit (Buffers and WebAssembly memory are not)",
];

const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;

function which(cmd: string): string | null {
  for (const dir of (process.env.PATH ?? "/usr/bin:/bin").split(path.delimiter)) {
    const p = path.join(dir || ".", cmd);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return null;
}

/** One bubblewrap mount operation; its last element is the path inside the sandbox. */
type Mount = string[];
const roBind = (p: string): Mount => ["--ro-bind", p, p];

/** The top-level system folders (a merged /usr has /bin → usr/bin etc.). */
function systemMounts(): Mount[] {
  const mounts: Mount[] = [roBind("/usr")];
  for (const d of ["/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"]) {
    let st: fs.Stats;
    try {
      st = fs.lstatSync(d);
    } catch {
      continue;
    }
    if (st.isSymbolicLink()) mounts.push(["--symlink", fs.readlinkSync(d), d]);
    else if (st.isDirectory()) mounts.push(roBind(d));
  }
  // The dynamic loader's cache (node's libraries), OpenSSL's configuration (node reads it at start)
  // and the time zone (Date prints as it does outside).
  for (const f of ["/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ssl/openssl.cnf", "/etc/localtime"]) if (fs.existsSync(f)) mounts.push(roBind(f));
  // node itself, when it is not under /usr (nvm, /opt/node...): its installation folder.
  const node = fs.realpathSync(process.execPath);
  if (!node.startsWith("/usr/")) mounts.push(roBind(path.dirname(path.dirname(node))));
  return mounts;
}

/** The library a lesson imports, read-only at its own paths (src/data/housing.ts finds data/ from src/). */
function libraryMounts(): Mount[] {
  const mounts: Mount[] = [];
  for (const p of ["src", "data", "node_modules", "package.json"]) {
    const real = fs.realpathSync(path.join(ROOT, p));
    mounts.push(roBind(real));
    if (real !== path.join(ROOT, p)) mounts.push(["--symlink", real, path.join(ROOT, p)]);
  }
  return mounts;
}

export interface SandboxRun {
  /** The kernel folder: the scratch tmpfs is mounted here, with the files in `work` laid over it. */
  work: string;
  /** Files the kernel may append to (the grader's records). They must exist. */
  writableFiles: string[];
  /** The folder of the kernel's Jupyter sockets (execute_notebook.py --ipc-dir); none for the cells engine, which talks over pipes. */
  ipcDir?: string;
  limits: SandboxLimits;
}

/** The kernel's uid when the grader is root: one per kernel, above every real and subordinate uid range. */
function kernelUid(): number {
  return 2_000_000_000 + randomInt(100_000_000);
}

/**
 * The folder for the kernel's sockets. Root: owned by root, mode 1733 (the kernel, another uid, may
 * create its sockets but not list, remove or chmod anything), made read-only once it is running.
 */
export function makeIpcDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nn-grade-ipc-"));
  if (isRoot()) fs.chmodSync(dir, 0o1733);
  return dir;
}

/**
 * Folders bubblewrap must create for the mount points: created first, mode 0755 (bubblewrap would
 * make them 0700, which a kernel running as another uid cannot cross).
 */
function parentDirs(mounts: Mount[]): Mount[] {
  const dirs = new Set<string>();
  for (const m of mounts) for (let p = path.dirname(m[m.length - 1]); p !== "/" && p !== "."; p = path.dirname(p)) dirs.add(p);
  return [...dirs].sort((a, b) => a.split("/").length - b.split("/").length || a.localeCompare(b)).map((d) => ["--perms", "0755", "--dir", d]);
}

/** The argv that starts tslab in the sandbox ("{connection_file}" left for Jupyter to fill in). */
export function sandboxedKernelCommand(run: SandboxRun, bwrap = "bwrap"): string[] {
  const tslab = path.join(fs.realpathSync(path.join(ROOT, "node_modules")), "tslab/bin/tslab");
  return sandboxedCommand(run, [process.execPath, `--max-old-space-size=${run.limits.memoryMb}`, tslab, "kernel", "--config-path", "{connection_file}"], bwrap);
}

/** The argv that runs `command` in the sandbox. */
export function sandboxedCommand(run: SandboxRun, command: string[], bwrap = "bwrap"): string[] {
  const { limits } = run;
  const mounts: Mount[] = [...systemMounts(), ...libraryMounts(), ["--proc", "/proc"], ["--dev", "/dev"]];
  // The scratch folder: a tmpfs of limited size, with what the grader put in `work` laid over it
  // read-only (the recording checks module: the kernel cannot rewrite it), and the library's links.
  mounts.push(["--perms", "1777", "--size", String(limits.scratchMb * 1024 * 1024), "--tmpfs", run.work]);
  for (const e of fs.readdirSync(run.work, { withFileTypes: true })) {
    const p = path.join(run.work, e.name);
    mounts.push(e.isSymbolicLink() ? ["--symlink", fs.readlinkSync(p), p] : roBind(p));
  }
  for (const f of run.writableFiles) mounts.push(["--bind", f, f]);
  if (run.ipcDir) mounts.push(["--bind", run.ipcDir, run.ipcDir]);
  const args = [bwrap, "--die-with-parent", "--new-session",
    "--unshare-net", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
    ...(isRoot() ? [] : ["--unshare-user"]),
    ...parentDirs(mounts).flat(), ...mounts.flat(),
    "--remount-ro", "/", "--chdir", run.work, "--clearenv",
    "--setenv", "PATH", "/usr/bin:/bin", "--setenv", "HOME", run.work, "--setenv", "TMPDIR", run.work];
  for (const v of ["LANG", "LC_ALL", "TZ"]) if (process.env[v]) args.push("--setenv", v, process.env[v]!);
  args.push("--");
  if (isRoot()) {
    const uid = String(kernelUid());
    for (const f of run.writableFiles) fs.chownSync(f, Number(uid), Number(uid));
    args.push("setpriv", `--reuid=${uid}`, `--regid=${uid}`, "--clear-groups", "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs");
  }
  const mb = 1024 * 1024;
  args.push("prlimit", `--nproc=${limits.processes}`, `--cpu=${limits.cpuSeconds}`, `--data=${(limits.memoryMb + DATA_HEADROOM_MB) * mb}`,
    `--fsize=${limits.fileMb * mb}`, "--core=0", "--", ...command);
  return args;
}

let probed: SandboxStatus | null = null;

/**
 * Can the sandbox start here? Runs the real command once (node in the sandbox checks that it has no
 * network and cannot see the course) and caches the answer.
 */
export function probeSandbox(): SandboxStatus {
  if (probed) return probed;
  probed = probe();
  return probed;
}

function probe(): SandboxStatus {
  if (process.platform !== "linux") return { on: false, reason: `the sandbox needs Linux namespaces; this is ${process.platform}` };
  const bwrap = which("bwrap");
  if (!bwrap) return { on: false, reason: "bubblewrap (bwrap) is not installed: run `npm run setup` as root, or `apt-get install bubblewrap`" };
  for (const tool of ["prlimit", ...(isRoot() ? ["setpriv"] : [])]) {
    if (!which(tool)) return { on: false, reason: `${tool} (util-linux) is not installed` };
  }
  const version = spawnSync(bwrap, ["--version"], { encoding: "utf8" }).stdout.trim() || "bwrap";
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "nn-sandbox-probe-"));
  const ipcDir = makeIpcDir();
  const records = path.join(ipcDir, "..", `${path.basename(ipcDir)}.records`);
  try {
    fs.writeFileSync(records, "");
    // In place of tslab, a check: no interface but loopback, the course's notebooks absent, the library present.
    const check = `const os = require("os"), fs = require("fs");
const nets = Object.keys(os.networkInterfaces()).filter((n) => n !== "lo");
const seen = ${JSON.stringify([path.join(ROOT, "notebooks"), path.join(ROOT, "tools"), path.join(ROOT, "test")])}.filter((p) => fs.existsSync(p));
const lib = fs.existsSync(${JSON.stringify(path.join(ROOT, "src"))});
process.stdout.write(JSON.stringify({ nets, seen, lib, uid: process.getuid() }));`;
    const argv = sandboxedCommand({ work, writableFiles: [records], ipcDir, limits: { memoryMb: 256, processes: 64, cpuSeconds: 30, scratchMb: 16, fileMb: 16 } }, [process.execPath, "-e", check], bwrap);
    const r = spawnSync(argv[0], argv.slice(1), { encoding: "utf8", timeout: 30_000 });
    if (r.status !== 0) {
      const err = (r.stderr || r.error?.message || `exit ${r.status}`).trim().split("\n").slice(-3).join(" | ");
      const ns = /namespace|uid map|Operation not permitted|setting up/i.test(err) ? "; user namespaces may be off (sysctl user.max_user_namespaces, kernel.unprivileged_userns_clone) or this is a container that does not allow them" : "";
      return { on: false, reason: `bubblewrap cannot start the sandbox here: ${err}${ns}` };
    }
    const got = JSON.parse(r.stdout) as { nets: string[]; seen: string[]; lib: boolean; uid: number };
    if (got.nets.length || got.seen.length || !got.lib) return { on: false, reason: `the sandbox did not isolate as expected: ${r.stdout}` };
    const mode = isRoot() ? "root" : "userns";
    return {
      on: true, bwrap: version, mode,
      summary: `${version}: each kernel without network, seeing only the library, in a scratch folder of its own; ` +
        (mode === "root" ? "as a uid of its own without capabilities" : "in a user namespace") + "; limits on processes, CPU time, memory and file size",
    };
  } catch (e) {
    return { on: false, reason: `the sandbox check failed: ${(e as Error).message}` };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
    fs.rmSync(records, { force: true });
    fs.rmSync(ipcDir, { recursive: true, force: true });
  }
}

/** For tests: forget the cached probe. */
export function resetSandboxProbe(): void {
  probed = null;
}
