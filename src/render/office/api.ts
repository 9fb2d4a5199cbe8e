/**
 * The part of the Excel JavaScript API the add-in uses, named by indexing `@types/office-js`: the real
 * objects must satisfy these interfaces (checked at the bottom), so a misspelt member fails to compile in
 * the renderer and in the in-memory workbook that stands in for Excel in tests and the browser preview.
 */

type Grid = unknown[][];

export interface FillLike {
  color: Excel.RangeFill["color"];
  clear(): void;
  load(propertyNames: string | string[]): FillLike;
}
export interface FontLike {
  bold: Excel.RangeFont["bold"];
  color: Excel.RangeFont["color"];
  size: Excel.RangeFont["size"];
  name: Excel.RangeFont["name"];
}
export interface RangeFormatLike {
  fill: FillLike;
  font: FontLike;
  wrapText: Excel.RangeFormat["wrapText"];
  verticalAlignment: Excel.RangeFormat["verticalAlignment"];
  horizontalAlignment: Excel.RangeFormat["horizontalAlignment"];
  columnWidth: Excel.RangeFormat["columnWidth"];
  rowHeight: Excel.RangeFormat["rowHeight"];
}
export interface DataValidationLike {
  rule: Excel.DataValidationRule;
  prompt: Excel.DataValidationPrompt;
  errorAlert: Excel.DataValidationErrorAlert;
  clear(): void;
}
export interface ConditionalFormatLike {
  cellValue: {
    format: { fill: { color: string }; font: { color: string } };
    rule: Excel.ConditionalCellValueRule;
  };
  /** A rule given by a formula (type "Custom"). */
  custom: {
    format: { fill: { color: string }; font: { color: string; strikethrough: boolean } };
    rule: { formula: string };
  };
}
export interface ConditionalFormatCollectionLike {
  add(type: "CellValue" | "Custom"): ConditionalFormatLike;
}
export interface RangeLike {
  values: Grid;
  formulas: Grid;
  numberFormat: Grid;
  /** ExcelApi 1.7. The add-in never sets it: modelled so that tests can show staff's links survive. */
  hyperlink: Excel.RangeHyperlink;
  readonly text: string[][];
  readonly address: string;
  readonly rowCount: number;
  readonly columnCount: number;
  readonly isNullObject: boolean;
  format: RangeFormatLike;
  dataValidation: DataValidationLike;
  conditionalFormats: ConditionalFormatCollectionLike;
  load(propertyNames: string | string[]): RangeLike;
  select(): void;
  merge(across?: boolean): void;
  /** ExcelApi 1.9. */
  copyFrom(sourceRange: string, copyType: "Values"): void;
  /** One row of this range (0-based). */
  getRow(row: number): RangeLike;
  /** ExcelApi 1.2: this range with its bottom-right corner moved by so many rows and columns. */
  getResizedRange(deltaRows: number, deltaColumns: number): RangeLike;
}
export interface TableLike {
  name: string;
  style: string;
}
/** A table found in the workbook: its range, and rows and columns added through it. */
export interface ExistingTableLike extends TableLike {
  readonly isNullObject: boolean;
  load(propertyNames: string | string[]): unknown;
  getRange(): RangeLike;
  /** Rows appended at the end (index undefined); several at once from ExcelApi 1.4. A row by index, to delete it. */
  rows: {
    add(index?: number, values?: (string | number | boolean)[][]): unknown;
    getItemAt(index: number): { delete(): void };
  };
  /** A column appended at the end (index undefined), named at creation (ExcelApi 1.4). */
  columns: { add(index?: number, values?: (string | number | boolean)[][], name?: string): unknown };
}
export interface ChartSeriesLike {
  name: string;
  setValues(sourceData: RangeLike): void;
  setXAxisValues(sourceData: RangeLike): void;
  format: { fill: { setSolidColor(color: string): void } };
}
export interface ChartLike {
  title: { text: string };
  name: string;
  setPosition(startCell: string, endCell?: string): void;
  series: { add(name?: string): ChartSeriesLike; getItemAt(index: number): ChartSeriesLike };
}
export interface WorksheetLike {
  name: string;
  readonly isNullObject: boolean;
  visibility: Excel.Worksheet["visibility"];
  tabColor: Excel.Worksheet["tabColor"];
  getRange(address: string): RangeLike;
  getUsedRangeOrNullObject(valuesOnly?: boolean): RangeLike;
  /** ExcelApi 1.7. */
  onChanged: { add(handler: (event: unknown) => Promise<void>): EventRegistrationLike };
  tables: { add(address: string, hasHeaders: boolean): TableLike };
  charts: { add(type: string, sourceData: RangeLike, seriesBy?: "Auto" | "Columns" | "Rows"): ChartLike };
  freezePanes: { freezeRows(count?: number): void; freezeAt(frozenRange: string): void };
  position: Excel.Worksheet["position"];
  load(propertyNames: string | string[]): WorksheetLike;
  activate(): void;
  delete(): void;
}
export interface NamedItemLike {
  readonly isNullObject: boolean;
  delete(): void;
  load(propertyNames: string | string[]): NamedItemLike;
  /** ExcelApi 1.4: the range the name refers to; a null object when it refers to none (e.g. #REF!). */
  getRangeOrNullObject(): RangeLike;
}
export interface WorkbookLike {
  worksheets: {
    add(name?: string): WorksheetLike;
    getItemOrNullObject(key: string): WorksheetLike;
  };
  names: {
    add(name: string, reference: string, comment?: string): unknown;
    getItemOrNullObject(name: string): NamedItemLike;
  };
  tables: {
    getItemOrNullObject(key: string): ExistingTableLike;
  };
}
export interface FunctionResultLike {
  readonly value: number;
  load(propertyNames: string | string[]): FunctionResultLike;
}
export interface ContextLike {
  workbook: WorkbookLike & {
    application?: { suspendApiCalculationUntilNextSync(): void };
    /** ExcelApi 1.2: worksheet functions evaluated by Excel (the date system shows in DATE's result). */
    functions: { date(year: number, month: number, day: number): FunctionResultLike };
  };
  sync(): Promise<void>;
}

/** What `onChanged.add` returns: removable only through the context that added it. */
export interface EventRegistrationLike {
  readonly context: unknown;
  remove(): void;
}

/** Runs one batch of work against a workbook: `Excel.run` in Excel, the in-memory workbook elsewhere. */
export type RunBatch = <T>(batch: (context: ContextLike) => Promise<T>) => Promise<T>;

// Compile-time proof that the real API satisfies the subset (members and types as @types/office-js has them).
export const realApiFits = {
  range: (
    r: Excel.Range,
  ): Omit<
    RangeLike,
    "load" | "conditionalFormats" | "dataValidation" | "format" | "getRow" | "getResizedRange"
  > => r,
  rangeNavigation: (r: Excel.Range): Record<"getRow" | "getResizedRange", (...a: number[]) => Excel.Range> =>
    r,
  format: (f: Excel.RangeFormat): Omit<RangeFormatLike, "fill" | "font"> => f,
  fill: (f: Excel.RangeFill): FillLike => f,
  font: (f: Excel.RangeFont): FontLike => f,
  validation: (v: Excel.DataValidation): Omit<DataValidationLike, "never"> => v,
  table: (t: Excel.Table): TableLike => t,
  sheet: (
    s: Excel.Worksheet,
  ): Pick<WorksheetLike, "name" | "isNullObject" | "visibility" | "tabColor" | "activate"> => s,
  freeze: (f: Excel.WorksheetFreezePanes): WorksheetLike["freezePanes"] => f,
  names: (n: Excel.NamedItemCollection): WorkbookLike["names"] => n,
  namedItem: (n: Excel.NamedItem): Omit<NamedItemLike, "load" | "getRangeOrNullObject"> => n,
  namedRange:
    (n: Excel.NamedItem): (() => Excel.Range) =>
    () =>
      n.getRangeOrNullObject(),
  tableRows: (t: Excel.Table): ExistingTableLike["rows"] => t.rows,
  tableColumns: (t: Excel.Table): ExistingTableLike["columns"] => t.columns,
  customFormat: (c: Excel.CustomConditionalFormat): Pick<ConditionalFormatLike["custom"], "rule"> => c,
  tables: (t: Excel.TableCollection): Pick<Excel.TableCollection, "getItemOrNullObject"> => t,
  context: (c: Excel.RequestContext): Pick<ContextLike, "sync"> => c,
};
