/**
 * Reads the open workbook's ledger sheets. First, in one request for all sheets, the extent of each sheet's
 * values, the first rows (where the header is), the as-of date and the workbook's date system; then the cells
 * in row blocks packed into requests whose responses stay under Excel on the web's 5 MB limit: the seed's
 * ledger comes in one request, 10,000 tasks in a few. The size of a cell is not known before it is read, so
 * the blocks follow what the first rows and earlier blocks weighed, and a block that still comes back too
 * large is split and read again (reading changes nothing).
 *
 * Validation and the dashboard's figures read only what they use: the columns they look at, and of each only
 * the properties it needs (values everywhere; the displayed text where a message quotes a cell; number formats
 * where a number may be a date). Formulas are never fetched for them. An update reads everything (it rewrites
 * the sheets, so every cell must come back as it was).
 */
import { colLetters, parseRange, type CellRange } from "../../workbook/a1";
import { REQUIRED_HEADERS, snapshotFromGrids, type SheetGrid } from "../../ledger/grid";
import type { LedgerSnapshot } from "../../ledger/snapshot";
import { PLAN_COLUMNS, PLAN_STATUS_HEADER, PLAN_STATUS_OWN_HEADER, SHEETS } from "../../ledger/vocabulary";
import type { ContextLike, RangeLike } from "./api";
import { utf8Bytes } from "./writeWorkbook";

/** Response bytes aimed at per request (Excel on the web refuses more than 5 MB; we keep under 4.5 MB). */
export const RESPONSE_BUDGET = 3.5 * 1024 * 1024;
/** Room for rows heavier than those read so far. */
const HEADROOM = 1.25;
/** First guess of a cell's weight in a response, per property, when nothing of the sheet was read yet. */
const FIRST_GUESS_BYTES_PER_PROPERTY = 30;
/** A number format in a response: `"General",` and the like. */
const NUMBER_FORMAT_BYTES = 12;
/** The header may sit under a title: the ledger reader looks for it in the first rows. */
const HEAD_ROWS = 10;

type Property = "values" | "text" | "numberFormat" | "formulas";
const EVERYTHING: Property[] = ["values", "text", "numberFormat", "formulas"];

/** Columns c1..c2 of a sheet, read with these properties. */
interface Segment {
  c1: number;
  c2: number;
  props: Property[];
}

/** What to read of one sheet, given its extent and first rows (null: read every column, everything). */
type Selection = (head: unknown[][] | null, at: CellRange) => Segment[];

interface SheetRead {
  key: string;
  name: string;
  at: CellRange;
  segments: Segment[];
  grid: SheetGrid;
}

interface Block {
  sheet: SheetRead;
  r1: number;
  r2: number;
  ranges?: RangeLike[];
}

const tooLarge = (err: unknown) =>
  /ResponsePayloadSizeLimitExceeded/i.test(String((err as { code?: string })?.code ?? err));

const everything: Selection = (_head, at) => [{ c1: at.c1, c2: at.c2, props: EVERYTHING }];

/**
 * The grids of these sheets (null: no sheet or nothing in it) and the workbook's date system; every cell with
 * its value, text, number format and formula.
 */
export async function readGrids<K extends string>(
  context: ContextLike,
  sheets: Record<K, string>,
  /** Extents already known (sheets just written): the first request then reads cells at once. */
  known?: { extents: Record<K, CellRange | null>; date1904: boolean },
): Promise<{ grids: Record<K, SheetGrid | null>; date1904: boolean }> {
  const select = Object.fromEntries(Object.keys(sheets).map((k) => [k, everything])) as Record<K, Selection>;
  return readSelected(context, sheets, select, known);
}

async function readSelected<K extends string>(
  context: ContextLike,
  sheets: Record<K, string>,
  select: Record<K, Selection>,
  known?: { extents: Record<K, CellRange | null>; date1904: boolean },
  /** Called once the first request is answered (loads queued by the caller went with it). */
  onFirstSync?: () => void,
): Promise<{ grids: Record<K, SheetGrid | null>; date1904: boolean }> {
  const entries = Object.entries(sheets) as [K, string][];
  let extents = known?.extents;
  let date1904 = known?.date1904 ?? false;
  const heads = {} as Record<K, unknown[][] | null>;
  if (!extents) {
    const used = entries.map(([key, name]) => {
      const r = context.workbook.worksheets.getItemOrNullObject(name).getUsedRangeOrNullObject(true);
      r.load("address");
      // The first rows, whole width: the header tells which columns to read, the rows below what they weigh.
      const head =
        select[key] === everything
          ? null
          : r
              .getRow(0)
              .getResizedRange(HEAD_ROWS - 1, 0)
              .load("values");
      return [key, r, head] as const;
    });
    // DATE(1904,1,1) is day 0 in the 1904 date system and day 1,462 in the 1900 one.
    const epoch = context.workbook.functions.date(1904, 1, 1).load("value");
    // This sync also sends whatever the caller has queued (writes, or loads of its own).
    await context.sync();
    onFirstSync?.();
    date1904 = epoch.value === 0;
    extents = {} as Record<K, CellRange | null>;
    for (const [key, r, head] of used) {
      extents[key] = r.isNullObject ? null : parseRange(r.address.slice(r.address.lastIndexOf("!") + 1));
      heads[key] = !r.isNullObject && head ? head.values : null;
    }
  } else onFirstSync?.();

  const reads: SheetRead[] = [];
  const grids = {} as Record<K, SheetGrid | null>;
  for (const [key, name] of entries) {
    const at = extents[key];
    grids[key] = null;
    if (!at) continue;
    const segments = select[key](heads[key] ?? null, at);
    const grid: SheetGrid = {
      values: [],
      text: [],
      numberFormat: [],
      formulas: segments.some((s) => s.props.includes("formulas")) ? [] : undefined,
      firstRow: at.r1,
      firstCol: at.c1,
    };
    grids[key] = grid;
    const read: SheetRead = { key, name, at, segments, grid };
    // Rows above and including the header, in every column: the ledger reader finds its headers there.
    const head = heads[key];
    if (head) {
      const through = headerRowIndex(head, name);
      head.slice(0, through === null ? HEAD_ROWS : through + 1).forEach((row, i) => {
        if (i + at.r1 <= at.r2) rowOf(grid, i, at).values.splice(0, row.length, ...row);
      });
    }
    if (segments.length) reads.push(read);
  }

  // Each sheet's rows weigh differently (the ledger's long texts, the milestones' short ones).
  const rowBytes = new Map<SheetRead, number>(reads.map((s) => [s, firstGuess(s, heads[s.key as K])]));
  const queue: Block[] = reads.map((sheet) => ({ sheet, r1: sheet.at.r1, r2: sheet.at.r2 }));
  while (queue.length) {
    // Pack blocks (split by rows where needed) until the expected response fills the budget.
    const request: Block[] = [];
    let expected = 0;
    while (queue.length && expected < RESPONSE_BUDGET) {
      const b = queue[0];
      const weight = rowBytes.get(b.sheet)!;
      const rowsFit = Math.max(1, Math.floor((RESPONSE_BUDGET - expected) / weight));
      if (b.r2 - b.r1 + 1 > rowsFit) {
        request.push({ ...b, r2: b.r1 + rowsFit - 1 });
        queue[0] = { ...b, r1: b.r1 + rowsFit };
        expected = RESPONSE_BUDGET;
      } else {
        request.push(queue.shift()!);
        expected += weight * (b.r2 - b.r1 + 1);
      }
    }
    for (const b of request) {
      const ws = context.workbook.worksheets.getItemOrNullObject(b.sheet.name);
      b.ranges = b.sheet.segments.map((s) =>
        ws.getRange(`${colLetters(s.c1)}${b.r1}:${colLetters(s.c2)}${b.r2}`).load(s.props),
      );
    }
    try {
      // One request per block of ~3 MB: the loop runs as often as the payload needs, not per row.
      // eslint-disable-next-line office-addins/no-context-sync-in-loop
      await context.sync();
    } catch (err) {
      if (!tooLarge(err) || request.every((b) => b.r1 === b.r2)) throw err;
      // Split every block in two and read them again.
      const halves = request.flatMap((b): Block[] => {
        const mid = Math.floor((b.r1 + b.r2) / 2);
        return b.r1 === b.r2
          ? [{ ...b, ranges: undefined }]
          : [
              { sheet: b.sheet, r1: b.r1, r2: mid },
              { sheet: b.sheet, r1: mid + 1, r2: b.r2 },
            ];
      });
      queue.unshift(...halves);
      for (const b of request) rowBytes.set(b.sheet, rowBytes.get(b.sheet)! * 2);
      continue;
    }
    for (const b of request) {
      let bytes = 0;
      b.sheet.segments.forEach((s, k) => {
        const r = b.ranges![k];
        bytes += place(b.sheet, b.r1, s, r);
      });
      // The sheet's next blocks weigh like this one did, with room for heavier rows.
      rowBytes.set(b.sheet, Math.max(1, (bytes / (b.r2 - b.r1 + 1)) * HEADROOM));
    }
  }
  return { grids, date1904 };
}

/** The grid's row i (0-based), made when first needed: grids may be sparse, but every row made is whole. */
function rowOf(grid: SheetGrid, i: number, at: CellRange) {
  const width = at.c2 - at.c1 + 1;
  if (!grid.values[i]) {
    grid.values[i] = new Array<unknown>(width).fill("");
    grid.text[i] = new Array<string>(width).fill("");
    grid.numberFormat[i] = new Array<string>(width).fill("");
    if (grid.formulas) grid.formulas[i] = new Array<unknown>(width).fill("");
  }
  return {
    values: grid.values[i],
    text: grid.text[i],
    numberFormat: grid.numberFormat[i],
    formulas: grid.formulas?.[i],
  };
}

/** Puts a segment's cells into the grid; returns the bytes they weighed in the response. */
function place(sheet: SheetRead, r1: number, s: Segment, range: RangeLike): number {
  const { grid, at } = sheet;
  const from = s.c1 - at.c1;
  const has = (p: Property) => s.props.includes(p);
  const values = range.values;
  values.forEach((row, i) => {
    const target = rowOf(grid, r1 - at.r1 + i, at);
    target.values.splice(from, row.length, ...row);
    if (has("text")) target.text.splice(from, row.length, ...range.text[i]);
    // Without the displayed text, a logical value reads as Excel shows it; other values as themselves.
    else
      row.forEach((v, j) => {
        if (typeof v === "boolean") target.text[from + j] = v ? "TRUE" : "FALSE";
      });
    if (has("numberFormat"))
      target.numberFormat.splice(from, row.length, ...(range.numberFormat[i] as string[]));
    if (has("formulas")) target.formulas!.splice(from, row.length, ...range.formulas[i]);
  });
  return utf8Bytes(
    JSON.stringify([
      values,
      has("text") ? range.text : 0,
      has("numberFormat") ? range.numberFormat : 0,
      has("formulas") ? range.formulas : 0,
    ]),
  );
}

/** What a row of this sheet is expected to weigh: from its first rows when read, else a rough guess. */
function firstGuess(sheet: SheetRead, head: unknown[][] | null | undefined): number {
  const sample = (head ?? []).slice(1);
  const rough = sheet.segments.reduce(
    (n, s) => n + (s.c2 - s.c1 + 1) * s.props.length * FIRST_GUESS_BYTES_PER_PROPERTY,
    0,
  );
  if (!sample.length) return rough;
  let bytes = 0;
  for (const s of sheet.segments) {
    const cells = sample.map((row) => row.slice(s.c1 - sheet.at.c1, s.c2 - sheet.at.c1 + 1));
    const values = utf8Bytes(JSON.stringify(cells)) / sample.length;
    bytes += values * (has(s, "values") + has(s, "text") + has(s, "formulas"));
    if (s.props.includes("numberFormat")) bytes += (s.c2 - s.c1 + 1) * NUMBER_FORMAT_BYTES;
  }
  return Math.max(bytes * HEADROOM, rough / 4);
}
const has = (s: Segment, p: Property) => (s.props.includes(p) ? 1 : 0);

/** Index (in the first rows) of the row holding the sheet's first required header, as the ledger reader finds it. */
function headerRowIndex(head: unknown[][], sheet: string): number | null {
  const first = REQUIRED_HEADERS[sheet]?.[0];
  if (!first) return 0;
  const i = head.findIndex((row) => row.some((v) => String(v ?? "").trim() === first));
  return i < 0 ? null : i;
}

/** Dates: the value, the text shown and the number format (a number is a date only in a date format). */
const DATE_COLUMNS = new Set(["完成时限", "完成日期"]);
/** Quoted in messages as Excel shows them (a percentage, a logical value, a number in a unit cell). */
const QUOTED_COLUMNS = new Set(["序号", "节点编号", "牵头单位", "责任单位", "状态"]);
/** The other columns validation and the dashboard's figures read: values only. */
const VALUE_COLUMNS = new Set<string>([
  ...PLAN_COLUMNS,
  "节点内容",
  // Not checked, but a row holding only a note here is still a row (a task row with its status empty), as the
  // command line's reader sees it: without them a note typed below the table would pass unnoticed.
  "进展情况",
  "佐证材料",
  "备注",
  PLAN_STATUS_HEADER,
  PLAN_STATUS_OWN_HEADER,
]);

function propsOf(header: string): Property[] | null {
  if (DATE_COLUMNS.has(header)) return ["values", "text", "numberFormat"];
  if (QUOTED_COLUMNS.has(header)) return ["values", "text"];
  if (VALUE_COLUMNS.has(header)) return ["values"];
  return null;
}

/**
 * The ledger and milestone sheets: the columns validation and the summary use, found by their header;
 * progress notes, evidence, remarks, formula columns and staff's own columns are not fetched.
 */
const usedColumns =
  (sheet: string): Selection =>
  (head, at) => {
    const at0 = head && headerRowIndex(head, sheet);
    // No header found: nothing more to read; the ledger reader says what is wrong from the first rows.
    if (!head || at0 === null) return [];
    const headers = head[at0];
    const segments: Segment[] = [];
    headers.forEach((h, j) => {
      const props = propsOf(String(h ?? "").trim());
      if (!props) return;
      const c = at.c1 + j;
      const last = segments[segments.length - 1];
      if (last && last.c2 === c - 1 && last.props.join() === props.join()) last.c2 = c;
      else segments.push({ c1: c, c2: c, props });
    });
    return segments;
  };
const wholeSheet =
  (props: Property[]): Selection =>
  (_head, at) => [{ c1: at.c1, c2: at.c2, props }];

/** The sheets `readLedger` reads: by their usual names unless the caller found them (null: the workbook has none). */
export type LedgerSheetNames = Record<
  "guide" | "ledger" | "milestones" | "units" | "planCopy",
  string | null
>;
const USUAL_NAMES: LedgerSheetNames = {
  guide: SHEETS.guide,
  ledger: SHEETS.ledger,
  milestones: SHEETS.milestones,
  units: SHEETS.units,
  planCopy: SHEETS.planCopy,
};

/**
 * The ledger as a snapshot, for validation and the summary: only what they use (see the top of this file).
 * The first request also carries whatever the caller queued before. `names`: the sheets as the caller found
 * them (by the tool's markers); by default their usual names.
 */
export async function readLedger(
  context: ContextLike,
  names: LedgerSheetNames = USUAL_NAMES,
): Promise<LedgerSnapshot> {
  // 说明!B4, the as-of date, goes with the first request.
  const guide = names.guide
    ? context.workbook.worksheets.getItemOrNullObject(names.guide).load("isNullObject")
    : null;
  const asOfCell = names.guide
    ? context.workbook.worksheets
        .getItemOrNullObject(names.guide)
        .getRange("B4")
        .load(["values", "text", "numberFormat"])
    : null;
  let asOf: SheetGrid | null = null;
  const roles = (["ledger", "milestones", "units", "planCopy"] as const).filter((k) => names[k] !== null);
  const select = {
    ledger: usedColumns(SHEETS.ledger),
    milestones: usedColumns(SHEETS.milestones),
    units: wholeSheet(["values", "text"]),
    // The plan copy is compared as written: values, never formulas or display.
    planCopy: wholeSheet(["values"]),
  };
  const { grids: found, date1904 } = await readSelected(
    context,
    Object.fromEntries(roles.map((k) => [k, names[k]!])) as Record<(typeof roles)[number], string>,
    Object.fromEntries(roles.map((k) => [k, select[k]])) as Record<(typeof roles)[number], Selection>,
    undefined,
    () => {
      if (!guide || !asOfCell || guide.isNullObject) return;
      asOf = {
        values: asOfCell.values,
        text: asOfCell.text,
        numberFormat: asOfCell.numberFormat as string[][],
        firstRow: 4,
        firstCol: 2,
      };
    },
  );
  const g = found as Partial<Record<(typeof roles)[number], SheetGrid | null>>;
  return snapshotFromGrids({
    ledger: g.ledger ?? null,
    milestones: g.milestones ?? null,
    units: g.units ?? null,
    planCopy: g.planCopy ?? null,
    asOf,
    date1904,
  });
}
