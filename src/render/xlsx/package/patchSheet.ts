/**
 * Splices cells into a worksheet's XML. A written cell replaces the element at its address or is
 * inserted in column order; a new row is inserted in row order. Every other byte of the sheet (other
 * cells, shared formulas, merges, hyperlinks, comments' anchors, drawings) stays exactly as it was.
 */
import { colLetters } from "../../../workbook/a1";
import type { CellLoc, RowLoc, SheetScan } from "./sheetScan";
import { withPrefix } from "./cellXml";
import { latin1OfPieces, utf8OfPieces } from "./zip";

export interface CellWrite {
  row: number;
  col: number;
  /** The whole `<c …>` element. */
  xml: string;
}

export interface Splice {
  at: number;
  /** Characters of the old text replaced (0: a pure insertion). */
  remove: number;
  text: string;
}

export function applySplices(text: string, splices: Splice[]): string {
  return splicedPieces(text, splices).join("");
}

/** The pieces of the spliced text in order: unchanged runs of the old text and the new texts. */
function splicedPieces(text: string, splices: Splice[]): string[] {
  // At one point, insertions go before a replacement (stable otherwise).
  const sorted = [...splices].sort((a, b) => a.at - b.at || Number(a.remove > 0) - Number(b.remove > 0));
  const out: string[] = [];
  let pos = 0;
  for (const s of sorted) {
    if (s.at < pos) throw new Error(`overlapping edits at ${s.at}`);
    out.push(text.slice(pos, s.at), s.text);
    pos = s.at + s.remove;
  }
  out.push(text.slice(pos));
  return out;
}

/**
 * The spliced text as UTF-8, encoded piece by piece into one buffer: a large sheet's new text is never
 * built as a whole string only to be encoded and dropped (the same bytes as encoding `applySplices`).
 */
export const applySplicesAsBytes = (text: string, splices: Splice[]): Uint8Array =>
  utf8OfPieces(splicedPieces(text, splices));

/**
 * The same for a sheet read by `partBinary` (one character per byte) with splices in that form too
 * (`binaryOfText`): every piece goes back as the bytes it stands for.
 */
export const applyBinarySplices = (binary: string, splices: Splice[]): Uint8Array =>
  latin1OfPieces(splicedPieces(binary, splices));

/** The row's cell in that column (the last one, should the file write a column twice). */
export function cellOf(row: RowLoc, col: number): CellLoc | undefined {
  for (let i = row.cells.length - 1; i >= 0; i--) if (row.cells[i].col === col) return row.cells[i];
  return undefined;
}

export const refOf = (row: number, col: number) => `${colLetters(col)}${row}`;

/** The splices that put `writes` into the sheet. */
export function cellSplices(
  xml: string,
  scan: SheetScan,
  writes: CellWrite[],
  prefix = scan.prefix,
): Splice[] {
  if (!scan.sheetData) throw new Error("worksheet without sheetData");
  const byRow = new Map<number, CellWrite[]>();
  for (const write of writes) {
    const w = { ...write, xml: withPrefix(write.xml, prefix) };
    const list = byRow.get(w.row) ?? [];
    list.push(w);
    byRow.set(w.row, list);
  }
  const rows = new Map(scan.rows.map((r) => [r.r, r]));
  const splices: Splice[] = [];
  const newRows: { r: number; xml: string }[] = [];
  for (const [r, list] of byRow) {
    list.sort((a, b) => a.col - b.col);
    const row = rows.get(r);
    if (!row) {
      newRows.push({ r, xml: `<${prefix}row r="${r}">${list.map((w) => w.xml).join("")}</${prefix}row>` });
      continue;
    }
    if (outOfOrder(row)) {
      splices.push(...reorderedRow(xml, row, list));
      continue;
    }
    const inserts: CellWrite[] = [];
    for (const w of list) {
      const c = cellOf(row, w.col);
      if (c) splices.push({ at: c.start, remove: c.end + 1 - c.start, text: w.xml });
      else inserts.push(w);
    }
    if (!inserts.length) continue;
    const startTag = xml.slice(row.start, row.openEnd + 1);
    const spans = /\sspans="(\d+):(\d+)"/.exec(startTag);
    if (row.selfClosing) {
      const open = widenSpans(startTag.replace(/\s*\/>$/, ">"), spans, inserts);
      splices.push({
        at: row.start,
        remove: row.end + 1 - row.start,
        text: `${open}${inserts.map((w) => w.xml).join("")}</${prefix}row>`,
      });
      continue;
    }
    if (spans) {
      const widened = widenSpans(startTag, spans, inserts);
      if (widened !== startTag) splices.push({ at: row.start, remove: startTag.length, text: widened });
    }
    for (const w of inserts) {
      const next = row.cells.find((c) => c.col > w.col);
      const at = next ? next.start : xml.lastIndexOf("<", row.end);
      splices.push({ at, remove: 0, text: w.xml });
    }
  }
  newRows.sort((a, b) => a.r - b.r);
  const sd = scan.sheetData;
  for (const nr of newRows) {
    const next = scan.rows.find((r) => r.r > nr.r);
    if (next) splices.push({ at: next.start, remove: 0, text: nr.xml });
    else if (sd.selfClosing) {
      // `<sheetData/>`: open it up.
      const open = xml.slice(sd.start, sd.end + 1).replace(/\s*\/>$/, ">");
      splices.push({ at: sd.start, remove: sd.end + 1 - sd.start, text: open });
      splices.push({ at: sd.end + 1, remove: 0, text: nr.xml });
    } else splices.push({ at: xml.lastIndexOf("<", sd.end), remove: 0, text: nr.xml });
  }
  if (sd.selfClosing && newRows.length) {
    // Close the opened sheetData after the last new row (same insertion point, later in order).
    splices.push({ at: sd.end + 1, remove: 0, text: `</${prefix}sheetData>` });
  }
  return mergeSamePoint(splices);
}

/**
 * One splice per point: the insertions at a point keep the order they were made in (cells in column
 * order, rows in row order) and all go before a replacement at that point, whatever order the splices
 * were made in.
 */
function mergeSamePoint(splices: Splice[]): Splice[] {
  const byPoint = new Map<number, { inserted: string[]; replacement: Splice | null }>();
  for (const s of splices) {
    const at = byPoint.get(s.at) ?? { inserted: [], replacement: null };
    byPoint.set(s.at, at);
    if (s.remove === 0) at.inserted.push(s.text);
    else if (at.replacement) throw new Error(`two replacements at ${s.at}`);
    else at.replacement = s;
  }
  return [...byPoint].map(([point, { inserted, replacement }]) => ({
    at: point,
    remove: replacement?.remove ?? 0,
    text: inserted.join("") + (replacement?.text ?? ""),
  }));
}

const outOfOrder = (row: RowLoc) => row.cells.some((c, i) => i > 0 && c.col < row.cells[i - 1].col);

/**
 * A row whose cells came out of column order (as an earlier version of the tool could leave them, and
 * Excel repairs): written in column order, every cell the tool does not write keeping its exact XML.
 */
function reorderedRow(xml: string, row: RowLoc, writes: CellWrite[]): Splice[] {
  const written = new Map(writes.map((w) => [w.col, w]));
  const kept = row.cells
    .filter((c) => !written.has(c.col))
    .map((c) => ({ col: c.col, xml: xml.slice(c.start, c.end + 1) }));
  // A stable sort: a column the file holds twice keeps both, in the order they were.
  const cells = [...kept, ...writes].sort((a, b) => a.col - b.col);
  const from = Math.min(...row.cells.map((c) => c.start));
  const to = Math.max(...row.cells.map((c) => c.end));
  const splices: Splice[] = [{ at: from, remove: to + 1 - from, text: cells.map((c) => c.xml).join("") }];
  const startTag = xml.slice(row.start, row.openEnd + 1);
  const spans = /\sspans="(\d+):(\d+)"/.exec(startTag);
  const widened = widenSpans(startTag, spans, writes);
  if (widened !== startTag) splices.push({ at: row.start, remove: startTag.length, text: widened });
  return splices;
}

function widenSpans(tag: string, spans: RegExpExecArray | null, inserts: CellWrite[]): string {
  if (!spans) return tag;
  const lo = Math.min(Number(spans[1]), ...inserts.map((w) => w.col));
  const hi = Math.max(Number(spans[2]), ...inserts.map((w) => w.col));
  return tag.replace(spans[0], ` spans="${lo}:${hi}"`);
}
