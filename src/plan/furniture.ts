/**
 * What a PDF puts around the text and a copy carries along: page numbers (`— 3 —`, `-3-`, `第3页 共9页`),
 * running headers and footers repeated on every page, and spaces set between digits and Chinese
 * (`9 月底前`). Pure; line count is kept (dropped lines become null) so diagnostics keep their line numbers.
 */

import { UNIT_NAME_LINE_RE } from "./units";

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

/** Lines that are content wherever they stand: labels, numbered items, closed sentences. */
const LABEL_OR_ITEM_RE =
  /(牵头|责任|配合|协办|参与|主责)(单位|部门)?\s*[:：】\]]|牵头|负责|完成时限|完成时间|时间节点|^[一二三四五六七八九十]+\s*[、.．]|^[(（][一二三四五六七八九十\d]+[)）]|^\d+\s*[.、．]|[。；;]$/;
/** Lines with dates, lists or brackets: content (the tail of a unit bracket recurs at paragraph ends). */
const CONTENT_RE = /\d\s*月|年底|全年|季度|[〕】）)，,、]/;
/** What a line broken off a number can start with (`202` / `3年6月底前`, `30` / `个工作日`). */
const NUMBER_GOES_ON_RE = /^[\d年月日号时%％个项万亿元倍天周岁人户家所座条次]/;
const BARE_NUMBER_RE = /^\d{1,3}$/;
/** Lines of the title area, where a header's first occurrence may be the title itself. */
const TITLE_AREA = 5;

/**
 * Drop page numbers and running headers/footers. Only lines at a page's edge count: next to a blank
 * line, a page number or a page break (`\f`, pdftotext's). A line in the middle of a paragraph — a wrapped
 * fragment that happens to recur (`头单位：市政务服务和大数据`), or a bare `202` broken off `2023年` — is
 * text. A running header is such a line repeated at least three times (numbers aside); its first
 * occurrence stays only in the title area, since a plan's title often doubles as the running header.
 */
export function blankFurniture(input: string[]): (string | null)[] {
  const pageStart = input.map((l) => l.includes("\f"));
  const lines = input.map((l) => l.replace(/\f/g, ""));
  const key = (s: string) => s.replace(/\d+/g, "#").replace(/[\s\u3000]+/g, "");
  const decorated = (i: number) => {
    const t = lines[i]?.trim() ?? "";
    return isPageNumber(t) && !BARE_NUMBER_RE.test(t);
  };
  const edgeOutside = (i: number) => i < 0 || i >= lines.length || !lines[i].trim() || decorated(i);
  const atEdge = (i: number) => pageStart[i] || pageStart[i + 1] || edgeOutside(i - 1) || edgeOutside(i + 1);
  // A header opens a page (after a break, a blank or a page number); a footer closes one (before a page
  // number or a break). A paragraph's last line before a blank line is neither.
  const pageEnd = (i: number) =>
    pageStart[i + 1] || decorated(i + 1) || (!lines[i + 1]?.trim() && (decorated(i + 2) || pageStart[i + 2]));
  const headerEdge = (i: number) => pageStart[i] || edgeOutside(i - 1) || pageEnd(i);

  const counts = new Map<string, number>();
  let before = "";
  lines.forEach((l, i) => {
    const t = l.trim();
    // A value under a label on the line before (`牵头单位：` / `区发改局`) is content however often it recurs.
    const content = LABEL_OR_ITEM_RE.test(t) || CONTENT_RE.test(t);
    // So is a unit's name in a list of units one per line.
    const listed = UNIT_NAME_LINE_RE.test(t) && (/[:：]$/.test(before) || UNIT_NAME_LINE_RE.test(before));
    if (
      t &&
      t.length >= 5 &&
      t.length <= 40 &&
      headerEdge(i) &&
      !content &&
      !listed &&
      !/[:：]$/.test(before)
    )
      counts.set(key(t), (counts.get(key(t)) ?? 0) + 1);
    if (t) before = t;
  });
  const atBreak = runningAtPageBreaks(lines, pageStart, key);
  const seen = new Set<string>();
  let nonEmpty = 0;
  return lines.map((l, i) => {
    const t = l.trim();
    if (!t) return l;
    nonEmpty++;
    if (isPageNumber(t)) {
      if (!BARE_NUMBER_RE.test(t)) return null;
      const next = lines.slice(i + 1).find((x) => x.trim()) ?? "";
      if (atEdge(i) || !NUMBER_GOES_ON_RE.test(next.trim())) return null;
      return l;
    }
    const k = key(t);
    const n = counts.get(k) ?? 0;
    if (atBreak.lines.has(i)) return null;
    if ((n >= 3 || atBreak.keys.has(k)) && headerEdge(i)) {
      if (seen.has(k) || nonEmpty > TITLE_AREA) return null;
      seen.add(k);
    }
    return l;
  });
}

/**
 * Running headers and footers found by the page breaks themselves (a form feed, or a page number standing
 * on its own line): the first line after a break and the last before it. A line that stands there at most
 * breaks is furniture whatever it says, a date (`…办公室 2022年7月`), a 文号 or a `、` included. Labels,
 * numbered items and closed sentences never are. Returns the keys and the lines at the breaks.
 */
function runningAtPageBreaks(
  lines: string[],
  pageStart: boolean[],
  key: (s: string) => string,
): { keys: Set<string>; lines: Set<number> } {
  const heads: number[] = [];
  const feet: number[] = [];
  let lastText = -1;
  let inBreak = false;
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i].trim();
    // A bare number counts only with a blank line or a page's edge beside it (not `202` / `3年…`).
    const bareApart = !lines[i - 1]?.trim() || !lines[i + 1]?.trim() || pageStart[i] || pageStart[i + 1];
    const number = t !== "" && isPageNumber(t) && (!BARE_NUMBER_RE.test(t) || bareApart);
    if (pageStart[i] || number) {
      if (!inBreak && lastText >= 0) feet.push(lastText);
      inBreak = true;
    }
    if (!t || number) continue;
    if (inBreak) heads.push(i);
    inBreak = false;
    lastText = i;
  }
  const breaks = heads.length;
  const keys = new Set<string>();
  const at = new Set<number>();
  for (const side of [heads, feet]) {
    const counts = new Map<string, number>();
    for (const i of side) counts.set(key(lines[i].trim()), (counts.get(key(lines[i].trim())) ?? 0) + 1);
    for (const i of side) {
      const t = lines[i].trim();
      const n = counts.get(key(t)) ?? 0;
      // Text that looks like content (a date, a list) must stand at nearly every break.
      const needed = Math.max(2, Math.ceil(breaks * (CONTENT_RE.test(t) ? 0.75 : 0.5)));
      if (n >= needed && t.length >= 4 && t.length <= 60 && !LABEL_OR_ITEM_RE.test(t)) {
        keys.add(key(t));
        at.add(i);
      }
    }
  }
  return { keys, lines: at };
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
    .replace(WIDE_SPACE_RE, "$1")
    .replace(BRACKET_SPACE_RE, "$1$2");
}

/** `土地出 (转)让`: a space between Chinese and an ASCII bracket, which a PDF's text drops. */
const BRACKET_SPACE_RE = new RegExp(
  `([${WIDE}])[ \\t\\u00a0]+(?=[(\\[])|([)\\]])[ \\t\\u00a0]+(?=[${WIDE}])`,
  "g",
);
