// "Try it in the playground": for lessons 05, 07, 09 and 10, links that open the playground on the
// set-up of a lesson's experiment (the URL state of model.ts), each with what it shows, measured here
// by running the playground's own Trainer in Node (test/playground.test.ts runs them and also opens
// some in Chromium). `npx tsx tools/playground/lesson-links.ts` prints docs/playground-links.md.
import { eigs } from "mathjs";
import { fitLineClosedForm, lineCost } from "../../src/regression";
import { housingSubsample } from "./housing-data";
import { Trainer, hashToState, makeDataset, stateToHash, type HousingJson, type PlaygroundState } from "./model";

/** From a lesson's page on the site (build/site/NN-title.html) to the playground. */
export const PLAYGROUND_FROM_LESSON = "playground/index.html";

export interface LessonLink {
  lesson: "05" | "07" | "09" | "10";
  /** What the lesson does, and how the playground's set-up differs from it, if it does. */
  experiment: string;
  /** The playground's state: the URL hash is stateToHash(state). */
  state: PlaygroundState;
  /** Press ▶ (or step) this many epochs to see it. */
  epochs: number;
}

export interface Measured {
  link: LessonLink;
  hash: string;
  /** The claim, with the numbers the run produced. */
  claim: string;
  /** Whether the run did what the claim says (the test requires true for every link). */
  holds: boolean;
  costs: number[];
  testCosts: number[];
  divergedAt: number | null;
}

const at = (hash: string): PlaygroundState => {
  const { state, problems } = hashToState(hash);
  if (problems.length) throw new Error(`lesson-links: ${hash}: ${problems.join("; ")}`);
  return state;
};

const CURVE_05 = "data=curve&m=120&dseed=5&noise=0.1&layers=8&init=xavier&seed=1";
const MOONS_07 = "data=moons&m=200&dseed=3&noise=0.1&layers=8,8,8,8&init=xavier&seed=4&lr=0.5";
const HOUSING_09 = "data=housing&layers=4&act=sigmoid&seed=8";

export const LESSON_LINKS: LessonLink[] = [
  { lesson: "05", experiment: "identity hidden units: the 1 → 8 → 1 network on y = sin x + noise (m = 120, seed 5, Xavier weights seed 1), η = 0.05, 1000 epochs. Same set-up as the lesson",
    state: at(`${CURVE_05}&act=identity&lr=0.05`), epochs: 1000 },
  { lesson: "05", experiment: "the same network with sigmoid hidden units, η = 0.2, 2500 epochs. Same set-up as the lesson",
    state: at(`${CURVE_05}&act=sigmoid&lr=0.2`), epochs: 2500 },
  { lesson: "07", experiment: "four hidden layers of 8 (2 → 8 → 8 → 8 → 8 → 1) on the two moons (m = 200, seed 3), Xavier weights seed 4, η = 0.5, 250 epochs, sigmoid hidden units. Same set-up as the lesson",
    state: at(`${MOONS_07}&act=sigmoid`), epochs: 250 },
  { lesson: "07", experiment: "the same with tanh", state: at(`${MOONS_07}&act=tanh`), epochs: 250 },
  { lesson: "07", experiment: "the same with ReLU", state: at(`${MOONS_07}&act=relu`), epochs: 250 },
  { lesson: "09", experiment: "the linear model (no hidden layer) on house prices, η = 0.95 · 2/λmax (the ‘0.95×’ button). The lesson uses three features, 2,000 rows and L = (1/2m)Σ(ŷ − y)²; the playground has two features (income, longitude), 1,000 rows and L = (1/m)Σ(ŷ − y)², whose λmax is twice as large for the same data",
    state: at("data=housing&layers=none&lr=0.9498"), epochs: 300 },
  { lesson: "09", experiment: "the same, η = 1.05 · 2/λmax (the ‘1.05×’ button)", state: at("data=housing&layers=none&lr=1.05"), epochs: 300 },
  { lesson: "09", experiment: "a 2 → 4 → 1 sigmoid network on house prices (weights seed 8), η = 0.5. The lesson's network has three inputs and the ½ in its loss",
    state: at(`${HOUSING_09}&lr=0.5`), epochs: 300 },
  { lesson: "09", experiment: "the same network, η = 10", state: at(`${HOUSING_09}&lr=10`), epochs: 300 },
  { lesson: "10", experiment: "a train/test split on house prices: 20 % held out, a 2 → 16 → 1 tanh network, η = 0.1, 2000 epochs. The lesson has eight features, 20,433 rows and η = 0.2 with the ½ in its loss",
    state: at("data=housing&layers=16&act=tanh&lr=0.1&test=0.2"), epochs: 2000 },
  { lesson: "10", experiment: "why a test set: noisy moons (noise 0.3, m = 100, half held out) and a 2 → 12 → 12 → 1 tanh network, η = 1, 3000 epochs. Not in the lesson (its data set is too large to memorise)",
    state: at("data=moons&noise=0.3&m=100&test=0.5&layers=12,12&lr=1"), epochs: 3000 },
];

const f = (v: number, digits = 4) => (Number.isFinite(v) ? Number(v.toPrecision(digits)).toString() : String(v));

/** λmax of 2X̃X̃ᵀ/m, the Hessian of the mean squared error of the linear model, by mathjs (independent of src/curvature). */
export function linearLambdaMax(X: { rows: number; cols: number; data: Float64Array }): number {
  const rows = Array.from({ length: X.rows }, (_, i) => Array.from(X.data.subarray(i * X.cols, (i + 1) * X.cols)));
  rows.push(Array(X.cols).fill(1));
  const H = rows.map((ri) => rows.map((rj) => (2 / X.cols) * ri.reduce((s, v, k) => s + v * rj[k], 0)));
  const { values } = eigs(H) as unknown as { values: number[] };
  return Math.max(...values);
}

/** Runs one link's set-up for its epochs with the playground's Trainer and states what happened. */
export function measure(link: LessonLink, housing: HousingJson = housingSubsample()): Measured {
  const data = makeDataset(link.state, housing);
  const t = new Trainer(data, { ...link.state });
  const lambda0 = link.lesson === "09" && link.state.layers.length ? t.curvature().lambda : NaN; // at the starting weights
  for (let k = 0; k < link.epochs && t.step(); k++);
  const L0 = t.costs[0], L = t.costs[t.epoch], n = t.epoch;
  const base = { link, hash: stateToHash(link.state), costs: t.costs, testCosts: t.testCosts, divergedAt: t.diverged?.epoch ?? null };
  const s = link.state;
  if (link.lesson === "05") {
    const x = Array.from(data.X.data), y = Array.from(data.Y.data);
    const best = fitLineClosedForm(x, y);
    const lineL = lineCost(best.w, best.b, x, y);
    if (s.activation === "identity") {
      const gap = Math.abs(L - lineL) / lineL;
      return { ...base, holds: gap < 1e-6, claim: `The fit is a straight line: L falls from ${f(L0)} to ${f(L, 8)} and stops there, the least-squares line's L = ${f(lineL, 8)} (relative gap ${gap.toExponential(0)}).` };
    }
    return { ...base, holds: L < 0.2 * lineL, claim: `The curve bends to follow sin x: L = ${f(L)} after ${n} epochs, ${f(lineL / L, 3)}× below the best line's ${f(lineL)}.` };
  }
  if (link.lesson === "07") {
    const ln2 = Math.LN2;
    if (s.activation === "sigmoid") return { ...base, holds: L > 0.68, claim: `Sigmoid stalls: L goes from ${f(L0)} to ${f(L)} in ${n} epochs, still near ln 2 ≈ 0.693 (guessing ½), training accuracy ${(100 * t.accuracy()).toFixed(1)} %.` };
    return { ...base, holds: L < 0.01, claim: `${s.activation === "tanh" ? "tanh" : "ReLU"} learns: L goes from ${f(L0)} to ${f(L)} in ${n} epochs (${f(ln2 / L, 3)}× below ln 2), training accuracy ${(100 * t.accuracy()).toFixed(1)} %.` };
  }
  if (link.lesson === "09") {
    if (s.layers.length === 0) {
      const lambda = linearLambdaMax(data.Xtrain);
      const limit = 2 / lambda;
      if (s.lr < limit) return { ...base, holds: L < L0 && t.diverged === null, claim: `η = ${s.lr} is below 2/λmax = ${f(limit, 6)} (λmax = ${f(lambda, 6)}, exact for this quadratic L): L falls from ${f(L0)} to ${f(L)} in ${n} epochs.` };
      const growth = t.costs[n] / t.costs[n - 1], predicted = (1 - s.lr * lambda) ** 2;
      return { ...base, holds: L > 1e6 * L0 && Math.abs(growth - predicted) < 0.01 * predicted,
        claim: `η = ${s.lr} is above 2/λmax = ${f(limit, 6)}: L grows from ${f(L0)} to ${f(L)} in ${n} epochs, ×${f(growth, 5)} per step at the end, near lesson 09's (1 − ηλmax)² = ${f(predicted, 5)} (not equal yet: standardised features make the next eigenvalue nearly as large, and its direction grows almost as fast).` };
    }
    const limit0 = 2 / lambda0;
    if (t.diverged) return { ...base, holds: true, claim: `η = ${s.lr}, ${f(s.lr / limit0, 3)}× the starting 2/λmax = ${f(limit0, 3)}: L overflows to ${t.diverged.cost} at epoch ${t.diverged.epoch}; the page stops and says so.` };
    return { ...base, holds: L < 0.2 * L0, claim: `η = ${s.lr}, ${f(s.lr / limit0, 3)}× the starting 2/λmax = ${f(limit0, 3)}: L falls from ${f(L0)} to ${f(L)} in ${n} epochs (the curvature changes as the weights move; lesson 09's η = 1 on its network does the same).` };
  }
  const Ltest = t.testCosts[n];
  if (s.data === "housing") {
    const rmse = (v: number) => `$${Math.round(Math.sqrt(v) * 1e5).toLocaleString("en-US")}`;
    return { ...base, holds: Math.abs(Ltest - L) < 0.5 * L, claim: `Training L = ${f(L)} (RMSE ${rmse(L)}), test L = ${f(Ltest)} (RMSE ${rmse(Ltest)}) after ${n} epochs: with ${data.Xtrain.cols} training examples and ${2 * 16 + 16 + 16 + 1} parameters the two stay close (here the test set even scores better, by the luck of a ${data.Xtest.cols}-example draw).` };
  }
  const minTest = Math.min(...t.testCosts), minAt = t.testCosts.indexOf(minTest);
  return { ...base, holds: L < 0.01 && Ltest > 5 * minTest, claim: `Training L falls to ${f(L)} (training accuracy ${(100 * t.accuracy()).toFixed(0)} %), while the test L is lowest, ${f(minTest)}, at epoch ${minAt} and then rises to ${f(Ltest)}: the network memorises the noise of the ${data.Xtrain.cols} training points.` };
}

/** docs/playground-links.md. */
export function linksMarkdown(results: Measured[]): string {
  const lines = [
    "# Try it in the playground: links for the lessons",
    "",
    "Generated by `npx tsx tools/playground/lesson-links.ts > docs/playground-links.md`; `test/playground.test.ts`",
    "fails when this file differs from what that command prints, and re-measures every claim (in Node, and",
    "the 07 and 09 links in Chromium too). Each claim below was produced by running the link's set-up",
    "for the stated epochs with the playground's own trainer (`tools/playground/model.ts`, the same",
    "`forward`, `backward` and `updateParams` as the lessons). The page gives the same numbers to 1e-4 or",
    "better (the test compares them), except late in chaotic runs such as the last one: Chromium's and",
    "Node's `Math.exp`, `sin` and `cos` differ in the last bit for a few per cent of arguments, and",
    "memorising noise at η = 1 amplifies that to a few per cent by epoch 1500; the shape is the same.",
    "",
    `From a lesson page of the site (\`build/site/NN-title.html\`; in a notebook, \`../build/site/${PLAYGROUND_FROM_LESSON}#…\`) the link is \`${PLAYGROUND_FROM_LESSON}#…\`; every control is in`,
    "the hash: `data`, `layers` (hidden widths, `none` for the linear model), `act`, `lr` (η), `seed`",
    "(initial weights), `init`, `noise`, `m` (examples), `dseed` (data seed), `test` (fraction held out).",
    "",
  ];
  for (const lesson of ["05", "07", "09", "10"]) {
    lines.push(`## Lesson ${lesson}`, "");
    for (const r of results.filter((x) => x.link.lesson === lesson)) {
      lines.push(`- **${r.link.experiment}.** Press ▶ for ${r.link.epochs} epochs (or call \`__playground.step(${r.link.epochs})\`).`,
        `  [try it in the playground](../build/site/${PLAYGROUND_FROM_LESSON}#${r.hash})`,
        `  \`${PLAYGROUND_FROM_LESSON}#${r.hash}\``,
        `  ${r.claim}`, "");
    }
  }
  return lines.join("\n");
}

if (require.main === module) {
  const housing = housingSubsample();
  const results = LESSON_LINKS.map((l) => measure(l, housing));
  const bad = results.filter((r) => !r.holds);
  if (bad.length) { console.error(`claims that do not hold: ${bad.map((r) => `${r.link.lesson} ${r.hash}: ${r.claim}`).join("\n")}`); process.exit(1); }
  process.stdout.write(linksMarkdown(results));
}
