/**
 * What one lead unit's copy holds: the tasks it leads (a task with two leads goes to both) and those
 * tasks' milestones, with the staff columns the master has. Rows are keyed by task number or milestone
 * number, the identity that survives renaming, re-saving, sorting and filtering.
 */
import type { LedgerSnapshot, ReadRow, ReadSheet } from "../snapshot";
import { leadUnitsOf } from "./identity";
import { entryOf, type EntryValue } from "./values";

/** Columns staff fill in for the round, in the order the ledger has them (whichever it has). */
export const ROUND_TASK_COLUMNS = ["状态", "进展情况", "完成日期", "佐证材料", "备注"] as const;
export const ROUND_MILESTONE_COLUMNS = ["状态", "完成日期", "备注"] as const;

export type RowKind = "task" | "milestone";
/** `任务 12` or `节点 12-1`: how a row is named in keys and in messages. */
export const rowKey = (kind: RowKind, id: string | number) => `${kind === "task" ? "任务" : "节点"} ${id}`;

const text = (row: ReadRow, h: string) => entryOf(row.cells[h]).text.trim();
export const taskIdOf = (row: ReadRow) => text(row, "序号");
export const milestoneIdOf = (row: ReadRow) => text(row, "节点编号");

export function staffColumnsOf(sheet: ReadSheet | null, kind: RowKind): string[] {
  if (!sheet) return [];
  const wanted: readonly string[] = kind === "task" ? ROUND_TASK_COLUMNS : ROUND_MILESTONE_COLUMNS;
  return wanted.filter((h) => sheet.headers.includes(h));
}

/** Every lead unit of the ledger, in the order the tasks name them. */
export function leadUnits(snapshot: LedgerSnapshot): string[] {
  const seen = new Set<string>();
  for (const row of snapshot.ledger.rows) for (const u of leadUnitsOf(text(row, "牵头单位"))) seen.add(u);
  return [...seen];
}

export interface UnitShare {
  unit: string;
  tasks: ReadRow[];
  milestones: ReadRow[];
}

export function shareOf(snapshot: LedgerSnapshot, unit: string): UnitShare {
  const tasks = snapshot.ledger.rows.filter(
    (r) => taskIdOf(r) && leadUnitsOf(text(r, "牵头单位")).includes(unit),
  );
  const ids = new Set(tasks.map(taskIdOf));
  const milestones = (snapshot.milestones?.rows ?? []).filter(
    (r) => milestoneIdOf(r) && ids.has(text(r, "序号")),
  );
  return { unit, tasks, milestones };
}

/** Every lead unit's share in one pass over the ledger (what `split` sends), in the order of `leadUnits`. */
export function sharesOf(snapshot: LedgerSnapshot): UnitShare[] {
  const shares = new Map<string, UnitShare>();
  const unitsOfTask = new Map<string, UnitShare[]>();
  for (const r of snapshot.ledger.rows) {
    const id = taskIdOf(r);
    if (!id) continue;
    for (const unit of leadUnitsOf(text(r, "牵头单位"))) {
      let share = shares.get(unit);
      if (!share) shares.set(unit, (share = { unit, tasks: [], milestones: [] }));
      if (share.tasks[share.tasks.length - 1] === r) continue; // a unit named twice in one cell
      share.tasks.push(r);
      unitsOfTask.set(id, [...(unitsOfTask.get(id) ?? []), share]);
    }
  }
  for (const m of snapshot.milestones?.rows ?? []) {
    if (!milestoneIdOf(m)) continue;
    for (const share of unitsOfTask.get(text(m, "序号")) ?? []) share.milestones.push(m);
  }
  return [...shares.values()];
}

/** One staff cell's value as sent: what collect compares the return and the master against. */
export interface BaselineEntry {
  key: string;
  column: string;
  text: string;
}

export function baselineOf(share: UnitShare, snapshot: LedgerSnapshot): BaselineEntry[] {
  const out: BaselineEntry[] = [];
  const add = (kind: RowKind, rows: ReadRow[], sheet: ReadSheet | null) => {
    const cols = staffColumnsOf(sheet, kind);
    for (const r of rows) {
      const key = rowKey(kind, kind === "task" ? taskIdOf(r) : milestoneIdOf(r));
      for (const c of cols) out.push({ key, column: c, text: entryOf(r.cells[c]).text });
    }
  };
  add("task", share.tasks, snapshot.ledger);
  add("milestone", share.milestones, snapshot.milestones);
  return out;
}

/** Staff values of a sheet's rows by key and column (what the master holds now, or what a return brings). */
export interface RowEntries {
  key: string;
  /** The task title (or milestone text), for messages. */
  label: string;
  /** Sheet and A1 address of each column's cell. */
  sheet: string;
  address: Record<string, string>;
  values: Record<string, EntryValue>;
}

export function rowEntries(sheet: ReadSheet | null, kind: RowKind, columns?: string[]): RowEntries[] {
  if (!sheet) return [];
  const cols = columns ?? staffColumnsOf(sheet, kind);
  const out: RowEntries[] = [];
  for (const r of sheet.rows) {
    const id = kind === "task" ? taskIdOf(r) : milestoneIdOf(r);
    if (!id) continue;
    const values: Record<string, EntryValue> = {};
    const address: Record<string, string> = {};
    for (const c of cols) {
      if (!r.cells[c]) continue;
      values[c] = entryOf(r.cells[c]);
      address[c] = r.cells[c].address;
    }
    out.push({
      key: rowKey(kind, id),
      label: text(r, kind === "task" ? "任务名称" : "节点内容"),
      sheet: sheet.name,
      address,
      values,
    });
  }
  return out;
}
