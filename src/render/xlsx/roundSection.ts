/**
 * The monthly round's section of 仪表盘 written in place by `close` and `collect`: the trend, 未报送 and the
 * changes sentence (laid out by `roundSection`) with the engine's figures as cached results. Only the tool's
 * own cells change: those of the section (found by its workbook names), or, in a ledger built before the
 * section existed, new cells below everything on the sheet, then marked with the names for next time.
 */
import { chooseAsOf } from "../../ledger/context";
import type { LedgerSnapshot } from "../../ledger/snapshot";
import {
  changesAt,
  changesSentence,
  leadUnits,
  notReportedInSources,
  periodRecords,
  periodTrend,
  readPeriodRows,
  ROUND_MARKERS,
  type PeriodRecord,
} from "../../ledger/round";
import { SHEETS } from "../../ledger/vocabulary";
import { summaryOf } from "../../dashboard/fromSnapshot";
import {
  CHANGES_LABEL,
  CHANGES_NAME,
  TREND_TITLE,
  ROUND_SECTION_NAME,
  roundSection,
  roundSectionNames,
} from "../../workbook/sheets/roundSection";
import { cellXml } from "./package/cellXml";
import { sheetOfRef, type LedgerPackage } from "./package/ledgerPackage";
import { applySplices, cellSplices, refOf, type CellWrite } from "./package/patchSheet";
import { gridFromXml } from "./package/readGrid";
import { parseRef, scanSheet } from "./package/sheetScan";
import { addDefinedNames } from "./package/structure";
import type { AllowedChanges } from "./package/verifyPackage";
import { partText, setPartText, type XlsxPackage } from "./package/zip";
import { ownedRows, ownedSheetName } from "./ownedSheet";

/** The records as they will stand after this command: what is there plus what it appends. */
export interface RoundRecords {
  periods: PeriodRecord[];
  sources: string[][];
  periodsSheet: string | null;
  sourcesSheet: string | null;
}

/** The records in the master now (before this command appends anything). */
export function roundRecordsOf(lp: LedgerPackage): RoundRecords {
  const periodRows = ownedRows(lp, ROUND_MARKERS.periods);
  return {
    periods: readPeriodRows(periodRows),
    sources: ownedRows(lp, ROUND_MARKERS.sources),
    periodsSheet: ownedSheetName(lp, ROUND_MARKERS.periods),
    sourcesSheet: ownedSheetName(lp, ROUND_MARKERS.sources),
  };
}

function cellOfName(lp: LedgerPackage, name: string): [number, number] | null {
  const n = lp.info.names.find((x) => x.name === name && x.localSheetId === undefined);
  if (!n || sheetOfRef(n.text) !== lp.roles.dashboard?.name) return null;
  const ref = n.text.slice(n.text.lastIndexOf("!") + 1).replace(/\$/g, "");
  return parseRef(ref);
}

/**
 * Writes the section into `pkg` (a clone of the master being patched) and records the cells in `allowed`.
 * Nothing is written when the workbook has no dashboard.
 */
export function writeRoundSection(
  lp: LedgerPackage,
  pkg: XlsxPackage,
  allowed: AllowedChanges,
  snapshot: LedgerSnapshot,
  records: RoundRecords,
  today: string,
): void {
  const entry = lp.roles.dashboard;
  if (!entry) return;
  const xml = partText(pkg, entry.part)!;
  const scan = scanSheet(xml);
  const summary = summaryOf(snapshot, { today });
  // The dashboard computes for the workbook's own date, so the cached results do too.
  const asOf = chooseAsOf(snapshot, { today }).asOf;
  const changes = changesAt(records.periods, asOf, () => periodRecords(snapshot, asOf));
  const leads = leadUnits(snapshot);
  // By the names; else (names lost, e.g. the sheet was rewritten) by the tool's own title and label cells.
  const found = byText(xml, lp);
  let anchor = cellOfName(lp, ROUND_SECTION_NAME)?.[0] ?? found.anchor;
  let changesAtCell = cellOfName(lp, CHANGES_NAME) ?? found.changes;
  const labels: CellWrite[] = [];
  if (!anchor || !changesAtCell) {
    // A ledger from before the section: below everything on the sheet, the sentence first.
    const last = scan.rows.length ? Math.max(...scan.rows.map((r) => r.r)) : 0;
    let top = last + 3;
    if (!changesAtCell) {
      changesAtCell = [top, 2];
      labels.push({ row: top, col: 1, xml: cellXml(refOf(top, 1), CHANGES_LABEL, "") });
      top += 2;
    }
    anchor ??= top;
  }
  {
    const names = roundSectionNames({
      roundSectionRow: anchor,
      changesCell: refOf(changesAtCell[0], changesAtCell[1]),
    }).map((n) => ({
      ...n,
      ref: n.ref.replace(`'${SHEETS.dashboard}'`, `'${entry.name.replace(/'/g, "''")}'`),
    }));
    // Names already there (even broken ones) are left alone: the text finds the section next time.
    const missingNames = names.filter((n) => !lp.info.names.some((x) => x.name === n.name));
    if (missingNames.length) {
      addDefinedNames(pkg, lp.info.part, missingNames);
      allowed.insertOnly.add(lp.info.part);
    }
  }
  const section = roundSection(
    {
      top: anchor,
      periodsSheet: records.periodsSheet,
      sourcesSheet: records.sourcesSheet,
      year: summary.year,
      progressFrom: summary.progressFrom,
      trend: periodTrend(records.periods),
      leads,
      missing: notReportedInSources(records.sources, leads),
      changes: changes ? changesSentence(changes) : null,
    },
    { row: changesAtCell[0], col: changesAtCell[1] },
  );
  const styleAt = new Map<string, string>(
    scan.rows.flatMap((r) => r.cells.map((c) => [`${c.row}:${c.col}`, c.style] as const)),
  );
  const percent = String(lp.ctx.formats.findIndex((f) => f === "0.0%"));
  const percentCells = new Set(
    section.styles.filter((s) => s.style.numFmt === "0.0%").flatMap((s) => cellsOf(s.range)),
  );
  const writes: CellWrite[] = [
    ...labels,
    ...section.cells.map((c) => {
      const key = `${c.row}:${c.col}`;
      const style = styleAt.get(key) ?? (percentCells.has(key) && percent !== "-1" ? percent : "");
      return { row: c.row, col: c.col, xml: cellXml(refOf(c.row, c.col), c.cell, style, lp.ctx.date1904) };
    }),
  ];
  setPartText(pkg, entry.part, applySplices(xml, cellSplices(xml, scan, writes)));
  allowed.cells.set(entry.part, new Set(writes.map((w) => `${w.row}:${w.col}`)));
}

/** The section's title row and the changes sentence's cell, by the text of the tool's own cells in column A. */
function byText(xml: string, lp: LedgerPackage): { anchor?: number; changes?: [number, number] } {
  const g = gridFromXml(xml, lp.ctx, Infinity, 1);
  const out: { anchor?: number; changes?: [number, number] } = {};
  g.values.forEach((row, r) => {
    const v = row?.[0];
    if (v === TREND_TITLE && out.anchor === undefined) out.anchor = r + 1;
    if (v === CHANGES_LABEL && out.changes === undefined) out.changes = [r + 1, 2];
  });
  return out;
}

/** `D5:E16` → every `row:col` in it. */
function cellsOf(range: string): string[] {
  const [a, b = a] = range.split(":");
  const [r1, c1] = parseRef(a)!;
  const [r2, c2] = parseRef(b)!;
  const out: string[] = [];
  for (let r = r1; r <= r2; r++) for (let c = c1; c <= c2; c++) out.push(`${r}:${c}`);
  return out;
}
