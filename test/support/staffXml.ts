/**
 * What staff add to a ledger in Excel, put into the file at the XML level by the tests themselves
 * (fflate + string edits, not the tool's patcher): links, notes, merges, filled-down (shared) formulas,
 * a picture and a chart-like drawing on a sheet of their own, formulas on their sheets pointing into the
 * ledger, staff sheets named like ours, and macros (.xlsm).
 */
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";

export type Parts = Record<string, Uint8Array>;

export const unzip = (b: Uint8Array): Parts => unzipSync(b);
export const zip = (p: Parts): Uint8Array => zipSync(p);
export const text = (p: Parts, name: string) => strFromU8(p[name]);
export const put = (p: Parts, name: string, s: string) => (p[name] = strToU8(s));

/** The worksheet part of a sheet by its name. */
export function sheetPart(p: Parts, name: string): string {
  const wb = text(p, "xl/workbook.xml");
  const m = new RegExp(`<sheet [^>]*name="${name}"[^>]*r:id="(rId\\d+)"`).exec(wb);
  if (!m) throw new Error(`no sheet ${name}`);
  const rels = text(p, "xl/_rels/workbook.xml.rels");
  const t =
    new RegExp(`Id="${m[1]}"[^>]*Target="([^"]+)"`).exec(rels) ??
    new RegExp(`Target="([^"]+)"[^>]*Id="${m[1]}"`).exec(rels);
  return `xl/${t![1].replace(/^\/?xl\//, "")}`;
}

const relsOf = (part: string) => part.replace(/([^/]+)$/, "_rels/$1.rels");

function addRel(p: Parts, part: string, id: string, type: string, target: string, external = false): void {
  const r = relsOf(part);
  const rel = `<Relationship Id="${id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/${type}" Target="${target}"${external ? ' TargetMode="External"' : ""}/>`;
  if (p[r]) put(p, r, text(p, r).replace("</Relationships>", `${rel}</Relationships>`));
  else
    put(
      p,
      r,
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rel}</Relationships>`,
    );
}

function addOverride(p: Parts, part: string, type: string): void {
  put(
    p,
    "[Content_Types].xml",
    text(p, "[Content_Types].xml").replace(
      "</Types>",
      `<Override PartName="/${part}" ContentType="${type}"/></Types>`,
    ),
  );
}

/** Inserts an element into a worksheet before the first of `before` present (schema order), else before the end. */
function insertBefore(xml: string, el: string, before: string[]): string {
  for (const b of before) {
    const i = xml.indexOf(`<${b}`);
    if (i >= 0) return xml.slice(0, i) + el + xml.slice(i);
  }
  return xml.replace("</worksheet>", `${el}</worksheet>`);
}

const AFTER_HYPERLINKS = [
  "printOptions",
  "pageMargins",
  "pageSetup",
  "headerFooter",
  "drawing",
  "legacyDrawing",
  "tableParts",
  "extLst",
];
const AFTER_MERGES = [
  "phoneticPr",
  "conditionalFormatting",
  "dataValidations",
  "hyperlinks",
  ...AFTER_HYPERLINKS,
];

/** Replaces (or adds) cell `ref` in the sheet with `cellXml`. */
export function setCellXml(xml: string, ref: string, cellXml: string): string {
  const row = Number(/\d+/.exec(ref)![0]);
  const existing = new RegExp(`<c r="${ref}"(?:[^>]*/>|[^>]*>.*?</c>)`).exec(xml);
  if (existing) return xml.replace(existing[0], cellXml);
  const rowEnd = new RegExp(`(<row r="${row}"[^>]*>.*?)(</row>)`).exec(xml);
  if (rowEnd) return xml.replace(rowEnd[0], `${rowEnd[1]}${cellXml}${rowEnd[2]}`);
  return xml.replace("</sheetData>", `<row r="${row}">${cellXml}</row></sheetData>`);
}

export function addHyperlink(p: Parts, sheet: string, ref: string, url: string): void {
  const part = sheetPart(p, sheet);
  const id = `rIdLink${ref}`;
  addRel(p, part, id, "hyperlink", url, true);
  let xml = text(p, part);
  xml = setCellXml(xml, ref, `<c r="${ref}" t="inlineStr"><is><t>会议纪要1.pdf</t></is></c>`);
  if (xml.includes("<hyperlinks>"))
    xml = xml.replace("</hyperlinks>", `<hyperlink ref="${ref}" r:id="${id}"/></hyperlinks>`);
  else
    xml = insertBefore(
      xml,
      `<hyperlinks><hyperlink ref="${ref}" r:id="${id}"/></hyperlinks>`,
      AFTER_HYPERLINKS,
    );
  put(p, part, xml);
}

export function addMerge(p: Parts, sheet: string, range: string): void {
  const part = sheetPart(p, sheet);
  let xml = text(p, part);
  if (xml.includes("<mergeCells"))
    xml = xml.replace("</mergeCells>", `<mergeCell ref="${range}"/></mergeCells>`);
  else
    xml = insertBefore(xml, `<mergeCells count="1"><mergeCell ref="${range}"/></mergeCells>`, AFTER_MERGES);
  put(p, part, xml);
}

/** A note on a cell: the comments part (Excel also writes a VML shape; the part is what holds the text). */
export function addNote(p: Parts, sheet: string, ref: string, note: string): void {
  const part = sheetPart(p, sheet);
  const name = `xl/comments${Object.keys(p).filter((n) => /comments\d+\.xml$/.test(n)).length + 1}.xml`;
  put(
    p,
    name,
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors><author>科员</author></authors><commentList><comment ref="${ref}" authorId="0"><text><r><t>${note}</t></r></text></comment></commentList></comments>`,
  );
  addRel(p, part, `rIdNote${ref}`, "comments", `../${name.slice(3)}`);
  addOverride(p, name, "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml");
}

/** A formula filled down staff's way: one master with `ref`, the rest pointing at it by `si`. */
export function addSharedFormula(
  p: Parts,
  sheet: string,
  col: string,
  from: number,
  to: number,
  formula: string,
  si = 7,
): void {
  const part = sheetPart(p, sheet);
  let xml = text(p, part);
  for (let r = from; r <= to; r++) {
    const f =
      r === from
        ? `<f t="shared" ref="${col}${from}:${col}${to}" si="${si}">${formula}</f>`
        : `<f t="shared" si="${si}"/>`;
    xml = setCellXml(xml, `${col}${r}`, `<c r="${col}${r}" t="str">${f}<v></v></c>`);
  }
  put(p, part, xml);
}

const PNG = Uint8Array.from(
  Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
    "base64",
  ),
);

/** A sheet of staff's own, with formulas into the ledger and a picture. */
export function addStaffSheet(p: Parts, name: string, formulas: string[], picture: boolean): string {
  const n = Object.keys(p).filter((k) => /^xl\/worksheets\/sheet\d+\.xml$/.test(k)).length + 1;
  const part = `xl/worksheets/sheet${n}.xml`;
  const cells = formulas
    .map((f, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="str"><f>${f}</f><v></v></c></row>`)
    .join("");
  const drawing = picture ? `<drawing r:id="rIdPic"/>` : "";
  put(
    p,
    part,
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetData>${cells}</sheetData>${drawing}</worksheet>`,
  );
  addOverride(p, part, "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml");
  const wbRels = "xl/_rels/workbook.xml.rels";
  const rid = `rIdStaff${n}`;
  addRel(p, "xl/workbook.xml", rid, "worksheet", `worksheets/sheet${n}.xml`);
  void wbRels;
  const wb = text(p, "xl/workbook.xml");
  const ids = [...wb.matchAll(/sheetId="(\d+)"/g)].map((m) => Number(m[1]));
  put(
    p,
    "xl/workbook.xml",
    wb.replace(
      "</sheets>",
      `<sheet name="${name}" sheetId="${Math.max(...ids) + 1}" r:id="${rid}"/></sheets>`,
    ),
  );
  if (picture) {
    const d = `xl/drawings/staffdrawing${n}.xml`;
    const img = `xl/media/staffimage${n}.png`;
    p[img] = PNG;
    put(
      p,
      d,
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><xdr:oneCellAnchor><xdr:from><xdr:col>2</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>1</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:ext cx="952500" cy="952500"/><xdr:pic><xdr:nvPicPr><xdr:cNvPr id="2" name="照片"/><xdr:cNvPicPr/></xdr:nvPicPr><xdr:blipFill><a:blip r:embed="rIdImg"/><a:stretch><a:fillRect/></a:stretch></xdr:blipFill><xdr:spPr><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr></xdr:pic><xdr:clientData/></xdr:oneCellAnchor></xdr:wsDr>`,
    );
    addRel(p, part, "rIdPic", "drawing", `../drawings/staffdrawing${n}.xml`);
    addRel(p, d, "rIdImg", "image", `../media/staffimage${n}.png`);
    addOverride(p, d, "application/vnd.openxmlformats-officedocument.drawing+xml");
    if (!text(p, "[Content_Types].xml").includes('Extension="png"'))
      put(
        p,
        "[Content_Types].xml",
        text(p, "[Content_Types].xml").replace(
          "</Types>",
          '<Default Extension="png" ContentType="image/png"/></Types>',
        ),
      );
  }
  return part;
}

/** Makes the workbook an .xlsm: the macro-enabled content type and a VBA project part. */
export function makeMacroEnabled(p: Parts): void {
  const ct = text(p, "[Content_Types].xml").replace(
    /(PartName="\/xl\/workbook\.xml" ContentType=")[^"]+/,
    "$1application/vnd.ms-excel.sheet.macroEnabled.main+xml",
  );
  put(
    p,
    "[Content_Types].xml",
    ct.replace(
      "</Types>",
      '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>',
    ),
  );
  p["xl/vbaProject.bin"] = Uint8Array.from({ length: 2048 }, (_, i) => (i * 37 + 11) % 256);
  addRel(p, "xl/workbook.xml", "rIdVba", "vbaProject", "vbaProject.bin");
}
