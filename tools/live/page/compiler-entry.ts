// assets/live/compiler.js: the cell compiler (../compile.ts: sucrase + acorn), loaded when a learner
// first edits a cell; unedited cells run the JavaScript the site build compiled with the same code.
import { compileCell } from "../compile";

(window as unknown as { NN_LIVE_COMPILE: typeof compileCell }).NN_LIVE_COMPILE = compileCell;
