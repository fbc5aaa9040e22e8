// src/format.ts: how the course prints numbers (fmt) and matrices (matrixTex). The expected strings
// are written out by hand from the rules in the doc comments, not produced by the code under test.
import assert from "node:assert/strict";
import { test } from "node:test";
import { fmt, matrixTex } from "../src/format";
import { Matrix } from "../src/matrix";

test("fmt: 6 significant digits, trailing zeros dropped; exponent below 1e-4 and from 1e7 up", () => {
  assert.equal(fmt(0), "0");
  assert.equal(fmt(-0), "0");
  assert.equal(fmt(1), "1");
  assert.equal(fmt(1 / 3), "0.333333");
  assert.equal(fmt(-2 / 3), "-0.666667");
  assert.equal(fmt(123456.7), "123457");
  assert.equal(fmt(1234567), "1234570", "7 digits rounded to 6, still plain below 1e7");
  assert.equal(fmt(9999999), "10000000", "rounds up to ten million but stays plain: the test is on the value, not its rounding");
  assert.equal(fmt(1e7), "1.00000e+7");
  assert.equal(fmt(-12345678), "-1.23457e+7");
  assert.equal(fmt(1e-4), "0.0001", "1e-4 itself is not tiny");
  assert.equal(fmt(9.99e-5), "9.99000e-5");
  assert.equal(fmt(-1.5e-9), "-1.50000e-9");
  assert.equal(fmt(0.1 + 0.2), "0.3");
});

test("fmt: the digits argument, and non-finite values printed as JavaScript does", () => {
  assert.equal(fmt(Math.PI, 3), "3.14");
  assert.equal(fmt(2 / 3, 4), "0.6667");
  assert.equal(fmt(2e-7, 3), "2.00e-7");
  assert.equal(fmt(NaN), "NaN");
  assert.equal(fmt(Infinity), "Infinity");
  assert.equal(fmt(-Infinity), "-Infinity");
});

test("matrixTex: name under its shape, entries to 4 significant digits, rows joined by \\\\", () => {
  const A = Matrix.from([[1, 2.5], [-1 / 3, 1e-6]]);
  assert.equal(matrixTex("A", A), "\\underset{(2,\\,2)}{A} = \\begin{bmatrix} 1 & 2.5 \\\\ -0.3333 & 1.000e-6 \\end{bmatrix}");
  assert.equal(matrixTex("x", Matrix.column([7])), "\\underset{(1,\\,1)}{x} = \\begin{bmatrix} 7 \\end{bmatrix}");
});

test("matrixTex: beyond maxRows × maxCols the rest is elided with ⋯, ⋮ and ⋱, the shape stays the full one", () => {
  const M = Matrix.from([[1, 2, 3], [4, 5, 6], [7, 8, 9]]);
  assert.equal(matrixTex("M", M, 2, 2), "\\underset{(3,\\,3)}{M} = \\begin{bmatrix} 1 & 2 & \\cdots \\\\ 4 & 5 & \\cdots \\\\ \\vdots & \\vdots & \\ddots \\end{bmatrix}");
  assert.equal(matrixTex("M", M, 2, 3), "\\underset{(3,\\,3)}{M} = \\begin{bmatrix} 1 & 2 & 3 \\\\ 4 & 5 & 6 \\\\ \\vdots & \\vdots & \\vdots \\end{bmatrix}");
  assert.equal(matrixTex("M", M, 3, 1), "\\underset{(3,\\,3)}{M} = \\begin{bmatrix} 1 & \\cdots \\\\ 4 & \\cdots \\\\ 7 & \\cdots \\end{bmatrix}");
  // The defaults: 6 × 6 shown of a 7 × 7.
  const big = Matrix.from(Array.from({ length: 7 }, (_, i) => Array.from({ length: 7 }, (_, j) => 10 * i + j)));
  const tex = matrixTex("B", big);
  assert.ok(tex.startsWith("\\underset{(7,\\,7)}{B} = \\begin{bmatrix} 0 & 1 & 2 & 3 & 4 & 5 & \\cdots \\\\ 10 &"), tex);
  assert.ok(tex.endsWith("\\\\ \\vdots & \\vdots & \\vdots & \\vdots & \\vdots & \\vdots & \\ddots \\end{bmatrix}"), tex);
  assert.equal(tex.split("\\\\").length, 7, "6 rows shown and the ⋮ row");
});
