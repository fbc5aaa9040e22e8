// The messages between a live lesson page (tools/live/page/types.ts) and its type-check worker (./worker.ts).
import type { CompilerOptions } from "typescript";
import type { CellDiagnostic } from "./assemble";

/** What assets/live/typecheck.js assigns to window.NN_LIVE_TYPECHECK (tools/live/build.ts writes it). */
export interface TypecheckBundle {
  /** The worker's source (made into a Blob URL worker, as worker.js is). */
  worker: string;
  /** The checker's file system and options (./files.ts), posted to the worker in an "init". */
  files: Record<string, string>;
  options: CompilerOptions;
}

export type ToChecker =
  | { type: "init"; files: Record<string, string>; options: CompilerOptions }
  /** Check `cell` after `earlier` (the text of every code cell above it, in order). */
  | { type: "check"; id: number; earlier: string[]; cell: string };

export type FromChecker =
  | { type: "checked"; id: number; diagnostics: CellDiagnostic[] }
  | { type: "failed"; id: number; message: string };
