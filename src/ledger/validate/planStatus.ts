/**
 * The tool's 计划状态 column: only `update` writes it (已移除 for a task the revised plan no longer has).
 * The dashboard's formulas and the summary leave out exactly the rows marked 已移除 as the tool writes it;
 * anything else typed there (a trailing space, another word) leaves the row counted, and a mark typed by
 * hand on a task the plan still has drops it from every figure. Both are flagged at their cell.
 */
import type { LedgerSnapshot, ReadCell, ReadRow, ReadSheet } from "../snapshot";
import { PLAN_STATUS_HEADER, PLAN_STATUS_OWN_HEADER, PLAN_STATUS_REMOVED } from "../vocabulary";
import { issue, type LedgerIssue } from "./issue";

const text = (c: ReadCell | undefined): string => {
  if (!c || c.value === null) return "";
  if (typeof c.value === "object") return c.value.date;
  return typeof c.value === "string" ? c.value : c.text || String(c.value);
};

/** The tool's column on a row: its own header when staff already had a column called 计划状态. */
const statusCell = (row: ReadRow): [string, ReadCell | undefined] =>
  row.cells[PLAN_STATUS_OWN_HEADER]
    ? [PLAN_STATUS_OWN_HEADER, row.cells[PLAN_STATUS_OWN_HEADER]]
    : [PLAN_STATUS_HEADER, row.cells[PLAN_STATUS_HEADER]];

function checkSheet(
  sheet: ReadSheet,
  keyHeader: string,
  stillPlanned: (row: ReadRow) => boolean,
): LedgerIssue[] {
  const out: LedgerIssue[] = [];
  const taskOf = (row: ReadRow) => Number(text(row.cells["序号"])) || null;
  for (const row of sheet.rows) {
    const [header, cell] = statusCell(row);
    const value = text(cell);
    if (!cell || value === "") continue;
    const looksRemoved = value.replace(/[\s\u3000]/g, "") === PLAN_STATUS_REMOVED;
    out.push(
      issue(
        { sheet: sheet.name, cell: cell.address, task: taskOf(row), value },
        "PLAN_STATUS_EDITED",
        "error",
        `${sheet.name}!${cell.address}：“${header}”列由台账助手填写，“${value}”不是它写的内容` +
          `${looksRemoved ? "（多了空格）" : ""}，这一行仍计入全部统计（仪表盘和 summary 相同）。` +
          `如这项${keyHeader === "序号" ? "任务" : "节点"}确已从计划中删除，请清空此单元格，再用修订后的计划运行“更新台账”（update），由台账助手标记；否则请清空此单元格。`,
        null,
      ),
    );
  }
  for (const row of sheet.removedRows ?? []) {
    if (!stillPlanned(row)) continue;
    const [header, cell] = statusCell(row);
    if (!cell) continue;
    out.push(
      issue(
        { sheet: sheet.name, cell: cell.address, task: taskOf(row), value: text(cell) },
        "PLAN_STATUS_TYPED",
        "error",
        `${sheet.name}!${cell.address}：这一行标为“${PLAN_STATUS_REMOVED}”，不计入任何统计，但计划原文中仍有${keyHeader} ${text(row.cells[keyHeader])}。` +
          `“${header}”列由台账助手在计划删除任务时填写，不应手工填写：如这项仍要跟踪，请清空此单元格；如计划确已删除，请用修订后的计划运行“更新台账”（update）。`,
      ),
    );
  }
  return out;
}

/** Hand edits of the tool's 计划状态 column on 任务台账 and 时间节点. */
export function checkPlanStatus(snapshot: LedgerSnapshot): LedgerIssue[] {
  const plan = snapshot.plan;
  const tasks = new Map((plan?.rows ?? []).map((p) => [String(p.id), p.fields["任务名称"] ?? ""]));
  const milestones = new Map((plan?.milestones ?? []).map((m) => [m.id, m.clause]));
  const out = checkSheet(
    snapshot.ledger,
    "序号",
    // Same number and title: the plan still has this task (a renumbered plan may give its number to another).
    (row) => tasks.get(text(row.cells["序号"]).trim()) === text(row.cells["任务名称"]),
  );
  if (snapshot.milestones)
    out.push(
      ...checkSheet(
        snapshot.milestones,
        "节点编号",
        (row) => milestones.get(text(row.cells["节点编号"]).trim()) === text(row.cells["节点内容"]),
      ),
    );
  return out;
}
