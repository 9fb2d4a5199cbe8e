/** 单位: the registry. Task counts are live formulas over the ledger, matching whole names between 、. */
import type { Plan } from "../../plan";
import { SHEETS, TABLES, UNIT_HEADERS } from "../../ledger/vocabulary";
import { emptySheet, formula, type Cell, type SheetSpec } from "../spec";
import { BODY_CENTER, BODY_TEXT } from "../styles";
import { columnStyles, type ColumnDef } from "./columns";

export const UNIT_COLUMNS: ColumnDef[] = [
  { header: "单位名称", width: 28, body: BODY_TEXT },
  { header: "类型", width: 8, body: BODY_CENTER },
  { header: "别名", width: 30, body: BODY_TEXT },
  { header: "牵头任务数", width: 11, body: BODY_CENTER, formula: true },
  { header: "参与任务数", width: 11, body: BODY_CENTER, formula: true },
];

/** Count rows of a `、`-separated column holding exactly this name as one of its items. */
export function countListed(column: string, name: string): string {
  return `COUNTIF(${column},${name})+COUNTIF(${column},${name}&"、*")+COUNTIF(${column},"*、"&${name})+COUNTIF(${column},"*、"&${name}&"、*")`;
}

export function unitsSheet(plan: Plan): SheetSpec {
  const s = emptySheet(SHEETS.units);
  s.tabColor = "FF7030A0";
  s.columns = UNIT_COLUMNS.map((c) => ({ width: c.width }));
  const rows: Cell[][] = [[...UNIT_HEADERS]];
  plan.units.forEach((u, i) => {
    const a = `A${i + 2}`;
    rows.push([
      u.name,
      u.collective ? "集体" : "单位",
      null,
      formula(countListed(`${TABLES.ledger}[牵头单位]`, a), u.leadTasks.length),
      formula(countListed(`${TABLES.ledger}[责任单位]`, a), u.supportTasks.length),
    ]);
  });
  s.rows = rows;
  const n = plan.units.length;
  s.styles = columnStyles(UNIT_COLUMNS, n);
  s.table = { name: TABLES.units, headerRow: 1, rowCount: n, style: "TableStyleLight1" };
  s.freeze = { rows: 1, columns: 1 };
  s.print = { paper: "A4", landscape: false, fitToWidth: true, repeatRows: "1:1" };
  return s;
}
