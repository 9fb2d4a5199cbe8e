/**
 * The command line's start-up cache (bin/bundleLoader.js): a cache damaged on disk or unreadable must cost
 * only time, never the command. A damaged V8 cache that passes V8's own checks can crash the process, so
 * the loader checks the cache's fingerprint first.
 */
import { execFileSync, spawnSync } from "child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import path from "path";

const loader = path.resolve(__dirname, "../../../bin/bundleLoader.js");

/** A bundle with enough code for V8 to cache, and a script that loads it as the launcher does. */
function install(): { dir: string; run: () => string; cache: string } {
  const dir = mkdtempSync(path.join(tmpdir(), "pl-cache-"));
  const fns = Array.from({ length: 200 }, (_, i) => `function f${i}(x) { return x * ${i} + ${i % 7}; }`).join(
    "\n",
  );
  const calls = Array.from({ length: 200 }, (_, i) => `f${i}(2)`).join(" + ");
  writeFileSync(path.join(dir, "main.js"), `${fns}\nexports.answer = () => ${calls};\n`);
  writeFileSync(
    path.join(dir, "launch.js"),
    `const { loadBundle, saveCodeCaches } = require(${JSON.stringify(loader)});\n` +
      `process.once("exit", () => saveCodeCaches());\n` +
      `console.log(loadBundle(${JSON.stringify(path.join(dir, "main.js"))}).answer());\n`,
  );
  const run = () =>
    execFileSync(process.execPath, [path.join(dir, "launch.js")], { encoding: "utf8" }).trim();
  return { dir, run, cache: path.join(dir, "main.js.v8cache") };
}

const expected = String(Array.from({ length: 200 }, (_, i) => 2 * i + (i % 7)).reduce((a, b) => a + b, 0));

test("a cache damaged in the middle is ignored and made again; the command's result is unchanged", () => {
  const { dir, run, cache } = install();
  try {
    expect(run()).toBe(expected); // makes the cache
    const good = readFileSync(cache);
    expect(good.length).toBeGreaterThan(100);
    const bad = Buffer.from(good);
    for (let i = Math.floor(bad.length / 2); i < Math.floor(bad.length / 2) + 64 && i < bad.length; i++)
      bad[i] ^= 0x5a;
    writeFileSync(cache, bad);
    expect(run()).toBe(expected);
    expect(readFileSync(cache).equals(bad)).toBe(false); // remade
    expect(run()).toBe(expected);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a cache that cannot be read (here a folder) costs only time: the command still runs", () => {
  const { dir, cache } = install();
  try {
    mkdirSync(cache);
    // This script has no exit handler turning the failed rewrite into a hint (the launcher has), so the
    // process may end with that error; what matters is that the command ran and printed its result.
    const r = spawnSync(process.execPath, [path.join(dir, "launch.js")], { encoding: "utf8" });
    expect(r.stdout.trim()).toBe(expected);
    expect(r.stderr).not.toMatch(/readCache/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
