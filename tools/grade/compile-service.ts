// A compile service shared by the grading processes of one run of `npm test`.
//
// Why: each grading process starts its own compilers (cells.ts), and a compiler costs ~4-5 CPU-s before
// its first answer (tslab's converter parses and binds TypeScript's lib files and @types/node). The test
// suite starts dozens of grading processes (the bank, the engines, the student edition, the CLI, the
// hostile submissions...), most of them to grade a few notebooks: 41 compilers, 214 CPU-s of a 1,322
// CPU-s run. With this service they share two compilers and one cache (the course's own cells, its tests
// and hidden tests, are then compiled once per run, not once per process).
//
// What stays the same: the compilers are the same (cells.ts's pool, in the sandbox when it can start), and
// so is what a grading process does with their answers. A process uses the service only when the
// environment names it (SERVICE_ENV) and it compiles for the same checkout; it adopts the service's
// placeholder session (the cache keys and the compilers' checks module use it). If the service goes
// away, the process says so and compiles locally. The service's folder (mode 0700, in the temporary
// folder) is outside every sandbox's view.
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import * as readline from "node:readline";
import { ROOT } from "../lib/paths";
import { COMPILE_TIMEOUT_S, CompilerDied, CompilerTimeout, compilers, SESSION } from "./cells";
import { INFO, SERVICE_ENV, SOCKET, type Answer, type Request, type ServiceInfo } from "./compile-client";
import { probeSandbox } from "./sandbox";

export interface CompileService {
  dir: string;
  /** The environment a process needs to use it. */
  env: Record<string, string>;
  /** Requests answered, and how many of them the cache answered. */
  stats: () => { requests: number; hits: number; misses: number };
  close: () => Promise<void>;
}

/** Starts the service in this process: `size` compilers (started on the first request), in the sandbox if it can start. */
export async function startCompileService(size = Math.max(1, os.availableParallelism())): Promise<CompileService> {
  if (process.env[SERVICE_ENV]) throw new Error(`a compile service is already named by ${SERVICE_ENV} (${process.env[SERVICE_ENV]}): start one per run`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nn-grade-compile-service-"));
  fs.chmodSync(dir, 0o700);
  compilers.size = size;
  compilers.sandbox = probeSandbox().on;
  let requests = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    // The library modules' JavaScript (side outputs) this client has been sent.
    const sent = new Set<string>();
    readline.createInterface({ input: socket, crlfDelay: Infinity }).on("error", () => {}).on("line", (line) => {
      let req: Request;
      try { req = JSON.parse(line); } catch { return; }
      requests++;
      const answer = (a: Answer<unknown>) => { if (!socket.destroyed) socket.write(JSON.stringify(a) + "\n"); };
      compilers.convert(String(req.prevDecl), String(req.src), Number(req.timeoutMs) > 0 ? Number(req.timeoutMs) : COMPILE_TIMEOUT_S * 1000).then(
        (result) => {
          const sideOutputs: [string, string][] = [];
          for (const [p, data] of compilers.sideOutputs) if (!sent.has(p)) { sent.add(p); sideOutputs.push([p, data]); }
          answer({ id: req.id, result, sideOutputs });
        },
        (e: Error) => answer({ id: req.id, error: { kind: e instanceof CompilerTimeout ? "timeout" : e instanceof CompilerDied ? "compiler-died" : "failed", message: e.message } }),
      );
    });
  });
  await new Promise<void>((resolve, reject) => { server.once("error", reject); server.listen(path.join(dir, SOCKET), resolve); });
  // Written last, whole: a process that finds it finds the socket listening.
  const tmp = path.join(dir, `${INFO}.tmp`);
  fs.writeFileSync(tmp, JSON.stringify({ root: ROOT, session: SESSION } satisfies ServiceInfo), { mode: 0o600 });
  fs.renameSync(tmp, path.join(dir, INFO));
  return {
    dir,
    env: { [SERVICE_ENV]: dir },
    stats: () => ({ requests, hits: compilers.stats.hits, misses: compilers.stats.misses }),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      compilers.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

// `npx tsx tools/grade/compile-service.ts`: a service for grading commands run by hand (several
// `npm run grade` in a row share its compilers and cache). Prints the variable to set; serves until
// its standard input ends or it is stopped, then prints what it answered.
if (require.main === module) {
  void startCompileService().then((service) => {
    console.log(`${SERVICE_ENV}=${service.dir}`);
    let closing = false;
    const stop = () => {
      if (closing) return;
      closing = true;
      const s = service.stats();
      console.log(JSON.stringify(s));
      void service.close().then(() => process.exit(0));
    };
    process.stdin.on("end", stop);
    process.stdin.resume();
    process.on("SIGTERM", stop);
    process.on("SIGINT", stop);
  }, (e: Error) => { console.error(`compile service: ${e.message}`); process.exit(1); });
}
