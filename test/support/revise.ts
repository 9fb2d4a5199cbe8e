/** Revised plans made from the seed text, the way a district revises its plan. */
import { prng } from "./fill";
import { seedText } from "./files";

export interface Revision {
  text: string;
  removed: number[];
  retitled: number[];
  added: number[];
}

/**
 * Drop some tasks, retitle some, move some deadlines, add tasks at the end of a domain. Task numbers of
 * the others stay (plans are revised by number).
 */
export function revisePlan(seed: number): Revision {
  const rnd = prng(seed);
  const lines = seedText().split("\n");
  const removed: number[] = [];
  const retitled: number[] = [];
  const out: string[] = [];
  for (const line of lines) {
    const m = /^\s*(\d+)\.(.*)$/.exec(line);
    if (!m) {
      out.push(line);
      continue;
    }
    const id = Number(m[1]);
    const r = rnd();
    if (r < 0.06 && id > 1) {
      removed.push(id);
      continue;
    }
    if (r < 0.12) {
      retitled.push(id);
      out.push(
        `${id}.（修订）${m[2].replace(/(\d+)月底前/, (_, mo) => `${Math.min(12, Number(mo) + 1)}月底前`)}`,
      );
      continue;
    }
    out.push(line);
  }
  const added = [119, 120];
  const at = out.findIndex((l) => l.startsWith("三、保障措施"));
  out.splice(
    at,
    0,
    "119.新增数据共享任务。11月底前完成平台对接。〔牵头单位:税务局;责任单位:财政管理部〕",
    "",
    "120.新增营商环境评估。全年开展评估不少于2次。〔牵头单位:发展环境保障部〕",
    "",
  );
  // Numbers must stay unique and sequential for the parser; gaps from removals are fine (reported).
  return { text: out.join("\n"), removed, retitled, added };
}
