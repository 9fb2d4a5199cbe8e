/** What a cell of the in-memory workbook shows, the way Excel formats it for `Range.text`. */
import { isDateFormat, serialToIso } from "../../../ledger/dates";
import type { MemoryCell } from "./state";

export function displayText(cell: MemoryCell | undefined, date1904 = false): string {
  if (!cell) return "";
  if (cell.formula) return cell.formula;
  const v = cell.value;
  if (v === null) return "";
  if (typeof v === "number" && isDateFormat(cell.numberFormat)) return serialToIso(v, date1904) ?? String(v);
  if (typeof v === "number" && cell.numberFormat.endsWith("%")) return `${(v * 100).toFixed(1)}%`;
  return String(v);
}
