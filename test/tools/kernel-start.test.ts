// A kernel that does not answer after starting (a busy machine, two kernels racing for a port) is
// replaced once; if the new one does not answer either, the failure names the notebook, says that
// no cell ran and what to do. Deterministic: a stand-in kernel (test/fixtures/slow-kernel) never
// answers on its first start, and answers at once on the next, unless told never to.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";
import { ROOT } from "../../tools/lib/paths";
import { formatFailure, runNotebook } from "../../tools/lib/run-notebook";

const NOTEBOOK = path.join(ROOT, "test/fixtures/good-notebooks/01-passes.ipynb");

async function runWithSlowKernel(never: boolean) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nn-slow-kernel-"));
  const log = path.join(dir, "starts");
  try {
    const r = await runNotebook(NOTEBOOK, {
      startupTimeoutSeconds: 4,
      env: { JUPYTER_PATH: path.join(ROOT, "test/fixtures/slow-kernel"), NN_FAKE_KERNEL_LOG: log, ...(never ? { NN_FAKE_KERNEL_NEVER: "1" } : {}) },
    });
    return { r, starts: fs.readFileSync(log, "utf8").split("\n").filter(Boolean).length };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe("kernel start-up", () => {
  it("replaces a kernel that does not answer, once, and runs the notebook on the new one", { timeout: 60_000 }, async () => {
    const { r, starts } = await runWithSlowKernel(false);
    assert.equal(starts, 2, "two kernels were started");
    assert.deepEqual(r.failures, []);
    assert.equal(r.stopped?.status, "ok");
    assert.equal(r.notes?.length, 1);
    assert.match(r.notes![0], /did not answer \d+ s after starting \(RuntimeError: Kernel didn't respond in 4 seconds\); started a new one/);
    assert.ok(r.executed!.cells.some((c) => c.cell_type === "code" && (c as { execution_count: number | null }).execution_count != null), "cells ran");
  });

  it("gives up after the second, naming the notebook, saying no cell ran and what to do", { timeout: 60_000 }, async () => {
    const { r, starts } = await runWithSlowKernel(true);
    assert.equal(starts, 2, "exactly one retry");
    assert.equal(r.failures.length, 1, JSON.stringify(r.failures));
    assert.equal(r.failures[0].cell, null);
    const line = formatFailure(r.file, r.failures[0]);
    assert.match(line, /^01-passes\.ipynb: kernel-start: the tslab kernel did not start, twice \(the second time: RuntimeError: Kernel didn't respond in 4 seconds\); no cell ran\./);
    assert.match(line, /load average \d+\.\d on \d+ cores/);
    assert.match(line, /NN_JOBS=1/);
    assert.match(line, /NN_KERNEL_START_TIMEOUT=8/);
  });

  it("refuses a start-up time that is not a whole number of seconds", async () => {
    const saved = process.env.NN_KERNEL_START_TIMEOUT;
    process.env.NN_KERNEL_START_TIMEOUT = "soon";
    try {
      await assert.rejects(runNotebook(NOTEBOOK), /NN_KERNEL_START_TIMEOUT must be a whole number of seconds, got "soon"/);
    } finally {
      if (saved === undefined) delete process.env.NN_KERNEL_START_TIMEOUT;
      else process.env.NN_KERNEL_START_TIMEOUT = saved;
    }
  });
});
