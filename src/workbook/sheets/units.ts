/** 单位: the registry. Task counts are live formulas over the ledger, matching whole names between 、. */
import type { Plan } from "../../plan";
import { SHEETS, TABLES } from "../../ledger/vocabulary";
import { emptySheet, formula, type SheetSpec } from "../spec";
import { BODY_CENTER, BODY_TEXT } from "../styles";
import { columnStyles, extraColumn, recordRows, type ColumnDef } from "./columns";
import { keptText, type Kept } from "../kept";
import { escapedText, inPlan } from "../../dashboard/formulas";
import { aliasRanges } from "./aliases";

export const UNIT_COLUMNS: ColumnDef[] = [
  { header: "单位名称", width: 28, body: BODY_TEXT },
  { header: "类型", width: 8, body: BODY_CENTER },
  { header: "别名", width: 30, body: BODY_TEXT },
  { header: "牵头任务数", width: 11, body: BODY_CENTER, formula: true },
  { header: "参与任务数", width: 11, body: BODY_CENTER, formula: true },
];

/**
 * Count rows of a `、`-separated column of 任务台账 holding exactly this name as one of its items, among
 * numbered tasks still in the plan (the rows the dashboard and `summary` count). `name` is an expression of
 * the name's text; it is escaped so that `*`, `?`, `~` and a leading `=`/`<`/`>` are literal.
 */
export function countListed(column: string, name: string): string {
  const e = escapedText(name);
  const live = [`${TABLES.ledger}[序号]`, `"<>"`, ...inPlan()].join(",");
  return [`"="&${e}`, `"="&${e}&"、*"`, `"=*、"&${e}`, `"=*、"&${e}&"、*"`]
    .map((c) => `COUNTIFS(${column},${c},${live})`)
    .join("+");
}

/**
 * The same for a unit and the aliases in its 别名 cell (each alias counts as the unit): the alias rows of
 * 别名统计 that belong to this row of the table (by position, as INDEX reads it), however many there are.
 */
function countWithAliases(column: string, nameCell: string, aliasFigure: string): string {
  return `${countListed(column, nameCell)}+SUMIF(${aliasRanges.unitIndex},ROW()-1,${aliasFigure})`;
}

export function unitsSheet(plan: Plan, records?: Record<string, Kept>[], extras: string[] = []): SheetSpec {
  const s = emptySheet(SHEETS.units);
  s.tabColor = "FF7030A0";
  const recs =
    records ??
    plan.units.map((u) => ({ 单位名称: { cell: u.name }, 类型: { cell: u.collective ? "集体" : "单位" } }));
  const cols = [...UNIT_COLUMNS, ...extras.map(extraColumn)];
  s.columns = cols.map((c) => ({ width: c.width }));
  const counts = new Map(plan.units.map((u) => [u.name, u]));
  const { rows, numberFormats } = recordRows(cols, recs, (h, r, rec) => {
    const unit = counts.get(keptText(rec["单位名称"]));
    if (h === "牵头任务数")
      return formula(
        countWithAliases(`${TABLES.ledger}[牵头单位]`, `A${r}`, aliasRanges.figure("total")),
        unit?.leadTasks.length ?? 0,
      );
    if (h === "参与任务数")
      return formula(
        countWithAliases(`${TABLES.ledger}[责任单位]`, `A${r}`, aliasRanges.responsible),
        unit?.supportTasks.length ?? 0,
      );
    return undefined;
  });
  s.rows = rows;
  s.numberFormats = numberFormats;
  const n = recs.length;
  s.styles = columnStyles(cols, n);
  s.table = { name: TABLES.units, headerRow: 1, rowCount: n, style: "TableStyleLight1" };
  s.freeze = { rows: 1, columns: 1 };
  s.print = { paper: "A4", landscape: false, fitToWidth: true, repeatRows: "1:1" };
  return s;
}
