/** A task's plan columns as the ledger writes them, in one place for building and for updating. */
import type { Task } from "../plan";
import type { Kept } from "./kept";
import { date } from "./spec";

/** The task's deadline for the ledger: its last one. */
export const lastDeadline = (t: Task) =>
  t.deadlines.reduce((m, d) => (d.date > m ? d.date : m), t.deadlines[0].date);

export function deadlineNote(t: Task): string {
  const written = t.deadlines.filter((d) => !d.inferred).map((d) => d.text);
  if (written.length) return written.join("；");
  const term = t.deadlines.find((d) => d.term)?.term;
  return term ? `${term}（未写明日期，按年底计）` : "未写明（按年底计）";
}

/** The plan columns of a task, as the ledger writes them. */
const cell = (c: string | number): Kept => ({ cell: c });
const dateCell = (iso: string): Kept => ({ cell: date(iso) });

export function planCells(t: Task): Record<string, Kept> {
  return {
    序号: cell(t.id),
    领域: cell(t.domain),
    任务名称: cell(t.title),
    任务内容: cell(t.body),
    牵头单位: cell(t.leadUnits.join("、")),
    责任单位: cell(t.responsibleUnits.length ? t.responsibleUnits.join("、") : (t.collectiveDuty ?? "")),
    完成时限: dateCell(lastDeadline(t)),
    时限说明: cell(deadlineNote(t)),
    量化指标: cell(t.targets.join("；")),
  };
}
