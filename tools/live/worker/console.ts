// console.log for a cell: each call becomes a stream output of that cell, formatted as Node's
// console.log formats what the lessons print (strings as they are, numbers as String gives them).
// Objects get a short JSON-like form; Node's util.inspect differs in spacing, which no lesson relies on.
import type { IOutput } from "@jupyterlab/nbformat";

function inspect(v: unknown, depth = 0): string {
  if (typeof v === "string") return depth === 0 ? v : JSON.stringify(v);
  if (typeof v === "number") return Object.is(v, -0) ? "-0" : String(v);
  if (typeof v === "bigint") return `${v}n`;
  if (v === null || v === undefined || typeof v === "boolean" || typeof v === "symbol") return String(v);
  if (typeof v === "function") return `[Function: ${v.name || "(anonymous)"}]`;
  if (v instanceof Error) return v.stack ?? `${v.name}: ${v.message}`;
  if (depth > 2) return Array.isArray(v) ? "[Array]" : "[Object]";
  if (Array.isArray(v) || ArrayBuffer.isView(v)) {
    const items = Array.from(v as ArrayLike<unknown>, (x) => inspect(x, depth + 1));
    return `[ ${items.join(", ")} ]`.replace("[  ]", "[]");
  }
  const entries = Object.entries(v as object).map(([k, x]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${inspect(x, depth + 1)}`);
  return entries.length ? `{ ${entries.join(", ")} }` : "{}";
}

/** A console whose log/info go to stdout and warn/error to stderr, as stream outputs. */
export function cellConsole(emit: (o: IOutput) => void): Pick<Console, "log" | "info" | "warn" | "error" | "debug"> {
  const stream = (name: "stdout" | "stderr") => (...args: unknown[]) =>
    emit({ output_type: "stream", name, text: args.map((a) => inspect(a)).join(" ") + "\n" } as IOutput);
  return { log: stream("stdout"), info: stream("stdout"), debug: stream("stdout"), warn: stream("stderr"), error: stream("stderr") };
}
