/**
 * The in-memory workbook: plain state that the strict fake Excel API (tests) and the browser preview
 * both read and write. Formulas are stored, not computed.
 */

export interface CellStyle {
  fill?: string;
  bold?: boolean;
  fontColor?: string;
  fontSize?: number;
  fontName?: string;
  wrap?: boolean;
  vertical?: string;
  horizontal?: string;
}

export interface MemoryCell {
  value: string | number | boolean | null;
  formula?: string;
  /** Text entered with a leading apostrophe (Excel's quote prefix): kept as text, the apostrophe not part of it. */
  quoted?: boolean;
  numberFormat: string;
  style: CellStyle;
}

export interface MemorySheet {
  name: string;
  visibility: "Visible" | "Hidden" | "VeryHidden";
  tabColor: string;
  cells: Map<string, MemoryCell>;
  tables: { name: string; address: string; style: string }[];
  validations: { address: string; rule: unknown; prompt?: unknown; errorAlert?: unknown }[];
  conditionalFormats: {
    address: string;
    rule: unknown;
    fill: string;
    fontColor: string;
    /** A "Custom" rule (its formula in `rule`) that strikes the text through. */
    strikethrough?: boolean;
  }[];
  charts: {
    type: string;
    title: string;
    series: { name: string; values: string; categories: string }[];
    from: string;
    to: string;
  }[];
  merges: string[];
  frozenRows: number;
  frozenAt?: string;
  columnWidths: Map<number, number>;
  rowHeights: Map<number, number>;
}

export interface MemoryWorkbook {
  sheets: MemorySheet[];
  names: Map<string, string>;
  /** The newest ExcelApi 1.x set this workbook's Excel has (13 = ExcelApi 1.13), to test older Excel. */
  apiMinor: number;
  /** The 1904 date system (Mac workbooks of old): serials count from 1904-01-01, 1,462 days fewer. */
  date1904?: boolean;
  selection?: { sheet: string; address: string };
  activeSheet?: string;
}

export const key = (row: number, col: number) => `${row},${col}`;

export function newWorkbook(apiMinor = 13): MemoryWorkbook {
  return { sheets: [], names: new Map(), apiMinor };
}

export function newSheet(name: string): MemorySheet {
  return {
    name,
    visibility: "Visible",
    tabColor: "",
    cells: new Map(),
    tables: [],
    validations: [],
    conditionalFormats: [],
    charts: [],
    merges: [],
    frozenRows: 0,
    columnWidths: new Map(),
    rowHeights: new Map(),
  };
}

export function getCell(sheet: MemorySheet, row: number, col: number): MemoryCell {
  const k = key(row, col);
  let c = sheet.cells.get(k);
  if (!c) sheet.cells.set(k, (c = { value: null, numberFormat: "General", style: {} }));
  return c;
}

/** Has the cell a format of its own (Excel's used range counts such cells unless asked for values only)? */
const formatted = (c: MemoryCell) => c.numberFormat !== "General" || Object.keys(c.style).length > 0;

/**
 * The bounding box of the cells that hold something, or null for an empty sheet. Like Excel's
 * `getUsedRange(valuesOnly)`: without `valuesOnly`, cells that only carry a format count too.
 */
export function usedBounds(
  sheet: MemorySheet,
  valuesOnly = true,
): { r1: number; c1: number; r2: number; c2: number } | null {
  let b: { r1: number; c1: number; r2: number; c2: number } | null = null;
  for (const [k, c] of sheet.cells) {
    if (c.value === null && !c.formula && (valuesOnly || !formatted(c))) continue;
    const [r, col] = k.split(",").map(Number);
    if (!b) b = { r1: r, c1: col, r2: r, c2: col };
    else {
      b.r1 = Math.min(b.r1, r);
      b.c1 = Math.min(b.c1, col);
      b.r2 = Math.max(b.r2, r);
      b.c2 = Math.max(b.c2, col);
    }
  }
  return b;
}
