/**
 * Headings told by their place in the structure, not by their first characters. A Word list printed to
 * PDF (or copied) may number domains and tasks alike (`1.推进数字基础设施建设` / `1.加快5G网络…`): the
 * markers are the same, but a heading is a short line with no units and no deadline, and the numbering
 * of the items under it starts again at 1 — while the headings' own numbers run on (1, 2, 3…). Such
 * blocks are moved to a heading level the text does not use. Pure.
 */
import type { Block, Level } from "./blocks";
import { trimAll } from "./text";

/** Words a task carries and a heading does not: units, deadlines, sentences. */
const TASK_SIGNS = /[。；;，,:：〔【（(]|牵头|责任|配合|月底|年底|季度|前完成|完成时限|\d+\s*月/;
const HEADING_MAX_CHARS = 30;

function headingShaped(b: Block): boolean {
  const text = trimAll(b.text);
  return (
    !text.includes("\n") &&
    !b.trailing.length &&
    text.length >= 2 &&
    text.length <= HEADING_MAX_CHARS &&
    !TASK_SIGNS.test(text)
  );
}

/**
 * Blocks re-levelled where a level holds both headings and their items: every heading-shaped block at
 * that level followed straight by an item numbered 1, the headings numbered 1, 2, 3… in order. The
 * blocks are changed in place; returns those moved.
 */
export function levelRestartHeadings(blocks: Block[]): Block[] {
  const moved: Block[] = [];
  for (const level of [3, 4] as const) {
    const at = blocks.map((b, i) => ({ b, i })).filter(({ b }) => b.level === level);
    const heads = at.filter(
      ({ b, i }) => headingShaped(b) && blocks[i + 1]?.level === level && blocks[i + 1].num === 1,
    );
    if (!heads.length) continue;
    // The headings' numbers run 1, 2, 3…; the first item of the level is the first heading.
    const running = heads.every(({ b }, k) => b.num === k + 1) && heads[0].i === at[0].i;
    if (!running || (heads.length < 2 && at.length < 3)) continue;
    const used = new Set(blocks.map((b) => b.level));
    const free = ([2, 1] as Level[]).find((lv) => lv < level && !used.has(lv));
    if (!free) continue;
    for (const { b } of heads) b.level = free;
    moved.push(...heads.map(({ b }) => b));
  }
  return moved;
}
