/** One as-of date: every command says which date it used; a missing or bad date is a warning, never silent. */
import { mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import path from "path";
import { runCli } from "../../support/cli";
import { seedWorkbook } from "../../support/ledgerFile";

const dir = () => mkdtempSync(path.join(tmpdir(), "pl-asof-"));

async function ledgerWithAsOf(value: unknown): Promise<string> {
  const wb = await seedWorkbook("2022-09-30");
  wb.getWorksheet("说明")!.getCell("B4").value = value as never;
  const file = path.join(dir(), "ledger.xlsx");
  writeFileSync(file, await wb.xlsx.writeBuffer());
  return file;
}

test("summary and validate default to the workbook's date and say so", async () => {
  const file = await ledgerWithAsOf(new Date("2022-08-31T00:00:00Z"));
  for (const cmd of ["summary", "validate"]) {
    const r = await runCli([cmd, file]);
    expect(r.stdout.split("\n")[0]).toBe("统计截止日期 As of: 2022-08-31（工作簿“说明”中的日期）");
    expect(r.stderr).toBe("");
  }
  const over = await runCli(["summary", file, "--as-of", "2022-10-01"]);
  expect(over.stdout.split("\n")[0]).toBe("统计截止日期 As of: 2022-10-01（--as-of 指定）");
});

test.each([
  ["missing", null, "是空的（或找不到）"],
  ["not a date", "九月底", "“九月底”不是有效日期"],
])("a %s 统计截止日期 is a warning naming the cell and --as-of", async (_, value, words) => {
  const file = await ledgerWithAsOf(value);
  const r = await runCli(["summary", file, "--json"]);
  expect(r.stderr).toContain(`说明!B4：统计截止日期${words}，已按今天（2022-09-30）计算`);
  expect(r.stderr).toContain("--as-of");
  const json = JSON.parse(r.stdout);
  expect([json.asOf, json.asOfSource]).toEqual(["2022-09-30", "today"]);
  const v = await runCli(["validate", file]);
  expect(v.stdout).toContain("AS_OF_");
});

test("build of a plan whose deadlines are all past says so and suggests --as-of", async () => {
  const out = path.join(dir(), "late.xlsx");
  const r = await runCli(["build", "-o", out], new Date("2026-11-27T10:00:00+08:00"));
  expect(r.code).toBe(0);
  expect(r.stdout).toContain("统计截止日期 As of: 2026-11-27");
  expect(r.stderr).toMatch(/全部时限（最晚 2022-12-31）都早于今天 2026-11-27.*--as-of 2022-09-30/);
  const inYear = await runCli(["build", "-o", path.join(dir(), "ok.xlsx")]);
  expect(inYear.stderr).toBe("");
});

test("update uses the workbook's date by default and says so; --as-of is written into 说明", async () => {
  const file = await ledgerWithAsOf(new Date("2022-08-31T00:00:00Z"));
  const kept = await runCli(["update", file, "-o", path.join(path.dirname(file), "kept.xlsx")]);
  expect(kept.code).toBe(0);
  expect(kept.stdout.split("\n")[0]).toBe("统计截止日期 As of: 2022-08-31（工作簿“说明”中的日期）");
  expect(kept.stderr).toBe("");
  const keptSummary = await runCli(["summary", path.join(path.dirname(file), "kept.xlsx")]);
  expect(keptSummary.stdout.split("\n")[0]).toContain("2022-08-31");

  const dry = await runCli(["update", file, "--as-of", "2022/10/5", "--dry-run"]);
  expect(dry.stdout.split("\n")[0]).toBe("统计截止日期 As of: 2022-10-05（--as-of 指定），将写入“说明”");

  const moved = path.join(path.dirname(file), "moved.xlsx");
  const r = await runCli(["update", file, "--as-of", "2022-10-05", "-o", moved]);
  expect(r.code).toBe(0);
  expect(r.stdout.split("\n")[0]).toBe("统计截止日期 As of: 2022-10-05（--as-of 指定），已写入“说明”");
  // The written date is the workbook's from now on: summary (and the dashboard) compute for it.
  const after = await runCli(["summary", moved]);
  expect(after.stdout.split("\n")[0]).toBe("统计截止日期 As of: 2022-10-05（工作簿“说明”中的日期）");
  expect(after.stdout).toContain("截至2022年10月5日");

  const bad = await runCli(["update", file, "--as-of", "2022-13-01", "--dry-run"]);
  expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining("--as-of 的日期“2022-13-01”无效")]);
});

test("update of a ledger without a valid 统计截止日期 warns and leaves the cell as staff left it", async () => {
  const file = await ledgerWithAsOf("九月底");
  const out = path.join(path.dirname(file), "out.xlsx");
  const r = await runCli(["update", file, "-o", out]);
  expect(r.code).toBe(0);
  expect(r.stdout.split("\n")[0]).toBe("统计截止日期 As of: 2022-09-30（今天（工作簿中没有有效日期））");
  expect(r.stderr).toContain("说明!B4：统计截止日期“九月底”不是有效日期，已按今天（2022-09-30）计算");
  const s = await runCli(["summary", out]);
  expect(s.stderr).toContain("“九月底”不是有效日期");
});
