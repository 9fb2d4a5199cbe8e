/**
 * A record sheet the tool owns (来源记录, 历次进展): found by its workbook name, never by its sheet name;
 * rows only ever appended under the ones there; made (with its marker) the first time.
 */
import type { Cell } from "../../workbook/spec";
import { cellXml } from "./package/cellXml";
import { sheetOfRef, type LedgerPackage } from "./package/ledgerPackage";
import { applySplices, cellSplices, refOf, type CellWrite } from "./package/patchSheet";
import { gridFromXml } from "./package/readGrid";
import { scanSheet } from "./package/sheetScan";
import { addDefinedNames, addWorksheet, worksheetXml } from "./package/structure";
import type { AllowedChanges } from "./package/verifyPackage";
import { partText, setPartText, type XlsxPackage } from "./package/zip";

export interface OwnedSheet {
  marker: string;
  name: string;
  headers: readonly string[];
  widths: number[];
}

const sheetRef = (name: string) => `'${name.replace(/'/g, "''")}'!$A$1`;
const relsOf = (part: string) => {
  const i = part.lastIndexOf("/");
  return `${part.slice(0, i + 1)}_rels/${part.slice(i + 1)}.rels`;
};

function entryOf(lp: LedgerPackage, marker: string) {
  const n = lp.info.names.find((x) => x.name === marker && x.localSheetId === undefined);
  const name = n ? sheetOfRef(n.text) : null;
  return name ? lp.info.sheets.find((s) => s.name === name && s.part) : undefined;
}

/** The sheet's name, or null when the workbook has none yet. */
export const ownedSheetName = (lp: LedgerPackage, marker: string): string | null =>
  entryOf(lp, marker)?.name ?? null;

/** The sheet's cells as text (dates as `YYYY-MM-DD`), row by row; empty when the sheet does not exist yet. */
export function ownedRows(lp: LedgerPackage, marker: string): string[][] {
  const entry = entryOf(lp, marker);
  const xml = entry ? partText(lp.pkg, entry.part) : null;
  if (!xml) return [];
  const g = gridFromXml(xml, lp.ctx);
  const width = g.values[0]?.length ?? 0;
  const out: string[][] = [];
  for (let r = 0; r < g.values.length; r++) {
    const row: string[] = [];
    for (let c = 0; c < width; c++) {
      const v = g.values[r]?.[c];
      row.push(
        v === null || v === undefined ? "" : typeof v === "object" ? (v as { date: string }).date : String(v),
      );
    }
    out.push(row);
  }
  return out;
}

/** The sheet `appendOwnedRows` writes to: the tool's own, else a new one named so as to clash with none. */
export function ownedSheetTarget(lp: LedgerPackage, sheet: OwnedSheet): string {
  const entry = entryOf(lp, sheet.marker);
  if (entry) return entry.name;
  const taken = new Set(lp.info.sheets.map((s) => s.name));
  let name = sheet.name;
  for (let k = 1; taken.has(name); k++) name = `${sheet.name}（台账助手${k === 1 ? "" : k}）`;
  return name;
}

/** Appends `records` (a new sheet with a header row the first time); returns the sheet's name. */
export function appendOwnedRows(
  lp: LedgerPackage,
  pkg: XlsxPackage,
  allowed: AllowedChanges,
  sheet: OwnedSheet,
  records: Cell[][],
): string {
  const entry = entryOf(lp, sheet.marker);
  if (entry) {
    const xml = partText(pkg, entry.part)!;
    const scan = scanSheet(xml);
    const last = scan.rows.length ? scan.rows[scan.rows.length - 1].r : 0;
    const writes: CellWrite[] = records.flatMap((row, i) =>
      row.map((c, j) => ({ row: last + 1 + i, col: j + 1, xml: cellXml(refOf(last + 1 + i, j + 1), c, "") })),
    );
    setPartText(pkg, entry.part, applySplices(xml, cellSplices(xml, scan, writes)));
    allowed.cells.set(entry.part, new Set(writes.map((w) => `${w.row}:${w.col}`)));
    return entry.name;
  }
  const name = ownedSheetTarget(lp, sheet);
  const rowXml = (r: number, cells: Cell[]) =>
    `<row r="${r}">${cells.map((c, j) => cellXml(refOf(r, j + 1), c, "")).join("")}</row>`;
  const rows = [rowXml(1, [...sheet.headers]), ...records.map((v, i) => rowXml(i + 2, v))].join("");
  const part = addWorksheet(pkg, lp.info.part, name, worksheetXml(rows, sheet.widths));
  addDefinedNames(pkg, lp.info.part, [{ name: sheet.marker, ref: sheetRef(name) }]);
  for (const p of [lp.info.part, "[Content_Types].xml", relsOf(lp.info.part)]) allowed.insertOnly.add(p);
  allowed.parts.add(part);
  return name;
}
