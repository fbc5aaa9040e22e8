// Start `npm start`'s notebook server (tools/start.ts) on a free loopback port for a test, and stop it.
import { spawn } from "node:child_process";
import * as net from "node:net";
import * as path from "node:path";
import { ROOT } from "../../tools/lib/paths";

export interface NotebookServer {
  base: string;
  token: string;
  auth: Record<string, string>;
  log(): string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Resolves once the server answers its REST API (or rejects after `ms`, with the server's log). */
export async function startNotebookServer(token: string, ms = 30_000): Promise<NotebookServer> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "tools/start.ts"), "--port", String(port), "--token", token], {
    cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], detached: true, // its own process group: stop() ends jupyter too
  });
  let log = "";
  child.stdout!.on("data", (d) => (log += d));
  child.stderr!.on("data", (d) => (log += d));
  const server: NotebookServer = {
    base: `http://127.0.0.1:${port}`,
    token,
    auth: { Authorization: `token ${token}` },
    log: () => log,
    stop: async () => {
      if (child.exitCode !== null) return;
      process.kill(-child.pid!, "SIGTERM");
      await new Promise((r) => child.once("exit", r));
    },
  };
  const until = Date.now() + ms;
  for (;;) {
    try {
      if ((await fetch(`${server.base}/api/status`, { headers: server.auth })).ok) return server;
    } catch { /* not up yet */ }
    if (Date.now() > until || child.exitCode !== null) {
      await server.stop();
      throw new Error(`notebook server did not answer within ${ms} ms; log:\n${log.slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
