/** 时间节点: one row per written deadline (12-1, 12-2, 12-3), tracked like a task. */
import type { Plan } from "../../plan";
import { AS_OF_NAME, LIST_KEY, PLAN_STATUS_HEADER, SHEETS, STATUSES, TABLES } from "../../ledger/vocabulary";
import { listKeyFormula, warningFor, warningFormula } from "../../ledger/warning";
import { date, emptySheet, formula, type SheetSpec } from "../spec";
import { BODY_CENTER, BODY_DATE, BODY_TEXT, warningColours } from "../styles";
import { columnStyles, extraColumn, fittedRowHeights, recordRows, type ColumnDef } from "./columns";
import { keptText, type Kept } from "../kept";
import { cachedListKey, doneDateRule, statusRule } from "./ledger";

export const MILESTONE_COLUMNS: ColumnDef[] = [
  { header: "节点编号", width: 10, body: BODY_CENTER },
  { header: "序号", width: 6, body: BODY_CENTER },
  { header: "节点内容", width: 60, body: BODY_TEXT },
  { header: "完成时限", width: 12, body: BODY_DATE },
  { header: "牵头单位", width: 22, body: BODY_TEXT },
  { header: "状态", width: 9, body: BODY_CENTER },
  { header: "完成日期", width: 12, body: BODY_DATE },
  { header: "预警", width: 9, body: BODY_CENTER, formula: true },
  { header: LIST_KEY, width: 8, body: BODY_CENTER, formula: true, hidden: true },
  { header: PLAN_STATUS_HEADER, width: 9, body: BODY_CENTER },
];

export interface MilestoneRow {
  id: string;
  taskId: number;
  clause: string;
  due: string;
  lead: string;
}

/**
 * The milestone model: a task's deadline is its last written one, so a task with a single written
 * deadline has nothing to track beyond the task itself and gets no milestone row (staff mark it done
 * once, in 任务台账). Only tasks with two or more written deadlines get milestones, one per deadline;
 * the last one shares the task's deadline. Validation checks that a task and its milestones agree.
 */
export function milestonesOf(plan: Plan): MilestoneRow[] {
  return plan.tasks.flatMap((t) => {
    const written = t.deadlines.filter((d) => !d.inferred);
    if (written.length < 2) return [];
    return written.map((d, k) => ({
      id: `${t.id}-${k + 1}`,
      taskId: t.id,
      clause: d.clause || t.title,
      due: d.date,
      lead: t.leadUnits.join("、"),
    }));
  });
}

export function freshMilestoneRecords(plan: Plan): Record<string, Kept>[] {
  return milestonesOf(plan).map((m) => ({
    节点编号: { cell: m.id },
    序号: { cell: m.taskId },
    节点内容: { cell: m.clause },
    完成时限: { cell: date(m.due) },
    牵头单位: { cell: m.lead },
    状态: { cell: STATUSES[0] },
  }));
}

export function milestonesSheet(
  plan: Plan,
  asOf: string,
  records = freshMilestoneRecords(plan),
  extras: string[] = [],
): SheetSpec {
  const s = emptySheet(SHEETS.milestones);
  s.tabColor = "FFED7D31";
  const cols = [...MILESTONE_COLUMNS, ...extras.map(extraColumn)];
  s.columns = cols.map((c) => ({ width: c.width, ...(c.hidden ? { hidden: true } : {}) }));
  const iso = (k: Kept | undefined) =>
    k?.cell && typeof k.cell === "object" && k.cell.kind === "date" ? k.cell.iso : null;
  const { rows, numberFormats } = recordRows(cols, records, (h, r, rec) => {
    const warning = () => warningFor(keptText(rec["状态"]), iso(rec["完成日期"]), iso(rec["完成时限"]), asOf);
    if (h === "预警") return formula(warningFormula(`F${r}`, `G${r}`, `D${r}`, AS_OF_NAME), warning());
    if (h === LIST_KEY)
      return formula(
        listKeyFormula(`A${r}`, `H${r}`, `D${r}`, 1, `J${r}`),
        cachedListKey(
          keptText(rec["节点编号"]),
          warning(),
          iso(rec["完成时限"]),
          r - 1,
          keptText(rec[PLAN_STATUS_HEADER]),
        ),
      );
    return undefined;
  });
  s.rows = rows;
  s.numberFormats = numberFormats;
  const n = records.length;
  s.styles = columnStyles(cols, n);
  s.table = { name: TABLES.milestones, headerRow: 1, rowCount: n, style: "TableStyleLight1" };
  s.freeze = { rows: 1, columns: 1 };
  s.rowHeights = { 1: 24, ...fittedRowHeights(cols, rows.slice(1)) };
  s.validations = n ? [statusRule(`F2:F${n + 1}`), doneDateRule(`G2:G${n + 1}`, plan)] : [];
  s.conditionalFormats = n ? [warningColours(`H2:H${n + 1}`)] : [];
  s.print = { paper: "A3", landscape: true, fitToWidth: true, repeatRows: "1:1" };
  return s;
}
