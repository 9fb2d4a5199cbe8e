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
