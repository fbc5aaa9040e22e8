// src/data/housing-parse.ts on small CSV texts written here by hand: what is kept, dropped and
// counted, the summary's wording, and which cells count as numbers. (test/data/housing.test.ts
// checks the real file through loadHousing.)
import assert from "node:assert/strict";
import { test } from "node:test";
import { HOUSING_TARGET_CAP, parseHousing } from "../../src/data/housing-parse";

const HEADER = "longitude,latitude,housing_median_age,total_rooms,total_bedrooms,population,households,median_income,median_house_value,ocean_proximity";
/** One CSV row: the 8 features f0..f7 = base + 0..7, the target, the label; bedrooms "" drops it. */
const row = (base: number, target: number, label: string, bedrooms: string = String(base + 4)) =>
  [base, base + 1, base + 2, base + 3, bedrooms, base + 5, base + 6, base + 7, target, label].join(",");

test("parseHousing keeps the complete rows as columns of X and y, counts labels and capped prices, drops rows without bedrooms", () => {
  const csv = [HEADER, row(10, 200000, "NEAR BAY"), row(20, HOUSING_TARGET_CAP, "INLAND", ""), row(30, HOUSING_TARGET_CAP, "INLAND"), row(40, 150000, "NEAR BAY")].join("\n") + "\n";
  const h = parseHousing(csv, "/data/h.csv", "h.csv");
  assert.deepEqual(h.X.shape, [8, 3]);
  assert.deepEqual(Array.from(h.X.data), [10, 30, 40, 11, 31, 41, 12, 32, 42, 13, 33, 43, 14, 34, 44, 15, 35, 45, 16, 36, 46, 17, 37, 47]);
  assert.deepEqual(Array.from(h.y.data), [200000, HOUSING_TARGET_CAP, 150000]);
  assert.deepEqual(h.oceanProximity, ["NEAR BAY", "INLAND", "NEAR BAY"]);
  const r = h.report;
  assert.equal(r.rowsRead, 4);
  assert.equal(r.rowsKept, 3);
  assert.deepEqual(r.droppedRows, [3], "CSV line 3 (the header is line 1)");
  assert.deepEqual(r.textColumn, { name: "ocean_proximity", categories: { "NEAR BAY": 2, INLAND: 2 }, categoriesKept: { "NEAR BAY": 2, INLAND: 1 } });
  assert.equal(r.cappedTargets, 2);
  assert.equal(r.cappedTargetsKept, 1);
  assert.equal(r.summary(), [
    "Read 4 rows from h.csv; kept m = 3.",
    "Dropped 1: total_bedrooms is empty in 1 rows; they are left out rather than filled with 0 or an average (CSV lines 3).",
    "Text column ocean_proximity kept apart as labels (kept rows): NEAR BAY 2, INLAND 1.",
    'median_house_value is capped at 500001 in 2 rows read (1 kept): those prices mean "500001 or more".',
  ].join("\n"));
});

test("the summary lists at most 5 dropped lines, then …", () => {
  const rows = (n: number) => [HEADER, row(1, 100, "A"), ...Array.from({ length: n }, (_, k) => row(k, 100, "A", ""))].join("\n");
  assert.match(parseHousing(rows(5), "p").report.summary(), /\(CSV lines 3, 4, 5, 6, 7\)\.\n/);
  assert.match(parseHousing(rows(6), "p").report.summary(), /\(CSV lines 3, 4, 5, 6, 7, …\)\.\n/);
  assert.match(parseHousing(rows(6), "p").report.summary(), /^Read 7 rows from p; kept m = 1\./, "shownPath defaults to path");
});

test("a cell is a number when it reads as a decimal, with sign, point and exponent optional; anything else is named", () => {
  const withFirst = (cell: string) => [HEADER, row(1, 100, "A").replace(/^1,/, `${cell},`)].join("\n");
  for (const [cell, value] of [["7", 7], ["-1.5", -1.5], ["+2.", 2], [".5", 0.5], [".25", 0.25], ["1e3", 1000], ["2E-2", 0.02], ["3e+1", 30], ["1.5e12", 1.5e12]] as const) {
    assert.equal(parseHousing(withFirst(cell), "p").X.get(0, 0), value, cell);
  }
  for (const cell of ["1.2.3", "abc", "x1", "12abc", "e5", "1e", "1e+", ".", "1e5x", ". 5", ".e1", "0x10", "Infinity"]) {
    assert.throws(() => parseHousing(withFirst(cell), "p"), { message: `loadHousing: p line 2, column longitude: ${JSON.stringify(cell)} is not a number` }, cell);
  }
  assert.throws(() => parseHousing([HEADER, row(1, 100, "A").replace(",6,", ",,")].join("\n"), "p"), { message: "loadHousing: p line 2, column population: empty cell" });
});

test("parseHousing refuses a wrong header, an empty text, a short row and an empty label, naming the line", () => {
  assert.throws(() => parseHousing("a,b\n1,2\n", "p"), { message: `loadHousing: p line 1: expected the columns ${HEADER} but found a,b` });
  assert.throws(() => parseHousing("", "p"), { message: `loadHousing: p line 1: expected the columns ${HEADER} but found ` });
  assert.throws(() => parseHousing(`${HEADER}\n1,2,3\n`, "p"), { message: "loadHousing: p line 2: expected 10 fields but found 3" });
  assert.throws(() => parseHousing(`${HEADER}\n${row(1, 100, "")}\n`, "p"), { message: "loadHousing: p line 2, column ocean_proximity: empty category" });
  assert.throws(() => parseHousing(`${HEADER}\n"unclosed\n`, "p"), /^Error: loadHousing: cannot read p: /);
});

test("line numbers count lines, not records: empty lines, CRLF and a quoted label over two lines", () => {
  // Line 1 header, 2 a row, 3 empty, 4-5 one row whose quoted label holds a line break, 6 a row
  // without bedrooms (dropped), 7 a bad cell.
  const lines = [HEADER, row(10, 1, "A"), "", row(20, 2, '"TWO\nLINES"').replace(/,"TWO$/, ',"TWO'), row(30, 3, "B", "")];
  const csv = lines.join("\r\n") + "\r\n";
  const h = parseHousing(csv, "p");
  assert.deepEqual(h.oceanProximity, ["A", "TWO\nLINES"]);
  assert.equal(h.report.rowsRead, 3, "the empty line is not a row");
  assert.deepEqual(h.report.droppedRows, [6]);
  assert.throws(() => parseHousing(csv + row(40, 4, "C").replace(/^40,/, "x,"), "p"), { message: 'loadHousing: p line 7, column longitude: "x" is not a number' });
  assert.throws(() => parseHousing(`${HEADER}\n${row(1, 1, "A")}\n${row(2, 2, '"open')}\n`, "p"), { message: "loadHousing: cannot read p: Quoted field unterminated (the record that starts on line 3)" });
});
