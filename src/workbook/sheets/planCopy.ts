/**
 * 计划原文 (hidden): the plan columns exactly as built, and the plan's title, date and year. Validation
 * compares staff edits against it; updates use it to tell plan changes from staff changes.
 */
import type { Plan } from "../../plan";
import { PLAN_COPY_HEADERS, PLAN_META, SHEETS } from "../../ledger/vocabulary";
import { date, emptySheet, type Cell, type SheetSpec } from "../spec";
import { lastDeadline } from "./ledger";

export function planCopySheet(plan: Plan): SheetSpec {
  const s = emptySheet(SHEETS.planCopy);
  s.hidden = true;
  s.columns = [8, 30, 40, 30, 30, 12, 4, 12, 40].map((width) => ({ width }));
  const rows: Cell[][] = [[...PLAN_COPY_HEADERS, null, PLAN_META.title, plan.title]];
  for (const t of plan.tasks) {
    rows.push([
      t.id,
      t.title,
      t.body,
      t.leadUnits.join("、"),
      t.responsibleUnits.length ? t.responsibleUnits.join("、") : (t.collectiveDuty ?? ""),
      date(lastDeadline(t)),
    ]);
  }
  // Title, date and year sit beside the table, in H1:I3.
  const meta: [string, Cell][] = [
    [PLAN_META.published, plan.published ?? ""],
    [PLAN_META.year, plan.year],
  ];
  meta.forEach(([label, value], i) => {
    const row = (rows[i + 1] ??= []);
    while (row.length < PLAN_COPY_HEADERS.length) row.push(null);
    row.push(null, label, value);
  });
  s.rows = rows;
  s.styles = [{ range: "F2:F" + (plan.tasks.length + 1), style: { numFmt: "yyyy-mm-dd" } }];
  return s;
}
