/**
 * The XML of one cell the tool writes. Text goes in as an inline string, so the shared string table (a
 * part staff cells depend on) is never touched; text is always text, even when it starts with `=`.
 */
import { isDateCell, isFormulaCell, type Cell } from "../../../workbook/spec";
import { escapeText } from "./xml";

const DAY = 86_400_000;
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);

export function isoToSerial(iso: string, date1904 = false): number {
  const t = Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10));
  return Math.round((t - (date1904 ? EPOCH_1904 : EPOCH_1900)) / DAY);
}

const textXml = (s: string) => {
  const keep = /^\s|\s$|\n/.test(s) ? ' xml:space="preserve"' : "";
  return `<is><t${keep}>${escapeText(s)}</t></is>`;
};

/** `<c>` for a cell at `ref` with style index `style` (kept from the cell it replaces, or its neighbour's). */
export function cellXml(ref: string, cell: Cell, style: string, date1904 = false): string {
  const s = style ? ` s="${style}"` : "";
  if (cell === null || cell === "") return `<c r="${ref}"${s}/>`;
  if (typeof cell === "string") return `<c r="${ref}"${s} t="inlineStr">${textXml(cell)}</c>`;
  if (typeof cell === "number") return `<c r="${ref}"${s}><v>${cell}</v></c>`;
  if (typeof cell === "boolean") return `<c r="${ref}"${s} t="b"><v>${cell ? 1 : 0}</v></c>`;
  if (isDateCell(cell)) return `<c r="${ref}"${s}><v>${isoToSerial(cell.iso, date1904)}</v></c>`;
  if (isFormulaCell(cell)) {
    const f = `<f>${escapeText(cell.formula)}</f>`;
    const r = cell.result;
    if (r === undefined) return `<c r="${ref}"${s}>${f}</c>`;
    if (typeof r === "string") return `<c r="${ref}"${s} t="str">${f}<v>${escapeText(r)}</v></c>`;
    if (typeof r === "boolean") return `<c r="${ref}"${s} t="b">${f}<v>${r ? 1 : 0}</v></c>`;
    return `<c r="${ref}"${s}>${f}<v>${r}</v></c>`;
  }
  return `<c r="${ref}"${s}/>`;
}

/**
 * Cell XML in a sheet whose writer prefixed the main namespace (`<x:c>`): the tool's elements take the
 * same prefix, or a strict reader sees them in no namespace. Text is escaped, so every `<` is a tag.
 */
export function withPrefix(xml: string, prefix: string): string {
  return prefix ? xml.replace(/<(\/?)(c|is|t|v|f|r|rPr)(?=[\s>/])/g, `<$1${prefix}$2`) : xml;
}
