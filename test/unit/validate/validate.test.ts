/** Validation on messy ledgers made from the seed: each rule flagged where it should be, and only there. */
import type { Workbook } from "../../../src/render/xlsx/excelts";
import { validateLedger } from "../../../src/ledger/validate/validate";
import { ALIAS_ROWS } from "../../../src/ledger/aliases";
import type { LedgerIssue } from "../../../src/ledger/validate/issue";
import { snapshotOf } from "../../../src/render/xlsx/readXlsx";
import { ledgerCell, seedPlan, seedWorkbook, setLedger, utcDate } from "../../support/ledgerFile";

const run = (wb: Workbook, asOf?: string) => validateLedger(snapshotOf(wb), { asOf, today: "2022-09-30" });
const at = (issues: LedgerIssue[], cell: string) =>
  issues.filter((i) => i.cell === cell && i.sheet === "任务台账");
const codesAt = (issues: LedgerIssue[], cell: string) => at(issues, cell).map((i) => i.code);

test("a clean ledger, and a properly filled one, raise nothing", async () => {
  const wb = await seedWorkbook();
  expect(run(wb).issues).toEqual([]);
  setLedger(wb, 1, "状态", "已完成");
  setLedger(wb, 1, "完成日期", utcDate("2022-08-15"), "yyyy-mm-dd");
  setLedger(wb, 2, "状态", "推进中");
  setLedger(wb, 2, "进展情况", "=已完成初稿，待审议");
  setLedger(wb, 3, "牵头单位", "行政审批服务部、发展环境保障部");
  setLedger(wb, 5, "责任单位", "区直各部门、各分支机构");
  const r = run(wb);
  expect(r.issues).toEqual([]);
  expect(r.asOf).toBe("2022-09-30");
});

describe("unit names", () => {
  test("unknown names get the closest registry name", async () => {
    const wb = await seedWorkbook();
    setLedger(wb, 1, "牵头单位", "行政审批部");
    setLedger(wb, 2, "责任单位", "发展环境保障部、税务分局、投资促进部");
    setLedger(wb, 13, "牵头单位", "自然资源规划分局");
    setLedger(wb, 4, "牵头单位", "宣传部");
    const { issues } = run(wb);
    const unknown = (cell: string) => at(issues, cell).find((i) => i.code === "UNIT_UNKNOWN")!;
    expect(unknown(ledgerCell(1, "牵头单位"))).toMatchObject({
      severity: "error",
      suggestion: "行政审批服务部",
      task: 1,
      value: "行政审批部",
    });
    expect(unknown(ledgerCell(2, "责任单位")).suggestion).toBe("税务局");
    expect(unknown(ledgerCell(13, "牵头单位")).suggestion).toBe("自然资源和规划分局");
    expect(unknown(ledgerCell(4, "牵头单位"))).toMatchObject({ suggestion: null });
    expect(unknown(ledgerCell(4, "牵头单位")).message).toContain("单位名录");
  });

  test("spaces, full-width forms and other separators: a warning proposing the clean form", async () => {
    const wb = await seedWorkbook();
    setLedger(wb, 2, "责任单位", " 发展环境保障部，税务局;投资促进部 ");
    setLedger(wb, 66, "责任单位", "高新控股集团、各镇（街道）、区直各部门、各产业发展服务中心、各分支机构");
    setLedger(wb, 7, "牵头单位", "行政审批 服务部");
    setLedger(wb, 4, "责任单位", "税务局 金融发展服务部");
    const { issues } = run(wb);
    expect(at(issues, ledgerCell(2, "责任单位"))).toEqual([
      expect.objectContaining({
        code: "UNIT_SEPARATOR",
        severity: "warning",
        suggestion: "发展环境保障部、税务局、投资促进部",
      }),
    ]);
    expect(codesAt(issues, ledgerCell(66, "责任单位"))).toEqual(["UNIT_NOT_NORMALIZED"]);
    expect(at(issues, ledgerCell(7, "牵头单位"))[0]).toMatchObject({
      code: "UNIT_NOT_NORMALIZED",
      suggestion: "行政审批服务部",
    });
    expect(at(issues, ledgerCell(4, "责任单位"))[0]).toMatchObject({
      code: "UNIT_SEPARATOR",
      suggestion: "税务局、金融发展服务部",
    });
  });

  test("a repeated unit, and lead units that differ from the plan", async () => {
    const wb = await seedWorkbook();
    setLedger(wb, 6, "责任单位", "公安分局、税务局、公安分局");
    setLedger(wb, 8, "牵头单位", "税务局");
    const { issues } = run(wb);
    expect(at(issues, ledgerCell(6, "责任单位"))[0]).toMatchObject({
      code: "UNIT_DUPLICATE",
      suggestion: "公安分局、税务局",
    });
    expect(at(issues, ledgerCell(8, "牵头单位"))).toEqual([
      expect.objectContaining({
        code: "UNIT_LEAD_CHANGED",
        severity: "warning",
        suggestion: "行政审批服务部",
      }),
    ]);
  });

  test("aliases registered in 单位 are valid; --fix writes them out as the registered name", async () => {
    const wb = await seedWorkbook();
    const units = wb.getWorksheet("单位")!;
    units.getCell("C2").value = "审批部，行政审批局";
    setLedger(wb, 1, "牵头单位", "审批部");
    setLedger(wb, 2, "牵头单位", "行政审批局");
    const issues = run(wb).issues;
    expect(issues.map((i) => [i.cell, i.code, i.severity, i.fix])).toEqual([
      ["E2", "UNIT_ALIAS", "warning", { text: "行政审批服务部" }],
      ["E3", "UNIT_ALIAS", "warning", { text: "行政审批服务部" }],
    ]);
  });

  test("a unit with many aliases: all count; past the formulas' total a warning on the 别名 cell, the rest not accepted", async () => {
    const wb = await seedWorkbook();
    const units = wb.getWorksheet("单位")!;
    units.getCell("C2").value = "审批部，行政审批局、审批中心；政务服务局";
    setLedger(wb, 1, "牵头单位", "审批中心");
    setLedger(wb, 2, "牵头单位", "政务服务局"); // the fourth alias counts too: no limit per unit
    // 别名统计 has a row for each of the first ALIAS_ROWS aliases of the table; the rest count for nobody.
    const many = Array.from({ length: ALIAS_ROWS - 4 }, (_, k) => `别称${k + 1}`);
    units.getCell("C3").value = many.join("、");
    units.getCell("C4").value = "最后一个、多出来的";
    setLedger(wb, 3, "牵头单位", "多出来的");
    const issues = run(wb).issues;
    const notCounted = issues.filter((i) => i.code === "ALIAS_NOT_COUNTED");
    expect(notCounted).toEqual([expect.objectContaining({ sheet: "单位", cell: "C4", severity: "warning" })]);
    expect(notCounted[0].message).toContain("“多出来的”不计入统计");
    expect(notCounted[0].message).toContain(`合计前${ALIAS_ROWS}个别名`);
    expect(codesAt(issues, "E2")).toEqual(["UNIT_ALIAS"]);
    expect(codesAt(issues, "E3")).toEqual(["UNIT_ALIAS"]);
    expect(codesAt(issues, "E4")).toEqual(["UNIT_UNKNOWN"]);
  });

  test("collective duties and collective names are valid even without the plan copy", async () => {
    const wb = await seedWorkbook();
    wb.removeWorksheet(wb.getWorksheet("计划原文")!.id);
    setLedger(wb, 10, "责任单位", "区直各部门");
    expect(run(wb).issues).toEqual([]);
  });
});

describe("dates", () => {
  test("real date cells pass; text dates in five shapes are proposed as dates", async () => {
    const wb = await seedWorkbook();
    const shapes = ["2022-07-31", "2022/7/31", "2022.7.31", "2022年7月31日", "20220731"];
    shapes.forEach((s, i) => {
      setLedger(wb, 20 + i, "状态", "已完成");
      setLedger(wb, 20 + i, "完成日期", s);
    });
    setLedger(wb, 30, "状态", "已完成");
    setLedger(wb, 30, "完成日期", utcDate("2022-07-31"), "yyyy-mm-dd");
    const { issues } = run(wb);
    shapes.forEach((s, i) => {
      expect(at(issues, ledgerCell(20 + i, "完成日期"))).toEqual([
        expect.objectContaining({
          code: "DATE_TEXT",
          severity: "warning",
          value: s,
          suggestion: "2022-07-31",
          fix: { date: "2022-07-31" },
        }),
      ]);
    });
    expect(at(issues, ledgerCell(30, "完成日期"))).toEqual([]);
  });

  test("impossible dates, text that is no date, out-of-range and future completion dates are errors", async () => {
    const wb = await seedWorkbook();
    const cases: [number, unknown, string][] = [
      [40, "2022-02-30", "DATE_INVALID"],
      [41, "7月底", "DATE_NOT_A_DATE"],
      [42, "已完成", "DATE_NOT_A_DATE"],
      [43, "明天", "DATE_NOT_A_DATE"],
      [44, utcDate("2022-03-01"), "DATE_OUT_OF_RANGE"],
      [45, utcDate("2024-01-05"), "DATE_OUT_OF_RANGE"],
      [46, utcDate("2022-10-20"), "DATE_AFTER_AS_OF"],
    ];
    for (const [task, v] of cases) {
      setLedger(wb, task, "状态", "已完成");
      setLedger(wb, task, "完成日期", v, v instanceof Date ? "yyyy-mm-dd" : undefined);
    }
    const { issues } = run(wb);
    for (const [task, , code] of cases) {
      expect([task, codesAt(issues, ledgerCell(task, "完成日期"))]).toEqual([task, [code]]);
      expect(at(issues, ledgerCell(task, "完成日期"))[0].severity).toBe("error");
    }
    // With a later as-of date, the October date is no longer in the future.
    expect(codesAt(run(wb, "2022-10-31").issues, ledgerCell(46, "完成日期"))).toEqual([]);
  });

  test("status and date must agree; a changed deadline is a warning", async () => {
    const wb = await seedWorkbook();
    setLedger(wb, 50, "状态", "已完成");
    setLedger(wb, 51, "状态", "推进中");
    setLedger(wb, 51, "完成日期", utcDate("2022-08-01"), "yyyy-mm-dd");
    setLedger(wb, 52, "完成时限", utcDate("2022-11-30"), "yyyy-mm-dd");
    const { issues } = run(wb);
    expect(at(issues, ledgerCell(50, "完成日期"))).toEqual([
      expect.objectContaining({ code: "DONE_WITHOUT_DATE", severity: "error" }),
    ]);
    expect(at(issues, ledgerCell(51, "完成日期"))).toEqual([
      expect.objectContaining({ code: "DATE_WITHOUT_DONE", severity: "warning" }),
    ]);
    expect(at(issues, ledgerCell(52, "完成时限"))).toEqual([
      expect.objectContaining({ code: "DEADLINE_CHANGED", suggestion: "2022-12-31" }),
    ]);
  });

  test("serials: the 1900 system with its leap-day quirk, and numbers without a date format", async () => {
    const wb = await seedWorkbook();
    setLedger(wb, 60, "状态", "已完成");
    setLedger(wb, 60, "完成日期", 44773, "General"); // 2022-07-31, typed into a General cell
    setLedger(wb, 61, "状态", "已完成");
    setLedger(wb, 61, "完成日期", 44773); // the same number in the column's date format is a date
    const { issues } = run(wb);
    expect(at(issues, ledgerCell(61, "完成日期"))).toEqual([]);
    expect(at(issues, ledgerCell(60, "完成日期"))).toEqual([
      expect.objectContaining({ code: "DATE_NOT_FORMATTED", severity: "warning", suggestion: "2022-07-31" }),
    ]);
  });
});

describe("statuses", () => {
  test("the vocabulary passes; synonyms are proposed; anything else is an error", async () => {
    const wb = await seedWorkbook();
    const cases: [number, string, string | null, string | null][] = [
      [70, "未启动", null, null],
      [71, "推进中", null, null],
      [72, "序时推进", "STATUS_SYNONYM", "推进中"],
      [73, "已办结", "STATUS_SYNONYM", "已完成"],
      [74, "未开始", "STATUS_SYNONYM", "未启动"],
      [75, " 推进中 ", "STATUS_NOT_NORMALIZED", "推进中"],
      [76, "差不多了", "STATUS_UNKNOWN", null],
      [77, "逾期", "STATUS_UNKNOWN", null],
    ];
    for (const [task, s] of cases) setLedger(wb, task, "状态", s);
    setLedger(wb, 73, "完成日期", utcDate("2022-08-01"), "yyyy-mm-dd");
    const { issues } = run(wb);
    for (const [task, , code, suggestion] of cases) {
      const found = at(issues, ledgerCell(task, "状态"));
      expect([task, found.map((i) => i.code)]).toEqual([task, code ? [code] : []]);
      if (code) expect(found[0].suggestion).toBe(suggestion);
    }
    expect(at(issues, ledgerCell(77, "状态"))[0].message).toContain("预警");
    // A synonym of 已完成 with its date counts as done: no DONE/DATE mismatch.
    expect(codesAt(issues, ledgerCell(73, "完成日期"))).toEqual([]);
  });
});

test("milestone rows are checked the same way", async () => {
  const wb = await seedWorkbook();
  const ms = wb.getWorksheet("时间节点")!;
  ms.getCell("F2").value = "完成";
  ms.getCell("G2").value = "2022/9/1";
  const issues = run(wb).issues.filter((i) => i.sheet === "时间节点");
  expect(issues.map((i) => [i.cell, i.code])).toEqual([
    ["F2", "STATUS_SYNONYM"],
    ["G2", "DATE_TEXT"],
  ]);
});

test("validating changes nothing in the workbook", async () => {
  const wb = await seedWorkbook();
  setLedger(wb, 1, "牵头单位", "行政审批部");
  const before = JSON.stringify(wb.getWorksheet("任务台账")!.getSheetValues());
  run(wb);
  expect(JSON.stringify(wb.getWorksheet("任务台账")!.getSheetValues())).toBe(before);
});

describe("the ledger against the plan copy", () => {
  const codes = (issues: LedgerIssue[]) => issues.map((i) => [i.cell, i.code, i.suggestion]);

  test("deleted rows: each missing task named with what the plan says", async () => {
    const wb = await seedWorkbook();
    const ledger = wb.getWorksheet("任务台账")!;
    ledger.spliceRows(5, 3); // tasks 4, 5, 6
    const missing = run(wb).issues.filter((i) => i.code === "TASK_MISSING");
    expect(missing.map((i) => [i.task, i.severity])).toEqual([
      [4, "error"],
      [5, "error"],
      [6, "error"],
    ]);
    expect(missing[2].message).toContain("推进企业变更“三零”服务");
  });

  test("a cleared 序号, a renumbered row, a duplicate and full-width digits: cell and the plan's number", async () => {
    const wb = await seedWorkbook();
    setLedger(wb, 3, "序号", null);
    setLedger(wb, 7, "序号", 70);
    setLedger(wb, 9, "序号", 10);
    setLedger(wb, 12, "序号", "１２");
    const issues = run(wb).issues;
    expect(codes(issues.filter((i) => i.code.startsWith("KEY_"))).sort()).toEqual([
      ["A10", "KEY_RENUMBERED", "9"],
      ["A13", "KEY_FULL_WIDTH", "12"],
      ["A4", "KEY_CLEARED", "3"],
      ["A8", "KEY_RENUMBERED", "7"],
    ]);
    expect(issues.find((i) => i.code === "KEY_FULL_WIDTH")?.fix).toEqual({ text: "12" });
    expect(issues.some((i) => i.code === "TASK_MISSING")).toBe(false);
    // A row copied twice is a duplicate.
    setLedger(wb, 20, "序号", 19);
    setLedger(wb, 20, "任务名称", seedPlan.tasks[18].title);
    expect(codes(run(wb).issues.filter((i) => i.code === "KEY_DUPLICATE"))).toEqual([
      ["A21", "KEY_DUPLICATE", null],
    ]);
  });

  test("cleared or changed plan columns: the cell and the plan's text", async () => {
    const wb = await seedWorkbook();
    setLedger(wb, 5, "牵头单位", "");
    setLedger(wb, 6, "任务名称", "另一个名称");
    const issues = run(wb).issues;
    expect(codes(issues)).toEqual([
      ["E6", "PLAN_CELL_CLEARED", seedPlan.tasks[4].leadUnits.join("、")],
      ["C7", "PLAN_CELL_CHANGED", "推进企业变更“三零”服务"],
    ]);
    expect(issues[0].severity).toBe("error");
  });

  test("a task and its milestones must agree on 已完成", async () => {
    const wb = await seedWorkbook();
    const ms = wb.getWorksheet("时间节点")!;
    setLedger(wb, 12, "状态", "已完成");
    setLedger(wb, 12, "完成日期", utcDate("2022-09-01"), "yyyy-mm-dd");
    ms.getCell("F2").value = "已完成"; // 12-1 done, 12-2 and 12-3 still open
    ms.getCell("G2").value = utcDate("2022-07-30");
    for (const r of [5, 6]) {
      ms.getCell(`F${r}`).value = "已完成"; // all of task 32's milestones done, the task not
      ms.getCell(`G${r}`).value = utcDate("2022-08-30");
    }
    expect(codes(run(wb).issues)).toEqual([
      ["F3", "MILESTONE_OPEN_TASK_DONE", null],
      ["F4", "MILESTONE_OPEN_TASK_DONE", null],
      ["J33", "TASK_OPEN_MILESTONES_DONE", null],
    ]);
  });
});

describe("the tool's 计划状态 column", () => {
  const planStatus = (issues: LedgerIssue[], cell: string) =>
    issues.filter((i) => i.cell === cell && i.code.startsWith("PLAN_STATUS"));

  test("a hand-typed variant of 已移除 counts (as the formulas count it) and is flagged at its cell", async () => {
    const wb = await seedWorkbook();
    setLedger(wb, 4, "计划状态", "已移除 ");
    setLedger(wb, 5, "计划状态", "已移除\u3000");
    setLedger(wb, 6, "计划状态", "取消");
    const snapshot = snapshotOf(wb);
    // Still rows of the ledger: every figure counts them, as COUNTIFS "<>已移除" does.
    expect(snapshot.ledger.rows.map((r) => Number(r.cells["序号"].value))).toEqual(
      expect.arrayContaining([4, 5, 6]),
    );
    const { issues } = validateLedger(snapshot, { today: "2022-09-30" });
    for (const [task, value] of [
      [4, "已移除 "],
      [5, "已移除\u3000"],
      [6, "取消"],
    ] as const) {
      const found = planStatus(issues, ledgerCell(task, "计划状态"));
      expect(found).toEqual([
        expect.objectContaining({ code: "PLAN_STATUS_EDITED", severity: "error", task, value }),
      ]);
      expect(found[0].message).toContain(`任务台账!${ledgerCell(task, "计划状态")}`);
      expect(found[0].message).toContain("仍计入全部统计");
      expect(found[0].message).toContain("请清空此单元格");
    }
    expect(planStatus(issues, ledgerCell(4, "计划状态"))[0].message).toContain("多了空格");
  });

  test("the exact mark typed by hand on a task the plan still has: flagged once, not as a missing row", async () => {
    const wb = await seedWorkbook();
    setLedger(wb, 7, "计划状态", "已移除");
    const snapshot = snapshotOf(wb);
    expect(snapshot.ledger.rows.some((r) => r.cells["序号"].value === 7)).toBe(false);
    const { issues } = validateLedger(snapshot, { today: "2022-09-30" });
    expect(issues.filter((i) => i.task === 7)).toEqual([
      expect.objectContaining({
        code: "PLAN_STATUS_TYPED",
        cell: ledgerCell(7, "计划状态"),
        value: "已移除",
      }),
    ]);
    expect(issues[0].message).toContain("计划原文中仍有序号 7");
  });
});
