/**
 * What Excel stores when a string is written to a cell through `Range.values` or `Range.formulas`, as the
 * documentation and Excel's behaviour have it: `=` starts a formula; a leading apostrophe keeps the rest as
 * text (and is not part of the value); otherwise text that reads as a number, a Boolean, an error, a date or a
 * time is converted (TRUE, 1E5, (100), $100, 5%, #N/A, Jan-22, 2022/8/1, 12:00 PM). The in-memory workbook
 * applies these rules so that the preview and the tests see what Excel would do. Independent of the
 * renderer's own rule for what to protect, so that a gap in one shows up against the other.
 */
import { isValidYmd } from "../../../ledger/dates";
import type { MemoryCell } from "./state";

/** Excel's limit on the characters of one cell. */
export const CELL_CHAR_LIMIT = 32_767;
/** Excel's largest row height, in points. */
export const ROW_HEIGHT_LIMIT = 409;

export type Stored =
  | { kind: "formula"; formula: string }
  | { kind: "text"; text: string; quoted: boolean }
  | { kind: "number"; value: number; numberFormat?: string }
  | { kind: "boolean"; value: boolean }
  | { kind: "error"; value: string }
  | { kind: "empty" };

const ERRORS = new Set(["#N/A", "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#GETTING_DATA"]);
const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/** Days from 1899-12-30 (1900 system) or 1904-01-01 (1904 system). */
function serialOf(y: number, m: number, d: number, date1904: boolean): number {
  const days = Math.round((Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86_400_000);
  return date1904 ? days - 1462 : days;
}

function number(s: string): { value: number; numberFormat?: string } | null {
  let t = s.trim().replace(/,(?=\d{3}(\D|$))/g, "");
  let sign = 1;
  let format: string | undefined;
  const paren = /^\((.*)\)$/.exec(t);
  if (paren) ((t = paren[1].trim()), (sign = -1));
  if (/^[-+]/.test(t)) ((sign *= t[0] === "-" ? -1 : 1), (t = t.slice(1).trim()));
  const currency = /^[$¥￥€£]/.exec(t);
  if (currency) ((t = t.slice(1).trim()), (format = `${currency[0]}#,##0.00`));
  let scale = 1;
  if (t.endsWith("%")) ((t = t.slice(0, -1).trim()), (scale = 0.01), (format = "0%"));
  if (!/^(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return null;
  return { value: sign * Number(t) * scale, numberFormat: format };
}

function dateOrTime(s: string, date1904: boolean): { value: number; numberFormat: string } | null {
  const t = s.trim();
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(t) ?? /^(\d{4})年(\d{1,2})月(\d{1,2})日$/.exec(t);
  if (m && isValidYmd(+m[1], +m[2], +m[3]))
    return { value: serialOf(+m[1], +m[2], +m[3], date1904), numberFormat: "yyyy/m/d" };
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{2,4})$/.exec(t);
  if (m) {
    const y = m[3].length === 2 ? 2000 + +m[3] : +m[3];
    if (isValidYmd(y, +m[1], +m[2]))
      return { value: serialOf(y, +m[1], +m[2], date1904), numberFormat: "m/d/yyyy" };
  }
  // Jan-22, Jan 2022 (month and year); 22-Jan (day and month of the current year).
  m = /^([a-z]{3,9})[-\s]+(\d{2}|\d{4})$/i.exec(t);
  if (m && MONTHS.includes(m[1].slice(0, 3).toLowerCase())) {
    const y = m[2].length === 2 ? 2000 + +m[2] : +m[2];
    return {
      value: serialOf(y, MONTHS.indexOf(m[1].slice(0, 3).toLowerCase()) + 1, 1, date1904),
      numberFormat: "mmm-yy",
    };
  }
  m = /^(\d{1,2})[-\s]+([a-z]{3,9})$/i.exec(t);
  if (m && MONTHS.includes(m[2].slice(0, 3).toLowerCase()))
    return {
      value: serialOf(2022, MONTHS.indexOf(m[2].slice(0, 3).toLowerCase()) + 1, +m[1], date1904),
      numberFormat: "d-mmm",
    };
  m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(am|pm)?$/i.exec(t);
  if (m && +m[2] < 60) {
    let h = +m[1];
    if (m[4]) {
      if (h < 1 || h > 12) return null;
      h = (h % 12) + (m[4].toLowerCase() === "pm" ? 12 : 0);
    }
    return {
      value: (h * 3600 + +m[2] * 60 + +(m[3] ?? 0)) / 86_400,
      numberFormat: m[4] ? "h:mm AM/PM" : "h:mm",
    };
  }
  return null;
}

/** What Excel stores for one value written to a cell. */
export function storedFrom(input: unknown, date1904 = false): Stored {
  if (input === null || input === undefined || input === "") return { kind: "empty" };
  if (typeof input === "number") return { kind: "number", value: input };
  if (typeof input === "boolean") return { kind: "boolean", value: input };
  const s = String(input);
  if (s.length > CELL_CHAR_LIMIT)
    throw new Error(
      `InvalidArgument: a cell holds at most ${CELL_CHAR_LIMIT} characters (this text has ${s.length}).`,
    );
  if (s.startsWith("=") && s.length > 1) return { kind: "formula", formula: s };
  if (s.startsWith("'")) return { kind: "text", text: s.slice(1), quoted: true };
  if (/^(true|false)$/i.test(s.trim())) return { kind: "boolean", value: s.trim().toLowerCase() === "true" };
  if (ERRORS.has(s.trim().toUpperCase())) return { kind: "error", value: s.trim().toUpperCase() };
  const n = number(s);
  if (n) return { kind: "number", ...n };
  const d = dateOrTime(s, date1904);
  if (d) return { kind: "number", ...d };
  return { kind: "text", text: s, quoted: false };
}

/** Writes one value into a cell of the in-memory workbook as Excel would store it. */
export function enterInto(cell: MemoryCell, input: unknown, date1904 = false): void {
  const s = storedFrom(input, date1904);
  cell.formula = undefined;
  cell.quoted = undefined;
  if (s.kind === "formula") ((cell.formula = s.formula), (cell.value = null));
  else if (s.kind === "text") ((cell.value = s.text), (cell.quoted = s.quoted || undefined));
  else if (s.kind === "number") {
    cell.value = s.value;
    if (s.numberFormat && cell.numberFormat === "General") cell.numberFormat = s.numberFormat;
  } else if (s.kind === "boolean" || s.kind === "error") cell.value = s.value;
  else cell.value = null;
}

/**
 * What `Range.formulas` (and `values`) read back: the formula, else the value. Text entered with a leading
 * apostrophe comes back without it, so `'=abc` reads as `=abc` (office-js issue #6687): a reader must not
 * take such text for a formula.
 */
export const formulaRead = (cell: MemoryCell | undefined): unknown => cell?.formula ?? cell?.value ?? "";
