/**
 * A cell as found in a filled workbook, kept as it is: what the layout writes back for rows it does not
 * own, and what updates compare. Part of the layout's vocabulary so that the layout needs nothing from
 * the update code (which builds on the layout).
 */
import type { Cell } from "./spec";

export interface Kept {
  cell: Cell;
  numFmt?: string;
}

/** The text a cell shows for comparisons with the plan copy (dates as `YYYY-MM-DD`). */
export function keptText(k: Kept | undefined): string {
  const c = k?.cell ?? null;
  if (c === null) return "";
  if (typeof c !== "object") return String(c);
  if (c.kind === "date") return c.iso;
  return c.result === undefined ? `=${c.formula}` : String(c.result);
}
