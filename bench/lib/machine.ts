// The machine a bench result was measured on, in the words both result files use.
import * as os from "node:os";

/** The 1, 5 and 15 minute load averages, e.g. "0.46 2.36 3.40". */
export function loadText(l: number[] = os.loadavg()): string {
  return l.map((x) => x.toFixed(2)).join(" ");
}

/** "Machine: <cpu>, <n> CPUs, Node <version>. Load average at start <…>, at end <now>. " */
export function machineLine(loadAtStart: string): string {
  return `Machine: ${os.cpus()[0]?.model ?? "?"}, ${os.cpus().length} CPUs, Node ${process.version}. Load average at start ${loadAtStart}, at end ${loadText()}. `;
}
