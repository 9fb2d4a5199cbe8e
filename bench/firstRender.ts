/** Time from navigation start to the task pane's first full render, in headless Chromium. */
import { createReadStream, existsSync } from "fs";
import { createServer } from "http";
import type { AddressInfo } from "net";
import path from "path";
import { chromium } from "playwright-core";

/** `slowdown`: CPU throttling as in Chromium's devtools (4 = a slow office PC). */
export async function firstRenderMs(dir: string, slowdown = 1): Promise<number> {
  const server = createServer((req, res) => {
    const file = path.join(dir, (req.url ?? "/").split("?")[0]);
    if (!existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, {
      "content-type": file.endsWith(".html")
        ? "text/html; charset=utf-8"
        : file.endsWith(".js")
          ? "text/javascript"
          : "text/css",
    });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  try {
    const page = await browser.newPage();
    if (slowdown > 1) {
      const cdp = await page.context().newCDPSession(page);
      await cdp.send("Emulation.setCPUThrottlingRate", { rate: slowdown });
    }
    await page.route("**/appsforoffice.microsoft.com/**", (r) => r.abort());
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/taskpane.html`);
    await page.waitForSelector("body[data-ready]");
    return await page.evaluate(() => performance.now());
  } finally {
    await browser.close();
    server.close();
  }
}
