// The housing loader against an independent plain split(",") reading of the same file, and bad CSVs.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { HOUSING_FEATURES, defaultHousingPath, loadHousing } from "../../src/data/housing";

const CSV = path.join(__dirname, "..", "..", "data", "california-housing.csv");
// The shipped file has no quotes, so a plain split is an independent parser for it.
const lines = fs.readFileSync(CSV, "utf8").split("\n").filter((l) => l !== "");
const rows = lines.slice(1).map((l) => l.split(","));
const housing = loadHousing();

test("the default path finds the shipped CSV from this module's real location", () => {
  assert.equal(fs.realpathSync(defaultHousingPath()), fs.realpathSync(CSV));
});

// The mutation-testing sandbox (npm run mutate) copies the project without notebooks/, so the link is absent there.
const NOTEBOOKS_SRC = path.join(__dirname, "..", "..", "notebooks", "src");
test("the default path also resolves when the module is loaded through the notebooks/src symlink", { skip: !fs.existsSync(NOTEBOOKS_SRC) && "no notebooks/src link here" }, () => {
  const viaNotebooks = require(path.join(NOTEBOOKS_SRC, "data", "housing")) as { defaultHousingPath(): string };
  assert.equal(fs.realpathSync(viaNotebooks.defaultHousingPath()), fs.realpathSync(CSV));
});

test("20640 rows are read, 207 without total_bedrooms are dropped and reported, 20433 kept", () => {
  const { report, X, y, oceanProximity } = housing;
  assert.equal(report.rowsRead, 20640);
  assert.equal(report.droppedRows.length, 207);
  assert.equal(report.rowsKept, 20433);
  assert.deepEqual(X.shape, [8, 20433]);
  assert.deepEqual(y.shape, [1, 20433]);
  assert.equal(oceanProximity.length, 20433);
  const emptyLines = rows.flatMap((r, k) => (r[4] === "" ? [k + 2] : []));
  assert.deepEqual(report.droppedRows, emptyLines);
  assert.equal(report.droppedRows[0], 184);
  assert.match(report.dropReason, /total_bedrooms is empty in 207 rows/);
  assert.match(report.summary(), /Dropped 207/);
});

test("the text column is kept apart with its category counts before and after dropping", () => {
  assert.deepEqual(housing.report.textColumn.name, "ocean_proximity");
  assert.deepEqual(housing.report.textColumn.categories, { "<1H OCEAN": 9136, INLAND: 6551, "NEAR OCEAN": 2658, "NEAR BAY": 2290, ISLAND: 5 });
  assert.deepEqual(housing.report.textColumn.categoriesKept, { "<1H OCEAN": 9034, INLAND: 6496, "NEAR OCEAN": 2628, "NEAR BAY": 2270, ISLAND: 5 });
  assert.ok(housing.X.data.every(Number.isFinite) && housing.y.data.every(Number.isFinite));
});

test("965 targets are capped at 500001 (958 of them in kept rows)", () => {
  assert.equal(housing.report.cappedTargets, 965);
  assert.equal(housing.report.cappedTargetsKept, 958);
  assert.equal(housing.y.data.filter((v) => v === 500001).length, 958);
});

test("the first row's values land in the first column of X, y and the labels", () => {
  assert.deepEqual(housing.featureNames, HOUSING_FEATURES);
  assert.deepEqual(housing.featureNames, lines[0].split(",").slice(0, 8));
  assert.deepEqual(housing.X.toArray().map((r) => r[0]), [-122.23, 37.88, 41, 880, 129, 322, 126, 8.3252]);
  assert.equal(housing.y.get(0, 0), 452600);
  assert.equal(housing.oceanProximity[0], "NEAR BAY");
});

test("every kept column equals the independent reading of its CSV row", () => {
  const kept = rows.filter((r) => r[4] !== "");
  kept.forEach((r, k) => {
    for (let f = 0; f < 8; f++) assert.equal(housing.X.get(f, k), Number(r[f]));
    assert.equal(housing.y.get(0, k), Number(r[8]));
    assert.equal(housing.oceanProximity[k], r[9]);
  });
});

function withTempCsv(text: string, fn: (file: string) => void): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "housing-"));
  try {
    const file = path.join(dir, "bad.csv");
    fs.writeFileSync(file, text);
    fn(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test("a malformed cell throws with its line number and column name", () => {
  const header = lines[0];
  withTempCsv([header, lines[1], "-122.22,37.86,21,7099,1106,abc,1138,8.3014,358500,NEAR BAY", ""].join("\n"), (file) => {
    assert.throws(() => loadHousing(file), /line 3, column population: "abc" is not a number/);
  });
  withTempCsv([header, "-122.22,37.86,,7099,1106,2401,1138,8.3014,358500,NEAR BAY"].join("\n"), (file) => {
    assert.throws(() => loadHousing(file), /line 2, column housing_median_age: empty cell/);
  });
  withTempCsv([header, lines[1], lines[2], "-122.22,37.86,21,7099"].join("\n"), (file) => {
    assert.throws(() => loadHousing(file), /line 4: expected 10 fields but found 4/);
  });
  withTempCsv([header, "-122.22,37.86,21,7099,1106,2401,1138,8.3014,358500,"].join("\n"), (file) => {
    assert.throws(() => loadHousing(file), /line 2, column ocean_proximity: empty category/);
  });
  withTempCsv("a,b\n1,2\n", (file) => {
    assert.throws(() => loadHousing(file), /line 1: expected the columns longitude,latitude/);
  });
  assert.throws(() => loadHousing("/nonexistent/housing.csv"), /cannot read \/nonexistent\/housing.csv/);
});

test("the summary names the shipped file relative to the repository, never this machine's absolute path", () => {
  const first = housing.report.summary().split("\n")[0];
  assert.equal(first, "Read 20640 rows from data/california-housing.csv; kept m = 20433.");
  assert.ok(!first.includes(path.resolve(__dirname, "..", "..")), first);
  // A file outside the repository keeps the path it was given (nothing to shorten it against).
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "housing-path-"));
  const outside = path.join(dir, "copy.csv");
  fs.writeFileSync(outside, lines.slice(0, 3).join("\n") + "\n");
  try {
    assert.match(loadHousing(outside).report.summary(), new RegExp(`from ${outside.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")};`));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("displayPath: inside the repository relative with '/', the repository itself and outside paths as given", async () => {
  const { displayPath } = await import("../../src/data/housing");
  const repo = path.resolve(__dirname, "..", "..");
  assert.equal(displayPath(path.join(repo, "data", "california-housing.csv")), "data/california-housing.csv");
  assert.equal(displayPath(repo), repo, "the repository itself (relative path \"\") is shown as given");
  assert.equal(displayPath("/tmp/elsewhere.csv"), "/tmp/elsewhere.csv");
  assert.equal(displayPath(path.join(repo, "..", "sibling.csv")), path.join(repo, "..", "sibling.csv"));
});
