/**
 * A ledger built before the tool wrote marker names, whose 任务台账 sheet staff renamed: the Tasks table
 * inside still identifies it, so summary and update work instead of refusing.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import path from "path";
import { runCli } from "../../support/cli";
import { seedWorkbook } from "../../support/ledgerFile";
import { seedText } from "../../support/files";
import { put, sheetPart, text, unzip, zip } from "../../support/staffXml";

test("renamed ledger sheet without markers is found by its Tasks table", async () => {
  const p = unzip(new Uint8Array(await (await seedWorkbook("2022-09-30")).xlsx.writeBuffer()));
  const wb = text(p, "xl/workbook.xml")
    .replace(/<definedName name="PlanLedger_[^"]*"[^>]*>[^<]*<\/definedName>/g, "")
    .replace(/任务台账/g, "2022年工作台账");
  expect(wb).not.toContain("PlanLedger_");
  put(p, "xl/workbook.xml", wb);
  const dir = mkdtempSync(path.join(tmpdir(), "pl-legacy-"));
  const file = path.join(dir, "旧台账.xlsx");
  writeFileSync(file, zip(p));
  writeFileSync(path.join(dir, "plan.txt"), seedText().replace(/\n10\.[^\n]*\n/, "\n"));
  expect((await runCli(["summary", file])).stdout).toContain("任务总数 118");
  const out = path.join(dir, "out.xlsx");
  const r = await runCli(["update", file, "--plan", path.join(dir, "plan.txt"), "-o", out, "--yes"]);
  expect([r.code, r.stderr]).toEqual([0, ""]);
  expect(r.stdout).toContain("[移除] 任务台账 10");
  expect(text(unzip(readFileSync(out)), "xl/workbook.xml")).toContain("'2022年工作台账'!$A$1");
  expect((await runCli(["summary", out])).stdout).toContain("任务总数 117");
});

test("a 领域 column merged over a domain's rows counts every task under that domain", async () => {
  const p = unzip(new Uint8Array(await (await seedWorkbook("2022-09-30")).xlsx.writeBuffer()));
  const part = sheetPart(p, "任务台账");
  let x = text(p, part);
  for (let r = 3; r <= 10; r++) x = x.replace(new RegExp(`<c r="B${r}"[^>]*?(/>|>.*?</c>)`), "");
  x = x.includes("<mergeCells")
    ? x.replace(/<mergeCells[^>]*>/, (m) => `${m}<mergeCell ref="B2:B10"/>`)
    : x.replace("</sheetData>", '</sheetData><mergeCells count="1"><mergeCell ref="B2:B10"/></mergeCells>');
  put(p, part, x);
  const dir = mkdtempSync(path.join(tmpdir(), "pl-merged-"));
  const file = path.join(dir, "合并.xlsx");
  writeFileSync(file, zip(p));
  const s = await runCli(["summary", file, "--json"]);
  const domains = JSON.parse(s.stdout).domains as { name: string; total: number }[];
  expect(domains.find((d) => d.name === "")).toBeUndefined();
  expect(domains[0].total).toBe(9);
});
