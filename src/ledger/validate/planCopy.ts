/**
 * The ledger against the hidden plan copy (计划原文): task and milestone rows that went missing, were
 * duplicated or renumbered, keys typed with full-width digits, plan columns cleared or changed. Each
 * finding names its cell and what the plan says. Also: a task and its milestones must agree on 已完成.
 */
import type { LedgerSnapshot, ReadCell, ReadRow, ReadSheet } from "../snapshot";
import { SHEETS } from "../vocabulary";
import { issue, type LedgerIssue, type Located } from "./issue";

const text = (c: ReadCell | undefined): string => {
  if (!c || c.value === null) return "";
  if (typeof c.value === "object") return c.value.date;
  return typeof c.value === "string" ? c.value : c.text || String(c.value);
};

/** Plan text columns compared as text (units and deadlines have checks of their own). */
const TEXT_COLUMNS = ["领域", "任务名称", "任务内容", "时限说明", "量化指标"] as const;
const CLEARABLE = [...TEXT_COLUMNS, "牵头单位", "责任单位", "完成时限"] as const;

const brief = (s: string) => (s.length > 40 ? `${s.slice(0, 40)}…` : s);

/** Full-width digits and dashes made half-width; other text unchanged. */
const halfWidth = (s: string) =>
  s
    .normalize("NFKC")
    .replace(/[－—–]/g, "-")
    .trim();

interface Keyed {
  row: ReadRow;
  key: string;
}

/** Checks of keys: full-width digits, cleared keys. Returns the rows by their (normalised) key. */
/** A row whose key is taken already by the plan's own row: reported once, at the extra row. */
function duplicate(
  sheet: ReadSheet,
  keyHeader: string,
  key: string,
  row: ReadRow,
  first: ReadRow,
): LedgerIssue {
  const cell = row.cells[keyHeader];
  return issue(
    { sheet: sheet.name, cell: cell?.address ?? "", task: Number(key) || null, value: text(cell) },
    "KEY_DUPLICATE",
    "error",
    `${sheet.name}!${cell?.address}：${keyHeader} ${key} 重复（第${first.row}行也是 ${key}），这项会被重复统计。请删除重复的行，或改正编号。`,
  );
}

function keyedRows(
  sheet: ReadSheet,
  keyHeader: string,
  issues: LedgerIssue[],
  contentOf: (row: ReadRow) => string,
  planKeyByContent: Map<string, string>,
): Map<string, Keyed[]> {
  const byKey = new Map<string, Keyed[]>();
  for (const row of sheet.rows) {
    const cell = row.cells[keyHeader];
    const raw = text(cell);
    const at: Located = { sheet: sheet.name, cell: cell?.address ?? `A${row.row}`, task: null, value: raw };
    if (!raw.trim()) {
      const content = contentOf(row);
      if (!content) continue;
      const planKey = planKeyByContent.get(content);
      issues.push(
        issue(
          at,
          "KEY_CLEARED",
          "error",
          `${sheet.name}!${at.cell}：${keyHeader}被清空，这一行不计入任何统计。` +
            (planKey ? `按内容，计划原文中这是第${planKey}项，请填回“${planKey}”。` : "请填回计划中的编号。"),
          planKey ?? null,
        ),
      );
      continue;
    }
    const key = halfWidth(raw);
    if (key !== raw.trim() && /^\d+(-\d+)?$/.test(key)) {
      issues.push(
        issue(
          at,
          "KEY_FULL_WIDTH",
          "error",
          `${sheet.name}!${at.cell}：${keyHeader}“${raw}”含全角数字或符号，统计和查找会对不上，请改为“${key}”。`,
          key,
          { text: key },
        ),
      );
    }
    const list = byKey.get(key) ?? [];
    list.push({ row, key });
    byKey.set(key, list);
  }
  return byKey;
}

export function checkAgainstPlanCopy(snapshot: LedgerSnapshot): LedgerIssue[] {
  const plan = snapshot.plan;
  if (!plan) return [];
  const issues: LedgerIssue[] = [];
  const ledger = snapshot.ledger;
  const planById = new Map(plan.rows.map((p) => [String(p.id), p]));
  const idByTitle = new Map<string, string>();
  for (const p of plan.rows) if (p.fields["任务名称"]) idByTitle.set(p.fields["任务名称"], String(p.id));

  const tasks = keyedRows(ledger, "序号", issues, (r) => text(r.cells["任务名称"]), idByTitle);
  // A row whose key was cleared is still there: reported once as KEY_CLEARED, not again as missing.
  const found = new Set<string>(
    issues.filter((i) => i.code === "KEY_CLEARED" && i.suggestion).map((i) => i.suggestion!),
  );
  for (const [key, list] of tasks) {
    // The plan's own row for this key comes first; any other row with the key is renumbered or a duplicate.
    const own =
      list.find((k) => text(k.row.cells["任务名称"]) === planById.get(key)?.fields["任务名称"]) ?? list[0];
    for (const { row } of [own, ...list.filter((k) => k !== own)]) {
      const c = row.cells;
      const p = planById.get(key);
      const title = text(c["任务名称"]);
      const locate = (h: string): Located => ({
        sheet: ledger.name,
        cell: c[h]?.address ?? "",
        task: Number(key) || null,
        value: text(c[h]),
      });
      const titleOwner = idByTitle.get(title);
      if (titleOwner && titleOwner !== key) {
        found.add(titleOwner);
        issues.push(
          issue(
            locate("序号"),
            "KEY_RENUMBERED",
            "error",
            `${ledger.name}!${c["序号"]?.address}：序号写成了 ${key}，但这一行是计划第${titleOwner}项“${brief(title)}”。请把序号改回 ${titleOwner}。`,
            titleOwner,
          ),
        );
        continue;
      }
      if (row !== own.row) {
        issues.push(duplicate(ledger, "序号", key, row, own.row));
        continue;
      }
      if (!p) {
        issues.push(
          issue(
            locate("序号"),
            "KEY_NOT_IN_PLAN",
            "warning",
            `${ledger.name}!${c["序号"]?.address}：序号 ${key} 不在计划原文中。如是新增任务，请在备注中说明；否则请核对序号。`,
          ),
        );
        continue;
      }
      found.add(key);
      for (const h of CLEARABLE) {
        const cell = c[h];
        const planValue = h === "完成时限" ? p.due : (p.fields[h] ?? "");
        if (!cell || !planValue) continue;
        const now = text(cell);
        if (!now.trim()) {
          issues.push(
            issue(
              locate(h),
              "PLAN_CELL_CLEARED",
              "error",
              `${ledger.name}!${cell.address}：计划列“${h}”被清空${h === "牵头单位" ? "，这项任务不再计入任何单位" : ""}。计划原文为“${brief(planValue)}”，请填回。`,
              planValue,
            ),
          );
        } else if ((TEXT_COLUMNS as readonly string[]).includes(h) && now !== planValue) {
          issues.push(
            issue(
              locate(h),
              "PLAN_CELL_CHANGED",
              "warning",
              `${ledger.name}!${cell.address}：计划列“${h}”与计划原文不同。计划原文为“${brief(planValue)}”。如为经批准的调整，请在备注中说明；否则请改回。`,
              planValue,
            ),
          );
        }
      }
    }
  }
  // A row marked 已移除 by hand while the plan still has it is reported at its mark (see planStatus.ts).
  for (const row of ledger.removedRows ?? []) {
    const key = halfWidth(text(row.cells["序号"]));
    if (planById.get(key)?.fields["任务名称"] === text(row.cells["任务名称"])) found.add(key);
  }
  plan.rows.forEach((p, i) => {
    if (found.has(String(p.id))) return;
    issues.push(
      issue(
        { sheet: ledger.name, cell: `A${i + 2}`, task: p.id, value: "" },
        "TASK_MISSING",
        "error",
        `${ledger.name}：计划第${p.id}项“${brief(p.fields["任务名称"] ?? "")}”在台账中找不到（行被删除，或序号被改动），统计中少了这一项。请从隐藏的“${SHEETS.planCopy}”工作表恢复这一行。`,
        String(p.id),
      ),
    );
  });

  if (snapshot.milestones) issues.push(...checkMilestones(snapshot, tasks));
  return issues;
}

function checkMilestones(snapshot: LedgerSnapshot, tasks: Map<string, Keyed[]>): LedgerIssue[] {
  const issues: LedgerIssue[] = [];
  const sheet = snapshot.milestones!;
  const plan = snapshot.plan!;
  const idByClause = new Map(plan.milestones.map((m) => [m.clause, m.id]));
  const rows = keyedRows(sheet, "节点编号", issues, (r) => text(r.cells["节点内容"]), idByClause);
  for (const [key, list] of rows)
    for (const extra of list.slice(1)) issues.push(duplicate(sheet, "节点编号", key, extra.row, list[0].row));
  const marked = new Set((sheet.removedRows ?? []).map((r) => halfWidth(text(r.cells["节点编号"]))));
  plan.milestones.forEach((m, i) => {
    if (rows.has(m.id) || marked.has(m.id)) return;
    issues.push(
      issue(
        { sheet: sheet.name, cell: `A${i + 2}`, task: m.taskId, value: "" },
        "MILESTONE_MISSING",
        "error",
        `${sheet.name}：计划中的节点 ${m.id}“${brief(m.clause)}”在台账中找不到。请从隐藏的“${SHEETS.planCopy}”工作表恢复这一行。`,
        m.id,
      ),
    );
  });

  // A task and its milestones agree on 已完成.
  const byTask = new Map<string, ReadRow[]>();
  for (const [key, list] of rows) {
    const taskKey = key.split("-")[0];
    byTask.set(taskKey, [...(byTask.get(taskKey) ?? []), list[0].row]);
  }
  for (const [taskKey, ms] of byTask) {
    const task = tasks.get(taskKey)?.[0]?.row;
    if (!task) continue;
    const taskDone = text(task.cells["状态"]) === "已完成";
    const open = ms.filter((m) => text(m.cells["状态"]) !== "已完成");
    const statusCell = task.cells["状态"];
    if (taskDone && open.length) {
      for (const m of open) {
        const cell = m.cells["状态"];
        issues.push(
          issue(
            {
              sheet: sheet.name,
              cell: cell?.address ?? "",
              task: Number(taskKey) || null,
              value: text(cell),
            },
            "MILESTONE_OPEN_TASK_DONE",
            "warning",
            `${sheet.name}!${cell?.address}：任务${taskKey}已标为“已完成”，但节点 ${text(m.cells["节点编号"])} 仍是“${text(cell) || "空"}”，会被计入逾期/临期。请把节点也标为已完成并填写完成日期，或核对任务状态。`,
          ),
        );
      }
    } else if (!taskDone && !open.length && statusCell) {
      issues.push(
        issue(
          {
            sheet: snapshot.ledger.name,
            cell: statusCell.address,
            task: Number(taskKey) || null,
            value: text(statusCell),
          },
          "TASK_OPEN_MILESTONES_DONE",
          "warning",
          `${snapshot.ledger.name}!${statusCell.address}：任务${taskKey}的全部节点都已完成，但任务状态是“${text(statusCell) || "空"}”。如任务已完成，请改为“已完成”并填写完成日期。`,
        ),
      );
    }
  }
  return issues;
}
