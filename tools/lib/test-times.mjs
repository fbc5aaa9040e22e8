// A node:test reporter for `npm test` (tools/test.ts): nothing while the tests run, then each test
// file's time (from its start to its end, as the runner measures it) with the slowest first, so that a
// slow CI run says where its time went. Runs beside the ordinary reporter.
export default async function* testTimes(source) {
  const files = new Map();
  for await (const e of source) {
    const d = e.data ?? {};
    if (e.type === "test:complete" && d.nesting === 0 && d.file && d.name === d.file) files.set(d.file, d.details?.duration_ms ?? 0);
  }
  if (files.size === 0) return;
  const rows = [...files].sort((a, b) => b[1] - a[1]);
  const total = rows.reduce((s, [, ms]) => s + ms, 0);
  const root = process.cwd() + "/";
  yield `\ntest-file times (each file from its start to its end; ${rows.length} files, ${(total / 1000).toFixed(0)} s summed):\n`;
  for (const [f, ms] of rows) yield `${(ms / 1000).toFixed(1).padStart(8)} s  ${f.startsWith(root) ? f.slice(root.length) : f}\n`;
}
