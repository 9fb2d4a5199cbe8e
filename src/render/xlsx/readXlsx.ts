/** Reads a ledger workbook (.xlsx) back into a `LedgerSnapshot` for the pure engines. */
import { Workbook, type Cell as XCell, type Worksheet } from "./excelts";
import { PLAN_META, SHEETS } from "../../ledger/vocabulary";
import type { LedgerSnapshot, PlanCopyRow, ReadCell, ReadSheet } from "../../ledger/snapshot";

/** The file cannot be used at all; the message names the reason and what to do. */
export class UnusableWorkbookError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnusableWorkbookError";
  }
}

const REQUIRED = {
  [SHEETS.ledger]: ["序号", "牵头单位", "责任单位", "完成时限", "状态", "完成日期"],
  [SHEETS.milestones]: ["节点编号", "序号", "完成时限", "状态", "完成日期"],
  [SHEETS.units]: ["单位名称"],
} as const;

export async function loadWorkbook(bytes: Uint8Array): Promise<Workbook> {
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
    throw new UnusableWorkbookError(
      "文件已加密（设置了打开密码）或是旧版 .xls 格式。请在 Excel/WPS 中取消密码，或“另存为”.xlsx 后再试。",
    );
  }
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b)) {
    throw new UnusableWorkbookError("这不是 .xlsx 工作簿文件。请选择由台账助手生成的台账（.xlsx）。");
  }
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

export function snapshotOf(wb: Workbook): LedgerSnapshot {
  const ledger = readTable(wb, SHEETS.ledger, true)!;
  const milestones = readTable(wb, SHEETS.milestones, false);
  const units = readTable(wb, SHEETS.units, true);
  const guide = wb.getWorksheet(SHEETS.guide);
  const asOf = guide ? readCell(guide.getCell("B4")) : null;
  return {
    ledger,
    milestones,
    units,
    asOf: asOf && asOf.value !== null ? asOf : null,
    date1904: Boolean((wb.properties as { date1904?: boolean } | undefined)?.date1904),
    plan: readPlanCopy(wb),
  };
}

export async function readLedger(bytes: Uint8Array): Promise<LedgerSnapshot> {
  return snapshotOf(await loadWorkbook(bytes));
}

function readTable(wb: Workbook, name: keyof typeof REQUIRED, required: boolean): ReadSheet | null {
  const ws = wb.getWorksheet(name);
  if (!ws) {
    if (!required) return null;
    throw new UnusableWorkbookError(
      `工作簿中没有“${name}”工作表。请确认这是台账助手生成的台账，且没有把该表改名或删除。`,
    );
  }
  const need = REQUIRED[name];
  const headerRow = findHeaderRow(ws, need[0]);
  if (!headerRow)
    throw new UnusableWorkbookError(`“${name}”表中找不到表头“${need[0]}”。请恢复表头行后再试。`);
  const headers: string[] = [];
  const columnOf = new Map<string, number>();
  ws.getRow(headerRow).eachCell({ includeEmpty: false }, (cell, col) => {
    const h = String(readCell(cell).value ?? "").trim();
    headers[col - 1] = h;
    if (h && !columnOf.has(h)) columnOf.set(h, col);
  });
  const missing = need.filter((h) => !columnOf.has(h));
  if (missing.length) {
    throw new UnusableWorkbookError(
      `“${name}”表缺少列：${missing.join("、")}。请恢复这些列的表头（可以增加列，但不要删除或改名）。`,
    );
  }
  const rows: ReadSheet["rows"] = [];
  const last = ws.actualRowCount ? ws.rowCount : headerRow;
  for (let r = headerRow + 1; r <= last; r++) {
    const row = ws.getRow(r);
    const cells: Record<string, ReadCell> = {};
    let filled = false;
    for (const [h, col] of columnOf) {
      const c = readCell(row.getCell(col));
      cells[h] = c;
      if (c.value !== null && c.value !== "") filled = true;
    }
    if (filled) rows.push({ row: r, cells });
  }
  return { name, headerRow, headers, rows };
}

function findHeaderRow(ws: Worksheet, first: string): number | null {
  for (let r = 1; r <= Math.min(10, ws.rowCount); r++) {
    let found = false;
    ws.getRow(r).eachCell({ includeEmpty: false }, (cell) => {
      if (String(readCell(cell).value ?? "").trim() === first) found = true;
    });
    if (found) return r;
  }
  return null;
}

const isoOf = (d: Date) => d.toISOString().slice(0, 10);

export function readCell(cell: XCell): ReadCell {
  const raw = cell.value as unknown;
  const fmt = cell.numFmt as unknown;
  const numFmt =
    (typeof fmt === "string" ? fmt : (fmt as { formatCode?: string } | undefined)?.formatCode) || "General";
  const base = { address: cell.address, numFmt };
  const text = () => {
    try {
      return cell.text ?? "";
    } catch {
      return "";
    }
  };
  if (raw === null || raw === undefined) return { ...base, value: null, text: "" };
  if (raw instanceof Date) return { ...base, value: { date: isoOf(raw) }, text: isoOf(raw) };
  if (typeof raw === "string" || typeof raw === "number" || typeof raw === "boolean")
    return { ...base, value: raw, text: text() };
  const obj = raw as Record<string, unknown>;
  if ("formula" in obj || "sharedFormula" in obj) {
    const result = obj.result;
    const value =
      result instanceof Date
        ? { date: isoOf(result) }
        : typeof result === "object" || result === undefined
          ? null
          : (result as string | number | boolean);
    return { ...base, value, text: text(), formula: String(obj.formula ?? obj.sharedFormula) };
  }
  if (Array.isArray(obj.richText)) {
    const s = (obj.richText as { text: string }[]).map((t) => t.text).join("");
    return { ...base, value: s, text: s };
  }
  if (typeof obj.text === "string") return { ...base, value: obj.text, text: obj.text };
  if ("error" in obj) return { ...base, value: String(obj.error), text: String(obj.error) };
  return { ...base, value: text() || null, text: text() };
}

function readPlanCopy(wb: Workbook): LedgerSnapshot["plan"] {
  const ws = wb.getWorksheet(SHEETS.planCopy);
  if (!ws) return null;
  const meta = new Map<string, unknown>();
  for (let r = 1; r <= 3; r++) meta.set(String(ws.getCell(r, 8).value ?? ""), ws.getCell(r, 9).value);
  const rows: PlanCopyRow[] = [];
  for (let r = 2; r <= ws.rowCount; r++) {
    const id = Number(ws.getCell(r, 1).value);
    if (!id) continue;
    const due = ws.getCell(r, 6).value;
    rows.push({
      id,
      title: String(ws.getCell(r, 2).value ?? ""),
      body: String(ws.getCell(r, 3).value ?? ""),
      leadUnits: String(ws.getCell(r, 4).value ?? ""),
      responsibleUnits: String(ws.getCell(r, 5).value ?? ""),
      due: due instanceof Date ? isoOf(due) : String(due ?? ""),
    });
  }
  const published = meta.get(PLAN_META.published);
  return {
    title: String(meta.get(PLAN_META.title) ?? ""),
    published: typeof published === "string" && published ? published : null,
    year: Number(meta.get(PLAN_META.year)) || 0,
    rows,
  };
}
