// The two notebook-output helpers that need nothing from Node: tools/lib/notebook (the build) and
// tools/site/outputs (also bundled into the live pages) share them.
import type { MultilineString } from "@jupyterlab/nbformat";

/** MIME type of a plotly figure (src/display.ts emits it beside an HTML fallback). */
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

export function text(s: MultilineString | undefined): string {
  return Array.isArray(s) ? s.join("") : (s ?? "");
}
