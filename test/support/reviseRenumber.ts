/** Revised plans that insert and delete tasks and renumber the rest, as a redrafted plan does. */
import { prng } from "./fill";
import { seedText } from "./files";

export interface RenumberedRevision {
  text: string;
  /** Old task number → new number, for tasks kept. */
  moved: Map<number, number>;
  removed: number[];
  /** New numbers of inserted tasks. */
  added: number[];
}

export function renumberedRevision(seed: number, maxInserts = 3, maxDeletes = 3): RenumberedRevision {
  const rnd = prng(seed);
  const lines = seedText().split("\n");
  const ids = lines
    .map((l) => /^\s*(\d+)\.(.*)$/.exec(l))
    .filter(Boolean)
    .map((m) => Number(m![1]));
  const deletes = new Set<number>();
  const nDel = Math.floor(rnd() * (maxDeletes + 1));
  while (deletes.size < nDel) deletes.add(2 + Math.floor(rnd() * (ids.length - 1)));
  const inserts = new Set<number>(); // insert a new task before this old number
  const nIns = Math.floor(rnd() * (maxInserts + 1));
  while (inserts.size < nIns) inserts.add(1 + Math.floor(rnd() * ids.length));
  const moved = new Map<number, number>();
  const added: number[] = [];
  const out: string[] = [];
  let next = 1;
  for (const line of lines) {
    const m = /^(\s*)(\d+)\.(.*)$/.exec(line);
    if (!m) {
      out.push(line);
      continue;
    }
    const id = Number(m[2]);
    if (inserts.has(id)) {
      added.push(next);
      out.push(
        `${m[1]}${next}.新插入的第${next}项任务（${seed}-${id}）：推进试点工作并总结经验。9月底前完成。〔牵头单位:税务局〕`,
        "",
      );
      next++;
    }
    if (deletes.has(id)) continue;
    moved.set(id, next);
    out.push(`${m[1]}${next}.${m[3]}`);
    next++;
  }
  return { text: out.join("\n"), moved, removed: [...deletes], added };
}
