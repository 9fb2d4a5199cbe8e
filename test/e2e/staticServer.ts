/** Serves the built add-in (dist/addin) on a loopback port for the browser tests. */
import { createReadStream, existsSync, statSync } from "fs";
import { createServer, type Server } from "http";
import type { AddressInfo } from "net";
import path from "path";
import { ROOT } from "../support/files";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".png": "image/png",
  ".xml": "application/xml",
};

export const ADDIN_DIR = path.join(ROOT, "dist", "addin");

export async function serveAddin(): Promise<{ url: string; close: () => Promise<void> }> {
  if (!existsSync(path.join(ADDIN_DIR, "taskpane.html")))
    throw new Error("The add-in is not built: run `npm run build:addin` (npm run test:e2e does).");
  const server: Server = createServer((req, res) => {
    const file = path.join(ADDIN_DIR, decodeURIComponent((req.url ?? "/").split("?")[0]));
    if (!file.startsWith(ADDIN_DIR) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream" });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(() => r())) };
}
