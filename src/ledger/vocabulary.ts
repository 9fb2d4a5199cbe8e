/** The words of the ledger: sheet names, headers, statuses, warnings. One place, used by every shell. */

export const SHEETS = {
  guide: "说明",
  ledger: "任务台账",
  milestones: "时间节点",
  units: "单位",
  dashboard: "仪表盘",
  planCopy: "计划原文",
} as const;

export const TABLES = { ledger: "Tasks", milestones: "Milestones", units: "Units" } as const;

/** Name of the as-of date cell that every formula uses. */
export const AS_OF_NAME = "统计截止日期";

export const STATUSES = ["未启动", "推进中", "已完成"] as const;
export type Status = (typeof STATUSES)[number];

export const WARNINGS = ["逾期", "临期", "正常", "已完成", "逾期完成"] as const;
export type Warning = (typeof WARNINGS)[number] | "";

/** Days before a deadline when a task counts as due soon (临期). */
export const DUE_SOON_DAYS = 15;

/**
 * A hidden formula column of 任务台账 and 时间节点: for rows 逾期 or 临期, deadline × 10⁶ + row, the key
 * the dashboard's lists take in order with SMALL (Excel 2016 has no FILTER or SORT).
 */
export const LIST_KEY = "清单排序";

/**
 * A task or milestone the plan no longer has stays in its row with every entry, marked in this column,
 * struck through and left out of every count (summary engine and dashboard formulas alike). A fresh ledger
 * carries the column (empty) from the start, so the dashboard's formulas can leave marked rows out.
 */
export const PLAN_STATUS_HEADER = "计划状态";
/** The tool's header when staff already have a column of their own called 计划状态 (it is never taken over). */
export const PLAN_STATUS_OWN_HEADER = "计划状态（台账助手）";
/**
 * The tool's plan-status column is the one these workbook names point at (its header cell): a column is
 * the tool's because the tool wrote it, never because of its header text.
 */
export const PLAN_STATUS_MARKERS = {
  ledger: "PlanLedger_PlanStatus",
  milestones: "PlanLedger_MilestonePlanStatus",
} as const;
/** Names of the dashboard's round section (its first row) and of the changes sentence's cell. */
export const ROUND_SECTION_MARKERS = {
  section: "PlanLedger_RoundSection",
  changes: "PlanLedger_Changes",
} as const;
export const PLAN_STATUS_REMOVED = "已移除";
export const isRemovedFromPlan = (v: unknown) => String(v ?? "").trim() === PLAN_STATUS_REMOVED;
/**
 * Whether a row counts nowhere, as the dashboard's formulas decide it: their COUNTIFS criterion
 * `"<>已移除"` and the list key compare the whole cell, so only the exact mark the tool writes leaves a row
 * out. A hand-typed variant ("已移除 " with a space, other text) counts in the formulas and so in the
 * engine too; validation flags it (see `checkPlanStatus`).
 */
export const isMarkedRemoved = (v: unknown) => v === PLAN_STATUS_REMOVED;

/** The ledger columns that come from the plan; staff fill the others. */
export const PLAN_COLUMNS = [
  "序号",
  "领域",
  "任务名称",
  "任务内容",
  "牵头单位",
  "责任单位",
  "完成时限",
  "时限说明",
  "量化指标",
] as const;

export const LEDGER_HEADERS = [
  ...PLAN_COLUMNS,
  "状态",
  "进展情况",
  "完成日期",
  "佐证材料",
  "预警",
  "备注",
  LIST_KEY,
  PLAN_STATUS_HEADER,
] as const;

export const MILESTONE_HEADERS = [
  "节点编号",
  "序号",
  "节点内容",
  "完成时限",
  "牵头单位",
  "状态",
  "完成日期",
  "预警",
  LIST_KEY,
  PLAN_STATUS_HEADER,
] as const;

/** Milestone columns from the plan, as the hidden copy names them. */
export const MILESTONE_COPY_HEADERS = [
  "节点编号",
  "节点序号",
  "节点内容",
  "节点时限",
  "节点牵头单位",
] as const;
export const HISTORY_SHEETS = { removed: "已移除任务", log: "变更记录" } as const;

/**
 * Sheets the tool owns are found by these workbook names (each refers to A1 of its sheet), never by the
 * sheet's name: a sheet staff rename stays ours, and a staff sheet that happens to be called 变更记录 is
 * never taken for ours. Excel, WPS and LibreOffice move the reference with the sheet when it is renamed.
 */
export const SHEET_MARKERS = {
  guide: "PlanLedger_Guide",
  dashboard: "PlanLedger_Dashboard",
  ledger: "PlanLedger_Ledger",
  milestones: "PlanLedger_Milestones",
  units: "PlanLedger_Units",
  planCopy: "PlanLedger_PlanCopy",
  log: "PlanLedger_ChangeLog",
} as const;
export type SheetRole = keyof typeof SHEET_MARKERS;

export const PLAN_META = { title: "计划标题", published: "发布日期", year: "计划年度" } as const;

export const UNIT_HEADERS = ["单位名称", "类型", "别名", "牵头任务数", "参与任务数"] as const;

/** Columns staff fill in; everything else comes from the plan or a formula. */
export const STAFF_COLUMNS = new Set<string>(["状态", "进展情况", "完成日期", "佐证材料", "备注", "别名"]);
