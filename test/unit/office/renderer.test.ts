/**
 * The Office.js renderer against the strict in-memory fake: the same workbook as the .xlsx writer, and
 * sync counts that do not grow with the rows. (What this cannot show: Excel's own behaviour; see README.)
 */
import { parsePlan } from "../../../src/plan";
import { capabilitiesFor } from "../../../src/render/office/capabilities";
import { ActionError, HIGHLIGHT, WorkbookHost } from "../../../src/render/office/host";
import {
  fakeRun,
  REQUEST_LIMIT_BYTES,
  supportsOf,
  type SyncStats,
} from "../../../src/render/office/memory/fakeExcel";
import { getCell, newWorkbook, type MemoryWorkbook } from "../../../src/render/office/memory/state";
import { writeXlsx } from "../../../src/render/xlsx/writeXlsx";
import { ledgerWorkbook } from "../../../src/workbook/ledgerWorkbook";
import { syntheticPlan } from "../../../bench/synthetic";
import { fromMemory, fromXlsx } from "../../support/memoryCompare";
import { seedPlan } from "../../support/ledgerFile";

const ASOF = "2022-09-30";

function setup(apiMinor = 13) {
  const book = newWorkbook(apiMinor);
  const stats: SyncStats = { syncs: 0, requestBytes: [] };
  const host = new WorkbookHost(fakeRun(book, stats), capabilitiesFor(supportsOf(book)), () => ASOF);
  return { book, stats, host };
}

const sheet = (book: MemoryWorkbook, name: string) => book.sheets.find((s) => s.name === name)!;

test("generate writes the same cells as the .xlsx writer, in at most 3 syncs", async () => {
  const { book, stats, host } = setup();
  const result = await host.generate(seedPlan, ASOF);
  expect(stats.syncs).toBeLessThanOrEqual(3);
  expect(result.skipped).toEqual([]);
  const fromFake = fromMemory(book);
  const fromFile = await fromXlsx(await writeXlsx(ledgerWorkbook(seedPlan, { asOf: ASOF })));
  expect(Object.keys(fromFake)).toEqual(Object.keys(fromFile));
  for (const name of Object.keys(fromFile)) expect([name, fromFake[name]]).toEqual([name, fromFile[name]]);
  expect(sheet(book, "任务台账").tables).toEqual([
    { name: "Tasks", address: "'任务台账'!A1:Q119", style: "TableStyleLight1" },
  ]);
  expect(sheet(book, "任务台账").validations.map((v) => v.address)).toEqual(["J2:J119", "L2:L119"]);
  expect(sheet(book, "任务台账").conditionalFormats).toHaveLength(5);
  // Domains, units, months, and the round's trend (完成率 and 序时进度 by period).
  expect(sheet(book, "仪表盘").charts.map((c) => c.series.length)).toEqual([3, 1, 2, 2]);
  expect(sheet(book, "计划原文").visibility).toBe("Hidden");
  expect(book.names.get("统计截止日期")).toBe("说明!$D$4");
  // The plan-status columns the dashboard's formulas read, marked for later updates, as in the .xlsx.
  expect(sheet(book, "任务台账").tables[0].address).toMatch(/:Q119$/);
  expect(book.names.get("PlanLedger_PlanStatus")).toBe("'任务台账'!$Q$1");
  expect(book.names.get("PlanLedger_MilestonePlanStatus")).toBe("'时间节点'!$J$1");
  expect(book.sheets.map((s) => s.name)).toEqual([
    "说明",
    "仪表盘",
    "任务台账",
    "时间节点",
    "单位",
    "别名统计",
    "计划原文",
  ]);
});

// Syncs and real request bytes at 10,000 tasks are measured through Microsoft's library (realLibrary.test.ts).
test("10,000 tasks: every request under 5 MB", async () => {
  const { stats, host } = setup();
  await host.generate(parsePlan(syntheticPlan(10_000)), ASOF);
  expect(Math.max(...stats.requestBytes)).toBeLessThan(REQUEST_LIMIT_BYTES);
});

test("plan text that looks like a formula or a number stays text", async () => {
  const { book, host } = setup();
  await host.generate(
    parsePlan("某区2024年计划\n（一）领域\n1.=SUM(A1)任务。-5%的目标〔牵头单位:+A局〕"),
    "2024-03-01",
  );
  const ledger = sheet(book, "任务台账");
  expect(getCell(ledger, 2, 3)).toMatchObject({ value: "=SUM(A1)任务", formula: undefined });
  expect(getCell(ledger, 2, 5).value).toBe("+A局");
});

test("generate refuses a workbook that already has a ledger and writes nothing", async () => {
  const { book, stats, host } = setup();
  await host.generate(seedPlan, ASOF);
  const before = JSON.stringify(fromMemory(book));
  stats.syncs = 0;
  await expect(host.generate(seedPlan, ASOF)).rejects.toThrow(ActionError);
  await expect(host.generate(seedPlan, ASOF)).rejects.toThrow(/已有工作表/);
  expect(JSON.stringify(fromMemory(book))).toBe(before);
  expect(await host.hasLedger()).toBe(true);
});

test("validate: the extent, then the cells in one request; the same issues as the .xlsx path", async () => {
  const { book, stats, host } = setup();
  await host.generate(seedPlan, ASOF);
  const ledger = sheet(book, "任务台账");
  getCell(ledger, 2, 5).value = "行政审批部";
  getCell(ledger, 3, 10).value = "已办结";
  getCell(ledger, 4, 12).value = "2022/8/1";
  stats.syncs = 0;
  const r = await host.validate();
  expect(stats.syncs).toBe(2);
  expect(r.asOf).toBe(ASOF);
  expect(r.issues.map((i) => [i.cell, i.code])).toEqual([
    ["E2", "UNIT_UNKNOWN"],
    ["J3", "STATUS_SYNONYM"],
    ["L3", "DONE_WITHOUT_DATE"],
    ["L4", "DATE_TEXT"],
    ["L4", "DATE_WITHOUT_DONE"],
  ]);
});

test("refresh rewrites the dashboard in at most 3 syncs and leaves every ledger cell as it was", async () => {
  const { book, stats, host } = setup();
  await host.generate(seedPlan, ASOF);
  const ledger = sheet(book, "任务台账");
  getCell(ledger, 2, 10).value = "已完成";
  getCell(ledger, 2, 11).value = "=这是工作人员写的进展，不是公式";
  getCell(ledger, 2, 12).value = 44770;
  const before = JSON.stringify(fromMemory(book)["任务台账"]);
  stats.syncs = 0;
  const { summary } = await host.refreshDashboard();
  expect(stats.syncs).toBeLessThanOrEqual(3);
  expect(summary.overall.done).toBe(1);
  expect(JSON.stringify(fromMemory(book)["任务台账"])).toBe(before);
  expect(book.sheets.map((s) => s.name)[1]).toBe("仪表盘");
  expect(sheet(book, "仪表盘").charts).toHaveLength(4);
});

test("Office 2016 (ExcelApi 1.1): the core is written and the missing extras are named", async () => {
  const { book, host } = setup(1);
  const r = await host.generate(seedPlan, ASOF);
  expect(sheet(book, "任务台账").validations).toEqual([]);
  expect(sheet(book, "任务台账").conditionalFormats).toEqual([]);
  expect(r.skipped.join("\n")).toMatch(/下拉列表.*1\.8/);
  expect(r.skipped.join("\n")).toMatch(/预警着色.*1\.6/);
  expect(r.skipped.join("\n")).toMatch(/图表.*1\.7/);
  expect(Object.keys(fromMemory(book)["任务台账"]).length).toBeGreaterThan(118 * 9);
});

test("highlight colours the cells and clearing puts their own fill back", async () => {
  const { book, host } = setup();
  await host.generate(seedPlan, ASOF);
  const ledger = sheet(book, "任务台账");
  const before = [getCell(ledger, 2, 5).style.fill, getCell(ledger, 3, 10).style.fill];
  const n = await host.highlight([
    {
      sheet: "任务台账",
      cell: "E2",
      task: 1,
      code: "UNIT_UNKNOWN",
      severity: "error",
      message: "",
      value: "",
      suggestion: null,
    },
    {
      sheet: "任务台账",
      cell: "J3",
      task: 2,
      code: "STATUS_SYNONYM",
      severity: "warning",
      message: "",
      value: "",
      suggestion: null,
    },
  ]);
  expect(n).toBe(2);
  expect([getCell(ledger, 2, 5).style.fill, getCell(ledger, 3, 10).style.fill]).toEqual([
    HIGHLIGHT.error,
    HIGHLIGHT.warning,
  ]);
  await host.clearHighlight();
  expect([getCell(ledger, 2, 5).style.fill, getCell(ledger, 3, 10).style.fill]).toEqual(before);
});

/* eslint-disable office-addins/call-sync-before-read, office-addins/load-object-before-read, office-addins/call-sync-after-load, office-addins/no-empty-load -- these lines break the rules on purpose, to show the fake refuses what Excel refuses */
describe("the fake is strict like Excel", () => {
  test("reading before load and sync throws; writes apply only at sync", async () => {
    const book = newWorkbook();
    const run = fakeRun(book);
    await run(async (ctx) => {
      const ws = ctx.workbook.worksheets.add("S");
      const r = ws.getRange("A1:B1");
      r.values = [[1, 2]];
      expect(book.sheets).toHaveLength(0);
      expect(() => r.values).toThrow(/PropertyNotLoaded/);
      r.load("values");
      expect(() => r.values).toThrow(/PropertyNotLoaded/);
      await ctx.sync();
      expect(r.values).toEqual([[1, 2]]);
      expect(() => r.load([])).toThrow(/naming the properties/);
      ws.getRange("A1:B2").values = [[1, 2]];
      await expect(ctx.sync()).rejects.toThrow(/do not fit/);
    });
  });
});
