/** 任务台账: one row per task, an Excel table, staff columns with dropdown and date rules, live 预警. */
import type { Plan, Task } from "../../plan";
import { AS_OF_NAME, LEDGER_HEADERS, SHEETS, STATUSES, TABLES } from "../../ledger/vocabulary";
import { warningFor, warningFormula } from "../../ledger/warning";
import { date, emptySheet, formula, type Cell, type SheetSpec, type ValidationSpec } from "../spec";
import { BODY_CENTER, BODY_DATE, BODY_TEXT, warningColours } from "../styles";
import { columnStyles, fittedRowHeights, type ColumnDef } from "./columns";

const WIDTHS: Record<(typeof LEDGER_HEADERS)[number], [number, ColumnDef["body"]]> = {
  序号: [6, BODY_CENTER],
  领域: [14, BODY_TEXT],
  任务名称: [24, BODY_TEXT],
  任务内容: [60, BODY_TEXT],
  牵头单位: [18, BODY_TEXT],
  责任单位: [22, BODY_TEXT],
  完成时限: [12, BODY_DATE],
  时限说明: [16, BODY_TEXT],
  量化指标: [16, BODY_TEXT],
  状态: [9, BODY_CENTER],
  进展情况: [40, BODY_TEXT],
  完成日期: [12, BODY_DATE],
  佐证材料: [20, BODY_TEXT],
  预警: [9, BODY_CENTER],
  备注: [16, BODY_TEXT],
};
export const LEDGER_COLUMNS: ColumnDef[] = LEDGER_HEADERS.map((h) => ({
  header: h,
  width: WIDTHS[h][0],
  body: WIDTHS[h][1],
  formula: h === "预警",
}));

/** Column letter of a ledger header. */
export const ledgerCol = (h: (typeof LEDGER_HEADERS)[number]) =>
  String.fromCharCode(65 + LEDGER_HEADERS.indexOf(h));

/** The task's deadline for the ledger: its last one. */
export const lastDeadline = (t: Task) =>
  t.deadlines.reduce((m, d) => (d.date > m ? d.date : m), t.deadlines[0].date);

export function deadlineNote(t: Task): string {
  const written = t.deadlines.filter((d) => !d.inferred).map((d) => d.text);
  if (written.length) return written.join("；");
  const term = t.deadlines.find((d) => d.term)?.term;
  return term ? `${term}（未写明日期，按年底计）` : "未写明（按年底计）";
}

export function ledgerSheet(plan: Plan, asOf: string): SheetSpec {
  const s = emptySheet(SHEETS.ledger);
  s.tabColor = "FF70AD47";
  s.columns = LEDGER_COLUMNS.map((c) => ({ width: c.width }));
  const [J, L, G] = [ledgerCol("状态"), ledgerCol("完成日期"), ledgerCol("完成时限")];
  const rows: Cell[][] = [[...LEDGER_HEADERS]];
  plan.tasks.forEach((t, i) => {
    const r = i + 2;
    const due = lastDeadline(t);
    rows.push([
      t.id,
      t.domain,
      t.title,
      t.body,
      t.leadUnits.join("、"),
      t.responsibleUnits.length ? t.responsibleUnits.join("、") : (t.collectiveDuty ?? ""),
      date(due),
      deadlineNote(t),
      t.targets.join("；"),
      STATUSES[0],
      null,
      null,
      null,
      formula(
        warningFormula(`${J}${r}`, `${L}${r}`, `${G}${r}`, AS_OF_NAME),
        warningFor(STATUSES[0], null, due, asOf),
      ),
      null,
    ]);
  });
  s.rows = rows;
  const n = plan.tasks.length;
  s.styles = columnStyles(LEDGER_COLUMNS, n);
  s.table = { name: TABLES.ledger, headerRow: 1, rowCount: n, style: "TableStyleLight1" };
  s.freeze = { rows: 1, columns: 3 };
  s.rowHeights = { 1: 30, ...fittedRowHeights(LEDGER_COLUMNS, rows.slice(1)) };
  s.validations = n ? [statusRule(`${J}2:${J}${n + 1}`), doneDateRule(`${L}2:${L}${n + 1}`, plan)] : [];
  s.conditionalFormats = n ? [warningColours(`${ledgerCol("预警")}2:${ledgerCol("预警")}${n + 1}`)] : [];
  s.print = { paper: "A3", landscape: true, fitToWidth: true, repeatRows: "1:1" };
  return s;
}

export function statusRule(range: string): ValidationSpec {
  return {
    range,
    rule: { type: "list", values: [...STATUSES] },
    allowBlank: true,
    prompt: { title: "状态", message: "请从下拉列表选择：未启动、推进中、已完成。" },
    error: { title: "状态无效", message: "状态只能是：未启动、推进中、已完成。请从下拉列表选择。" },
  };
}

export function doneDateRule(range: string, plan: Plan): ValidationSpec {
  const from = plan.published ?? `${plan.year}-01-01`;
  const to = `${plan.year + 1}-12-31`;
  return {
    range,
    rule: { type: "date", min: from, max: to },
    allowBlank: true,
    prompt: { title: "完成日期", message: `请输入实际完成日期，如 ${plan.year}-07-31（${from} 至 ${to}）。` },
    error: {
      title: "请输入日期",
      message: `完成日期必须是 ${from} 至 ${to} 之间的日期，如 ${plan.year}-07-31。`,
    },
  };
}
