/**
 * Which cells of the dashboard's round section a command writes, and with what: the same plan for the command
 * line (`close`, `collect`, which splice the cells into the file) and the add-in (导入反馈表, which writes them
 * into the open workbook). The section is found by its workbook names, else by the tool's own title and label
 * text in column A, else placed below everything on the sheet (a ledger built before the section). Before
 * anything is planned for writing, every cell is checked to be the tool's (decisions §20): staff's content
 * there stops the command with nothing written.
 *
 * Not exported from the round's index: the section's layout (src/workbook/sheets/roundSection) reads the
 * round's vocabulary from there.
 */
import { chooseAsOf } from "../context";
import { UnusableWorkbookError, type SheetGrid } from "../grid";
import type { LedgerSnapshot } from "../snapshot";
import { summaryOf } from "../../dashboard/fromSnapshot";
import { colLetters, parseRange } from "../../workbook/a1";
import { isFormulaCell } from "../../workbook/spec";
import {
  CHANGES_LABEL,
  TREND_TITLE,
  roundSection,
  roundSectionNames,
  type RoundSection,
  type SectionCell,
} from "../../workbook/sheets/roundSection";
import { SHEETS } from "../vocabulary";
import { changesAt, changesSentence, periodRecords, periodTrend, type PeriodRecord } from "./periods";
import type { Taken } from "./merge";
import { formulaShape } from "../../workbook/formulaShape";
import { leadUnits } from "./share";
import { notReportedInSources } from "./sources";

const refOf = (row: number, col: number) => `${colLetters(col)}${row}`;

/** The records as they will stand after this command: what is there plus what it appends. */
export interface RoundRecords {
  periods: PeriodRecord[];
  sources: string[][];
  periodsSheet: string | null;
  sourcesSheet: string | null;
}

export interface SectionPlanInput {
  /** The dashboard's name (the names' references are written with it). */
  dashboard: string;
  /** The dashboard's cells from A1 (values and formulas): where the section stands and whose its cells are. */
  grid: SheetGrid;
  /** The sheet's last row (0: empty): a section placed now goes below it. */
  lastRow: number;
  /** The cells the workbook names point at, when they exist and point at the dashboard ([row, col]). */
  named: { section: [number, number] | null; changes: [number, number] | null };
  /** Names the workbook has already (even broken ones): they are left alone, the text finds the section. */
  existingNames: ReadonlySet<string>;
  snapshot: LedgerSnapshot;
  records: RoundRecords;
  today: string;
  /**
   * The ranges the charts drawn on the dashboard plot, without sheet names (the command line reads them from
   * the package; absent where they cannot be read): rows inserted into the trend move them even before any close.
   */
  chartRanges?: string[];
}

export interface SectionPlan {
  /** Every cell to write, the section's and a label placed with it, in row and column order. */
  cells: SectionCell[];
  /** The section's layout (its styles say which cells are percentages). */
  section: RoundSection;
  top: number;
  /** Whether the section was placed below the sheet's content now (a ledger built before it). */
  placedBelow: boolean;
  /** Workbook names to add (the section's markers that are missing). */
  names: { name: string; ref: string }[];
}

/** The section's title row and the changes sentence's cell, by the text of the tool's own cells in column A. */
function byText(grid: SheetGrid): { anchor?: number; changes?: [number, number] } {
  const out: { anchor?: number; changes?: [number, number] } = {};
  grid.values.forEach((row, r) => {
    const v = row?.[0];
    if (v === TREND_TITLE && out.anchor === undefined) out.anchor = r + 1;
    if (v === CHANGES_LABEL && out.changes === undefined) out.changes = [r + 1, 2];
  });
  return out;
}

/** Plans the section's cells; throws (nothing to write) when staff's content stands where they go. */
export function planRoundSection(i: SectionPlanInput): SectionPlan {
  const { snapshot, records, today } = i;
  const summary = summaryOf(snapshot, { today });
  // The dashboard computes for the workbook's own date, so the cached results do too.
  const asOf = chooseAsOf(snapshot, { today }).asOf;
  const changes = changesAt(records.periods, asOf, () => periodRecords(snapshot, asOf));
  const leads = leadUnits(snapshot);
  const found = byText(i.grid);
  let anchor = i.named.section?.[0] ?? found.anchor;
  let changesCell = i.named.changes ?? found.changes;
  const labels: SectionCell[] = [];
  const placedBelow = !anchor || !changesCell;
  if (!anchor || !changesCell) {
    // A ledger from before the section: below everything on the sheet, the sentence first.
    let top = i.lastRow + 3;
    if (!changesCell) {
      changesCell = [top, 2];
      labels.push({ row: top, col: 1, cell: CHANGES_LABEL });
      top += 2;
    }
    anchor ??= top;
  }
  const names = roundSectionNames({
    roundSectionRow: anchor,
    changesCell: refOf(changesCell[0], changesCell[1]),
  })
    .map((n) => ({
      ...n,
      ref: n.ref.replace(`'${SHEETS.dashboard}'`, `'${i.dashboard.replace(/'/g, "''")}'`),
    }))
    .filter((n) => !i.existingNames.has(n.name));
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
  const at = { row: changesCell[0], col: changesCell[1] };
  const section = roundSection(layout, at);
  refuseStaffContent(
    i.grid,
    section,
    roundSection({ ...layout, periodsSheet: null, sourcesSheet: null }, at),
    anchor,
    i.dashboard,
    i.chartRanges ?? [],
  );
  const cells = [...labels, ...section.cells].sort((a, b) => a.row - b.row || a.col - b.col);
  return { cells, section, top: anchor, placedBelow, names };
}

/** `D5:E16` → every `row:col` in it. */
export function cellsOfRange(range: string): string[] {
  const { r1, c1, r2, c2 } = parseRange(range);
  const out: string[] = [];
  for (let r = r1; r <= r2; r++) for (let c = c1; c <= c2; c++) out.push(`${r}:${c}`);
  return out;
}

/**
 * The section's cells belong to the tool only by their place, so before writing them: every one must be
 * empty or hold what the tool writes there (a formula of the shape the tool writes at that cell, see
 * `formulaShape`, or one of its own texts: titles, headers, placeholders, unit names). Text, numbers or
 * formulas staff typed there, or rows staff inserted into the section or deleted from it (the tool's helper
 * formulas then no longer stand on their rows), stop the command with nothing written: the workbook belongs
 * to the staff.
 */
export function refuseStaffContent(
  grid: SheetGrid,
  section: RoundSection,
  placeholders: RoundSection,
  top: number,
  sheet: string,
  charts: string[] = [],
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

/** The master as it stands once the entries taken are in (for the dashboard's cached results). */
export function withTaken(snapshot: LedgerSnapshot, taken: Taken[]): LedgerSnapshot {
  const bySheet = new Map<string, Map<string, Taken>>();
  for (const t of taken) {
    const m = bySheet.get(t.sheet) ?? new Map<string, Taken>();
    m.set(t.address, t);
    bySheet.set(t.sheet, m);
  }
  const apply = <S extends LedgerSnapshot["ledger"] | null>(sheet: S): S => {
    const edits = sheet && bySheet.get(sheet.name);
    if (!sheet || !edits) return sheet;
    return {
      ...sheet,
      rows: sheet.rows.map((row) => {
        const cells = { ...row.cells };
        let changed = false;
        for (const [h, c] of Object.entries(cells)) {
          const t = edits.get(c.address);
          if (!t) continue;
          const v = t.to.cell;
          const value =
            v === null
              ? null
              : typeof v === "object" && "iso" in v
                ? { date: v.iso }
                : (v as string | number | boolean);
          cells[h] = { ...c, value, text: t.to.text };
          changed = true;
        }
        return changed ? { ...row, cells } : row;
      }),
    };
  };
  return { ...snapshot, ledger: apply(snapshot.ledger), milestones: apply(snapshot.milestones) };
}
