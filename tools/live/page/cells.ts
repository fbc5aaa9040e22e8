// The page's code cells (the markup contract: div.cell.code[data-cell=K] > pre.code + div.cell-output)
// and their text: an edited cell's is its textarea's (./edit.ts puts one in), another's its code's.
export const codeCells = () => Array.from(document.querySelectorAll<HTMLElement>("div.cell.code[data-cell]"));

export const editorOf = (cellEl: HTMLElement) => cellEl.querySelector<HTMLTextAreaElement>("textarea.code-edit");

export const isEdited = (cellEl: HTMLElement) => editorOf(cellEl) !== null;

export function sourceOf(cellEl: HTMLElement): string {
  const ta = editorOf(cellEl);
  if (ta) return ta.value;
  return (cellEl.querySelector("pre.code")?.textContent ?? "").replace(/\n$/, ""); // each line's span ends in "\n"
}
