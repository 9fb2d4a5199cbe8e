/**
 * What a PDF puts around the text and a copy carries along: page numbers (`— 3 —`, `-3-`, `第3页 共9页`),
 * running headers and footers repeated on every page, and spaces set between digits and Chinese
 * (`9 月底前`). Pure; line count is kept (dropped lines become null) so diagnostics keep their line numbers.
 */

const PAGE_NUMBER_RES = [
  /^[-—–－─_~～·•\s]*\d{1,3}[-—–－─_~～·•\s]*$/, // — 3 —, -3-, 3
  /^第\s*\d{1,4}\s*页(\s*[,，/]?\s*共\s*\d{1,4}\s*页)?$/, // 第3页 共9页
  /^共\s*\d{1,4}\s*页\s*第\s*\d{1,4}\s*页$/,
  /^\d{1,4}\s*\/\s*\d{1,4}$/, // 3 / 9
  /^(page|p\.)\s*\d{1,4}(\s*(of|\/)\s*\d{1,4})?$/i,
];

export function isPageNumber(line: string): boolean {
  const t = line.trim();
  return t.length > 0 && t.length <= 20 && PAGE_NUMBER_RES.some((re) => re.test(t));
}

/** Lines that can never be a running header: labels, numbered items, sentences. */
const CONTENT_RE =
  /(牵头|责任|配合|协办|参与|主责)(单位|部门)?\s*[:：】\]]|完成时限|完成时间|时间节点|\d\s*月|年底|全年|季度|[〕】）)，,、]|^[一二三四五六七八九十]+\s*[、.．]|^[(（][一二三四五六七八九十\d]+[)）]|^\d+\s*[.、．]|[。；;]$/;

/**
 * Drop page numbers and running headers/footers. A running header is a short line repeated at
 * least three times (numbers aside) that is not content; its first occurrence stays, since a plan's
 * title often doubles as the running header.
 */
export function blankFurniture(lines: string[]): (string | null)[] {
  const key = (s: string) => s.replace(/\d+/g, "#").replace(/[\s\u3000]+/g, "");
  const counts = new Map<string, number>();
  let before = "";
  for (const l of lines) {
    const t = l.trim();
    // A value under a label on the line before (`牵头单位：` / `区发改局`) is content however often it recurs.
    if (t && t.length >= 5 && t.length <= 40 && !CONTENT_RE.test(t) && !/[:：]$/.test(before))
      counts.set(key(t), (counts.get(key(t)) ?? 0) + 1);
    if (t) before = t;
  }
  const seen = new Set<string>();
  return lines.map((l) => {
    const t = l.trim();
    if (!t) return l;
    if (isPageNumber(t)) return null;
    const k = key(t);
    if ((counts.get(k) ?? 0) >= 3) {
      if (seen.has(k)) return null;
      seen.add(k);
    }
    return l;
  });
}

const CJK = "\\u3400-\\u9fff\\uf900-\\ufaff";
const DIGIT_SPACE_RE = new RegExp(
  `([${CJK}])[ \\t\\u00a0]+(?=[0-9A-Za-z%])|([0-9A-Za-z%])[ \\t\\u00a0]+(?=[${CJK}])`,
  "g",
);

/** Chinese characters and full-width punctuation (quotes “” included). */
const WIDE = `${CJK}\\u3001-\\u303f\\uff01-\\uffef\\u2018-\\u201d`;
const WIDE_SPACE_RE = new RegExp(`([${WIDE}])[ \\t\\u00a0]+(?=[${WIDE}])`, "g");

/**
 * `9 月底前` → `9月底前`, `达 99%以上` → `达99%以上`, `“一业一证” 改革` → `“一业一证”改革`: spaces that a PDF
 * sets (or a typist slips in) between digits and Chinese, or between Chinese characters, mean nothing.
 */
export function closeDigitSpaces(line: string): string {
  return line
    .replace(DIGIT_SPACE_RE, (_m, a: string | undefined, b: string | undefined) => a ?? b ?? "")
    .replace(WIDE_SPACE_RE, "$1");
}
