/** 时间节点: one row per written deadline (12-1, 12-2, 12-3), tracked like a task. */
import type { Plan } from "../../plan";
import { AS_OF_NAME, MILESTONE_HEADERS, SHEETS, STATUSES, TABLES } from "../../ledger/vocabulary";
import { warningFor, warningFormula } from "../../ledger/warning";
import { date, emptySheet, formula, type Cell, type SheetSpec } from "../spec";
import { BODY_CENTER, BODY_DATE, BODY_TEXT, warningColours } from "../styles";
import { columnStyles, fittedRowHeights, type ColumnDef } from "./columns";
import { doneDateRule, statusRule } from "./ledger";

export const MILESTONE_COLUMNS: ColumnDef[] = [
  { header: "节点编号", width: 10, body: BODY_CENTER },
  { header: "序号", width: 6, body: BODY_CENTER },
  { header: "节点内容", width: 60, body: BODY_TEXT },
  { header: "完成时限", width: 12, body: BODY_DATE },
  { header: "牵头单位", width: 22, body: BODY_TEXT },
  { header: "状态", width: 9, body: BODY_CENTER },
  { header: "完成日期", width: 12, body: BODY_DATE },
  { header: "预警", width: 9, body: BODY_CENTER, formula: true },
];

export interface MilestoneRow {
  id: string;
  taskId: number;
  clause: string;
  due: string;
  lead: string;
}

/** Written deadlines only: a task whose deadline is inferred has no milestone of its own. */
export function milestonesOf(plan: Plan): MilestoneRow[] {
  return plan.tasks.flatMap((t) =>
    t.deadlines
      .filter((d) => !d.inferred)
      .map((d, k) => ({
        id: `${t.id}-${k + 1}`,
        taskId: t.id,
        clause: d.clause || t.title,
        due: d.date,
        lead: t.leadUnits.join("、"),
      })),
  );
}

export function milestonesSheet(plan: Plan, asOf: string): SheetSpec {
  const s = emptySheet(SHEETS.milestones);
  s.tabColor = "FFED7D31";
  s.columns = MILESTONE_COLUMNS.map((c) => ({ width: c.width }));
  const rows: Cell[][] = [[...MILESTONE_HEADERS]];
  const ms = milestonesOf(plan);
  ms.forEach((m, i) => {
    const r = i + 2;
    rows.push([
      m.id,
      m.taskId,
      m.clause,
      date(m.due),
      m.lead,
      STATUSES[0],
      null,
      formula(
        warningFormula(`F${r}`, `G${r}`, `D${r}`, AS_OF_NAME),
        warningFor(STATUSES[0], null, m.due, asOf),
      ),
    ]);
  });
  s.rows = rows;
  const n = ms.length;
  s.styles = columnStyles(MILESTONE_COLUMNS, n);
  s.table = { name: TABLES.milestones, headerRow: 1, rowCount: n, style: "TableStyleLight1" };
  s.freeze = { rows: 1, columns: 1 };
  s.rowHeights = { 1: 24, ...fittedRowHeights(MILESTONE_COLUMNS, rows.slice(1)) };
  s.validations = n ? [statusRule(`F2:F${n + 1}`), doneDateRule(`G2:G${n + 1}`, plan)] : [];
  s.conditionalFormats = n ? [warningColours(`H2:H${n + 1}`)] : [];
  s.print = { paper: "A3", landscape: true, fitToWidth: true, repeatRows: "1:1" };
  return s;
}
