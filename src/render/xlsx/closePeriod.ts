/**
 * `close` on the package level: the period's records appended to 历次进展 (the tool's own sheet); nothing else
 * in the master changes.
 */
import {
  ROUND_MARKERS,
  ROUND_SHEETS,
  PERIOD_HEADERS,
  readPeriodRows,
  type PeriodRecord,
} from "../../ledger/round";
import type { Cell } from "../../workbook/spec";
import type { LedgerPackage } from "./package/ledgerPackage";
import type { AllowedChanges } from "./package/verifyPackage";
import { clonePackage, writePackage, type XlsxPackage } from "./package/zip";
import { appendOwnedRows, ownedRows, ownedSheetTarget } from "./ownedSheet";

export const PERIODS_SHEET = {
  marker: ROUND_MARKERS.periods,
  name: ROUND_SHEETS.periods,
  headers: PERIOD_HEADERS,
  widths: [12, 6, 8, 30, 18, 12, 9, 12, 9, 50, 17],
};

/** Every period already recorded in the master's 历次进展. */
export const recordedPeriods = (lp: LedgerPackage): PeriodRecord[] =>
  readPeriodRows(ownedRows(lp, ROUND_MARKERS.periods));

/** The sheet the period goes to (the tool's 历次进展 under whatever name it has now, or the one it makes). */
export const periodsSheetTarget = (lp: LedgerPackage): string => ownedSheetTarget(lp, PERIODS_SHEET);

export function appendPeriod(
  lp: LedgerPackage,
  records: PeriodRecord[],
  when: string,
  /** Further edits of the tool's own cells, given the sheet's name (the dashboard's round section). */
  also?: (pkg: XlsxPackage, allowed: AllowedChanges, sheet: string) => void,
): { bytes: Uint8Array; allowed: AllowedChanges; sheet: string } {
  const pkg = clonePackage(lp.pkg);
  const allowed: AllowedChanges = {
    cells: new Map(),
    ownedSheets: new Set(),
    insertOnly: new Set(),
    parts: new Set(),
  };
  const rows: Cell[][] = records.map((r) => [
    r.period,
    r.kind,
    r.id,
    r.title,
    r.lead,
    r.due,
    r.status,
    r.done,
    r.warning,
    r.note,
    when,
  ]);
  const sheet = appendOwnedRows(lp, pkg, allowed, PERIODS_SHEET, rows);
  also?.(pkg, allowed, sheet);
  return { bytes: writePackage(pkg), allowed, sheet };
}
