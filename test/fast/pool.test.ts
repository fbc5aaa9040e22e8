// The fast trainer's second thread (src/fast/pool.ts): a failure in the worker fails that run with a
// clear error, and the next run starts clean and computes what the reference loop computes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { initParams } from "../../src/network";
import { makeRng, randomMatrix } from "../../src/random";
import { type TrainOptions, trainReference } from "../../src/train";
import { chooseThreads, trainFast } from "../../src/fast/index";
import { injectWorkerFailure, poolThreads, spareCore } from "../../src/fast/pool";

// The two engines add the same terms in a different order: costs agree to ~1e-15 relative (measured in
// test/fast/train-fast.test.ts); 1e-12 is the bar held there too.
const CURVE_TOL = 1e-12;
// A run has many epochs of many chunks; the worker takes some chunk of some epoch unless it is starved
// of a core for the whole run. This many runs without the injected failure firing means it never ran.
const MAX_RUNS = 20;

const rng = makeRng(5);
const m = 2000; // 16 chunks of 64 pairs: enough for both threads to take some in every epoch
const X = randomMatrix(8, m, rng, (g) => g.uniform(-1, 1));
const Y = randomMatrix(1, m, rng, (g) => g.normal(0, 1));
const params = initParams([8, 16, 1], { seed: 3 });
const options: TrainOptions = { lr: 0.1, epochs: 30, hidden: "sigmoid", output: "identity", loss: "mse" };

function maxRelDiff(a: number[], b: number[]): number {
  assert.equal(a.length, b.length);
  return Math.max(...a.map((x, i) => Math.abs(x - b[i]) / Math.abs(b[i])));
}

test("after a worker failure fails one run, the next two-thread run succeeds and matches the reference", { skip: poolThreads() < 2 && "needs two cores and SharedArrayBuffer" }, () => {
  const reference = trainReference(params, X, Y, options);
  // A first clean run starts the worker, so there is a pool to inject the failure into.
  assert.ok(maxRelDiff(trainFast(params, X, Y, options, { threads: 2 }).costs, reference.costs) <= CURVE_TOL);

  injectWorkerFailure(); // the worker prints its error on stderr, by design: expect one line there
  let failedAt = -1;
  for (let run = 0; run < MAX_RUNS && failedAt < 0; run++) {
    try {
      trainFast(params, X, Y, options, { threads: 2 });
    } catch (e) {
      assert.match((e as Error).message, /^trainFast: the worker thread failed in this epoch/);
      failedAt = run;
    }
  }
  assert.ok(failedAt >= 0, `the injected failure never fired in ${MAX_RUNS} runs`);

  for (let again = 0; again < 3; again++) {
    const after = trainFast(params, X, Y, options, { threads: 2 });
    const d = maxRelDiff(after.costs, reference.costs);
    assert.ok(d <= CURVE_TOL, `run ${again + 1} after the failure: costs differ from the reference by ${d}`);
    const W1 = reference.params.W1;
    const dW = Math.max(...Array.from(after.params.W1.data, (v, k) => Math.abs(v - W1.data[k])));
    assert.ok(dW <= CURVE_TOL, `W1 differs by ${dW}`);
  }
});

test("a second thread only when a core is free: a load average below cores − 0.5, or none known", () => {
  assert.equal(spareCore(0.2, 2), true);
  assert.equal(spareCore(1.4, 2), true);
  assert.equal(spareCore(1.5, 2), false, "two cores, one and a half busy: no second thread");
  assert.equal(spareCore(3.1, 2), false);
  assert.equal(spareCore(3.1, 4), true);
  assert.equal(spareCore(null, 2), true, "no load average (a browser): as before");
  assert.equal(chooseThreads(12259, 16, false), 1, "a busy machine: one thread");
  assert.equal(chooseThreads(100, 8, true), 1, "a small batch: one thread whatever the load");
  assert.equal(chooseThreads(12259, 16, true), Math.min(2, poolThreads()));
});
