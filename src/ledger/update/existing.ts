/**
 * Everything a filled workbook holds that an update must keep, read from its grids: every cell of every
 * row of the ledger, milestone and unit sheets (staff columns, plan columns, columns staff added), the
 * as-of date, and the history sheets. Nothing is interpreted yet; cells keep their formulas and formats.
 */
import { formula, date, type Cell } from "../../workbook/spec";
import type { Kept } from "../../workbook/kept";
import { readPlanCopy, UnusableWorkbookError, type SheetGrid } from "../grid";
import type { LedgerSnapshot } from "../snapshot";
import { colLetters } from "../../workbook/a1";
import { isDateFormat, serialToIso } from "../dates";

export type { Kept } from "../../workbook/kept";
export { keptText } from "../../workbook/kept";

export interface ExistingLedger {
  ledger: ExistingTable;
  milestones: ExistingTable | null;
  units: ExistingTable | null;
  removed: ExistingTable | null;
  log: ExistingTable | null;
  asOf: Kept | null;
  plan: LedgerSnapshot["plan"];
}

export interface ExistingRow {
  /** Header → cell, for every column (duplicate headers get a ` (2)` suffix so none is lost). */
  cells: Record<string, Kept>;
}

export interface ExistingTable {
  headers: string[];
  rows: ExistingRow[];
}

/** A grid cell as a layout cell: formulas stay formulas, dates stay dates, text stays text. */
export function keptAt(g: SheetGrid, r: number, c: number): Kept {
  const i = r - g.firstRow;
  const j = c - g.firstCol;
  const v = g.values[i]?.[j];
  const f = g.formulas?.[i]?.[j];
  const numFmt = g.numberFormat[i]?.[j] || "General";
  const withFmt = (cell: Cell): Kept => (numFmt && numFmt !== "General" ? { cell, numFmt } : { cell });
  // Text entered with an apostrophe reads back without it (`'=abc` as `=abc`); a formula's value differs from its text.
  if (typeof f === "string" && f.startsWith("=") && f !== v) {
    const result =
      v && typeof v === "object" ? (v as { date: string }).date : (v as string | number | boolean | null);
    return withFmt(
      result === null || result === undefined || result === ""
        ? formula(f.slice(1))
        : formula(f.slice(1), result),
    );
  }
  if (v === null || v === undefined || v === "") return withFmt(null);
  if (typeof v === "object") return withFmt(date((v as { date: string }).date));
  // A whole serial in a date format is a date; anything else keeps its number (times of day included).
  if (typeof v === "number" && Number.isInteger(v) && isDateFormat(numFmt) && serialToIso(v, false))
    return withFmt(date(serialToIso(v, false)!));
  return withFmt(v as string | number | boolean);
}

/** Rows under the header row that holds `firstHeader`; every non-empty row is kept. */
export function readTable(g: SheetGrid | null, firstHeader: string): ExistingTable | null {
  if (!g) return null;
  const lastRow = g.firstRow + g.values.length - 1;
  const lastCol = g.firstCol + (g.values[0]?.length ?? 0) - 1;
  const headerText = (r: number, c: number) =>
    String(g.values[r - g.firstRow]?.[c - g.firstCol] ?? "").trim();
  let headerRow = 0;
  for (let r = g.firstRow; r <= Math.min(lastRow, g.firstRow + 9) && !headerRow; r++) {
    for (let c = g.firstCol; c <= lastCol; c++) if (headerText(r, c) === firstHeader) headerRow = r;
  }
  if (!headerRow) return null;
  const headers: string[] = [];
  const cols: number[] = [];
  // Every used column is kept, named or not (a column staff typed into without a header is still theirs).
  for (let c = g.firstCol; c <= lastCol; c++) {
    const named = headerText(headerRow, c) || `（${colLetters(c)}列）`;
    let h = named;
    for (let k = 2; headers.includes(h); k++) h = `${named} (${k})`;
    headers.push(h);
    cols.push(c);
  }
  const rows: ExistingRow[] = [];
  for (let r = headerRow + 1; r <= lastRow; r++) {
    const cells: Record<string, Kept> = {};
    let filled = false;
    headers.forEach((h, k) => {
      const kept = keptAt(g, r, cols[k]);
      cells[h] = kept;
      if (kept.cell !== null) filled = true;
    });
    if (filled) rows.push({ cells });
  }
  return { headers, rows };
}

/** The grids an update reads: our sheets (any may be missing) and the history sheets. */
export interface UpdateGrids {
  ledger: SheetGrid | null;
  milestones: SheetGrid | null;
  units: SheetGrid | null;
  removed: SheetGrid | null;
  log: SheetGrid | null;
  planCopy: SheetGrid | null;
  /** 说明!B4 as a one-cell grid. */
  asOf: SheetGrid | null;
}

export function existingFromGrids(g: UpdateGrids): ExistingLedger {
  const ledger = readTable(g.ledger, "序号");
  if (!ledger)
    throw new UnusableWorkbookError(
      "没有找到“任务台账”工作表或其表头“序号”，无法更新。请确认这是台账助手生成的台账。",
    );
  return {
    ledger,
    milestones: readTable(g.milestones, "节点编号"),
    units: readTable(g.units, "单位名称"),
    removed: readTable(g.removed, "移除日期"),
    log: readTable(g.log, "更新时间"),
    asOf: g.asOf ? keptAt(g.asOf, g.asOf.firstRow, g.asOf.firstCol) : null,
    plan: readPlanCopy(g.planCopy, false),
  };
}
