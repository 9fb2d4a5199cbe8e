/**
 * A unit's copy made from a template copy at the package level. The workbook library renders one
 * template per kind of copy (with or without 时间节点), holding a row of every cell style the copies
 * need; each unit's copy is then the template's package with its sheets' rows, ranges, tables and
 * shared strings written from the unit's own layout (`returnCopy`). Everything else (styles, theme,
 * workbook, names, protection, validations' rules, conditional formats, print setup) is the template's,
 * copied as stored. Rendering a whole workbook per unit with the library cost ~55 ms; this costs a few.
 */
import { colLetter, type Cell, type SheetSpec } from "../../workbook/spec";
import type { ReturnCopy } from "../../workbook/sheets/round";
import { cellXml } from "./package/cellXml";
import { scanSheet } from "./package/sheetScan";
import { growTable, tablesOf } from "./package/structure";
import { workbookInfo } from "./package/workbookParts";
import { escapeAttr, escapeText } from "./package/xml";
import {
  clonePackage,
  partText,
  readPackage,
  setPartText,
  writePackage,
  type XlsxPackage,
} from "./package/zip";

/** A template copy: its package, its layout, and where each sheet's XML is. */
export interface CopyTemplate {
  pkg: XlsxPackage;
  copy: ReturnCopy;
  sheetParts: Map<string, string>;
  sharedStringsPart: string;
  /** Per sheet: the style index of every cell the template has, by `row:col`. */
  styleAt: Map<string, Map<string, string>>;
  /** Per record sheet: the style of a data cell by `col|number format` (see `dataStyleKey`). */
  dataStyles: Map<string, Map<string, string>>;
  /** Per record sheet: the columns of a data row that carry a cell (all of them: every column is styled). */
  dataColumns: Map<string, number[]>;
}

/** A copy needs a cell style the template does not have (the copy is then rendered by the library). */
export class MissingStyle extends Error {}

/** A record sheet (任务台账, 时间节点): a table whose data rows are styled by column. */
const isRecordSheet = (s: SheetSpec) => s.table !== undefined;

const numberFormatsOf = (s: SheetSpec) => new Map((s.numberFormats ?? []).map((f) => [f.address, f.numFmt]));

/** What decides a data cell's style: its column and the number format it keeps from the master, if any. */
export const dataStyleKey = (col: number, numFmt: string | undefined) => `${col}|${numFmt ?? ""}`;

/** The data cells' style keys of a record sheet, row by row (row 2 first). */
export function dataKeysOf(sheet: SheetSpec): string[][] {
  const formats = numberFormatsOf(sheet);
  const width = sheet.columns.length;
  return sheet.rows
    .slice(1)
    .map((_, i) =>
      Array.from({ length: width }, (_, j) =>
        dataStyleKey(j + 1, formats.get(`${colLetter(j + 1)}${i + 2}`)),
      ),
    );
}

export function readTemplate(bytes: Uint8Array, copy: ReturnCopy): CopyTemplate {
  const pkg = readPackage(bytes);
  const info = workbookInfo(pkg);
  const sheetParts = new Map(info.sheets.map((s) => [s.name, s.part]));
  const styleAt = new Map<string, Map<string, string>>();
  const dataStyles = new Map<string, Map<string, string>>();
  const dataColumns = new Map<string, number[]>();
  for (const sheet of copy.spec.sheets) {
    const xml = partText(pkg, sheetParts.get(sheet.name)!)!;
    const styles = new Map<string, string>();
    for (const row of scanSheet(xml).rows)
      for (const c of row.cells) if (c.style) styles.set(`${c.row}:${c.col}`, c.style);
    styleAt.set(sheet.name, styles);
    if (!isRecordSheet(sheet)) continue;
    const byKey = new Map<string, string>();
    dataKeysOf(sheet).forEach((keys, i) =>
      keys.forEach((key, j) => {
        const s = styles.get(`${i + 2}:${j + 1}`);
        if (s !== undefined) byKey.set(key, s);
      }),
    );
    dataStyles.set(sheet.name, byKey);
    dataColumns.set(
      sheet.name,
      sheet.columns.map((_, j) => j + 1).filter((c) => styles.has(`2:${c}`)),
    );
  }
  return {
    pkg,
    copy,
    sheetParts,
    sharedStringsPart: info.sharedStringsPart ?? "xl/sharedStrings.xml",
    styleAt,
    dataStyles,
    dataColumns,
  };
}

/** The shared string table of one copy, in the order its cells use the strings. */
class SharedStrings {
  private readonly index = new Map<string, number>();
  private readonly list: string[] = [];
  count = 0;
  of(s: string): number {
    this.count++;
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.list.length;
      this.index.set(s, i);
      this.list.push(s);
    }
    return i;
  }
  xml(): string {
    const items = this.list.map((s) => {
      const keep = /^\s|\s$|\n/.test(s) ? ' xml:space="preserve"' : "";
      return `<si><t${keep}>${escapeText(s)}</t></si>`;
    });
    return (
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${this.count}" uniqueCount="${this.list.length}">` +
      `${items.join("")}</sst>`
    );
  }
}

function cellOut(ref: string, cell: Cell, style: string, strings: SharedStrings): string {
  // Empty text too, as the library writes it (an empty string, not a blank cell).
  if (typeof cell === "string") {
    const s = style ? ` s="${style}"` : "";
    return `<c r="${ref}"${s} t="s"><v>${strings.of(cell)}</v></c>`;
  }
  return cellXml(ref, cell, style);
}

/** The `<sheetData>` of one sheet of the unit's copy, and the range its cells cover. */
function sheetData(
  sheet: SheetSpec,
  template: CopyTemplate,
  strings: SharedStrings,
): { xml: string; lastRow: number; lastCol: number } {
  const styles = template.styleAt.get(sheet.name)!;
  const record = isRecordSheet(sheet);
  const dataStyles = template.dataStyles.get(sheet.name);
  const dataColumns = template.dataColumns.get(sheet.name) ?? [];
  const keys = record ? dataKeysOf(sheet) : [];
  const heights = sheet.rowHeights ?? {};
  // Styled cells of the template's fixed rows (headers, 填报说明), by row.
  const styledCols = new Map<number, number[]>();
  for (const key of styles.keys()) {
    const [r, c] = key.split(":").map(Number);
    if (record && r > 1) continue;
    styledCols.set(r, [...(styledCols.get(r) ?? []), c]);
  }
  const out: string[] = ["<sheetData>"];
  let lastRow = 0;
  let lastCol = 0;
  const rowCount = Math.max(sheet.rows.length, ...styledCols.keys());
  for (let r = 1; r <= rowCount; r++) {
    const values = sheet.rows[r - 1] ?? [];
    const data = record && r > 1;
    const cols = new Set<number>(data ? dataColumns : (styledCols.get(r) ?? []));
    values.forEach((v, j) => {
      if (v !== null) cols.add(j + 1);
    });
    if (!cols.size) continue;
    const ordered = [...cols].sort((a, b) => a - b);
    const cells = ordered.map((c) => {
      const ref = `${colLetter(c)}${r}`;
      let style: string | undefined;
      if (data) {
        style = dataStyles!.get(keys[r - 2][c - 1]);
        if (style === undefined) throw new MissingStyle(`${sheet.name}!${ref}`);
      } else style = styles.get(`${r}:${c}`);
      return cellOut(ref, values[c - 1] ?? null, style ?? "", strings);
    });
    const h = heights[r];
    const height = h !== undefined ? ` ht="${h}" customHeight="1"` : "";
    out.push(
      `<row r="${r}"${height} spans="${ordered[0]}:${ordered[ordered.length - 1]}">`,
      ...cells,
      "</row>",
    );
    lastRow = r;
    lastCol = Math.max(lastCol, ordered[ordered.length - 1]);
  }
  out.push("</sheetData>");
  return { xml: out.join(""), lastRow, lastCol };
}

/** `sqref="…"` of the template's ranges replaced by the unit's, in order. */
function withRanges(xml: string, from: string[], to: string[]): string {
  let out = xml;
  from.forEach((range, i) => {
    const before = `sqref="${escapeAttr(range)}"`;
    const at = out.indexOf(before);
    if (at < 0) throw new MissingStyle(`range ${range}`);
    out = out.slice(0, at) + `sqref="${escapeAttr(to[i])}"` + out.slice(at + before.length);
  });
  return out;
}

/** The unit's copy as a file, from the template and the unit's layout. */
export function deriveCopy(template: CopyTemplate, copy: ReturnCopy): Uint8Array {
  const pkg = clonePackage(template.pkg);
  const strings = new SharedStrings();
  copy.spec.sheets.forEach((sheet, k) => {
    const model = template.copy.spec.sheets[k];
    if (model?.name !== sheet.name) throw new MissingStyle(`sheet ${sheet.name}`);
    const part = template.sheetParts.get(sheet.name)!;
    const xml = partText(template.pkg, part)!;
    const start = xml.indexOf("<sheetData>");
    const end = xml.indexOf("</sheetData>");
    if (start < 0 || end < 0) throw new MissingStyle(`sheetData of ${sheet.name}`);
    const data = sheetData(sheet, template, strings);
    const dimension = data.lastRow ? `A1:${colLetter(data.lastCol)}${data.lastRow}` : "A1";
    let text =
      xml.slice(0, start).replace(/<dimension ref="[^"]*"\/>/, `<dimension ref="${dimension}"/>`) +
      data.xml +
      xml.slice(end + "</sheetData>".length);
    text = withRanges(
      text,
      [...model.validations.map((v) => v.range), ...model.conditionalFormats.map((c) => c.range)],
      [...sheet.validations.map((v) => v.range), ...sheet.conditionalFormats.map((c) => c.range)],
    );
    setPartText(pkg, part, text);
    if (sheet.table) {
      const ref = `A${sheet.table.headerRow}:${colLetter(sheet.columns.length)}${sheet.table.headerRow + sheet.table.rowCount}`;
      for (const t of tablesOf(template.pkg, part))
        setPartText(pkg, t.part, growTable(partText(template.pkg, t.part)!, ref));
    }
  });
  setPartText(pkg, template.sharedStringsPart, strings.xml());
  return writePackage(pkg);
}
