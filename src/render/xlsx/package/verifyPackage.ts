/**
 * The independent check of a patched file: the written file is read again from its bytes and compared
 * with the original as raw parts and raw XML, without the ledger reader (a part stored exactly as the
 * original's, same compressed bytes, checksum and size, is the same part without inflating either).
 * Whatever the tool was not allowed to change must be byte-for-byte the same; a single difference stops
 * the write.
 */
import { scanSheetText } from "./sheetScan";
import { xmlProblem } from "./wellFormed";
import {
  decodedText,
  partBytes,
  partNames,
  readPackage,
  sameStored,
  storedPart,
  type XlsxPackage,
} from "./zip";

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

const asBuffer = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength);
/** A sheet's bytes as one character per byte: markup and offsets are all the comparison reads. */
const binary = (b: Uint8Array) => asBuffer(b).toString("latin1");

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
  part: string,
  beforeBytes: Uint8Array,
  afterBytes: Uint8Array,
  allowed: Set<string> | null,
  owned: boolean,
  out: Difference[],
) {
  // Each sheet is scanned from its bytes as one character per byte (offsets are byte offsets), one row at
  // a time, keeping only each cell's place (as numbers, by row) and the elements outside the cells; the
  // text is let go before the other sheet is scanned, and cells are compared as bytes.
  const read = (bytes: Uint8Array) => {
    const xml = binary(bytes);
    const cells = new Map<number, number[]>(); // row → [col, start, end, col, start, end, …]
    // Rows out of row order, or holding cells out of column order (Excel repairs such a sheet, and may
    // drop cells doing so).
    const disordered = new Set<number>();
    let lastRow = 0;
    const scan = scanSheetText(
      xml,
      (row) => {
        const list = cells.get(row.r) ?? [];
        if (row.r <= lastRow) disordered.add(row.r);
        lastRow = Math.max(lastRow, row.r);
        let lastCol = 0;
        for (const c of row.cells) {
          if (c.col <= lastCol) disordered.add(row.r);
          lastCol = Math.max(lastCol, c.col);
          list.push(c.col, c.start, c.end);
        }
        cells.set(row.r, list);
      },
      { placesOnly: true, binary: true },
    );
    const outside = scan.topLevel
      .filter((e) => !CHANGEABLE.has(e.name))
      .map((e) => xml.slice(e.start, e.end + 1));
    const formats = scan.topLevel
      .filter((e) => e.name === "conditionalFormatting" || e.name === "dataValidations")
      .map((e) => ranges(xml.slice(e.start, e.end + 1)));
    return { cells, disordered, outside, formats };
  };
  const { cells: aCells, disordered: aDisordered, outside: oa, formats: fa } = read(beforeBytes);
  const { cells: bCells, disordered: bDisordered, outside: ob, formats: fb } = read(afterBytes);
  // A file that came in out of order is not made worse; the tool never puts anything out of order.
  for (const row of bDisordered)
    if (!aDisordered.has(row))
      out.push({ part, what: `第 ${row} 行的位置或其中单元格的列顺序不对（Excel 会认为文件已损坏）` });
  if (oa.length !== ob.length || oa.some((t, i) => t !== ob[i]))
    out.push({ part, what: "工作表中单元格以外的内容（合并、超链接、批注、图形等）有变化" });
  let k = 0;
  for (const f of fb) if (k < fa.length && f === fa[k]) k++;
  if (k !== fa.length) out.push({ part, what: "数据验证或条件格式（范围以外）有变化" });
  if (owned) return;
  const beforeBuf = asBuffer(beforeBytes);
  const afterBuf = asBuffer(afterBytes);
  // A cell written twice counts as its last writing (as a reader keeps it).
  const placeOf = (list: number[] | undefined, col: number): number => {
    if (list) for (let i = list.length - 3; i >= 0; i -= 3) if (list[i] === col) return i;
    return -1;
  };
  for (const [row, was] of aCells) {
    const is = bCells.get(row);
    if (!is) out.push({ part, what: `第 ${row} 行不见了` });
    for (let k = 0; k < was.length; k += 3) {
      const [col, start, end] = [was[k], was[k + 1], was[k + 2]];
      if (allowed?.has(`${row}:${col}`)) continue;
      const i = placeOf(is, col);
      if (
        i < 0 ||
        is![i + 2] - is![i + 1] !== end - start ||
        afterBuf.compare(beforeBuf, start, end + 1, is![i + 1], is![i + 1] + end + 1 - start) !== 0
      )
        out.push({ part, what: `单元格（第 ${row} 行第 ${col} 列）有变化` });
    }
  }
  for (const [row, is] of bCells) {
    const was = aCells.get(row);
    const seen = new Set<number>();
    for (let i = 0; i < is.length; i += 3) {
      const col = is[i];
      if (seen.has(col)) continue;
      seen.add(col);
      if (placeOf(was, col) < 0 && !allowed?.has(`${row}:${col}`))
        out.push({ part, what: `多出了单元格（第 ${row} 行第 ${col} 列）` });
    }
  }
}

/** A part the tool changed or added must still be XML a strict reader accepts. */
function checkXml(name: string, data: Uint8Array, out: Difference[]) {
  if (!/\.(xml|rels|vml)$/i.test(name)) return;
  const problem = xmlProblem(data, !/\.vml$/i.test(name));
  if (problem) out.push({ part: name, what: `XML 格式错误：${problem}` });
}

export function verifyPackage(
  beforeFile: Uint8Array | XlsxPackage,
  afterBytes: Uint8Array,
  allowed: AllowedChanges,
): Difference[] {
  const before = beforeFile instanceof Uint8Array ? readPackage(beforeFile) : beforeFile;
  // The written file's parts are inflated one at a time, only when they are not stored exactly as the
  // original's (same method, checksum, size and stored bytes: then they are the same bytes), and let go
  // once compared: the check never holds a second copy of the whole package.
  const after = readPackage(afterBytes, { inflateLater: true });
  const afterNames = new Set(after.names);
  const release = (name: string) => after.parts.delete(name);
  const beforeNames = partNames(before);
  const out: Difference[] = [];
  for (const name of beforeNames) {
    if (!afterNames.has(name)) {
      out.push({ part: name, what: "部件丢失" });
      continue;
    }
    const was = storedPart(before, name);
    const is = storedPart(after, name);
    if (was && is && sameStored(was, is)) continue;
    const data = partBytes(before, name);
    const now = partBytes(after, name);
    release(name);
    if (!data) continue;
    if (!now) {
      out.push({ part: name, what: "部件丢失" });
      continue;
    }
    if (sameBytes(data, now)) continue;
    checkXml(name, now, out);
    if (allowed.parts.has(name)) continue;
    const cells = allowed.cells.get(name);
    if (cells || allowed.ownedSheets.has(name)) {
      compareSheet(name, data, now, cells ?? null, allowed.ownedSheets.has(name), out);
      continue;
    }
    if (allowed.insertOnly.has(name) && onlyInserted(text(data), text(now))) continue;
    out.push({ part: name, what: "内容有变化" });
  }
  const had = new Set(beforeNames);
  for (const name of new Set(after.names)) {
    if (had.has(name)) continue;
    const data = partBytes(after, name);
    release(name);
    if (!data) continue;
    if (!allowed.parts.has(name)) out.push({ part: name, what: "多出的部件" });
    else checkXml(name, data, out);
  }
  return out;
}
