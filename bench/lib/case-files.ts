// One bench case on disk, read by every implementation (TypeScript, numpy, PyTorch) alike:
// case.json (sizes, lr, epochs, shapes, provenance) + raw little-endian float64 files, row-major:
//   X.f64 (nx, m), Y.f64 (1, m), W1.f64 (nh, nx), b1.f64 (nh, 1), W2.f64 (1, nh), b2.f64 (1, 1).
import * as fs from "node:fs";
import * as path from "node:path";
import { Matrix } from "../../src/matrix";

export interface CaseMeta {
  name: string;
  nx: number;
  nh: number;
  m: number;
  lr: number;
  epochs: number;
  /** how X, Y and the weights were made, in words */
  source: string;
  shapes: Record<string, [number, number]>;
}

export interface BenchCase {
  meta: CaseMeta;
  X: Matrix; Y: Matrix; W1: Matrix; b1: Matrix; W2: Matrix; b2: Matrix;
}

const NAMES = ["X", "Y", "W1", "b1", "W2", "b2"] as const;

function toBytes(M: Matrix): Buffer {
  // Float64Array is host-endian; every machine this runs on is little-endian, checked here.
  if (new Uint8Array(new Float64Array([1]).buffer)[7] !== 0x3f) throw new Error("bench: big-endian host, the .f64 files would be wrong");
  return Buffer.from(M.data.buffer, M.data.byteOffset, M.data.byteLength);
}

export function writeCase(dir: string, c: Omit<BenchCase, "meta"> & { meta: Omit<CaseMeta, "shapes"> }): void {
  fs.mkdirSync(dir, { recursive: true });
  const shapes: Record<string, [number, number]> = {};
  for (const n of NAMES) {
    shapes[n] = [c[n].rows, c[n].cols];
    fs.writeFileSync(path.join(dir, `${n}.f64`), toBytes(c[n]));
  }
  fs.writeFileSync(path.join(dir, "case.json"), JSON.stringify({ ...c.meta, shapes }, null, 1));
}

export function readCase(dir: string): BenchCase {
  const meta = JSON.parse(fs.readFileSync(path.join(dir, "case.json"), "utf8")) as CaseMeta;
  const read = (n: string) => {
    const [r, k] = meta.shapes[n];
    const buf = fs.readFileSync(path.join(dir, `${n}.f64`));
    if (buf.length !== r * k * 8) throw new Error(`bench: ${dir}/${n}.f64 has ${buf.length} bytes, (${r},${k}) needs ${r * k * 8}`);
    const data = new Float64Array(r * k);
    new Uint8Array(data.buffer).set(buf);
    return new Matrix(r, k, data);
  };
  return { meta, X: read("X"), Y: read("Y"), W1: read("W1"), b1: read("b1"), W2: read("W2"), b2: read("b2") };
}
