/** Helpers for sheets made of a header row and one row per record. */
import { STAFF_COLUMNS } from "../../ledger/vocabulary";
import { colLetter, type CellStyle, type StyledRange } from "../spec";
import { HEADER_FORMULA, HEADER_PLAN, HEADER_STAFF, STAFF_FILL } from "../styles";

export interface ColumnDef {
  header: string;
  width: number;
  body: CellStyle;
  formula?: boolean;
}

/** Header and body styles for each column; staff columns get a light fill so they stand out. */
export function columnStyles(cols: ColumnDef[], rowCount: number): StyledRange[] {
  const out: StyledRange[] = [];
  cols.forEach((c, i) => {
    const L = colLetter(i + 1);
    const staff = STAFF_COLUMNS.has(c.header);
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
