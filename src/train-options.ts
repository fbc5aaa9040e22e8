// What `train` takes, and the checks that both engines (the reference loop in src/train.ts and
// src/fast) apply, so that a bad call fails with the same message whichever engine would run it.
// Its own module so that src/fast needs nothing from src/train.ts (which imports src/fast).
import { ActivationName } from "./activations";
import { LossName } from "./losses";
import { OutputName } from "./network";

/**
 * Which implementation runs `train`. "auto" (the default): the fast engine (src/fast) when it applies
 * and the work is large enough to repay its set-up, else the reference loop; "reference": always the
 * loop of src/train.ts, the one lesson 09 derives; "fast": always src/fast (an error where it does not
 * apply). Both compute the same costs to ~1e-15 relative (test/fast/train-fast.test.ts).
 */
export type TrainEngine = "auto" | "reference" | "fast";

export interface TrainOptions {
  lr: number;
  epochs: number;
  hidden: ActivationName;
  output: OutputName;
  loss: LossName;
  /** Called with (epoch, cost) for every entry of costs, e.g. to print or plot progress. */
  onEpoch?: (epoch: number, cost: number) => void;
  /** Default "auto"; see TrainEngine. */
  engine?: TrainEngine;
}

export function checkLearningRate(lr: number): void {
  if (typeof lr !== "number" || !Number.isFinite(lr) || lr <= 0) {
    throw new Error(`the learning rate lr must be a finite number > 0, got ${String(lr)}`);
  }
}

export function checkEpochs(epochs: number): void {
  if (!Number.isInteger(epochs) || epochs < 0) throw new Error(`train: epochs must be an integer ≥ 0, got ${String(epochs)}`);
}

/**
 * Stop training with a clear error when the cost J stops being finite: at epoch 0 the inputs are to
 * blame, later the learning rate (gradient descent is diverging). Shared by train and trainFast.
 */
export function checkCostFinite(J: number, epoch: number, lr: number, costs: number[]): void {
  if (Number.isFinite(J)) return;
  if (epoch === 0) {
    throw new Error(`train: the starting cost is ${J} before any update; check X, Y and params for NaN or ±Infinity`);
  }
  throw new Error(
    `train: the cost became ${J} at epoch ${epoch} (lr = ${lr}, last finite cost ${costs.length ? costs[costs.length - 1] : "none"}); ` +
      `gradient descent is diverging: try a smaller learning rate, e.g. lr = ${lr / 10}`,
  );
}
