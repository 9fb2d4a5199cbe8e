/**
 * Which row of the ledger is which task of the (revised) plan: by number and content together, so that
 * a task inserted as No. 3 does not hand every later task's entries to its neighbour. A row keeps its
 * task when number and title agree; a title found under another number follows its task (renumbered);
 * what is left is paired by number when the content is still close (a retitled task), then by content
 * alone whatever the number and title (a task reworded and moved); a task that comes back after it was
 * marked removed finds its old row again. Everything else is removed or new, and near misses are listed
 * for staff to decide.
 */
import type { Task } from "../../plan";

export interface OldTask {
  row: number;
  id: number;
  /** Titles this row is known by: as built (the plan copy) and as it stands in the ledger. */
  titles: string[];
  /** Title and content, for closeness. */
  text: string;
  /** Content alone (without the title). */
  body: string;
}

export interface TaskMatch {
  old: OldTask;
  task: Task;
  how: "same" | "renumbered" | "retitled" | "revived";
}

export interface Matching {
  matches: TaskMatch[];
  /** Rows marked removed by an earlier update whose task is back in the plan. */
  revived: TaskMatch[];
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
/** Content this close is the same task even under another number and title. */
const SAME_CONTENT = 0.85;
/** Beyond this many pairs, content is not compared across numbers (a wholly different plan). */
const MAX_PAIRS = 250_000;

/**
 * Pairs of `olds` and `tasks` whose content is each other's closest and at least `min` alike; pairs
 * between `near` and `min` (or not mutual) are returned as near misses.
 */
function pairByContent(
  olds: OldTask[],
  tasks: Task[],
  min: number,
  near: number,
): { pairs: [OldTask, Task][]; misses: [OldTask, Task, number][] } {
  const pairs: [OldTask, Task][] = [];
  const misses: [OldTask, Task, number][] = [];
  if (!olds.length || !tasks.length || olds.length * tasks.length > MAX_PAIRS) return { pairs, misses };
  const score = olds.map((o) => tasks.map((t) => closeness(o.body || o.text, t.body || t.title)));
  const bestTask = score.map((row) => row.indexOf(Math.max(...row)));
  const bestOld = tasks.map((_, j) => {
    let bi = 0;
    for (let i = 1; i < olds.length; i++) if (score[i][j] > score[bi][j]) bi = i;
    return bi;
  });
  // A tie is no answer: two rows (or tasks) equally close are left for staff to decide.
  const unique = (xs: number[], best: number) => xs.filter((x) => x === best).length === 1;
  olds.forEach((o, i) => {
    const j = bestTask[i];
    const c = score[i][j];
    const clear =
      unique(score[i], c) &&
      unique(
        score.map((row) => row[j]),
        c,
      );
    if (c >= min && bestOld[j] === i && clear) pairs.push([o, tasks[j]]);
    else if (c >= near) misses.push([o, tasks[j], c]);
  });
  return { pairs, misses };
}

const pct = (c: number) => `${Math.round(c * 100)}%`;

export function matchTasks(olds: OldTask[], tasks: Task[], removedOlds: OldTask[] = []): Matching {
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
  // 2. The title, found once on each side, under another number; a title shared by several tasks is
  // settled by their content.
  const byTitle = new Map<string, { olds: OldTask[]; tasks: Task[] }>();
  const slot = (k: string) => byTitle.get(k) ?? byTitle.set(k, { olds: [], tasks: [] }).get(k)!;
  for (const o of freeOld) for (const k of new Set(o.titles.map(normText))) if (k) slot(k).olds.push(o);
  for (const t of freeTask) slot(normText(t.title)).tasks.push(t);
  for (const [title, s] of byTitle) {
    const olds1 = s.olds.filter((o) => freeOld.has(o));
    const tasks1 = s.tasks.filter((t) => freeTask.has(t));
    if (!olds1.length || !tasks1.length) continue;
    if (olds1.length === 1 && tasks1.length === 1) {
      take(olds1[0], tasks1[0], "renumbered");
      continue;
    }
    for (const [o, t] of pairByContent(olds1, tasks1, SAME_CONTENT, 0).pairs) take(o, t, "renumbered");
    const leftOld = olds1.filter((o) => freeOld.has(o));
    const leftTask = tasks1.filter((t) => freeTask.has(t));
    if (leftOld.length && leftTask.length)
      ambiguous.push(
        `标题“${title}”在台账中有 ${leftOld.length} 行（序号 ${leftOld.map((o) => o.id).join("、")}），` +
          `在新计划中有 ${leftTask.length} 项（序号 ${leftTask.map((t) => t.id).join("、")}），内容也无法区分，无法确定对应关系`,
      );
  }
  // 3. Same number, content still close: the plan retitled the task.
  const nearMiss = new Map<OldTask, string>();
  for (const o of [...freeOld]) {
    const t = taskById.get(o.id);
    if (!t || !freeTask.has(t)) continue;
    const c = closeness(o.text, `${t.title}${t.body}`);
    if (c >= RETITLE_MIN) take(o, t, "retitled");
    else if (c >= NEAR_MISS)
      nearMiss.set(
        o,
        `序号 ${o.id}：台账中的“${o.titles[0]}”与新计划的“${t.title}”内容相近（${pct(c)}）但不够确定，按“移除旧任务、新增新任务”处理`,
      );
  }
  // 4. Content unchanged (or nearly) under another number and title: the same task, reworded and moved.
  const byContent = pairByContent([...freeOld], [...freeTask], SAME_CONTENT, RETITLE_MIN);
  for (const [o, t] of byContent.pairs) take(o, t, "renumbered");
  for (const [o, t, c] of byContent.misses)
    if (freeOld.has(o) && freeTask.has(t))
      nearMiss.set(
        o,
        `台账序号 ${o.id}“${o.titles[0]}”与新计划序号 ${t.id}“${t.title}”内容相近（${pct(c)}）但不够确定，按“移除旧任务、新增新任务”处理`,
      );
  for (const [o, text] of nearMiss) if (freeOld.has(o)) ambiguous.push(text);

  // 5. A task back in the plan finds the row it was removed from (with every entry staff made there).
  const revived: TaskMatch[] = [];
  const freeRemoved = new Set(removedOlds);
  const revive = (o: OldTask, t: Task) => {
    revived.push({ old: o, task: t, how: "revived" });
    freeRemoved.delete(o);
    freeTask.delete(t);
  };
  for (const t of [...freeTask]) {
    const same = [...freeRemoved].filter((o) => knownBy(o, t));
    if (same.length === 1) revive(same[0], t);
    else if (same.length > 1) {
      const best = same.find((o) => o.id === t.id);
      if (best) revive(best, t);
    }
  }
  for (const [o, t] of pairByContent([...freeRemoved], [...freeTask], SAME_CONTENT, 2).pairs) revive(o, t);

  return { matches, revived, removed: [...freeOld], added: [...freeTask], ambiguous };
}
