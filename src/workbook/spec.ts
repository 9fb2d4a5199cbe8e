/**
 * The declarative description of a workbook. Layout code builds one; renderers (an .xlsx file, the Excel API)
 * turn it into a file or API calls and decide nothing about the layout themselves.
 */

/** A date without time, as `YYYY-MM-DD`. */
export interface DateCell {
  kind: "date";
  iso: string;
}

/** A formula (without the leading `=`), with the value it is expected to compute where known. */
export interface FormulaCell {
  kind: "formula";
  formula: string;
  result?: string | number | boolean;
}

/** Strings are always text, never formulas, whatever they start with. */
export type Cell = string | number | boolean | null | DateCell | FormulaCell;

export interface CellStyle {
  bold?: boolean;
  fontColor?: string; // ARGB
  fontSize?: number;
  fill?: string; // ARGB
  numFmt?: string;
  wrap?: boolean;
  horizontal?: "left" | "center" | "right";
  vertical?: "top" | "middle";
  border?: boolean;
}

export interface StyledRange {
  /** A1 range, e.g. `A2:A119`. */
  range: string;
  style: CellStyle;
}

export type ValidationRule = { type: "list"; values: string[] } | { type: "date"; min: string; max: string };

export interface ValidationSpec {
  range: string;
  rule: ValidationRule;
  allowBlank: boolean;
  prompt?: { title: string; message: string };
  error: { title: string; message: string };
}

export interface ConditionalFormatSpec {
  range: string;
  /** Each rule: cell equals `equals` → fill and font colour. */
  rules: { equals: string; fill: string; fontColor: string }[];
}

export interface TableSpec {
  name: string;
  /** Header row (1-based); the table spans the sheet's `columns` from column A. */
  headerRow: number;
  /** Number of data rows below the header. */
  rowCount: number;
  style: string;
}

export interface ColumnSpec {
  width: number;
  /** Helper columns the formulas need but readers do not. */
  hidden?: boolean;
}

export interface ChartSpec {
  type: "columnStacked" | "barStacked" | "column" | "bar" | "line";
  title: string;
  /** Category labels range, e.g. `仪表盘!$A$20:$A$35`. */
  categories: string;
  series: { name: string; values: string; color?: string }[];
  /** Anchor: top-left and bottom-right cells. */
  from: string;
  to: string;
  /** Counts: the value axis shows whole numbers only, every `majorUnit` (default 1). */
  wholeNumbers?: boolean;
  majorUnit?: number;
  /** Bar charts: first category at the top, as the table reads. */
  reverseCategories?: boolean;
  /** Plot cells in hidden columns (the chart's data are helper cells). */
  plotHidden?: boolean;
  /** Show each bar's value on it. */
  dataLabels?: boolean;
}

export interface SheetSpec {
  name: string;
  /** Hidden sheets hold data for the tools, not for reading. */
  hidden?: boolean;
  tabColor?: string;
  columns: ColumnSpec[];
  /** Row 1 first. Rows may be shorter than `columns`. */
  rows: Cell[][];
  styles: StyledRange[];
  table?: TableSpec;
  freeze?: { rows: number; columns: number };
  validations: ValidationSpec[];
  conditionalFormats: ConditionalFormatSpec[];
  merges: string[];
  charts: ChartSpec[];
  print?: {
    paper: "A3" | "A4";
    landscape: boolean;
    fitToWidth: boolean;
    /** Fit the whole sheet on one page (else pages run down as needed). */
    fitToHeight?: boolean;
    repeatRows?: string;
    /** Page numbers in the footer. */
    pageNumbers?: boolean;
  };
  /** Number formats of single cells that differ from their column's (kept from a filled ledger). */
  numberFormats?: { address: string; numFmt: string }[];
  /** Row heights that differ from the default, by 1-based row. */
  rowHeights?: Record<number, number>;
}

export interface NamedRange {
  name: string;
  /** Absolute reference, e.g. `说明!$B$4`. */
  ref: string;
}

export interface WorkbookSpec {
  sheets: SheetSpec[];
  names: NamedRange[];
}

export const date = (iso: string): DateCell => ({ kind: "date", iso });
export const formula = (f: string, result?: string | number | boolean): FormulaCell =>
  result === undefined ? { kind: "formula", formula: f } : { kind: "formula", formula: f, result };

export function isDateCell(c: Cell): c is DateCell {
  return typeof c === "object" && c !== null && c.kind === "date";
}
export function isFormulaCell(c: Cell): c is FormulaCell {
  return typeof c === "object" && c !== null && c.kind === "formula";
}

export { colLetters as colLetter } from "./a1";

export function emptySheet(name: string): SheetSpec {
  return {
    name,
    columns: [],
    rows: [],
    styles: [],
    validations: [],
    conditionalFormats: [],
    merges: [],
    charts: [],
  };
}
