// The browser-safe core of the library: everything in src/ that needs neither node:fs (data/housing)
// nor mathjs (checks/symbolic) nor tslab (display). The playground bundles this; src/index.ts
// re-exports it plus the rest.
export * from "./matrix";
export * from "./random";
export * from "./activations";
export * from "./losses";
export * from "./layers";
export * from "./network";
export * from "./train";
export * from "./regression";
export * from "./plot";
export * from "./checks/gradient-check";
export * from "./checks/collapse";
export * from "./checks/expect";
export * from "./data/prepare";
export * from "./data/toy";
