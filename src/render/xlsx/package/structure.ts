/**
 * The few structural edits an update makes besides cells, each as a small splice into the part it
 * concerns: a table's range and a new table column, validation and conditional-format ranges that
 * follow the table down, the struck-through rule for rows removed from the plan, a new sheet for the
 * change log and the marker names. Parts are only added to; nothing existing is rewritten.
 */
import { colLetters, parseRange, formatRange } from "../../../workbook/a1";
import { escapeAttr, escapeText, localName, parseRels, parseXml, relsPathOf, resolveTarget } from "./xml";
import { applySplices, type Splice } from "./patchSheet";
import type { SheetScan } from "./sheetScan";
import { partText, setPartText, type XlsxPackage } from "./zip";

export interface TablePart {
  part: string;
  name: string;
  ref: string;
  /** Rows at the bottom of `ref` that are Excel's Total Row (汇总行), not data. */
  totalsRowCount: number;
}

/** The tables of a worksheet (through its relationships). */
export function tablesOf(pkg: XlsxPackage, sheetPart: string): TablePart[] {
  const rels = parseRels(partText(pkg, relsPathOf(sheetPart)));
  const out: TablePart[] = [];
  for (const r of rels) {
    if (!r.type.endsWith("/table")) continue;
    const part = resolveTarget(sheetPart, r.target);
    const xml = partText(pkg, part);
    if (!xml) continue;
    let found: TablePart | null = null;
    parseXml(xml, {
      open(n, a) {
        if (!found && localName(n) === "table")
          found = {
            part,
            name: a.displayName ?? a.name ?? "",
            ref: a.ref ?? "",
            totalsRowCount: Number(a.totalsRowCount ?? 0) || 0,
          };
      },
    });
    if (found) out.push(found);
  }
  return out;
}

/** A table's range grown to `ref`, and optionally one more column named `newColumn`. */
export function growTable(xml: string, ref: string, newColumn?: string): string {
  let out = xml.replace(/(<(?:\w+:)?table\b[^>]*?\sref=")([^"]*)(")/, `$1${ref}$3`);
  out = out.replace(/(<(?:\w+:)?autoFilter\b[^>]*?\sref=")([^"]*)(")/, `$1${ref}$3`);
  if (newColumn) {
    const ids = [...out.matchAll(/<(?:\w+:)?tableColumn\b[^>]*?\sid="(\d+)"/g)].map((m) => Number(m[1]));
    const id = Math.max(0, ...ids) + 1;
    const prefix = /<(\w+:)?tableColumns\b/.exec(out)?.[1] ?? "";
    out = out.replace(
      /(<(?:\w+:)?tableColumns\b[^>]*?count=")(\d+)(")/,
      (_, a, n, b) => `${a}${Number(n) + 1}${b}`,
    );
    out = out.replace(
      /<\/((?:\w+:)?)tableColumns>/,
      `<${prefix}tableColumn id="${id}" name="${escapeAttr(newColumn)}"/></$1tableColumns>`,
    );
  }
  return out;
}

/**
 * Ranges of validations and conditional formats that end on the table's last row are carried down to
 * its new last row (and, when `toCol` is given, ranges spanning the whole table width to the new width).
 */
export function growRanges(xml: string, scan: SheetScan, lastRow: number, newLastRow: number): Splice[] {
  const splices: Splice[] = [];
  for (const el of scan.topLevel) {
    if (el.name !== "conditionalFormatting" && el.name !== "dataValidations") continue;
    const text = xml.slice(el.start, el.end + 1);
    const grown = text.replace(/(\ssqref=")([^"]*)(")/g, (_, a, sq: string, b) => {
      const parts = sq.split(/\s+/).map((r) => {
        try {
          const rg = parseRange(r);
          return rg.r2 === lastRow && rg.r1 <= lastRow ? formatRange({ ...rg, r2: newLastRow }) : r;
        } catch {
          return r;
        }
      });
      return `${a}${parts.join(" ")}${b}`;
    });
    if (grown !== text) splices.push({ at: el.start, remove: text.length, text: grown });
  }
  return splices;
}

/** Elements that come after conditionalFormatting in a worksheet, in schema order. */
const AFTER_CF = [
  "dataValidations",
  "hyperlinks",
  "printOptions",
  "pageMargins",
  "pageSetup",
  "headerFooter",
  "rowBreaks",
  "colBreaks",
  "customProperties",
  "cellWatches",
  "ignoredErrors",
  "smartTags",
  "drawing",
  "legacyDrawing",
  "legacyDrawingHF",
  "drawingHF",
  "picture",
  "oleObjects",
  "controls",
  "webPublishItems",
  "tableParts",
  "extLst",
];

/** A conditional format placed where the schema wants it. */
export function conditionalFormatSplice(xml: string, scan: SheetScan, cfXml: string): Splice {
  const next = scan.topLevel.find((e) => AFTER_CF.includes(e.name));
  return { at: next ? next.start : xml.lastIndexOf("</"), remove: 0, text: cfXml };
}

export function maxPriority(xml: string, scan: SheetScan): number {
  let max = 0;
  for (const el of scan.topLevel)
    if (el.name === "conditionalFormatting")
      for (const m of xml.slice(el.start, el.end + 1).matchAll(/\spriority="(\d+)"/g))
        max = Math.max(max, Number(m[1]));
  return max;
}

/** Adds a differential format (for a conditional format) to styles.xml; returns its index. */
export function addDxf(pkg: XlsxPackage, stylesPart: string, dxfXml: string): number {
  const xml = partText(pkg, stylesPart)!;
  const self = /<((?:\w+:)?)dxfs\b([^>]*)\/>/.exec(xml);
  if (self) {
    setPartText(
      pkg,
      stylesPart,
      xml.replace(self[0], `<${self[1]}dxfs count="1">${dxfXml}</${self[1]}dxfs>`),
    );
    return 0;
  }
  const open = /<((?:\w+:)?)dxfs\b[^>]*>/.exec(xml);
  if (!open) {
    // No dxfs yet: it goes before tableStyles/colors/extLst, or at the end of the stylesheet.
    const before = /<(?:\w+:)?(tableStyles|colors|extLst)\b/.exec(xml);
    const at = before ? before.index : xml.lastIndexOf("</");
    setPartText(pkg, stylesPart, xml.slice(0, at) + `<dxfs count="1">${dxfXml}</dxfs>` + xml.slice(at));
    return 0;
  }
  const close = xml.indexOf(`</${open[1]}dxfs>`, open.index);
  const count = (xml.slice(open.index, close).match(/<(?:\w+:)?dxf\b/g) ?? []).length;
  const openTag = open[0].replace(/count="\d+"/, `count="${count + 1}"`);
  setPartText(
    pkg,
    stylesPart,
    xml.slice(0, open.index) +
      openTag +
      xml.slice(open.index + open[0].length, close) +
      dxfXml +
      xml.slice(close),
  );
  return count;
}

export const STRUCK_DXF =
  '<dxf><font><strike val="1"/><color rgb="FF808080"/></font><fill><patternFill patternType="solid"><bgColor rgb="FFF2F2F2"/></patternFill></fill></dxf>';

/** Adds names to workbook.xml (creating `<definedNames>` after `<sheets>` when there is none). */
export function addDefinedNames(
  pkg: XlsxPackage,
  workbookPart: string,
  names: { name: string; ref: string }[],
): void {
  if (!names.length) return;
  const xml = partText(pkg, workbookPart)!;
  const prefix = /<((?:\w+:)?)sheets\b/.exec(xml)?.[1] ?? "";
  const els = names
    .map(
      (n) => `<${prefix}definedName name="${escapeAttr(n.name)}">${escapeText(n.ref)}</${prefix}definedName>`,
    )
    .join("");
  const close = xml.indexOf(`</${prefix}definedNames>`);
  if (close >= 0) {
    setPartText(pkg, workbookPart, xml.slice(0, close) + els + xml.slice(close));
    return;
  }
  const sheetsEnd = xml.indexOf(`</${prefix}sheets>`);
  const at = sheetsEnd + `</${prefix}sheets>`.length;
  setPartText(
    pkg,
    workbookPart,
    `${xml.slice(0, at)}<${prefix}definedNames>${els}</${prefix}definedNames>${xml.slice(at)}`,
  );
}

const REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/** The prefix the root element of `xml` binds to `uri` (null when the root does not declare it). */
export function rootPrefixOf(xml: string, uri: string): string | null {
  const root = /<(?![?!])[^>]*>/.exec(xml)?.[0] ?? "";
  for (const m of root.matchAll(/\sxmlns:([\w.-]+)\s*=\s*(["'])([^"']*)\2/g)) if (m[3] === uri) return m[1];
  return null;
}

const WORKSHEET_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet";
const WORKSHEET_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";

/** A new worksheet part, listed last in the workbook; returns its part name. */
export function addWorksheet(pkg: XlsxPackage, workbookPart: string, name: string, sheetXml: string): string {
  let n = 1;
  const dir = workbookPart.split("/").slice(0, -1).join("/");
  while (
    pkg.parts.has(`${dir}/worksheets/sheet${n}.xml`) ||
    pkg.names.includes(`${dir}/worksheets/sheet${n}.xml`)
  )
    n++;
  const part = `${dir}/worksheets/sheet${n}.xml`;
  setPartText(pkg, part, sheetXml);

  const relsPart = relsPathOf(workbookPart);
  const rels = partText(pkg, relsPart)!;
  const ids = [...rels.matchAll(/\sId="rId(\d+)"/g)].map((m) => Number(m[1]));
  const rId = `rId${Math.max(0, ...ids) + 1}`;
  const relClose = rels.lastIndexOf("</");
  setPartText(
    pkg,
    relsPart,
    rels.slice(0, relClose) +
      `<Relationship Id="${rId}" Type="${WORKSHEET_TYPE}" Target="worksheets/sheet${n}.xml"/>` +
      rels.slice(relClose),
  );

  const ct = partText(pkg, "[Content_Types].xml")!;
  const ctClose = ct.lastIndexOf("</");
  setPartText(
    pkg,
    "[Content_Types].xml",
    ct.slice(0, ctClose) +
      `<Override PartName="/${part}" ContentType="${WORKSHEET_CT}"/>` +
      ct.slice(ctClose),
  );

  const wb = partText(pkg, workbookPart)!;
  const prefix = /<((?:\w+:)?)sheets\b/.exec(wb)?.[1] ?? "";
  // Only a prefix declared on the root element is in scope at <sheets>; some writers (openpyxl) declare
  // it on each <sheet> instead, so otherwise the new element declares it itself.
  const relNs = rootPrefixOf(wb, REL_NS);
  const rAttr = relNs ? `${relNs}:id` : "r:id";
  const nsDecl = relNs ? "" : ` xmlns:r="${REL_NS}"`;
  const sheetIds = [...wb.matchAll(/<(?:\w+:)?sheet\b[^>]*?\ssheetId="(\d+)"/g)].map((m) => Number(m[1]));
  const close = wb.indexOf(`</${prefix}sheets>`);
  setPartText(
    pkg,
    workbookPart,
    wb.slice(0, close) +
      `<${prefix}sheet name="${escapeAttr(name)}" sheetId="${Math.max(0, ...sheetIds) + 1}"${nsDecl} ${rAttr}="${rId}"/>` +
      wb.slice(close),
  );
  return part;
}

/** A plain worksheet holding `rows` of cell XML. */
export function worksheetXml(rowsXml: string, widths: number[]): string {
  const cols = widths
    .map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`)
    .join("");
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' +
    `<sheetFormatPr defaultRowHeight="15"/><cols>${cols}</cols><sheetData>${rowsXml}</sheetData>` +
    '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>'
  );
}

export { applySplices, colLetters };
