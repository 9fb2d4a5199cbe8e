/**
 * The summary engine: completion, overdue and due-soon figures for the plan, each domain and each lead
 * unit; deadlines per month; the overdue and due-soon lists; the 通报 paragraph. It counts exactly what
 * the dashboard's formulas count (see `formulas.ts` and `bulletinText.ts`), and orders the lists and
 * words the 通报 exactly as they do, so the two agree to the last number and the last character.
 */
import { DUE_SOON_DAYS } from "../ledger/vocabulary";
import type { CountedRow, StoredDate } from "./rows";
import { bulletin } from "./bulletinText";
import { DUE_NOT_A_DATE } from "../ledger/warning";
export { ALIAS_ROWS, ALIAS_UNIT_ROWS, countedAliases } from "./aliases";

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
  /** The row on its sheet (任务台账 for tasks, 时间节点 for milestones). */
  row: number;
}

export interface Summary {
  asOf: string;
  year: number;
  /** The plan's title (named in the 通报 in 《》), or "" when unknown. */
  title: string;
  /** First day of the period 序时进度 is measured over (publication date, else 1 January). */
  progressFrom: string;
  /** 序时进度: the share of the plan period (from `progressFrom` to 31 December) elapsed at the as-of date. */
  timeProgress: number;
  /** Days ahead counted as due soon (临期), in the 预警, the KPI, the list and the 通报 alike. */
  dueSoonDays: number;
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
/**
 * The order of both lists, as the dashboard's helper keys (deadline × 10⁶ + row) give it: tasks before
 * milestones, then the earliest deadline first (most days overdue / fewest days left), then sheet order.
 */
function sortListed(items: ListedItem[]): ListedItem[] {
  const rank = (x: ListedItem) => (x.kind === "task" ? 0 : 1);
  return items.sort(
    (a, b) => rank(a) - rank(b) || (a.due < b.due ? -1 : a.due > b.due ? 1 : 0) || a.row - b.row,
  );
}
/** Days since 1970-01-01 of an ISO date, by integer arithmetic (hot path: no Date objects). */
function dayNo(iso: string): number {
  const d = (i: number) => iso.charCodeAt(i) - 48;
  let y = d(0) * 1000 + d(1) * 100 + d(2) * 10 + d(3);
  const m = d(5) * 10 + d(6);
  const day = d(8) * 10 + d(9);
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}
/** `a > b` the way a spreadsheet compares cells: text is greater than any number. */
function greater(a: StoredDate, b: StoredDate): boolean {
  if (!a || !b) return false;
  if ("date" in a && "date" in b) return a.date > b.date;
  if ("text" in a && "date" in b) return true;
  if ("date" in a && "text" in b) return false;
  return (a as { text: string }).text > (b as { text: string }).text;
}

const isoPlusDays = (iso: string, days: number) =>
  new Date((dayNo(iso) + days) * DAY).toISOString().slice(0, 10);

/**
 * The 预警 of a row as the worksheet formula computes it (`DUE_NOT_A_DATE` for a deadline that is not a date).
 * `soonUntil` is the as-of date plus the due-soon days, passed in so that rows compare strings only.
 */
export function warningAsStored(
  r: CountedRow,
  asOf: string,
  soonUntil = isoPlusDays(asOf, DUE_SOON_DAYS),
): string {
  if (r.status === "已完成") return greater(r.done, r.due) ? "逾期完成" : "已完成";
  if (!r.due) return "";
  if ("text" in r.due) return DUE_NOT_A_DATE;
  if (r.due.date < asOf) return "逾期";
  return r.due.date <= soonUntil ? "临期" : "正常";
}

/**
 * How many times the unit-matching patterns of the dashboard match `name` in a `、`-separated cell. Like
 * COUNTIFS, it ignores the case of Latin letters.
 */
export function unitMatches(cell: string, name: string): number {
  return matchesFolded(fold(cell), fold(name));
}

/** Names as COUNTIFS and MATCH compare them: Latin letters in any case are the same. */
const fold = (s: string) => s.toLowerCase();

function matchesFolded(cell: string, name: string): number {
  return (
    (cell === name ? 1 : 0) +
    (cell.startsWith(name + "、") ? 1 : 0) +
    (cell.endsWith("、" + name) ? 1 : 0) +
    (cell.includes("、" + name + "、") ? 1 : 0)
  );
}

/** Figures of a group nothing is counted into yet. */
export const emptyFigures = (): Figures => ({
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
});

/** Count one row into a group's figures (`weight`: how many times the group's formulas match it). */
function add(f: Figures, row: CountedRow, warning: string, weight: number): void {
  f.total += weight;
  if (row.status === "已完成") f.done += weight;
  else if (row.status === "推进中") f.inProgress += weight;
  else if (row.status === "未启动") f.notStarted += weight;
  if (warning === "逾期完成") f.doneLate += weight;
  else if (warning === "逾期") f.overdue += weight;
  else if (warning === "临期") f.dueSoon += weight;
}

function finish(f: Figures): Figures {
  f.doneOnTime = f.done - f.doneLate;
  f.completionRate = f.total ? f.done / f.total : 0;
  f.onTimeRate = f.done ? f.doneOnTime / f.done : 0;
  return f;
}

/**
 * 序时进度: the share of the plan period elapsed on the as-of date, counting the as-of day itself. The period
 * runs from `from` (the plan's publication date, else 1 January) to 31 December of the plan year.
 */
export function timeProgress(asOf: string, year: number, from = `${year}-01-01`): number {
  const start = dayNo(from);
  const end = Date.UTC(year + 1, 0, 1) / DAY;
  return Math.min(1, Math.max(0, (dayNo(asOf) - start + 1) / (end - start)));
}

export interface SummaryInput {
  tasks: CountedRow[];
  milestones: CountedRow[];
  asOf: string;
  year: number;
  /** The plan's title, for the 通报. */
  title?: string;
  /** The plan's publication date: 序时进度 counts from it (else from 1 January). */
  published?: string | null;
  /** Aliases of each registered unit, as the workbook's formulas count them (see `countedAliases`). */
  aliases?: Map<string, string[]>;
  /** Months shown in the per-month table (`YYYY-MM`); default: those of the year with a deadline. */
  months?: string[];
}

/** The year-start or the publication date (when it falls in the plan year) that 序时进度 counts from. */
export function progressStart(year: number, published?: string | null): string {
  return published && published.startsWith(String(year)) ? published : `${year}-01-01`;
}

export function summarize(input: SummaryInput): Summary {
  const { asOf, year } = input;
  const soonUntil = isoPlusDays(asOf, DUE_SOON_DAYS);
  const today = dayNo(asOf);
  const overallF = emptyFigures();
  const byDomain = new Map<string, Figures>();
  const byUnit = new Map<string, Figures>();
  const byMonth = new Map<string, MonthFigures>();
  const overdueItems: ListedItem[] = [];
  const upcomingItems: ListedItem[] = [];
  const irregular: Summary["irregular"] = [];
  // An alias counts for its unit: the unit's formulas add the alias's matches to the name's. Every key is
  // folded (see `fold`), as the formulas match names; a group is shown by its registered spelling, else by
  // the first spelling written.
  const shownAs = new Map<string, string>();
  const ownersOf = new Map<string, string[]>();
  const namesOf = new Map<string, string[]>();
  for (const [unit, pieces] of input.aliases ?? []) {
    const u = fold(unit);
    if (!shownAs.has(u)) shownAs.set(u, unit);
    // Rows of one name (in any case) add up, as SUMIF over 别名统计 adds them.
    const names = namesOf.get(u) ?? [u];
    namesOf.set(u, names);
    for (const p of pieces.filter((x) => x !== "").map(fold)) {
      names.push(p);
      ownersOf.set(p, [...(ownersOf.get(p) ?? []), u]);
    }
  }
  /** The units a written name counts for: its owners if it is an alias, itself if it is a unit (or unknown). */
  const unitsOf = (name: string): string[] => {
    const owners = ownersOf.get(name) ?? [];
    return owners.length && !namesOf.has(name) ? owners : [name, ...owners];
  };
  const weightOf = (lead: string, unit: string) =>
    (namesOf.get(unit) ?? [unit]).reduce((n, name) => n + matchesFolded(lead, name), 0);
  const domainShown = new Map<string, string>();

  // One pass over every row: figures, months, lists and irregular entries together.
  for (const row of [...input.tasks, ...input.milestones]) {
    const warning = warningAsStored(row, asOf, soonUntil);
    const isTask = row.kind === "task";
    if (isTask) {
      add(overallF, row, warning, 1);
      const domain = fold(row.domain);
      let d = byDomain.get(domain);
      if (!d) {
        byDomain.set(domain, (d = emptyFigures()));
        domainShown.set(domain, row.domain);
      }
      add(d, row, warning, 1);
      const lead = fold(row.lead);
      const written = row.lead.includes("、") ? row.lead.split("、") : [row.lead];
      const names = written.map(fold);
      let units: Iterable<string> = names.length > 1 ? new Set(names) : names;
      if (ownersOf.size) {
        const resolved = new Set<string>();
        for (const name of names) if (name) for (const u of unitsOf(name)) resolved.add(u);
        units = resolved;
      }
      for (const unit of units) {
        if (!unit) continue;
        const weight = namesOf.size ? weightOf(lead, unit) : matchesFolded(lead, unit);
        if (!weight) continue;
        let u = byUnit.get(unit);
        if (!u) {
          byUnit.set(unit, (u = emptyFigures()));
          if (!shownAs.has(unit)) shownAs.set(unit, written[names.indexOf(unit)] ?? unit);
        }
        add(u, row, warning, weight);
      }
    }
    const due = row.due && "date" in row.due ? row.due.date : null;
    if (due) {
      const key = due.slice(0, 7);
      let m = byMonth.get(key);
      if (!m)
        byMonth.set(
          key,
          (m = { month: key, tasksDue: 0, tasksDone: 0, milestonesDue: 0, milestonesDone: 0 }),
        );
      const done = row.status === "已完成";
      if (isTask) {
        m.tasksDue++;
        if (done) m.tasksDone++;
      } else {
        m.milestonesDue++;
        if (done) m.milestonesDone++;
      }
      const item = (days: number): ListedItem => ({
        kind: row.kind,
        id: row.id,
        title: row.title,
        lead: row.lead,
        due,
        days,
        row: row.row,
      });
      if (warning === "逾期") overdueItems.push(item(today - dayNo(due)));
      else if (warning === "临期") upcomingItems.push(item(dayNo(due) - today));
    }
    const report = (problem: string) =>
      irregular.push({ sheet: row.sheet, row: row.row, id: row.id, problem });
    if (row.status !== "已完成" && row.status !== "推进中" && row.status !== "未启动") {
      report(`状态“${row.status}”不是标准用语，未计入任何状态`);
    }
    if (row.due && "text" in row.due) report(`完成时限“${row.due.text}”不是日期，预警无法计算`);
    if (row.done && "text" in row.done) {
      report(`完成日期“${row.done.text}”不是日期${warning === "逾期完成" ? "，按逾期完成计" : ""}`);
    }
  }
  const domains = [...byDomain].map(([key, f]) => ({ name: domainShown.get(key)!, ...finish(f) }));
  const units = [...byUnit].map(([key, f]) => ({ name: shownAs.get(key) ?? key, ...finish(f) }));
  const months = input.months ?? [...byMonth.keys()].filter((m) => m.startsWith(String(year))).sort();
  const perMonth = months.map(
    (month) =>
      byMonth.get(month) ?? { month, tasksDue: 0, tasksDone: 0, milestonesDue: 0, milestonesDone: 0 },
  );
  const overdue = sortListed(overdueItems);
  const upcoming = sortListed(upcomingItems);

  const overall = finish(overallF);
  const title = input.title ?? "";
  const progressFrom = progressStart(year, input.published);
  const progress = timeProgress(asOf, year, progressFrom);
  return {
    asOf,
    year,
    title,
    progressFrom,
    timeProgress: progress,
    dueSoonDays: DUE_SOON_DAYS,
    overall,
    domains,
    units,
    months: perMonth,
    overdue,
    upcoming,
    irregular,
    bulletin: bulletin({
      asOf,
      title,
      figures: overall,
      progress,
      overdueTasks: overdue.filter((o) => o.kind === "task"),
    }),
  };
}
