/**
 * A strict check of one XML part before it is written: saxes, a conforming XML 1.0 parser, in namespace
 * mode (tags nest and match, attributes are quoted and not repeated, entity references are known, every
 * prefix used is declared in scope), plus two rules of package parts: no DOCTYPE, and (unless told
 * otherwise, as for VML) no element in no namespace. The parser that edits parts is lenient by design (it
 * must read what other programs wrote); this check is what stops an edit that a strict reader
 * (LibreOffice, openpyxl, Excel) would refuse. Returns the first problem, in Chinese, or null.
 */
import { SaxesParser } from "saxes";

/** Thrown from saxes's handlers to stop at the first problem. */
class Problem extends Error {}

/** saxes's messages, said the way the rest of the tool speaks (the original follows in brackets). */
const MESSAGES: [RegExp, (m: RegExpExecArray) => string][] = [
  [/unbound namespace prefix: "([^"]*)"/, (m) => `前缀“${m[1]}”没有声明`],
  [/duplicate attribute/, () => "属性重复"],
  [/unexpected close tag|unmatched closing tag|closing tag/, () => "结束标记与开始标记不配对"],
  [/entity|&/, () => "文字或属性中有未转义的“&”（或未知的实体引用）"],
  [/outside of root|after root|only one root/, () => "根元素之外有文字或元素"],
  [/must contain a root|root element/, () => "没有根元素"],
  [/unclosed tag/, () => "有元素没有结束"],
];

/** An `&` that starts no entity or character reference. */
const BARE_AMPERSAND = /&(?![A-Za-z_:][\w.:-]*;|#\d+;|#x[0-9A-Fa-f]+;)/;

function describe(message: string, xml: string): string {
  const at = /^(?:[^:]*:)?(\d+):\d+: (.*)$/s.exec(message);
  const [line, text] = at ? [Number(at[1]), at[2]] : [0, message];
  // saxes reads a bare `&` as the start of an entity name and may only fail at the end of the document
  // ("unclosed tag"): name the real cause and where it is.
  const bare = BARE_AMPERSAND.exec(xml);
  if (bare)
    return `第 ${xml.slice(0, bare.index).split("\n").length} 行：文字或属性中有未转义的“&”（${text}）`;
  for (const [re, say] of MESSAGES) {
    const m = re.exec(text);
    if (m) return `${line ? `第 ${line} 行：` : ""}${say(m)}（${text}）`;
  }
  return `${line ? `第 ${line} 行：` : ""}XML 不合规范（${text}）`;
}

/** Parts at least this large are handed to the parser as bytes decoded piece by piece. */
const PIECE = 1 << 20;

/**
 * `xml` as text, or as the part's UTF-8 bytes: a large part (a 10,000-task ledger sheet) is then decoded
 * and parsed a piece at a time, never held whole as text (only a problem's description decodes it all).
 */
export function xmlProblem(xml: string | Uint8Array, requireNamespace = true): string | null {
  const parser = new SaxesParser({ xmlns: true, position: true });
  let problem: string | null = null;
  const stop = (p: string): never => {
    problem = p;
    throw new Problem(p);
  };
  const whole = () =>
    typeof xml === "string" ? xml : new TextDecoder("utf-8", { ignoreBOM: true }).decode(xml);
  parser.on("error", (err) => stop(describe(err.message, whole())));
  parser.on("doctype", () => stop(`第 ${parser.line} 行：不允许 DOCTYPE 声明`));
  parser.on("opentag", (tag) => {
    if (requireNamespace && !tag.uri)
      stop(`第 ${parser.line} 行：元素 <${tag.name}> 不在任何命名空间中（应当带上文件所用的前缀）`);
  });
  try {
    if (typeof xml === "string") parser.write(xml);
    else {
      const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
      for (let i = 0; i < xml.length; i += PIECE)
        parser.write(decoder.decode(xml.subarray(i, i + PIECE), { stream: true }));
      parser.write(decoder.decode());
    }
    parser.close();
  } catch (err) {
    if (!(err instanceof Problem)) throw err;
  }
  return problem;
}
