/**
 * The independent check of a patched file: both packages are unzipped again from their bytes and
 * compared as raw parts and raw XML, without the ledger reader. Whatever the tool was not allowed to
 * change must be byte-for-byte the same; a single difference stops the write.
 */
import { scanSheet, type SheetScan } from "./sheetScan";
import { readPackage } from "./zip";

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
const text = (b: Uint8Array) => decoder.decode(b);

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** True when `after` is `before` with text inserted (element counts aside). */
export function onlyInserted(before: string, after: string): boolean {
  const strip = (s: string) => s.replace(/\scount="\d+"/g, "");
  const a = strip(before);
  const b = strip(after);
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a.charCodeAt(i) === b.charCodeAt(j)) i++;
    j++;
  }
  return i === a.length;
}

const CHANGEABLE = new Set(["dimension", "sheetData", "conditionalFormatting", "dataValidations"]);
const ranges = (s: string) => s.replace(/\ssqref="[^"]*"/g, "");

function compareSheet(
  part: string,
  before: string,
  after: string,
  allowed: Set<string> | null,
  owned: boolean,
  out: Difference[],
) {
  const a: SheetScan = scanSheet(before);
  const b: SheetScan = scanSheet(after);
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
  const bCells = new Map<string, string>();
  const bRows = new Set<number>();
  for (const r of b.rows) {
    bRows.add(r.r);
    for (const c of r.cells) bCells.set(`${c.row}:${c.col}`, after.slice(c.start, c.end + 1));
  }
  for (const r of a.rows) {
    if (!bRows.has(r.r)) out.push({ part, what: `第 ${r.r} 行不见了` });
    for (const c of r.cells) {
      const key = `${c.row}:${c.col}`;
      if (allowed?.has(key)) continue;
      if (bCells.get(key) !== before.slice(c.start, c.end + 1))
        out.push({ part, what: `单元格（第 ${c.row} 行第 ${c.col} 列）有变化` });
    }
  }
  const aCells = new Set(a.rows.flatMap((r) => r.cells.map((c) => `${c.row}:${c.col}`)));
  for (const key of bCells.keys())
    if (!aCells.has(key) && !allowed?.has(key)) out.push({ part, what: `多出了单元格 ${key}` });
}

export function verifyPackage(
  beforeBytes: Uint8Array,
  afterBytes: Uint8Array,
  allowed: AllowedChanges,
): Difference[] {
  const before = readPackage(beforeBytes).parts;
  const after = readPackage(afterBytes).parts;
  const out: Difference[] = [];
  for (const [name, data] of before) {
    const now = after.get(name);
    if (!now) {
      out.push({ part: name, what: "部件丢失" });
      continue;
    }
    if (sameBytes(data, now) || allowed.parts.has(name)) continue;
    const cells = allowed.cells.get(name);
    if (cells || allowed.ownedSheets.has(name)) {
      compareSheet(name, text(data), text(now), cells ?? null, allowed.ownedSheets.has(name), out);
      continue;
    }
    if (allowed.insertOnly.has(name) && onlyInserted(text(data), text(now))) continue;
    out.push({ part: name, what: "内容有变化" });
  }
  for (const name of after.keys())
    if (!before.has(name) && !allowed.parts.has(name)) out.push({ part: name, what: "多出的部件" });
  return out;
}
