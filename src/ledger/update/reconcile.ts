/**
 * Brings a filled ledger up to a (possibly revised) plan without losing an entry. Rows are matched by task
 * and milestone number, never by position. Staff columns, columns staff added and their order of rows are
 * kept; plan columns take the plan's new text unless staff edited them, which is then a reported conflict;
 * tasks gone from the plan move, with every cell, to 已移除任务. Every change is listed.
 */
import type { Plan } from "../../plan";
import { date, type Cell } from "../../workbook/spec";
import { planCells } from "../../workbook/taskCells";
import { milestonesOf, type MilestoneRow } from "../../workbook/sheets/milestones";
import {
  LEDGER_HEADERS,
  LIST_KEY,
  MILESTONE_HEADERS,
  PLAN_COLUMNS,
  STATUSES,
  UNIT_HEADERS,
} from "../vocabulary";
import { keptText, type ExistingLedger, type ExistingRow, type ExistingTable, type Kept } from "./existing";
export type { ExistingLedger };

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

/** A row of the updated workbook: header → cell, in the sheet's column order. */
export type MergedRow = Record<string, Kept>;

export interface Reconciled {
  tasks: MergedRow[];
  /** Headers of columns staff added to 任务台账, after ours. */
  taskExtras: string[];
  milestones: MergedRow[];
  milestoneExtras: string[];
  units: MergedRow[];
  unitExtras: string[];
  /** Rows of 已移除任务: earlier ones first, then this update's. */
  removed: { headers: string[]; rows: MergedRow[] };
  /** Rows of 变更记录: earlier ones first, then this update's. */
  log: { headers: string[]; rows: MergedRow[] };
  changes: Change[];
  asOf: Kept | null;
}

export const REMOVED_HEADERS = ["移除日期", "类型", "编号"];
export const LOG_HEADERS = ["更新时间", "类型", "工作表", "编号", "字段", "原内容", "新内容"];

const k = (cell: Cell): Kept => ({ cell });
const dateKept = (iso: string): Kept => ({ cell: date(iso) });

function milestoneCells(m: MilestoneRow): Record<string, Kept> {
  return {
    节点编号: k(m.id),
    序号: k(m.taskId),
    节点内容: k(m.clause),
    完成时限: dateKept(m.due),
    牵头单位: k(m.lead),
  };
}

const extrasOf = (t: ExistingTable | null, ours: readonly string[]) =>
  t ? t.headers.filter((h) => !ours.includes(h)) : [];

/**
 * Merge one matched row: plan fields from the new plan unless staff edited them (compared with the copy
 * of the plan as last built); everything else as it was.
 */
function mergeRow(
  sheet: string,
  id: string,
  old: ExistingRow,
  fresh: Record<string, Kept>,
  planFields: readonly string[],
  copy: Record<string, string> | undefined,
  changes: Change[],
): MergedRow {
  const row: MergedRow = { ...old.cells };
  for (const field of planFields) {
    const now = keptText(old.cells[field]);
    const next = keptText(fresh[field]);
    const before = copy ? (copy[field] ?? "") : now;
    if (next === before) continue; // the plan did not change this field: keep what is there, staff edit or not
    if (now !== before) {
      changes.push({ kind: "冲突", sheet, id, field, before: now, after: next });
      continue; // staff edited it by hand: keep theirs, report the plan's new text
    }
    if (now !== next) {
      changes.push({ kind: "修改", sheet, id, field, before: now, after: next });
      row[field] = fresh[field];
    }
  }
  return row;
}

/** Where a new row goes: after the last kept row with a lower number, so new tasks sit in plan order. */
function insertInOrder(rows: { key: number; row: MergedRow }[], key: number, row: MergedRow): void {
  let at = rows.length;
  for (let i = rows.length - 1; i >= 0; i--) {
    if (rows[i].key < key) {
      at = i + 1;
      break;
    }
    at = i;
  }
  rows.splice(at, 0, { key, row });
}

export function reconcile(plan: Plan, existing: ExistingLedger, when: string): Reconciled {
  const changes: Change[] = [];
  const removedRows: MergedRow[] = [];
  const copyTasks = new Map((existing.plan?.rows ?? []).map((r) => [r.id, r.fields]));
  const copyMilestones = new Map(
    (existing.plan?.milestones ?? []).map((m) => [
      m.id,
      { 节点内容: m.clause, 完成时限: m.due, 牵头单位: m.lead, 序号: String(m.taskId), 节点编号: m.id },
    ]),
  );
  const archive = (kind: "任务" | "节点", id: string, cells: Record<string, Kept>) => {
    removedRows.push({ 移除日期: k(when), 类型: k(kind), 编号: k(id), ...cells });
    changes.push({
      kind: "移除",
      sheet: kind === "任务" ? "任务台账" : "时间节点",
      id,
      field: "",
      before: keptText(cells["任务名称"] ?? cells["节点内容"]),
      after: "",
    });
  };

  // Tasks.
  const planById = new Map(plan.tasks.map((t) => [t.id, t]));
  const taskRows: { key: number; row: MergedRow }[] = [];
  const seen = new Set<number>();
  for (const old of existing.ledger.rows) {
    const id = Number(keptText(old.cells["序号"]));
    const task = Number.isInteger(id) ? planById.get(id) : undefined;
    if (!task || seen.has(id)) {
      if (Number.isInteger(id) && id > 0 && !seen.has(id)) archive("任务", String(id), old.cells);
      else taskRows.push({ key: Number.MAX_SAFE_INTEGER, row: { ...old.cells } }); // no usable number: kept as it is
      continue;
    }
    seen.add(id);
    taskRows.push({
      key: id,
      row: mergeRow(
        "任务台账",
        String(id),
        old,
        planCells(task),
        PLAN_COLUMNS.slice(1),
        copyTasks.get(id),
        changes,
      ),
    });
  }
  for (const t of plan.tasks) {
    if (seen.has(t.id)) continue;
    insertInOrder(taskRows, t.id, { ...planCells(t), 状态: k(STATUSES[0]) });
    changes.push({
      kind: "新增",
      sheet: "任务台账",
      id: String(t.id),
      field: "",
      before: "",
      after: t.title,
    });
  }

  // Milestones.
  const fresh = new Map(milestonesOf(plan).map((m) => [m.id, m]));
  const msRows: { key: number; row: MergedRow }[] = [];
  const msSeen = new Set<string>();
  const msKey = (id: string) => {
    const [a, b] = id.split("-").map(Number);
    return a * 1000 + (b || 0);
  };
  for (const old of existing.milestones?.rows ?? []) {
    const id = keptText(old.cells["节点编号"]);
    const m = fresh.get(id);
    if (!m || msSeen.has(id)) {
      if (id && !msSeen.has(id)) archive("节点", id, old.cells);
      else msRows.push({ key: Number.MAX_SAFE_INTEGER, row: { ...old.cells } });
      continue;
    }
    msSeen.add(id);
    msRows.push({
      key: msKey(id),
      row: mergeRow(
        "时间节点",
        id,
        old,
        milestoneCells(m),
        ["节点内容", "完成时限", "牵头单位"],
        copyMilestones.get(id),
        changes,
      ),
    });
  }
  for (const m of fresh.values()) {
    if (msSeen.has(m.id)) continue;
    insertInOrder(msRows, msKey(m.id), { ...milestoneCells(m), 状态: k(STATUSES[0]) });
    changes.push({ kind: "新增", sheet: "时间节点", id: m.id, field: "", before: "", after: m.clause });
  }

  // Units: the plan's registry, with every alias and column staff added; units the plan dropped stay.
  const oldUnits = new Map((existing.units?.rows ?? []).map((r) => [keptText(r.cells["单位名称"]), r.cells]));
  const units: MergedRow[] = plan.units.map((u) => ({
    ...(oldUnits.get(u.name) ?? {}),
    单位名称: k(u.name),
    类型: k(u.collective ? "集体" : "单位"),
  }));
  for (const [name, cells] of oldUnits)
    if (!plan.units.some((u) => u.name === name)) units.push({ ...cells });

  const logRows: MergedRow[] = changes.map((c) => ({
    更新时间: k(when),
    类型: k(c.kind),
    工作表: k(c.sheet),
    编号: k(c.id),
    字段: k(c.field),
    原内容: k(c.before),
    新内容: k(c.after),
  }));
  const removedExtras = extrasOf(existing.removed, REMOVED_HEADERS);
  return {
    tasks: taskRows.map((r) => r.row),
    taskExtras: extrasOf(existing.ledger, LEDGER_HEADERS),
    milestones: msRows.map((r) => r.row),
    milestoneExtras: extrasOf(existing.milestones, MILESTONE_HEADERS),
    units,
    unitExtras: extrasOf(existing.units, UNIT_HEADERS),
    removed: {
      headers: unionHeaders([
        REMOVED_HEADERS,
        removedExtras,
        ...removedRows.map((r) => Object.keys(r)),
      ]).filter((h) => h !== "预警" && h !== LIST_KEY),
      rows: [...(existing.removed?.rows.map((r) => r.cells) ?? []), ...removedRows],
    },
    log: {
      headers: unionHeaders([LOG_HEADERS, extrasOf(existing.log, LOG_HEADERS)]),
      rows: [...(existing.log?.rows.map((r) => r.cells) ?? []), ...logRows],
    },
    changes,
    asOf: existing.asOf,
  };
}

function unionHeaders(lists: string[][]): string[] {
  const out: string[] = [];
  for (const l of lists) for (const h of l) if (!out.includes(h)) out.push(h);
  return out;
}
