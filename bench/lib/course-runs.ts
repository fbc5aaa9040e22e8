// One timed run of the course build as a child process, and where its time went: the wall time,
// each lesson's line from tools/course.ts (with the moment it arrived), and each code cell's time
// from the executed notebooks (nbclient's record_timing: kernel-side iopub busy/idle timestamps).
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";

/** One lesson line of tools/course.ts, e.g. `09-gradient-descent.ipynb   38 cells   12.9 s   5 figures  ok`. */
export interface LessonLine {
  file: string;
  cells: number;
  /** runNotebook's wall time, printed to 0.1 s */
  seconds: number;
  figures: number;
  ok: boolean;
  /** Date.now() when the line reached us: the lesson's end (its start is doneAt - seconds, to ±50 ms) */
  doneAt: number;
}

export interface CourseRun {
  label: string;
  /** kernels at once: NN_JOBS, or the default */
  jobs: number;
  command: string;
  exitCode: number;
  startedAt: number;
  endedAt: number;
  wallSeconds: number;
  lessons: LessonLine[];
  /** the last lines of stderr when the command failed */
  errorTail: string;
  loadBefore: number[];
  loadAfter: number[];
}

const LESSON_LINE = /^(\S+\.ipynb)\s+(\d+) cells\s+([\d.]+) s\s+(\d+) figures\s+(ok|FAILED.*)$/;

export function parseLessonLine(line: string, doneAt: number): LessonLine | null {
  const m = LESSON_LINE.exec(line.trim());
  if (!m) return null;
  return { file: m[1], cells: Number(m[2]), seconds: Number(m[3]), figures: Number(m[4]), ok: m[5] === "ok", doneAt };
}

/** Run `cmd args` in `cwd`, timestamping each stdout line as it arrives. Never throws on a non-zero exit. */
export function runCourse(label: string, jobs: number, cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<CourseRun> {
  const loadBefore = os.loadavg();
  const startedAt = Date.now();
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    const lessons: LessonLine[] = [];
    let pending = "";
    let stderr = "";
    p.stdout.setEncoding("utf8");
    p.stdout.on("data", (chunk: string) => {
      const now = Date.now();
      const parts = (pending + chunk).split("\n");
      pending = parts.pop() ?? "";
      for (const l of parts) {
        const lesson = parseLessonLine(l, now);
        if (lesson) lessons.push(lesson);
      }
    });
    p.stderr.on("data", (d) => (stderr = (stderr + d).slice(-20000)));
    p.on("error", reject);
    p.on("close", (code) => {
      const endedAt = Date.now();
      resolve({
        label, jobs, command: [cmd, ...args].join(" "), exitCode: code ?? 1, startedAt, endedAt,
        wallSeconds: (endedAt - startedAt) / 1000, lessons,
        errorTail: code === 0 ? "" : stderr.trim().split("\n").slice(-8).join("\n"),
        loadBefore, loadAfter: os.loadavg(),
      });
    });
  });
}

/** A code cell's run: from the kernel's "busy" to its "idle" message (ms since the epoch). */
export interface CellTime { id: string; start: number; end: number; seconds: number }

/** Code cells of an executed notebook that carry nbclient's timing metadata, in order. */
export function cellTimes(executedFile: string): CellTime[] {
  const nb = JSON.parse(fs.readFileSync(executedFile, "utf8")) as { cells: { cell_type: string; id?: string; metadata?: { execution?: Record<string, string> } }[] };
  const out: CellTime[] = [];
  nb.cells.forEach((c, i) => {
    const ex = c.metadata?.execution;
    if (c.cell_type !== "code" || !ex?.["iopub.status.busy"] || !ex["iopub.status.idle"]) return;
    const start = Date.parse(ex["iopub.status.busy"]);
    const end = Date.parse(ex["iopub.status.idle"]);
    out.push({ id: c.id ?? `cell ${i + 1}`, start, end, seconds: (end - start) / 1000 });
  });
  return out;
}

/** Where one lesson's time went (seconds). total = startup + imports + rest + between. */
export interface Breakdown {
  file: string;
  codeCells: number;
  total: number;
  /** from the runner's start to the first cell: Python + nbclient, the kernel's start, the runner's prelude cell */
  startup: number;
  /** the first code cell (id "imports"): tslab type-checks the ./src modules it imports */
  imports: number;
  importsId: string;
  /** the other code cells: the lesson's own work */
  rest: number;
  /** between cells, and after the last: the runner's closing cell (a 300 ms wait), kernel shutdown, reading the result */
  between: number;
  slowest: { id: string; seconds: number } | null;
}

export function breakdown(lesson: LessonLine, cells: CellTime[]): Breakdown | null {
  if (cells.length === 0) return null;
  const startMs = lesson.doneAt - lesson.seconds * 1000;
  const first = cells.find((c) => c.id === "imports") ?? cells[0];
  const others = cells.filter((c) => c !== first);
  const sum = (xs: CellTime[]) => xs.reduce((s, c) => s + c.seconds, 0);
  const startup = (cells[0].start - startMs) / 1000;
  const slow = others.reduce<CellTime | null>((a, c) => (a && a.seconds >= c.seconds ? a : c), null);
  return {
    file: lesson.file, codeCells: cells.length, total: lesson.seconds, startup,
    imports: first.seconds, importsId: first.id, rest: sum(others),
    between: lesson.seconds - startup - sum(cells),
    slowest: slow ? { id: slow.id, seconds: slow.seconds } : null,
  };
}
