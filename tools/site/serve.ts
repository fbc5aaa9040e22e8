// A static file server for the built site on 127.0.0.1 (tests and bench/site.ts), compressing text with
// gzip as an ordinary static server would when the browser accepts it. Each file is compressed once and
// kept (while its size and time are unchanged), as a server with precompressed files or a CDN serves
// it: compressing plotly (1.5 MB) again for every request took ~0.1 s per page in bench/site.ts, a cost
// of this test server, not of the page.
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import { gzipSync } from "node:zlib";

const TYPES: Record<string, string> = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".woff2": "font/woff2", ".json": "application/json", ".png": "image/png", ".svg": "image/svg+xml" };
const COMPRESS = new Set([".html", ".js", ".css", ".json", ".svg"]);

export interface Served { url: string; close: () => Promise<void> }

export async function serveStatic(root: string): Promise<Served> {
  const gzipped = new Map<string, { stamp: string; body: Buffer }>();
  const server = http.createServer((req, res) => {
    let file = path.join(root, decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname));
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
    if (!file.startsWith(root) || !fs.existsSync(file)) { res.writeHead(404).end(); return; }
    const ext = path.extname(file);
    const headers: Record<string, string> = { "content-type": TYPES[ext] ?? "application/octet-stream", "cache-control": "no-cache" };
    let body: Buffer;
    if (COMPRESS.has(ext) && /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""))) {
      const st = fs.statSync(file);
      const stamp = `${st.size}:${st.mtimeMs}`;
      const kept = gzipped.get(file);
      if (kept?.stamp === stamp) body = kept.body;
      else { body = gzipSync(fs.readFileSync(file)); gzipped.set(file, { stamp, body }); }
      headers["content-encoding"] = "gzip";
    } else body = fs.readFileSync(file);
    headers["content-length"] = String(body.length);
    res.writeHead(200, headers).end(body);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(() => r())) };
}
