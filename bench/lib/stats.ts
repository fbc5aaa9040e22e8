// Figures the bench table is made of: medians, FLOP counts, curve comparisons.

/** The middle value (mean of the two middle ones for an even count). */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = Math.floor(s.length / 2);
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/**
 * FLOP per epoch of the workload (../shared/bench-workload.md; add/sub/mul/div/exp = 1, sigmoid = 4):
 * N (4 nh nx + 14 nh + 6) + 2 (nh nx + 2 nh + 1).
 */
export function flopPerEpoch(m: number, nx: number, nh: number): number {
  return m * (4 * nh * nx + 14 * nh + 6) + 2 * (nh * nx + 2 * nh + 1);
}

/** |a − b| / |b|, with 0 for two equal numbers (including two zeros). */
export function relDiff(a: number, b: number): number {
  if (a === b) return 0;
  return Math.abs(a - b) / Math.abs(b);
}

/** The largest relDiff over two curves of equal length (Infinity when the lengths differ). */
export function maxRelDiff(curve: number[], ref: number[]): number {
  if (curve.length !== ref.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < ref.length; i++) worst = Math.max(worst, relDiff(curve[i], ref[i]));
  return worst;
}
