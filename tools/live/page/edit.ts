// Editing a cell: its highlighted code gives way to a plain textarea (no editor library: the page
// stays light); Shift+Enter runs it. An edited cell is compiled in the page by the same compiler the
// build used (assets/live/compiler.js, loaded on the first edit); an unedited one runs the build's
// precompiled JavaScript (assets/live/<lesson>.js). An edited cell is type-checked as it changes (./types.ts).
import type { CompiledCell } from "../compile";
import { editorOf, sourceOf } from "./cells";
import { loadScript } from "./site";
import { checkSoon } from "./types";

export type Compiled = CompiledCell | { error: string; line: number | null };

declare global {
  interface Window {
    NN_LIVE_CELLS?: Record<string, Compiled>;
    NN_LIVE_COMPILE?: (ts: string) => CompiledCell;
  }
}

function fitRows(ta: HTMLTextAreaElement): void {
  ta.rows = Math.max(2, ta.value.split("\n").length);
}

export async function editCell(cellEl: HTMLElement, run: () => void): Promise<void> {
  const existing = editorOf(cellEl);
  if (existing) { existing.focus(); return; }
  const pre = cellEl.querySelector<HTMLElement>("pre.code")!;
  const source = sourceOf(cellEl);
  const ta = document.createElement("textarea");
  ta.className = "code-edit";
  ta.spellcheck = false;
  ta.setAttribute("autocapitalize", "off");
  ta.setAttribute("aria-label", `Code of cell ${Number(cellEl.dataset.cell) + 1} (Shift+Enter runs it)`);
  ta.value = source;
  fitRows(ta);
  ta.addEventListener("input", () => { fitRows(ta); checkSoon(); });
  ta.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && e.shiftKey) { e.preventDefault(); run(); }
  });
  pre.hidden = true;
  pre.before(ta); // before: pre.code + div.cell-output stays the cell's markup
  const button = cellEl.querySelector<HTMLElement>('[data-action="edit"]');
  if (button) button.hidden = true;
  ta.focus();
  void loadScript("assets/live/compiler.js"); // ready by the time the learner runs it
  checkSoon(); // loads the type checker (the first time) while the learner reads and types
}

/** The cell's JavaScript: compiled now if edited, else the build's. */
export async function compiledFor(cellEl: HTMLElement): Promise<Compiled> {
  const k = String(cellEl.dataset.cell);
  const ta = editorOf(cellEl);
  if (!ta) {
    const file = document.querySelector<HTMLElement>("article[data-live]")?.dataset.live ?? "";
    await loadScript(file);
    return window.NN_LIVE_CELLS?.[k] ?? { error: "this cell was not compiled with the site", line: null };
  }
  await loadScript("assets/live/compiler.js");
  try {
    return window.NN_LIVE_COMPILE!(ta.value);
  } catch (e) {
    return { error: (e as Error).message, line: (e as { line?: number }).line ?? null };
  }
}
