// Execute many notebooks, a few at a time (the machine has 2 cores; each kernel is one process).
import * as os from "node:os";
import { runNotebook, type RunOptions, type RunResult } from "./run-notebook";

/** How many kernels run at once: NN_JOBS, else the number of cores (at least 1). */
export function defaultJobs(): number {
  const env = Number(process.env.NN_JOBS);
  return env >= 1 ? Math.floor(env) : Math.max(1, os.availableParallelism());
}

/** Results in the order of `files`; `onDone` reports each as it finishes (for progress lines). */
export async function runNotebooks(files: string[], opts: RunOptions & { jobs?: number; onDone?: (r: RunResult) => void } = {}): Promise<RunResult[]> {
  const results: RunResult[] = new Array(files.length);
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const i = next++;
      results[i] = await runNotebook(files[i], opts);
      opts.onDone?.(results[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.jobs ?? defaultJobs(), files.length) }, worker));
  return results;
}
