// Cross-references between lessons, and counts in the prose, checked against the lessons.
//
// Mentions. Every "lesson NN" (or "lessons NN–MM", "lessons NN and MM") in a lesson's markdown is the
// text of a link, or inside it, whose target is one of the lessons it names:
// `[lesson 06](06-sigmoid-derivative.ipynb)`, or `(06-sigmoid-derivative.ipynb#anchor)` for a section.
// Claims. A link to another lesson must point at something that lesson teaches: the words around
// the link (the link text and at most 12 words on either side, within its paragraph) share a content
// word with the target's title (with any of their titles, for "lessons 02–07"), or, for a link to
// `#anchor`, with the heading of the section that holds `<a id="anchor"></a>` or with the anchor's
// own words. An anchor must exist in the target. Content words: 4+ letters, not on the STOPWORDS
// list, compared by stem (common endings cut, then the first 5 letters: "derived" and
// "derivative" match, "housing" and "house" match).
// Counts. A sentence that ends with ":" right before a list, a table or a multi-row formula and
// counts something ("The six equations, …:", "three classic mistakes …:") must count its rows; and a
// cell tagged `"nn-list": "<noun>"` fixes the count of its first block for every "N <noun>" in the
// lesson.
import { text, type Notebook } from "../lib/notebook";
import { blankCode, COUNT_WORD, countValue, firstBlockLength, linksOf, plainProse, sentences } from "./markdown";

export interface LessonDoc {
  number: string;
  base: string;
  title: string;
  notebook: Notebook;
}

export interface XrefFinding {
  cell: string;
  rule: "link" | "claim" | "anchor" | "count";
  message: string;
}

const STOPWORDS = new Set(
  ("about above after again against also because been before being below between both case could does doing down during each " +
    "every form from further have having here into itself just more most much must once only other ours over same should " +
    "some such than that their theirs them then there these they this those through under until very what when where " +
    "which while whom with would your lesson lessons notebook section shows show uses used using comes back next " +
    "first second third last thing things").split(/\s+/),
);

/** The content words of a text: lowercase letters-only words of 4+ letters not in STOPWORDS. */
export function contentWords(s: string): string[] {
  return (s.toLowerCase().match(/[a-z]+/g) ?? []).filter((w) => w.length >= 4 && !STOPWORDS.has(w));
}

/** A crude stem: common English endings cut, then the first 5 letters. */
export const stem = (w: string) => w.replace(/(?:ations?|ings?|ives?|ied|ies|ed|es|s|e|al|ly|ion)$/, "").slice(0, 5);

/** A word of `a` whose stem is the stem of a word of `b`, or null. */
export function shareWord(a: string[], b: string[]): string | null {
  const set = new Set(b.map(stem));
  return a.find((w) => set.has(stem(w))) ?? null;
}

/** The explicit anchors `<a id="x"></a>` (or name=) of a lesson, each with the heading of its section. */
export function anchorsOf(nb: Notebook): Map<string, string> {
  const out = new Map<string, string>();
  let heading = "";
  for (const c of nb.cells) {
    if (c.cell_type !== "markdown") continue;
    const lines = text(c.source).split("\n");
    lines.forEach((line, k) => {
      const h = line.match(/^#{1,6}\s+(.+)$/);
      if (h) heading = h[1];
      for (const m of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) {
        // An anchor on a heading line, or alone on the line before one, names that heading's section.
        const next = lines.slice(k + 1).find((l) => l.trim() !== "")?.match(/^#{1,6}\s+(.+)$/);
        const alone = /^\s*<a\s+(?:id|name)="[^"]+"\s*>\s*<\/a>\s*$/.test(line);
        out.set(m[1], h ? h[1] : alone && next ? next[1] : heading);
      }
    });
  }
  return out;
}

const MENTION = /\b[Ll]essons?\s+(\d{1,2})((?:\s*(?:–|—|-|,|and|or|to)\s*\d{1,2})*)/g;

/** The lessons a mention names: "lessons 02–07" → 02…07, "lessons 08 and 09" → 08, 09. */
export function mentionedLessons(first: string, rest: string): string[] {
  const nums = [first, ...(rest.match(/\d{1,2}/g) ?? [])].map((n) => n.padStart(2, "0"));
  const ranged = /–|—|-|to/.test(rest) && nums.length === 2;
  if (!ranged) return nums;
  const out: string[] = [];
  for (let k = Number(nums[0]); k <= Number(nums[1]); k++) out.push(String(k).padStart(2, "0"));
  return out;
}

function lessonOfTarget(target: string, lessons: LessonDoc[]): { lesson: LessonDoc; anchor: string } | null {
  const m = target.match(/^(?:\.\/)?(\d\d-[^/#?]+)\.ipynb(?:#(.+))?$/);
  if (!m) return null;
  const lesson = lessons.find((l) => l.base === m[1]);
  return lesson ? { lesson, anchor: m[2] ? decodeURIComponent(m[2]) : "" } : null;
}

/** Mentions of lessons that are not links to a lesson they name. */
function mentionFindings(md: string, cid: string, lessons: LessonDoc[]): XrefFinding[] {
  const out: XrefFinding[] = [];
  const links = linksOf(md);
  for (const m of blankCode(md).matchAll(MENTION)) {
    const named = mentionedLessons(m[1], m[2]);
    const said = m[0].trim();
    const link = links.find((l) => m.index! >= l.textStart && m.index! < l.textEnd);
    const target = link ? lessonOfTarget(link.target, lessons) : null;
    const missing = named.filter((n) => !lessons.some((l) => l.number === n));
    if (missing.length) out.push({ cell: cid, rule: "link", message: `"${said}" names lesson ${missing.join(", ")}, which does not exist` });
    else if (!link) out.push({ cell: cid, rule: "link", message: `"${said}" is not a link: write [${said}](${lessons.find((l) => l.number === named[0])!.base}.ipynb) (or …ipynb#anchor for a section)` });
    else if (!target || !named.includes(target.lesson.number)) out.push({ cell: cid, rule: "link", message: `"${said}" links to ${link.target}, not to lesson ${named.join("/")}` });
  }
  return out;
}

/** Links to other lessons whose surroundings say nothing that the target (or its anchored section) teaches. */
function claimFindings(md: string, cid: string, lesson: LessonDoc, lessons: LessonDoc[]): XrefFinding[] {
  const out: XrefFinding[] = [];
  for (const link of linksOf(md)) {
    const target = lessonOfTarget(link.target, lessons);
    if (!target) {
      if (/^(?:\.\/)?\d\d-[^#]*\.ipynb/.test(link.target)) out.push({ cell: cid, rule: "link", message: `link to ${link.target}: no such lesson` });
      continue;
    }
    // A range ("lessons 02–07") claims what any lesson of the range teaches.
    const mention = [...link.text.matchAll(MENTION)][0];
    const named = mention ? mentionedLessons(mention[1], mention[2]) : [target.lesson.number];
    let topic = lessons.filter((l) => named.includes(l.number) || l === target.lesson).map((l) => l.title).join(" ");
    if (target.anchor) {
      const section = anchorsOf(target.lesson.notebook).get(target.anchor);
      if (section === undefined) {
        out.push({ cell: cid, rule: "anchor", message: `link to ${link.target}: ${target.lesson.base}.ipynb has no <a id="${target.anchor}"></a>` });
        continue;
      }
      topic += ` ${section} ${target.anchor.replace(/[-_]/g, " ")}`;
    }
    if (target.lesson.base === lesson.base) continue;
    // The link's paragraph, in the prose as read: mark this link, flatten, find the mark.
    const linkText = plainProse(link.text);
    const marked = plainProse(`${md.slice(0, link.start)}\u0002${link.text}\u0003${md.slice(link.end)}`);
    const at = marked.indexOf("\u0002");
    const para = sentences(marked, { paragraphs: true }).find((s) => at >= s.start && at < s.end) ?? { text: linkText, start: at };
    const before = marked.slice(para.start, at).split(/\s+/).filter(Boolean);
    const after = marked.slice(marked.indexOf("\u0003") + 1, para.start + para.text.length).split(/\s+/).filter(Boolean);
    const window = [...before.slice(-12), linkText, ...after.slice(0, 12)].join(" ").replace(/[\u0002\u0003]/g, "").replace(/\s+/g, " ").trim();
    if (!shareWord(contentWords(window), contentWords(topic))) {
      const what = target.anchor ? `section "${anchorsOf(target.lesson.notebook).get(target.anchor)}"` : "title";
      out.push({
        cell: cid, rule: "claim",
        message: `"${window.slice(0, 160)}" links to ${target.lesson.number} · ${target.lesson.title}${target.anchor ? `#${target.anchor}` : ""}, but says nothing its ${what} teaches (${[...new Set(contentWords(topic))].join(", ")}): link the section that teaches it (an <a id> anchor there) or name what it teaches`,
      });
    }
  }
  return out;
}

/** A count in a sentence that ends with ":" right before a block must equal the block's rows. */
function blockCountFindings(cells: Notebook["cells"], ci: number, cid: string): XrefFinding[] {
  const out: XrefFinding[] = [];
  const code = blankCode(text(cells[ci].source));
  // "three of the eight features:" counts three; counts above 20 are quantities, not lists.
  const counted = new RegExp(`\\b(${COUNT_WORD})\\s+(?:of\\s+(?:the|these|its|our|all)\\s+(?:[\\w,-]+\\s+)?)?(?:[a-z-]+\\s+)?([a-z]+s)\\b`, "i");
  for (const s of sentences(code)) {
    if (!/:\s*$/.test(s.text)) continue;
    const after = code.slice(s.end);
    const next = after.trim() === "" ? blankCode(text(cells.slice(ci + 1).find((c) => c.cell_type === "markdown")?.source)) : after;
    const block = /^\s*(?:[-*+]\s|\d+[.)]\s|\||\$\$)/.test(next) ? firstBlockLength(next) : null;
    const m = block ? s.text.match(counted) : null;
    const n = m ? countValue(m[1]) : null;
    if (block && m && n !== null && n <= 20 && n !== block.length) {
      out.push({ cell: cid, rule: "count", message: `"${m[0].replace(/\s+/g, " ")}" is followed by ${block.length} ${block.kind}` });
    }
  }
  return out;
}

/** Cross-reference and count findings for one lesson. */
export function xrefFindings(lesson: LessonDoc, lessons: LessonDoc[]): XrefFinding[] {
  const out: XrefFinding[] = [];
  const cells = lesson.notebook.cells;
  cells.forEach((cell, ci) => {
    if (cell.cell_type !== "markdown" || cell.id === "nav") return;
    const md = text(cell.source);
    const cid = String(cell.id);
    out.push(...mentionFindings(md, cid, lessons), ...claimFindings(md, cid, lesson, lessons), ...blockCountFindings(cells, ci, cid));
  });
  // Counts of a tagged list ("nn-list": "equations"), anywhere in the lesson.
  const lists = cells.flatMap((c) => {
    const name = (c.metadata as Record<string, unknown> | undefined)?.["nn-list"];
    if (typeof name !== "string") return [];
    const block = firstBlockLength(text(c.source));
    if (!block) {
      out.push({ cell: String(c.id), rule: "count", message: `tagged "nn-list": "${name}" but holds no list, table or multi-row formula` });
      return [];
    }
    return [{ name, length: block.length, cell: String(c.id) }];
  });
  const listFor = (w: string | undefined) => (w ? lists.find((l) => stem(l.name.toLowerCase()) === stem(w.toLowerCase())) : undefined);
  for (const cell of cells) {
    if (cell.cell_type !== "markdown" || !lists.length) continue;
    for (const m of blankCode(text(cell.source)).matchAll(new RegExp(`\\b(${COUNT_WORD})\\s+([a-z-]+)(?:\\s+([a-z]+))?\\b`, "gi"))) {
      const noun = listFor(m[2]) ? m[2] : listFor(m[3]) ? m[3] : undefined;
      const list = listFor(noun);
      const n = countValue(m[1]);
      if (!list || n === null || n === list.length) continue;
      const phrase = noun === m[2] ? `${m[1]} ${m[2]}` : `${m[1]} ${m[2]} ${m[3]}`;
      if (out.some((f) => f.cell === String(cell.id) && f.rule === "count" && f.message.startsWith(`"${phrase}`))) continue;
      out.push({ cell: String(cell.id), rule: "count", message: `"${phrase}": the list "${list.name}" (cell ${list.cell}) has ${list.length}` });
    }
  }
  return out;
}
