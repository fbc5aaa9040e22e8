// Where things are, and the environment every Jupyter process of the course runs in.
import * as fs from "node:fs";
import * as path from "node:path";

export const ROOT = path.resolve(__dirname, "../..");
/** The lessons folder; NN_NOTEBOOKS_DIR points the tools at another (the pipeline's own tests do). */
export const NOTEBOOKS = process.env.NN_NOTEBOOKS_DIR ? path.resolve(process.env.NN_NOTEBOOKS_DIR) : path.join(ROOT, "notebooks");
/** Debian's Python: the one with nbclient/nbconvert (the python3 first on PATH may be another). */
export const PYTHON = process.env.NN_PYTHON ?? "/usr/bin/python3";

/** Lessons are notebooks named NN-title.ipynb in notebooks/, in order. */
export function lessonFiles(dir = NOTEBOOKS): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d\d-.*\.ipynb$/.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}

/** The repo-local kernelspec (jupyter/kernels/tslab) and nothing system-wide. */
export function jupyterEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    JUPYTER_PATH: path.join(ROOT, "jupyter"),
    PYDEVD_DISABLE_FILE_VALIDATION: "1",
    // The kernel's argv starts with "node": make sure it is the node running us.
    PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ""}`,
    ...extra,
  };
}
