// What the grader writes: a table per student on stdout, the gradebook as CSV and JSON, and a
// feedback page per student (which check failed and why: expected vs got, with shapes).
import type { SubmissionResult } from "./grader";
import type { ExerciseResult } from "./score";

const clip = (s: string, n: number) => (s.length > n ? s.slice(0, n - 1) + "…" : s);
const pts = (x: number) => String(Math.round(x * 100) / 100);

/** The block printed for one submission. */
export function table(r: SubmissionResult): string {
  const head = `${r.student} — ${r.lessonFile ?? "?"}${r.lesson ? ` (lesson ${r.lesson})` : ""}: ${r.status === "rejected" ? "REJECTED" : `${pts(r.score)} / ${pts(r.max)} points`} · ${r.verdict}`;
  const lines = [head];
  if (r.exercises.length) {
    const w = Math.max(8, ...r.exercises.map((e) => e.id.length));
    lines.push(`  ${"exercise".padEnd(w)}  ${"score".padStart(9)}  ${"status".padEnd(13)}  why`);
    for (const e of r.exercises) {
      lines.push(`  ${e.id.padEnd(w)}  ${`${pts(e.score)} / ${pts(e.points)}`.padStart(9)}  ${e.status.padEnd(13)}  ${clip(e.summary, 110)}`);
    }
  }
  for (const n of r.notes) lines.push(`  note: ${n}`);
  return lines.join("\n");
}

function csvCell(v: string | number): string {
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`; // a spreadsheet must not run a student's text as a formula
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One row per submission; one score column per exercise met in any submission. */
export function gradebookCsv(results: SubmissionResult[]): string {
  // Exercise columns in course order: by lesson, then as the lesson lists them.
  const ids = [...new Set([...results].sort((a, b) => (a.lesson ?? "").localeCompare(b.lesson ?? "")).flatMap((r) => r.exercises.map((e) => e.id)))];
  const rows = [["student", "file", "lesson", "status", "score", "max", ...ids, "verdict"]];
  for (const r of results) {
    const by = new Map(r.exercises.map((e) => [e.id, e]));
    rows.push([r.student, r.file, r.lesson ?? "", r.status, pts(r.score), pts(r.max), ...ids.map((id) => (by.has(id) ? pts(by.get(id)!.score) : "")), r.verdict]);
  }
  return rows.map((row) => row.map(csvCell).join(",")).join("\n") + "\n";
}

export interface GradebookMeta {
  gradedAt: string;
  courseDir: string;
  policy: "all-or-nothing" | "partial";
  limits: Record<string, number | string>;
  /** Whether student kernels ran in the operating-system sandbox; if not, why and what was then unprotected. */
  sandbox: { on: true; summary: string } | { on: false; reason: string; unprotected: string[] };
  seconds: number;
  /** How graded cells were run (tools/grade/cells.ts). */
  engine?: string;
}

export function gradebookJson(results: SubmissionResult[], meta: GradebookMeta): string {
  return JSON.stringify({ grader: "nn-from-scratch tools/grade.ts", ...meta, submissions: results }, null, 1) + "\n";
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const STATUS_TEXT: Record<string, string> = {
  passed: "passed", failed: "failed", error: "your cell failed", missing: "missing", "not-attempted": "not attempted",
  timeout: "timed out", crashed: "crashed the kernel", blocked: "refused", tampered: "tampering", forbidden: "not allowed", "not-graded": "not graded",
};

function exerciseHtml(e: ExerciseResult): string {
  const source = e.code;
  const rows = e.checks.map((c) => `<tr class="${c.ok ? "ok" : "bad"}"><td>${c.ok ? "✓" : "✗"}</td><td>${c.part === "hidden" ? "hidden" : "visible"}</td><td>${esc(c.name)}</td><td>${esc(c.message)}</td></tr>`).join("\n");
  return `<section class="ex ${e.status === "passed" ? "ok" : "bad"}">
<h2><code>${esc(e.id)}</code> <span class="score">${pts(e.score)} / ${pts(e.points)}</span> <span class="status">${esc(STATUS_TEXT[e.status] ?? e.status)}</span></h2>
<p>${esc(e.summary)}</p>
${e.notes.map((n) => `<p class="note">${esc(n)}</p>`).join("\n")}
${rows ? `<table><thead><tr><th></th><th>test</th><th>check</th><th>what went wrong</th></tr></thead><tbody>\n${rows}\n</tbody></table>` : ""}
${source ? `<details><summary>the code that was graded</summary><pre>${esc(source)}</pre></details>` : ""}
</section>`;
}

/**
 * A self-contained page for one student (every string from the submission is escaped).
 * `unsandboxed`: why the kernels ran without the operating-system sandbox (null: they ran in it).
 */
export function feedbackHtml(r: SubmissionResult, policy: "all-or-nothing" | "partial" = "all-or-nothing", unsandboxed: string | null = null): string {
  const title = `${r.student} · ${r.lessonFile ?? "submission"}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>
body { font: 15px/1.45 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin-bottom: .3rem; }
.score { font-weight: normal; margin-left: .5rem; } .status { font-size: .85rem; padding: .1rem .4rem; border-radius: .3rem; background: #eee; }
section.ok .status { background: #d7f5dd; } section.bad .status { background: #fbdada; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; } td, th { border-bottom: 1px solid #ddd; padding: .25rem .4rem; text-align: left; vertical-align: top; }
tr.ok td:first-child { color: #1a7f37; } tr.bad td:first-child { color: #c62828; font-weight: bold; }
.note { color: #555; font-style: italic; } pre { background: #f6f6f6; padding: .6rem; overflow-x: auto; }
</style></head><body>
<h1>${esc(title)}</h1>
<p><strong>${r.status === "rejected" ? "Not graded" : `${pts(r.score)} / ${pts(r.max)} points`}</strong> — ${esc(r.verdict)}</p>
${r.notes.length ? `<ul>${r.notes.map((n) => `<li class="note">${esc(n)}</li>`).join("")}</ul>` : ""}
${r.exercises.map((e) => exerciseHtml(e)).join("\n")}
<p class="note">Each exercise was run in a fresh kernel with the course's visible and hidden tests.
${!r.exercises.length ? "" : policy === "partial" ? "An exercise earns its points in proportion to its checks passed and test cells finished cleanly." : "An exercise earns its points when every check passes and its test cells finish cleanly."} File SHA-256: ${esc(r.sha256 ?? "-")}.</p>
${unsandboxed === null ? "" : `<p class="note unsandboxed"><strong>Graded without the operating-system sandbox</strong> (${esc(unsandboxed)}): the kernel had the grader's privileges, network access and no process limit; only the in-process guards were in force.</p>`}
</body></html>
`;
}

/** A file name for a student's page: the key with anything unusual replaced. */
export function feedbackName(student: string): string {
  return `${student.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^\.+/, "_").slice(0, 120) || "submission"}.html`;
}
