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
  /**
   * A hyperlink (ExcelApi 1.7 `Range.hyperlink`), a threaded comment (ExcelApi 1.10 `workbook.comments`, "tied to an
   * individual cell") or a note: things of the cell apart from its content. Writing values or formulas leaves them
   * (Excel's clear options treat hyperlinks apart from contents and formats); they move with their cell when rows
   * are inserted or deleted, and go with it when it is deleted.
   */
  hyperlink?: { address?: string; documentReference?: string; screenTip?: string; textToDisplay?: string };
  comment?: { content: string; resolved?: boolean; replies?: string[] };
  note?: string;
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

type Ranged = { address: string };
/** A sheet-local A1 range's rows, when it lies within columns c1..c2 (null: it reaches outside them). */
function rowsWithin(
  address: string,
  c1: number,
  c2: number,
): { r1: number; r2: number; a: string; b: string } | null {
  const m = /^([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$/.exec(address.replace(/\$/g, ""));
  if (!m) return null;
  const col = (l: string) => [...l].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  const [a, b] = [m[1], m[3] ?? m[1]];
  if (col(a) < c1 || col(b) > c2) return null;
  return { r1: Number(m[2]), r2: Number(m[4] ?? m[2]), a, b };
}

/** Rules (validation, conditional formats) over columns c1..c2 follow rows inserted or deleted there. */
function moveRules(
  sheet: MemorySheet,
  c1: number,
  c2: number,
  move: (r1: number, r2: number) => [number, number] | null,
) {
  const adjust = <T extends Ranged>(list: T[]): T[] =>
    list.flatMap((x) => {
      const w = rowsWithin(x.address, c1, c2);
      if (!w) return [x];
      const next = move(w.r1, w.r2);
      return next ? [{ ...x, address: `${w.a}${next[0]}:${w.b}${next[1]}` }] : [];
    });
  sheet.validations = adjust(sheet.validations);
  sheet.conditionalFormats = adjust(sheet.conditionalFormats);
}

/**
 * Cells are inserted at `row` in columns c1..c2 (as Excel does for rows added to a table): everything from that row
 * down in those columns moves down by `count`, with its content, formats, links, comments and notes.
 */
export function insertCells(sheet: MemorySheet, row: number, count: number, c1: number, c2: number): void {
  const moved = new Map<string, MemoryCell>();
  for (const [k, c] of sheet.cells) {
    const [r, col] = k.split(",").map(Number);
    moved.set(r >= row && col >= c1 && col <= c2 ? key(r + count, col) : k, c);
  }
  sheet.cells = moved;
  moveRules(sheet, c1, c2, (r1, r2) =>
    r1 >= row ? [r1 + count, r2 + count] : r2 >= row ? [r1, r2 + count] : [r1, r2],
  );
}

/** Cells of rows r1..r2 in columns c1..c2 are deleted; what stands below in those columns moves up. */
export function deleteCells(sheet: MemorySheet, r1: number, r2: number, c1: number, c2: number): void {
  const count = r2 - r1 + 1;
  const moved = new Map<string, MemoryCell>();
  for (const [k, c] of sheet.cells) {
    const [r, col] = k.split(",").map(Number);
    if (col < c1 || col > c2 || r < r1) moved.set(k, c);
    else if (r > r2) moved.set(key(r - count, col), c);
  }
  sheet.cells = moved;
  moveRules(sheet, c1, c2, (a, b) => {
    if (b < r1) return [a, b];
    if (a > r2) return [a - count, b - count];
    const overlap = Math.min(b, r2) - Math.max(a, r1) + 1;
    const surviving = b - a + 1 - overlap;
    return surviving > 0 ? [Math.min(a, r1), Math.min(a, r1) + surviving - 1] : null;
  });
}

/**
 * Data validation cleared over a range (as `DataValidation.clear` does): rules inside it go; a rule over
 * columns within it loses the cleared rows (split in two when they are in its middle).
 */
export function clearValidations(sheet: MemorySheet, r1: number, r2: number, c1: number, c2: number): void {
  sheet.validations = sheet.validations.flatMap((v) => {
    const w = rowsWithin(v.address, c1, c2);
    if (!w || w.r2 < r1 || w.r1 > r2) return [v];
    const parts: [number, number][] = [];
    if (w.r1 < r1) parts.push([w.r1, r1 - 1]);
    if (w.r2 > r2) parts.push([r2 + 1, w.r2]);
    return parts.map(([a, b]) => ({ ...v, address: `${w.a}${a}:${w.b}${b}` }));
  });
}
