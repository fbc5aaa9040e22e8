// The type-check worker (assets/live/typecheck.js, loaded on a lesson page's first Edit): answers each
// "check" with the edited cell's diagnostics (./checker.ts). The first check parses the lib files and
// src/ (seconds); later ones reuse them. A worker, so the page never waits on TypeScript.
import { createChecker, type Checker } from "./checker";
import type { FromChecker, ToChecker } from "./protocol";

let checker: Checker | null = null;
const post = (m: FromChecker) => (self as unknown as Worker).postMessage(m);

self.addEventListener("message", (ev: MessageEvent<ToChecker>) => {
  const m = ev.data;
  if (m.type === "init") { checker = createChecker(m.files, m.options); return; }
  try {
    if (!checker) throw new Error("the type checker has no files yet");
    post({ type: "checked", id: m.id, diagnostics: checker.check(m.earlier, m.cell) });
  } catch (e) {
    post({ type: "failed", id: m.id, message: String(e) });
  }
});
