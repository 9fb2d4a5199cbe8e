#!/usr/bin/env node
// Thin launcher: the CLI is compiled from src/cli by `npm run build:cli` (run automatically by `npm ci`).
"use strict";
const path = require("path");
const fs = require("fs");
const entry = path.join(__dirname, "..", "dist", "cli", "main.js");
if (!fs.existsSync(entry)) {
  console.error("plan-ledger 尚未编译 / not built yet: 请先运行 run `npm ci` (或 `npm run build:cli`)。");
  process.exitCode = 2;
  return;
}
// The bundles load with V8's code cache (see bundleLoader.js): the same code as `require(entry)`, compiled
// from the cache instead of from the text when the cache fits this Node.
const { loadBundle, saveCodeCaches } = require("./bundleLoader");
process.once("exit", () => {
  try {
    saveCodeCaches();
  } catch (err) {
    process.stderr.write(
      `（提示）启动缓存没有写入，下次启动会慢一些 / the start-up cache was not written: ${err && err.message ? err.message : err}\n`,
    );
  }
});
// The exit code is set, never forced with process.exit(): output piped to another program is written in
// full before the process ends.
loadBundle(entry)
  .main(process.argv)
  .then(
    (code) => (process.exitCode = code),
    (err) => {
      process.stderr.write(
        `plan-ledger 内部错误 / internal error: ${err && err.message ? err.message : err}\n` +
          "请把所用的命令和文件发给技术支持。Please report the command and file.\n",
      );
      process.exitCode = 3;
    },
  );
