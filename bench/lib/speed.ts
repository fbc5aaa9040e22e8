// How fast this machine is right now, for reading a timing taken on it. The course's machine is a
// virtual one whose speed varies with its host's load: one fixed single-thread workload took 16.0 s
// in the morning of 2026-12-07 and 20.5-22.4 s at midday, with nothing else running here, and a
// whole `npm test` moved with it. A bench that times something long prints this beside its result.
import * as fs from "node:fs";
import { loadHousing } from "../../src/data/housing";
import { standardize } from "../../src/data/prepare";
import { scale } from "../../src/matrix";
import { initParams } from "../../src/network";
import { trainFast } from "../../src/fast/index";

/**
 * The probe: lesson 10's n1 = 16 network trained for 600 epochs on the standardised housing data
 * (m = 20,433, tanh), on one thread of the fast engine: pure computation, no I/O, no allocation in
 * the loop. Seconds of wall time, the median of three runs.
 */
export function speedProbe(): number {
  const h = loadHousing();
  const X = standardize(h.X).Xs, Y = scale(h.y, 1e-5);
  const options = { hidden: "tanh" as const, output: "identity" as const, loss: "mse-half" as const, lr: 0.2, epochs: 600 };
  const times: number[] = [];
  for (let k = 0; k < 3; k++) {
    const t0 = performance.now();
    trainFast(initParams([8, 16, 1], { seed: 1 }), X, Y, options, { threads: 1 });
    times.push((performance.now() - t0) / 1000);
  }
  return times.sort((a, b) => a - b)[1];
}

/** Busy CPU-seconds of the whole machine so far (Linux /proc/stat: user, nice, system, irq, softirq, steal), or null. */
export function busyCpuSeconds(): number | null {
  try {
    const f = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, , , irq, softirq, steal] = f;
    return (user + nice + system + irq + softirq + steal) / 100; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}
