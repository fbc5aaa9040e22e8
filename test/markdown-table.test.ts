// Tables as notebook output (src/markdown-table.ts): the markdown and the aligned plain text, against
// tables typed out by hand.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DOLLAR, tableMarkdown, tablePlain } from "../src/markdown-table";

test("DOLLAR is a $ entity in its own element", () => {
  assert.equal(DOLLAR, "<span>&#36;</span>");
});

test("tableMarkdown writes a GitHub table, escaping | and turning every $ or \\$ into DOLLAR", () => {
  assert.equal(
    tableMarkdown(["lr", "cost"], [["0.1", "$3"], ["a|b", "\\$4"]]),
    [
      "| lr | cost |",
      "| --- | --- |",
      "| 0.1 | <span>&#36;</span>3 |",
      "| a\\|b | <span>&#36;</span>4 |",
    ].join("\n"),
  );
  assert.equal(tableMarkdown(["a|b", "$"], []), "| a\\|b | <span>&#36;</span> |\n| --- | --- |");
});

test("a row with the wrong number of cells is named", () => {
  assert.throws(() => tableMarkdown(["a", "b"], [["1", "2"], ["3"]]), { message: "table: row 2 has 1 cells, the header has 2" });
});

test("tablePlain right-aligns numeric columns, left-aligns words, and un-escapes \\$", () => {
  const t = tablePlain(["name", "value", "share"], [["alpha", "1.5", "10%"], ["b", "−22", "5%"], ["gamma", "\\$3,000", "100%"]]);
  // Widths: name 5, value 6 ("$3,000"), share 5; numbers padded on the left, words on the right.
  assert.equal(
    t,
    [
      "name    value  share",
      "-----  ------  -----",
      "alpha     1.5    10%",
      "b         −22     5%",
      "gamma  $3,000   100%",
    ].join("\n"),
  );
  // Width counts characters, not UTF-16 units (𝑤 is two); a header alone is left-aligned.
  assert.equal(tablePlain(["𝑤", "n"], [["ab", "1"]]), "𝑤   n\n--  -\nab  1");
  assert.equal(tablePlain(["x", "y"], []), "x  y\n-  -");
  // One word in a column makes it a word column; trailing spaces are trimmed.
  assert.equal(tablePlain(["k", "v"], [["1", "2"], ["10", "n/a"]]), " k  v\n--  ---\n 1  2\n10  n/a");
});

test("a numeric column is one whose every cell, trimmed, is a signed number, money or a percentage, nothing more", () => {
  // Words that merely start or end like a number keep the column left-aligned.
  assert.equal(tablePlain(["key", "v"], [["1", "a"], ["x2", "b"]]), "key  v\n---  -\n1    a\nx2   b");
  assert.equal(tablePlain(["key", "v"], [["1", "a"], ["2x", "b"]]), "key  v\n---  -\n1    a\n2x   b");
  // A cell with a leading space is still a number (trimmed before the test), so the column right-aligns.
  assert.equal(tablePlain(["key"], [["1"], [" 5"]]), "key\n---\n  1\n  5");
  assert.equal(tablePlain(["key"], [["+1.5e3"], ["−$2"], ["-3%"]]), "   key\n------\n+1.5e3\n   −$2\n   -3%");
});
