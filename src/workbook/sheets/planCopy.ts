/**
 * 计划原文 (hidden): the plan columns of every task and milestone exactly as last built, and the plan's
 * title, date and year. Validation compares staff edits against it; updates tell plan changes from staff
 * changes by it.
 */
import type { Plan } from "../../plan";
import { MILESTONE_COPY_HEADERS, PLAN_COLUMNS, PLAN_META, SHEETS } from "../../ledger/vocabulary";
import { date, emptySheet, type Cell, type SheetSpec } from "../spec";
import { deadlineNote, lastDeadline } from "./ledger";
import { milestonesOf } from "./milestones";

/** Columns of the blocks: tasks from A, milestones from K, the plan's facts from Q. */
export const COPY_COLUMNS = { tasks: 1, milestones: 11, meta: 17 } as const;

export function planCopySheet(plan: Plan): SheetSpec {
  const s = emptySheet(SHEETS.planCopy);
  s.hidden = true;
  const tasks: Cell[][] = plan.tasks.map((t) => [
    t.id,
    t.domain,
    t.title,
    t.body,
    t.leadUnits.join("、"),
    t.responsibleUnits.length ? t.responsibleUnits.join("、") : (t.collectiveDuty ?? ""),
    date(lastDeadline(t)),
    deadlineNote(t),
    t.targets.join("；"),
  ]);
  const milestones: Cell[][] = milestonesOf(plan).map((m) => [m.id, m.taskId, m.clause, date(m.due), m.lead]);
  const meta: Cell[][] = [
    [PLAN_META.title, plan.title],
    [PLAN_META.published, plan.published ?? ""],
    [PLAN_META.year, plan.year],
  ];
  const height = Math.max(tasks.length, milestones.length, meta.length) + 1;
  const rows: Cell[][] = [];
  for (let r = 0; r < height; r++) {
    const row: Cell[] = Array(COPY_COLUMNS.meta + 1).fill(null);
    const put = (col: number, cells: Cell[] | undefined) => cells?.forEach((c, i) => (row[col - 1 + i] = c));
    if (r === 0) {
      put(COPY_COLUMNS.tasks, [...PLAN_COLUMNS]);
      put(COPY_COLUMNS.milestones, [...MILESTONE_COPY_HEADERS]);
    } else {
      put(COPY_COLUMNS.tasks, tasks[r - 1]);
      put(COPY_COLUMNS.milestones, milestones[r - 1]);
    }
    put(COPY_COLUMNS.meta, meta[r]);
    rows.push(row);
  }
  s.rows = rows;
  s.columns = Array.from({ length: COPY_COLUMNS.meta + 1 }, () => ({ width: 12 }));
  s.styles = [
    { range: `G2:G${tasks.length + 1}`, style: { numFmt: "yyyy-mm-dd" } },
    { range: `N2:N${Math.max(milestones.length, 1) + 1}`, style: { numFmt: "yyyy-mm-dd" } },
  ];
  return s;
}
