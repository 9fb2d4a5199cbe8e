/**
 * The monthly round's section of 仪表盘 written in place by `close` and `collect`: the trend, 未报送 and the
 * changes sentence (laid out by `roundSection`) with the engine's figures as cached results. Only the tool's
 * own cells change: those of the section (found by its workbook names), or, in a ledger built before the
 * section existed, new cells below everything on the sheet, then marked with the names for next time.
 */
import type { LedgerSnapshot } from "../../ledger/snapshot";
import { readPeriodRows, ROUND_MARKERS } from "../../ledger/round";
import { cellsOfRange, planRoundSection, type RoundRecords } from "../../ledger/round/sectionPlan";
import { CHANGES_NAME, ROUND_SECTION_NAME } from "../../workbook/sheets/roundSection";
import { cellXml } from "./package/cellXml";
import { sheetOfRef, type LedgerPackage } from "./package/ledgerPackage";
import { applySplices, cellSplices, refOf, type CellWrite } from "./package/patchSheet";
import { gridFromScan } from "./package/readGrid";
import { decodeEntities, parseRef, scanSheet } from "./package/sheetScan";
import { addDefinedNames } from "./package/structure";
import { parseRels, relsPathOf, resolveTarget } from "./package/xml";
import type { AllowedChanges } from "./package/verifyPackage";
import { partText, setPartText, type XlsxPackage } from "./package/zip";
import { ownedRows, ownedSheetName } from "./ownedSheet";

export type { RoundRecords } from "../../ledger/round/sectionPlan";

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
  // The plan is the one the add-in's 导入反馈表 makes too (src/ledger/round/sectionPlan.ts).
  const plan = planRoundSection({
    dashboard: entry.name,
    grid: gridFromScan(scan, lp.ctx),
    lastRow: scan.rows.length ? Math.max(...scan.rows.map((r) => r.r)) : 0,
    named: { section: cellOfName(lp, ROUND_SECTION_NAME), changes: cellOfName(lp, CHANGES_NAME) },
    existingNames: new Set(lp.info.names.map((x) => x.name)),
    snapshot,
    records,
    today,
    chartRanges: chartRanges(lp.pkg, entry.part),
  });
  if (plan.names.length) {
    // Names already there (even broken ones) are left alone: the text finds the section next time.
    addDefinedNames(pkg, lp.info.part, plan.names);
    allowed.insertOnly.add(lp.info.part);
  }
  const styleAt = new Map<string, string>(
    scan.rows.flatMap((r) => r.cells.map((c) => [`${c.row}:${c.col}`, c.style] as const)),
  );
  const percent = String(lp.ctx.formats.findIndex((f) => f === "0.0%"));
  const percentCells = new Set(
    plan.section.styles.filter((s) => s.style.numFmt === "0.0%").flatMap((s) => cellsOfRange(s.range)),
  );
  const writes: CellWrite[] = plan.cells.map((c) => {
    const key = `${c.row}:${c.col}`;
    const style = styleAt.get(key) ?? (percentCells.has(key) && percent !== "-1" ? percent : "");
    return { row: c.row, col: c.col, xml: cellXml(refOf(c.row, c.col), c.cell, style, lp.ctx.date1904) };
  });
  setPartText(pkg, entry.part, applySplices(xml, cellSplices(xml, scan, writes)));
  allowed.cells.set(entry.part, new Set(writes.map((w) => `${w.row}:${w.col}`)));
}

/** The ranges every chart drawn on the sheet plots (`<c:f>`), without their sheet names. */
function chartRanges(pkg: XlsxPackage, sheetPart: string): string[] {
  const out: string[] = [];
  for (const d of parseRels(partText(pkg, relsPathOf(sheetPart))).filter((r) =>
    r.type.endsWith("/drawing"),
  )) {
    const drawing = resolveTarget(sheetPart, d.target);
    for (const c of parseRels(partText(pkg, relsPathOf(drawing))).filter((r) => r.type.endsWith("/chart"))) {
      const xml = partText(pkg, resolveTarget(drawing, c.target)) ?? "";
      for (const m of xml.matchAll(/<(?:\w+:)?f>([^<]*)<\/(?:\w+:)?f>/g))
        out.push(decodeEntities(m[1]).replace(/^.*!/, ""));
    }
  }
  return out;
}
