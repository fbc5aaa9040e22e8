// The public API: everything the lessons are written against is exported from src/index.ts.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as nn from "../src/index";

const API = [
  "Matrix", "matmul", "add", "sub", "mul", "scale", "transpose", "rowSums", "map", "sum", "mean", "allClose", "maxAbsDiff", "shapeOf",
  "makeRng", "shuffledIndices", "randomMatrix",
  "sigmoid", "sigmoidPrime", "relu", "reluPrime", "tanh", "tanhPrime", "identity", "identityPrime", "activations",
  "mseCost", "mseCostPrime", "crossEntropyCost", "crossEntropyCostPrime", "cost", "costPrime",
  "linearForward", "activationBackward", "linearBackward",
  "initParams", "forward", "backward", "depth", "cloneParams",
  "updateParams", "train",
  "gradientCheck", "checkBackward", "collapseLinear", "symbolicDerivative", "verifyDerivative", "evaluateAt",
  "loadHousing", "standardize", "applyStandardize", "trainTestSplit", "selectRows", "selectColumns",
];

test("src/index.ts exports every name of the documented API", () => {
  const missing = API.filter((name) => (nn as Record<string, unknown>)[name] === undefined);
  assert.deepEqual(missing, []);
});
