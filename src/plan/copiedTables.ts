/**
 * A task table copied out of a PDF as text has lost its columns: each cell comes out as lines of its own
 * (pdftotext, a PDF reader's copy) or the columns are set apart by runs of spaces that shift from line to
 * line (`pdftotext -layout`), and cells side by side are run together. Such text cannot be read back
 * into rows reliably, so it is recognised by its header — the header's words one per line, or on one line
 * set apart by spaces — and the office is told to pick the PDF or Word file itself. Pure.
 */
import { classifyHeader, headerColumns, type Column } from "./fromDocx";
import { trimAll } from "./text";

/** The 1-based line of a copied table's header, or null when the text holds none. */
export function copiedTableHeader(text: string): number | null {
  const lines = text.split("\n").map(trimAll);
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (!l || l.includes("\t")) continue;
    // `序号      工作任务          牵头单位 …` on one line.
    // (Header words close together are set apart by a single space.)
    const spaced = l.split(/\s+/).filter(Boolean);
    if (spaced.length >= 3 && spaced.every((w) => w.length <= 8) && headerColumns(spaced)) return i + 1;
  }
  // The header's words as lines of their own (`序号 重点任务` / `牵头单位` / … with cells between):
  // within a few lines, words naming the task, a unit column and the number or the deadline.
  const words = lines.map((l) =>
    l && l.length <= 16 && /^[\u4e00-\u9fff\s]+$/.test(l) ? l.split(/\s+/).map(classifyHeader) : null,
  );
  for (let i = 0; i < lines.length; i++) {
    if (!words[i]?.every((c) => c !== null)) continue;
    const seen = new Set<Column | null>();
    for (let k = i; k < Math.min(lines.length, i + 40); k++)
      if (words[k]?.every((c) => c !== null)) words[k]!.forEach((c) => seen.add(c));
    const task = seen.has("title") || seen.has("content");
    const units = seen.has("lead") || seen.has("responsible");
    if (task && units && (seen.has("number") || seen.has("deadline"))) return i + 1;
  }
  return null;
}
