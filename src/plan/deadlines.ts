/**
 * Deadlines written in a task (`7月底前`, `7月中旬前`, `2023年6月底前`, `6月30日前`, `年底前`, `全年`),
 * each tied to the clause it governs. Validity periods (`有效期延长至2025年12月31日`) are not deadlines.
 */
import type { Deadline } from "./types";
import { chineseNumeral, trimAll } from "./text";

const pad = (n: number) => String(n).padStart(2, "0");
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
export const isoDate = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;

const DEADLINE_RE = new RegExp(
  [
    "(?:(\\d{4})\\s*年\\s*)?",
    "(?:",
    // month forms: 7月底, 7月中旬, 6月30日, 7月份, 7月
    "(\\d{1,2}|十[一二]?|[一二三四五六七八九])\\s*月(?:\\s*(\\d{1,2})\\s*[日号]|(底|末|中旬|上旬|下旬|初|份))?",
    "|(年底|年末|年内|上半年|下半年|全年)",
    "|(底|末|内)", // after an explicit year: 2023年底前

    "|(?:第)?([一二三四1-4])季度(末|底)?",
    ")",
    "(之前|以前|前|完成|止)?",
  ].join(""),
  "g",
);

/** Context just before a date that makes it a validity period or a recurring date, not a deadline. */
const NOT_A_DEADLINE_BEFORE = /(延长至|延续至|延长到|有效期至|执行期至|有效期|执行期|每|每个|次年)\s*$/;

export interface FoundDeadline {
  date: string;
  text: string;
  start: number;
  end: number;
  /** The day of month did not exist (6月31日) and was clamped. */
  clamped?: boolean;
}

/**
 * Read a `完成时限：…` value. Besides the forms found in running text, a label value may be a bare month
 * (`2023年12月`: its end) or a bare year (`2023年`: its end).
 */
export function parseDeadlineText(s: string, year: number): FoundDeadline | null {
  const found = findDeadlines(s, year)[0];
  if (found) return found;
  const v = trimAll(s);
  const month = /^(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月$/.exec(v);
  if (month) {
    const y = month[1] ? Number(month[1]) : year;
    const m = Number(month[2]);
    if (m >= 1 && m <= 12) return { date: isoDate(y, m, lastDay(y, m)), text: v, start: 0, end: v.length };
  }
  const yearOnly = /^(\d{4})\s*年$/.exec(v);
  if (yearOnly) return { date: isoDate(Number(yearOnly[1]), 12, 31), text: v, start: 0, end: v.length };
  return null;
}

export function findDeadlines(text: string, year: number): FoundDeadline[] {
  const out: FoundDeadline[] = [];
  for (const m of text.matchAll(DEADLINE_RE)) {
    const [whole, yStr, mStr, dStr, part, yearTerm, yearEnd, quarter, qEnd, suffix] = m;
    if (!whole.trim()) continue;
    const start = m.index!;
    if (NOT_A_DEADLINE_BEFORE.test(text.slice(Math.max(0, start - 6), start))) continue;
    if (start > 0 && /[\d.]/.test(text[start - 1])) continue;
    const y = yStr ? Number(yStr) : year;
    let date: string | null = null;
    let clamped = false;
    if (mStr) {
      const mon = /^\d+$/.test(mStr) ? Number(mStr) : chineseNumeral(mStr);
      if (mon < 1 || mon > 12) continue;
      if (dStr) {
        if (!suffix) continue; // `7月1日起` is a start, not a deadline
        const d = Number(dStr);
        clamped = d < 1 || d > lastDay(y, mon);
        date = isoDate(y, mon, Math.min(Math.max(d, 1), lastDay(y, mon)));
      } else if (part === "底" || part === "末" || part === "下旬" || part === "份") {
        if (part === "份" && !suffix) continue;
        date = isoDate(y, mon, lastDay(y, mon));
      } else if (part === "中旬") date = isoDate(y, mon, 20);
      else if (part === "上旬" || part === "初") date = isoDate(y, mon, 10);
      else if (suffix === "完成" || suffix === "止") date = isoDate(y, mon, lastDay(y, mon));
      else if (suffix) {
        // `7月前`: before July begins.
        date = mon === 1 ? isoDate(y - 1, 12, 31) : isoDate(y, mon - 1, lastDay(y, mon - 1));
      } else continue; // a bare `7月` is a mention, not a deadline
    } else if (yearTerm) {
      if (yearTerm === "上半年") {
        if (!suffix) continue;
        date = isoDate(y, 6, 30);
      } else date = isoDate(y, 12, 31);
    } else if (yearEnd) {
      if (!yStr) continue;
      date = isoDate(y, 12, 31);
    } else if (quarter) {
      if (!qEnd && !suffix) continue;
      const q = "一二三四".includes(quarter) ? "一二三四".indexOf(quarter) + 1 : Number(quarter);
      date = isoDate(y, q * 3, lastDay(y, q * 3));
    }
    if (!date) continue;
    out.push({ date, text: trimAll(whole), start, end: start + whole.length, clamped });
  }
  return out;
}

/** Terms that say the work has no end date. */
export const NO_DATE_TERMS = [
  "长期坚持",
  "持续推进",
  "长期推进",
  "长期开展",
  "持续开展",
  "常态化推进",
  "长期",
];
const NO_DATE_RE = new RegExp(`^(${NO_DATE_TERMS.join("|")})$`);

export function noDateTerm(s: string): string | null {
  const m = NO_DATE_RE.exec(trimAll(s).replace(/[。.；;，,]+$/, ""));
  return m ? m[1] : null;
}

/**
 * Attach each deadline to its clause: the sentence it stands in, cut where the next deadline of the same
 * sentence begins.
 */
export function withClauses(text: string, found: FoundDeadline[], bodyStart = 0): Deadline[] {
  const sentenceEnd = (i: number) => {
    const rest = text.slice(i).search(/[。；;！!？?\n]/);
    return rest < 0 ? text.length : i + rest;
  };
  const sentenceStart = (i: number) => {
    let k = i;
    while (k > 0 && !/[。；;！!？?\n]/.test(text[k - 1])) k--;
    // A title that runs into the body is not part of the body's first clause.
    return i >= bodyStart && k < bodyStart ? bodyStart : k;
  };
  return found.map((d, i) => {
    const prev = found[i - 1];
    const next = found[i + 1];
    const sStart = sentenceStart(d.start);
    const from = prev && prev.end > sStart ? d.start : sStart;
    const sEnd = sentenceEnd(d.end);
    const to = next && next.start < sEnd ? next.start : sEnd;
    const clause = trimAll(text.slice(from, to)).replace(/^[，,、；;。]+|[，,、；;]+$/g, "");
    return { date: d.date, text: d.text, inferred: false, clause };
  });
}
