// The public API of the course library: what a lesson (or a student) imports. Re-exports only.
// src/core.ts is the browser-safe part; this adds the modules that need node:fs or mathjs.
// (src/display.ts is imported by notebooks directly: it is the only module that knows tslab.)
export * from "./core";
export * from "./checks/symbolic";
export * from "./data/housing";
