/**
 * The few WebAssembly JavaScript-API types the fast trainer uses, declared here.
 *
 * Why: TypeScript keeps its `WebAssembly` declarations in lib.dom, and tslab compiles notebook code
 * with its own fixed options, without lib.dom ("Cannot find namespace 'WebAssembly'"). Going through
 * this module, src/fast type-checks under tslab, the repo's strict tsconfig and a browser bundle alike.
 */

export interface WasmMemory {
  readonly buffer: ArrayBufferLike;
  grow(deltaPages: number): number;
}
/** A compiled module (opaque; can be posted to a worker). */
export interface WasmModule {
  readonly __wasmModule?: never;
}
export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}
interface WasmApi {
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: Record<string, Record<string, unknown>>) => WasmInstance;
  validate(bytes: Uint8Array): boolean;
}

/** The engine's WebAssembly object, or undefined where there is none. */
export const wasm: WasmApi | undefined = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
