/**
 * A header-and-rows sheet as an update sees it: where the header row is, which column each header is in,
 * and each data row by its sheet row number (rows are never moved, so the number is the row's identity).
 */
import type { SheetGrid } from "../grid";
import { UnusableWorkbookError } from "../grid";
import { colLetters } from "../../workbook/a1";
import { date, formula, type Cell } from "../../workbook/spec";
import { keptText, type Kept } from "../../workbook/kept";
import { isDateFormat, serialToIso } from "../dates";
import { PLAN_STATUS_HEADER } from "../vocabulary";

export { keptText, type Kept };

export interface TableRow {
  /** 1-based sheet row. */
  row: number;
  /** The row's cells under the headers the update reads (others are not kept). */
  cells: RowCells;
}

/** A row's cells by header. */
export interface RowCells {
  get(header: string): Kept | undefined;
}

/**
 * A row's cells as one array shared-indexed by header: at 10,000 tasks a `Map` per row (with a `Kept` for
 * every column, formulas included) held ~23 MB through the whole update.
 */
class FieldCells implements RowCells {
  constructor(
    private readonly index: ReadonlyMap<string, number>,
    private readonly values: Kept[],
  ) {}
  get(header: string): Kept | undefined {
    const i = this.index.get(header);
    return i === undefined ? undefined : this.values[i];
  }
}

/** A row with no cells kept (a table's frame, once the update is planned). */
export const NO_CELLS: RowCells = { get: () => undefined };

export interface SheetTable {
  sheet: string;
  headerRow: number;
  /** Header (normalised) → 1-based column. */
  columns: Map<string, number>;
  lastCol: number;
  rows: TableRow[];
  /** Last row that holds anything under the header. */
  lastRow: number;
  /** Staff have a column of their own headed 计划状态 (not the tool's). */
  staffPlanStatus: boolean;
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

/** Whether `keptAt` would read a value (or a formula) there, without making the cell. */
function filledAt(g: SheetGrid, r: number, c: number): boolean {
  const i = r - g.firstRow;
  const j = c - g.firstCol;
  const v = g.values[i]?.[j];
  const f = g.formulas?.[i]?.[j];
  if (typeof f === "string" && f.startsWith("=") && f !== v) return true;
  return !(v === null || v === undefined || v === "");
}

/** Headers compared as staff see them: spaces, line breaks and full-width forms do not matter. */
export const normHeader = (s: string) => s.normalize("NFKC").replace(/\s+/g, "");

/** Full-width digits (`７`) are the same number; anything that is not a whole number is not a 序号. */
export function idOf(k: Kept | undefined): number | null {
  const t = keptText(k).normalize("NFKC").trim();
  if (!/^\d+$/.test(t)) return null;
  const n = Number(t);
  return n > 0 ? n : null;
}

/**
 * A sheet's grid as a table reader may be given it: with `filledRows`, the grid leaves out (below the
 * header) the columns the update does not read, and says instead which rows hold anything in them.
 */
export interface TableGrid extends SheetGrid {
  filledRows?: ReadonlySet<number>;
}

export interface TableHeader {
  headerRow: number;
  /** Header (normalised) → 1-based column. */
  columns: Map<string, number>;
  lastCol: number;
  staffPlanStatus: boolean;
}

/** Where the header row is (within the first 10 rows) and which column each header is in. */
export function tableHeader(
  sheet: string,
  g: SheetGrid,
  firstHeader: string,
  required: readonly string[],
  /** The tool's plan-status column (from its marker); a column merely headed 计划状态 is staff's. */
  planStatusCol: number | null = null,
): TableHeader {
  const lastRow = g.firstRow + g.values.length - 1;
  const width = g.values[0]?.length ?? 0;
  const header = (r: number, c: number) =>
    normHeader(String(g.values[r - g.firstRow]?.[c - g.firstCol] ?? ""));
  let headerRow = 0;
  for (let r = g.firstRow; r <= Math.min(lastRow, g.firstRow + 9) && !headerRow; r++) {
    const row = g.values[r - g.firstRow];
    if (!row) continue;
    for (let c = g.firstCol; c < g.firstCol + width; c++) if (header(r, c) === firstHeader) headerRow = r;
  }
  if (!headerRow)
    throw new UnusableWorkbookError(
      `“${sheet}”表前10行中找不到表头“${firstHeader}”，无法更新。请恢复表头行（可以在上方加标题行，但不要改表头）。`,
    );
  const columns = new Map<string, number>();
  let lastCol = 0;
  for (let c = g.firstCol; c < g.firstCol + width; c++) {
    const h = header(headerRow, c);
    if (!h) continue;
    lastCol = c;
    if (!columns.has(h)) columns.set(h, c);
  }
  const staffPlanStatus =
    columns.has(PLAN_STATUS_HEADER) && columns.get(PLAN_STATUS_HEADER) !== planStatusCol;
  columns.delete(PLAN_STATUS_HEADER);
  if (planStatusCol) columns.set(PLAN_STATUS_HEADER, planStatusCol);
  const missing = required.filter((h) => !columns.has(h));
  if (missing.length)
    throw new UnusableWorkbookError(
      `“${sheet}”表找不到列“${missing.join("”“")}”（表头可能被改名或删除），为免写错位置，没有更新。` +
        `请把该列表头改回“${missing.join("”“")}”后再试。`,
    );
  return { headerRow, columns, lastCol, staffPlanStatus };
}

export function readSheetTable(
  sheet: string,
  g: TableGrid | null,
  firstHeader: string,
  required: readonly string[],
  /** The tool's plan-status column (from its marker); a column merely headed 计划状态 is staff's. */
  planStatusCol: number | null = null,
  /** The headers whose cells the rows keep (all when not given); every column still decides which rows count. */
  fields?: readonly string[],
): SheetTable | null {
  if (!g) return null;
  const { headerRow, columns, lastCol, staffPlanStatus } = tableHeader(
    sheet,
    g,
    firstHeader,
    required,
    planStatusCol,
  );
  const lastRow = g.firstRow + g.values.length - 1;
  const kept = [...columns].filter(([h]) => !fields || fields.includes(h));
  const index = new Map(kept.map(([h], i) => [h, i]));
  const colsOnly = [...columns.values()];
  const elsewhere = g.filledRows;
  const rows: TableRow[] = [];
  let last = headerRow;
  for (let r = headerRow + 1; r <= lastRow; r++) {
    const other = elsewhere?.has(r) ?? false;
    if (!g.values[r - g.firstRow] && !other) continue;
    if (!other && !colsOnly.some((c) => filledAt(g, r, c))) continue;
    rows.push({
      row: r,
      cells: new FieldCells(
        index,
        kept.map(([, c]) => keptAt(g, r, c)),
      ),
    });
    last = r;
  }
  return { sheet, headerRow, columns, lastCol, rows, lastRow: last, staffPlanStatus };
}

export const cellRef = (row: number, col: number) => `${colLetters(col)}${row}`;
