/**
 * The monthly round's section of 仪表盘 written in place by `close` and `collect`: the trend, 未报送 and the
 * changes sentence (laid out by `roundSection`) with the engine's figures as cached results. Only the tool's
 * own cells change: those of the section (found by its workbook names), or, in a ledger built before the
 * section existed, new cells below everything on the sheet, then marked with the names for next time.
 */
import { chooseAsOf } from "../../ledger/context";
import { isFormulaCell } from "../../workbook/spec";
import { formulaShape } from "../../ledger/round/formulaShape";
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
import { UnusableWorkbookError, type SheetGrid } from "../../ledger/grid";
import { summaryOf } from "../../dashboard/fromSnapshot";
import {
  CHANGES_LABEL,
  CHANGES_NAME,
  TREND_TITLE,
  ROUND_SECTION_NAME,
  roundSection,
  roundSectionNames,
  type RoundSection,
} from "../../workbook/sheets/roundSection";
import { cellXml } from "./package/cellXml";
import { sheetOfRef, type LedgerPackage } from "./package/ledgerPackage";
import { applySplices, cellSplices, refOf, type CellWrite } from "./package/patchSheet";
import { gridFromScan, gridFromXml } from "./package/readGrid";
import { decodeEntities, parseRef, scanSheet } from "./package/sheetScan";
import { parseRels, relsPathOf, resolveTarget } from "./package/xml";
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
  const layout = {
    top: anchor,
    periodsSheet: records.periodsSheet,
    sourcesSheet: records.sourcesSheet,
    year: summary.year,
    progressFrom: summary.progressFrom,
    trend: periodTrend(records.periods),
    leads,
    missing: notReportedInSources(records.sources, leads),
    changes: changes ? changesSentence(changes) : null,
  };
  const section = roundSection(layout, { row: changesAtCell[0], col: changesAtCell[1] });
  refuseStaffContent(
    gridFromScan(scan, lp.ctx),
    section,
    roundSection(
      { ...layout, periodsSheet: null, sourcesSheet: null },
      {
        row: changesAtCell[0],
        col: changesAtCell[1],
      },
    ),
    anchor,
    entry.name,
    chartRanges(lp.pkg, entry.part),
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

/**
 * The section's cells belong to the tool only by their place, so before writing them: every one must be
 * empty or hold what the tool writes there (a formula of the shape the tool writes at that cell, see
 * `formulaShape`, or one of its own texts: titles, headers, placeholders, unit names). Text, numbers or
 * formulas staff typed there, or rows staff inserted into the section
 * or deleted from it (the tool's helper formulas then no longer stand on their rows), stop the command
 * with nothing written: the workbook belongs to the staff.
 */
function refuseStaffContent(
  grid: SheetGrid,
  section: RoundSection,
  placeholders: RoundSection,
  top: number,
  sheet: string,
  charts: string[],
): void {
  const own = new Set<string>(
    [...section.cells, ...placeholders.cells].flatMap((c) => (typeof c.cell === "string" ? [c.cell] : [])),
  );
  const valueAt = (r: number, c: number) => grid.values[r - 1]?.[c - 1];
  const formulaAt = (r: number, c: number) => grid.formulas?.[r - 1]?.[c - 1] !== undefined;
  // The shapes of the formulas the tool writes (or wrote) at each cell: a formula of another shape is staff's.
  const toolShapes = new Map<string, Set<string>>();
  for (const c of [...section.cells, ...section.earlier])
    if (isFormulaCell(c.cell)) {
      const key = `${c.row}:${c.col}`;
      if (!toolShapes.has(key)) toolShapes.set(key, new Set());
      toolShapes.get(key)!.add(formulaShape(c.cell.formula));
    }
  const toolFormula = (r: number, c: number) =>
    toolShapes.get(`${r}:${c}`)?.has(formulaShape(String(grid.formulas![r - 1][c - 1]))) ?? false;
  const where = `工作表“${sheet}”的本轮统计区（第 ${top}–${section.bottom} 行：历次完成率、未报送单位及右侧隐藏的辅助列）`;
  // The tool's formulas in the first helper column (one per period row) and in the 未报送 list's column,
  // as it wrote them: a row inserted into the section (or deleted from it) moves them, and writing at the
  // old places would leave the tool's rows doubled and the chart's ranges off by a row.
  const helperCol = Math.min(...section.cells.filter((c) => c.col > 21).map((c) => c.col));
  const moved: number[] = [];
  for (const col of [helperCol, 21]) {
    const expected = section.cells.filter((c) => c.col === col && isFormulaCell(c.cell)).map((c) => c.row);
    if (!expected.length) continue;
    const found: number[] = [];
    for (let r = Math.min(...expected); r <= Math.max(...expected); r++) if (formulaAt(r, col)) found.push(r);
    if (!found.length) continue; // not written yet: nothing of the tool's to be moved
    const want = new Set(expected);
    moved.push(...found.filter((r) => !want.has(r)), ...expected.filter((r) => !found.includes(r)));
  }
  // The trend chart's ranges: rows inserted into the trend (or deleted from it) grow, shrink or move them,
  // also before any close, when the trend rows hold nothing of the tool's yet.
  const expectedRanges = [section.chart.categories, ...section.chart.series.map((x) => x.values)];
  const rowsOf = (range: string) =>
    /^\$?([A-Z]+)\$?(\d+):\$?([A-Z]+)\$?(\d+)$/.exec(range.replace(/^.*!/, ""));
  const chartColumns = new Map(expectedRanges.map((r) => [rowsOf(r)![1], rowsOf(r)!]));
  for (const range of charts) {
    const m = rowsOf(range);
    const want = m && m[1] === m[3] ? chartColumns.get(m[1]) : undefined;
    if (!m || !want || Number(m[2]) < top || Number(m[2]) > section.bottom) continue;
    if (m[2] !== want[2] || m[4] !== want[4]) moved.push(Number(want[2]));
  }
  const staff: string[] = [];
  const inOrder = [...section.cells].sort((a, b) => a.row - b.row || a.col - b.col);
  for (const { row, col } of inOrder) {
    const v = valueAt(row, col);
    if (formulaAt(row, col)) {
      // With rows moved, the tool's formulas stand on other rows: the move is what to report.
      if (moved.length || toolFormula(row, col)) continue;
      const f = String(grid.formulas![row - 1][col - 1]);
      staff.push(`${refOf(row, col)}（公式“${f.length > 30 ? `${f.slice(0, 30)}…` : f}”）`);
      continue;
    }
    if (v === null || v === undefined || v === "") continue;
    if (typeof v === "string" && own.has(v)) continue;
    const shown = typeof v === "object" ? (v as { date: string }).date : String(v);
    staff.push(`${refOf(row, col)}（“${shown.length > 20 ? `${shown.slice(0, 20)}…` : shown}”）`);
  }
  if (staff.length)
    throw new UnusableWorkbookError(
      `${where}中有不是台账助手写入的内容：${staff.slice(0, 10).join("、")}${staff.length > 10 ? ` 等 ${staff.length} 处` : ""}。` +
        `这些单元格由台账助手按位置写入，为免覆盖，本次没有写入任何文件。请把这些内容移到统计区以外（例如第 ${section.bottom + 1} 行以下；AB 列起的隐藏列取消隐藏即可看到），` +
        `如果是在统计区中插入了行，请删除插入的行，然后重新运行。` +
        `\nThe dashboard's round section holds cells staff typed (${staff.length}); move them out of it and run again. Nothing was written.`,
    );
  if (moved.length)
    throw new UnusableWorkbookError(
      `${where}中插入或删除了行（第 ${Math.min(...moved)} 行附近）：台账助手的公式已不在原来的行上，为免覆盖或错位，本次没有写入任何文件。` +
        `请删除在统计区中插入的行（或撤销删除），需要加的说明写在统计区以外（例如第 ${section.bottom + 1} 行以下），然后重新运行。` +
        `\nRows were inserted into or deleted from the dashboard's round section; undo that and run again. Nothing was written.`,
    );
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
