/**
 * How close a parse comes to the parse of the clean text, field by field: for every task its title,
 * lead units, responsible units, deadlines and domain. A missing or extra task counts every field wrong.
 */
import type { Plan, Task } from "../../src/plan";

export const SCORED_FIELDS = ["title", "lead", "responsible", "deadlines", "domain"] as const;
export type ScoredField = (typeof SCORED_FIELDS)[number];

const fieldsOf = (t: Task): Record<ScoredField, string> => ({
  title: t.title,
  lead: t.leadUnits.join("、"),
  responsible: t.responsibleUnits.join("、"),
  deadlines: t.deadlines.map((d) => `${d.date}${d.inferred ? "?" : ""}`).join(" "),
  domain: t.domain,
});

export interface PlanScore {
  score: number;
  correct: number;
  total: number;
  /** The first differences, for a readable failure. */
  misses: string[];
}

export function scorePlan(expected: Plan, actual: Plan): PlanScore {
  const byId = new Map(actual.tasks.map((t) => [t.id, t]));
  let correct = 0;
  let total = 0;
  const misses: string[] = [];
  for (const e of expected.tasks) {
    const a = byId.get(e.id);
    const want = fieldsOf(e);
    const got = a ? fieldsOf(a) : null;
    for (const f of SCORED_FIELDS) {
      total++;
      if (got && got[f] === want[f]) correct++;
      else if (misses.length < 30)
        misses.push(`任务${e.id} ${f}: 应为“${want[f]}”，得到“${got?.[f] ?? "（缺失）"}”`);
    }
  }
  const extra = actual.tasks.filter((t) => !expected.tasks.some((e) => e.id === t.id));
  total += extra.length * SCORED_FIELDS.length;
  for (const t of extra.slice(0, 5)) misses.push(`多出的任务${t.id}：${t.title}`);
  return { score: total ? correct / total : 1, correct, total, misses };
}
