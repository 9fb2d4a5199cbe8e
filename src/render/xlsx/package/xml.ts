/** Small XML helpers over htmlparser2's tokenizer (which reports each tag's exact source position). */
import { Parser } from "htmlparser2";

export interface XmlHandlers {
  open?(name: string, attrs: Record<string, string>, start: number, end: number): void;
  /** `selfClosing`: the tag was `<x/>`, so start/end are the open tag's. */
  close?(name: string, start: number, end: number, selfClosing: boolean): void;
  text?(text: string): void;
}

/** Parses XML text; positions are string offsets of `<` and `>` of each tag. */
export function parseXml(xml: string, h: XmlHandlers): void {
  const p: Parser = new Parser(
    {
      onopentag: h.open ? (n, a) => h.open!(n, a, p.startIndex, p.endIndex) : undefined,
      onclosetag: h.close ? (n, implied) => h.close!(n, p.startIndex, p.endIndex, implied) : undefined,
      ontext: h.text,
    },
    { xmlMode: true, decodeEntities: true },
  );
  p.end(xml);
}

// eslint-disable-next-line no-control-regex -- matching exactly those characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;

export const escapeText = (s: string) =>
  s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    // XML 1.0 cannot hold most control characters; Excel writes them as _xHHHH_.
    .replace(CONTROL, (c) => `_x${c.charCodeAt(0).toString(16).padStart(4, "0")}_`);

export const escapeAttr = (s: string) => escapeText(s).replace(/"/g, "&quot;");

/** Excel's `_xHHHH_` escapes in stored text (a CR is `_x000D_`). */
export const unescapeOoxml = (s: string) =>
  s.indexOf("_x") < 0 ? s : s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h) => String.fromCharCode(parseInt(h, 16)));

/** A relationship target made absolute inside the package (`xl/worksheets/sheet1.xml`). */
export function resolveTarget(fromPart: string, target: string): string {
  if (target.startsWith("/")) return target.slice(1);
  const base = fromPart.split("/").slice(0, -1);
  for (const seg of target.split("/")) {
    if (seg === "..") base.pop();
    else if (seg !== ".") base.push(seg);
  }
  return base.join("/");
}

/** The rels part that belongs to a part: `xl/_rels/workbook.xml.rels` for `xl/workbook.xml`. */
export function relsPathOf(part: string): string {
  const i = part.lastIndexOf("/");
  return `${part.slice(0, i + 1)}_rels/${part.slice(i + 1)}.rels`;
}

export interface Relationship {
  id: string;
  type: string;
  target: string;
  external: boolean;
}

export function parseRels(xml: string | null): Relationship[] {
  const out: Relationship[] = [];
  if (!xml) return out;
  parseXml(xml, {
    open(name, a) {
      if (localName(name) === "Relationship")
        out.push({
          id: a.Id,
          type: a.Type ?? "",
          target: a.Target ?? "",
          external: a.TargetMode === "External",
        });
    },
  });
  return out;
}

/** Element name without its namespace prefix (`x:row` → `row`): some writers prefix the main namespace. */
export const localName = (n: string) => {
  const i = n.indexOf(":");
  return i < 0 ? n : n.slice(i + 1);
};
