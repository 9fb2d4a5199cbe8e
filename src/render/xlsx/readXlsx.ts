/** Reads a ledger workbook (.xlsx) back into a `LedgerSnapshot` for the pure engines. */
import { snapshotFromGrids, UnusableWorkbookError, type SheetGrid } from "../../ledger/grid";
import type { LedgerSnapshot } from "../../ledger/snapshot";
import { SHEETS } from "../../ledger/vocabulary";
// Type-only: the library itself is loaded by `loadWorkbook` alone, so reading a ledger from its package
// (validate, summary, update) never pays for the library's hundreds of modules.
import type { Cell as XCell, Workbook, Worksheet } from "./excelts";
import {
  asOfGrid as packageAsOf,
  gridOfRole,
  tableDataEnd,
  fillMerged,
  sheetBinary,
  openLedgerPackage,
  type LedgerPackage,
} from "./package/ledgerPackage";

export { UnusableWorkbookError };

export async function loadWorkbook(bytes: Uint8Array): Promise<Workbook> {
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
    throw new UnusableWorkbookError(
      "文件已加密（设置了打开密码）或是旧版 .xls 格式。请在 Excel/WPS 中取消密码，或“另存为”.xlsx 后再试。",
    );
  }
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b)) {
    throw new UnusableWorkbookError("这不是 .xlsx 工作簿文件。请选择由台账助手生成的台账（.xlsx）。");
  }
  const { Workbook } = await import("./excelts");
  const wb = new Workbook();
  try {
    await wb.xlsx.load(bytes as never);
  } catch (err) {
    throw new UnusableWorkbookError(
      `无法打开工作簿（文件可能已损坏）：${(err as Error).message}。请在 Excel/WPS 中打开并重新保存后再试。`,
    );
  }
  return wb;
}

const isoOf = (d: Date) => d.toISOString().slice(0, 10);
/** A date cell: a plain date, or (with a time of day) the serial number, so nothing is cut off. */
const dateValue = (d: Date): unknown =>
  d.getTime() % 86_400_000 === 0 ? { date: isoOf(d) } : (d.getTime() - Date.UTC(1899, 11, 30)) / 86_400_000;

/** One cell's stored value in grid form: dates as `{date}`, formulas by their cached result. */
function gridValue(cell: XCell): { value: unknown; formula?: string } {
  const raw = cell.value as unknown;
  if (raw === null || raw === undefined) return { value: null };
  if (raw instanceof Date) return { value: dateValue(raw) };
  if (typeof raw !== "object") return { value: raw };
  const obj = raw as Record<string, unknown>;
  if ("formula" in obj || "sharedFormula" in obj) {
    const r = obj.result;
    const value = r instanceof Date ? dateValue(r) : typeof r === "object" ? null : (r ?? null);
    return { value, formula: `=${String(obj.formula ?? obj.sharedFormula)}` };
  }
  if (Array.isArray(obj.richText))
    return { value: (obj.richText as { text: string }[]).map((t) => t.text).join("") };
  if (typeof obj.text === "string") return { value: obj.text };
  if ("error" in obj) return { value: String(obj.error) };
  return { value: null };
}

function textOf(cell: XCell): string {
  try {
    return cell.text ?? "";
  } catch {
    return "";
  }
}

function numFmtOf(cell: XCell): string {
  const fmt = cell.numFmt as unknown;
  return (
    (typeof fmt === "string" ? fmt : (fmt as { formatCode?: string } | undefined)?.formatCode) || "General"
  );
}

/** The sheet's cells from A1 to its last used row and column. */
export function gridOf(ws: Worksheet | undefined, maxRow?: number, maxCol?: number): SheetGrid | null {
  if (!ws) return null;
  const rows = maxRow ?? ws.rowCount;
  const cols = maxCol ?? ws.columnCount;
  const g: SheetGrid = { values: [], text: [], numberFormat: [], formulas: [], firstRow: 1, firstCol: 1 };
  for (let r = 1; r <= rows; r++) {
    const row = ws.getRow(r);
    const v: unknown[] = [];
    const t: string[] = [];
    const f: string[] = [];
    const n: string[] = [];
    for (let c = 1; c <= cols; c++) {
      const cell = row.getCell(c);
      const gv = gridValue(cell);
      v.push(gv.value);
      f.push(gv.formula ?? "");
      t.push(textOf(cell));
      n.push(numFmtOf(cell));
    }
    g.values.push(v);
    g.text.push(t);
    g.formulas!.push(f);
    g.numberFormat.push(n);
  }
  return g;
}

/** 说明!B4 (the as-of date) as a one-cell grid. */
function asOfGrid(wb: Workbook): SheetGrid | null {
  const guide = wb.getWorksheet(SHEETS.guide);
  const g = guide ? gridOf(guide, 4, 2) : null;
  if (!g) return null;
  for (const k of ["values", "text", "numberFormat", "formulas"] as const) g[k] = [[g[k]![3][1]]] as never;
  g.firstRow = 4;
  g.firstCol = 2;
  return g;
}

export function snapshotOf(wb: Workbook): LedgerSnapshot {
  const asOf = asOfGrid(wb);
  return snapshotFromGrids({
    ledger: gridOf(wb.getWorksheet(SHEETS.ledger)),
    milestones: gridOf(wb.getWorksheet(SHEETS.milestones)),
    units: gridOf(wb.getWorksheet(SHEETS.units)),
    planCopy: gridOf(wb.getWorksheet(SHEETS.planCopy)),
    asOf,
    date1904: Boolean((wb.properties as { date1904?: boolean } | undefined)?.date1904),
  });
}

/** The ledger of an .xlsx file, read straight from its XML (fast, and memory follows the cells that exist). */
export async function readLedger(bytes: Uint8Array): Promise<LedgerSnapshot> {
  return snapshotOfPackage(openLedgerPackage(bytes));
}

const merged = (lp: LedgerPackage, role: "ledger" | "milestones", g: SheetGrid | null) =>
  g && fillMerged(g, sheetBinary(lp, role) ?? "");

export function snapshotOfPackage(lp: LedgerPackage): LedgerSnapshot {
  return snapshotFromGrids({
    ledger: merged(lp, "ledger", gridOfRole(lp, "ledger", tableDataEnd(lp, "ledger"))),
    milestones: merged(lp, "milestones", gridOfRole(lp, "milestones", tableDataEnd(lp, "milestones"))),
    units: gridOfRole(lp, "units"),
    planCopy: gridOfRole(lp, "planCopy"),
    asOf: packageAsOf(lp),
    date1904: lp.ctx.date1904,
  });
}
