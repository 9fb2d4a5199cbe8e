/**
 * A ledger as read back from a workbook (an .xlsx file or the open workbook in Excel), in a form the pure
 * engines can check and count without knowing where it came from.
 */

/** One cell as read: the stored value, what Excel displays, and its number format. */
export interface ReadCell {
  /** A1 address on its sheet. */
  address: string;
  /**
   * The stored value: text, a number (a date serial when the format is a date format), a boolean, a date
   * the reader already decoded (`{ date: "YYYY-MM-DD" }`), or null when empty.
   */
  value: string | number | boolean | { date: string } | null;
  /** The text as displayed (may equal the value). */
  text: string;
  numFmt: string;
  /** The formula, when the cell holds one. */
  formula?: string;
}

export interface ReadRow {
  /** 1-based sheet row. */
  row: number;
  /** Cells by header name. */
  cells: Record<string, ReadCell>;
}

export interface ReadSheet {
  name: string;
  headerRow: number;
  headers: string[];
  rows: ReadRow[];
  /** Rows marked 已移除 in the plan-status column: kept out of `rows` (they count nowhere), checked alone. */
  removedRows?: ReadRow[];
}

/** The plan columns of a task as they were built (text; dates as `YYYY-MM-DD`): what staff edits are compared against. */
export interface PlanCopyRow {
  id: number;
  /** By ledger header: 领域, 任务名称, 任务内容, 牵头单位, 责任单位, 完成时限, 时限说明, 量化指标. */
  fields: Record<string, string>;
  leadUnits: string;
  responsibleUnits: string;
  due: string;
}

export interface MilestoneCopyRow {
  id: string;
  taskId: number;
  clause: string;
  due: string;
  lead: string;
}

export interface LedgerSnapshot {
  ledger: ReadSheet;
  milestones: ReadSheet | null;
  units: ReadSheet | null;
  asOf: ReadCell | null;
  /** The workbook's date system: serials count from 1904-01-01 instead of 1900. */
  date1904: boolean;
  plan: {
    title: string;
    published: string | null;
    year: number;
    rows: PlanCopyRow[];
    milestones: MilestoneCopyRow[];
  } | null;
}
