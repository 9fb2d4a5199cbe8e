/** 任务台账: one row per task, an Excel table, staff columns with dropdown and date rules, live 预警. */
import type { Plan } from "../../plan";
import {
  AS_OF_NAME,
  isMarkedRemoved,
  LEDGER_HEADERS,
  LIST_KEY,
  PLAN_STATUS_HEADER,
  SHEETS,
  STATUSES,
  TABLES,
} from "../../ledger/vocabulary";
import { listKeyFormula, warningFor, warningFormula } from "../../ledger/warning";
import { emptySheet, formula, type SheetSpec, type ValidationSpec } from "../spec";
import { BODY_CENTER, BODY_DATE, BODY_TEXT, warningColours } from "../styles";
import { columnStyles, extraColumn, fittedRowHeights, recordRows, type ColumnDef } from "./columns";
import { keptText, type Kept } from "../kept";
import { planCells } from "../taskCells";
export { deadlineNote, lastDeadline } from "../taskCells";

/** Widths that print on A3 landscape at 8 pt or more (fit to the page's width). */
const WIDTHS: Record<(typeof LEDGER_HEADERS)[number], [number, ColumnDef["body"]]> = {
  序号: [6, BODY_CENTER],
  领域: [12, BODY_TEXT],
  任务名称: [20, BODY_TEXT],
  任务内容: [47, BODY_TEXT],
  牵头单位: [18, BODY_TEXT],
  责任单位: [20, BODY_TEXT],
  完成时限: [12, BODY_DATE],
  时限说明: [13, BODY_TEXT],
  量化指标: [13, BODY_TEXT],
  状态: [9, BODY_CENTER],
  进展情况: [40, BODY_TEXT],
  完成日期: [12, BODY_DATE],
  佐证材料: [14, BODY_TEXT],
  预警: [9, BODY_CENTER],
  备注: [12, BODY_TEXT],
  清单排序: [8, BODY_CENTER],
  计划状态: [9, BODY_CENTER],
};
export const LEDGER_COLUMNS: ColumnDef[] = LEDGER_HEADERS.map((h) => ({
  header: h,
  width: WIDTHS[h][0],
  body: WIDTHS[h][1],
  formula: h === "预警" || h === LIST_KEY,
  hidden: h === LIST_KEY,
}));

/** A monthly 进展情况 note runs to about 170 characters: every row has room for it, on screen and in print. */
export const NOTE_CHARS = 170;
const NOTE_ROOM = Math.ceil((NOTE_CHARS * 2) / (WIDTHS["进展情况"][0] - 1)) * 13.5 + 3;

/** Column letter of a ledger header. */
export const ledgerCol = (h: (typeof LEDGER_HEADERS)[number]) =>
  String.fromCharCode(65 + LEDGER_HEADERS.indexOf(h));

/** A fresh ledger's rows: the plan's columns, every task 未启动. */
export function freshTaskRecords(plan: Plan): Record<string, Kept>[] {
  return plan.tasks.map((t) => ({ ...planCells(t), 状态: { cell: STATUSES[0] } }));
}

const asDate = (k: Kept | undefined) =>
  k?.cell && typeof k.cell === "object" && k.cell.kind === "date" ? k.cell.iso : null;

/** The 预警 of a row for its cached result: the engine's rule on the row as it stands. */
export function cachedWarning(
  rec: Record<string, Kept>,
  asOf: string,
  columns = { status: "状态", done: "完成日期", due: "完成时限" },
): string {
  const status = keptText(rec[columns.status]);
  return warningFor(status, asDate(rec[columns.done]), asDate(rec[columns.due]), asOf);
}

/** The cached list key of a row (see `listKeyFormula`); `planStatus` is its 计划状态 text. */
export function cachedListKey(
  id: string,
  warning: string,
  due: string | null,
  index: number,
  planStatus = "",
): number | string {
  if (!id || !due || (warning !== "逾期" && warning !== "临期") || isMarkedRemoved(planStatus)) return "";
  return (
    (Date.UTC(+due.slice(0, 4), +due.slice(5, 7) - 1, +due.slice(8, 10)) / 86_400_000 + 25569) * 1_000_000 +
    index
  );
}

export function ledgerSheet(
  plan: Plan,
  asOf: string,
  records = freshTaskRecords(plan),
  extras: string[] = [],
): SheetSpec {
  const s = emptySheet(SHEETS.ledger);
  s.tabColor = "FF70AD47";
  const cols = [...LEDGER_COLUMNS, ...extras.map(extraColumn)];
  s.columns = cols.map((c) => ({ width: c.width, ...(c.hidden ? { hidden: true } : {}) }));
  const [J, L, G, N] = [ledgerCol("状态"), ledgerCol("完成日期"), ledgerCol("完成时限"), ledgerCol("预警")];
  const Q = ledgerCol(PLAN_STATUS_HEADER);
  const { rows, numberFormats } = recordRows(cols, records, (h, r, rec) => {
    if (h === "预警")
      return formula(
        warningFormula(`${J}${r}`, `${L}${r}`, `${G}${r}`, AS_OF_NAME),
        cachedWarning(rec, asOf),
      );
    if (h === LIST_KEY) {
      const key = cachedListKey(
        keptText(rec["序号"]),
        cachedWarning(rec, asOf),
        asDate(rec["完成时限"]),
        r - 1,
        keptText(rec[PLAN_STATUS_HEADER]),
      );
      return formula(listKeyFormula(`A${r}`, `${N}${r}`, `${G}${r}`, 1, `${Q}${r}`), key);
    }
    return undefined;
  });
  s.rows = rows;
  s.numberFormats = numberFormats;
  const n = records.length;
  s.styles = columnStyles(cols, n);
  s.table = { name: TABLES.ledger, headerRow: 1, rowCount: n, style: "TableStyleLight1" };
  s.freeze = { rows: 1, columns: 3 };
  const fitted = fittedRowHeights(cols, rows.slice(1));
  for (let r = 2; r <= n + 1; r++) fitted[r] = Math.max(fitted[r] ?? 0, NOTE_ROOM);
  s.rowHeights = { 1: 30, ...fitted };
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
