/**
 * Which cells of 仪表盘 and 说明 an update refreshes in a ledger an older version built (the seed built at
 * older commits, test/fixtures/older-ledgers), and which it leaves: staff notes beside the tool's cells, a
 * tool cell staff changed (named), a ledger already in this layout (nothing to do).
 */
import { readFileSync } from "fs";
import path from "path";
import { gridOfRole, openLedgerPackage } from "../../../src/render/xlsx/package/ledgerPackage";
import { writeXlsx } from "../../../src/render/xlsx/writeXlsx";
import { ledgerWorkbook, planSummary } from "../../../src/workbook/ledgerWorkbook";
import {
  cellShape,
  describeRefresh,
  figurelessSummary,
  isOwnedShape,
  planOwnedRefresh,
} from "../../../src/workbook/refreshOwned";
import type { SheetGrid } from "../../../src/ledger/grid";
import { seedPlan } from "../../support/ledgerFile";

const FIXTURES = path.join(__dirname, "..", "..", "fixtures", "older-ledgers");
const older = (f: string) => openLedgerPackage(readFileSync(path.join(FIXTURES, f)));
const summary = planSummary(seedPlan, "2022-09-30");

/** A copy of the grid with one cell set (value or formula). */
function withCell(g: SheetGrid, row: number, col: number, value: unknown, formula = ""): SheetGrid {
  const copy = {
    ...g,
    values: Array.from(g.values, (r) => [...(r ?? [])]),
    formulas: Array.from(g.formulas ?? [], (r) => [...(r ?? [])]),
  };
  const [i, j] = [row - g.firstRow, col - g.firstCol];
  while (copy.values.length <= i) copy.values.push([]);
  while (copy.formulas.length <= i) copy.formulas.push([]);
  (copy.values[i] ??= [])[j] = value;
  (copy.formulas[i] ??= [])[j] = formula;
  return copy;
}

const plan = (dashboard: SheetGrid | null, guide: SheetGrid | null) =>
  planOwnedRefresh({ summary, plan: seedPlan, dashboard, guide });

test("a ledger built before the 计划状态 column: its KPI, unit and list formulas are refreshed", () => {
  const lp = older("seed-763705a-before-plan-status.xlsx");
  const r = plan(gridOfRole(lp, "dashboard"), gridOfRole(lp, "guide"));
  const at = (row: number, col: number) => r.dashboard.find((w) => w.row === row && w.col === col);
  // A5 counted every numbered row, removed ones too; now it leaves 已移除 out.
  expect(at(5, 1)?.cell).toEqual(expect.objectContaining({ formula: expect.stringContaining("<>已移除") }));
  // A unit's figure: its name's count plus its aliases' on 别名统计 (no limit of three).
  expect(at(30, 2)?.cell).toEqual(
    expect.objectContaining({ formula: expect.stringContaining("'别名统计'!") }),
  );
  expect(r.kept).toEqual([]);
  // Without figures, the same cells are found to be due (the figures only give the cached results).
  const quick = planOwnedRefresh({
    summary: figurelessSummary(seedPlan, "2022-09-30"),
    plan: seedPlan,
    dashboard: gridOfRole(lp, "dashboard"),
    guide: gridOfRole(lp, "guide"),
  });
  const places = (ws: { row: number; col: number }[]) => ws.map((w) => `${w.row}:${w.col}`).sort();
  expect(places(quick.dashboard)).toEqual(places(r.dashboard));
  // 说明: the instructions on 计划状态 and aliases; the title, source and date stay as they are.
  expect(r.guide.map((w) => `${w.row}:${w.col}`)).toEqual(
    expect.arrayContaining(["7:3", "13:3", "25:1", "25:3"]),
  );
  expect(r.guide.some((w) => w.row <= 2 || (w.row === 4 && w.col === 2))).toBe(false);
  expect(describeRefresh(r)[0]).toMatch(
    /^已把台账助手写的公式和说明更新为新版：“仪表盘”\d+个单元格、“说明”\d+个单元格/,
  );
});

test("a ledger built by this version has nothing to refresh", async () => {
  const lp = openLedgerPackage(await writeXlsx(ledgerWorkbook(seedPlan, { asOf: "2022-09-30" })));
  const r = plan(gridOfRole(lp, "dashboard"), gridOfRole(lp, "guide"));
  expect([r.dashboard, r.guide, r.kept]).toEqual([[], [], []]);
  expect(describeRefresh(r)).toEqual([]);
  // The update's first look counts no figures: it finds the same nothing.
  const quick = planOwnedRefresh({
    summary: figurelessSummary(seedPlan, "2022-09-30"),
    plan: seedPlan,
    dashboard: gridOfRole(lp, "dashboard"),
    guide: gridOfRole(lp, "guide"),
  });
  expect([quick.dashboard, quick.guide]).toEqual([[], []]);
});

test("a note staff typed beside the tool's cells is never written; a tool cell staff changed is named", () => {
  const lp = older("seed-81b29e8-before-alias-sheet.xlsx");
  let dash = gridOfRole(lp, "dashboard")!;
  dash = withCell(dash, 3, 1, "会前请再核对"); // A3: no tool cell there
  dash = withCell(dash, 5, 7, 12, '=COUNTIF(Tasks[预警],"逾期")'); // G5: staff's own formula
  dash = withCell(dash, 2, 4, "本页仅供内部使用"); // D2: the tool's note, replaced by staff
  const r = plan(dash, gridOfRole(lp, "guide"));
  const touched = new Set(r.dashboard.map((w) => `${w.row}:${w.col}`));
  expect(touched.has("3:1")).toBe(false);
  expect(touched.has("5:7")).toBe(false);
  expect(touched.has("2:4")).toBe(false);
  expect(r.kept.map((k) => k.address).sort()).toEqual(["D2", "G5"]);
  expect(describeRefresh(r).join("\n")).toContain('仪表盘!G5（现为“=COUNTIF(Tasks[预警],"逾期")”）');
});

test("a ledger whose dashboard has no row for a unit of the ledger says so; its other rows keep their places", () => {
  const lp = older("seed-8d244ab-three-aliases.xlsx");
  const more = { ...summary, units: [...summary.units, { ...summary.units[0], name: "新设服务中心" }] };
  const r = planOwnedRefresh({
    summary: more,
    plan: seedPlan,
    dashboard: gridOfRole(lp, "dashboard"),
    guide: null,
  });
  expect(r.missingRows).toEqual(["牵头单位“新设服务中心”"]);
  expect(describeRefresh(r).join("\n")).toContain("仪表盘没有牵头单位“新设服务中心”的行");
  // The unit rows stay where the older layout put them: no write lands on the empty row below the table.
  const lastUnitRow = 30 + summary.units.length - 1;
  expect(r.dashboard.some((w) => w.row === lastUnitRow + 1 && w.col <= 11)).toBe(false);
});

test("shapes: rows, `$`, spaces and case do not matter; the words in quotes do", () => {
  const a = { formula: '=COUNTIFS(Tasks[序号],"<>",Tasks[状态],"已完成")', value: null };
  expect(cellShape(a)).toBe(
    cellShape({ formula: 'countifs( Tasks[序号] ,"<>",Tasks[状态],"已完成")', value: 0 }),
  );
  expect(cellShape(a)).not.toBe(
    cellShape({ formula: '=COUNTIFS(Tasks[序号],"<>",Tasks[状态],"推进中")', value: 0 }),
  );
  // An older layout's KPI formula is the tool's; a formula no layout wrote is not.
  const now = { kind: "formula" as const, formula: "1" };
  expect(isOwnedShape({ formula: '=COUNTIFS(Tasks[序号],"<>")', value: 118 }, now)).toBe(true);
  expect(isOwnedShape({ formula: '=COUNTIFS(Tasks[序号],"<>",Tasks[领域],"营商")', value: 3 }, now)).toBe(
    false,
  );
  expect(isOwnedShape({ value: "会前请再核对" }, now)).toBe(false);
});

test("shapes: a formula as LibreOffice re-saves it (sheet names without quotes) is the one the tool wrote", () => {
  // As the tool writes it, and as LibreOffice Calc writes it back on saving the ledger as .xlsx.
  const written = "SUMIF('别名统计'!$K$2:$K$301,\"=\"&$AC30,'别名统计'!$Q$2:$Q$301)+'计划原文'!$R$1";
  const resaved = 'SUMIF(别名统计!$K$2:$K$301,"="&$AC30,别名统计!$Q$2:$Q$301)+计划原文!$R$1';
  expect(cellShape({ formula: resaved, value: 28 })).toBe(cellShape({ formula: written, value: null }));
  expect(isOwnedShape({ formula: resaved, value: 28 }, { kind: "formula", formula: written })).toBe(true);
});
