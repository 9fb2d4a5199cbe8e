/**
 * One pass over a worksheet's XML that finds every row and cell with its exact place in the text, and
 * what the cell holds. The reader takes the values; the patcher takes the places and splices new cells
 * in while every other byte stays as it was. Only cells that exist are visited, whatever the sheet's
 * declared dimension says.
 */
import { latin1OfText, textOfLatin1 } from "./bytes";

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
  /** Scanned for places only: true when the cell holds a value, a formula or inline text. */
  content?: boolean;
  /** The cell has a formula whose text was not read (`skipFormulaText`). */
  formulaSkipped?: boolean;
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

/**
 * A cell scanned for its place only: the text fields are always null (read from the prototype, not held
 * per cell), so a 10,000-task ledger's ~170,000 cells take about half the memory of full cell records.
 */
class PlaceCell implements CellLoc {
  content = false;
  constructor(
    public row: number,
    public col: number,
    public start: number,
    public end: number,
    public type: string,
    public style: string,
  ) {}
  get v(): null {
    return null;
  }
  get f(): null {
    return null;
  }
  get fAttrs(): null {
    return null;
  }
  get inline(): null {
    return null;
  }
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

const ATTR = /([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const ENTITY = /&(?:#x([0-9a-fA-F]+)|#(\d+)|(lt|gt|amp|quot|apos));/g;
const NAMED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

export function decodeEntities(s: string): string {
  if (s.indexOf("&") < 0) return s;
  if (s.indexOf("&#") < 0)
    return s
      .replaceAll("&quot;", '"')
      .replaceAll("&lt;", "<")
      .replaceAll("&gt;", ">")
      .replaceAll("&apos;", "'")
      .replaceAll("&amp;", "&");
  return s.replace(ENTITY, (m, hex, dec, name) =>
    hex
      ? String.fromCodePoint(parseInt(hex, 16))
      : dec
        ? String.fromCodePoint(Number(dec))
        : (NAMED[name] ?? m),
  );
}

export function parseAttrs(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!s) return out;
  ATTR.lastIndex = 0;
  for (let m = ATTR.exec(s); m; m = ATTR.exec(s)) out[m[1]] = decodeEntities(m[2] ?? m[3] ?? "");
  return out;
}

/**
 * Text cut from a sheet read as bytes (`binaryText`: one character per byte) as the text it is: UTF-8
 * decoded. ASCII, which is most of a sheet's markup, is the same either way and is not copied.
 */
export function textOfBinary(s: string): string {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return textOfLatin1(s);
  return s;
}

/** Text in the form of a sheet read as bytes: its UTF-8 bytes, one character per byte. */
export function binaryOfText(s: string): string {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return latin1OfText(s);
  return s;
}

/** One attribute's raw value from a tag's attribute text, without parsing the rest. */
function attr(s: string, name: string, str: (s: string) => string = (x) => x): string | undefined {
  const i = s.indexOf(` ${name}=`);
  const j = i >= 0 ? i : s.indexOf(`\t${name}=`) >= 0 ? s.indexOf(`\t${name}=`) : s.indexOf(`\n${name}=`);
  if (j < 0) return undefined;
  const q = s[j + name.length + 2];
  const end = s.indexOf(q, j + name.length + 3);
  return decodeEntities(str(s.slice(j + name.length + 3, end)));
}

/** Whether the tag name at `start` (after its prefix) is `local`, compared in place. */
const isLocal = (xml: string, start: number, length: number, local: string) =>
  length === local.length && xml.startsWith(local, start);

/** Scans by the text's bytes: a sheet read by several steps (reading, patching, checking) is scanned once. */
const scanCache = new WeakMap<object, SheetScan>();

export function scanSheet(xml: string, key?: object): SheetScan {
  const hit = key && scanCache.get(key);
  if (hit) return hit;
  const scan = scanSheetText(xml);
  if (key) scanCache.set(key, scan);
  return scan;
}

/**
 * Scans without the cache (the independent check of a written file scans afresh). With `visit`, each row
 * is handed over as it is read and not kept: a reader's memory then holds one row of cells at a time.
 * With `placesOnly`, cells get their places, type and style but not their text (`v`, `f`, `fAttrs` and
 * `inline` stay null; `content` says whether they hold any): the check of a written file compares cells
 * by their places in the XML, and the patcher needs no more.
 * With `binary`, `xml` is the sheet's UTF-8 bytes one character per byte (`partBinary`): half the memory of
 * the decoded text for a sheet of Chinese text, and offsets that are byte offsets; the cells' texts and
 * attributes come out decoded. With `skipFormulaText(row, col)`, a plain formula (not shared, not an array)
 * there is only noted (`formulaSkipped`), its text not cut out: a reader that never looks at a
 * column's formulas does not hold thousands of them.
 */
export function scanSheetText(
  xml: string,
  visit?: (row: RowLoc) => void,
  {
    placesOnly = false,
    binary = false,
    skipFormulaText,
    textOfRow,
  }: {
    placesOnly?: boolean;
    binary?: boolean;
    skipFormulaText?: (row: number, col: number) => boolean;
    /** Rows whose cells' texts are wanted (others get places only, as with `placesOnly`). */
    textOfRow?: (r: number) => boolean;
  } = {},
): SheetScan {
  const allPlaces = placesOnly;
  // Styles and types repeat on every row: one string each, not one per cell.
  const seen = new Map<string, string>();
  const once = (x: string | undefined) => {
    if (x === undefined) return "";
    const had = seen.get(x);
    if (had !== undefined) return had;
    seen.set(x, x);
    return x;
  };
  const str = binary ? textOfBinary : (s: string) => s;
  let skipping = false;
  const scan: SheetScan = { sheetData: null, rows: [], topLevel: [], prefix: "" };
  let depth = 0;
  let row: RowLoc | null = null;
  let cell: CellLoc | null = null;
  let nextRow = 1;
  let nextCol = 1;
  let text: "v" | "f" | "t" | null = null;
  let inRph = 0;
  let top: ElementLoc | null = null;
  let last = 0;
  const n = xml.length;
  let pos = 0;
  while (pos < n) {
    const start = xml.indexOf("<", pos);
    if (start < 0) break;
    if (text && cell && start > last && (placesOnly || (skipping && text === "f"))) {
      if (text !== "f") cell.content = true;
    } else if (text && cell && start > last) {
      const t = decodeEntities(str(xml.slice(last, start)));
      if (text === "v") cell.v = (cell.v ?? "") + t;
      else if (text === "f") cell.f += t;
      else cell.inline += t;
    }
    const next = xml.charCodeAt(start + 1);
    if (next === 33 /* ! */ || next === 63 /* ? */) {
      // Comment, CDATA, doctype or processing instruction.
      let close: number;
      if (xml.startsWith("<!--", start)) close = xml.indexOf("-->", start + 4) + 2;
      else if (xml.startsWith("<![CDATA[", start)) {
        close = xml.indexOf("]]>", start + 9) + 2;
        if (text && cell && (placesOnly || (skipping && text === "f"))) {
          if (text !== "f" && close - 2 > start + 9) cell.content = true;
        } else if (text && cell) {
          const t = str(xml.slice(start + 9, close - 2));
          if (text === "v") cell.v = (cell.v ?? "") + t;
          else if (text === "f") cell.f += t;
          else cell.inline += t;
        }
      } else if (next === 63) close = xml.indexOf("?>", start + 2) + 1;
      else close = xml.indexOf(">", start + 2);
      if (close < 1) break;
      pos = last = close + 1;
      continue;
    }
    // A tag: its end is the first `>` outside quotes.
    let end = start + 1;
    let quote = 0;
    for (; end < n; end++) {
      const ch = xml.charCodeAt(end);
      if (quote) {
        if (ch === quote) quote = 0;
      } else if (ch === 34 || ch === 39) quote = ch;
      else if (ch === 62) break;
    }
    if (end >= n) break;
    pos = last = end + 1;
    const closing = next === 47; /* / */
    const selfClosing = xml.charCodeAt(end - 1) === 47;
    // The element's local name (after any prefix), compared in place: no string is made per tag.
    const nameStart = start + (closing ? 2 : 1);
    let nameEnd = nameStart;
    let lnStart = nameStart;
    while (nameEnd < end) {
      const ch = xml.charCodeAt(nameEnd);
      if (ch === 32 || ch === 9 || ch === 10 || ch === 13 || ch === 47 || ch === 62) break;
      if (ch === 58 /* : */ && lnStart === nameStart) lnStart = nameEnd + 1;
      nameEnd++;
    }
    const lnLength = nameEnd - lnStart;
    if (!closing) {
      depth++;
      if (depth === 1) scan.prefix = xml.slice(nameStart, lnStart);
      else if (depth === 2) {
        const ln = xml.slice(lnStart, nameEnd);
        top = { name: ln, start, end, attrs: {} };
        if (ln === "sheetData") scan.sheetData = { start, openEnd: end, end, selfClosing: false };
      } else if (depth === 3 && isLocal(xml, lnStart, lnLength, "row") && scan.sheetData) {
        const a = xml.slice(nameEnd, selfClosing ? end - 1 : end);
        const rAttr = attr(a, "r", str);
        const r = rAttr ? Number(rAttr) : nextRow;
        row = { r, start, openEnd: end, end, selfClosing: false, cells: [] };
        if (textOfRow) placesOnly = allPlaces || !textOfRow(r);
        nextRow = r + 1;
        nextCol = 1;
      } else if (row && isLocal(xml, lnStart, lnLength, "c")) {
        const a = xml.slice(nameEnd, selfClosing ? end - 1 : end);
        const ref = attr(a, "r", str);
        const at = ref ? parseRef(ref) : null;
        const col = at ? at[1] : nextCol;
        nextCol = col + 1;
        const type = once(attr(a, "t", str));
        const style = once(attr(a, "s", str));
        cell = allPlaces
          ? new PlaceCell(row.r, col, start, end, type, style)
          : {
              row: row.r,
              col,
              start,
              end,
              type,
              style,
              v: null,
              f: null,
              fAttrs: null,
              inline: null,
              content: false,
            };
      } else if (cell) {
        if (isLocal(xml, lnStart, lnLength, "v")) text = "v";
        else if (isLocal(xml, lnStart, lnLength, "f")) {
          text = "f";
          if (placesOnly) cell.content = true;
          else {
            const fa = xml.slice(nameEnd, selfClosing ? end - 1 : end);
            // Only a plain formula may go unread: a shared one's text is what its neighbours read too.
            skipping = Boolean(skipFormulaText?.(cell.row, cell.col)) && !/\S/.test(fa);
            if (skipping) cell.formulaSkipped = cell.content = true;
            else {
              cell.f = "";
              cell.fAttrs = parseAttrs(str(fa));
            }
          }
        } else if (isLocal(xml, lnStart, lnLength, "rPh")) inRph++;
        else if (isLocal(xml, lnStart, lnLength, "t") && !inRph) {
          text = "t";
          if (cell.inline === null && !placesOnly) cell.inline = "";
        }
      }
      if (!selfClosing) continue;
    }
    // A closing tag, or the end of a self-closing one.
    if (depth === 2 && top) {
      top.end = end;
      scan.topLevel.push(top);
      if (isLocal(xml, lnStart, lnLength, "sheetData") && scan.sheetData) {
        scan.sheetData.end = end;
        scan.sheetData.selfClosing = selfClosing;
      }
      top = null;
    } else if (cell && row && isLocal(xml, lnStart, lnLength, "c")) {
      cell.end = end;
      row.cells.push(cell);
      cell = null;
      text = null;
    } else if (row && depth === 3 && isLocal(xml, lnStart, lnLength, "row")) {
      row.end = end;
      row.selfClosing = selfClosing;
      if (visit) visit(row);
      else scan.rows.push(row);
      row = null;
    } else if (isLocal(xml, lnStart, lnLength, "rPh")) inRph--;
    else if (
      isLocal(xml, lnStart, lnLength, "v") ||
      isLocal(xml, lnStart, lnLength, "f") ||
      isLocal(xml, lnStart, lnLength, "t")
    ) {
      text = null;
      skipping = false;
    }
    depth--;
  }
  return scan;
}
