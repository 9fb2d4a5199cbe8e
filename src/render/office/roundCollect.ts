/**
 * The monthly round in the add-in, on the open workbook: the ledger read for 分发 (the copies are made from
 * it by the same code as `plan-ledger split`), and 导入反馈表: returned copies planned against the ledger by
 * the same pure core as `plan-ledger collect`, and the entries taken (and those staff decided to take) written
 * in place. Only those staff cells of the tool's rows (found again by task and milestone number when writing,
 * so rows sorted meanwhile are still right) and the tool's own 来源记录 are written, in requests sized in bytes:
 * the number of syncs does not grow with the rows.
 */
import { chooseAsOf } from "../../ledger/context";
import { isDateFormat, serialToIso } from "../../ledger/dates";
import { UnusableWorkbookError } from "../../ledger/grid";
import {
  collectRecords,
  decidedEntries,
  describeCollect,
  planCollect,
  ROUND_MARKERS,
  ROUND_SHEETS,
  SOURCE_HEADERS,
  type CollectPlan,
  type ConflictDecision,
  type ReturnedFile,
  type Taken,
} from "../../ledger/round";
import type { LedgerSnapshot, ReadSheet } from "../../ledger/snapshot";
import { colLetters, parseRange } from "../../workbook/a1";
import type { Cell } from "../../workbook/spec";
import type { ContextLike, RunBatch } from "./api";
import { officeErrorMessage } from "./errors";
import { readLedger } from "./readLedger";
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
const sheetOfAddress = (a: string) =>
  a.slice(0, a.lastIndexOf("!")).replace(/^'|'$/g, "").replace(/''/g, "'");

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

/** The ledger as the round reads it (dates as dates); the as-of date of 说明 is the round by default. */
export async function readRoundLedger(
  run: RunBatch,
  today: string,
): Promise<{ snapshot: LedgerSnapshot; asOf: string; asOfWarning: string | null }> {
  const snapshot = await run(async (context) => withDateValues(await readLedger(context)));
  const choice = chooseAsOf(snapshot, { today });
  return { snapshot, asOf: choice.asOf, asOfWarning: choice.warning };
}

/** The tool's 来源记录, if the workbook has one: its sheet, its rows as text (header first) and its last row. */
interface Sources {
  sheet: string | null;
  rows: string[][];
  lastRow: number;
}

/**
 * Reads the ledger and the earlier 来源记录 (units already received in this round have reported) and plans the
 * collect: nothing is written (the dry run). (the ledger's reads, + 1 when there is a 来源记录)
 */
export async function planRoundCollect(
  context: ContextLike,
  returned: ReturnedFile[],
  today: string,
): Promise<{ plan: CollectPlan; snapshot: LedgerSnapshot; sources: Sources }> {
  // The record's marker goes with the ledger's first read.
  const marker = context.workbook.names.getItemOrNullObject(ROUND_MARKERS.sources).load("isNullObject");
  const markerRange = marker.getRangeOrNullObject().load("address");
  let snapshot: LedgerSnapshot;
  const sources: Sources = { sheet: null, rows: [], lastRow: 0 };
  try {
    snapshot = withDateValues(await readLedger(context));
    if (!markerRange.isNullObject) {
      sources.sheet = sheetOfAddress(markerRange.address);
      const used = context.workbook.worksheets
        .getItemOrNullObject(sources.sheet)
        .getUsedRangeOrNullObject(true)
        .load(["address", "values"]);
      await context.sync();
      if (!used.isNullObject) {
        sources.lastRow = parseRange(used.address.split("!").pop()!).r2;
        sources.rows = used.values.map((r) => r.map((v) => (v === null || v === undefined ? "" : String(v))));
      }
    }
  } catch (err) {
    if (err instanceof UnusableWorkbookError) throw err;
    throw new UnusableWorkbookError(
      `读取台账时出错：${officeErrorMessage(err)}。没有写入任何东西。请确认打开的是台账工作簿后再试。`,
    );
  }
  const plan = planCollect(snapshot, returned, chooseAsOf(snapshot, { today }).asOf, sources.rows);
  return { plan, snapshot, sources };
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
}

/**
 * Writes the entries of a collect into the open ledger. The ledger is read and the collect planned again
 * first (staff may have edited or sorted since the dry run), and staff's decisions apply only to conflicts
 * that are still there as they were decided. (the reads of `planRoundCollect` + the writes)
 */
export async function writeRoundCollect(
  context: ContextLike,
  returned: ReturnedFile[],
  decisions: ConflictDecision[],
  today: string,
  when: string,
): Promise<CollectWriteResult> {
  // Free names for a new record sheet go with the ledger's first read.
  const names = SOURCE_NAMES.map((n) =>
    context.workbook.worksheets.getItemOrNullObject(n).load("isNullObject"),
  );
  const { plan, snapshot, sources } = await planRoundCollect(context, returned, today);
  const stillThere = new Set(plan.outcome.merge.conflicts.map((c) => `${c.key}\u0000${c.column}`));
  const live = decisions.filter((d) => stillThere.has(`${d.key}\u0000${d.column}`));
  const decided = decidedEntries(plan, live);
  const entries = [...plan.outcome.merge.taken, ...decided];
  const sourcesAt = sources.sheet;
  const lastRow = sources.lastRow;

  const sender = new Sender(context);
  try {
    await writeEntries(sender, snapshot, entries);
    const records = collectRecords(plan, live, when);
    const sheet =
      sourcesAt ??
      SOURCE_NAMES.find((_, i) => names[i].isNullObject) ??
      `${ROUND_SHEETS.sources}（台账助手${Date.now() % 1000}）`;
    await appendRecords(sender, sheet, sourcesAt ? lastRow : null, records);
    await sender.flush();
    return {
      plan,
      written: entries.length,
      decided: decided.length,
      stale: decisions.length - live.length,
      sourcesSheet: sheet,
    };
  } catch (err) {
    throw new UnusableWorkbookError(
      `写入反馈内容时出错：${officeErrorMessage(err)}。台账可能只写入了一部分（没有删除或移动任何行和工作表，原有填写内容都在）。` +
        "请关闭工作簿且不保存，重新打开后再导入；Excel 网页版会自动保存，请在“文件 → 信息 → 版本历史记录”中还原导入前的版本后再导入。",
    );
  }
}

/** Each column's entries as runs of consecutive rows, one write per run; dates get a date format where missing. */
async function writeEntries(sender: Sender, snapshot: LedgerSnapshot, entries: Taken[]): Promise<void> {
  const formats = new Map<string, string>();
  for (const s of [snapshot.ledger, snapshot.milestones])
    for (const r of s?.rows ?? [])
      for (const c of Object.values(r.cells)) formats.set(`${s!.name}!${c.address}`, c.numFmt);
  const byColumn = new Map<string, Map<number, Taken>>();
  for (const e of entries) {
    const at = parseRange(e.address);
    const k = `${e.sheet}\u0000${at.c1}`;
    const col = byColumn.get(k) ?? byColumn.set(k, new Map()).get(k)!;
    col.set(at.r1, e);
  }
  for (const [k, cells] of byColumn) {
    const [sheet, c] = k.split("\u0000");
    const letter = colLetters(Number(c));
    const rows = [...cells.keys()].sort((a, b) => a - b);
    for (let i = 0; i < rows.length;) {
      let j = i;
      let bytes = RANGE_OP_BYTES;
      while (j + 1 < rows.length && rows[j + 1] === rows[j] + 1 && bytes < WRITE_BYTES) {
        bytes += utf8Bytes(JSON.stringify(cells.get(rows[j])!.to.text)) + 8;
        j++;
      }
      const run = rows.slice(i, j + 1);
      const inputs = run.map((r) => [cellInput(cells.get(r)!.to.cell, snapshot.date1904)]);
      const address = `${letter}${run[0]}:${letter}${run[run.length - 1]}`;
      await sender.add(bytes + utf8Bytes(JSON.stringify(inputs)), () => {
        sender.context.workbook.worksheets.getItemOrNullObject(sheet).getRange(address).formulas = inputs;
      });
      i = j + 1;
    }
    // A date into a cell not formatted as one would show as a serial number.
    for (const r of rows) {
      const to = cells.get(r)!.to.cell;
      const isDate = to !== null && typeof to === "object" && to.kind === "date";
      if (!isDate || isDateFormat(formats.get(`${sheet}!${letter}${r}`) ?? "")) continue;
      await sender.add(RANGE_OP_BYTES, () => {
        sender.context.workbook.worksheets.getItemOrNullObject(sheet).getRange(`${letter}${r}`).numberFormat =
          [[DATE_FORMAT]];
      });
    }
  }
}

/** 来源记录: rows under those already there; the first time, a new sheet with its header and marker name. */
async function appendRecords(
  sender: Sender,
  sheet: string,
  lastRow: number | null,
  records: Cell[][],
): Promise<void> {
  const ctx = sender.context;
  const fresh = lastRow === null;
  const rows = [...(fresh ? [[...SOURCE_HEADERS] as Cell[]] : []), ...records];
  if (fresh) {
    await sender.add(64, () => ctx.workbook.worksheets.add(sheet));
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
    const address = `A${first}:${colLetters(width)}${first + block.length - 1}`;
    await sender.add(bytes, () => {
      ctx.workbook.worksheets.getItemOrNullObject(sheet).getRange(address).formulas = block;
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
