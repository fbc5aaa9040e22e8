// Reading lesson markdown as prose: the links it holds, its sentences, and its text with code and
// math flattened to what a reader sees. Shared by the prose checks (numbers, cross-references,
// mentions of the notes).

export interface Link {
  /** Offsets of the whole `[text](target)` in the source. */
  start: number;
  end: number;
  /** Offsets of the link text (between the brackets). */
  textStart: number;
  textEnd: number;
  text: string;
  target: string;
}

/** Blank out (with spaces, keeping offsets) fenced code blocks and inline code spans. */
export function blankCode(md: string): string {
  const blank = (s: string) => s.replace(/[^\n]/g, " ");
  return md.replace(/^```[\s\S]*?^```[^\n]*$/gm, blank).replace(/(`+)([^`\n]|[^`\n][\s\S]*?[^`\n])\1(?!`)/g, blank);
}

/** The markdown links `[text](target)` of a cell (code blanked first, so code never counts). */
export function linksOf(md: string): Link[] {
  const src = blankCode(md);
  const out: Link[] = [];
  const re = /\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
  for (const m of src.matchAll(re)) {
    const start = m.index!;
    out.push({ start, end: start + m[0].length, textStart: start + 1, textEnd: start + 1 + m[1].length, text: m[1], target: m[2] });
  }
  return out;
}

/** The markdown before a "## Exercises" heading, and whether the cell holds that heading. */
export function beforeExercises(md: string): { prose: string; exercisesStart: boolean } {
  const m = md.match(/^#{1,6}\s+Exercises\b.*$/m);
  return m ? { prose: md.slice(0, m.index!), exercisesStart: true } : { prose: md, exercisesStart: false };
}

/**
 * TeX as a reader reads it, for finding numbers: `2{,}000` → 2,000, `4.5 \times 10^{-5}` → 4.5e-5,
 * `10^{-10}` → 1e-10, `\$` → $, `\tfrac12` → 1/2; sub- and superscripts (indices, exponents of
 * symbols) are dropped and other commands become their names (`\tanh` → tanh).
 */
export function flattenTex(tex: string): string {
  return tex
    .replace(/\\\$/g, "$")
    .replace(/\{,\}/g, ",")
    .replace(/\\%/g, "%")
    .replace(/\\[,;:! ]|~/g, " ")
    .replace(/(\d+(?:\.\d+)?)\s*\\(?:times|cdot)\s*10\s*\^\s*\{?\s*([-−]?\d+)\s*\}?/g, "$1e$2")
    .replace(/(^|[^\d.])10\s*\^\s*\{?\s*([-−]?\d+)\s*\}?/g, "$11e$2")
    .replace(/\\[td]?frac\s*(\d)\s*(\d)/g, " $1/$2 ")
    .replace(/\\[td]?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}/g, " ($1)/($2) ")
    .replace(/[_^]\s*\{(?:[^{}]|\{[^{}]*\})*\}/g, " ")
    .replace(/[_^]\s*\\?[A-Za-z0-9]/g, " ")
    .replace(/\\approx|\\sim/g, " ≈ ")
    .replace(/\\(?:le|leq)\b/g, " ≤ ")
    .replace(/\\(?:ge|geq)\b/g, " ≥ ")
    .replace(/\\([A-Za-z]+)/g, " $1 ")
    .replace(/[{}]/g, " ");
}

/**
 * Lesson markdown as plain prose: code blanked, links reduced to their text, HTML tags removed,
 * math flattened (flattenTex), `\$` a dollar sign.
 */
export function plainProse(md: string): string {
  let s = blankCode(md);
  // A dollar sign in prose is written \$ or, so that Jupyter renders it too, <span>&#36;</span>.
  s = s.replace(/\\\$|<span>&#36;<\/span>|&#36;/g, "\u0001");
  s = s.replace(/\$\$([\s\S]+?)\$\$/g, (_, m: string) => ` ${flattenTex(m)} `);
  s = s.replace(/\$((?:[^$\n]|\n(?![ \t]*\n))+?)\$/g, (_, m: string) => ` ${flattenTex(m)} `);
  s = s.replace(/!?\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\([^)]*\)/g, "$1");
  s = s.replace(/<[^>\n]+>/g, " ");
  s = s.replace(/\*\*|__/g, "").replace(/(^|\s)[*_]|[*_](?=\s|[.,;:!?)]|$)/gm, "$1");
  return s.split("\u0001").join("$");
}

/**
 * Split prose into sentences (ends: . ! ? ; : followed by space or end, a blank line, or a list
 * item), or with `paragraphs` into paragraphs (a blank line or a list item ends one).
 */
export function sentences(prose: string, opts: { paragraphs?: boolean } = {}): { start: number; end: number; text: string }[] {
  const out: { start: number; end: number; text: string }[] = [];
  const re = opts.paragraphs ? /\n\s*\n|\n(?=\s*(?:[-*]|\d+\.)\s)|$/g : /[.!?;:](?=\s|$)|\n\s*\n|\n(?=\s*(?:[-*]|\d+\.)\s)|$/g;
  let start = 0;
  for (const m of prose.matchAll(re)) {
    const end = m.index! + m[0].length;
    if (end > start) out.push({ start, end, text: prose.slice(start, end) });
    start = end;
    if (m[0] === "") break;
  }
  return out;
}

const NUMBER_WORDS: Record<string, number> = {
  two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
};

/** "six" → 6, "21" → 21, "2,000" → 2000, anything else → null. */
export function countValue(word: string): number | null {
  const w = word.toLowerCase();
  if (w in NUMBER_WORDS) return NUMBER_WORDS[w];
  return /^\d{1,3}(?:,\d{3})*$|^\d+$/.test(w) ? Number(w.replace(/,/g, "")) : null;
}
/** A count: a number word (two … twelve) or digits (with thousands separators), not inside a longer number. */
export const COUNT_WORD = `(?<![\\d,.])(?:${Object.keys(NUMBER_WORDS).join("|")}|\\d{1,3}(?:,\\d{3})+|\\d+)(?![\\d,.]\\d)`;

/** Items of the first enumerable block in `md` (a list, rows of an aligned display formula, table rows), or null. */
export function firstBlockLength(md: string): { length: number; kind: string } | null {
  const src = blankCode(md);
  const lines = src.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (/^\s{0,3}(?:[-*+]|\d+[.)])\s+\S/.test(line)) {
      const indent = line.match(/^\s*/)![0].length;
      let n = 0;
      for (let j = i; j < lines.length; j++) {
        const l = lines[j];
        if (l.trim() === "") {
          if (j + 1 < lines.length && /^\s*(?:[-*+]|\d+[.)])\s/.test(lines[j + 1])) continue;
          break;
        }
        const m = l.match(/^(\s*)(?:[-*+]|\d+[.)])\s+\S/);
        if (m && m[1].length === indent) n++;
      }
      return { length: n, kind: "list" };
    }
    if (/^\s*\|.*\|\s*$/.test(line) && i + 1 < lines.length && /^\s*\|?\s*:?-{2,}/.test(lines[i + 1])) {
      let n = 0;
      for (let j = i + 2; j < lines.length && /^\s*\|/.test(lines[j]); j++) n++;
      return { length: n, kind: "table" };
    }
    const display = src.slice(lines.slice(0, i).join("\n").length + (i ? 1 : 0)).match(/^\s*\$\$([\s\S]*?)\$\$/);
    const rows = display ? environmentRows(display[1]) : null;
    if (rows !== null) return { length: rows, kind: "display rows" };
  }
  return null;
}

/** Rows of the first multi-row environment (aligned, array, cases, …) of a formula; nested ones do not count. */
export function environmentRows(tex: string): number | null {
  const open = tex.match(/\\begin\{(aligned|align\*?|alignat\*?|array|cases|gathered|gather\*?|split|eqnarray\*?)\}/);
  if (!open) return null;
  let depth = 0;
  let rows = 1;
  let lastBreak = -1;
  const re = /\\begin\{[^}]*\}|\\end\{[^}]*\}|\\\\/g;
  re.lastIndex = open.index! + open[0].length;
  for (let m = re.exec(tex); m; m = re.exec(tex)) {
    if (m[0].startsWith("\\begin")) depth++;
    else if (m[0].startsWith("\\end")) {
      if (depth === 0) {
        // A break right before \end does not open a row.
        if (lastBreak >= 0 && tex.slice(lastBreak, m.index).trim() === "") rows--;
        return rows;
      }
      depth--;
    } else if (depth === 0) {
      rows++;
      lastBreak = m.index + 2;
    }
  }
  return rows;
}
