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

export interface GridOptions {
  /** `xml` is the sheet's bytes one character per byte (`partBinary`). */
  binary?: boolean;
  /**
   * From `fromRow` on, only the cells of `cols` go into the grid; of the `counted` columns the grid notes
   * only which rows hold anything there (`filledRows`), without their text or formulas. A reader that needs
   * a few columns of a 10,000-row table then holds those, not every cell and formula of the sheet.
   */
  narrow?: { fromRow: number; cols: ReadonlySet<number>; counted: ReadonlySet<number> };
}

/** A grid read with `narrow`: also the rows that hold something in a `counted` column left out. */
export interface NarrowGrid extends SheetGrid {
  filledRows?: Set<number>;
}

/** Reads a worksheet's text straight into a grid, one row at a time (nothing else of the scan is kept). */
export function gridFromXml(
  xml: string,
  ctx: GridContext,
  maxRow = Infinity,
  maxCol = Infinity,
  opts: GridOptions = {},
): NarrowGrid {
  const b = gridBuilder(ctx, maxRow, maxCol, opts.narrow);
  const narrow = opts.narrow;
  scanSheetText(xml, (row) => b.add(row), {
    binary: opts.binary,
    // Rows past the last one read are only walked over.
    textOfRow: maxRow < Infinity ? (r) => r <= maxRow : undefined,
    skipFormulaText: narrow ? (r, c) => r >= narrow.fromRow && !narrow.cols.has(c) : undefined,
  });
  return b.done();
}

function gridBuilder(ctx: GridContext, maxRow: number, maxCol: number, narrow?: GridOptions["narrow"]) {
  const values: unknown[][] = [];
  const text: string[][] = [];
  const numberFormat: string[][] = [];
  const formulas: unknown[][] = [];
  const shared = new Map<string, string>();
  let lastRow = 1;
  let lastCol = 1;
  const filledRows = narrow ? new Set<number>() : undefined;
  const add = (row: RowLoc) => {
    if (row.r > maxRow) return;
    const i = row.r - 1;
    const narrowed = narrow && row.r >= narrow.fromRow;
    for (const c of row.cells) {
      if (c.col > maxCol) continue;
      if (narrowed && !narrow.cols.has(c.col)) {
        if (!narrow.counted.has(c.col) || filledRows!.has(row.r)) continue;
        // Held as the table reader holds a cell: a formula, or a value that is not empty.
        const value =
          c.formulaSkipped || c.f !== null ? true : cellValue(c.type, c.v, c.inline, "General", ctx);
        if (value === null || value === "") continue;
        filledRows!.add(row.r);
        if (row.r > lastRow) lastRow = row.r;
        continue;
      }
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
  const done = (): NarrowGrid => {
    // Callers take the grid's width from its first row and its height from the array length.
    for (const a of [values, text, numberFormat, formulas]) {
      a.length = lastRow;
      a[0] ??= [];
      if (a[0].length < lastCol) a[0].length = lastCol;
    }
    return {
      values,
      text,
      numberFormat,
      formulas,
      firstRow: 1,
      firstCol: 1,
      ...(filledRows && { filledRows }),
    };
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
