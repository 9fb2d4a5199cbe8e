/** The update path end to end: the compiled CLI updates a filled ledger; LibreOffice opens the result. */
import { spawnSync } from "child_process";
import { mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import path from "path";
import { fillLedger } from "../support/fill";
import { seedWorkbook, setLedger } from "../support/ledgerFile";
import { revisePlan } from "../support/revise";
import { cliEntry } from "./engines";
import { recalcSheets } from "./libreoffice";

test("update with a revised plan: LibreOffice reads every sheet; entries, archive, log and dashboard agree", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "pl-e2e-upd-"));
  const wb = await seedWorkbook("2022-09-30");
  fillLedger(wb, 99);
  setLedger(wb, 3, "进展情况", "已召开专题会\n第二行说明");
  wb.getWorksheet("任务台账")!.getCell("Q1").value = "联系人";
  wb.getWorksheet("任务台账")!.getCell("Q4").value = "王五";
  const file = path.join(dir, "filled.xlsx");
  writeFileSync(file, await wb.xlsx.writeBuffer());
  const rev = revisePlan(5);
  const planFile = path.join(dir, "revised.txt");
  writeFileSync(planFile, rev.text);
  const out = path.join(dir, "updated.xlsx");

  const r = spawnSync(process.execPath, [cliEntry(), "update", file, "--plan", planFile, "-o", out], {
    encoding: "utf8",
  });
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);

  const sheets = recalcSheets(out);
  expect(Object.keys(sheets)).toEqual(
    expect.arrayContaining(["任务台账", "时间节点", "单位", "仪表盘", "已移除任务", "变更记录"]),
  );
  const ledger = sheets["任务台账"];
  const ids = ledger.slice(1).map((row) => Number(row[0]));
  expect(ids).toHaveLength(118 - rev.removed.length + rev.added.length);
  const row3 = ledger.find((row) => row[0] === "3")!;
  if (!rev.removed.includes(3)) {
    expect(row3[10]).toBe("已召开专题会\n第二行说明");
    expect(row3[16]).toBe("王五");
  }
  const archived = sheets["已移除任务"]
    .slice(1)
    .filter((row) => row[1] === "任务")
    .map((row) => Number(row[2]));
  expect(archived.sort((a, b) => a - b)).toEqual([...rev.removed].sort((a, b) => a - b));
  expect(
    sheets["变更记录"]
      .slice(1)
      .filter((row) => row[1] === "新增" && row[2] === "任务台账")
      .map((row) => Number(row[3])),
  ).toEqual(rev.added);

  const s = spawnSync(process.execPath, [cliEntry(), "summary", out, "--json"], { encoding: "utf8" });
  const summary = JSON.parse(s.stdout);
  const kpi = sheets["仪表盘"][4];
  expect([kpi[0], kpi[1]]).toEqual([String(summary.overall.total), String(summary.overall.done)]);
});
