/**
 * A worksheet's cells as a `SheetGrid` for the pure engines, straight from the sheet XML. Rows and cells
 * that do not exist stay holes in sparse arrays, so a stray cell at A1048576 costs one cell, not a million
 * rows.
 */
import type { SheetGrid } from "../../../ledger/grid";
import { isDateFormat, serialToIso } from "../../../ledger/dates";
import { scanSheet, scanSheetText, type RowLoc, type SheetScan } from "./sheetScan";
import { unescapeOoxml } from "./xml";

export interface GridContext {
  strings: string[];
  formats: string[];
  date1904: boolean;
}

export function gridFromScan(
  scan: SheetScan,
  ctx: GridContext,
  maxRow = Infinity,
  maxCol = Infinity,
): SheetGrid {
  const b = gridBuilder(ctx, maxRow, maxCol);
  for (const row of scan.rows) b.add(row);
  return b.done();
}

/** Reads a worksheet's text straight into a grid, one row at a time (nothing else of the scan is kept). */
export function gridFromXml(xml: string, ctx: GridContext, maxRow = Infinity, maxCol = Infinity): SheetGrid {
  const b = gridBuilder(ctx, maxRow, maxCol);
  scanSheetText(xml, (row) => b.add(row));
  return b.done();
}

function gridBuilder(ctx: GridContext, maxRow: number, maxCol: number) {
  const values: unknown[][] = [];
  const text: string[][] = [];
  const numberFormat: string[][] = [];
  const formulas: unknown[][] = [];
  const shared = new Map<string, string>();
  let lastRow = 1;
  let lastCol = 1;
  const add = (row: RowLoc) => {
    if (row.r > maxRow) return;
    const i = row.r - 1;
    for (const c of row.cells) {
      if (c.col > maxCol) continue;
      const fmt = c.style ? (ctx.formats[Number(c.style)] ?? "General") : "General";
      let f = c.f;
      if (c.fAttrs?.t === "shared" && c.fAttrs.si !== undefined) {
        if (f) shared.set(c.fAttrs.si, f);
        else f = shared.get(c.fAttrs.si) ?? "";
      }
      const value = cellValue(c.type, c.v, c.inline, fmt, ctx);
      if (value === null && f === null && fmt === "General") continue;
      const j = c.col - 1;
      (values[i] ??= [])[j] = value;
      (text[i] ??= [])[j] =
        value === null ? "" : typeof value === "object" ? (value as { date: string }).date : String(value);
      (numberFormat[i] ??= [])[j] = fmt;
      if (f !== null) (formulas[i] ??= [])[j] = `=${f}`;
      if (row.r > lastRow) lastRow = row.r;
      if (c.col > lastCol) lastCol = c.col;
    }
  };
  const done = (): SheetGrid => {
    // Callers take the grid's width from its first row and its height from the array length.
    for (const a of [values, text, numberFormat, formulas]) {
      a.length = lastRow;
      a[0] ??= [];
      if (a[0].length < lastCol) a[0].length = lastCol;
    }
    return { values, text, numberFormat, formulas, firstRow: 1, firstCol: 1 };
  };
  return { add, done };
}

function cellValue(
  t: string,
  v: string | null,
  inline: string | null,
  fmt: string,
  ctx: GridContext,
): unknown {
  switch (t) {
    case "s":
      return v === null ? null : unescapeOoxml(ctx.strings[Number(v)] ?? "");
    case "inlineStr":
      return inline === null ? null : unescapeOoxml(inline);
    case "str":
      return v === null ? null : unescapeOoxml(v);
    case "b":
      return v === null ? null : v === "1" || v === "true";
    case "e":
      return v;
    case "d":
      return v ? { date: v.slice(0, 10) } : null;
    default: {
      if (v === null || v === "") return null;
      const n = Number(v);
      if (!Number.isFinite(n)) return v;
      if (isDateFormat(fmt)) {
        const iso = Number.isInteger(n) ? serialToIso(n, ctx.date1904) : null;
        if (iso) return { date: iso };
      }
      return n;
    }
  }
}

export const gridOfXml = (xml: string, ctx: GridContext) => gridFromScan(scanSheet(xml), ctx);
