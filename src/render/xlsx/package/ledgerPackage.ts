/**
 * A ledger workbook opened at the package level: which sheets are ours (by the marker names the tool
 * writes; by name only in ledgers built before there were markers), and their cells as grids.
 */
import type { SheetGrid } from "../../../ledger/grid";
import { SHEET_MARKERS, SHEETS, TABLES, type SheetRole } from "../../../ledger/vocabulary";
import { gridFromXml, type GridContext, type GridOptions, type NarrowGrid } from "./readGrid";
import { scanSheet, type SheetScan } from "./sheetScan";
import { tablesOf } from "./structure";
import { parseRange } from "../../../workbook/a1";

/** A worksheet part scanned (once per its bytes). */
export function scanPart(pkg: XlsxPackage, part: string): SheetScan | null {
  const xml = partText(pkg, part);
  return xml === null ? null : scanSheet(xml, partBytes(pkg, part));
}
import {
  sharedStrings,
  styleFormats,
  workbookInfo,
  type SheetEntry,
  type WorkbookInfo,
} from "./workbookParts";
import { partBinary, partBytes, partText, readPackage, type XlsxPackage } from "./zip";

export interface LedgerPackage {
  pkg: XlsxPackage;
  info: WorkbookInfo;
  ctx: GridContext;
  /** Our sheets by role; a role without a sheet is absent. */
  roles: Partial<Record<SheetRole, SheetEntry>>;
  /** True when the workbook carries markers (built or updated by this version). */
  marked: boolean;
}

/** `'任务台账'!$A$1` → 任务台账. */
export function sheetOfRef(ref: string): string | null {
  const m = /^=?(?:'((?:[^']|'')+)'|([^!'"]+))!/.exec(ref.trim());
  return m ? (m[1] !== undefined ? m[1].replace(/''/g, "'") : m[2]) : null;
}

export function openLedgerPackage(bytes: Uint8Array): LedgerPackage {
  const pkg = readPackage(bytes);
  const info = workbookInfo(pkg);
  const ctx: GridContext = {
    strings: sharedStrings(pkg, info.sharedStringsPart),
    formats: styleFormats(pkg, info.stylesPart),
    date1904: info.date1904,
  };
  const roles: Partial<Record<SheetRole, SheetEntry>> = {};
  const marked = info.names.some((n) => Object.values(SHEET_MARKERS).includes(n.name as never));
  for (const role of Object.keys(SHEET_MARKERS) as SheetRole[]) {
    let name: string | null = null;
    if (marked) {
      const marker = info.names.find((n) => n.name === SHEET_MARKERS[role] && n.localSheetId === undefined);
      name = marker ? sheetOfRef(marker.text) : null;
    } else if (role in SHEETS) {
      // A ledger from before markers: our sheets by their names (the change log never: it may be staff's).
      name = SHEETS[role as keyof typeof SHEETS];
    }
    let entry = name ? info.sheets.find((s) => s.name === name && s.part) : undefined;
    if (!entry && !marked && role in TABLES) {
      // A ledger from before markers whose sheet staff renamed: the table inside still has our name.
      const table = TABLES[role as keyof typeof TABLES];
      entry = info.sheets.find((s) => s.part && tablesOf(pkg, s.part).some((t) => t.name === table));
    }
    if (entry) roles[role] = entry;
  }
  return { pkg, info, ctx, roles, marked };
}

export function sheetXml(lp: LedgerPackage, role: SheetRole): string | null {
  const e = lp.roles[role];
  return e ? partText(lp.pkg, e.part) : null;
}

export function scanOf(lp: LedgerPackage, role: SheetRole): SheetScan | null {
  const e = lp.roles[role];
  return e ? scanPart(lp.pkg, e.part) : null;
}

/** The role's sheet as bytes, one character per byte (see `partBinary`). */
export function sheetBinary(lp: LedgerPackage, role: SheetRole): string | null {
  const e = lp.roles[role];
  return e ? partBinary(lp.pkg, e.part) : null;
}

/** The role's sheet as a grid, read from its bytes (`narrow`: only some columns, see `GridOptions`). */
export function gridOfRole(
  lp: LedgerPackage,
  role: SheetRole,
  maxRow?: number,
  maxCol?: number,
  narrow?: GridOptions["narrow"],
): NarrowGrid | null {
  const xml = sheetBinary(lp, role);
  return xml === null ? null : gridFromXml(xml, lp.ctx, maxRow, maxCol, { binary: true, narrow });
}

/**
 * The last data row of the role's table (its range less Excel's Total Row): rows below it (a 合计 or
 * 填报人 footer, a stray keystroke at row 1048576) are not tasks. Undefined when the sheet has no table.
 */
export function tableDataEnd(lp: LedgerPackage, role: SheetRole): number | undefined {
  const e = lp.roles[role];
  if (!e) return undefined;
  for (const t of tablesOf(lp.pkg, e.part)) {
    try {
      const g = parseRange(t.ref);
      return g.r2 - t.totalsRowCount;
    } catch {
      // a table without a readable range says nothing about where the rows end
    }
  }
  return undefined;
}

/**
 * Merged cells read as staff see them: every cell of a merged range shows the top-left value (offices
 * merge the 领域 column over a domain's rows). Only empty cells inside the grid are filled.
 */
export function fillMerged(g: SheetGrid, xml: string): SheetGrid {
  const width = g.values[0]?.length ?? 0;
  for (const m of xml.matchAll(/<(?:\w+:)?mergeCell\b[^>]*?\sref="([^"]+)"/g)) {
    let r: ReturnType<typeof parseRange>;
    try {
      r = parseRange(m[1]);
    } catch {
      continue;
    }
    const top = r.r1 - g.firstRow;
    const left = r.c1 - g.firstCol;
    const v = g.values[top]?.[left];
    if (v === undefined || v === null || v === "") continue;
    for (let i = top; i <= r.r2 - g.firstRow && i < g.values.length; i++)
      for (let j = left; j <= r.c2 - g.firstCol && j < width; j++) {
        if (i === top && j === left) continue;
        const row = (g.values[i] ??= []);
        if (row[j] !== undefined && row[j] !== null && row[j] !== "") continue;
        row[j] = v;
        (g.text[i] ??= [])[j] = g.text[top]?.[left] ?? "";
        (g.numberFormat[i] ??= [])[j] = g.numberFormat[top]?.[left] ?? "General";
      }
  }
  return g;
}

/** 说明!B4 (the as-of date) as a one-cell grid. */
export function asOfGrid(lp: LedgerPackage): SheetGrid | null {
  const g = gridOfRole(lp, "guide", 4, 2);
  if (!g) return null;
  for (const k of ["values", "text", "numberFormat", "formulas"] as const)
    g[k] = [[g[k]![3]?.[1] ?? null]] as never;
  g.firstRow = 4;
  g.firstCol = 2;
  return g;
}
