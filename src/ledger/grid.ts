/**
 * From the cell grids of a workbook (as Excel, or an .xlsx reader, hands them over) to a `LedgerSnapshot`.
 * Pure: both the add-in and the CLI read ledgers through here, so they agree on what a ledger is.
 */
import { colLetters } from "../workbook/a1";
import type { LedgerSnapshot, MilestoneCopyRow, PlanCopyRow, ReadCell, ReadSheet } from "./snapshot";
import {
  isMarkedRemoved,
  PLAN_COLUMNS,
  PLAN_META,
  PLAN_STATUS_HEADER,
  PLAN_STATUS_OWN_HEADER,
  SHEETS,
} from "./vocabulary";
import { serialToIso } from "./dates";

/** A sheet's used area: values (dates as `{date}` or serials), displayed text and number formats. */
export interface SheetGrid {
  values: unknown[][];
  text: string[][];
  numberFormat: string[][];
  /** Formulas where known (`=…`), same shape as values. */
  formulas?: unknown[][];
  /** 1-based row and column of the grid's top-left cell. */
  firstRow: number;
  firstCol: number;
}

/** The file or workbook cannot be used at all; the message names the reason and what to do. */
export class UnusableWorkbookError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnusableWorkbookError";
  }
}

export const REQUIRED_HEADERS: Record<string, readonly string[]> = {
  [SHEETS.ledger]: ["序号", "牵头单位", "责任单位", "完成时限", "状态", "完成日期"],
  [SHEETS.milestones]: ["节点编号", "序号", "完成时限", "状态", "完成日期"],
  [SHEETS.units]: ["单位名称"],
};

function cellAt(g: SheetGrid, r: number, c: number): ReadCell {
  const i = r - g.firstRow;
  const j = c - g.firstCol;
  const raw = g.values[i]?.[j];
  const formula = g.formulas?.[i]?.[j];
  const value: ReadCell["value"] =
    raw === undefined || raw === null || raw === ""
      ? null
      : typeof raw === "object"
        ? (raw as { date: string })
        : (raw as string | number | boolean);
  return {
    address: `${colLetters(c)}${r}`,
    value,
    text: g.text[i]?.[j] ?? "",
    numFmt: g.numberFormat[i]?.[j] || "General",
    // Text entered with an apostrophe reads back without it ('=abc as =abc): a formula's value differs from its text.
    ...(typeof formula === "string" && formula.startsWith("=") && formula !== raw
      ? { formula: formula.slice(1) }
      : {}),
  };
}

/** A header-and-rows sheet; null when absent and not required. Blank rows are skipped; extra columns kept. */
export function readSheet(name: string, g: SheetGrid | null, required: boolean): ReadSheet | null {
  const need = REQUIRED_HEADERS[name];
  if (!g) {
    if (!required) return null;
    throw new UnusableWorkbookError(
      `工作簿中没有“${name}”工作表。请确认这是台账助手生成的台账，且没有把该表改名或删除。`,
    );
  }
  const lastRow = g.firstRow + g.values.length - 1;
  const lastCol = g.firstCol + (g.values[0]?.length ?? 0) - 1;
  const header = (r: number, c: number) => String(cellAt(g, r, c).value ?? "").trim();
  let headerRow = 0;
  for (let r = g.firstRow; r <= Math.min(lastRow, g.firstRow + 9) && !headerRow; r++) {
    for (let c = g.firstCol; c <= lastCol; c++) if (header(r, c) === need[0]) headerRow = r;
  }
  if (!headerRow)
    throw new UnusableWorkbookError(`“${name}”表中找不到表头“${need[0]}”。请恢复表头行后再试。`);
  const headers: string[] = [];
  const columnOf = new Map<string, number>();
  for (let c = g.firstCol; c <= lastCol; c++) {
    const h = header(headerRow, c);
    headers[c - 1] = h;
    if (h && !columnOf.has(h)) columnOf.set(h, c);
  }
  const missing = need.filter((h) => !columnOf.has(h));
  if (missing.length) {
    throw new UnusableWorkbookError(
      `“${name}”表缺少列：${missing.join("、")}。请恢复这些列的表头（可以增加列，但不要删除或改名）。`,
    );
  }
  const rows: ReadSheet["rows"] = [];
  const removedRows: ReadSheet["rows"] = [];
  for (let r = headerRow + 1; r <= lastRow; r++) {
    if (!g.values[r - g.firstRow]) continue; // a row that does not exist (grids may be sparse)
    const cells: Record<string, ReadCell> = {};
    let filled = false;
    for (const [h, c] of columnOf) {
      const cell = cellAt(g, r, c);
      cells[h] = cell;
      if (cell.value !== null) filled = true;
    }
    // A task the plan no longer has stays in its row for the record but counts nowhere.
    const removed =
      isMarkedRemoved(cells[PLAN_STATUS_HEADER]?.value) ||
      isMarkedRemoved(cells[PLAN_STATUS_OWN_HEADER]?.value);
    if (filled) (removed ? removedRows : rows).push({ row: r, cells });
  }
  return { name, headerRow, headers, rows, removedRows };
}

const asIso = (v: unknown, date1904: boolean): string =>
  v && typeof v === "object"
    ? (v as { date: string }).date
    : typeof v === "number"
      ? (serialToIso(v, date1904) ?? "")
      : String(v ?? "");

/** The hidden 计划原文 sheet: tasks from A, milestones from K, the plan's facts from Q (headers in row 1). */
export function readPlanCopy(g: SheetGrid | null, date1904: boolean): LedgerSnapshot["plan"] {
  if (!g) return null;
  const at = (r: number, c: number) => g.values[r - g.firstRow]?.[c - g.firstCol];
  const lastRow = g.firstRow + g.values.length - 1;
  const width = g.values[0]?.length ?? 0;
  const col = new Map<string, number>();
  for (let c = g.firstCol; c < g.firstCol + width; c++) {
    const h = String(at(1, c) ?? "");
    if (h && !col.has(h)) col.set(h, c);
  }
  const text = (r: number, h: string) => {
    const c = col.get(h);
    if (c === undefined) return "";
    const v = at(r, c);
    return h === "完成时限" || h === "节点时限"
      ? asIso(v, date1904)
      : v && typeof v === "object"
        ? (v as { date: string }).date
        : String(v ?? "");
  };
  const meta = new Map<string, unknown>();
  const keyCol = [...Array(width).keys()]
    .map((i) => g.firstCol + i)
    .find((c) => [1, 2, 3].some((r) => String(at(r, c) ?? "") === PLAN_META.title));
  if (keyCol !== undefined)
    for (let r = 1; r <= 3; r++) meta.set(String(at(r, keyCol) ?? ""), at(r, keyCol + 1));
  const rows: PlanCopyRow[] = [];
  const milestones: MilestoneCopyRow[] = [];
  for (let r = 2; r <= lastRow; r++) {
    const id = Number(text(r, "序号"));
    if (id) {
      const fields: Record<string, string> = {};
      for (const h of PLAN_COLUMNS) fields[h] = text(r, h);
      rows.push({
        id,
        fields,
        leadUnits: fields["牵头单位"],
        responsibleUnits: fields["责任单位"],
        due: fields["完成时限"],
      });
    }
    const node = text(r, "节点编号");
    if (node) {
      milestones.push({
        id: node,
        taskId: Number(text(r, "节点序号")),
        clause: text(r, "节点内容"),
        due: text(r, "节点时限"),
        lead: text(r, "节点牵头单位"),
      });
    }
  }
  const published = asIso(meta.get(PLAN_META.published), date1904);
  return {
    title: String(meta.get(PLAN_META.title) ?? ""),
    published: published || null,
    year: Number(meta.get(PLAN_META.year)) || 0,
    rows,
    milestones,
  };
}

export interface WorkbookGrids {
  ledger: SheetGrid | null;
  milestones: SheetGrid | null;
  units: SheetGrid | null;
  planCopy: SheetGrid | null;
  /** 说明!B4 as a one-cell grid. */
  asOf: SheetGrid | null;
  date1904: boolean;
}

/** The as-of date cell of a one-cell grid (see `WorkbookGrids.asOf`); null when absent or empty. */
export function asOfCellOf(g: SheetGrid | null): ReadCell | null {
  const cell = g ? cellAt(g, g.firstRow, g.firstCol) : null;
  return cell && cell.value !== null ? cell : null;
}

export function snapshotFromGrids(g: WorkbookGrids): LedgerSnapshot {
  const asOf = asOfCellOf(g.asOf);
  return {
    ledger: readSheet(SHEETS.ledger, g.ledger, true)!,
    milestones: readSheet(SHEETS.milestones, g.milestones, false),
    units: readSheet(SHEETS.units, g.units, true),
    asOf,
    date1904: g.date1904,
    plan: readPlanCopy(g.planCopy, g.date1904),
  };
}
