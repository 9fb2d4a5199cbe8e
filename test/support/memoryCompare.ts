/** Puts a workbook from either renderer into one comparable form: every cell's formula or value and format. */
import { isoToSerial } from "../../src/ledger/dates";
import type { MemoryWorkbook } from "../../src/render/office/memory/state";
import { Workbook } from "../../src/render/xlsx/excelts";

export type CellMap = Record<string, Record<string, string>>;

const norm = (v: unknown): string => (v === null || v === undefined || v === "" ? "" : String(v));

export function fromMemory(book: MemoryWorkbook): CellMap {
  const out: CellMap = {};
  for (const s of book.sheets) {
    const cells: Record<string, string> = {};
    for (const [k, c] of s.cells) {
      const content = c.formula ?? norm(c.value);
      if (!content) continue;
      const [r, col] = k.split(",").map(Number);
      cells[`${r},${col}`] = content;
    }
    out[s.name] = cells;
  }
  return out;
}

export async function fromXlsx(bytes: Uint8Array): Promise<CellMap> {
  const wb = new Workbook();
  await wb.xlsx.load(bytes as never);
  const out: CellMap = {};
  for (const ws of wb.worksheets) {
    const cells: Record<string, string> = {};
    ws.eachRow({ includeEmpty: false }, (row, r) =>
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        // A merged range's value lives in its top-left cell only (the library repeats it in the others).
        if (cell.isMerged && cell.master.address !== cell.address) return;
        const v = cell.value as unknown;
        let content: string;
        if (v instanceof Date) content = String(isoToSerial(v.toISOString().slice(0, 10)));
        else if (v && typeof v === "object" && "formula" in (v as object))
          content = `=${(v as { formula: string }).formula}`;
        else content = norm(v);
        if (content) cells[`${r},${c}`] = content;
      }),
    );
    out[ws.name] = cells;
  }
  return out;
}
