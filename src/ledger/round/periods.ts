/**
 * 历次进展: each closed period's status and progress note of every task and milestone, appended once and never
 * rewritten, and what changed between two periods (本期新完成, 新增逾期, 连续两期逾期). Pure.
 */
import type { LedgerSnapshot, ReadRow } from "../snapshot";
import { warningFor } from "../warning";
import { entryOf } from "./values";

export const PERIOD_HEADERS = [
  "统计截止日期",
  "类型",
  "编号",
  "名称",
  "牵头单位",
  "完成时限",
  "状态",
  "完成日期",
  "预警",
  "进展情况",
  "记录时间",
] as const;

export interface PeriodRecord {
  period: string;
  kind: "任务" | "节点";
  id: string;
  title: string;
  lead: string;
  due: string;
  status: string;
  done: string;
  warning: string;
  note: string;
}

const t = (row: ReadRow, h: string) => entryOf(row.cells[h]).text.trim();
const iso = (s: string) => (/^\d{4}-\d{2}-\d{2}$/.test(s) ? s : null);

/** The ledger as it stands at `period`: one record per task and milestone. */
export function periodRecords(snapshot: LedgerSnapshot, period: string): PeriodRecord[] {
  const record = (row: ReadRow, kind: PeriodRecord["kind"]): PeriodRecord => {
    const status = t(row, "状态");
    const done = t(row, "完成日期");
    const due = t(row, "完成时限");
    return {
      period,
      kind,
      id: kind === "任务" ? t(row, "序号") : t(row, "节点编号"),
      title: kind === "任务" ? t(row, "任务名称") : t(row, "节点内容"),
      lead: t(row, "牵头单位"),
      due,
      status,
      done,
      warning: warningFor(status, iso(done), iso(due), period),
      note: kind === "任务" ? entryOf(row.cells["进展情况"]).text : "",
    };
  };
  return [
    ...snapshot.ledger.rows.filter((r) => t(r, "序号")).map((r) => record(r, "任务")),
    ...(snapshot.milestones?.rows ?? []).filter((r) => t(r, "节点编号")).map((r) => record(r, "节点")),
  ];
}

/** The periods already closed, in order. */
export const closedPeriods = (records: PeriodRecord[]) => [...new Set(records.map((r) => r.period))].sort();

export interface PeriodChanges {
  previous: string;
  current: string;
  /** Tasks 已完成 now that were not in the previous period. */
  newlyDone: string[];
  /** Tasks 逾期 now that were not in the previous period. */
  newlyOverdue: string[];
  /** Tasks 逾期 in the previous period and still now. */
  overdueTwice: string[];
}

const byNumber = (a: string, b: string) => Number(a) - Number(b) || a.localeCompare(b);

/** What changed for tasks from `previous` (a closed period's records) to `current` (records at a later date). */
export function periodChanges(previous: PeriodRecord[], current: PeriodRecord[]): PeriodChanges {
  const before = new Map(previous.filter((r) => r.kind === "任务").map((r) => [r.id, r]));
  const tasks = current.filter((r) => r.kind === "任务");
  const was = (id: string, f: (r: PeriodRecord) => boolean) => {
    const r = before.get(id);
    return r ? f(r) : false;
  };
  const done = (r: PeriodRecord) => r.status === "已完成";
  const overdue = (r: PeriodRecord) => r.warning === "逾期";
  return {
    previous: previous[0]?.period ?? "",
    current: current[0]?.period ?? "",
    newlyDone: tasks
      .filter((r) => done(r) && !was(r.id, done))
      .map((r) => r.id)
      .sort(byNumber),
    newlyOverdue: tasks
      .filter((r) => overdue(r) && !was(r.id, overdue))
      .map((r) => r.id)
      .sort(byNumber),
    overdueTwice: tasks
      .filter((r) => overdue(r) && was(r.id, overdue))
      .map((r) => r.id)
      .sort(byNumber),
  };
}

/** Tasks named in the sentence on tasks overdue twice; the rest are summed up by 等 (as in the 通报). */
export const TWICE_NAMED = 10;

/** The 通报's sentence on the changes since the last closed period. */
export function changesSentence(c: PeriodChanges): string {
  const n = c.overdueTwice.length;
  const twice = n
    ? `连续两期逾期的任务${n}项（第${c.overdueTwice.slice(0, TWICE_NAMED).join("、")}项${n > TWICE_NAMED ? "等" : ""}）`
    : "没有连续两期逾期的任务";
  return `与上期（${c.previous}）相比，本期新完成${c.newlyDone.length}项、新增逾期${c.newlyOverdue.length}项，${twice}。`;
}

/**
 * What changed since the last period closed before `asOf` (or, when `asOf` is itself closed, between it and
 * the one before it); `current` gives the ledger's records at `asOf` when it is not closed. Null when there is
 * no earlier period.
 */
export function changesAt(
  recorded: PeriodRecord[],
  asOf: string,
  current: () => PeriodRecord[],
): PeriodChanges | null {
  const earlier = closedPeriods(recorded).filter((p) => p < asOf);
  const previous = earlier[earlier.length - 1];
  if (!previous) return null;
  const closedNow = recorded.filter((r) => r.period === asOf);
  return periodChanges(
    recorded.filter((r) => r.period === previous),
    closedNow.length ? closedNow : current(),
  );
}

export interface TrendPoint {
  period: string;
  /** Records of the period (tasks and milestones): its rows in 历次进展. */
  rows: number;
  /** Task records of the period, and those 已完成. */
  tasks: number;
  done: number;
  rate: number;
}

/** Completion by closed period (tasks only, as recorded), oldest first. */
export function periodTrend(recorded: PeriodRecord[]): TrendPoint[] {
  return closedPeriods(recorded).map((period) => {
    const rows = recorded.filter((r) => r.period === period);
    const tasks = rows.filter((r) => r.kind === "任务");
    const done = tasks.filter((r) => r.status === "已完成").length;
    return {
      period,
      rows: rows.length,
      tasks: tasks.length,
      done,
      rate: tasks.length ? done / tasks.length : 0,
    };
  });
}

/** Period records from the rows of a 历次进展 sheet (header row first, columns found by header). */
export function readPeriodRows(rows: string[][]): PeriodRecord[] {
  const header = rows[0] ?? [];
  const col = (h: string) => header.indexOf(h);
  const at = (r: string[], h: string) => (col(h) >= 0 ? (r[col(h)] ?? "") : "");
  return rows
    .slice(1)
    .filter((r) => at(r, "统计截止日期") && at(r, "编号"))
    .map((r) => ({
      period: at(r, "统计截止日期"),
      kind: at(r, "类型") === "节点" ? "节点" : "任务",
      id: at(r, "编号"),
      title: at(r, "名称"),
      lead: at(r, "牵头单位"),
      due: at(r, "完成时限"),
      status: at(r, "状态"),
      done: at(r, "完成日期"),
      warning: at(r, "预警"),
      note: at(r, "进展情况"),
    }));
}
