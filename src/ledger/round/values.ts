/** A staff entry as the round compares it (text) and writes it (a cell). */
import type { ReadCell } from "../snapshot";
import { date, type Cell } from "../../workbook/spec";

export interface EntryValue {
  /** What is compared: dates as `YYYY-MM-DD`, logical values as Excel shows them, line ends as `\n`. */
  text: string;
  /** What is written back into the master. */
  cell: Cell;
}

export const EMPTY: EntryValue = { text: "", cell: null };

export function entryOf(c: ReadCell | undefined): EntryValue {
  if (!c || c.value === null) return EMPTY;
  const v = c.value;
  if (typeof v === "object") return { text: v.date, cell: date(v.date) };
  if (typeof v === "boolean") return { text: v ? "TRUE" : "FALSE", cell: v };
  if (typeof v === "number") return { text: String(v), cell: v };
  const text = v.replace(/\r\n?/g, "\n");
  return text.trim() === "" ? EMPTY : { text, cell: text };
}
