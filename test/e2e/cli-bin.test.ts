/** The installed command, run as users run it: a separate process through bin/plan-ledger.js. */
import { mkdtempSync } from "fs";
import { tmpdir } from "os";
import path from "path";
import { spawnSync } from "child_process";
import { cliEntry } from "./engines";

test("plan-ledger parse --json runs from the compiled CLI", () => {
  const r = spawnSync(process.execPath, [cliEntry(), "parse", "--json"], { encoding: "utf8" });
  expect(r.status).toBe(0);
  const plan = JSON.parse(r.stdout);
  expect(plan.tasks).toHaveLength(118);
  expect(plan.domains).toHaveLength(16);
});

test("a missing plan file exits 2 with a Chinese message", () => {
  const r = spawnSync(process.execPath, [cliEntry(), "parse", "missing.txt"], { encoding: "utf8" });
  expect(r.status).toBe(2);
  expect(r.stderr).toContain("无法读取计划文件");
});

test("build then validate a clean ledger: exit 0; a missing file: exit 2", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "pl-bin-"));
  const file = path.join(dir, "ledger.xlsx");
  const built = spawnSync(process.execPath, [cliEntry(), "build", "-o", file], { encoding: "utf8" });
  expect(built.status).toBe(0);
  const ok = spawnSync(process.execPath, [cliEntry(), "validate", file, "--json"], { encoding: "utf8" });
  expect(ok.status).toBe(0);
  expect(JSON.parse(ok.stdout).issues).toEqual([]);
  const missing = spawnSync(process.execPath, [cliEntry(), "validate", path.join(dir, "none.xlsx")], {
    encoding: "utf8",
  });
  expect(missing.status).toBe(2);
});

test("output piped to another program arrives complete: parse --json and summary --json parse as JSON", () => {
  // The old launcher ended the process before a pipe drained: 65,536 of 160,956 bytes arrived.
  const parsed = spawnSync(process.execPath, [cliEntry(), "parse", "--json"], { encoding: "utf8" });
  expect(parsed.stdout.length).toBeGreaterThan(65_536);
  expect(() => JSON.parse(parsed.stdout)).not.toThrow();
  const dir = mkdtempSync(path.join(tmpdir(), "pl-pipe-"));
  const file = path.join(dir, "ledger.xlsx");
  spawnSync(process.execPath, [cliEntry(), "build", "-o", file, "--as-of", "2022-12-20"], {
    encoding: "utf8",
  });
  const summary = spawnSync(
    "sh",
    ["-c", `"${process.execPath}" "${cliEntry()}" summary "${file}" --json | cat`],
    {
      encoding: "utf8",
    },
  );
  expect(JSON.parse(summary.stdout).overdue.length).toBeGreaterThan(0);
});

test("usage mistakes: Chinese first, with a hint, exit 2; --version", () => {
  const missing = spawnSync(process.execPath, [cliEntry(), "summary"], { encoding: "utf8" });
  expect(missing.status).toBe(2);
  expect(missing.stderr).toMatch(/^缺少参数 file：.*plan-ledger summary --help/);
  const unknown = spawnSync(process.execPath, [cliEntry(), "sumary"], { encoding: "utf8" });
  expect(unknown.stderr).toMatch(/^没有 sumary 这个命令.*是不是要用 summary/);
  const version = spawnSync(process.execPath, [cliEntry(), "--version"], { encoding: "utf8" });
  expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
});
