/**
 * The start every in-place update shares, whichever shell read the cells (the patched file or the open
 * workbook): find the header rows and columns of 任务台账 and 时间节点, refuse a ledger whose 序号 repeat,
 * read the tool's hidden plan copy, and plan every edit. The shells only say where the grids came from.
 */
import type { Plan } from "../../plan";
import { readPlanCopy, UnusableWorkbookError, type SheetGrid } from "../grid";
import type { LedgerSnapshot } from "../snapshot";
import { PLAN_COLUMNS, PLAN_STATUS_HEADER } from "../vocabulary";
import { duplicateIds, MILESTONE_PLAN_COLUMNS, planInPlaceUpdate, type InPlaceUpdate } from "./inPlace";
import { readSheetTable, type SheetTable } from "./table";

/** One of the tool's sheets as read: its name, its cells, and the column its plan-status marker names. */
export interface SheetSource {
  sheet: string;
  grid: SheetGrid | null;
  /** The column the tool's plan-status marker points at on this sheet (null: none yet). */
  planStatusCol: number | null;
}

export interface UpdateSources {
  ledger: SheetSource;
  milestones: SheetSource | null;
  planCopy: SheetGrid | null;
  date1904: boolean;
}

export interface PlannedLedgerUpdate {
  ledger: SheetTable;
  milestones: SheetTable | null;
  copy: LedgerSnapshot["plan"];
  update: InPlaceUpdate;
}

/** The workbook has no sheet the tool recognises as its 任务台账. */
export const noLedgerError = () =>
  new UnusableWorkbookError(
    "没有找到台账助手的“任务台账”工作表，无法更新。请确认这是台账助手生成的台账（工作表可以改名，但不要删除）。",
  );

export function planLedgerUpdate(plan: Plan, src: UpdateSources): PlannedLedgerUpdate {
  const ledger = readSheetTable(
    src.ledger.sheet,
    src.ledger.grid,
    "序号",
    [...PLAN_COLUMNS, "状态", "完成日期"],
    src.ledger.planStatusCol,
    [...PLAN_COLUMNS, PLAN_STATUS_HEADER],
  );
  if (!ledger)
    throw new UnusableWorkbookError(
      `“${src.ledger.sheet}”工作表是空的，无法更新。请确认这是台账助手生成的台账，或先生成台账。`,
    );
  const milestones = src.milestones
    ? readSheetTable(
        src.milestones.sheet,
        src.milestones.grid,
        "节点编号",
        [...MILESTONE_PLAN_COLUMNS, "状态", "完成日期"],
        src.milestones.planStatusCol,
        [...MILESTONE_PLAN_COLUMNS, PLAN_STATUS_HEADER],
      )
    : null;
  const dupes = duplicateIds(ledger);
  if (dupes.length)
    throw new UnusableWorkbookError(
      `“${ledger.sheet}”中有重复的序号：${dupes.join("；")}。一个序号只能对应一项任务，无法判断哪一行是哪项任务，没有更新。` +
        "请改正重复的序号（例如把误填的序号改回来）后再试。",
    );
  const copy = readPlanCopy(src.planCopy, src.date1904);
  return { ledger, milestones, copy, update: planInPlaceUpdate(plan, ledger, milestones, copy) };
}
