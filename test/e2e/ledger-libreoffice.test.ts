/**
 * The built workbook in a real spreadsheet engine: LibreOffice opens it, recalculates every formula and
 * the figures must be what the ledger's rules say.
 */
import { spawnSync } from "child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import path from "path";
import { Workbook } from "../../src/render/xlsx/excelts";
import { parsePlan } from "../../src/plan";
import { warningFor } from "../../src/ledger/warning";
import { lastDeadline } from "../../src/workbook/sheets/ledger";
import { seedText } from "../support/files";
import { cliEntry } from "./engines";
import { recalcSheets } from "./libreoffice";

const plan = parsePlan(seedText());
let file: string;

beforeAll(() => {
  const dir = mkdtempSync(path.join(tmpdir(), "pl-e2e-"));
  file = path.join(dir, "ledger.xlsx");
  const r = spawnSync(process.execPath, [cliEntry(), "build", "-o", file, "--as-of", "2022-07-01"], {
    encoding: "utf8",
  });
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
});

/** Change the as-of date in the file without touching cached results: only a real recalculation gets it right. */
async function withAsOf(asOf: string): Promise<string> {
  const wb = new Workbook();
  await wb.xlsx.load(readFileSync(file));
  wb.getWorksheet("说明")!.getCell("B4").value = new Date(`${asOf}T00:00:00Z`);
  const out = file.replace(".xlsx", `-${asOf}.xlsx`);
  writeFileSync(out, Buffer.from(await wb.xlsx.writeBuffer()));
  return out;
}

test("all sheets (the plan copy and the alias counts hidden), 118 ledger rows with the right tasks", () => {
  const sheets = recalcSheets(file);
  expect(Object.keys(sheets).sort()).toEqual(
    ["任务台账", "仪表盘", "单位", "时间节点", "说明", "别名统计", "计划原文"].sort(),
  );
  const ledger = sheets["任务台账"];
  expect(ledger[0]).toEqual([
    "序号",
    "领域",
    "任务名称",
    "任务内容",
    "牵头单位",
    "责任单位",
    "完成时限",
    "时限说明",
    "量化指标",
    "状态",
    "进展情况",
    "完成日期",
    "佐证材料",
    "预警",
    "备注",
    "清单排序",
    "计划状态",
  ]);
  expect(ledger).toHaveLength(119);
  for (const t of plan.tasks) {
    const row = ledger[t.id];
    expect([row[0], row[2], row[4], row[6], row[9]]).toEqual([
      String(t.id),
      t.title,
      t.leadUnits.join("、"),
      lastDeadline(t),
      "未启动",
    ]);
  }
  expect(ledger[12][7]).toBe("7月底前；10月底前；10月底前");
  expect(ledger[1][7]).toBe("未写明（按年底计）");
});

test("milestones: one row per written deadline of tasks with two or more, numbered 12-1, 12-2, 12-3", () => {
  const ms = recalcSheets(file)["时间节点"];
  const expected = plan.tasks.reduce((n, t) => {
    const written = t.deadlines.filter((d) => !d.inferred).length;
    return n + (written >= 2 ? written : 0);
  }, 0);
  expect(ms).toHaveLength(expected + 1);
  const twelve = ms.filter((r) => r[1] === "12").map((r) => [r[0], r[3]]);
  expect(twelve).toEqual([
    ["12-1", "2022-07-31"],
    ["12-2", "2022-10-31"],
    ["12-3", "2022-10-31"],
  ]);
});

test("the registry with live task counts", () => {
  const units = recalcSheets(file)["单位"];
  expect(units).toHaveLength(29);
  for (const u of plan.units) {
    const row = units.find((r) => r[0] === u.name)!;
    expect([row[1], row[3], row[4]]).toEqual([
      u.collective ? "集体" : "单位",
      String(u.leadTasks.length),
      String(u.supportTasks.length),
    ]);
  }
});

test.each(["2022-07-25", "2022-09-30", "2023-01-10"])("预警 recalculated for as-of %s", async (asOf) => {
  const sheets = recalcSheets(await withAsOf(asOf));
  expect(sheets["说明"][3][1]).toBe(asOf);
  for (const t of plan.tasks) {
    expect([t.id, sheets["任务台账"][t.id][13]]).toEqual([
      t.id,
      warningFor("未启动", null, lastDeadline(t), asOf),
    ]);
  }
  for (const row of sheets["时间节点"].slice(1)) {
    expect([row[0], row[7]]).toEqual([row[0], warningFor("未启动", null, row[3], asOf)]);
  }
});

test("the dropdown and the date rule are in the file", async () => {
  const wb = new Workbook();
  await wb.xlsx.load(readFileSync(file));
  const ws = wb.getWorksheet("任务台账")!;
  const model = (
    ws as unknown as { dataValidations: { model: Record<string, { type: string; formulae: unknown[] }> } }
  ).dataValidations.model;
  const rules = Object.entries(model).map(([k, v]) => [k, v.type]);
  expect(rules).toEqual(
    expect.arrayContaining([
      ["range:J2:J119", "list"],
      ["range:L2:L119", "date"],
    ]),
  );
  expect(model["range:J2:J119"].formulae).toEqual(['"未启动,推进中,已完成"']);
});
