// Type errors of edited cells, as tslab finds them before it runs a cell. The checker
// (assets/live/typecheck.js: TypeScript, the lib files and src/) is the live runtime's largest part, so
// it loads on the first Edit and never before, into a worker of its own (from a Blob URL, as worker.js).
// Each edited cell is checked DEBOUNCE_MS after the last keystroke, in the scope of the cells above it;
// its errors show under its textarea in pre.type-errors, one line each, and go when it checks clean.
// Testing hook: the cell's data-types is "checking" until the check of its latest text is shown, then
// "clean" or "errors".
// Run: a cell with type errors does not run (as in tslab) once the checker answers; until then it
// runs unchecked, and says so.
import type { CellDiagnostic } from "../typecheck/assemble";
import type { FromChecker, ToChecker, TypecheckBundle } from "../typecheck/protocol";
import { codeCells, editorOf, isEdited, sourceOf } from "./cells";
import { loadScript } from "./site";

declare global {
  interface Window { NN_LIVE_TYPECHECK?: TypecheckBundle }
}

const DEBOUNCE_MS = 400;

type Answer = { diagnostics: CellDiagnostic[] } | { failed: string };

let worker: Promise<Worker> | null = null;
/** False until the checker first answers: before, it is loading (the first check parses the lib files and src/). */
let answered = false;
let nextId = 0;
const waiting = new Map<number, (a: Answer) => void>();
let timer: ReturnType<typeof setTimeout> | undefined;

function settle(id: number, a: Answer): void {
  answered = true;
  waiting.get(id)?.(a);
  waiting.delete(id);
}

function startChecker(): Promise<Worker> {
  return (worker ??= loadScript("assets/live/typecheck.js").then(() => {
    const bundle = window.NN_LIVE_TYPECHECK!;
    const url = URL.createObjectURL(new Blob([bundle.worker], { type: "text/javascript" }));
    const w = new Worker(url);
    URL.revokeObjectURL(url);
    w.onmessage = (ev: MessageEvent<FromChecker>) => settle(ev.data.id, ev.data.type === "checked" ? { diagnostics: ev.data.diagnostics } : { failed: ev.data.message });
    w.onerror = (ev) => {
      ev.preventDefault();
      for (const id of [...waiting.keys()]) settle(id, { failed: ev.message });
    };
    w.postMessage({ type: "init", files: bundle.files, options: bundle.options } satisfies ToChecker);
    return w;
  }));
}

/** The cell's diagnostics for its text now, in the scope of the cells above it as they are now. */
async function check(cellEl: HTMLElement): Promise<Answer> {
  const w = await startChecker();
  const cells = codeCells();
  const msg: ToChecker = { type: "check", id: nextId++, earlier: cells.slice(0, cells.indexOf(cellEl)).map(sourceOf), cell: sourceOf(cellEl) };
  return new Promise((resolve) => {
    waiting.set(msg.id, resolve);
    w.postMessage(msg);
  });
}

export const formatDiagnostics = (list: CellDiagnostic[]) => list.map((d) => `line ${d.line}: ${d.message}`).join("\n");

/** pre.type-errors under the cell's textarea: the diagnostics, or none when there are none. */
function show(cellEl: HTMLElement, list: CellDiagnostic[]): void {
  cellEl.dataset.types = list.length ? "errors" : "clean";
  let el = cellEl.querySelector<HTMLElement>(".type-errors");
  if (!list.length) { el?.remove(); return; }
  if (!el) {
    el = document.createElement("pre");
    el.className = "out stderr type-errors";
    el.setAttribute("role", "status");
    editorOf(cellEl)?.after(el);
  }
  el.textContent = formatDiagnostics(list);
}

/** Checks the cell and shows the answer, unless the cell changed meanwhile (a newer check is due). */
async function checkAndShow(cellEl: HTMLElement): Promise<Answer> {
  const text = sourceOf(cellEl);
  const a = await check(cellEl);
  if ("diagnostics" in a && sourceOf(cellEl) === text) show(cellEl, a.diagnostics);
  return a;
}

/**
 * Every edited cell checked once typing pauses (an edit above a cell changes what it sees). Starts
 * loading the checker at once: called by the Edit path only.
 */
export function checkSoon(): void {
  void startChecker();
  clearTimeout(timer);
  for (const c of codeCells().filter(isEdited)) c.dataset.types = "checking";
  timer = setTimeout(() => {
    for (const c of codeCells().filter(isEdited)) void checkAndShow(c);
  }, DEBOUNCE_MS);
}

/**
 * Before an edited cell runs: its type errors now (it must not run when there are some), or, while the
 * checker is still loading or when it failed, why the cell runs unchecked.
 */
export async function typesBeforeRun(cellEl: HTMLElement): Promise<{ errors: CellDiagnostic[]; unchecked?: string }> {
  if (!answered) return { errors: [], unchecked: "The type check is still loading: this run was not type-checked." };
  const a = await checkAndShow(cellEl);
  return "diagnostics" in a ? { errors: a.diagnostics } : { errors: [], unchecked: `The type check failed (${a.failed}): this run was not type-checked.` };
}
