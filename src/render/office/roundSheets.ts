/**
 * The tool's sheets in the open workbook, found as the command line finds them in a file (`toolSheetsOf`): by
 * their marker names, and by name or table only in a workbook from before markers. (1 sync; 2 for a ledger
 * from before markers with a sheet renamed)
 */
import { SHEET_MARKERS, SHEETS, TABLES, type SheetRole } from "../../ledger/vocabulary";
import {
  needsTables,
  SHEET_ROLES,
  TABLE_ROLES,
  toolSheetsOf,
  type SheetClues,
} from "../../ledger/round/toolSheets";
import type { ContextLike } from "./api";

export const sheetOfAddress = (a: string) =>
  a.slice(0, a.lastIndexOf("!")).replace(/^'|'$/g, "").replace(/''/g, "'");

/**
 * Queues the look-ups (they go with the caller's next sync, with whatever else it loads); `resolve` after that
 * sync gives the sheets.
 */
export function queueToolSheets(context: ContextLike): {
  resolve: () => Promise<Partial<Record<SheetRole, string>>>;
} {
  const wb = context.workbook;
  const markers = SHEET_ROLES.map((role) => {
    const item = wb.names.getItemOrNullObject(SHEET_MARKERS[role]).load("isNullObject");
    return { role, item, range: item.getRangeOrNullObject().load("address") };
  });
  const byName = SHEET_ROLES.map((role) =>
    role in SHEETS
      ? wb.worksheets.getItemOrNullObject(SHEETS[role as keyof typeof SHEETS]).load("isNullObject")
      : null,
  );
  return {
    resolve: async () => {
      const clues: SheetClues = { markers: {}, marked: false, named: {}, tables: {} };
      SHEET_ROLES.forEach((role, i) => {
        const m = markers[i];
        if (!m.item.isNullObject) clues.marked = true;
        clues.markers[role] = m.range.isNullObject ? null : sheetOfAddress(m.range.address);
        clues.named[role] = Boolean(byName[i] && !byName[i]!.isNullObject);
      });
      if (needsTables(clues)) {
        const tables = TABLE_ROLES.map((role) => {
          const t = wb.tables.getItemOrNullObject(TABLES[role]);
          t.load("isNullObject");
          return t;
        });
        await context.sync();
        const ranges = tables.map((t) => (t.isNullObject ? null : t.getRange().load("address")));
        if (ranges.some(Boolean)) await context.sync();
        TABLE_ROLES.forEach(
          (role, i) => (clues.tables[role] = ranges[i] ? sheetOfAddress(ranges[i]!.address) : null),
        );
      }
      return toolSheetsOf(clues);
    },
  };
}
