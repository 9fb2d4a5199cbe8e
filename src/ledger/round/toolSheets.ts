/**
 * Which sheets are the tool's, by the rule `openLedgerPackage` applies to a file: a workbook that carries any
 * of the tool's marker names (built or updated by a version with markers) has its sheets where the markers
 * point, and nowhere else — a sheet staff named 任务台账 beside a renamed ledger is theirs. A workbook without
 * markers (built before them) has them under their usual names, else (renamed) where the tool's tables are.
 */
import { SHEET_MARKERS, SHEETS, TABLES, type SheetRole } from "../vocabulary";

export const SHEET_ROLES = Object.keys(SHEET_MARKERS) as SheetRole[];

export interface SheetClues {
  /** Per role, the sheet its marker points at (null: no such name, or it points nowhere). */
  markers: Partial<Record<SheetRole, string | null>>;
  /** Whether any marker name exists in the workbook (even one pointing nowhere). */
  marked: boolean;
  /** Per role, whether a sheet has the role's usual name. */
  named: Partial<Record<SheetRole, boolean>>;
  /** Per role with a table, the sheet holding the tool's table of that name (null: none). */
  tables: Partial<Record<SheetRole, string | null>>;
}

/** The roles whose sheet may be found by its table (ledgers from before markers whose sheet was renamed). */
export const TABLE_ROLES = (Object.keys(TABLES) as (keyof typeof TABLES)[]).filter((r) =>
  (SHEET_ROLES as string[]).includes(r),
) as (keyof typeof TABLES & SheetRole)[];

export function toolSheetsOf(c: SheetClues): Partial<Record<SheetRole, string>> {
  const out: Partial<Record<SheetRole, string>> = {};
  for (const role of SHEET_ROLES) {
    if (c.marked) {
      const at = c.markers[role];
      if (at) out[role] = at;
      continue;
    }
    // The change log never by name: a sheet called 变更记录 may be staff's.
    if (role in SHEETS && c.named[role]) out[role] = SHEETS[role as keyof typeof SHEETS];
    else if (c.tables[role]) out[role] = c.tables[role]!;
  }
  return out;
}

/** Whether the clues need the tables' sheets to decide (a second look at the workbook). */
export const needsTables = (c: Pick<SheetClues, "marked" | "named">) =>
  !c.marked && TABLE_ROLES.some((r) => !c.named[r]);
