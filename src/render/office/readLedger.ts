/**
 * Reads the open workbook's ledger sheets. First the extent of each sheet's values (and the workbook's date
 * system), then the cells in row blocks packed into requests whose responses stay under Excel on the web's
 * 5 MB limit: the seed's ledger comes in one request, 10,000 tasks in several. The size of a cell is not
 * known before it is read, so the blocks follow what earlier blocks weighed, and a block that still comes
 * back too large is split and read again (reading changes nothing).
 */
import { colLetters, parseRange, type CellRange } from "../../workbook/a1";
import { snapshotFromGrids, type SheetGrid } from "../../ledger/grid";
import type { LedgerSnapshot } from "../../ledger/snapshot";
import { SHEETS } from "../../ledger/vocabulary";
import type { ContextLike, RangeLike } from "./api";
import { utf8Bytes } from "./writeWorkbook";

/** Response bytes aimed at per request (Excel on the web refuses more than 5 MB; we keep under 4.5 MB). */
export const RESPONSE_BUDGET = 3.5 * 1024 * 1024;
/** Room for rows heavier than those read so far. */
const HEADROOM = 1.25;
/** First guess of a cell's weight in a response (four properties: values, text, formats, formulas). */
const FIRST_GUESS_BYTES_PER_CELL = 120;
const PROPERTIES = ["values", "text", "numberFormat", "formulas"];

interface Block {
  key: string;
  r1: number;
  r2: number;
  c1: number;
  c2: number;
  range?: RangeLike;
}

const tooLarge = (err: unknown) =>
  /ResponsePayloadSizeLimitExceeded/i.test(String((err as { code?: string })?.code ?? err));

/** The grids of these sheets (null: no sheet or nothing in it) and the workbook's date system. */
export async function readGrids<K extends string>(
  context: ContextLike,
  sheets: Record<K, string>,
  /** Extents already known (sheets just written): the first request then reads cells at once. */
  known?: { extents: Record<K, CellRange | null>; date1904: boolean },
): Promise<{ grids: Record<K, SheetGrid | null>; date1904: boolean }> {
  let extents = known?.extents;
  let date1904 = known?.date1904 ?? false;
  if (!extents) {
    const used = (Object.entries(sheets) as [K, string][]).map(([key, name]) => {
      const r = context.workbook.worksheets.getItemOrNullObject(name).getUsedRangeOrNullObject(true);
      r.load("address");
      return [key, r] as const;
    });
    // DATE(1904,1,1) is day 0 in the 1904 date system and day 1,462 in the 1900 one.
    const epoch = context.workbook.functions.date(1904, 1, 1).load("value");
    // This sync also sends whatever writes the caller has queued.
    await context.sync();
    date1904 = epoch.value === 0;
    extents = Object.fromEntries(
      used.map(([key, r]) => [
        key,
        r.isNullObject ? null : parseRange(r.address.slice(r.address.lastIndexOf("!") + 1)),
      ]),
    ) as Record<K, CellRange | null>;
  }

  const blocks: Block[] = [];
  const grids = {} as Record<K, SheetGrid | null>;
  for (const [key, name] of Object.entries(sheets) as [K, string][]) {
    const at = extents[key];
    grids[key] = null;
    if (!at) continue;
    grids[key] = { values: [], text: [], numberFormat: [], formulas: [], firstRow: at.r1, firstCol: at.c1 };
    blocks.push({ key: `${key}\u0000${name}`, ...at });
  }
  // Each sheet's cells weigh differently (the ledger's long texts, the milestones' short ones).
  const perCellOf = new Map<string, number>();
  const weight = (b: Block) => perCellOf.get(b.key) ?? FIRST_GUESS_BYTES_PER_CELL;
  const queue = [...blocks];
  while (queue.length) {
    // Pack blocks (split by rows where needed) until the expected response fills the budget.
    const request: Block[] = [];
    let expected = 0;
    while (queue.length && expected < RESPONSE_BUDGET) {
      const b = queue[0];
      const width = b.c2 - b.c1 + 1;
      const rowsFit = Math.max(1, Math.floor((RESPONSE_BUDGET - expected) / (weight(b) * width)));
      if (b.r2 - b.r1 + 1 > rowsFit) {
        request.push({ ...b, r2: b.r1 + rowsFit - 1 });
        queue[0] = { ...b, r1: b.r1 + rowsFit };
        expected = RESPONSE_BUDGET;
      } else {
        request.push(queue.shift()!);
        expected += weight(b) * width * (b.r2 - b.r1 + 1);
      }
    }
    for (const b of request) {
      const name = b.key.split("\u0000")[1];
      b.range = context.workbook.worksheets
        .getItemOrNullObject(name)
        .getRange(`${colLetters(b.c1)}${b.r1}:${colLetters(b.c2)}${b.r2}`)
        .load(PROPERTIES);
    }
    try {
      // One request per block of ~3 MB: the loop runs as often as the payload needs, not per row.
      // eslint-disable-next-line office-addins/no-context-sync-in-loop
      await context.sync();
    } catch (err) {
      if (!tooLarge(err) || request.every((b) => b.r1 === b.r2)) throw err;
      // Split every block in two and read them again.
      const halves = request.flatMap((b) => {
        const mid = Math.floor((b.r1 + b.r2) / 2);
        return b.r1 === b.r2
          ? [b]
          : [
              { ...b, r2: mid, range: undefined },
              { ...b, r1: mid + 1, range: undefined },
            ];
      });
      queue.unshift(...halves);
      for (const b of request) perCellOf.set(b.key, weight(b) * 2);
      continue;
    }
    for (const b of request) {
      const g = grids[b.key.split("\u0000")[0] as K]!;
      const r = b.range!;
      g.values.push(...r.values);
      g.text.push(...r.text);
      g.numberFormat.push(...(r.numberFormat as string[][]));
      g.formulas!.push(...r.formulas);
      // The sheet's next blocks weigh like this one did, with room for heavier rows.
      const bytes = utf8Bytes(JSON.stringify([r.values, r.text, r.numberFormat, r.formulas]));
      perCellOf.set(b.key, (bytes / ((b.r2 - b.r1 + 1) * (b.c2 - b.c1 + 1))) * HEADROOM);
    }
  }
  return { grids, date1904 };
}

/** The ledger as a snapshot. */
export async function readLedger(context: ContextLike): Promise<LedgerSnapshot> {
  const { grids: g, date1904 } = await readGrids(context, {
    ledger: SHEETS.ledger,
    milestones: SHEETS.milestones,
    units: SHEETS.units,
    planCopy: SHEETS.planCopy,
    guide: SHEETS.guide,
  });
  return snapshotFromGrids({ ...g, asOf: g.guide ? cellGrid(g.guide, 4, 2) : null, date1904 });
}

/** One cell of a grid as a grid of its own. */
function cellGrid(g: SheetGrid, row: number, col: number): SheetGrid | null {
  const i = row - g.firstRow;
  const j = col - g.firstCol;
  if (i < 0 || j < 0 || i >= g.values.length || j >= (g.values[0]?.length ?? 0)) return null;
  const pick = <T>(xs: T[][] | undefined) => (xs ? [[xs[i][j]]] : undefined);
  return {
    values: pick(g.values)!,
    text: pick(g.text)!,
    numberFormat: pick(g.numberFormat)!,
    formulas: pick(g.formulas),
    firstRow: row,
    firstCol: col,
  };
}
