/**
 * The independent check of a patched file: both packages are unzipped again from their bytes and
 * compared as raw parts and raw XML, without the ledger reader. Whatever the tool was not allowed to
 * change must be byte-for-byte the same; a single difference stops the write.
 */
import { scanSheet, scanSheetText, type CellLoc, type SheetScan } from "./sheetScan";
import { xmlProblem } from "./wellFormed";
import { allParts, decodedText, partBytes, readPackage, type XlsxPackage } from "./zip";

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
  // The written file, scanned afresh one row at a time: only each cell's place is kept (as numbers, by
  // row), never the rows' objects, and cells are compared by their XML in place, so their text is not read.
  const bCells = new Map<number, number[]>(); // row → [col, start, end, col, start, end, …]
  const b: SheetScan = scanSheetText(
    after,
    (row) => {
      const places = bCells.get(row.r) ?? [];
      for (const c of row.cells) places.push(c.col, c.start, c.end);
      bCells.set(row.r, places);
    },
    { placesOnly: true },
  );
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
  // A cell written twice counts as its last writing (as a reader keeps it).
  const placeOf = (places: number[] | undefined, col: number): number => {
    if (places) for (let i = places.length - 3; i >= 0; i -= 3) if (places[i] === col) return i;
    return -1;
  };
  const aRows = new Map<number, CellLoc[][]>();
  for (const r of a.rows) {
    const places = bCells.get(r.r);
    if (!places) out.push({ part, what: `第 ${r.r} 行不见了` });
    const list = aRows.get(r.r) ?? [];
    list.push(r.cells);
    aRows.set(r.r, list);
    for (const c of r.cells) {
      if (allowed?.has(`${c.row}:${c.col}`)) continue;
      const i = placeOf(places, c.col);
      const len = c.end + 1 - c.start;
      if (
        i < 0 ||
        places![i + 2] + 1 - places![i + 1] !== len ||
        !after.startsWith(before.slice(c.start, c.end + 1), places![i + 1])
      )
        out.push({ part, what: `单元格（第 ${c.row} 行第 ${c.col} 列）有变化` });
    }
  }
  for (const [row, places] of bCells) {
    const had = aRows.get(row);
    const seen = new Set<number>();
    for (let i = 0; i < places.length; i += 3) {
      const col = places[i];
      if (seen.has(col)) continue;
      seen.add(col);
      if (!had?.some((cells) => cells.some((c) => c.col === col)) && !allowed?.has(`${row}:${col}`))
        out.push({ part, what: `多出了单元格（第 ${row} 行第 ${col} 列）` });
    }
  }
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
  // The written file's parts are inflated one at a time and let go once compared: the check never holds
  // a second copy of the whole package.
  const after = readPackage(afterBytes);
  const afterNames = new Set(after.names);
  const take = (name: string) => {
    const data = afterNames.has(name) ? partBytes(after, name) : undefined;
    after.parts.delete(name);
    return data;
  };
  const out: Difference[] = [];
  for (const [name, data] of before) {
    const now = take(name);
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
  for (const name of new Set(after.names)) {
    if (before.has(name)) continue;
    const data = take(name);
    if (!data) continue;
    if (!allowed.parts.has(name)) out.push({ part: name, what: "多出的部件" });
    else checkXml(name, data, out);
  }
  return out;
}
