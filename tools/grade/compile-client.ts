// The client side of the shared compile service (compile-service.ts says what it is and why): a grading
// process whose environment names a service of the same course checkout sends its cells there instead
// of starting compilers of its own. Kept apart from cells.ts so that the service (which imports
// cells.ts) and cells.ts do not import each other.
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import * as readline from "node:readline";

/** The environment variable that names the service's folder (set by `npm test` for its test files). */
export const SERVICE_ENV = "NN_GRADE_COMPILE_SERVICE";
export const SOCKET = "sock";
export const INFO = "service.json";

/** What the service writes beside its socket: the checkout it compiles for, and its placeholders' session. */
export interface ServiceInfo { root: string; session: string }

/**
 * The service this process may use: the one NN_GRADE_COMPILE_SERVICE names, if it compiles for `root`
 * (a copy of the course elsewhere, such as a Gradescope tree, has its own library and compiles its own).
 * Null when there is none; a named service that cannot be read is said on stderr and not used.
 */
export function serviceFor(root: string): (ServiceInfo & { dir: string }) | null {
  const dir = process.env[SERVICE_ENV];
  if (!dir) return null;
  try {
    const info = JSON.parse(fs.readFileSync(path.join(dir, INFO), "utf8")) as ServiceInfo;
    if (typeof info.session !== "string" || !/^[0-9a-f]{16}$/.test(info.session)) throw new Error(`no session in ${INFO}`);
    return info.root === root ? { dir, ...info } : null;
  } catch (e) {
    process.stderr.write(`grader: the compile service named by ${SERVICE_ENV} (${dir}) cannot be used (${(e as Error).message}); compiling here instead\n`);
    return null;
  }
}

/** A failure the service reported (or the loss of the service): `kind` says which error cells.ts raises. */
export class RemoteFailure extends Error {
  /** timeout, compiler-died, failed: as a compiler of this process would have failed; service-gone: the service itself. */
  constructor(readonly kind: "timeout" | "compiler-died" | "failed" | "service-gone", message: string) { super(message); }
}

/** One request and its answer on the service's socket (JSON lines). */
export interface Request { id: number; prevDecl: string; src: string; timeoutMs: number }
export interface Answer<R> { id: number; result?: R; sideOutputs?: [string, string][]; error?: { kind: RemoteFailure["kind"]; message: string } }

/** A connection to the service, opened on first use; requests in flight keep the process alive, an idle connection does not. */
export class RemoteCompilers<R> {
  private socket: net.Socket | null = null;
  private next = 0;
  private waiting = new Map<number, { resolve: (a: { result: R; sideOutputs: [string, string][] }) => void; reject: (e: Error) => void }>();
  /** Set once the connection has failed or closed: the caller then compiles locally. */
  gone: string | null = null;

  constructor(private readonly dir: string) {}

  private connect(): net.Socket {
    if (this.socket) return this.socket;
    const s = net.createConnection(path.join(this.dir, SOCKET));
    // readline passes its input's errors on: the socket's own handlers below deal with them.
    readline.createInterface({ input: s, crlfDelay: Infinity }).on("error", () => {}).on("line", (line) => {
      let a: Answer<R>;
      try { a = JSON.parse(line); } catch { return; }
      const w = this.waiting.get(a.id);
      if (!w) return;
      this.waiting.delete(a.id);
      if (this.waiting.size === 0) s.unref();
      if (a.error) w.reject(new RemoteFailure(a.error.kind, a.error.message));
      else w.resolve({ result: a.result as R, sideOutputs: a.sideOutputs ?? [] });
    });
    const fail = (why: string) => {
      if (this.gone) return;
      this.gone = why;
      for (const w of this.waiting.values()) w.reject(new RemoteFailure("service-gone", `the shared compile service is gone (${why})`));
      this.waiting.clear();
    };
    s.on("error", (e) => fail(e.message));
    s.on("close", () => fail("connection closed"));
    this.socket = s;
    return s;
  }

  convert(prevDecl: string, src: string, timeoutMs: number): Promise<{ result: R; sideOutputs: [string, string][] }> {
    if (this.gone) return Promise.reject(new RemoteFailure("service-gone", `the shared compile service is gone (${this.gone})`));
    const s = this.connect();
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      s.ref();
      s.write(JSON.stringify({ id, prevDecl, src, timeoutMs } satisfies Request) + "\n");
    });
  }

  close() {
    this.socket?.destroy();
  }
}
