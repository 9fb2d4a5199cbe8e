#!/usr/bin/env node
// Thin launcher: the CLI is compiled from src/cli by `npm run build:cli` (run automatically by `npm ci`).
"use strict";
const path = require("path");
const fs = require("fs");
const entry = path.join(__dirname, "..", "dist", "cli", "main.js");
if (!fs.existsSync(entry)) {
  console.error("plan-ledger 尚未编译 / not built yet: 请先运行 run `npm ci` (或 `npm run build:cli`)。");
  process.exit(2);
}
require(entry)
  .main(process.argv)
  .then(
    (code) => process.exit(code),
    (err) => {
      console.error(`plan-ledger 内部错误 / internal error: ${err && err.stack ? err.stack : err}`);
      process.exit(3);
    },
  );
