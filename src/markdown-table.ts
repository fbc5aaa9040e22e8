// A table as notebook output: markdown for every renderer that renders it, and aligned plain text
// for a Jupyter that will not (Notebook 6 ignores markdown output in a notebook it does not trust).
// No tslab here: src/display.ts sends both; tests check them in plain Node.

/**
 * A dollar sign that renders as one everywhere: Jupyter (Notebook 6, JupyterLab) typesets any two
 * `$` left in a rendered paragraph or table cell as math, even when written `\$` (the markdown
 * renderer removes the backslash first). An HTML entity inside its own element reaches the page as
 * a plain `$` that no math finder pairs with another. docs/lesson-authoring.md gives the rule.
 */
export const DOLLAR = "<span>&#36;</span>";

/** Markdown for one cell: "|" would end the cell; every "$" (or "\$") becomes DOLLAR. */
function mdCell(v: string): string {
  return v.replace(/\|/g, "\\|").replace(/\\?\$/g, DOLLAR);
}

/** A markdown table (GitHub style) of string cells. */
export function tableMarkdown(headers: string[], rows: string[][]): string {
  for (const [i, r] of rows.entries()) {
    if (r.length !== headers.length) throw new Error(`table: row ${i + 1} has ${r.length} cells, the header has ${headers.length}`);
  }
  return [
    `| ${headers.map(mdCell).join(" | ")} |`,
    `| ${headers.map(() => "---").join(" | ")} |`,
    ...rows.map((r) => `| ${r.map(mdCell).join(" | ")} |`),
  ].join("\n");
}

/** The same table as aligned plain text: numbers right-aligned, words left-aligned. */
export function tablePlain(headers: string[], rows: string[][]): string {
  const plain = (v: string) => v.replace(/\\\$/g, "$");
  const all = [headers, ...rows].map((r) => r.map(plain));
  const width = headers.map((_, j) => Math.max(...all.map((r) => [...r[j]].length)));
  const numeric = headers.map((_, j) => rows.length > 0 && rows.every((r) => /^[−+-]?[$\d.,e+−-]+%?$/.test(plain(r[j]).trim())));
  const pad = (v: string, j: number) => (numeric[j] ? v.padStart(width[j] + v.length - [...v].length) : v.padEnd(width[j] + v.length - [...v].length));
  const line = (r: string[]) => r.map(pad).join("  ").trimEnd();
  return [line(all[0]), width.map((w) => "-".repeat(w)).join("  "), ...all.slice(1).map(line)].join("\n");
}
