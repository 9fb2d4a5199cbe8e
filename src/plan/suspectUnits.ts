/**
 * Unit names that show a misread source rather than a unit: two names run together (`市交通运输局市水利局`),
 * one name inside another (`市发展和改革委员市大数据发展局会`, columns of a PDF table fused), or header words
 * (`牵头单位责任单位`). And a plan where most tasks name helpers but no lead: a lead column not read.
 * Nothing is changed; the office is told to check, so that a misread table is never silent.
 */
import { DiagnosticSink } from "./diagnostics";
import type { Task } from "./types";

const HEADER_WORDS_RE = /(牵头|责任|配合|协办)(单位|部门)/;
/** A unit's ending followed by the start of another unit's name. */
const GLUED_RE =
  /(局|委员会|中心|公司|分公司|政府|办事处|办公室)(?=(市|区|县|省|中国|各)[^]{2,}(局|委|办|室|中心|公司|政府|办事处|会|部|院)$)/;

function suspectReason(name: string, others: string[]): boolean {
  if (HEADER_WORDS_RE.test(name)) return true;
  if (GLUED_RE.test(name)) return true;
  return others.some((v) => {
    if (v === name || v.length < 4) return false;
    const at = name.indexOf(v);
    return at > 0 && at + v.length < name.length;
  });
}

export function reportSuspectUnits(tasks: Task[], diag: DiagnosticSink): void {
  const all = [...new Set(tasks.flatMap((t) => [...t.leadUnits, ...t.responsibleUnits]))];
  const suspects = all.filter((u) => suspectReason(u, all));
  if (suspects.length) {
    const where = (u: string) =>
      tasks
        .filter((t) => t.leadUnits.includes(u) || t.responsibleUnits.includes(u))
        .map((t) => t.id)
        .slice(0, 5)
        .join("、");
    const list = suspects.slice(0, 10).map((u) => `“${u}”（任务${where(u)}）`);
    diag.warn(
      0,
      "UNITS_SUSPECT",
      `这些单位名称像是两个单位连在一起或读错了：${list.join("、")}${suspects.length > 10 ? ` 等${suspects.length}个` : ""}。如果计划是表格，可能没有读对列；请核对原文，最好改用 Word 原件。`,
      `These unit names look like two units run together or misread: ${suspects.slice(0, 10).join(", ")}. If the plan is a table its columns may be misread; check the text, or use the Word original.`,
    );
  }
  const noLead = tasks.filter((t) => !t.leadUnits.length && t.responsibleUnits.length);
  if (tasks.length >= 4 && noLead.length * 2 > tasks.length) {
    diag.warn(
      0,
      "TASKS_MOSTLY_NO_LEAD",
      `${noLead.length}项任务（共${tasks.length}项）只读到责任单位、没有牵头单位。如果计划是表格（尤其是 PDF 中的表格），牵头单位一列可能没有读出；请核对原文，最好改用 Word 原件。`,
      `${noLead.length} of ${tasks.length} tasks have responsible units but no lead. If the plan is a table (a PDF's especially), the lead column may be misread; check, or use the Word original.`,
    );
  }
}
