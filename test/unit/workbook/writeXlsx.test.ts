/** The .xlsx writer: what it writes reads back the same with the library. */
import { Workbook } from "../../../src/render/xlsx/excelts";
import { parsePlan } from "../../../src/plan";
import { writeXlsx } from "../../../src/render/xlsx/writeXlsx";
import { ledgerWorkbook } from "../../../src/workbook/ledgerWorkbook";
import { seedText } from "../../support/files";

async function roundTrip(text: string, asOf = "2022-09-30") {
  const bytes = await writeXlsx(ledgerWorkbook(parsePlan(text), { asOf }));
  const wb = new Workbook();
  await wb.xlsx.load(bytes as never);
  return wb;
}

test("the seed's workbook reads back: values, dates, formulas, tables, names", async () => {
  const wb = await roundTrip(seedText());
  expect(wb.worksheets.map((w) => w.name)).toEqual([
    "说明",
    "仪表盘",
    "任务台账",
    "时间节点",
    "单位",
    "别名统计",
    "计划原文",
  ]);
  expect(wb.getWorksheet("计划原文")!.state).toBe("hidden");
  const ws = wb.getWorksheet("任务台账")!;
  expect(ws.getCell("C2").value).toBe("强化企业开办“4012”品牌效应");
  expect((ws.getCell("G13").value as Date).toISOString().slice(0, 10)).toBe("2022-10-31");
  expect(ws.getCell("N2").value).toMatchObject({
    formula: expect.stringContaining("统计截止日期"),
    result: "正常",
  });
  expect(ws.getCell("J2").value).toBe("未启动");
  expect(ws.getCell("G2").numFmt).toBe("yyyy-mm-dd");
  expect(ws.views[0]).toMatchObject({ state: "frozen", xSplit: 3, ySplit: 1 });
  expect(ws.pageSetup).toMatchObject({ paperSize: 8, orientation: "landscape", fitToWidth: 1 });
  expect(Object.keys((ws as unknown as { tables: object }).tables ?? {})).toContain("Tasks");
  expect(wb.definedNames.getRanges("统计截止日期").ranges).toEqual(["'说明'!$D$4"]);
});

test("text that starts with = + - @ is written as text, not a formula", async () => {
  const wb = await roundTrip(
    "某区2024年计划\n（一）领域\n1.=SUM(A1:A9)任务。-1天@x〔牵头单位:+A局〕",
    "2024-01-01",
  );
  const ws = wb.getWorksheet("任务台账")!;
  expect(ws.getCell("C2").value).toBe("=SUM(A1:A9)任务");
  expect(ws.getCell("E2").value).toBe("+A局");
});
