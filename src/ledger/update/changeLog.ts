/**
 * An update's change list and the rows it appends to the tool's change log (变更记录): the same words for
 * both shells (the patched file and the edit of an open workbook).
 */
import type { Plan } from "../../plan";
import { diagnosticPlace } from "../../plan/places";
import type { Cell } from "../../workbook/spec";

export type ChangeKind = "新增" | "修改" | "移除" | "冲突" | "恢复";

export interface Change {
  kind: ChangeKind;
  sheet: string;
  /** 序号 or 节点编号. */
  id: string;
  field: string;
  before: string;
  after: string;
}

export const LOG_HEADERS = ["更新时间", "类型", "工作表", "编号", "字段", "原内容", "新内容"];

/**
 * The revised plan's parse errors and warnings, as change-log rows: 说明 keeps the diagnostics of the plan
 * the ledger was built from and an update never rewrites it, so the log is where the office sees what was
 * doubtful in the plan that changed its ledger.
 */
export function parseNoteRows(plan: Plan, when: string): Cell[][] {
  const severity = { error: "错误", warning: "警告" } as const;
  return plan.diagnostics
    .filter((d) => d.severity !== "info")
    .map((d) => [
      when,
      "解析提示",
      "计划原文",
      diagnosticPlace(d) || "全文",
      severity[d.severity as "error" | "warning"],
      "",
      d.message,
    ]);
}

/** This update's rows of 变更记录: every change (or one 核对 row when nothing changed), then the parse notes. */
export function changeLogRows(changes: Change[], when: string, plan: Plan): Cell[][] {
  const rows: Cell[][] = changes.map((c) => [when, c.kind, c.sheet, c.id, c.field, c.before, c.after]);
  if (!rows.length) rows.push([when, "核对", "", "", "", "", "计划没有变化"]);
  return [...rows, ...parseNoteRows(plan, when)];
}
