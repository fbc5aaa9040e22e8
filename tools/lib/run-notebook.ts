// Execute a notebook headless with the repo's tslab kernel and say exactly which cell failed and why,
// including the failures nbconvert's exit status misses (a throw inside a callback, an un-awaited
// rejected promise): tslab writes errors to a cell's stderr, or nowhere if the kernel was idle.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  cellErrorText,
  figureCount,
  firstLine,
  isCode,
  readNotebook,
  type Cell,
  type Notebook,
  writeNotebook,
} from "./notebook";
import { jupyterEnv, PYTHON, ROOT } from "./paths";

/** A failed cell. `cell` is 1-based over all cells, as a reader counts them in Jupyter. */
export interface CellFailure {
  cell: number | null;
  codeCell: number | null;
  source: string;
  message: string;
}

export interface RunResult {
  file: string;
  executed: Notebook | null;
  cells: number;
  seconds: number;
  figures: number;
  failures: CellFailure[];
  /** How the run ended: "ok", or why it stopped early. `cell` is a 0-based index into `executed.cells`. */
  stopped?: { status: "ok" | "timeout" | "dead-kernel" | "kernel-start" | "error"; message: string; cell: number | null };
  /** What went wrong but was recovered from, e.g. a kernel that did not answer and was replaced. */
  notes?: string[];
}

export interface RunOptions {
  cellTimeoutSeconds?: number;
  /** How long a starting kernel may take to answer (then one more is tried). Default: NN_KERNEL_START_TIMEOUT, else 120. */
  startupTimeoutSeconds?: number;
  /** Folder the kernel runs in; imports like "./src/x" resolve from here. Default: the notebook's. */
  cwd?: string;
  // The options below exist for the grader, which runs untrusted notebooks (execute_notebook.py says why).
  /** A time limit for the whole notebook; each cell gets at most what is left of it. */
  totalTimeoutSeconds?: number;
  /** Pause after a failed cell so that tslab does not silently abort the cells after it. */
  pauseAfterError?: boolean;
  /** Keep at most this many characters of output per cell. */
  maxOutputChars?: number;
  /** Kill the kernel at the end rather than ask it to stop (it may be spinning). */
  shutdownImmediate?: boolean;
  /** Remove the instrumented copy from disk once the executor has read it (the kernel cannot read it). */
  deleteInput?: boolean;
  /** Put each cell's reply status ("ok" | "error" | "abort") in its metadata as "nn-reply-status". */
  recordStatus?: boolean;
  /** Extra environment for the kernel process (e.g. NODE_OPTIONS with a heap limit). */
  env?: NodeJS.ProcessEnv;
  /** Start the kernel with this argv instead of the kernelspec's ("{connection_file}" is filled in): a sandbox. */
  kernelCmd?: string[];
  /** Talk to the kernel over unix sockets in this folder instead of TCP on loopback (a kernel without network). */
  ipcDir?: string;
}

// Injected before the first cell: records errors that escape every cell (callbacks, un-awaited
// promises) with their time, so they can be attributed to the cell running when they happened.
const PRELUDE = `{ const g = globalThis as any; g.__nnLate = [];
const rec = (kind: string) => (e: any) => { g.__nnLate.push({ t: Date.now(), msg: kind + ": " + (e && e.message !== undefined ? e.message : String(e)) }); };
process.on("uncaughtException", rec("uncaught exception in a callback"));
process.on("unhandledRejection", rec("unhandled promise rejection")); }`;

// Injected after the last cell: gives late callbacks time to fire, then reports them.
const LATE_WAIT_MS = 300;
const SENTINEL = `await new Promise((r) => setTimeout(r, ${LATE_WAIT_MS}));
{ const late = (globalThis as any).__nnLate; if (late.length) throw new Error("NN_LATE_ERRORS" + JSON.stringify(late)); }`;

const MARK = "nn-runner";

function injected(source: string, role: string): Cell {
  return { cell_type: "code", id: `nn-runner-${role}`, source, metadata: { [MARK]: role }, outputs: [], execution_count: null };
}

function runPython(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(PYTHON, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (d) => (stdout += d));
    p.stderr.on("data", (d) => (stderr += d));
    p.on("error", reject);
    p.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

function cellTimes(cell: Cell): { start: number; end: number } | null {
  const ex = (cell.metadata as { execution?: Record<string, string> }).execution;
  if (!ex || !ex["iopub.status.busy"]) return null;
  const start = Date.parse(ex["iopub.status.busy"]);
  const end = Date.parse(ex["iopub.status.idle"] ?? ex["shell.execute_reply"] ?? ex["iopub.status.busy"]);
  return { start, end };
}

function startupTimeout(opts: RunOptions): number {
  if (opts.startupTimeoutSeconds) return opts.startupTimeoutSeconds;
  const env = process.env.NN_KERNEL_START_TIMEOUT;
  if (env === undefined || env === "") return 120;
  const s = Number(env);
  if (!Number.isInteger(s) || s < 1) throw new Error(`NN_KERNEL_START_TIMEOUT must be a whole number of seconds, got "${env}"`);
  return s;
}

/** Execute `file`; the returned notebook has the runner's own cells removed. Never writes `file`. */
export async function runNotebook(file: string, opts: RunOptions = {}): Promise<RunResult> {
  const t0 = Date.now();
  const result: RunResult = { file, executed: null, cells: 0, seconds: 0, figures: 0, failures: [] };
  let nb: Notebook;
  try {
    nb = readNotebook(file);
  } catch (e) {
    result.failures.push({ cell: null, codeCell: null, source: "", message: (e as Error).message });
    return result;
  }
  result.cells = nb.cells.length;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "nn-run-"));
  try {
    const instrumented: Notebook = { ...nb, cells: [injected(PRELUDE, "prelude"), ...nb.cells, injected(SENTINEL, "sentinel")] };
    const inFile = path.join(work, "in.ipynb");
    const outFile = path.join(work, "out.ipynb");
    writeNotebook(inFile, instrumented);
    const cwd = opts.cwd ?? path.dirname(path.resolve(file));
    const args = [path.join(ROOT, "tools/lib/execute_notebook.py"), inFile, outFile, "--cwd", cwd,
      "--cell-timeout", String(opts.cellTimeoutSeconds ?? 300), "--startup-timeout", String(startupTimeout(opts))];
    if (opts.totalTimeoutSeconds) args.push("--total-timeout", String(opts.totalTimeoutSeconds));
    if (opts.pauseAfterError) args.push("--pause-after-error");
    if (opts.maxOutputChars) args.push("--max-output-chars", String(opts.maxOutputChars));
    if (opts.shutdownImmediate) args.push("--shutdown-immediate");
    if (opts.deleteInput) args.push("--delete-input");
    if (opts.recordStatus) args.push("--record-status");
    if (opts.kernelCmd) args.push("--kernel-cmd", JSON.stringify(opts.kernelCmd));
    if (opts.ipcDir) args.push("--ipc-dir", opts.ipcDir);
    const py = await runPython(args, jupyterEnv(opts.env ?? {}));
    let status: { status: string; message: string; cell: number | null; notes?: string[] };
    try {
      status = JSON.parse(py.stdout.trim().split("\n").pop() ?? "");
    } catch {
      throw new Error(`notebook runner failed for ${file} (exit ${py.code}):\n${py.stderr.trim().slice(-2000)}`);
    }
    const out = fs.existsSync(outFile) ? readNotebook(outFile) : instrumented;
    const userCells = out.cells.filter((c) => !(c.metadata as Record<string, unknown>)[MARK]);
    result.failures = collectFailures(out.cells, status);
    const at = status.cell != null && status.cell > 0 && status.cell < out.cells.length - 1 ? status.cell - 1 : null;
    result.stopped = { status: status.status as "ok", message: status.message, cell: at };
    if (status.notes?.length) result.notes = status.notes;
    result.executed = { ...out, cells: userCells };
    result.figures = figureCount(userCells);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  result.seconds = (Date.now() - t0) / 1000;
  return result;
}

/** Failures in cell order; `all` includes the runner's own prelude (index 0) and sentinel (last). */
function collectFailures(all: Cell[], status: { status: string; message: string; cell: number | null }): CellFailure[] {
  const failures: CellFailure[] = [];
  const codeIndex = new Map<number, number>();
  let k = 0;
  all.forEach((c, i) => { if (i > 0 && i < all.length - 1 && isCode(c)) codeIndex.set(i, ++k); });
  const describe = (i: number, message: string): CellFailure => ({
    cell: i, codeCell: codeIndex.get(i) ?? null, source: firstLine(all[i]), message,
  });
  for (let i = 1; i < all.length - 1; i++) {
    const err = cellErrorText(all[i]);
    if (err) failures.push(describe(i, err));
  }
  // Errors that escaped every cell: attribute each to the last cell that had started by then.
  const sentinelErr = cellErrorText(all[all.length - 1]) ?? "";
  const m = sentinelErr.match(/NN_LATE_ERRORS(\[.*\])/);
  if (m) {
    for (const late of JSON.parse(m[1]) as { t: number; msg: string }[]) {
      let at = 1;
      for (let i = 1; i < all.length - 1; i++) {
        const t = cellTimes(all[i]);
        if (t && t.start <= late.t) at = i;
      }
      const already = failures.some((f) => f.cell === at && f.message.includes(late.msg.split(": ").slice(1).join(": ")));
      if (!already) failures.push(describe(at, `${late.msg} (raised after the cell returned; the cell or an earlier one scheduled it)`));
    }
  } else if (sentinelErr && status.status === "ok") {
    failures.push({ cell: null, codeCell: null, source: "", message: `after the last cell: ${sentinelErr}` });
  }
  if (status.status !== "ok") {
    const at = status.cell;
    const what = status.status === "timeout" ? `timed out: ${status.message}` : `${status.status}: ${status.message}`;
    if (at != null && at > 0 && at < all.length - 1) failures.push(describe(at, what));
    else failures.push({ cell: null, codeCell: null, source: "", message: what });
  }
  failures.sort((a, b) => (a.cell ?? Infinity) - (b.cell ?? Infinity));
  return failures;
}

/** "01-house-prices.ipynb, cell 7 (code cell 4) `const x = ...`: TypeError: ..." */
export function formatFailure(file: string, f: CellFailure): string {
  const where = f.cell == null ? "" : `, cell ${f.cell}${f.codeCell ? ` (code cell ${f.codeCell})` : ""} \`${f.source}\``;
  const msg = f.message.split("\n").slice(0, 6).join("\n    ");
  return `${path.basename(file)}${where}: ${msg}`;
}
