/**
 * The independent check of a patched file: both packages are unzipped again from their bytes and
 * compared as raw parts and raw XML, without the ledger reader. Whatever the tool was not allowed to
 * change must be byte-for-byte the same; a single difference stops the write.
 */
import { scanSheet, scanSheetText, type SheetScan } from "./sheetScan";
import { xmlProblem } from "./wellFormed";
import { allParts, decodedText, readPackage, type XlsxPackage } from "./zip";

export interface AllowedChanges {
  /** Worksheet part → cells (`row:col`) the tool writes; every other cell must keep its exact XML. */
  cells: Map<string, Set<string>>;
  /** Worksheets wholly the tool's (the hidden plan copy): their sheetData may change. */
  ownedSheets: Set<string>;
  /** Parts that may only gain text (workbook, relationships, content types, styles). */
  insertOnly: Set<string>;
  /** Parts the tool owns outright or adds (its tables, its change-log sheet). */
  parts: Set<string>;
}

export interface Difference {
  part: string;
  what: string;
}

const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
/** Original parts the reader decoded are not decoded (and held) twice; the written file's always are. */
const text = (b: Uint8Array) => decodedText(b) ?? decoder.decode(b);

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean =>
  a.length === b.length && Buffer.compare(a, b) === 0;

/**
 * True when `after` is `before` with whole tags or text runs inserted (element counts aside): every tag
 * and text of the original is still there, unchanged and in order.
 */
export function onlyInserted(before: string, after: string): boolean {
  const tokens = (x: string) =>
    x
      .replace(/\scount="\d+"/g, "")
      .replace(/<([\w:]+)([^>]*?)\s*\/>/g, "<$1$2></$1>") // `<x/>` may have been opened up to hold an insertion
      .split(/(?=<)|(?<=>)/);
  const a = tokens(before);
  const b = tokens(after);
  let i = 0;
  for (let j = 0; j < b.length && i < a.length; j++) if (a[i] === b[j]) i++;
  return i === a.length;
}

const CHANGEABLE = new Set(["dimension", "sheetData", "conditionalFormatting", "dataValidations"]);
const ranges = (s: string) => s.replace(/\ssqref="[^"]*"/g, "");

function compareSheet(
  beforeKey: object,
  part: string,
  before: string,
  after: string,
  allowed: Set<string> | null,
  owned: boolean,
  out: Difference[],
) {
  const a: SheetScan = scanSheet(before, beforeKey);
  // The written file, scanned afresh; cells are compared by their XML in place, so their text is not read.
  const b: SheetScan = scanSheetText(after, undefined, { placesOnly: true });
  const outside = (s: SheetScan, x: string) =>
    s.topLevel.filter((e) => !CHANGEABLE.has(e.name)).map((e) => x.slice(e.start, e.end + 1));
  const oa = outside(a, before);
  const ob = outside(b, after);
  if (oa.length !== ob.length || oa.some((t, i) => t !== ob[i]))
    out.push({ part, what: "工作表中单元格以外的内容（合并、超链接、批注、图形等）有变化" });
  const formats = (s: SheetScan, x: string) =>
    s.topLevel
      .filter((e) => e.name === "conditionalFormatting" || e.name === "dataValidations")
      .map((e) => ranges(x.slice(e.start, e.end + 1)));
  const fa = formats(a, before);
  const fb = formats(b, after);
  let k = 0;
  for (const f of fb) if (k < fa.length && f === fa[k]) k++;
  if (k !== fa.length) out.push({ part, what: "数据验证或条件格式（范围以外）有变化" });
  if (owned) return;
  // Cells by number (row × 16384 + column); the XML compared in place, without copying it.
  const key = (row: number, col: number) => row * 16384 + col;
  const bCells = new Map<number, { start: number; end: number }>();
  const bRows = new Set<number>();
  for (const r of b.rows) {
    bRows.add(r.r);
    for (const c of r.cells) bCells.set(key(c.row, c.col), c);
  }
  const aCells = new Set<number>();
  for (const r of a.rows) {
    if (!bRows.has(r.r)) out.push({ part, what: `第 ${r.r} 行不见了` });
    for (const c of r.cells) {
      aCells.add(key(c.row, c.col));
      if (allowed?.has(`${c.row}:${c.col}`)) continue;
      const now = bCells.get(key(c.row, c.col));
      const len = c.end + 1 - c.start;
      if (
        !now ||
        now.end + 1 - now.start !== len ||
        !after.startsWith(before.slice(c.start, c.end + 1), now.start)
      )
        out.push({ part, what: `单元格（第 ${c.row} 行第 ${c.col} 列）有变化` });
    }
  }
  for (const k of bCells.keys())
    if (!aCells.has(k) && !allowed?.has(`${Math.floor(k / 16384)}:${k % 16384}`))
      out.push({ part, what: `多出了单元格（第 ${Math.floor(k / 16384)} 行第 ${k % 16384} 列）` });
}

/** A part the tool changed or added must still be XML a strict reader accepts. */
function checkXml(name: string, data: Uint8Array, out: Difference[]) {
  if (!/\.(xml|rels|vml)$/i.test(name)) return;
  const problem = xmlProblem(text(data), !/\.vml$/i.test(name));
  if (problem) out.push({ part: name, what: `XML 格式错误：${problem}` });
}

export function verifyPackage(
  beforeFile: Uint8Array | XlsxPackage,
  afterBytes: Uint8Array,
  allowed: AllowedChanges,
): Difference[] {
  const before = new Map(allParts(beforeFile instanceof Uint8Array ? readPackage(beforeFile) : beforeFile));
  const after = new Map(allParts(readPackage(afterBytes)));
  const out: Difference[] = [];
  for (const [name, data] of before) {
    const now = after.get(name);
    if (!now) {
      out.push({ part: name, what: "部件丢失" });
      continue;
    }
    if (sameBytes(data, now)) continue;
    checkXml(name, now, out);
    if (allowed.parts.has(name)) continue;
    const cells = allowed.cells.get(name);
    if (cells || allowed.ownedSheets.has(name)) {
      compareSheet(data, name, text(data), text(now), cells ?? null, allowed.ownedSheets.has(name), out);
      continue;
    }
    if (allowed.insertOnly.has(name) && onlyInserted(text(data), text(now))) continue;
    out.push({ part: name, what: "内容有变化" });
  }
  for (const [name, data] of after) {
    if (before.has(name)) continue;
    if (!allowed.parts.has(name)) out.push({ part: name, what: "多出的部件" });
    else checkXml(name, data, out);
  }
  return out;
}
