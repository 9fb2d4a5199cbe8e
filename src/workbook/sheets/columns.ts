/** Helpers for sheets made of a header row and one row per record. */
import { STAFF_COLUMNS } from "../../ledger/vocabulary";
import { colLetter, type Cell, type CellStyle, type StyledRange } from "../spec";
import type { Kept } from "../kept";
import { HEADER_FORMULA, HEADER_PLAN, HEADER_STAFF, STAFF_FILL } from "../styles";

export interface ColumnDef {
  header: string;
  width: number;
  body: CellStyle;
  formula?: boolean;
  /** Filled by staff (default: by header name); columns staff added are theirs. */
  staff?: boolean;
  hidden?: boolean;
}

/** A column staff added to one of our sheets: kept, shown as theirs. */
export const extraColumn = (header: string): ColumnDef => ({
  header,
  width: 16,
  body: { wrap: true, vertical: "top", border: true },
  staff: true,
});

/**
 * Record rows (header → kept cell) as sheet rows under a header row, with the number formats the kept
 * cells carry where they differ from their column's.
 */
export function recordRows(
  cols: ColumnDef[],
  records: Record<string, Kept>[],
  computed: (header: string, row: number, record: Record<string, Kept>) => Cell | undefined,
): { rows: Cell[][]; numberFormats: { address: string; numFmt: string }[] } {
  const rows: Cell[][] = [cols.map((c) => c.header)];
  const numberFormats: { address: string; numFmt: string }[] = [];
  records.forEach((rec, i) => {
    const r = i + 2;
    rows.push(
      cols.map((c, j) => {
        const made = computed(c.header, r, rec);
        if (made !== undefined) return made;
        const kept = rec[c.header];
        if (kept?.numFmt && kept.numFmt !== c.body.numFmt)
          numberFormats.push({ address: `${colLetter(j + 1)}${r}`, numFmt: kept.numFmt });
        return kept?.cell ?? null;
      }),
    );
  });
  return { rows, numberFormats };
}

/** Header and body styles for each column; staff columns get a light fill so they stand out. */
export function columnStyles(cols: ColumnDef[], rowCount: number): StyledRange[] {
  const out: StyledRange[] = [];
  cols.forEach((c, i) => {
    const L = colLetter(i + 1);
    const staff = c.staff ?? STAFF_COLUMNS.has(c.header);
    out.push({ range: `${L}1`, style: c.formula ? HEADER_FORMULA : staff ? HEADER_STAFF : HEADER_PLAN });
    if (rowCount > 0) {
      out.push({
        range: `${L}2:${L}${rowCount + 1}`,
        style: staff ? { ...c.body, fill: STAFF_FILL } : c.body,
      });
    }
  });
  return out;
}

/** Display width of text in column-width units: CJK and full-width characters count double. */
export function textWidth(s: string): number {
  let w = 0;
  for (const ch of s)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(
      ch,
    )
      ? 2
      : 1;
  return w;
}

const LINE_HEIGHT = 13.5;
const MAX_LINES = 15;

/**
 * Row heights that fit wrapped text. Spreadsheet engines do not grow rows written by a file on their own,
 * so without this every task would show one clipped line.
 */
export function fittedRowHeights(cols: ColumnDef[], rows: unknown[][], firstRow = 2): Record<number, number> {
  const heights: Record<number, number> = {};
  const wrapped = cols.map((c) => c.body.wrap === true);
  rows.forEach((row, i) => {
    let lines = 1;
    row.forEach((v, c) => {
      if (!wrapped[c] || typeof v !== "string" || !v) return;
      const perLine = Math.max(1, cols[c].width - 1);
      lines = Math.max(lines, Math.ceil(textWidth(v) / perLine));
    });
    if (lines > 1) heights[firstRow + i] = Math.min(lines, MAX_LINES) * LINE_HEIGHT + 3;
  });
  return heights;
}
