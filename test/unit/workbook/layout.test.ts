/** The declarative layout, checked directly: no file, no engine. */
import { ROUND_SECTION_MARKERS } from "../../../src/ledger/vocabulary";
import { parsePlan } from "../../../src/plan";
import { ledgerWorkbook } from "../../../src/workbook/ledgerWorkbook";
import { isFormulaCell, type SheetSpec } from "../../../src/workbook/spec";
import { warningFor } from "../../../src/ledger/warning";
import { seedText } from "../../support/files";

const plan = parsePlan(seedText());
const spec = ledgerWorkbook(plan, { asOf: "2022-09-30" });
const sheet = (name: string): SheetSpec => spec.sheets.find((s) => s.name === name)!;

test("sheets in order, the as-of date named for every formula", () => {
  expect(spec.sheets.map((s) => s.name)).toEqual([
    "说明",
    "仪表盘",
    "任务台账",
    "时间节点",
    "单位",
    "别名统计",
    "计划原文",
  ]);
  expect(spec.sheets.map((s) => s.hidden ?? false)).toEqual([false, false, false, false, false, true, true]);
  expect(spec.names[0]).toEqual({ name: "统计截止日期", ref: "说明!$D$4" });
  // Every sheet is marked as the tool's by a name that refers to it (and follows it when renamed).
  expect(
    spec.names
      .filter(
        (n) =>
          n.name.startsWith("PlanLedger_") &&
          !n.name.includes("PlanStatus") &&
          !(Object.values(ROUND_SECTION_MARKERS) as string[]).includes(n.name),
      )
      .map((n) => n.ref)
      .sort(),
  ).toEqual(spec.sheets.map((s) => `'${s.name}'!$A$1`).sort());
  // The 计划状态 columns, there from the start, are marked by the names an update finds them by.
  expect(spec.names.filter((n) => n.name.includes("PlanStatus"))).toEqual([
    { name: "PlanLedger_PlanStatus", ref: "'任务台账'!$Q$1" },
    { name: "PlanLedger_MilestonePlanStatus", ref: "'时间节点'!$J$1" },
  ]);
  expect(sheet("任务台账").rows[0][16]).toBe("计划状态");
  expect(sheet("时间节点").rows[0][9]).toBe("计划状态");
  expect(sheet("说明").rows[3]).toEqual([
    "统计截止日期",
    { kind: "date", iso: "2022-09-30" },
    expect.any(String),
    // The value every formula reads: the date, or today while it is empty (as the commands do).
    { kind: "formula", formula: "IF(ISNUMBER($B$4),$B$4,TODAY())", result: 44834 },
  ]);
});

test("ledger: a table of 118 rows, staff columns distinct, dropdown and date rules, frozen header, A3 print", () => {
  const s = sheet("任务台账");
  expect(s.table).toEqual({ name: "Tasks", headerRow: 1, rowCount: 118, style: "TableStyleLight1" });
  expect(s.validations.map((v) => [v.range, v.rule.type])).toEqual([
    ["J2:J119", "list"],
    ["L2:L119", "date"],
  ]);
  expect(s.validations[1].prompt?.message).toMatch(/请输入实际完成日期/);
  expect(s.freeze).toEqual({ rows: 1, columns: 3 });
  expect(s.print).toEqual({ paper: "A3", landscape: true, fitToWidth: true, repeatRows: "1:1" });
  const header = (col: string) => s.styles.find((x) => x.range === `${col}1`)!.style.fill;
  expect(header("A")).not.toBe(header("J")); // 序号 (plan) vs 状态 (staff)
  expect(header("J")).toBe(header("K"));
});

test("预警 formulas carry the engine's value as their cached result", () => {
  const s = sheet("任务台账");
  for (const row of s.rows.slice(1)) {
    const w = row[13];
    expect(isFormulaCell(w!)).toBe(true);
    if (!isFormulaCell(w!)) continue;
    const due = (row[6] as { iso: string }).iso;
    expect(w.result).toBe(warningFor("未启动", null, due, "2022-09-30"));
    expect(w.formula).toContain("统计截止日期");
  }
});

test("formulas use only functions Excel 2016 and LibreOffice 7.4 compute", () => {
  // Each present in Excel 2007+, WPS and LibreOffice; none of 365's FILTER, SORT, LET, TEXTJOIN.
  const allowed = new Set([
    ...[
      "IF",
      "ISNUMBER",
      "TODAY",
      "SUMIF",
      "SUMPRODUCT",
      "LEN",
      "AND",
      "OR",
      "IFERROR",
      "COUNTIF",
      "COUNTIFS",
      "COUNTA",
      "MIN",
      "MAX",
      "DATE",
    ],
    ...[
      "INDEX",
      "MATCH",
      "SMALL",
      "LARGE",
      "SUBSTITUTE",
      "MID",
      "REPT",
      "TRIM",
      "INT",
      "MOD",
      "ROUND",
      "ROW",
    ],
    ...["YEAR", "MONTH", "DAY"],
  ]);
  for (const s of spec.sheets) {
    for (const row of s.rows) {
      for (const c of row) {
        if (c === null || !isFormulaCell(c)) continue;
        for (const [, fn] of c.formula.matchAll(/([A-Z][A-Z0-9.]*)\(/g)) expect(allowed).toContain(fn);
      }
    }
  }
});

test("plan text that looks like a formula is kept as text", () => {
  const tricky = parsePlan(
    '某区2024年计划\n（一）领域\n1.=SUM(A1:A9)任务。+1 -2 @x〔牵头单位:=HYPERLINK("x")〕',
  );
  const s = ledgerWorkbook(tricky, { asOf: "2024-01-01" }).sheets.find((x) => x.name === "任务台账")!;
  expect(s.rows[1][2]).toBe("=SUM(A1:A9)任务");
  expect(typeof s.rows[1][4]).toBe("string");
});

test("milestones and units", () => {
  const ms = sheet("时间节点");
  expect(ms.rows.filter((r) => r[1] === 12).map((r) => r[0])).toEqual(["12-1", "12-2", "12-3"]);
  const units = sheet("单位");
  expect(units.rows).toHaveLength(29);
  expect(units.rows[1].slice(0, 3)).toEqual(["行政审批服务部", "单位", null]);
});

test("rows are tall enough for their wrapped text", () => {
  const s = sheet("任务台账");
  const longest = plan.tasks.reduce((a, t) => (t.body.length > a.body.length ? t : a));
  expect(s.rowHeights![longest.id + 1]).toBeGreaterThan(60);
});
