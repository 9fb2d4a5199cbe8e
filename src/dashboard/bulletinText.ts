/**
 * The 通报 paragraph, written twice from one wording: as text by the engine (`bulletin`) and as the
 * dashboard's formula (`bulletinFormula`) that builds the same characters from the live figures. Numbers
 * are rounded and written the way both sides can agree on: percentages as tenths by ROUND and integer
 * arithmetic (no TEXT(), whose format codes depend on the program's locale).
 */
import { DUE_SOON_DAYS } from "../ledger/vocabulary";
import type { Figures, ListedItem } from "./summary";

/** Overdue tasks named in the 通报; the rest are summed up by 等. */
export const BULLETIN_NAMED = 10;
const NO_LEAD = "未明确牵头单位";

/** x as tenths of a percent, rounded as ROUND(x*1000,0) does (on the 15-digit decimal, half away from 0). */
export function tenths(x: number): number {
  const v = Number((x * 1000).toPrecision(15));
  return Math.sign(v) * Math.round(Math.abs(v));
}
const tenthsText = (t: number) => `${Math.floor(t / 10)}.${t % 10}`;

/** Nested quotes in 公文 style: “” inside the 通报's own “” become ‘’. */
export const nestQuotes = (s: string) => s.replace(/“/g, "‘").replace(/”/g, "’");

export function overduePhrase(o: Pick<ListedItem, "id" | "title" | "lead" | "days">): string {
  return `第${o.id}项“${nestQuotes(o.title)}”（${o.lead || NO_LEAD}，逾期${o.days}天）`;
}

export interface BulletinInput {
  asOf: string;
  title: string;
  figures: Figures;
  progress: number;
  /** Overdue tasks in list order. */
  overdueTasks: ListedItem[];
}

export function bulletin({ asOf, title, figures: f, progress, overdueTasks }: BulletinInput): string {
  const [y, m, d] = asOf.split("-").map(Number);
  const rate = tenths(f.completionRate);
  const time = tenths(progress);
  const gap = time - rate;
  let s = `截至${y}年${m}月${d}日，${title ? `《${title}》` : ""}${f.total}项任务已完成${f.done}项，完成率${tenthsText(rate)}%，`;
  s +=
    gap > 0
      ? `低于序时进度${tenthsText(gap)}个百分点`
      : gap < 0
        ? `高于序时进度${tenthsText(-gap)}个百分点`
        : "与序时进度持平";
  s += `（序时进度${tenthsText(time)}%）；推进中${f.inProgress}项，未启动${f.notStarted}项`;
  if (f.doneLate) s += `；逾期完成${f.doneLate}项`;
  const n = overdueTasks.length;
  s += n
    ? `；逾期未完成${n}项：${overdueTasks.slice(0, BULLETIN_NAMED).map(overduePhrase).join("、")}${n > BULLETIN_NAMED ? "等" : ""}`
    : "；无逾期未完成任务";
  s += f.dueSoon ? `；${DUE_SOON_DAYS}天内到期${f.dueSoon}项，请相关单位抓紧推进。` : "。";
  return s;
}

/** A formula string literal. */
export const literal = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** The formula of one overdue task's phrase, from the cells of its list row. */
export function overduePhraseFormula(id: string, title: string, lead: string, days: string): string {
  return (
    `"第"&${id}&"项“"&SUBSTITUTE(SUBSTITUTE(${title},"“","‘"),"”","’")&"”（"&` +
    `IF(${lead}="",${literal(NO_LEAD)},${lead})&"，逾期"&${days}&"天）"`
  );
}

/** Cells (A1 references or names) the 通报 formula reads. */
export interface BulletinCells {
  asOf: string;
  title: string;
  total: string;
  done: string;
  /** ROUND(completion rate × 1000, 0) and ROUND(序时进度 × 1000, 0): tenths of a percent. */
  rateTenths: string;
  progressTenths: string;
  inProgress: string;
  notStarted: string;
  doneLate: string;
  overdue: string;
  dueSoon: string;
  /** The phrases of the first overdue tasks, in list order ("" beyond the list). */
  phrases: string[];
}

const tenthsFormula = (t: string) => `INT(${t}/10)&"."&MOD(${t},10)`;

export function bulletinFormula(c: BulletinCells): string {
  const gap = `(${c.progressTenths}-${c.rateTenths})`;
  const gapBack = `(${c.rateTenths}-${c.progressTenths})`;
  const named = c.phrases
    .slice(0, BULLETIN_NAMED)
    .map((p, i) => (i === 0 ? p : `IF(${p}="","","、"&${p})`))
    .join("&");
  return [
    `"截至"&YEAR(${c.asOf})&"年"&MONTH(${c.asOf})&"月"&DAY(${c.asOf})&"日，"`,
    `IF(${c.title}="","","《"&${c.title}&"》")`,
    `${c.total}&"项任务已完成"&${c.done}&"项，完成率"&${tenthsFormula(c.rateTenths)}&"%，"`,
    `IF(${gap}>0,"低于序时进度"&${tenthsFormula(gap)}&"个百分点",IF(${gap}<0,"高于序时进度"&${tenthsFormula(gapBack)}&"个百分点","与序时进度持平"))`,
    `"（序时进度"&${tenthsFormula(c.progressTenths)}&"%）；推进中"&${c.inProgress}&"项，未启动"&${c.notStarted}&"项"`,
    `IF(${c.doneLate}>0,"；逾期完成"&${c.doneLate}&"项","")`,
    `IF(${c.overdue}>0,"；逾期未完成"&${c.overdue}&"项："&${named}&IF(${c.overdue}>${BULLETIN_NAMED},"等",""),"；无逾期未完成任务")`,
    `IF(${c.dueSoon}>0,"；${DUE_SOON_DAYS}天内到期"&${c.dueSoon}&"项，请相关单位抓紧推进。","。")`,
  ].join("&");
}
