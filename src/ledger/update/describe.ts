/** The change list of an update, in the office's words: the CLI prints it, the add-in shows it before writing. */
import type { Change } from "./changeLog";

/** What an update does with rows whose task left the plan (command line and add-in alike), and with no change. */
const WORDS = {
  removed: "移除的行留在原处、连同填写内容保留，标为“已移除”并划线，不再计入统计",
  unchanged: "计划没有变化；所有填写内容保持不变。",
};

export function describeUpdate(changes: Change[], ambiguous: string[]): string {
  const words = WORDS;
  const by = (k: Change["kind"], sheet?: string) =>
    changes.filter((c) => c.kind === k && (!sheet || c.sheet === sheet)).length;
  const out = [
    `任务：新增 ${by("新增", "任务台账")} 项，移除 ${by("移除", "任务台账")} 项；时间节点：新增 ${by("新增", "时间节点")} 个，移除 ${by("移除", "时间节点")} 个` +
      `（${words.removed}）；修改 ${by("修改")} 处；冲突 ${by("冲突")} 处（保留人工修改，未覆盖）。`,
  ];
  for (const c of changes) {
    const where = `${c.sheet} ${c.id}`;
    if (c.kind === "新增") out.push(`  [新增] ${where}：${c.after}`);
    else if (c.kind === "移除") out.push(`  [移除] ${where}：${c.before}`);
    else if (c.kind === "恢复") out.push(`  [恢复] ${where}：${c.after}（重新列入计划，原行的填写内容保留）`);
    else if (c.kind === "修改")
      out.push(`  [修改] ${where} ${c.field}：“${clip(c.before)}” → “${clip(c.after)}”`);
    else
      out.push(
        `  [冲突] ${where} ${c.field}：台账中是人工修改的“${clip(c.before)}”，计划现为“${clip(c.after)}”；已保留人工修改，请核对。`,
      );
  }
  for (const a of ambiguous) out.push(`  [请核对] ${a}`);
  if (!changes.length) out.push(`  ${words.unchanged}`);
  return out.join("\n");
}

const clip = (s: string) => (s.length > 40 ? `${s.slice(0, 40)}…` : s);
