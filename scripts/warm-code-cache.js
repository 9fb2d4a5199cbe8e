// Makes the V8 code cache of the command line's bundles (run by `npm run build:cli` after bundling): every
// command runs once on the bundled plan, in one process, so that the cache holds the compiled form of the
// functions the commands use; bin/bundleLoader.js then starts each command from it. Nothing the commands
// write is kept.
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");
const { loadBundle, saveCodeCaches } = require("../bin/bundleLoader");

async function main() {
  const { main: run } = loadBundle(path.join(__dirname, "..", "dist", "cli", "main.js"));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-ledger-warm-"));
  const quiet = { out: () => undefined, err: () => undefined, now: () => new Date("2022-10-01T09:00:00") };
  const ledger = path.join(dir, "ledger.xlsx");
  const commands = [
    ["build", "-o", ledger, "--as-of", "2022-09-30"],
    ["validate", ledger],
    ["summary", ledger],
    ["update", ledger, "-o", path.join(dir, "updated.xlsx"), "--yes"],
    ["parse"],
    ["--help"],
  ];
  try {
    for (const args of commands) {
      const code = await run(["node", "plan-ledger", ...args], quiet);
      if (code !== 0 && code !== 1) throw new Error(`plan-ledger ${args.join(" ")} ended with ${code}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  saveCodeCaches(true);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
