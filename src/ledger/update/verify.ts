/**
 * The last guard of an update: the new workbook, read back, must hold every staff entry of the old one
 * exactly (surviving rows in place, removed rows in 已移除任务, aliases in 单位). Any difference stops the
 * update before anything is written over.
 */
import { LIST_KEY, PLAN_COLUMNS } from "../vocabulary";
import type { Kept } from "./existing";
import { keptText, type ExistingTable } from "./existing";
import type { ExistingLedger, Reconciled } from "./reconcile";

export interface Loss {
  sheet: string;
  id: string;
  field: string;
  before: string;
  after: string;
}

/** Same content: formulas by their text, dates by day, everything else by value and type. */
export function sameCell(a: Kept | undefined, b: Kept | undefined): boolean {
  const x = a?.cell ?? null;
  const y = b?.cell ?? null;
  if (x === null || y === null) return (x === null || x === "") && (y === null || y === "");
  if (typeof x !== "object" || typeof y !== "object") return x === y;
  if (x.kind === "date" || y.kind === "date")
    return x.kind === y.kind && (x as { iso: string }).iso === (y as { iso: string }).iso;
  return x.formula === (y as { formula: string }).formula;
}

const shown = (k: Kept | undefined) => {
  const c = k?.cell;
  return c && typeof c === "object" && c.kind === "formula" ? `=${c.formula}` : keptText(k);
};

function compareRows(
  sheet: string,
  key: string,
  before: ExistingTable | null,
  after: ExistingTable | null,
  fields: (h: string) => boolean,
  kept: (id: string) => boolean,
  losses: Loss[],
) {
  const now = new Map((after?.rows ?? []).map((r) => [keptText(r.cells[key]), r.cells]));
  for (const row of before?.rows ?? []) {
    const id = keptText(row.cells[key]);
    if (!kept(id)) continue;
    const target = now.get(id);
    for (const [h, cell] of Object.entries(row.cells)) {
      if (!fields(h)) continue;
      if (!target || !sameCell(cell, target[h]))
        losses.push({ sheet, id, field: h, before: shown(cell), after: shown(target?.[h]) });
    }
  }
}

export function verifyUpdate(before: ExistingLedger, merged: Reconciled, after: ExistingLedger): Loss[] {
  const losses: Loss[] = [];
  // Staff columns and columns staff added; plan columns are the plan's to change (conflicts below).
  const staffOrExtra = (plan: readonly string[]) => (h: string) =>
    !plan.includes(h) && h !== "预警" && h !== LIST_KEY;
  const conflicted = new Set(
    merged.changes.filter((c) => c.kind === "冲突").map((c) => `${c.sheet}|${c.id}|${c.field}`),
  );
  const survivingTasks = new Set(merged.tasks.map((r) => keptText(r["序号"])));
  compareRows(
    "任务台账",
    "序号",
    before.ledger,
    after.ledger,
    staffOrExtra(PLAN_COLUMNS),
    (id) => survivingTasks.has(id),
    losses,
  );
  // Plan columns staff edited by hand (conflicts) must be kept too.
  for (const row of before.ledger.rows) {
    const id = keptText(row.cells["序号"]);
    for (const field of PLAN_COLUMNS) {
      if (!conflicted.has(`任务台账|${id}|${field}`)) continue;
      const target = after.ledger.rows.find((r) => keptText(r.cells["序号"]) === id);
      if (!sameCell(row.cells[field], target?.cells[field]))
        losses.push({
          sheet: "任务台账",
          id,
          field,
          before: shown(row.cells[field]),
          after: shown(target?.cells[field]),
        });
    }
  }
  const survivingMs = new Set(merged.milestones.map((r) => keptText(r["节点编号"])));
  compareRows(
    "时间节点",
    "节点编号",
    before.milestones,
    after.milestones,
    staffOrExtra(["节点编号", "序号", "节点内容", "完成时限", "牵头单位"]),
    (id) => survivingMs.has(id),
    losses,
  );
  compareRows(
    "单位",
    "单位名称",
    before.units,
    after.units,
    (h) => !["单位名称", "类型", "牵头任务数", "参与任务数"].includes(h),
    () => true,
    losses,
  );
  // Removed rows: every cell they had, now in 已移除任务.
  const archived = after.removed?.rows ?? [];
  for (const row of before.ledger.rows) {
    const id = keptText(row.cells["序号"]);
    if (survivingTasks.has(id) || !id) continue;
    const target = archived.find(
      (r) => keptText(r.cells["类型"]) === "任务" && keptText(r.cells["编号"]) === id,
    );
    for (const [h, cell] of Object.entries(row.cells)) {
      if (h === "预警" || h === LIST_KEY) continue;
      if (!target || !sameCell(cell, target.cells[h]))
        losses.push({
          sheet: "已移除任务",
          id,
          field: h,
          before: shown(cell),
          after: shown(target?.cells[h]),
        });
    }
  }
  return losses;
}
