/**
 * Bringing the cells the tool wrote on 仪表盘 and 说明 up to date in a ledger an older version built.
 *
 * The layout says what the tool writes where; an older version wrote other formulas (removed rows counted,
 * three aliases per unit) and other instructions in the same places. A cell is refreshed only when it is
 * empty, or holds what this layout or an older layout wrote there (`isOwnedShape`): a note staff typed
 * beside the tool's cells is never in a place the layout writes, and a tool cell staff changed into
 * something the tool never wrote is left alone and named. Pure: it takes the cells as read and returns
 * the writes, which the command line splices into the file (the add-in does not apply them yet).
 */
import type { Plan } from "../plan";
import type { SheetGrid } from "../ledger/grid";
import { emptyFigures, progressStart, type MonthFigures, type Summary } from "../dashboard/summary";
import type { ReadCell, ReadSheet } from "../ledger/snapshot";
import {
  AS_OF_NAME,
  DUE_SOON_DAYS,
  LIST_KEY,
  PLAN_STATUS_HEADER,
  PLAN_STATUS_OWN_HEADER,
  SHEETS,
} from "../ledger/vocabulary";
import { listKeyFormula, warningFormula } from "../ledger/warning";
import { formulaShape } from "./formulaShape";
import { colLetter, isDateCell, isFormulaCell, type Cell } from "./spec";
import { dashboardSheet } from "./sheets/dashboard";
import { AS_OF_CELL, AS_OF_VALUE, guideSheet } from "./sheets/guide";
import { LEGACY_SHAPES } from "./legacyShapes";

/** One cell to write: 1-based row and column, and what the layout puts there now. */
export interface OwnedWrite {
  row: number;
  col: number;
  cell: Cell;
}

/** A tool cell staff changed: left as it is, named in the report. */
export interface KeptCell {
  sheet: string;
  address: string;
  /** What the cell holds (shortened), for the report. */
  holds: string;
}

export interface OwnedRefresh {
  dashboard: OwnedWrite[];
  guide: OwnedWrite[];
  kept: KeptCell[];
  /** Groups the ledger has but the dashboard has no row for (rows cannot be inserted in place). */
  missingRows: string[];
  /** 预警 and 清单排序 cells of the tables' rows rewritten in this version's formula. */
  rowFormulas?: number;
}

/**
 * The shape a cell is compared by: a formula's as the round section compares them (`formulaShape`: spaces,
 * `$`, quotes around sheet names, `_xlfn.`, case and numbers do not matter, so a ledger re-saved by Excel,
 * WPS or LibreOffice still holds the tool's formulas; the words in quotes do, a criterion staff changed is
 * theirs); a text's with its digits (years, list positions) taken out.
 */
export function cellShape(c: { formula?: string | null; value: unknown }): string | null {
  if (c.formula) return `f:${formulaShape(c.formula.trim())}`;
  if (typeof c.value === "string" && c.value !== "") return `t:${c.value.replace(/\d+/g, "0")}`;
  return null;
}

/** FNV-1a, 32 bits, base 36: how `LEGACY_SHAPES` stores the shapes older layouts wrote. */
export function shapeHash(shape: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < shape.length; i++) {
    h ^= shape.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36);
}

const legacy = new Set(LEGACY_SHAPES);

/** Whether an existing cell holds what this layout (`now`) or an older layout wrote. */
export function isOwnedShape(existing: { formula?: string | null; value: unknown }, now: Cell): boolean {
  const shape = cellShape(existing);
  if (shape === null) return false;
  const nowShape = cellShape(asExisting(now));
  return shape === nowShape || legacy.has(shapeHash(shape));
}

function asExisting(c: Cell): { formula?: string; value: unknown } {
  if (isFormulaCell(c)) return { formula: c.formula, value: null };
  if (isDateCell(c)) return { value: c.iso };
  return { value: c };
}

interface Existing {
  formula?: string | null;
  value: unknown;
}

/** The cell of a grid at a 1-based row and column (undefined outside it or empty). */
export function gridCell(g: SheetGrid | null, row: number, col: number): Existing | undefined {
  if (!g) return undefined;
  const i = row - g.firstRow;
  const j = col - g.firstCol;
  if (i < 0 || j < 0) return undefined;
  const value = g.values[i]?.[j];
  const f = g.formulas?.[i]?.[j];
  const formula = typeof f === "string" && f !== "" ? f : null;
  if (formula === null && (value === null || value === undefined || value === "")) return undefined;
  return { formula, value };
}

const same = (e: Existing, c: Cell): boolean => {
  if (isFormulaCell(c)) return Boolean(e.formula) && e.formula!.replace(/^=/, "") === c.formula;
  if (e.formula) return false;
  if (isDateCell(c)) return false;
  return e.value === c;
};

const shown = (e: Existing) => {
  const s = e.formula ? String(e.formula) : String(e.value);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
};

/** Walks the layout's cells: refresh the tool's, name those staff changed. */
function planSheet(
  sheet: string,
  rows: Cell[][],
  g: SheetGrid | null,
  skip: (row: number, col: number) => boolean,
  kept: KeptCell[],
): OwnedWrite[] {
  const writes: OwnedWrite[] = [];
  rows.forEach((cells, i) =>
    cells.forEach((cell, j) => {
      const [row, col] = [i + 1, j + 1];
      if (cell === null || cell === "" || skip(row, col)) return;
      const e = gridCell(g, row, col);
      // The same cell in another program's spelling (`$`, spaces, case) is already up to date.
      if (e && (same(e, cell) || cellShape(e) === cellShape(asExisting(cell)))) return;
      if (!e || isOwnedShape(e, cell)) writes.push({ row, col, cell });
      else kept.push({ sheet, address: `${colLetter(col)}${row}`, holds: shown(e) });
    }),
  );
  return writes;
}

/** The texts of column `col` from `from` down to the first empty cell. */
function namesDown(g: SheetGrid | null, from: number, col: number): string[] {
  const out: string[] = [];
  for (let r = from; ; r++) {
    const e = gridCell(g, r, col);
    if (!e || e.formula || typeof e.value !== "string") return out;
    out.push(e.value);
  }
}

function rowOfText(g: SheetGrid | null, col: number, text: string, from = 1, to = 400): number | null {
  for (let r = from; r <= to; r++) if (gridCell(g, r, col)?.value === text) return r;
  return null;
}

const fold = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

/**
 * The engine's summary laid out in the rows the dashboard already has: its tables' groups in the order
 * they stand (a row cannot be inserted in place), each with the engine's figures; groups the ledger has
 * now and the dashboard has no row for are returned to be reported.
 */
function fittedSummary(summary: Summary, g: SheetGrid | null): { summary: Summary; missing: string[] } {
  const missing: string[] = [];
  const fit = <T extends { name: string }>(title: string, items: T[], blank: (n: string) => T): T[] => {
    const at = rowOfText(g, 1, title);
    if (at === null) return items;
    const names = namesDown(g, at + 2, 1);
    const byName = new Map(items.map((x) => [fold(x.name), x]));
    for (const x of items)
      if (!names.some((n) => fold(n) === fold(x.name)))
        missing.push(`${title.replace(/^按/, "")}“${x.name}”`);
    return names.map((n) => byName.get(fold(n)) ?? blank(n));
  };
  const domains = fit("按领域", summary.domains, (name) => ({ name, ...emptyFigures() }));
  const units = fit("按牵头单位", summary.units, (name) => ({ name, ...emptyFigures() }));
  let months = summary.months;
  const monthTitle = rowOfText(g, RIGHT_COL, MONTH_TITLE);
  if (monthTitle !== null) {
    const labels = namesDown(g, monthTitle + 2, RIGHT_COL);
    const byMonth = new Map(summary.months.map((m) => [m.month, m]));
    const keys = labels.map((l) => {
      const m = /^(\d{4})年(\d{1,2})月$/.exec(l);
      return m ? `${m[1]}-${m[2].padStart(2, "0")}` : l;
    });
    for (const m of summary.months) if (!keys.includes(m.month)) missing.push(`月份“${m.month}”`);
    months = keys.map(
      (month): MonthFigures =>
        byMonth.get(month) ?? { month, tasksDue: 0, tasksDone: 0, milestonesDue: 0, milestonesDone: 0 },
    );
  }
  return { summary: { ...summary, domains, units, months }, missing };
}

/** Column U, where the lists and the months stand (see `dashboardSheet`). */
const RIGHT_COL = 21;
const MONTH_TITLE = "按月份（完成时限）";

/**
 * What to write on 仪表盘 and 说明 so that their tool cells are this layout's, for a ledger whose current
 * figures are `summary` (the engine's, at the date the update computes for) and whose plan is `plan`.
 * `dashboard` and `guide` are the sheets as they stand (formulas included). The dashboard's round section
 * and its changes sentence are left to `close`/`collect`, which write them; 说明's title, source line,
 * 统计截止日期 (and the hidden cell beside it, which an older ledger's name does not read) and the parse
 * notes below the legend are left as they are.
 */
export function planOwnedRefresh(input: {
  summary: Summary;
  plan: Plan;
  dashboard: SheetGrid | null;
  guide: SheetGrid | null;
}): OwnedRefresh {
  const kept: KeptCell[] = [];
  let dashboard: OwnedWrite[] = [];
  let missingRows: string[] = [];
  if (input.dashboard) {
    const fitted = fittedSummary(input.summary, input.dashboard);
    missingRows = fitted.missing;
    const built = dashboardSheet(fitted.summary);
    const changesRow = Number(built.layout.changesCell.replace(/^[A-Z]+/, ""));
    dashboard = planSheet(
      SHEETS.dashboard,
      built.sheet.rows,
      input.dashboard,
      (row) => row >= built.layout.roundSectionRow || row === changesRow,
      kept,
    );
  }
  let guide: OwnedWrite[] = [];
  if (input.guide) {
    const built = guideSheet(input.plan, input.summary.asOf);
    const last = GUIDE_LAST_ROW;
    const asOf = AS_OF_CELL.address;
    guide = planSheet(
      SHEETS.guide,
      built.rows.slice(0, last),
      input.guide,
      (row, col) => row <= 2 || ([asOf, AS_OF_VALUE.address] as string[]).includes(`${colLetter(col)}${row}`),
      kept,
    );
  }
  return { dashboard, guide, kept, missingRows };
}

/** 说明's instructions and legend end here; the parse notes below belong to the build that wrote them. */
export const GUIDE_LAST_ROW = 25;

/** The report's lines (Chinese first): what was refreshed, what was left and why. */
export function describeRefresh(
  r: OwnedRefresh,
  sheets = { dashboard: SHEETS.dashboard, guide: SHEETS.guide },
): string[] {
  const lines: string[] = [];
  if (r.dashboard.length || r.guide.length || r.rowFormulas) {
    const parts = [
      r.dashboard.length ? `“${sheets.dashboard}”${r.dashboard.length}个单元格` : "",
      r.guide.length ? `“${sheets.guide}”${r.guide.length}个单元格` : "",
      r.rowFormulas ? `“任务台账”“时间节点”中${r.rowFormulas}个“预警”“清单排序”公式` : "",
    ].filter(Boolean);
    lines.push(
      `已把台账助手写的公式和说明更新为新版：${parts.join("、")}（旁边工作人员自己的内容未动）。` +
        `Refreshed the tool's own cells to this version's formulas and notes.`,
    );
  }
  if (r.kept.length) {
    const named = r.kept
      .slice(0, 10)
      .map((k) => `${k.sheet}!${k.address}（现为“${k.holds}”）`)
      .join("、");
    lines.push(
      `以下单元格原是台账助手写的，已被改成其他内容，没有覆盖：${named}${r.kept.length > 10 ? ` 等${r.kept.length}处` : ""}。` +
        "如需新版的公式，请清空这些单元格后再运行一次 update，或重新生成台账。" +
        ` ${r.kept.length} tool cells were changed by hand and left as they are.`,
    );
  }
  if (r.missingRows.length)
    lines.push(
      `仪表盘没有${r.missingRows.slice(0, 10).join("、")}${r.missingRows.length > 10 ? "等" : ""}的行（不能在原处插入行），` +
        "这些数字只在合计、清单和 summary 中：需要单列时请重新生成台账。" +
        " The dashboard has no row for some groups of the ledger; rebuild to show them.",
    );
  return lines;
}

const columnOf = (c: ReadCell | undefined) => c && /^([A-Z]+)/.exec(c.address)?.[1];

/**
 * The 预警 and 清单排序 formulas of a table's rows (removed rows too) where they hold what this or an
 * older layout wrote and differ from this version's: an older 预警 compared times of day and did
 * arithmetic on text deadlines, an older list key listed rows an update had removed.
 */
export function planRowFormulas(
  sheet: ReadSheet,
  role: "ledger" | "milestones",
  kept: KeptCell[],
): OwnedWrite[] {
  const writes: OwnedWrite[] = [];
  const idHeader = role === "ledger" ? "序号" : "节点编号";
  for (const r of [...sheet.rows, ...(sheet.removedRows ?? [])]) {
    const c = r.cells;
    const [id, status, done, due, warning] = [idHeader, "状态", "完成日期", "完成时限", "预警"].map((h) =>
      columnOf(c[h]),
    );
    const planStatus = columnOf(c[PLAN_STATUS_OWN_HEADER]) ?? columnOf(c[PLAN_STATUS_HEADER]);
    if (!status || !done || !due || !warning) continue;
    const at = (col: string) => `${col}${r.row}`;
    const wanted: [ReadCell | undefined, string][] = [
      [c["预警"], warningFormula(at(status), at(done), at(due), AS_OF_NAME)],
    ];
    if (id && c[LIST_KEY])
      wanted.push([
        c[LIST_KEY],
        listKeyFormula(
          at(id),
          at(warning),
          at(due),
          sheet.headerRow,
          planStatus ? at(planStatus) : undefined,
        ),
      ]);
    for (const [cell, f] of wanted) {
      if (!cell?.formula) continue;
      const now = { kind: "formula" as const, formula: f };
      const e = { formula: cell.formula, value: cell.value };
      if (cellShape(e) === cellShape(asExisting(now))) continue;
      const col = /^([A-Z]+)/.exec(cell.address)![1];
      const colNumber = [...col].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
      if (legacy.has(shapeHash(cellShape(e)!))) writes.push({ row: r.row, col: colNumber, cell: now });
      else kept.push({ sheet: sheet.name, address: cell.address, holds: shown(e) });
    }
  }
  return writes;
}

/**
 * A summary with no figures, for telling whether anything is due: the formulas do not depend on the
 * figures, and the dashboard's groups come from its own rows, so the ledger need not be read or counted.
 */
export function figurelessSummary(plan: Plan, asOf: string): Summary {
  return {
    asOf,
    year: plan.year,
    title: plan.title,
    progressFrom: progressStart(plan.year, plan.published),
    timeProgress: 0,
    dueSoonDays: DUE_SOON_DAYS,
    overall: emptyFigures(),
    domains: [],
    units: [],
    months: [],
    overdue: [],
    upcoming: [],
    irregular: [],
    bulletin: "",
  };
}
