/**
 * The text layer of a PDF (positioned pieces of text per page, as pdf.js gives them; the shells read the
 * file) turned into plan text. Pure. Lines are rebuilt from positions, running headers, footers and page
 * numbers are dropped, and lines that wrap are joined back into their paragraph: a line that reaches the
 * right margin continues on the next one unless that one is indented or starts a numbered item.
 */
import { tableText } from "./fromDocx";
import { isPageNumber } from "./furniture";
import { findTable, headerBlock, type Doubt } from "./pdfTables";
import type { PlanSource } from "./places";
import type { Diagnostic } from "./types";
import { trimAll } from "./text";

export interface PdfTextItem {
  str: string;
  /** Left edge and baseline, in PDF units (y grows upwards). */
  x: number;
  y: number;
  width: number;
  /** Font size (the item's height). */
  size: number;
}

export interface PdfPage {
  width: number;
  height: number;
  items: PdfTextItem[];
}

export interface Glyph {
  ch: string;
  x: number;
  w: number;
  /** Which text piece of the page drew it: a table's cells are drawn as separate pieces. */
  piece: number;
}

export interface Line {
  text: string;
  x: number;
  right: number;
  y: number;
  size: number;
  /** The line's characters, left to right, spaces left out. */
  chars: Glyph[];
}

const ALNUM = /[A-Za-z0-9]/;

export function linesOf(page: PdfPage): Line[] {
  // Spaces come back from the gaps between pieces (pdf.js also gives space pieces that overlap the text).
  const items = page.items.filter((i) => trimAll(i.str) !== "");
  const pieceOf = new Map(items.map((it, k) => [it, k]));
  const sorted = [...items].sort((a, b) => b.y - a.y || a.x - b.x);
  const rows: PdfTextItem[][] = [];
  for (const it of sorted) {
    const row = rows[rows.length - 1];
    const tol = Math.max(1, Math.min(it.size, row?.[0].size ?? it.size) * 0.4);
    if (row && Math.abs(row[0].y - it.y) <= tol) row.push(it);
    else rows.push([it]);
  }
  return rows
    .map((row) => {
      // Character by character: a glyph drawn apart (a quote in another font) lands in the gap that its
      // neighbours' piece left for it.
      const chars = row.flatMap((it) => charsOf(it, pieceOf.get(it)!)).sort((a, b) => a.x - b.x);
      let text = "";
      let prev: Glyph | null = null;
      for (const c of chars) {
        if (prev) {
          const gap = c.x - (prev.x + prev.w);
          // Words of Latin text set apart by a gap keep a space; CJK never does.
          if (gap > row[0].size * 0.2 && ALNUM.test(prev.ch) && ALNUM.test(c.ch)) text += " ";
        }
        text += c.ch;
        prev = c;
      }
      // Pieces of one row may stand a little above or below each other (a table's cells): the row
      // reaches from its leftmost piece to its rightmost.
      const size = Math.max(...row.map((i) => i.size));
      return {
        text: trimAll(text.replace(/\s+/g, " ")),
        x: Math.min(...row.map((i) => i.x)),
        right: Math.max(...row.map((i) => i.x + i.width)),
        y: row[0].y,
        size,
        chars,
      };
    })
    .filter((l) => l.text);
}

/** The characters of a piece, placed along its width in proportion to their usual widths; spaces dropped. */
function charsOf(it: PdfTextItem, piece: number): Glyph[] {
  const chars = [...it.str];
  const units = chars.map((c) => (c.charCodeAt(0) > 0x2e80 ? 1 : 0.55));
  const total = units.reduce((a, b) => a + b, 0) || 1;
  const scale = it.width > 0 ? it.width / total : it.size;
  const out: Glyph[] = [];
  let x = it.x;
  chars.forEach((ch, i) => {
    const w = units[i] * scale;
    if (trimAll(ch)) out.push({ ch, x, w, piece });
    x += w;
  });
  return out;
}

/** `聊城高新区文件 第3页` and `聊城高新区文件 第4页` are the same running header. */
const furnitureKey = (s: string) => s.replace(/\d+/g, "#").replace(/\s+/g, "");

/** Lines near the top or bottom edge that repeat on other pages, and page numbers anywhere near the edges. */
function dropFurniture(pages: { page: PdfPage; lines: Line[] }[]): Line[][] {
  const nearEdge = (p: PdfPage, l: Line) => l.y > p.height * 0.9 || l.y < p.height * 0.1;
  const counts = new Map<string, number>();
  for (const { page, lines } of pages) {
    const keys = new Set(lines.filter((l) => nearEdge(page, l)).map((l) => furnitureKey(l.text)));
    for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const repeated = (k: string) =>
    pages.length >= 2 && (counts.get(k) ?? 0) >= Math.max(2, pages.length * 0.5);
  return pages.map(({ page, lines }) => {
    // A table's header repeated at the top of each page is no running header.
    const header = new Set<Line>();
    lines.forEach((l, i) => {
      if (!nearEdge(page, l) || header.has(l)) return;
      const block = headerBlock(lines, i);
      if (block) lines.slice(i, block.next).forEach((h) => header.add(h));
    });
    return lines.filter(
      (l) =>
        header.has(l) || !(nearEdge(page, l) && (isPageNumber(l.text) || repeated(furnitureKey(l.text)))),
    );
  });
}

const STARTS_ITEM =
  /^([一二三四五六七八九十]+\s*[、.．]|[(（]\s*[一二三四五六七八九十\d]+\s*[)）]|\d+\s*[.、．](?!\d)|[\u2460-\u2473]|[〔【(（]?\s*(牵头|责任|配合|完成时限|完成时间))/;

/** The text of a PDF's pages, as plan text: one line per paragraph (or label line); task tables as items. */
export function pdfToPlanText(pages: PdfPage[]): string {
  return pdfToPlan(pages).text;
}

/**
 * The plan text of a PDF's pages, and what the reading doubts: task tables that may be misread (read
 * from positions, a table can lose or mix rows), for the parse's diagnostics (ParseOptions.notes).
 */
export function pdfToPlan(pages: PdfPage[]): { text: string; notes: Diagnostic[]; source: PlanSource } {
  const notes: Diagnostic[] = [];
  const lines = planLinesOf(pages, notes);
  return {
    text: lines.map((l) => l.text).join("\n"),
    notes,
    source: { kind: "pdf", pages: lines.map((l) => l.page) },
  };
}

const pageOf = (y: number) => 1 - Math.floor(y / 100_000);

function tableNote(page: number, doubts: Doubt[]): Diagnostic {
  return {
    line: 0,
    severity: "warning",
    code: "PDF_TABLE_DOUBTFUL",
    message: `PDF 第${page}页的任务表格可能没有读对：${doubts.map((d) => d.zh).join("；")}。请对照原文核对这个表格中的任务、单位和时限，最好改用 Word 原件。`,
    messageEn: `The task table on page ${page} of the PDF may be misread: ${doubts.map((d) => d.en).join("; ")}. Check its tasks, units and deadlines against the original, or use the Word original.`,
  };
}

/** The plan text's lines, each with the page it starts on. */
function planLinesOf(pages: PdfPage[], notes: Diagnostic[]): { text: string; page: number }[] {
  const kept = dropFurniture(pages.map((page) => ({ page, lines: linesOf(page) })));
  // One run of lines through all pages, each page below the one before (tables go on across pages).
  const all = kept.flatMap((lines, p) => lines.map((l) => ({ ...l, y: l.y - p * 100_000 })));
  if (!all.length) return [];
  const placed: { text: string; page: number }[] = [];
  let currentPage = 1;
  const emit = (text: string, page: number) => {
    for (const t of text.split("\n")) placed.push({ text: t, page });
  };
  // The body's left and right margins: where most lines start, and how far the longest lines reach.
  const left = mode(all.map((l) => Math.round(l.x)));
  const rights = all.map((l) => l.right).sort((a, b) => a - b);
  const right = rights[Math.floor(rights.length * 0.98)];
  const tables = { domains: 0 };
  let current = "";
  let prev: Line | null = null;
  let seenHeader = 0;
  for (let i = 0; i < all.length; i++) {
    const l = all[i];
    const table = findTable(all, i);
    const asText = table && tableText(table.rows, tables);
    if (table && asText) {
      if (table.doubts.length) notes.push(tableNote(pageOf(l.y), table.doubts));
      if (current) emit(current, currentPage);
      const span = all.slice(i, table.end);
      for (const row of asText.filter(Boolean)) emit(row, pageOf(rowLine(span, row)?.y ?? l.y));
      current = "";
      prev = null;
      i = table.end - 1;
      continue;
    }
    const head = headerBlock(all, i);
    if (head && i >= seenHeader)
      notes.push(
        tableNote(pageOf(l.y), [
          { zh: "有表头，但没有读出表格中的任务", en: "a header was found but no rows of tasks were read" },
        ]),
      );
    if (head) seenHeader = head.next;
    if (/^[(（][一二三四五六七八九十]+[)）]/.test(l.text)) tables.domains++;
    const em = l.size || 10;
    const full = prev ? prev.right >= right - em * 1.6 : false;
    const indented = l.x > left + em * 1.2;
    const startsItem = STARTS_ITEM.test(l.text);
    const continues = prev !== null && full && !indented && !startsItem;
    if (continues) {
      const joinSpace = ALNUM.test(current.slice(-1)) && /[A-Za-z]/.test(l.text[0]) ? " " : "";
      current += joinSpace + l.text;
    } else {
      if (current) emit(current, currentPage);
      current = l.text;
      currentPage = pageOf(l.y);
    }
    prev = l;
  }
  if (current) emit(current, currentPage);
  return placed;
}

/**
 * The line of a table where a row's task text starts (a table read across pages: each row's own page),
 * found by the text's first few characters; undefined when the cell's text was broken differently.
 */
function rowLine(lines: Line[], row: string): Line | undefined {
  const start = row.replace(/^\s*(\d+\s*[.、．]|[(（][一二三四五六七八九十]+[)）])\s*/, "").slice(0, 4);
  if (start.length < 2) return undefined;
  return lines.find((l) => l.text.replace(/\s+/g, "").includes(start));
}

function mode(xs: number[]): number {
  const counts = new Map<number, number>();
  for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
  let best = xs[0];
  for (const [x, n] of counts)
    if (n > (counts.get(best) ?? 0) || (n === counts.get(best) && x < best)) best = x;
  return best;
}

/** One text item as pdf.js's `getTextContent()` gives it (marked-content entries have no `str`). */
interface PdfJsItem {
  str?: string;
  transform?: number[];
  width?: number;
  height?: number;
}

/**
 * A page from pdf.js's viewport (scale 1) and text items: positions turned from the page's own
 * coordinates into the view's, y growing upwards.
 */
export function pdfPageOf(
  viewport: { width: number; height: number; transform: number[] },
  items: readonly unknown[],
): PdfPage {
  const [va, vb, vc, vd, ve, vf] = viewport.transform;
  const out: PdfTextItem[] = [];
  for (const raw of items as PdfJsItem[]) {
    if (typeof raw.str !== "string" || !raw.transform) continue;
    const [a, b, c, d, e, f] = raw.transform;
    const x = va * e + vc * f + ve;
    const yDown = vb * e + vd * f + vf;
    const size = raw.height && raw.height > 0 ? raw.height : Math.hypot(c, d) || Math.hypot(a, b);
    out.push({ str: raw.str, x, y: viewport.height - yDown, width: raw.width ?? 0, size });
  }
  return { width: viewport.width, height: viewport.height, items: out };
}
