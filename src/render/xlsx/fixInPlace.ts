/**
 * `validate --fix` as an edit in place: each safe normalisation rewrites one cell's value (its style,
 * and every other byte of the package, stay). Issues name sheets by their current names.
 */
import type { LedgerIssue } from "../../ledger/validate/issue";
import { isDateFormat } from "../../ledger/dates";
import { SHEETS } from "../../ledger/vocabulary";
import { date } from "../../workbook/spec";
import { cellXml } from "./package/cellXml";
import type { LedgerPackage } from "./package/ledgerPackage";
import { applySplices, cellSplices, refOf, type CellWrite } from "./package/patchSheet";
import { parseRef, scanSheet } from "./package/sheetScan";
import type { AllowedChanges } from "./package/verifyPackage";
import { clonePackage, partText, setPartText, writePackage } from "./package/zip";

export interface AppliedFix {
  sheet: string;
  cell: string;
  from: string;
  to: string;
}

export function fixInPlace(
  lp: LedgerPackage,
  issues: LedgerIssue[],
): { bytes: Uint8Array; allowed: AllowedChanges; changes: AppliedFix[] } {
  const pkg = clonePackage(lp.pkg);
  const allowed: AllowedChanges = {
    cells: new Map(),
    ownedSheets: new Set(),
    insertOnly: new Set(),
    parts: new Set(),
  };
  const changes: AppliedFix[] = [];
  const bySheet = new Map<string, LedgerIssue[]>();
  for (const i of issues) if (i.fix) bySheet.set(i.sheet, [...(bySheet.get(i.sheet) ?? []), i]);
  // A date needs a date style: the cell's own when it has one, else one the workbook already uses for dates.
  const dateStyle = String(lp.ctx.formats.findIndex((f) => isDateFormat(f)));
  for (const [sheet, list] of bySheet) {
    // Issues name our sheets by their layout names; the sheet may have been renamed since.
    const role = (Object.keys(SHEETS) as (keyof typeof SHEETS)[]).find((r) => SHEETS[r] === sheet);
    const entry = (role && lp.roles[role]) || lp.info.sheets.find((s) => s.name === sheet && s.part);
    if (!entry) continue;
    const xml = partText(pkg, entry.part)!;
    const scan = scanSheet(xml);
    const cells = new Map(scan.rows.flatMap((r) => r.cells.map((c) => [`${c.row}:${c.col}`, c] as const)));
    const writes = new Map<string, CellWrite>();
    for (const i of list) {
      const at = parseRef(i.cell);
      if (!at || !i.fix) continue;
      const [row, col] = at;
      const old = cells.get(`${row}:${col}`);
      const style = old?.style ?? "";
      if ("date" in i.fix) {
        const keep =
          style && isDateFormat(lp.ctx.formats[Number(style)] ?? "")
            ? style
            : dateStyle !== "-1"
              ? dateStyle
              : style;
        writes.set(`${row}:${col}`, {
          row,
          col,
          xml: cellXml(refOf(row, col), date(i.fix.date), keep, lp.ctx.date1904),
        });
        changes.push({ sheet, cell: i.cell, from: i.value, to: i.fix.date });
      } else {
        writes.set(`${row}:${col}`, { row, col, xml: cellXml(refOf(row, col), i.fix.text, style) });
        changes.push({ sheet, cell: i.cell, from: i.value, to: i.fix.text });
      }
    }
    const w = [...writes.values()];
    setPartText(pkg, entry.part, applySplices(xml, cellSplices(xml, scan, w)));
    allowed.cells.set(entry.part, new Set(w.map((x) => `${x.row}:${x.col}`)));
  }
  return { bytes: writePackage(pkg), allowed, changes };
}
