/** Reads the open workbook's ledger in one request: the used range of each ledger sheet, at once. */
import { parseRange } from "../../workbook/a1";
import { snapshotFromGrids, type SheetGrid } from "../../ledger/grid";
import type { LedgerSnapshot } from "../../ledger/snapshot";
import { HISTORY_SHEETS, SHEETS } from "../../ledger/vocabulary";
import type { UpdateGrids } from "../../ledger/update/existing";
import type { ContextLike, RangeLike } from "./api";

/** Queue the used ranges of these sheets; after `sync()` the returned function gives their grids (null: no sheet). */
export function queueGrids<K extends string>(
  context: ContextLike,
  sheets: Record<K, string>,
): () => Record<K, SheetGrid | null> {
  const ranges = Object.entries(sheets).map(([key, name]) => {
    const r = context.workbook.worksheets.getItemOrNullObject(name as string).getUsedRangeOrNullObject(false);
    r.load(["values", "text", "numberFormat", "formulas", "address"]);
    return [key, r] as const;
  });
  return () => Object.fromEntries(ranges.map(([key, r]) => [key, gridOf(r)])) as Record<K, SheetGrid | null>;
}

function gridOf(r: RangeLike): SheetGrid | null {
  if (r.isNullObject) return null;
  const at = parseRange(r.address.slice(r.address.lastIndexOf("!") + 1));
  return {
    values: r.values,
    text: r.text,
    numberFormat: r.numberFormat as string[][],
    formulas: r.formulas,
    firstRow: at.r1,
    firstCol: at.c1,
  };
}

/** The grids an update reads, queued; call the returned function after `sync()`. */
export function queueUpdateRead(context: ContextLike): () => UpdateGrids {
  const read = queueGrids(context, {
    ledger: SHEETS.ledger,
    milestones: SHEETS.milestones,
    units: SHEETS.units,
    removed: HISTORY_SHEETS.removed,
    log: HISTORY_SHEETS.log,
    planCopy: SHEETS.planCopy,
    guide: SHEETS.guide,
  });
  return () => {
    const g = read();
    return { ...g, asOf: g.guide ? cellGrid(g.guide, 4, 2) : null };
  };
}

/** The ledger's grids queued; after `sync()` the returned function gives the snapshot. */
export function queueLedgerRead(context: ContextLike): () => LedgerSnapshot {
  const read = queueGrids(context, {
    ledger: SHEETS.ledger,
    milestones: SHEETS.milestones,
    units: SHEETS.units,
    planCopy: SHEETS.planCopy,
    guide: SHEETS.guide,
  });
  return () => {
    const g = read();
    return snapshotFromGrids({ ...g, asOf: g.guide ? cellGrid(g.guide, 4, 2) : null, date1904: false });
  };
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
