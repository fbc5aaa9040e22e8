// The public API of the course library: what a lesson (or a student) imports. Re-exports only.
export * from "./matrix";
export * from "./random";
export * from "./activations";
export * from "./losses";
export * from "./layers";
export * from "./network";
export * from "./train";
export * from "./checks/gradient-check";
export * from "./checks/collapse";
export * from "./checks/symbolic";
export * from "./data/prepare";
export * from "./data/housing";
