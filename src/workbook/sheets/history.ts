/** 已移除任务 and 变更记录: what an update took out of the ledger (with every cell) and what it changed. */
import { HISTORY_SHEETS } from "../../ledger/vocabulary";
import type { Kept } from "../kept";
import { emptySheet, type SheetSpec } from "../spec";
import { BODY_TEXT } from "../styles";
import { columnStyles, recordRows, type ColumnDef } from "./columns";

function recordSheet(
  name: string,
  tab: string,
  headers: string[],
  records: Record<string, Kept>[],
): SheetSpec {
  const s = emptySheet(name);
  s.tabColor = tab;
  const cols: ColumnDef[] = headers.map((h) => ({
    header: h,
    width: /内容|名称|原|新/.test(h) ? 36 : 12,
    body: BODY_TEXT,
    staff: false,
  }));
  s.columns = cols.map((c) => ({ width: c.width }));
  const { rows, numberFormats } = recordRows(cols, records, () => undefined);
  s.rows = rows;
  s.numberFormats = numberFormats;
  s.styles = columnStyles(cols, records.length);
  s.freeze = { rows: 1, columns: 0 };
  return s;
}

export const removedSheet = (headers: string[], records: Record<string, Kept>[]) =>
  recordSheet(HISTORY_SHEETS.removed, "FF7F7F7F", headers, records);

export const changeLogSheet = (headers: string[], records: Record<string, Kept>[]) =>
  recordSheet(HISTORY_SHEETS.log, "FF7F7F7F", headers, records);
