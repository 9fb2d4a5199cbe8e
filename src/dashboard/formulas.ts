/**
 * The dashboard's live formulas. Only COUNTIFS, COUNTA, IF, MIN, MAX and DATE over the ledger tables:
 * functions Excel 2016/2019, WPS and LibreOffice 7.4 all compute. Each mirrors a count of `summary.ts`.
 */
import { AS_OF_NAME, TABLES } from "../ledger/vocabulary";

const T = TABLES.ledger;
const M = TABLES.milestones;

/** A group of ledger rows: criteria pairs for COUNTIFS, or several alternatives summed (unit patterns). */
export type Group = string[][];

export const everyTask: Group = [[`${T}[序号]`, `"<>"`]];
export const domainGroup = (nameCell: string): Group => [[`${T}[序号]`, `"<>"`, `${T}[领域]`, nameCell]];
/** A unit among `、`-separated lead units: alone, first, last or in the middle. */
export const unitGroup = (nameCell: string): Group =>
  [nameCell, `${nameCell}&"、*"`, `"*、"&${nameCell}`, `"*、"&${nameCell}&"、*"`].map((c) => [
    `${T}[序号]`,
    `"<>"`,
    `${T}[牵头单位]`,
    c,
  ]);

export function countIf(group: Group, ...extra: string[]): string {
  return group.map((criteria) => `COUNTIFS(${[...criteria, ...extra].join(",")})`).join("+");
}

export const statusIs = (s: string) => [`${T}[状态]`, `"${s}"`];
export const warningIs = (w: string) => [`${T}[预警]`, `"${w}"`];

export const rate = (part: string, whole: string) => `IF(${whole}=0,0,${part}/${whole})`;

export function timeProgressFormula(year: number): string {
  return `MIN(1,MAX(0,(${AS_OF_NAME}-DATE(${year},1,1)+1)/(DATE(${year + 1},1,1)-DATE(${year},1,1))))`;
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
    `${tab}[完成时限]`,
    `">="&DATE(${year},${month},1)`,
    `${tab}[完成时限]`,
    `"<"&${next}`,
  ];
  if (doneOnly) parts.push(`${tab}[状态]`, `"已完成"`);
  return `COUNTIFS(${parts.join(",")})`;
}
