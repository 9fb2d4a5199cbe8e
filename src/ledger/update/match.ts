/**
 * Which row of the ledger is which task of the (revised) plan: by number and content together, so that
 * a task inserted as No. 3 does not hand every later task's entries to its neighbour. A row keeps its
 * task when number and title agree; a title found under another number follows its task (renumbered);
 * what is left is paired by number when the content is still close (a retitled task). Everything else is
 * removed or new, and near misses are listed for staff to look at.
 */
import type { Task } from "../../plan";

export interface OldTask {
  row: number;
  id: number;
  /** Titles this row is known by: as built (the plan copy) and as it stands in the ledger. */
  titles: string[];
  /** Title and content, for closeness. */
  text: string;
}

export interface TaskMatch {
  old: OldTask;
  task: Task;
  how: "same" | "renumbered" | "retitled";
}

export interface Matching {
  matches: TaskMatch[];
  removed: OldTask[];
  added: Task[];
  /** Pairs that could be the same task but were not matched, and titles shared by several tasks. */
  ambiguous: string[];
}

export const normText = (s: string) => s.normalize("NFKC").replace(/[\s\u3000]+/g, "");

function bigrams(s: string): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i + 1 < s.length; i++) m.set(s.slice(i, i + 2), (m.get(s.slice(i, i + 2)) ?? 0) + 1);
  return m;
}

/** Dice similarity of two texts' character pairs (1: same, 0: nothing in common). */
export function closeness(a: string, b: string): number {
  const x = bigrams(normText(a));
  const y = bigrams(normText(b));
  let common = 0;
  let total = 0;
  for (const n of x.values()) total += n;
  for (const n of y.values()) total += n;
  for (const [k, n] of x) common += Math.min(n, y.get(k) ?? 0);
  return total ? (2 * common) / total : 1;
}

const RETITLE_MIN = 0.5;
const NEAR_MISS = 0.3;

export function matchTasks(olds: OldTask[], tasks: Task[]): Matching {
  const matches: TaskMatch[] = [];
  const ambiguous: string[] = [];
  const freeOld = new Set(olds);
  const freeTask = new Set(tasks);
  const take = (old: OldTask, task: Task, how: TaskMatch["how"]) => {
    matches.push({ old, task, how });
    freeOld.delete(old);
    freeTask.delete(task);
  };
  const knownBy = (o: OldTask, t: Task) => o.titles.some((x) => normText(x) === normText(t.title));

  // 1. Same number, same title.
  const taskById = new Map(tasks.map((t) => [t.id, t]));
  for (const o of olds) {
    const t = taskById.get(o.id);
    if (t && freeTask.has(t) && knownBy(o, t)) take(o, t, "same");
  }
  // 2. The title, found once on each side, under another number.
  const byTitle = new Map<string, { olds: OldTask[]; tasks: Task[] }>();
  const slot = (k: string) => byTitle.get(k) ?? byTitle.set(k, { olds: [], tasks: [] }).get(k)!;
  for (const o of freeOld) for (const k of new Set(o.titles.map(normText))) if (k) slot(k).olds.push(o);
  for (const t of freeTask) slot(normText(t.title)).tasks.push(t);
  for (const [title, s] of byTitle) {
    const olds1 = s.olds.filter((o) => freeOld.has(o));
    const tasks1 = s.tasks.filter((t) => freeTask.has(t));
    if (!olds1.length || !tasks1.length) continue;
    if (olds1.length === 1 && tasks1.length === 1) take(olds1[0], tasks1[0], "renumbered");
    else
      ambiguous.push(
        `标题“${title}”在台账中有 ${olds1.length} 行（序号 ${olds1.map((o) => o.id).join("、")}），` +
          `在新计划中有 ${tasks1.length} 项（序号 ${tasks1.map((t) => t.id).join("、")}），无法确定对应关系`,
      );
  }
  // 3. Same number, content still close: the plan retitled the task.
  for (const o of [...freeOld]) {
    const t = taskById.get(o.id);
    if (!t || !freeTask.has(t)) continue;
    const c = closeness(o.text, `${t.title}${t.body}`);
    if (c >= RETITLE_MIN) take(o, t, "retitled");
    else if (c >= NEAR_MISS)
      ambiguous.push(
        `序号 ${o.id}：台账中的“${o.titles[0]}”与新计划的“${t.title}”内容相近但不够确定，按“移除旧任务、新增新任务”处理`,
      );
  }
  return { matches, removed: [...freeOld], added: [...freeTask], ambiguous };
}
