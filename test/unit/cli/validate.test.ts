import { createHash } from "crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import path from "path";
import { Workbook } from "../../../src/render/xlsx/excelts";
import { runCli } from "../../support/cli";
import { seedWorkbook, setLedger } from "../../support/ledgerFile";

const dir = () => mkdtempSync(path.join(tmpdir(), "pl-val-"));
const sha = (f: string) => createHash("sha256").update(readFileSync(f)).digest("hex");

async function messyFile(): Promise<string> {
  const wb = await seedWorkbook("2022-09-30");
  setLedger(wb, 1, "牵头单位", "行政审批部");
  setLedger(wb, 2, "状态", "已办结");
  setLedger(wb, 2, "完成日期", "2022/8/1");
  setLedger(wb, 3, "责任单位", "税务局，财政管理部");
  const file = path.join(dir(), "messy.xlsx");
  writeFileSync(file, await wb.xlsx.writeBuffer());
  return file;
}

test("human output grouped by severity with cell addresses; exit 1 on errors", async () => {
  const file = await messyFile();
  const r = await runCli(["validate", file]);
  expect(r.code).toBe(1);
  expect(r.stdout).toMatch(/错误 Errors: 1 +警告 Warnings: 3/);
  expect(r.stdout.indexOf("错误（必须改正）")).toBeLessThan(r.stdout.indexOf("警告（建议改正）"));
  expect(r.stdout).toContain("任务台账!E2 [任务1] UNIT_UNKNOWN");
});

test("--json gives the documented shape", async () => {
  const r = await runCli(["validate", await messyFile(), "--json"]);
  const { issues } = JSON.parse(r.stdout);
  expect(issues).toHaveLength(4);
  expect(Object.keys(issues[0]).sort()).toEqual([
    "cell",
    "code",
    "message",
    "severity",
    "sheet",
    "suggestion",
    "task",
    "value",
  ]);
  expect(issues.find((i: { code: string }) => i.code === "UNIT_UNKNOWN")).toMatchObject({
    sheet: "任务台账",
    cell: "E2",
    task: 1,
    suggestion: "行政审批服务部",
  });
});

test("--fix writes the normalisations to a new file, prints each, and leaves the input as it was", async () => {
  const file = await messyFile();
  const before = sha(file);
  const out = path.join(path.dirname(file), "fixed.xlsx");
  const r = await runCli(["validate", file, "--fix", "-o", out]);
  expect(sha(file)).toBe(before);
  expect(r.stdout).toContain("任务台账!J3: “已办结” → “已完成”");
  expect(r.stdout).toContain("任务台账!L3: “2022/8/1” → “2022-08-01”");
  expect(r.stdout).toContain("任务台账!F4: “税务局，财政管理部” → “税务局、财政管理部”");
  const wb = new Workbook();
  await wb.xlsx.load(readFileSync(out));
  const ws = wb.getWorksheet("任务台账")!;
  expect(ws.getCell("J3").value).toBe("已完成");
  expect((ws.getCell("L3").value as Date).toISOString().slice(0, 10)).toBe("2022-08-01");
  expect(ws.getCell("E2").value).toBe("行政审批部"); // an unknown name is never guessed into the file
  const again = await runCli(["validate", out, "--json"]);
  expect(JSON.parse(again.stdout).issues.map((i: { code: string }) => i.code)).toEqual(["UNIT_UNKNOWN"]);
});

test("--fix needs -o, never the input itself", async () => {
  const file = await messyFile();
  expect((await runCli(["validate", file, "--fix"])).code).toBe(2);
  expect((await runCli(["validate", file, "--fix", "-o", file])).code).toBe(2);
});

test("files that cannot be used exit 2 and name the reason", async () => {
  const d = dir();
  const txt = path.join(d, "a.xlsx");
  writeFileSync(txt, "not a workbook");
  expect(await runCli(["validate", txt])).toMatchObject({
    code: 2,
    stderr: expect.stringContaining("不是 .xlsx"),
  });
  const enc = path.join(d, "b.xlsx");
  writeFileSync(enc, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
  expect(await runCli(["validate", enc])).toMatchObject({ code: 2, stderr: expect.stringContaining("加密") });

  const wb = await seedWorkbook();
  wb.removeWorksheet(wb.getWorksheet("单位")!.id);
  const noUnits = path.join(d, "c.xlsx");
  writeFileSync(noUnits, await wb.xlsx.writeBuffer());
  expect(await runCli(["validate", noUnits])).toMatchObject({
    code: 2,
    stderr: expect.stringContaining("没有“单位”工作表"),
  });

  // A ledger kept by hand, whose 状态 column was renamed.
  const wb2 = new Workbook();
  wb2.addWorksheet("任务台账").addRow(["序号", "牵头单位", "责任单位", "完成时限", "进度", "完成日期"]);
  wb2.addWorksheet("单位").addRow(["单位名称"]);
  const noHeader = path.join(d, "d.xlsx");
  writeFileSync(noHeader, await wb2.xlsx.writeBuffer());
  expect(await runCli(["validate", noHeader])).toMatchObject({
    code: 2,
    stderr: expect.stringContaining("缺少列：状态"),
  });
});

test("blank rows and columns staff added are fine", async () => {
  const wb = await seedWorkbook();
  const ws = wb.getWorksheet("任务台账")!;
  ws.getCell("P1").value = "联系人";
  ws.getCell("P2").value = "张三";
  ws.getCell("A125").value = null;
  const file = path.join(dir(), "extra.xlsx");
  writeFileSync(file, await wb.xlsx.writeBuffer());
  const r = await runCli(["validate", file]);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain("未发现问题");
});
