/**
 * What an update changes in the ledger, cell by cell, and nothing else: plan columns of matched rows
 * (unless staff edited them: then it is a conflict, theirs kept), the plan-status mark on rows whose
 * task left the plan (the row and every entry stay where they are), and new rows appended for new tasks.
 * No row is deleted or moved, so whatever points at a row (formulas, links, notes, merges) keeps its task.
 */
import type { Plan, Task } from "../../plan";
import type { LedgerSnapshot } from "../snapshot";
import { date, type Cell } from "../../workbook/spec";
import { planCells } from "../../workbook/taskCells";
import { milestonesOf, type MilestoneRow } from "../../workbook/sheets/milestones";
import {
  isRemovedFromPlan,
  PLAN_COLUMNS,
  PLAN_STATUS_HEADER,
  PLAN_STATUS_REMOVED,
  STATUSES,
} from "../vocabulary";
import { closeness, matchTasks, type OldTask } from "./match";
import type { Change } from "./changeLog";
import { idOf, keptText, normHeader, type Kept, type SheetTable, type TableRow } from "./table";

export interface CellEdit {
  row: number;
  header: string;
  cell: Cell;
}

export interface TableUpdate {
  set: CellEdit[];
  /** New rows, header → cell, in the order they are appended. */
  append: Record<string, Cell>[];
  /** Some row is marked removed: the sheet needs its plan-status column. */
  marksRemoved: boolean;
}

export interface InPlaceUpdate {
  ledger: TableUpdate;
  milestones: TableUpdate | null;
  changes: Change[];
  ambiguous: string[];
  removed: number;
  renumbered: number;
}

export const MILESTONE_PLAN_COLUMNS = ["节点编号", "序号", "节点内容", "完成时限", "牵头单位"] as const;

/**
 * More tasks removed or renumbered than this (5, or a tenth of a large ledger) is probably the wrong plan
 * file: staff confirm first.
 */
export const confirmAbove = (tasks: number) => Math.max(5, Math.floor(tasks / 10));

/** Why staff must confirm this update before it is written (null: no need), in the office's words. */
export function confirmationReason(u: InPlaceUpdate, taskRows: number): string | null {
  const why: string[] = [];
  if (u.ambiguous.length)
    why.push(`有 ${u.ambiguous.length} 处对应关系拿不准（见改动清单中的 [请核对]），请逐条核对`);
  const limit = confirmAbove(taskRows);
  if (u.removed + u.renumbered > limit)
    why.push(
      `这次更新会移除 ${u.removed} 项任务、给 ${u.renumbered} 项任务重新编号，超过 ${limit} 项，请确认计划文件没有选错`,
    );
  return why.length ? `${why.join("；")}。移除的任务仍留在原行，填写内容不会丢失。` : null;
}

type Copy = NonNullable<LedgerSnapshot["plan"]>;

const removedRow = (r: TableRow) => isRemovedFromPlan(keptText(r.cells.get(PLAN_STATUS_HEADER)));

/** Duplicate 序号 among the rows still in the plan: the update cannot tell them apart. */
export function duplicateIds(t: SheetTable): string[] {
  const seen = new Map<number, number[]>();
  for (const r of t.rows) {
    if (removedRow(r)) continue;
    const id = idOf(r.cells.get("序号"));
    if (id !== null) seen.set(id, [...(seen.get(id) ?? []), r.row]);
  }
  return [...seen]
    .filter(([, rows]) => rows.length > 1)
    .map(([id, rows]) => `序号 ${id} 出现在第 ${rows.join("、")} 行`);
}

function mergeFields(
  sheet: string,
  id: string,
  row: TableRow,
  fresh: Record<string, Kept>,
  fields: readonly string[],
  copy: Record<string, string> | undefined,
  forced: Set<string>,
  out: { set: CellEdit[]; changes: Change[] },
) {
  for (const field of fields) {
    const now = keptText(row.cells.get(field));
    const next = keptText(fresh[field]);
    if (now === next) continue;
    const before = copy ? (copy[field] ?? "") : null;
    if (!forced.has(field)) {
      if (before === next) continue; // the plan did not change this field; staff's text (if edited) stays
      if (before === null || now !== before) {
        // Staff edited it (or there is no copy of the plan to tell): theirs stays, the plan's is reported.
        out.changes.push({ kind: "冲突", sheet, id, field, before: now, after: next });
        continue;
      }
    }
    out.changes.push({ kind: "修改", sheet, id, field, before: now, after: next });
    out.set.push({ row: row.row, header: field, cell: fresh[field].cell });
  }
}

export function planInPlaceUpdate(
  plan: Plan,
  ledger: SheetTable,
  milestones: SheetTable | null,
  copy: Copy | null,
): InPlaceUpdate {
  const changes: Change[] = [];
  const copyTasks = new Map((copy?.rows ?? []).map((r) => [r.id, r.fields]));
  const olds: OldTask[] = [];
  const removedOlds: OldTask[] = [];
  for (const r of ledger.rows) {
    const id = idOf(r.cells.get("序号"));
    if (id === null) continue; // a row without a task number is staff's: left alone
    const removed = removedRow(r);
    const title = keptText(r.cells.get("任务名称"));
    // A removed row's number may since belong to another task: the plan copy no longer describes it.
    const built = removed ? undefined : copyTasks.get(id)?.["任务名称"];
    const body = (!removed && copyTasks.get(id)?.["任务内容"]) || keptText(r.cells.get("任务内容"));
    (removed ? removedOlds : olds).push({
      row: r.row,
      id,
      titles: [...new Set([built, title].filter((x): x is string => Boolean(x)))],
      text: `${built ?? title}${body}`,
      body,
    });
  }
  const rowAt = new Map(ledger.rows.map((r) => [r.row, r]));
  const m = matchTasks(olds, plan.tasks, removedOlds);
  const lu: TableUpdate = { set: [], append: [], marksRemoved: false };
  const out = { set: lu.set, changes };
  for (const { old, task, how } of m.matches) {
    const forced = new Set<string>(how === "same" ? [] : ["序号"]);
    mergeFields(
      "任务台账",
      String(task.id),
      rowAt.get(old.row)!,
      planCells(task),
      PLAN_COLUMNS,
      copyTasks.get(old.id),
      forced,
      out,
    );
  }
  for (const { old, task } of m.revived) {
    // Back in the plan: the row comes back to life with every entry; its plan columns become the plan's.
    lu.set.push({ row: old.row, header: PLAN_STATUS_HEADER, cell: null });
    changes.push({
      kind: "恢复",
      sheet: "任务台账",
      id: String(task.id),
      field: "",
      before: old.titles[0] ?? "",
      after: task.title,
    });
    mergeFields(
      "任务台账",
      String(task.id),
      rowAt.get(old.row)!,
      planCells(task),
      PLAN_COLUMNS,
      undefined, // no plan copy of a removed row: a plan column that differs is reported, staff's kept
      new Set<string>(old.id === task.id ? [] : ["序号"]),
      out,
    );
  }
  for (const old of m.removed) {
    lu.set.push({ row: old.row, header: PLAN_STATUS_HEADER, cell: PLAN_STATUS_REMOVED });
    lu.marksRemoved = true;
    changes.push({
      kind: "移除",
      sheet: "任务台账",
      id: String(old.id),
      field: "",
      before: old.titles[0] ?? "",
      after: "",
    });
  }
  for (const t of [...m.added].sort((a, b) => a.id - b.id)) {
    lu.append.push(newTaskRow(t));
    changes.push({
      kind: "新增",
      sheet: "任务台账",
      id: String(t.id),
      field: "",
      before: "",
      after: t.title,
    });
  }

  // Milestones follow their task: old task number → the task it matched.
  const newIdOf = new Map(m.matches.map((x) => [x.old.id, x.task.id]));
  const revivedIdOf = new Map(m.revived.map((x) => [x.old.id, x.task.id]));
  const mu = milestones ? milestoneUpdate(plan, milestones, copy, newIdOf, changes, revivedIdOf) : null;
  return {
    ledger: lu,
    milestones: mu,
    changes,
    ambiguous: m.ambiguous,
    removed: m.removed.length,
    renumbered: m.matches.filter((x) => x.how === "renumbered" || x.old.id !== x.task.id).length,
  };
}

function newTaskRow(t: Task): Record<string, Cell> {
  const cells: Record<string, Cell> = {};
  for (const [h, k] of Object.entries(planCells(t))) cells[h] = k.cell;
  cells["状态"] = STATUSES[0];
  return cells;
}

function milestoneFresh(m: MilestoneRow): Record<string, Kept> {
  return {
    节点编号: { cell: m.id },
    序号: { cell: m.taskId },
    节点内容: { cell: m.clause },
    完成时限: { cell: date(m.due) },
    牵头单位: { cell: m.lead },
  };
}

function milestoneUpdate(
  plan: Plan,
  t: SheetTable,
  copy: Copy | null,
  newIdOf: Map<number, number>,
  changes: Change[],
  revivedIdOf: Map<number, number> = new Map(),
): TableUpdate {
  const mu: TableUpdate = { set: [], append: [], marksRemoved: false };
  const fresh = new Map(milestonesOf(plan).map((x) => [x.id, x]));
  const copyMs = new Map(
    (copy?.milestones ?? []).map((x) => [
      x.id,
      { 节点编号: x.id, 序号: String(x.taskId), 节点内容: x.clause, 完成时限: x.due, 牵头单位: x.lead },
    ]),
  );
  const taken = new Set<string>();
  // A revived task's milestones come back too: its removed rows whose node text is still the plan's.
  for (const r of t.rows) {
    if (!removedRow(r)) continue;
    const mm = /^(\d+)-(\d+)$/.exec(keptText(r.cells.get("节点编号")).normalize("NFKC").trim());
    const task = mm ? revivedIdOf.get(Number(mm[1])) : undefined;
    const target = task !== undefined ? fresh.get(`${task}-${mm![2]}`) : undefined;
    if (!target || taken.has(target.id)) continue;
    if (closeness(keptText(r.cells.get("节点内容")), target.clause) < 0.85) continue;
    taken.add(target.id);
    mu.set.push({ row: r.row, header: PLAN_STATUS_HEADER, cell: null });
    changes.push({
      kind: "恢复",
      sheet: "时间节点",
      id: target.id,
      field: "",
      before: "",
      after: target.clause,
    });
    const forced = new Set<string>(target.id === mm![0] ? [] : ["节点编号", "序号"]);
    mergeFields("时间节点", target.id, r, milestoneFresh(target), MILESTONE_PLAN_COLUMNS, undefined, forced, {
      set: mu.set,
      changes,
    });
  }
  for (const r of t.rows) {
    if (removedRow(r)) continue;
    const oldId = keptText(r.cells.get("节点编号")).normalize("NFKC").trim();
    const mm = /^(\d+)-(\d+)$/.exec(oldId);
    if (!mm) continue;
    const newTask = newIdOf.get(Number(mm[1]));
    const newId = newTask !== undefined ? `${newTask}-${mm[2]}` : "";
    const target = fresh.get(newId);
    if (!target || taken.has(newId)) {
      mu.set.push({ row: r.row, header: PLAN_STATUS_HEADER, cell: PLAN_STATUS_REMOVED });
      mu.marksRemoved = true;
      changes.push({
        kind: "移除",
        sheet: "时间节点",
        id: oldId,
        field: "",
        before: keptText(r.cells.get("节点内容")),
        after: "",
      });
      continue;
    }
    taken.add(newId);
    const forced = new Set<string>(newId === oldId ? [] : ["节点编号", "序号"]);
    mergeFields(
      "时间节点",
      newId,
      r,
      milestoneFresh(target),
      MILESTONE_PLAN_COLUMNS,
      copyMs.get(oldId),
      forced,
      {
        set: mu.set,
        changes,
      },
    );
  }
  for (const x of fresh.values()) {
    if (taken.has(x.id)) continue;
    const cells: Record<string, Cell> = {};
    for (const [h, k] of Object.entries(milestoneFresh(x))) cells[h] = k.cell;
    cells["状态"] = STATUSES[0];
    mu.append.push(cells);
    changes.push({ kind: "新增", sheet: "时间节点", id: x.id, field: "", before: "", after: x.clause });
  }
  return mu;
}

export { normHeader };
