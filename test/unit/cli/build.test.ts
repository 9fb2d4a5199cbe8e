import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import path from "path";
import { defaultLedgerName } from "../../../src/cli/buildCommand";
import { runCli } from "../../support/cli";

const tmp = () => mkdtempSync(path.join(tmpdir(), "pl-build-"));

test("build writes the workbook and says where", async () => {
  const file = path.join(tmp(), "ledger.xlsx");
  const r = await runCli(["build", "-o", file, "--as-of", "2022-09-30"]);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain(file);
  expect(r.stdout).toContain("任务 118 项");
  expect(readFileSync(file).subarray(0, 2).toString()).toBe("PK");
});

test("an existing file is never overwritten without --force", async () => {
  const file = path.join(tmp(), "filled.xlsx");
  writeFileSync(file, "weeks of staff work");
  const r = await runCli(["build", "-o", file]);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain("不会覆盖");
  expect(readFileSync(file, "utf8")).toBe("weeks of staff work");
  const forced = await runCli(["build", "-o", file, "--force"]);
  expect(forced.code).toBe(0);
  expect(statSync(file).size).toBeGreaterThan(1000);
});

test("a bad --as-of date is refused before anything is written", async () => {
  const file = path.join(tmp(), "x.xlsx");
  const r = await runCli(["build", "-o", file, "--as-of", "2022-02-30"]);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain("--as-of");
  expect(existsSync(file)).toBe(false);
});

test("the default file name comes from the plan title and is safe on Windows", () => {
  expect(defaultLedgerName("聊城高新区营商环境创新2022年行动计划")).toBe(
    "聊城高新区营商环境创新2022年行动计划-台账.xlsx",
  );
  expect(defaultLedgerName('a/b:c*"d" e')).toBe("abcde-台账.xlsx");
});
