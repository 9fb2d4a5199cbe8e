/**
 * One pass over a worksheet's XML that finds every row and cell with its exact place in the text, and
 * what the cell holds. The reader takes the values; the patcher takes the places and splices new cells
 * in while every other byte stays as it was. Only cells that exist are visited, whatever the sheet's
 * declared dimension says.
 */
import { localName, parseXml } from "./xml";

export interface CellLoc {
  row: number;
  col: number;
  /** Offsets of the cell element in the sheet text: `<` of `<c` and `>` of its end (inclusive). */
  start: number;
  end: number;
  /** `t` and `s` attributes as written. */
  type: string;
  style: string;
  /** Text of `<v>`, of `<f>` and of an inline string, as stored (entities decoded). */
  v: string | null;
  f: string | null;
  /** Attributes of `<f>` (shared/array formulas). */
  fAttrs: Record<string, string> | null;
  inline: string | null;
}

export interface RowLoc {
  r: number;
  start: number;
  /** `>` of the row's start tag. */
  openEnd: number;
  /** `>` of `</row>` (or of `<row/>`). */
  end: number;
  selfClosing: boolean;
  cells: CellLoc[];
}

export interface ElementLoc {
  name: string;
  start: number;
  end: number;
  attrs: Record<string, string>;
}

export interface SheetScan {
  /** `<` of `<sheetData` and `>` of its end (inclusive); `openEnd` is `>` of its start tag. */
  sheetData: { start: number; openEnd: number; end: number; selfClosing: boolean } | null;
  rows: RowLoc[];
  /** Every element directly under the worksheet root, in order (dimension, mergeCells, …). */
  topLevel: ElementLoc[];
  /** Namespace prefix of the main namespace, when the writer used one (`x:`). */
  prefix: string;
}

/** `AB12` → [12, 28]; null when not a cell reference. */
export function parseRef(ref: string): [number, number] | null {
  let col = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const ch = ref.charCodeAt(i);
    if (ch >= 65 && ch <= 90) col = col * 26 + ch - 64;
    else if (ch >= 97 && ch <= 122) col = col * 26 + ch - 96;
    else break;
  }
  const row = Number(ref.slice(i).replace(/\$/g, ""));
  return col && i > 0 && Number.isInteger(row) && row > 0 ? [row, col] : null;
}

export function scanSheet(xml: string): SheetScan {
  const scan: SheetScan = { sheetData: null, rows: [], topLevel: [], prefix: "" };
  let depth = 0;
  let row: RowLoc | null = null;
  let cell: CellLoc | null = null;
  let nextRow = 1;
  let nextCol = 1;
  let text: "v" | "f" | "t" | null = null;
  let inRph = 0;
  let top: ElementLoc | null = null;
  parseXml(xml, {
    open(name, a, start, end) {
      depth++;
      const ln = localName(name);
      if (depth === 1) {
        scan.prefix = name.length > ln.length ? name.slice(0, name.length - ln.length) : "";
        return;
      }
      if (depth === 2) {
        top = { name: ln, start, end, attrs: a };
        if (ln === "sheetData") scan.sheetData = { start, openEnd: end, end, selfClosing: false };
        return;
      }
      if (ln === "row" && depth === 3 && scan.sheetData) {
        const r = a.r ? Number(a.r) : nextRow;
        row = { r, start, openEnd: end, end, selfClosing: false, cells: [] };
        nextRow = r + 1;
        nextCol = 1;
      } else if (ln === "c" && row) {
        const at = a.r ? parseRef(a.r) : null;
        const col = at ? at[1] : nextCol;
        nextCol = col + 1;
        cell = {
          row: row.r,
          col,
          start,
          end,
          type: a.t ?? "",
          style: a.s ?? "",
          v: null,
          f: null,
          fAttrs: null,
          inline: null,
        };
      } else if (cell) {
        if (ln === "v") text = "v";
        else if (ln === "f") {
          text = "f";
          cell.f = "";
          cell.fAttrs = a;
        } else if (ln === "rPh") inRph++;
        else if (ln === "t" && !inRph) {
          text = "t";
          if (cell.inline === null) cell.inline = "";
        }
      }
    },
    text(t) {
      if (!cell || !text) return;
      if (text === "v") cell.v = (cell.v ?? "") + t;
      else if (text === "f") cell.f += t;
      else cell.inline += t;
    },
    close(name, start, end, selfClosing) {
      const ln = localName(name);
      if (depth === 2 && top) {
        top.end = end;
        scan.topLevel.push(top);
        if (ln === "sheetData" && scan.sheetData) {
          scan.sheetData.end = end;
          scan.sheetData.selfClosing = selfClosing;
        }
        top = null;
      } else if (ln === "c" && cell && row) {
        cell.end = end;
        row.cells.push(cell);
        cell = null;
      } else if (ln === "row" && row && depth === 3) {
        row.end = end;
        row.selfClosing = selfClosing;
        scan.rows.push(row);
        row = null;
      } else if (ln === "rPh") inRph--;
      else if (ln === "v" || ln === "f" || ln === "t") text = null;
      depth--;
    },
  });
  return scan;
}
