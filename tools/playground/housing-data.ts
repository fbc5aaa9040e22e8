// Build-time (Node) half of the playground's housing data set: a seeded subsample of the shipped CSV
// with two standardised features and y in $100k, written beside the page. Also the measurements that
// chose the two features:  npx tsx tools/playground/housing-data.ts [--network]  prints them.
import { HOUSING_FEATURES, loadHousing, type Housing } from "../../src/data/housing";
import { applyStandardize, selectColumns, selectRows, standardize } from "../../src/data/prepare";
import { Matrix } from "../../src/matrix";
import { forward, initParams } from "../../src/network";
import { train } from "../../src/train";
import { makeRng, shuffledIndices } from "../../src/random";
import type { HousingJson } from "./model";

/**
 * median_income and longitude. median_income is the strongest single feature (r = 0.69 with price; next
 * is latitude, r = −0.14). Its best partner once the fit may bend is longitude: held-out R² of binned
 * means 0.585 (latitude 0.544, housing_median_age 0.533), and of a 2-8-1 tanh network 0.539 / 0.545
 * on two splits (latitude 0.532 / 0.533, age 0.531 / 0.534). A flat plane would prefer
 * housing_median_age (R² 0.510 vs latitude 0.482, longitude 0.475). Run this file to measure again.
 */
export const PLAYGROUND_FEATURES: [string, string] = ["median_income", "longitude"];
export const HOUSING_ROWS = 1000;
export const HOUSING_SEED = 2024;
/** Standardised features are rounded to 4 decimals (1e-4 standard deviations): the JSON is the data. */
const DECIMALS = 4;

/** y = median_house_value / 100,000 for HOUSING_ROWS rows drawn by a seeded shuffle; features standardised over those rows. */
export function housingSubsample(housing: Housing = loadHousing(), rows = HOUSING_ROWS, seed = HOUSING_SEED): HousingJson {
  const pick = shuffledIndices(housing.X.cols, makeRng(seed)).slice(0, rows);
  const f = PLAYGROUND_FEATURES.map((name) => housing.featureNames.indexOf(name));
  const { Xs, mean, std } = standardize(selectColumns(selectRows(housing.X, f), pick), { names: [...PLAYGROUND_FEATURES] });
  const round = (v: number) => Number(v.toFixed(DECIMALS));
  const row = (M: Matrix, i: number) => Array.from(M.data.subarray(i * M.cols, (i + 1) * M.cols));
  return {
    features: [...PLAYGROUND_FEATURES],
    mean: [mean.data[0], mean.data[1]],
    std: [std.data[0], std.data[1]],
    x1: row(Xs, 0).map(round),
    x2: row(Xs, 1).map(round),
    y: row(selectColumns(housing.y, pick), 0).map((v) => v / 1e5),
    source: `California housing (1990 census): ${rows} of ${housing.X.cols} block groups drawn with seed ${seed}; ` +
      `${PLAYGROUND_FEATURES.join(" and ")} standardised over them; price in $100k (capped at 5.00001)`,
  };
}

/** How much of the price variance each pair of features explains: a plane (least squares) and any shape (binned means). */
export function rankFeaturePairs(housing: Housing = loadHousing()): { pair: string; linearR2: number; binnedR2: number }[] {
  const m = housing.X.cols;
  const y = Array.from(housing.y.data);
  const col = (f: number) => Array.from(housing.X.data.subarray(f * m, (f + 1) * m));
  const mean = (a: number[], idx: number[]) => idx.reduce((s, i) => s + a[i], 0) / idx.length;
  const all = Array.from({ length: m }, (_, i) => i);
  const corr = (a: number[], b: number[]) => {
    const ma = mean(a, all), mb = mean(b, all);
    let sab = 0, saa = 0, sbb = 0;
    for (let i = 0; i < m; i++) { sab += (a[i] - ma) * (b[i] - mb); saa += (a[i] - ma) ** 2; sbb += (b[i] - mb) ** 2; }
    return sab / Math.sqrt(saa * sbb);
  };
  // Held-out R² of "predict the mean price of the training rows in the same 20×20 quantile cell".
  const order = shuffledIndices(m, makeRng(7));
  const train = order.slice(0, Math.floor(0.7 * m)), test = order.slice(Math.floor(0.7 * m));
  const B = 20;
  const binned = (a: number[], b: number[]) => {
    const edges = [a, b].map((c) => { const s = train.map((i) => c[i]).sort((u, v) => u - v); return Array.from({ length: B - 1 }, (_, k) => s[Math.floor(((k + 1) * s.length) / B)]); });
    const cell = (i: number) => [a, b].map((c, d) => edges[d].filter((e) => c[i] >= e).length).reduce((s, k) => s * B + k, 0);
    const sums = new Map<number, [number, number]>();
    for (const i of train) { const s = sums.get(cell(i)) ?? [0, 0]; s[0] += y[i]; s[1]++; sums.set(cell(i), s); }
    const my = mean(y, train);
    let sse = 0, sst = 0;
    for (const i of test) { const s = sums.get(cell(i)); sse += (y[i] - (s ? s[0] / s[1] : my)) ** 2; sst += (y[i] - my) ** 2; }
    return 1 - sse / sst;
  };
  const rows: { pair: string; linearR2: number; binnedR2: number }[] = [];
  for (let i = 0; i < HOUSING_FEATURES.length; i++) {
    for (let j = i + 1; j < HOUSING_FEATURES.length; j++) {
      const [a, b] = [col(i), col(j)];
      const r1 = corr(a, y), r2 = corr(b, y), r12 = corr(a, b);
      rows.push({ pair: `${HOUSING_FEATURES[i]} + ${HOUSING_FEATURES[j]}`, linearR2: (r1 * r1 + r2 * r2 - 2 * r1 * r2 * r12) / (1 - r12 * r12), binnedR2: binned(a, b) });
    }
  }
  return rows.sort((p, q) => q.binnedR2 - p.binnedR2);
}

/**
 * Test-set R² of a 2-8-1 tanh network (3000 epochs of src/train at η = 0.3, mse-half) on a pair of
 * features: 2000 training and 5000 test rows drawn with `seed`, standardised on the training rows.
 */
export function networkR2(housing: Housing, pair: [string, string], seed: number): number {
  const m = housing.X.cols;
  const order = shuffledIndices(m, makeRng(seed));
  const rows = pair.map((f) => housing.featureNames.indexOf(f));
  const X = selectRows(housing.X, rows);
  const Y = new Matrix(1, m, housing.y.data.map((v) => v / 1e5));
  const tr = order.slice(0, 2000), te = order.slice(2000, 7000);
  const { Xs, mean, std } = standardize(selectColumns(X, tr));
  const Xt = applyStandardize(selectColumns(X, te), mean, std);
  const Ytr = selectColumns(Y, tr), Yte = selectColumns(Y, te);
  const opts = { hidden: "tanh", output: "identity" } as const;
  const { params } = train(initParams([2, 8, 1], { seed: 1 }), Xs, Ytr, { lr: 0.3, epochs: 3000, ...opts, loss: "mse-half" });
  const P = forward(params, Xt, opts).AL;
  const my = Ytr.data.reduce((s, v) => s + v, 0) / Ytr.cols;
  let sse = 0, sst = 0;
  for (let k = 0; k < Yte.cols; k++) { sse += (P.data[k] - Yte.data[k]) ** 2; sst += (Yte.data[k] - my) ** 2; }
  return 1 - sse / sst;
}

if (require.main === module) {
  // npx tsx tools/playground/housing-data.ts [--network]   (--network trains 8 networks: 1-3 minutes)
  const housing = loadHousing();
  console.log("pair of features                              R² plane   R² binned (held out)");
  for (const r of rankFeaturePairs(housing).slice(0, 10)) console.log(`${r.pair.padEnd(45)} ${r.linearR2.toFixed(3).padStart(8)}   ${r.binnedR2.toFixed(3).padStart(8)}`);
  if (process.argv.includes("--network")) {
    console.log("\npair of features                              test R² of a 2-8-1 tanh network (split seeds 7, 8)");
    for (const pair of [["median_income", "longitude"], ["median_income", "latitude"], ["median_income", "housing_median_age"], ["longitude", "latitude"]] as [string, string][]) {
      console.log(`${pair.join(" + ").padEnd(45)} ${[7, 8].map((seed) => networkR2(housing, pair, seed).toFixed(3)).join("   ")}`);
    }
  }
}
