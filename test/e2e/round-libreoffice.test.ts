/**
 * The round with another writer's files: copies made by `split` are opened by LibreOffice (their 预警
 * formulas compute against the round's date), filled, re-saved by LibreOffice as staff with LibreOffice or
 * WPS send them back, and collected by the compiled CLI. A copy re-saved untouched brings nothing.
 */
import { spawnSync } from "child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import path from "path";
import { Workbook } from "../../src/render/xlsx/excelts";
import { readLedger } from "../../src/render/xlsx/readXlsx";
import { rowEntries } from "../../src/ledger/round";
import { headersOf, rowsById } from "../support/roundReturns";
import { cliEntry } from "./engines";
import { recalcSheets, resaveXlsx } from "./libreoffice";

const cli = (args: string[]) => {
  const r = spawnSync(process.execPath, [cliEntry(), ...args], { encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

test("copies re-saved by LibreOffice come back: entries arrive, an untouched copy brings nothing", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "pl-e2e-round-"));
  const master = path.join(dir, "台账.xlsx");
  expect(cli(["build", "-o", master, "--as-of", "2022-09-30"]).code).toBe(0);
  const out = path.join(dir, "分发");
  const split = cli(["split", master, "-o", out]);
  expect([split.code, split.stderr]).toEqual([0, ""]);
  const [first, second] = readdirSync(out).sort();

  // LibreOffice computes the copy's 预警 from its own date (2022-09-30): overdue tasks show 逾期.
  const shown = recalcSheets(path.join(out, first));
  const ledger = shown["任务台账"];
  const warnCol = ledger[0].indexOf("预警");
  expect(ledger.slice(1).every((r) => ["逾期", "临期", "正常"].includes(r[warnCol]))).toBe(true);

  // The first copy filled (as a unit would), then both re-saved by LibreOffice and renamed.
  const wb = new Workbook();
  await wb.xlsx.load(readFileSync(path.join(out, first)) as never);
  const ws = wb.getWorksheet("任务台账")!;
  const h = headersOf(ws);
  const rows = [...rowsById(ws, "序号")];
  const expected = new Map<string, string>();
  rows.slice(0, 3).forEach(([id, r], k) => {
    ws.getCell(r, h.get("状态")!).value = k === 0 ? "已完成" : "推进中";
    ws.getCell(r, h.get("进展情况")!).value = `第${k + 1}项：已召开专题会\n下一步：验收`;
    expected.set(`任务 ${id}|状态`, k === 0 ? "已完成" : "推进中");
    expected.set(`任务 ${id}|进展情况`, `第${k + 1}项：已召开专题会\n下一步：验收`);
    if (k === 0) {
      ws.getCell(r, h.get("完成日期")!).value = new Date(Date.UTC(2022, 8, 20));
      expected.set(`任务 ${id}|完成日期`, "2022-09-20");
    }
  });
  const filled = path.join(dir, "filled.xlsx");
  writeFileSync(filled, new Uint8Array(await wb.xlsx.writeBuffer()));
  const lo = path.join(dir, "lo");
  mkdirSync(lo);
  const back1 = path.join(dir, "第一份-已填.xlsx");
  renameSync(resaveXlsx(filled, lo), back1);
  const back2 = path.join(dir, "第二份.xlsx");
  renameSync(resaveXlsx(path.join(out, second), lo), back2);

  const result = path.join(dir, "汇总.xlsx");
  const r = cli(["collect", master, back1, back2, "-o", result]);
  expect([r.code, r.stderr]).toEqual([0, ""]);
  expect(r.stdout).toContain(`采用 Taken: ${expected.size} 项`);
  expect(r.stdout).toMatch(/第二份\.xlsx（[^）]+）：采用 0 项，冲突 0 项/);
  const after = await readLedger(readFileSync(result));
  const got = new Map<string, string>(
    rowEntries(after.ledger, "task").flatMap((row) =>
      Object.entries(row.values).map(([c, v]): [string, string] => [`${row.key}|${c}`, v.text]),
    ),
  );
  for (const [cell, value] of expected) expect([cell, got.get(cell)]).toEqual([cell, value]);

  // The collected master still recalculates in LibreOffice, the taken completion counted on the dashboard.
  const recalculated = recalcSheets(result);
  expect(recalculated["任务台账"].some((row) => row.includes("第1项：已召开专题会\n下一步：验收"))).toBe(
    true,
  );
  expect(Object.keys(recalculated)).toContain("来源记录");
}, 300_000);
