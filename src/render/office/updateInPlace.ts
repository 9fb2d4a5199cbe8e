/**
 * 更新台账 in the add-in: the same in-place edit the command line makes in the file, through Office.js on the
 * open workbook. The pure planner (`planInPlaceUpdate`) decides every cell; this shell only reads the cells
 * and writes the planned edits: plan columns of the tool's rows, the plan-status mark of rows whose task left
 * the plan, rows appended through the table, the tool's hidden plan copy and rows appended to its change log.
 * No sheet is renamed or deleted and no row moves, so staff formulas elsewhere keep pointing at the same task;
 * staff columns, staff sheets, formats and notes are never written.
 */
import type { Plan } from "../../plan";
import { UnusableWorkbookError, type SheetGrid } from "../../ledger/grid";
import { isDateFormat, serialToIso } from "../../ledger/dates";
import { listKeyFormula, warningFormula } from "../../ledger/warning";
import {
  AS_OF_NAME,
  LIST_KEY,
  PLAN_STATUS_HEADER,
  PLAN_STATUS_MARKERS,
  PLAN_STATUS_OWN_HEADER,
  PLAN_STATUS_REMOVED,
  SHEET_MARKERS,
  SHEETS,
  TABLES,
  type SheetRole,
} from "../../ledger/vocabulary";
import { confirmationReason, type InPlaceUpdate, type TableUpdate } from "../../ledger/update/inPlace";
import { noLedgerError, planLedgerUpdate } from "../../ledger/update/prepare";
import type { SheetTable } from "../../ledger/update/table";
import { changeLogRows, LOG_HEADERS } from "../../ledger/update/changeLog";
import { describeUpdate } from "../../ledger/update/describe";
import { planCopySheet } from "../../workbook/sheets/planCopy";
import { colLetters, parseRange, type CellRange } from "../../workbook/a1";
import type { Cell } from "../../workbook/spec";
import type { ContextLike, ExistingTableLike, RangeLike } from "./api";
import type { Capabilities } from "./capabilities";
import { readGrids } from "./readLedger";
import {
  addValueColour,
  cellInput,
  REQUEST_BUDGET,
  Sender,
  setValidation,
  utf8Bytes,
  validationBytes,
  VALUE_COLOUR_BYTES,
} from "./writeWorkbook";
import { LEDGER_COLUMNS, doneDateRule, statusRule } from "../../workbook/sheets/ledger";
import { MILESTONE_COLUMNS } from "../../workbook/sheets/milestones";
import type { ColumnDef } from "../../workbook/sheets/columns";
import { warningColours } from "../../workbook/styles";

type TableRole = "ledger" | "milestones";
const ROLES = Object.keys(SHEET_MARKERS) as SheetRole[];
/** Names the change log may take when the workbook has none of ours (a staff sheet called 变更记录 stays theirs). */
const LOG_NAMES = ["变更记录", "变更记录（台账助手）", "变更记录（台账助手2）", "变更记录（台账助手3）"];
/** Bytes of one write aimed at: several fit in a request, and the library's own overhead has room. */
const WRITE_BYTES = REQUEST_BUDGET / 4;
/** What the library adds to a request per range written (object paths, set action), beyond Sender's estimate. */
const RANGE_OP_BYTES = 400;
const LAST_ROW = 1_048_576;
/** Rows struck through when marked removed: grey text, as in the command line's file. */
const STRUCK_FONT = "#808080";

interface FoundTable {
  table: ExistingTableLike;
  range: CellRange;
}

export interface Planned {
  sheets: Partial<Record<SheetRole, string>>;
  /** Roles found without their marker name (older ledgers): the update adds it. */
  unmarked: SheetRole[];
  ledger: SheetTable;
  milestones: SheetTable | null;
  grids: { ledger: SheetGrid; milestones: SheetGrid | null; planCopy: SheetGrid | null };
  tables: Partial<Record<TableRole, FoundTable>>;
  /** Plan-status markers that exist but point nowhere (their column was deleted): replaced when needed. */
  brokenStatusMarkers: TableRole[];
  /** Last used row of the change log (0: empty or none). */
  logEnd: number;
  /** The first free name for a new change log. */
  logName: string;
  date1904: boolean;
  update: InPlaceUpdate;
  /** Why staff must confirm first, or null. */
  confirm: string | null;
}

export interface UpdatePreview {
  summary: string;
  /** Why staff must confirm before anything is written (many tasks removed or renumbered, uncertain matches). */
  confirm: string | null;
  changed: boolean;
}
export interface UpdateResult extends UpdatePreview {
  skipped: string[];
}

const quoted = (sheet: string) => `'${sheet.replace(/'/g, "''")}'`;
const sheetOfAddress = (a: string) =>
  a.slice(0, a.lastIndexOf("!")).replace(/^'|'$/g, "").replace(/''/g, "'");
const rangeOfAddress = (a: string) => parseRange(a.slice(a.lastIndexOf("!") + 1).replace(/\$/g, ""));

/**
 * Dates read from Office arrive as serial numbers of the workbook's date system: cells in a date format
 * become `{date}` so that the planner compares them as the command line's reader gives them.
 */
function withDates(g: SheetGrid | null, date1904: boolean): SheetGrid | null {
  if (!g) return g;
  const values = g.values.map((row, i) =>
    row.map((v, j) => {
      if (typeof v !== "number" || !Number.isInteger(v)) return v;
      if (!isDateFormat(String(g.numberFormat[i]?.[j] ?? ""))) return v;
      const iso = serialToIso(v, date1904);
      return iso ? { date: iso } : v;
    }),
  );
  return { ...g, values };
}

/**
 * Finds the tool's sheets (by their marker names, else by their usual names, else the ledger tables' sheets),
 * reads them, and plans the update. (4 syncs, more only as the response limit needs)
 */
export async function planOfficeUpdate(context: ContextLike, plan: Plan): Promise<Planned> {
  const wb = context.workbook;
  const markers = ROLES.map((role) => {
    const item = wb.names.getItemOrNullObject(SHEET_MARKERS[role]).load("isNullObject");
    const range = item.getRangeOrNullObject().load("address");
    return { role, item, range };
  });
  const byName = ROLES.map((role) =>
    role === "log" ? null : wb.worksheets.getItemOrNullObject(SHEETS[role]).load("isNullObject"),
  );
  const tableRoles: TableRole[] = ["ledger", "milestones"];
  const tables = tableRoles.map((role) => {
    const t = wb.tables.getItemOrNullObject(TABLES[role]);
    t.load("isNullObject");
    return t;
  });
  const statusMarkers = tableRoles.map((role) => {
    const item = wb.names.getItemOrNullObject(PLAN_STATUS_MARKERS[role]).load("isNullObject");
    return { item, range: item.getRangeOrNullObject().load("address") };
  });
  const logNames = LOG_NAMES.map((n) => wb.worksheets.getItemOrNullObject(n).load("isNullObject"));
  await context.sync();

  const sheets: Partial<Record<SheetRole, string>> = {};
  const unmarked: SheetRole[] = [];
  ROLES.forEach((role, i) => {
    const m = markers[i];
    if (!m.range.isNullObject) sheets[role] = sheetOfAddress(m.range.address);
    else if (byName[i] && !byName[i]!.isNullObject) sheets[role] = SHEETS[role as keyof typeof SHEETS];
    if (sheets[role] && m.item.isNullObject) unmarked.push(role);
  });
  const tableRanges = tables.map((t) => (t.isNullObject ? null : t.getRange().load("address")));
  if (!sheets.ledger && tableRanges[0]) {
    // Neither marker nor usual name: a renamed 任务台账 is still found by its table.
    await context.sync();
    sheets.ledger = sheetOfAddress(tableRanges[0].address);
    unmarked.push("ledger");
  }
  if (!sheets.ledger) throw noLedgerError();
  const log = sheets.log
    ? wb.worksheets.getItemOrNullObject(sheets.log).getUsedRangeOrNullObject(true).load("address")
    : null;
  const toRead: Record<string, string> = { ledger: sheets.ledger };
  if (sheets.milestones) toRead.milestones = sheets.milestones;
  if (sheets.planCopy) toRead.planCopy = sheets.planCopy;
  // Its first request also carries the table ranges and the log's extent queued above.
  const read = await readGrids(context, toRead);
  const date1904 = read.date1904;
  const grid = (k: string) =>
    withDates((read.grids as Record<string, SheetGrid | null>)[k] ?? null, date1904);

  const statusCol = (role: TableRole) => {
    const r = statusMarkers[tableRoles.indexOf(role)].range;
    if (r.isNullObject || sheetOfAddress(r.address) !== sheets[role]) return null;
    return rangeOfAddress(r.address).c1;
  };
  const ledgerGrid = grid("ledger");
  const milestoneGrid = grid("milestones");
  const { ledger, milestones, update } = planLedgerUpdate(plan, {
    ledger: { sheet: sheets.ledger, grid: ledgerGrid, planStatusCol: statusCol("ledger") },
    milestones: sheets.milestones
      ? { sheet: sheets.milestones, grid: milestoneGrid, planStatusCol: statusCol("milestones") }
      : null,
    planCopy: read.grids.planCopy ?? null,
    date1904,
  });

  const found: Partial<Record<TableRole, FoundTable>> = {};
  tableRoles.forEach((role, i) => {
    const r = tableRanges[i];
    const t = role === "ledger" ? ledger : milestones;
    if (!r || !t || sheetOfAddress(r.address) !== sheets[role]) return;
    const range = rangeOfAddress(r.address);
    // Only the table whose header is the sheet's header row is the one the rows belong to.
    if (range.r1 === t.headerRow) found[role] = { table: tables[i], range };
  });
  const taken = new Set(LOG_NAMES.filter((_, i) => !logNames[i].isNullObject));
  const planned: Planned = {
    sheets,
    unmarked,
    ledger,
    milestones,
    grids: { ledger: ledgerGrid!, milestones: milestoneGrid, planCopy: read.grids.planCopy ?? null },
    tables: found,
    brokenStatusMarkers: tableRoles.filter(
      (_, i) => !statusMarkers[i].item.isNullObject && statusMarkers[i].range.isNullObject,
    ),
    logEnd: log && !log.isNullObject ? rangeOfAddress(log.address).r2 : 0,
    logName: LOG_NAMES.find((n) => !taken.has(n)) ?? `变更记录（台账助手${Date.now() % 1000}）`,
    date1904,
    update,
    confirm: confirmationReason(update, ledger.rows.length),
  };
  for (const role of tableRoles) roomBelow(planned, role);
  return planned;
}

/** Where new rows go: right under the table (rows are added through it), or under the last row. */
const appendAt = (p: Planned, role: TableRole, t: SheetTable) => (p.tables[role]?.range.r2 ?? t.lastRow) + 1;

/**
 * New rows go under the table (or the last row); anything already there (合计, 填报人…) would be covered,
 * so the update stops before writing anything and says how to make room.
 */
function roomBelow(p: Planned, role: TableRole): void {
  const t = role === "ledger" ? p.ledger : p.milestones;
  const tu = role === "ledger" ? p.update.ledger : p.update.milestones;
  const g = role === "ledger" ? p.grids.ledger : p.grids.milestones;
  if (!t || !tu || !g || !tu.append.length) return;
  const start = appendAt(p, role, t);
  const end = start + tu.append.length - 1;
  for (let r = start; r <= end; r++)
    if (rowHasContent(g, r))
      throw new UnusableWorkbookError(
        `“${t.sheet}”表格下方第 ${r} 行已有内容，新增的 ${tu.append.length} 项要写在第 ${start}–${end} 行，会盖住它，没有更新。` +
          `请在表格最后一行下方插入 ${tu.append.length} 个空行（或把合计、填报人等内容下移），再点“更新台账”。`,
      );
}

export function previewOf(p: Planned): UpdatePreview {
  return {
    summary: describeUpdate(p.update.changes, p.update.ambiguous),
    confirm: p.confirm,
    changed: p.update.changes.length > 0,
  };
}

const hasEdits = (t: TableUpdate | null) => Boolean(t && (t.set.length || t.append.length));

type Input = string | number | boolean;

/** Rows the update appended for new tasks: where, and what the tool wrote in them. */
export interface AppendedRows {
  role: TableRole;
  sheet: string;
  /** The table they were added through (null: written under the last row, no table). */
  table: string | null;
  headerRow: number;
  /** The table's last row before the update. */
  endBefore: number;
  first: number;
  /** Leftmost column written. */
  c1: number;
  /** What the tool wrote, row by row from c1 (formulas as `=…`). */
  inputs: Input[][];
  /** Without a table: the cells' number formats before the update (read before anything is written there). */
  formatsBefore?: unknown[][];
}

/**
 * Everything the update has queued so far, recorded before it is sent: a request that fails may have been
 * applied in part (requests are not transactions) or in full (an answer lost on the network), so whatever was
 * queued is put back. What the cells held before is what the update read to plan.
 */
export interface WriteJournal {
  /** Cells written on rows that existed: plan cells, 计划状态 marks, a new column's header, 计划原文, log rows. */
  areas: { sheet: string; range: CellRange }[];
  appended: AppendedRows[];
  /** A change log sheet the update created. */
  newLog: string | null;
  /** Names the update added (markers of sheets and of a 计划状态 column written outside a table). */
  names: string[];
  /** Sheets whose table got the tool's 计划状态 column: kept on undo (empty, the tool's own, counted as in the plan). */
  statusColumnAdded: string[];
  /** The strike-through rule for removed rows was sent (the update's last request). */
  strike: boolean;
}

export const emptyJournal = (): WriteJournal => ({
  areas: [],
  appended: [],
  newLog: null,
  names: [],
  statusColumnAdded: [],
  strike: false,
});

/** A strike-through rule to add once everything else is written. */
interface Strike {
  sheet: string;
  range: string;
  formula: string;
}

/**
 * Writes the planned edits. Nothing else is written: when the plan did not change, nothing at all.
 * Requests are sized in UTF-8 bytes (Sender); the number of syncs grows with bytes, not with rows.
 * Every write is first recorded in `journal`, so that a failure can be undone (`restoreOfficeUpdate`).
 */
export async function writeOfficeUpdate(
  context: ContextLike,
  p: Planned,
  plan: Plan,
  caps: Capabilities,
  when: string,
  journal: WriteJournal = emptyJournal(),
): Promise<string[]> {
  const skipped = new Set<string>();
  if (!p.update.changes.length) return [];
  const sender = new Sender(context);
  const w: Writer = { sender, journal, p, plan, caps, skipped, strikes: [] };
  if (hasEdits(p.update.ledger)) await writeTable(w, "ledger", p.ledger, p.update.ledger);
  if (p.milestones && hasEdits(p.update.milestones))
    await writeTable(w, "milestones", p.milestones, p.update.milestones!);
  await writePlanCopy(w);
  await appendLog(w, changeLogRows(p.update.changes, when, plan));
  for (const role of p.unmarked)
    if (role !== "log") {
      journal.names.push(SHEET_MARKERS[role]);
      await sender.add(128, () =>
        context.workbook.names.add(SHEET_MARKERS[role], `=${quoted(p.sheets[role]!)}!$A$1`),
      );
    }
  await sender.flush();
  // Last, in a request of its own: a rule that only strikes rows marked 已移除. A failure before it leaves
  // nothing of it to take back.
  if (w.strikes.length) {
    journal.strike = true;
    for (const st of w.strikes)
      await sender.add(600, () => {
        const cf = context.workbook.worksheets
          .getItemOrNullObject(st.sheet)
          .getRange(st.range)
          .conditionalFormats.add("Custom");
        cf.custom.rule.formula = st.formula;
        cf.custom.format.font.strikethrough = true;
        cf.custom.format.font.color = STRUCK_FONT;
      });
    await sender.flush();
  }
  return [...skipped];
}

interface Writer {
  sender: Sender;
  journal: WriteJournal;
  p: Planned;
  plan: Plan;
  caps: Capabilities;
  skipped: Set<string>;
  strikes: Strike[];
}

/** Writes a block of inputs at (top, left), split into requests of bounded size; recorded unless `appended`. */
async function writeBlock(
  w: Writer,
  sheet: string,
  top: number,
  left: number,
  inputs: Input[][],
  appended = false,
): Promise<void> {
  const sender = w.sender;
  if (!appended && inputs.length)
    w.journal.areas.push({
      sheet,
      range: { r1: top, c1: left, r2: top + inputs.length - 1, c2: left + inputs[0].length - 1 },
    });
  let r = 0;
  while (r < inputs.length) {
    const block: Input[][] = [];
    let bytes = RANGE_OP_BYTES;
    while (r < inputs.length && (block.length === 0 || bytes < WRITE_BYTES)) {
      bytes += utf8Bytes(JSON.stringify(inputs[r])) + 8;
      block.push(inputs[r]);
      r++;
    }
    const first = top + r - block.length;
    const address = `${colLetters(left)}${first}:${colLetters(left + block[0].length - 1)}${r - 1 + top}`;
    await sender.add(bytes, () => {
      sender.context.workbook.worksheets.getItemOrNullObject(sheet).getRange(address).formulas = block;
    });
  }
}

/** Does anything stand in this column at or below the header row (a staff column is never taken over)? */
function columnUsed(g: SheetGrid, col: number, fromRow: number): boolean {
  const j = col - g.firstCol;
  if (j < 0) return false;
  return g.values.some(
    (row, i) =>
      g.firstRow + i >= fromRow && ((row[j] ?? "") !== "" || String(g.formulas?.[i]?.[j] ?? "") !== ""),
  );
}

const rowHasContent = (g: SheetGrid, r: number) => {
  const i = r - g.firstRow;
  return (
    i >= 0 &&
    i < g.values.length &&
    g.values[i].some((v, j) => (v ?? "") !== "" || String(g.formulas?.[i]?.[j] ?? "") !== "")
  );
};

/** The layout's columns of a sheet (number formats, rules), as the renderers build it. */
const LAYOUT: Record<TableRole, ColumnDef[]> = { ledger: LEDGER_COLUMNS, milestones: MILESTONE_COLUMNS };

async function writeTable(w: Writer, role: TableRole, t: SheetTable, tu: TableUpdate): Promise<void> {
  const { sender, p, caps, skipped } = w;
  const ctx = sender.context;
  const sheet = p.sheets[role]!;
  const ws = () => ctx.workbook.worksheets.getItemOrNullObject(sheet);
  const g = (role === "ledger" ? p.grids.ledger : p.grids.milestones)!;
  const found = p.tables[role];
  const range = found?.range ?? { r1: t.headerRow, c1: 1, r2: t.lastRow, c2: t.lastCol };
  const endBefore = range.r2;
  const lastUsedCol = g.firstCol + (g.values[0]?.length ?? 1) - 1;

  // The plan-status column, added the first time a row is marked removed.
  let statusCol = t.columns.get(PLAN_STATUS_HEADER);
  // The strike-through rule comes with the first row ever marked removed (a fresh ledger has the column but
  // no rule yet; a later update finds rows already marked and adds no second rule).
  const alreadyMarked =
    statusCol !== undefined &&
    g.values.some((row) => String(row[statusCol! - g.firstCol] ?? "").trim() === PLAN_STATUS_REMOVED);
  if (tu.marksRemoved && !statusCol) {
    const header = t.staffPlanStatus ? PLAN_STATUS_OWN_HEADER : PLAN_STATUS_HEADER;
    const next = Math.max(range.c2, t.lastCol) + 1;
    const marker = PLAN_STATUS_MARKERS[role];
    if (found && next === range.c2 + 1 && !columnUsed(g, next, t.headerRow)) {
      // Right of the table, where nothing stands: the table grows by it.
      statusCol = next;
      w.journal.statusColumnAdded.push(sheet);
      await sender.add(128, () => found.table.columns.add(undefined, undefined, header));
      found.range = { ...found.range, c2: next };
    } else {
      // Otherwise after the last column anything is in, outside the table.
      let last = next - 1;
      for (let c = lastUsedCol; c >= next; c--)
        if (columnUsed(g, c, t.headerRow)) {
          last = c;
          break;
        }
      statusCol = last + 1;
      w.journal.names.push(marker);
      await writeBlock(w, sheet, t.headerRow, statusCol, [[header]]);
    }
    // A marker left pointing nowhere (its column was deleted) gives way to the new one.
    if (p.brokenStatusMarkers.includes(role))
      await sender.add(64, () => ctx.workbook.names.getItemOrNullObject(marker).delete());
    await sender.add(128, () =>
      ctx.workbook.names.add(marker, `=${quoted(sheet)}!$${colLetters(statusCol!)}$${t.headerRow}`),
    );
  }

  if (tu.marksRemoved && statusCol && !alreadyMarked) {
    if (caps.conditionalFormats) {
      const first = t.headerRow + 1;
      w.strikes.push({
        sheet,
        range: `${colLetters(range.c1)}${first}:${colLetters(Math.max(statusCol, range.c2))}${LAST_ROW}`,
        formula: `=$${colLetters(statusCol)}${first}="${PLAN_STATUS_REMOVED}"`,
      });
    } else
      skipped.add(
        "已移除任务的划线显示（需要 ExcelApi 1.6，Office 2016 早期版本没有；“计划状态”列照常标出“已移除”）",
      );
  }

  // Plan cells of the tool's rows: each column's edits in runs of consecutive rows, one write per run.
  const colOf = (h: string) => (h === PLAN_STATUS_HEADER ? statusCol : t.columns.get(h));
  const byCol = new Map<number, Map<number, Input>>();
  for (const e of tu.set) {
    const c = colOf(e.header);
    if (!c) continue;
    const m = byCol.get(c) ?? byCol.set(c, new Map()).get(c)!;
    m.set(e.row, cellInput(e.cell, p.date1904));
  }
  for (const [c, cells] of byCol) {
    const rows = [...cells.keys()].sort((a, b) => a - b);
    for (let i = 0; i < rows.length;) {
      let j = i;
      while (j + 1 < rows.length && rows[j + 1] === rows[j] + 1) j++;
      await writeBlock(
        w,
        sheet,
        rows[i],
        c,
        rows.slice(i, j + 1).map((r) => [cells.get(r)!]),
      );
      i = j + 1;
    }
  }

  if (!tu.append.length) return;
  const start = appendAt(p, role, t);
  const end = start + tu.append.length - 1;
  const header = new Map([...t.columns].map(([h, c]) => [c, h]));
  const letter = (h: string) => colLetters(t.columns.get(h) ?? 0);
  const idHeader = role === "ledger" ? "序号" : "节点编号";
  const formulaOf = (h: string | undefined, r: number): string | null => {
    if (h === "预警" && t.columns.has("完成时限") && t.columns.has("状态") && t.columns.has("完成日期"))
      return `=${warningFormula(`${letter("状态")}${r}`, `${letter("完成日期")}${r}`, `${letter("完成时限")}${r}`, AS_OF_NAME)}`;
    // The dashboard's live lists read this hidden key: a new row without it would never be listed.
    if (h === LIST_KEY && t.columns.has("预警") && t.columns.has("完成时限"))
      return `=${listKeyFormula(
        `${letter(idHeader)}${r}`,
        `${letter("预警")}${r}`,
        `${letter("完成时限")}${r}`,
        t.headerRow,
        // A new task removed by a later revision leaves the lists, as the rows built with the ledger do.
        statusCol ? `${colLetters(statusCol)}${r}` : undefined,
      )}`;
    return null;
  };
  const c1 = range.c1;
  const c2 = found ? found.range.c2 : Math.max(range.c2, t.lastCol);
  const inputs = tu.append.map((cells, i) =>
    Array.from({ length: c2 - c1 + 1 }, (_, k) => {
      const h = header.get(c1 + k);
      const f = formulaOf(h, start + i);
      if (f) return f;
      const v: Cell | undefined = h ? cells[h] : undefined;
      return v === undefined ? "" : cellInput(v, p.date1904);
    }),
  );
  const entry: AppendedRows = {
    role,
    sheet,
    table: found ? TABLES[role] : null,
    headerRow: t.headerRow,
    endBefore,
    first: start,
    c1,
    inputs,
  };
  w.journal.appended.push(entry);
  // Formulas go in after the rows exist, column by column (a table row takes values only).
  const valuesOnly = inputs.map((row) =>
    row.map((v) => (typeof v === "string" && v.startsWith("=") ? "" : v)),
  );
  if (found) {
    // Through the table, so that it (its style, its filter, its references) grows over the rows.
    let r = 0;
    while (r < valuesOnly.length) {
      const block: Input[][] = [];
      let bytes = RANGE_OP_BYTES;
      while (r < valuesOnly.length && (block.length === 0 || bytes < WRITE_BYTES)) {
        bytes += utf8Bytes(JSON.stringify(valuesOnly[r])) + 8;
        block.push(valuesOnly[r++]);
      }
      await sender.add(bytes, () => found.table.rows.add(undefined, block));
    }
  } else {
    // No table: the cells under the last row take the rows. Their formats are read first, in a request of
    // their own, so that an undo can set them back (nothing of them is written before they are known).
    const area = `${colLetters(c1)}${start}:${colLetters(c2)}${end}`;
    let before: RangeLike | null = null;
    await sender.add(RANGE_OP_BYTES, () => {
      before = ws().getRange(area).load("numberFormat");
    });
    await sender.flush();
    entry.formatsBefore = (before as RangeLike | null)?.numberFormat;
    await writeBlock(w, sheet, start, c1, valuesOnly, true);
  }
  for (let c = c1; c <= c2; c++) {
    const h = header.get(c);
    if (!formulaOf(h, start)) continue;
    await writeBlock(
      w,
      sheet,
      start,
      c,
      inputs.map((row) => [row[c - c1]]),
      true,
    );
  }
  await dressAppendedRows(w, role, t, sheet, start, end, Boolean(found));
}

/**
 * Number formats, dropdowns and date rules of the new rows, from the layout the ledger was built with.
 * Excel's documentation does not promise that rows added to a table take the column's validation or number
 * format (only the "extend data range formats and formulas" option, which staff can turn off, and which needs
 * the same format in three of the five rows above), so the update sets them itself. The 预警 colours go with
 * them when the rows were added through the table (an undo deletes those rows, rules and all).
 */
async function dressAppendedRows(
  w: Writer,
  role: TableRole,
  t: SheetTable,
  sheet: string,
  start: number,
  end: number,
  viaTable: boolean,
): Promise<void> {
  const { sender, caps, skipped, plan } = w;
  const ws = () => sender.context.workbook.worksheets.getItemOrNullObject(sheet);
  const rowsOf = (c: number) => `${colLetters(c)}${start}:${colLetters(c)}${end}`;
  for (const def of LAYOUT[role]) {
    const c = t.columns.get(def.header);
    if (!c) continue;
    const fmt = def.body.numFmt;
    if (fmt)
      await sender.add(160, () => {
        ws().getRange(rowsOf(c)).numberFormat = fmt as unknown as unknown[][];
      });
    const rule =
      def.header === "状态"
        ? statusRule(rowsOf(c))
        : def.header === "完成日期"
          ? doneDateRule(rowsOf(c), plan)
          : null;
    if (rule) {
      if (caps.dataValidation)
        await sender.add(validationBytes(rule), () => setValidation(ws().getRange(rule.range), rule));
      else skipped.add("新增任务行的下拉列表和日期校验（需要 ExcelApi 1.8，Office 2019 及更早版本没有）");
    }
    if (def.header === "预警" && viaTable) {
      if (caps.conditionalFormats)
        for (const colour of warningColours(rowsOf(c)).rules)
          await sender.add(VALUE_COLOUR_BYTES, () => addValueColour(ws().getRange(rowsOf(c)), colour));
      else skipped.add("新增任务行的预警着色（需要 ExcelApi 1.6）");
    }
  }
}

/** 计划原文 (hidden, the tool's own): its cells become the new plan's; leftover cells of a longer old copy are cleared. */
async function writePlanCopy(w: Writer): Promise<void> {
  const { p, plan } = w;
  const sheet = p.sheets.planCopy;
  if (!sheet) return;
  const rows = planCopySheet(plan).rows;
  const old = p.grids.planCopy;
  const height = Math.max(rows.length, old ? old.firstRow + old.values.length - 1 : 0);
  const width = Math.max(
    ...rows.map((r) => r.length),
    old ? old.firstCol + (old.values[0]?.length ?? 0) - 1 : 0,
  );
  // Dates as ISO text: the copy is read by the tool only (as the command line writes it).
  const asText = (c: Cell | undefined): Cell =>
    c && typeof c === "object" && c.kind === "date" ? c.iso : (c ?? null);
  const inputs = Array.from({ length: height }, (_, r) =>
    Array.from({ length: width }, (_, c) => cellInput(asText(rows[r]?.[c]))),
  );
  await writeBlock(w, sheet, 1, 1, inputs);
}

/** 变更记录: this update's rows under the earlier ones; the first time, a new sheet with its marker name. */
async function appendLog(w: Writer, rows: Cell[][]): Promise<void> {
  const { p } = w;
  const inputs = rows.map((r) => r.map((c) => cellInput(c)));
  if (p.sheets.log) {
    await writeBlock(w, p.sheets.log, p.logEnd + 1, 1, inputs);
    return;
  }
  const name = p.logName;
  const ctx = w.sender.context;
  w.journal.newLog = name;
  w.journal.names.push(SHEET_MARKERS.log);
  await w.sender.add(64, () => ctx.workbook.worksheets.add(name));
  await w.sender.add(128, () => ctx.workbook.names.add(SHEET_MARKERS.log, `=${quoted(name)}!$A$1`));
  // Written on a sheet that goes as a whole on an undo: not recorded cell by cell.
  await writeBlock(w, name, 1, 1, [LOG_HEADERS, ...inputs], true);
  const widths = [17, 6, 10, 8, 10, 40, 40];
  for (const [i, wd] of widths.entries())
    await w.sender.add(64, () => {
      const r: RangeLike = ctx.workbook.worksheets
        .getItemOrNullObject(name)
        .getRange(`${colLetters(i + 1)}1`);
      r.format.columnWidth = Math.round(wd * 6.2 + 4);
    });
  await w.sender.add(64, () => {
    ctx.workbook.worksheets.getItemOrNullObject(name).getRange("A1:G1").format.font.bold = true;
  });
}
