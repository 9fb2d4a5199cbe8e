/** The installed command, run as users run it: a separate process through bin/plan-ledger.js. */
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
