/** An updated ledger keeps the workbook's own 统计截止日期: the cached dashboard is computed for it, not for today. */
import { ledgerWorkbook, type MergedRecords } from "../../../src/workbook/ledgerWorkbook";
import { date, isFormulaCell } from "../../../src/workbook/spec";
import { seedPlan } from "../../support/ledgerFile";

const bulletinOf = (spec: ReturnType<typeof ledgerWorkbook>) => {
  const dash = spec.sheets.find((s) => s.name === "仪表盘")!;
  const row = dash.rows.find((r) => r[0] === "通报")!;
  return isFormulaCell(row[1]!) ? String(row[1].result) : "";
};

test("the kept date wins over the caller's default; an explicit date (forceAsOf) replaces it", async () => {
  const none = { headers: [], rows: [] };
  const merged: MergedRecords = {
    ...{ tasks: [], taskExtras: [], milestones: [], milestoneExtras: [], units: [], unitExtras: [] },
    removed: none,
    log: none,
    asOf: { cell: date("2022-09-30"), numFmt: "yyyy-mm-dd" },
  };
  const kept = ledgerWorkbook(seedPlan, { asOf: "2026-11-27", merged });
  expect(bulletinOf(kept)).toMatch(/^截至2022年9月30日，/);
  expect(kept.sheets[0].rows[3][1]).toEqual(merged.asOf!.cell);
  const forced = ledgerWorkbook(seedPlan, { asOf: "2022-08-15", merged, forceAsOf: true });
  expect(bulletinOf(forced)).toMatch(/^截至2022年8月15日，/);
  expect(forced.sheets[0].rows[3][1]).toEqual({ kind: "date", iso: "2022-08-15" });
});
