/**
 * The dashboard's live formulas. Only functions Excel 2016, WPS and LibreOffice all compute (COUNTIFS, IF,
 * IFERROR, INDEX, MATCH, SMALL, SUBSTITUTE, MID, REPT, TRIM, INT, MOD, ROUND, MIN, MAX, DATE, YEAR, MONTH,
 * DAY, ROW); no FILTER, SORT, LET or TEXTJOIN. Each mirrors a count of `summary.ts`.
 */
import { AS_OF_NAME, PLAN_STATUS_HEADER, PLAN_STATUS_REMOVED, TABLES } from "../ledger/vocabulary";

const T = TABLES.ledger;
const M = TABLES.milestones;

/**
 * Rows still in the plan: a row an update marked 已移除 stays in its table but counts nowhere, as the
 * engine leaves it out. (COUNTIFS's "<>" criterion also matches the empty cell of every row in the plan.)
 */
export const inPlan = (table: string = T) => [
  `${table}[${PLAN_STATUS_HEADER}]`,
  `"<>${PLAN_STATUS_REMOVED}"`,
];

/** A group of ledger rows: criteria pairs for COUNTIFS, or several alternatives summed (unit patterns). */
export type Group = string[][];

/**
 * Text as a literal COUNTIFS/MATCH pattern: `~`, `*` and `?` escaped with `~`. Criteria built from it start
 * with `=`, so that a name starting with `=`, `<` or `>` is compared, not read as an operator.
 */
export const escapedText = (ref: string) =>
  `SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(${ref},"~","~~"),"*","~*"),"?","~?")`;

export const everyTask: Group = [[`${T}[序号]`, `"<>"`, ...inPlan()]];
/** Tasks of a domain; `escapedCell` holds the domain name escaped by `escapedText`. */
export const domainGroup = (escapedCell: string): Group => [
  [`${T}[序号]`, `"<>"`, ...inPlan(), `${T}[领域]`, `"="&${escapedCell}`],
];
/**
 * A unit among `、`-separated lead units: alone, first, last or in the middle. `escapedCell` holds the
 * unit's name (or one of its aliases) escaped by `escapedText`.
 */
export const unitGroup = (escapedCell: string): Group =>
  [
    `"="&${escapedCell}`,
    `"="&${escapedCell}&"、*"`,
    `"=*、"&${escapedCell}`,
    `"=*、"&${escapedCell}&"、*"`,
  ].map((c) => [`${T}[序号]`, `"<>"`, ...inPlan(), `${T}[牵头单位]`, c]);

/** The four patterns of `unitGroup` as formulas, one per helper cell (see `countPatterns`). */
export const unitPatterns = (escapedCell: string): string[] => [
  `"="&${escapedCell}`,
  `"="&${escapedCell}&"、*"`,
  `"=*、"&${escapedCell}`,
  `"=*、"&${escapedCell}&"、*"`,
];

/**
 * Numbered rows still in the plan whose `column` matches any of the patterns in `patternRange` (four
 * cells holding `unitPatterns`), with further criteria pairs: one COUNTIFS over a criteria range, summed
 * by SUMPRODUCT (no array entry needed in Excel 2016). The same count as `countIf(unitGroup(…))`, in a
 * quarter of the text.
 */
export function countPatterns(column: string, patternRange: string, ...extra: string[]): string {
  return `SUMPRODUCT(COUNTIFS(${[`${T}[序号]`, `"<>"`, ...inPlan(), column, patternRange, ...extra].join(",")}))`;
}

export function countIf(group: Group, ...extra: string[]): string {
  return group.map((criteria) => `COUNTIFS(${[...criteria, ...extra].join(",")})`).join("+");
}

export const statusIs = (s: string) => [`${T}[状态]`, `"${s}"`];
export const warningIs = (w: string) => [`${T}[预警]`, `"${w}"`];

export const rate = (part: string, whole: string) => `IF(${whole}=0,0,${part}/${whole})`;

/** 序时进度 over the period from `from` (ISO) to 31 December of `year`; see `timeProgress`. */
export function timeProgressFormula(year: number, from = `${year}-01-01`): string {
  const start = `DATE(${+from.slice(0, 4)},${+from.slice(5, 7)},${+from.slice(8, 10)})`;
  return `MIN(1,MAX(0,(INT(${AS_OF_NAME})-${start}+1)/(DATE(${year + 1},1,1)-${start})))`;
}

/** Deadlines falling in a month, in the ledger (`tasks`) or the milestones, optionally done. */
export function dueInMonth(
  table: "tasks" | "milestones",
  year: number,
  month: number,
  doneOnly: boolean,
): string {
  const tab = table === "tasks" ? T : M;
  const key = table === "tasks" ? `${T}[序号]` : `${M}[节点编号]`;
  const next = month === 12 ? `DATE(${year + 1},1,1)` : `DATE(${year},${month + 1},1)`;
  const parts = [
    key,
    `"<>"`,
    ...inPlan(tab),
    `${tab}[完成时限]`,
    `">="&DATE(${year},${month},1)`,
    `${tab}[完成时限]`,
    `"<"&${next}`,
  ];
  if (doneOnly) parts.push(`${tab}[状态]`, `"已完成"`);
  return `COUNTIFS(${parts.join(",")})`;
}
