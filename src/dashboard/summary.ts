/**
 * The summary engine: completion, overdue and due-soon figures for the plan, each domain and each lead
 * unit; deadlines per month; the overdue and next-30-days lists; the 通报 paragraph. It counts exactly
 * what the dashboard's formulas count (see `formulas.ts`), so the two agree to the last number.
 */
import { DUE_SOON_DAYS } from "../ledger/vocabulary";
import type { CountedRow, StoredDate } from "./rows";

export interface Figures {
  total: number;
  done: number;
  doneOnTime: number;
  doneLate: number;
  inProgress: number;
  notStarted: number;
  overdue: number;
  dueSoon: number;
  /** done / total. */
  completionRate: number;
  /** doneOnTime / done: the share of completions that met their deadline. */
  onTimeRate: number;
}

export interface MonthFigures {
  /** `YYYY-MM`. */
  month: string;
  tasksDue: number;
  tasksDone: number;
  milestonesDue: number;
  milestonesDone: number;
}

export interface ListedItem {
  kind: "task" | "milestone";
  id: string;
  title: string;
  lead: string;
  due: string;
  /** Days past the deadline (overdue list) or left until it (upcoming list). */
  days: number;
}

export interface Summary {
  asOf: string;
  year: number;
  /** 序时进度: the share of the plan year elapsed at the as-of date. */
  timeProgress: number;
  overall: Figures;
  domains: ({ name: string } & Figures)[];
  units: ({ name: string } & Figures)[];
  months: MonthFigures[];
  overdue: ListedItem[];
  upcoming: ListedItem[];
  /** Rows counted as they stand although their status or dates break the rules. */
  irregular: { sheet: string; row: number; id: string; problem: string }[];
  bulletin: string;
}

const DAY = 86_400_000;
const dayNo = (iso: string) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / DAY;

/** `a > b` the way a spreadsheet compares cells: text is greater than any number. */
function greater(a: StoredDate, b: StoredDate): boolean {
  if (!a || !b) return false;
  if ("date" in a && "date" in b) return a.date > b.date;
  if ("text" in a && "date" in b) return true;
  if ("date" in a && "text" in b) return false;
  return (a as { text: string }).text > (b as { text: string }).text;
}

/** The 预警 of a row as the worksheet formula computes it ("#VALUE!" where the formula errs on text). */
export function warningAsStored(r: CountedRow, asOf: string): string {
  if (r.status === "已完成") return greater(r.done, r.due) ? "逾期完成" : "已完成";
  if (!r.due) return "";
  if ("text" in r.due) return "#VALUE!";
  if (r.due.date < asOf) return "逾期";
  return dayNo(r.due.date) - dayNo(asOf) <= DUE_SOON_DAYS ? "临期" : "正常";
}

/** How many times the unit-matching patterns of the dashboard match `name` in a `、`-separated cell. */
export function unitMatches(cell: string, name: string): number {
  return (
    (cell === name ? 1 : 0) +
    (cell.startsWith(name + "、") ? 1 : 0) +
    (cell.endsWith("、" + name) ? 1 : 0) +
    (cell.includes("、" + name + "、") ? 1 : 0)
  );
}

function figures(rows: { row: CountedRow; warning: string; weight: number }[]): Figures {
  const f: Figures = {
    total: 0,
    done: 0,
    doneOnTime: 0,
    doneLate: 0,
    inProgress: 0,
    notStarted: 0,
    overdue: 0,
    dueSoon: 0,
    completionRate: 0,
    onTimeRate: 0,
  };
  for (const { row, warning, weight } of rows) {
    f.total += weight;
    if (row.status === "已完成") f.done += weight;
    else if (row.status === "推进中") f.inProgress += weight;
    else if (row.status === "未启动") f.notStarted += weight;
    if (warning === "逾期完成") f.doneLate += weight;
    else if (warning === "逾期") f.overdue += weight;
    else if (warning === "临期") f.dueSoon += weight;
  }
  f.doneOnTime = f.done - f.doneLate;
  f.completionRate = f.total ? f.done / f.total : 0;
  f.onTimeRate = f.done ? f.doneOnTime / f.done : 0;
  return f;
}

/** Share of the plan year elapsed on the as-of date, counting the as-of day itself (30 Sep 2022 → 273/365). */
export function timeProgress(asOf: string, year: number): number {
  const start = Date.UTC(year, 0, 1) / DAY;
  const end = Date.UTC(year + 1, 0, 1) / DAY;
  return Math.min(1, Math.max(0, (dayNo(asOf) - start + 1) / (end - start)));
}

export interface SummaryInput {
  tasks: CountedRow[];
  milestones: CountedRow[];
  asOf: string;
  year: number;
  /** Months shown in the per-month table (`YYYY-MM`); default: those of the year with a deadline. */
  months?: string[];
}

export function summarize(input: SummaryInput): Summary {
  const { asOf, year } = input;
  const tasks = input.tasks.map((row) => ({ row, warning: warningAsStored(row, asOf), weight: 1 }));
  const milestones = input.milestones.map((row) => ({ row, warning: warningAsStored(row, asOf), weight: 1 }));

  const domainNames = [...new Set(tasks.map((t) => t.row.domain))];
  const domains = domainNames.map((name) => ({
    name,
    ...figures(tasks.filter((t) => t.row.domain === name)),
  }));
  const unitNames = [...new Set(tasks.flatMap((t) => t.row.lead.split("、").filter(Boolean)))];
  const units = unitNames.map((name) => ({
    name,
    ...figures(
      tasks.map((t) => ({ ...t, weight: unitMatches(t.row.lead, name) })).filter((t) => t.weight > 0),
    ),
  }));

  const monthOf = (d: StoredDate) => (d && "date" in d ? d.date.slice(0, 7) : null);
  const months =
    input.months ??
    [
      ...new Set(
        [...tasks, ...milestones]
          .map((t) => monthOf(t.row.due))
          .filter((m): m is string => !!m && m.startsWith(String(year))),
      ),
    ].sort();
  const perMonth = months.map((month) => {
    const inMonth = (list: typeof tasks) => list.filter((t) => monthOf(t.row.due) === month);
    const done = (list: typeof tasks) => list.filter((t) => t.row.status === "已完成").length;
    const td = inMonth(tasks);
    const md = inMonth(milestones);
    return {
      month,
      tasksDue: td.length,
      tasksDone: done(td),
      milestonesDue: md.length,
      milestonesDone: done(md),
    };
  });

  const listed = (t: (typeof tasks)[number], days: number): ListedItem => ({
    kind: t.row.kind,
    id: t.row.id,
    title: t.row.title,
    lead: t.row.lead,
    due: (t.row.due as { date: string }).date,
    days,
  });
  const all = [...tasks, ...milestones];
  const overdue = all
    .filter((t) => t.warning === "逾期")
    .map((t) => listed(t, dayNo(asOf) - dayNo((t.row.due as { date: string }).date)))
    .sort((a, b) => b.days - a.days || a.id.localeCompare(b.id, "en", { numeric: true }));
  const upcoming = all
    .filter(
      (t) =>
        t.row.status !== "已完成" &&
        t.row.due &&
        "date" in t.row.due &&
        t.row.due.date >= asOf &&
        dayNo(t.row.due.date) - dayNo(asOf) <= 30,
    )
    .map((t) => listed(t, dayNo((t.row.due as { date: string }).date) - dayNo(asOf)))
    .sort((a, b) => a.days - b.days || a.id.localeCompare(b.id, "en", { numeric: true }));

  const irregular = all.flatMap(({ row, warning }) => {
    const problems: string[] = [];
    if (!["已完成", "推进中", "未启动"].includes(row.status))
      problems.push(`状态“${row.status}”不是标准用语，未计入任何状态`);
    if (row.due && "text" in row.due) problems.push(`完成时限“${row.due.text}”不是日期，预警无法计算`);
    if (row.done && "text" in row.done)
      problems.push(`完成日期“${row.done.text}”不是日期${warning === "逾期完成" ? "，按逾期完成计" : ""}`);
    return problems.map((problem) => ({ sheet: row.sheet, row: row.row, id: row.id, problem }));
  });

  const overall = figures(tasks);
  const progress = timeProgress(asOf, year);
  return {
    asOf,
    year,
    timeProgress: progress,
    overall,
    domains,
    units,
    months: perMonth,
    overdue,
    upcoming,
    irregular,
    bulletin: bulletin(
      asOf,
      overall,
      progress,
      overdue.filter((o) => o.kind === "task"),
      upcoming.filter((u) => u.kind === "task").length,
    ),
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The 通报 paragraph, in the office's own register. */
export function bulletin(
  asOf: string,
  f: Figures,
  progress: number,
  overdueTasks: ListedItem[],
  upcomingTasks: number,
): string {
  const [y, m, d] = asOf.split("-").map(Number);
  let s = `截至${y}年${m}月${d}日，${f.total}项任务已完成${f.done}项，完成率${pct(f.completionRate)}（序时进度${pct(progress)}）`;
  s += `；推进中${f.inProgress}项，未启动${f.notStarted}项`;
  if (f.doneLate) s += `；逾期完成${f.doneLate}项`;
  if (overdueTasks.length) {
    const named = overdueTasks
      .slice(0, 10)
      .map((o) => `第${o.id}项“${o.title}”（${o.lead || "未明确牵头单位"}，逾期${o.days}天）`);
    s += `；逾期未完成${overdueTasks.length}项：${named.join("、")}${overdueTasks.length > 10 ? `等` : ""}`;
  } else s += "；无逾期未完成任务";
  s += upcomingTasks ? `；未来30天内到期${upcomingTasks}项，请相关单位抓紧推进。` : "。";
  return s;
}
