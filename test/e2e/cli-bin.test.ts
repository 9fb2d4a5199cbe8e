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
