/** Writes the safe normalisations of validation (`fix`) into a loaded workbook; reports each change. */
import type { Workbook } from "./excelts";
import type { LedgerIssue } from "../../ledger/validate/issue";

export interface AppliedFix {
  sheet: string;
  cell: string;
  from: string;
  to: string;
}

export function applyFixes(wb: Workbook, issues: LedgerIssue[]): AppliedFix[] {
  const changes: AppliedFix[] = [];
  for (const i of issues) {
    if (!i.fix) continue;
    const ws = wb.getWorksheet(i.sheet);
    if (!ws) continue;
    const cell = ws.getCell(i.cell);
    if ("date" in i.fix) {
      const [y, m, d] = i.fix.date.split("-").map(Number);
      cell.value = new Date(Date.UTC(y, m - 1, d));
      cell.numFmt = "yyyy-mm-dd";
      changes.push({ sheet: i.sheet, cell: i.cell, from: i.value, to: i.fix.date });
    } else {
      cell.value = i.fix.text;
      changes.push({ sheet: i.sheet, cell: i.cell, from: i.value, to: i.fix.text });
    }
  }
  return changes;
}
