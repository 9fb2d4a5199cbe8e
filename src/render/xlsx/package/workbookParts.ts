/**
 * The workbook-level parts a reader needs: the sheets and where their XML is, defined names, the date
 * system, shared strings and the number format of each cell style. Read only; nothing here writes.
 */
import { UnusableWorkbookError } from "../../../ledger/grid";
import { localName, parseRels, parseXml, relsPathOf, resolveTarget, unescapeOoxml } from "./xml";
import { partText, type XlsxPackage } from "./zip";

export interface SheetEntry {
  name: string;
  sheetId: string;
  rId: string;
  state: string;
  /** The worksheet part, e.g. `xl/worksheets/sheet3.xml` (empty for a chart sheet). */
  part: string;
}

export interface DefinedName {
  name: string;
  localSheetId?: number;
  text: string;
}

export interface WorkbookInfo {
  /** The workbook part (usually `xl/workbook.xml`). */
  part: string;
  sheets: SheetEntry[];
  names: DefinedName[];
  date1904: boolean;
  sharedStringsPart: string | null;
  stylesPart: string | null;
}

const OFFICE_DOC = /\/officeDocument$/;

export function workbookInfo(pkg: XlsxPackage): WorkbookInfo {
  const root = parseRels(partText(pkg, "_rels/.rels"));
  const main = root.find((r) => OFFICE_DOC.test(r.type));
  const part = main ? resolveTarget("", main.target) : "xl/workbook.xml";
  const xml = partText(pkg, part);
  if (!xml)
    throw new UnusableWorkbookError(
      "工作簿缺少主体内容（workbook.xml），文件已损坏。请在 Excel/WPS 中打开并另存后再试。",
    );
  const rels = parseRels(partText(pkg, relsPathOf(part)));
  const target = (id: string) => {
    const r = rels.find((x) => x.id === id);
    return r && !r.external ? resolveTarget(part, r.target) : "";
  };
  const byType = (suffix: string) => {
    const r = rels.find((x) => x.type.endsWith(suffix));
    return r ? resolveTarget(part, r.target) : null;
  };
  const sheets: SheetEntry[] = [];
  const names: DefinedName[] = [];
  let date1904 = false;
  let nameOpen: DefinedName | null = null;
  parseXml(xml, {
    open(n, a) {
      const ln = localName(n);
      if (ln === "sheet") {
        const rId =
          a["r:id"] ?? Object.entries(a).find(([k]) => localName(k) === "id" && k.includes(":"))?.[1] ?? "";
        const rel = rels.find((x) => x.id === rId);
        sheets.push({
          name: a.name ?? "",
          sheetId: a.sheetId ?? "",
          rId,
          state: a.state ?? "visible",
          part: rel && rel.type.endsWith("/worksheet") ? target(rId) : "",
        });
      } else if (ln === "workbookPr") {
        date1904 = a.date1904 === "1" || a.date1904 === "true";
      } else if (ln === "definedName") {
        nameOpen = {
          name: a.name ?? "",
          text: "",
          ...(a.localSheetId !== undefined ? { localSheetId: Number(a.localSheetId) } : {}),
        };
      }
    },
    text(t) {
      if (nameOpen) nameOpen.text += t;
    },
    close(n) {
      if (localName(n) === "definedName" && nameOpen) {
        names.push(nameOpen);
        nameOpen = null;
      }
    },
  });
  return {
    part,
    sheets,
    names,
    date1904,
    sharedStringsPart: byType("/sharedStrings"),
    stylesPart: byType("/styles"),
  };
}

/** The shared string table; rich text runs are joined, phonetic guides left out. */
export function sharedStrings(pkg: XlsxPackage, part: string | null): string[] {
  const xml = part ? partText(pkg, part) : null;
  const out: string[] = [];
  if (!xml) return out;
  let cur: string | null = null;
  let inT = false;
  let inPhonetic = 0;
  parseXml(xml, {
    open(n) {
      const ln = localName(n);
      if (ln === "si") cur = "";
      else if (ln === "rPh") inPhonetic++;
      else if (ln === "t" && !inPhonetic) inT = true;
    },
    text(t) {
      if (inT && cur !== null) cur += t;
    },
    close(n) {
      const ln = localName(n);
      if (ln === "t") inT = false;
      else if (ln === "rPh") inPhonetic--;
      else if (ln === "si") {
        out.push(unescapeOoxml(cur ?? ""));
        cur = null;
      }
    },
  });
  return out;
}

/** Built-in number formats that matter to a ledger: dates (including the CJK ones) and text. */
const BUILTIN: Record<number, string> = {
  14: "yyyy-mm-dd",
  15: "d-mmm-yy",
  16: "d-mmm",
  17: "mmm-yy",
  22: "yyyy-mm-dd h:mm",
  49: "@",
};
for (const id of [27, 28, 29, 30, 31, 34, 35, 36, 50, 51, 52, 53, 54, 57, 58])
  BUILTIN[id] = 'yyyy"年"m"月"d"日"';
for (const id of [18, 19, 20, 21, 32, 33, 45, 46, 47, 55, 56]) BUILTIN[id] = "h:mm:ss";

/** Number format code of each cell style index (`s` attribute). */
export function styleFormats(pkg: XlsxPackage, part: string | null): string[] {
  const xml = part ? partText(pkg, part) : null;
  const formats = new Map<number, string>();
  const out: string[] = [];
  if (!xml) return out;
  let inCellXfs = false;
  parseXml(xml, {
    open(n, a) {
      const ln = localName(n);
      if (ln === "numFmt") formats.set(Number(a.numFmtId), a.formatCode ?? "");
      else if (ln === "cellXfs") inCellXfs = true;
      else if (ln === "xf" && inCellXfs) {
        const id = Number(a.numFmtId ?? 0);
        out.push(formats.get(id) ?? BUILTIN[id] ?? "General");
      }
    },
    close(n) {
      if (localName(n) === "cellXfs") inCellXfs = false;
    },
  });
  return out;
}
