/**
 * The monthly round in the add-in, on the open workbook: the ledger read for 分发 (the copies are made from
 * it by the same code as `plan-ledger split`), and 导入反馈表: returned copies planned against the ledger by
 * the same pure core as `plan-ledger collect`, and the entries taken (and those staff decided to take) written
 * in place. Only those staff cells of the tool's rows (found again by task and milestone number when writing,
 * so rows sorted meanwhile are still right), the tool's own 来源记录 and the dashboard's round section (planned
 * by collect's own `planRoundSection`) are written, in requests sized in bytes: the number of syncs does not
 * grow with the rows. The tool's sheets are found by their marker names, as the command line finds them.
 * Every write is recorded first; a write that fails half-way is undone in a batch of its own (`undoWrites`,
 * the undo of 更新台账).
 */
import { chooseAsOf } from "../../ledger/context";
import { isDateFormat, serialToIso } from "../../ledger/dates";
import { UnusableWorkbookError, type SheetGrid } from "../../ledger/grid";
import {
  collectRecords,
  decidedEntries,
  describeCollect,
  planCollect,
  readPeriodRows,
  ROUND_MARKERS,
  ROUND_SHEETS,
  SOURCE_HEADERS,
  type CollectPlan,
  type ConflictDecision,
  type ReturnedFile,
  type Taken,
} from "../../ledger/round";
import { planRoundSection, withTaken, type SectionPlan } from "../../ledger/round/sectionPlan";
import type { LedgerSnapshot, ReadSheet } from "../../ledger/snapshot";
import type { SheetRole } from "../../ledger/vocabulary";
import { colLetters, formatRange, parseRange, type CellRange } from "../../workbook/a1";
import { CHANGES_NAME, ROUND_SECTION_NAME } from "../../workbook/sheets/roundSection";
import type { Cell } from "../../workbook/spec";
import type { ContextLike, RangeLike, RunBatch } from "./api";
import { officeErrorMessage } from "./errors";
import { readLedger } from "./readLedger";
import { queueToolSheets, sheetOfAddress } from "./roundSheets";
import { failedWriteMessage, undoWrites, type RestoreReport, type UndoJournal } from "./updateRestore";
import { cellInput, REQUEST_BUDGET, Sender, utf8Bytes } from "./writeWorkbook";

/** Names a new 来源记录 may take (a staff sheet of that name stays theirs). */
const SOURCE_NAMES = [
  ROUND_SHEETS.sources,
  `${ROUND_SHEETS.sources}（台账助手）`,
  `${ROUND_SHEETS.sources}（台账助手2）`,
  `${ROUND_SHEETS.sources}（台账助手3）`,
];
const SOURCE_WIDTHS = [17, 18, 24, 12, 12, 10, 10, 30, 30];
/** Bytes of one write aimed at: several fit in a request. */
const WRITE_BYTES = REQUEST_BUDGET / 4;
/** What the library adds per range written (object path, set action). */
const RANGE_OP_BYTES = 400;
const DATE_FORMAT = "yyyy-mm-dd";

const quoted = (sheet: string) => `'${sheet.replace(/'/g, "''")}'`;
const rangeOfAddress = (a: string) => parseRange(a.slice(a.lastIndexOf("!") + 1).replace(/\$/g, ""));

/**
 * Office hands dates over as serial numbers: a whole number in a date format becomes `{date}`, as the command
 * line's reader gives it, so that entries compare as text the same way (`2022-09-30`, not `44834`).
 */
export function withDateValues(s: LedgerSnapshot): LedgerSnapshot {
  const sheet = (x: ReadSheet | null): ReadSheet | null =>
    x && {
      ...x,
      rows: x.rows.map((r) => ({
        ...r,
        cells: Object.fromEntries(
          Object.entries(r.cells).map(([h, c]) => {
            const v = c.value;
            if (typeof v !== "number" || !Number.isInteger(v) || !isDateFormat(c.numFmt)) return [h, c];
            const iso = serialToIso(v, s.date1904);
            return [h, iso ? { ...c, value: { date: iso } } : c];
          }),
        ),
      })),
    };
  return { ...s, ledger: sheet(s.ledger)!, milestones: sheet(s.milestones) };
}

/** The tool's sheets, and the ledger as the round reads it (dates as dates, sheets under their own names). */
async function readToolLedger(
  context: ContextLike,
  queued?: (sheets: Partial<Record<SheetRole, string>>) => void,
): Promise<{ snapshot: LedgerSnapshot; sheets: Partial<Record<SheetRole, string>> }> {
  const tool = queueToolSheets(context);
  await context.sync();
  const sheets = await tool.resolve();
  if (!sheets.ledger)
    throw new UnusableWorkbookError(
      "没有找到台账助手的“任务台账”工作表（按台账助手的标记查找）。请确认打开的是台账助手生成的台账（工作表可以改名，但不要删除）。",
    );
  // Loads of the caller's go with the ledger's first read.
  queued?.(sheets);
  const read = await readLedger(context, {
    guide: sheets.guide ?? null,
    ledger: sheets.ledger,
    milestones: sheets.milestones ?? null,
    units: sheets.units ?? null,
    planCopy: sheets.planCopy ?? null,
  });
  const snapshot = withDateValues(read);
  // Entries are written to the sheets as they are named in this workbook (staff may have renamed them).
  return {
    sheets,
    snapshot: {
      ...snapshot,
      ledger: { ...snapshot.ledger, name: sheets.ledger },
      milestones:
        snapshot.milestones && sheets.milestones
          ? { ...snapshot.milestones, name: sheets.milestones }
          : snapshot.milestones,
    },
  };
}

/** The ledger as the round reads it (dates as dates); the as-of date of 说明 is the round by default. */
export async function readRoundLedger(
  run: RunBatch,
  today: string,
): Promise<{ snapshot: LedgerSnapshot; asOf: string; asOfWarning: string | null }> {
  const { snapshot } = await run((context) => readToolLedger(context));
  const choice = chooseAsOf(snapshot, { today });
  return { snapshot, asOf: choice.asOf, asOfWarning: choice.warning };
}

/** The tool's 来源记录, if the workbook has one: its sheet, its rows as text (header first) and its last row. */
interface Sources {
  sheet: string | null;
  rows: string[][];
  lastRow: number;
}

/** Where the dashboard's round section stands, and the dashboard's cells (to check whose they are, and to undo). */
interface Dashboard {
  sheet: string;
  /** Its cells from A1 (values; formulas where a cell holds one). */
  grid: SheetGrid;
  /** The same cells as read (for the undo: old contents and number formats). */
  read: SheetGrid | null;
  lastRow: number;
  named: { section: [number, number] | null; changes: [number, number] | null };
  existingNames: Set<string>;
}

interface RoundWorkbook {
  snapshot: LedgerSnapshot;
  sources: Sources;
  periods: { sheet: string | null; rows: string[][] };
  dashboard: Dashboard | null;
  date1904: boolean;
}

/** A used range read as text rows (dates in a date format as `YYYY-MM-DD`, as the command line reads them). */
function textRows(r: RangeLike, date1904: boolean): string[][] {
  return r.values.map((row, i) =>
    row.map((v, j) => {
      if (v === null || v === undefined) return "";
      const fmt = String((r.numberFormat as unknown[][])?.[i]?.[j] ?? "");
      if (typeof v === "number" && Number.isInteger(v) && isDateFormat(fmt))
        return serialToIso(v, date1904) ?? String(v);
      return String(v);
    }),
  );
}

/** A range as read, as a grid (formulas only where a cell holds one). */
function gridOf(r: RangeLike): SheetGrid {
  const at = rangeOfAddress(r.address);
  return {
    values: r.values,
    text: [],
    numberFormat: r.numberFormat as string[][],
    formulas: r.formulas.map((row) =>
      row.map((f) => (typeof f === "string" && f.startsWith("=") ? f : undefined)),
    ),
    firstRow: at.r1,
    firstCol: at.c1,
  };
}

/** A grid moved to start at A1 (empty cells before it), as the section's planner reads a sheet. */
function fromA1(g: SheetGrid): SheetGrid {
  const pad = <T>(rows: T[][], empty: T): T[][] => [
    ...Array.from({ length: g.firstRow - 1 }, () => [] as T[]),
    ...rows.map((row) => [...Array.from({ length: g.firstCol - 1 }, () => empty), ...row]),
  ];
  return {
    values: pad(g.values, null as unknown),
    text: [],
    numberFormat: pad(g.numberFormat, "General"),
    formulas: pad(g.formulas ?? [], undefined as unknown),
    firstRow: 1,
    firstCol: 1,
  };
}

/**
 * Reads the ledger (its sheets found by the tool's markers), the tool's 来源记录 and 历次进展 and the dashboard:
 * nothing is written. (1 sync for the markers + the ledger's reads; the other sheets go with those)
 */
async function readRoundWorkbook(context: ContextLike): Promise<RoundWorkbook> {
  const wb = context.workbook;
  const named = (name: string) => {
    const item = wb.names.getItemOrNullObject(name).load("isNullObject");
    return { item, range: item.getRangeOrNullObject().load("address") };
  };
  const markers = {
    sources: named(ROUND_MARKERS.sources),
    periods: named(ROUND_MARKERS.periods),
    section: named(ROUND_SECTION_NAME),
    changes: named(CHANGES_NAME),
  };
  let sourcesRange: RangeLike | null = null;
  let periodsRange: RangeLike | null = null;
  let dashboardRange: RangeLike | null = null;
  const sheetOf = (m: { range: RangeLike }) =>
    m.range.isNullObject ? null : sheetOfAddress(m.range.address);
  const { snapshot, sheets } = await readToolLedger(context, (found) => {
    const used = (sheet: string | null, valuesOnly: boolean, props: string[]) =>
      sheet
        ? wb.worksheets.getItemOrNullObject(sheet).getUsedRangeOrNullObject(valuesOnly).load(props)
        : null;
    sourcesRange = used(sheetOf(markers.sources), true, ["address", "values"]);
    periodsRange = used(sheetOf(markers.periods), true, ["address", "values", "numberFormat"]);
    dashboardRange = used(found.dashboard ?? null, false, ["address", "values", "formulas", "numberFormat"]);
  });
  const date1904 = snapshot.date1904;
  const sources: Sources = { sheet: sheetOf(markers.sources), rows: [], lastRow: 0 };
  const s = sourcesRange as RangeLike | null;
  if (s && !s.isNullObject) {
    sources.lastRow = rangeOfAddress(s.address).r2;
    sources.rows = s.values.map((r) => r.map((v) => (v === null || v === undefined ? "" : String(v))));
  }
  const p = periodsRange as RangeLike | null;
  const periods = {
    sheet: sheetOf(markers.periods),
    rows: p && !p.isNullObject ? textRows(p, date1904) : [],
  };
  let dashboard: Dashboard | null = null;
  const d = dashboardRange as RangeLike | null;
  if (sheets.dashboard && d) {
    const read = d.isNullObject ? null : gridOf(d);
    const cellOf = (m: { range: RangeLike }): [number, number] | null => {
      if (m.range.isNullObject || sheetOfAddress(m.range.address) !== sheets.dashboard) return null;
      const at = rangeOfAddress(m.range.address);
      return [at.r1, at.c1];
    };
    dashboard = {
      sheet: sheets.dashboard,
      grid: read
        ? fromA1(read)
        : { values: [], text: [], numberFormat: [], formulas: [], firstRow: 1, firstCol: 1 },
      read,
      lastRow: d.isNullObject ? 0 : rangeOfAddress(d.address).r2,
      named: { section: cellOf(markers.section), changes: cellOf(markers.changes) },
      existingNames: new Set(
        [
          [ROUND_SECTION_NAME, markers.section],
          [CHANGES_NAME, markers.changes],
        ].flatMap(([n, m]) => ((m as typeof markers.section).item.isNullObject ? [] : [n as string])),
      ),
    };
  }
  return { snapshot, sources, periods, dashboard, date1904 };
}

/**
 * Reads the ledger and the earlier 来源记录 (units already received in this round have reported) and plans the
 * collect: nothing is written (the dry run).
 */
export async function planRoundCollect(
  context: ContextLike,
  returned: ReturnedFile[],
  today: string,
): Promise<{ plan: CollectPlan; snapshot: LedgerSnapshot; sources: Sources }> {
  const rw = await readOrExplain(() => readRoundWorkbook(context));
  const plan = planCollect(
    rw.snapshot,
    returned,
    chooseAsOf(rw.snapshot, { today }).asOf,
    rw.sources.rows,
    closedPeriodsOf(rw.periods.rows),
  );
  return { plan, snapshot: rw.snapshot, sources: rw.sources };
}

/** The periods 历次进展 records (a collect into one of them is late: said in the report). */
const closedPeriodsOf = (rows: string[][]) => [...new Set(readPeriodRows(rows).map((p) => p.period))];

async function readOrExplain<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof UnusableWorkbookError) throw err;
    throw new UnusableWorkbookError(
      `读取台账时出错：${officeErrorMessage(err)}。没有写入任何东西。请确认打开的是台账工作簿后再试。`,
    );
  }
}

/** The dry run as the pane shows it: the plan, and the report in the words of `collect --dry-run`. */
export async function previewRoundCollect(
  context: ContextLike,
  returned: ReturnedFile[],
  today: string,
): Promise<{ plan: CollectPlan; report: string }> {
  const { plan } = await planRoundCollect(context, returned, today);
  return { plan, report: describeCollect(plan.outcome) };
}

export interface CollectWriteResult {
  plan: CollectPlan;
  /** Cells written: entries taken by collect, and those taken by staff's decisions. */
  written: number;
  decided: number;
  /** Decisions made on a conflict the workbook no longer has (it changed since): nothing written for them. */
  stale: number;
  /** The 来源记录 sheet the records went to. */
  sourcesSheet: string;
  /** Whether the dashboard's round section was written (false: the workbook has no dashboard). */
  dashboard: boolean;
}

export const emptyUndoJournal = (): UndoJournal => ({
  areas: [],
  appended: [],
  newSheets: [],
  names: [],
  formats: [],
});
const wroteAnything = (j: UndoJournal) =>
  j.areas.length + j.appended.length + j.newSheets.length + j.names.length + j.formats.length > 0;

/**
 * 导入反馈表's write, whole: in one batch, and when it fails once anything was sent, everything it queued is
 * put back in a batch of its own (the failed one's context may be gone), and staff are told where things stand.
 */
export async function importReturns(
  run: RunBatch,
  returned: ReturnedFile[],
  decisions: ConflictDecision[],
  today: string,
  when: string,
): Promise<CollectWriteResult> {
  const journal = emptyUndoJournal();
  try {
    return await run((context) => writeRoundCollect(context, returned, decisions, today, when, journal));
  } catch (err) {
    if (!wroteAnything(journal)) {
      if (err instanceof UnusableWorkbookError) throw err;
      throw new UnusableWorkbookError(
        `导入时出错：${officeErrorMessage(err)}。没有写入任何东西。请处理好后再导入。`,
      );
    }
    const reason = officeErrorMessage(err);
    const report = await run((context) => undoWrites(context, {}, journal)).catch(
      (again: unknown): RestoreReport => ({
        unsure: [{ text: "这次导入写入的全部位置" }],
        failure: officeErrorMessage(again),
        kept: [],
      }),
    );
    throw new UnusableWorkbookError(failedWriteMessage(reason, report, { act: "导入", button: "写入台账" }));
  }
}

/**
 * Writes the entries of a collect into the open ledger. The ledger is read and the collect planned again
 * first (staff may have edited or sorted since the dry run), and staff's decisions apply only to conflicts
 * that are still there as they were decided. Every write is recorded in `journal` before it is queued (see
 * `importReturns` for the undo). (the reads of the plan + 1 read of the cells to be written + the writes)
 */
export async function writeRoundCollect(
  context: ContextLike,
  returned: ReturnedFile[],
  decisions: ConflictDecision[],
  today: string,
  when: string,
  journal: UndoJournal = emptyUndoJournal(),
): Promise<CollectWriteResult> {
  // Free names for a new record sheet go with the first read.
  const names = SOURCE_NAMES.map((n) =>
    context.workbook.worksheets.getItemOrNullObject(n).load("isNullObject"),
  );
  const rw = await readOrExplain(() => readRoundWorkbook(context));
  const { snapshot, sources } = rw;
  const plan = planCollect(
    snapshot,
    returned,
    chooseAsOf(snapshot, { today }).asOf,
    sources.rows,
    closedPeriodsOf(rw.periods.rows),
  );
  const stillThere = new Set(plan.outcome.merge.conflicts.map((c) => `${c.key}\u0000${c.column}`));
  const live = decisions.filter((d) => stillThere.has(`${d.key}\u0000${d.column}`));
  const decided = decidedEntries(plan, live);
  const entries = [...plan.outcome.merge.taken, ...decided];
  const records = collectRecords(plan, live, when);
  const sheet =
    sources.sheet ??
    SOURCE_NAMES.find((_, i) => names[i].isNullObject) ??
    `${ROUND_SHEETS.sources}（台账助手${Date.now() % 1000}）`;
  // The dashboard's round section, as `collect` plans it: staff content there stops the import here, before
  // anything is written.
  const section = rw.dashboard
    ? planRoundSection({
        dashboard: rw.dashboard.sheet,
        grid: rw.dashboard.grid,
        lastRow: rw.dashboard.lastRow,
        named: rw.dashboard.named,
        existingNames: rw.dashboard.existingNames,
        snapshot: withTaken(snapshot, entries),
        records: {
          periods: readPeriodRows(rw.periods.rows),
          sources: [
            ...(sources.rows.length ? sources.rows : [[...SOURCE_HEADERS]]),
            ...records.map(recordText),
          ],
          periodsSheet: rw.periods.sheet,
          sourcesSheet: sheet,
        },
        today,
      })
    : null;

  const runs = entryRuns(entries);
  // What the cells to be written hold now (formulas staff typed included): the undo puts it back.
  const before = runs.map((r) =>
    context.workbook.worksheets
      .getItemOrNullObject(r.sheet)
      .getRange(formatRange(r.range))
      .load(["address", "values", "formulas", "numberFormat"]),
  );
  if (before.length) await context.sync();

  const sender = new Sender(context);
  await writeEntries(sender, journal, runs, before.map(gridOf), snapshot.date1904);
  await appendRecords(sender, journal, sheet, sources.sheet ? sources.lastRow : null, records);
  if (section && rw.dashboard) await writeSection(sender, journal, rw.dashboard, section);
  await sender.flush();
  return {
    plan,
    written: entries.length,
    decided: decided.length,
    stale: decisions.length - live.length,
    sourcesSheet: sheet,
    dashboard: Boolean(section),
  };
}

const recordText = (r: Cell[]) =>
  r.map((c) => (c === null ? "" : typeof c === "object" ? ("iso" in c ? String(c.iso) : "") : String(c)));

/** One column's entries on consecutive rows: one write. */
interface EntryRun {
  sheet: string;
  range: CellRange;
  entries: Taken[];
}

/** Each column's entries as runs of consecutive rows, each run of bounded size. */
function entryRuns(entries: Taken[]): EntryRun[] {
  const byColumn = new Map<string, Map<number, Taken>>();
  for (const e of entries) {
    const at = parseRange(e.address);
    const k = `${e.sheet}\u0000${at.c1}`;
    const col = byColumn.get(k) ?? byColumn.set(k, new Map()).get(k)!;
    col.set(at.r1, e);
  }
  const out: EntryRun[] = [];
  for (const [k, cells] of byColumn) {
    const [sheet, c] = k.split("\u0000");
    const col = Number(c);
    const rows = [...cells.keys()].sort((a, b) => a - b);
    for (let i = 0; i < rows.length;) {
      let j = i;
      let bytes = RANGE_OP_BYTES;
      while (j + 1 < rows.length && rows[j + 1] === rows[j] + 1 && bytes < WRITE_BYTES) {
        bytes += utf8Bytes(JSON.stringify(cells.get(rows[j])!.to.text)) + 8;
        j++;
      }
      out.push({
        sheet,
        range: { r1: rows[i], c1: col, r2: rows[j], c2: col },
        entries: rows.slice(i, j + 1).map((r) => cells.get(r)!),
      });
      i = j + 1;
    }
  }
  return out;
}

/** The entries, one write per run; a date into a cell not formatted as one gets a date format. */
async function writeEntries(
  sender: Sender,
  journal: UndoJournal,
  runs: EntryRun[],
  before: SheetGrid[],
  date1904: boolean,
): Promise<void> {
  for (const [k, run] of runs.entries()) {
    const inputs = run.entries.map((e) => [cellInput(e.to.cell, date1904)]);
    const address = formatRange(run.range);
    journal.areas.push({ sheet: run.sheet, range: run.range, grid: before[k] });
    await sender.add(RANGE_OP_BYTES + utf8Bytes(JSON.stringify(inputs)), () => {
      sender.context.workbook.worksheets.getItemOrNullObject(run.sheet).getRange(address).formulas = inputs;
    });
    // A date into a cell not formatted as one would show as a serial number.
    for (const [i, e] of run.entries.entries()) {
      const to = e.to.cell;
      const isDate = to !== null && typeof to === "object" && to.kind === "date";
      const was = String(before[k].numberFormat[i]?.[0] ?? "General");
      if (!isDate || isDateFormat(was)) continue;
      const r = run.range.r1 + i;
      const cell = { r1: r, c1: run.range.c1, r2: r, c2: run.range.c1 };
      journal.formats.push({ sheet: run.sheet, range: cell, before: [[was]] });
      await sender.add(RANGE_OP_BYTES, () => {
        sender.context.workbook.worksheets
          .getItemOrNullObject(run.sheet)
          .getRange(formatRange(cell)).numberFormat = [[DATE_FORMAT]];
      });
    }
  }
}

/** 来源记录: rows under those already there; the first time, a new sheet with its header and marker name. */
async function appendRecords(
  sender: Sender,
  journal: UndoJournal,
  sheet: string,
  lastRow: number | null,
  records: Cell[][],
): Promise<void> {
  const ctx = sender.context;
  const fresh = lastRow === null;
  const rows = [...(fresh ? [[...SOURCE_HEADERS] as Cell[]] : []), ...records];
  if (fresh) {
    journal.newSheets.push({ name: sheet, what: ROUND_SHEETS.sources });
    await sender.add(64, () => ctx.workbook.worksheets.add(sheet));
    journal.names.push(ROUND_MARKERS.sources);
    await sender.add(128, () => ctx.workbook.names.add(ROUND_MARKERS.sources, `=${quoted(sheet)}!$A$1`));
  }
  const top = fresh ? 1 : lastRow + 1;
  const width = SOURCE_HEADERS.length;
  for (let i = 0; i < rows.length;) {
    const block: (string | number | boolean)[][] = [];
    let bytes = RANGE_OP_BYTES;
    while (i < rows.length && (block.length === 0 || bytes < WRITE_BYTES)) {
      const row = Array.from({ length: width }, (_, j) => cellInput(rows[i][j] ?? null));
      bytes += utf8Bytes(JSON.stringify(row)) + 8;
      block.push(row);
      i++;
    }
    const first = top + i - block.length;
    const range = { r1: first, c1: 1, r2: first + block.length - 1, c2: width };
    // Rows under the last used one: empty before (a new sheet goes as a whole).
    if (!fresh) journal.areas.push({ sheet, range });
    await sender.add(bytes, () => {
      ctx.workbook.worksheets.getItemOrNullObject(sheet).getRange(formatRange(range)).formulas = block;
    });
  }
  if (!fresh) return;
  for (const [i, w] of SOURCE_WIDTHS.entries())
    await sender.add(64, () => {
      ctx.workbook.worksheets
        .getItemOrNullObject(sheet)
        .getRange(`${colLetters(i + 1)}1`).format.columnWidth = Math.round(w * 6.2 + 4);
    });
  await sender.add(64, () => {
    ctx.workbook.worksheets.getItemOrNullObject(sheet).getRange(`A1:${colLetters(width)}1`).format.font.bold =
      true;
  });
}

/**
 * The dashboard's round section: its cells as runs of neighbouring cells of a row (only the section's cells:
 * staff cells between them are never written), the names that find it next time, and in a ledger built before
 * the section, the percentage format of its rate columns.
 */
async function writeSection(
  sender: Sender,
  journal: UndoJournal,
  d: Dashboard,
  plan: SectionPlan,
): Promise<void> {
  const ctx = sender.context;
  const ws = () => ctx.workbook.worksheets.getItemOrNullObject(d.sheet);
  const cells = plan.cells;
  for (let i = 0; i < cells.length;) {
    let j = i;
    while (j + 1 < cells.length && cells[j + 1].row === cells[i].row && cells[j + 1].col === cells[j].col + 1)
      j++;
    const run = cells.slice(i, j + 1);
    const range = { r1: run[0].row, c1: run[0].col, r2: run[0].row, c2: run[run.length - 1].col };
    const inputs = [run.map((c) => cellInput(c.cell))];
    journal.areas.push({ sheet: d.sheet, range, grid: d.read ?? undefined });
    await sender.add(RANGE_OP_BYTES + utf8Bytes(JSON.stringify(inputs)), () => {
      ws().getRange(formatRange(range)).formulas = inputs;
    });
    i = j + 1;
  }
  for (const n of plan.names) {
    journal.names.push(n.name);
    await sender.add(128, () => ctx.workbook.names.add(n.name, `=${n.ref}`));
  }
  if (!plan.placedBelow) return;
  for (const s of plan.section.styles.filter((x) => x.style.numFmt)) {
    const range = parseRange(s.range);
    const formatAt = (r: number, c: number) =>
      String(d.read?.numberFormat[r - d.read.firstRow]?.[c - d.read.firstCol] ?? "General");
    const before = Array.from({ length: range.r2 - range.r1 + 1 }, (_, i) =>
      Array.from({ length: range.c2 - range.c1 + 1 }, (_, j) => formatAt(range.r1 + i, range.c1 + j)),
    );
    journal.formats.push({ sheet: d.sheet, range, before });
    const format = before.map((row) => row.map(() => s.style.numFmt!));
    await sender.add(RANGE_OP_BYTES + utf8Bytes(JSON.stringify(format)), () => {
      ws().getRange(formatRange(range)).numberFormat = format;
    });
  }
}
