// npm start: a Jupyter notebook server on localhost with the tslab kernel and the lessons, for a
// learner at their own machine. Uses the repo's kernelspec (nothing system-wide) and offers only it.
// Prints two folders: build/executed/ (the lessons with every output, as `npm run course` left them:
// figures, tables and formulas show without running anything) and notebooks/ (the lessons to run).
//   npm start                      port 8888 (or the next free one), a fresh token
//   npm start -- --port 9000 --token secret
import { spawn } from "node:child_process";
import * as crypto from "node:crypto";
import * as net from "node:net";
import { parseArgs } from "node:util";
import * as fs from "node:fs";
import * as path from "node:path";
import { jupyterEnv, ROOT } from "./lib/paths";

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server: net.Server = net.createServer();
    server.once("error", () => resolve(false)).once("listening", () => server.close(() => resolve(true)));
    server.listen(port, "127.0.0.1");
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { port: { type: "string" }, token: { type: "string" } } });
  let port = values.port ? Number(values.port) : 8888;
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`--port must be a port number, got ${values.port}`);
  if (!values.port) while (!(await portIsFree(port))) port++;
  const token = values.token ?? crypto.randomBytes(16).toString("hex");
  const args = [
    "--no-browser", "--ip=127.0.0.1", `--port=${port}`, "--port-retries=0",
    `--NotebookApp.token=${token}`, `--NotebookApp.notebook_dir=${ROOT}`,
    "--KernelSpecManager.allowed_kernelspecs=tslab", "--MappingKernelManager.default_kernel_name=tslab",
  ];
  if (process.getuid?.() === 0) args.push("--allow-root");
  const server = spawn("/usr/bin/jupyter-notebook", args, { env: jupyterEnv(), stdio: ["ignore", "inherit", "inherit"] });
  const url = (dir: string) => `http://127.0.0.1:${port}/tree/${dir}?token=${token}`;
  const executed = fs.existsSync(path.join(ROOT, "build/executed")) && fs.readdirSync(path.join(ROOT, "build/executed")).some((f) => f.endsWith(".ipynb"));
  console.log([
    `Lessons with their outputs: ${executed ? url("build/executed") : "none yet: run npm run course"}`,
    "  (executed by npm run course, which rewrites this folder: keep your own work in notebooks/)",
    `Lessons to run yourself:    ${url("notebooks")}`,
  ].join("\n"));
  const stop = () => server.kill("SIGTERM");
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  server.on("exit", (code) => process.exit(code ?? 0));
}

main().catch((e) => {
  console.error(`npm start: ${(e as Error).message}`);
  process.exit(1);
});
