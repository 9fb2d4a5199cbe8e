// Renders assets/icon.svg to the PNG sizes the manifest names: the ribbon's 16–80 px for every display scaling
// Office supports (16, 20, 24, 32, 40, 48, 64, 80), and 128 for the add-in catalogue with Debian's Chromium.
// Run once after changing the SVG: node scripts/make-icons.js
const { chromium } = require("playwright-core");
const fs = require("fs");
const path = require("path");

(async () => {
  const svg = fs.readFileSync(path.join(__dirname, "..", "assets", "icon.svg"), "utf8");
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu"],
  });
  try {
    for (const size of [16, 20, 24, 32, 40, 48, 64, 80, 128]) {
      const page = await browser.newPage({ viewport: { width: size, height: size } });
      await page.setContent(
        `<html><body style="margin:0;background:transparent">${svg.replace("<svg ", `<svg width="${size}" height="${size}" `)}</body></html>`,
      );
      await page.screenshot({
        path: path.join(__dirname, "..", "assets", `icon-${size}.png`),
        omitBackground: true,
      });
      await page.close();
    }
  } finally {
    await browser.close();
  }
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
