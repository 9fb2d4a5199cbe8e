/**
 * The rows the summary counts, as they stand in the ledger: the exact status text and dates as stored,
 * so that the engine agrees with the workbook's COUNTIFS to the last number. Entries that do not fit the
 * rules (a synonym status, a text date) are counted as the formulas count them and reported.
 */
import type { Plan } from "../plan";
import type { LedgerSnapshot, ReadCell } from "../ledger/snapshot";
import { isDateFormat, serialToIso } from "../ledger/dates";
import { freshTaskRecords } from "../workbook/sheets/ledger";
import { freshMilestoneRecords } from "../workbook/sheets/milestones";
import { keptText, type Kept } from "../workbook/kept";
import { countedAliases } from "./aliases";

/** A date cell as it stands: a real date, text (which no date comparison counts), or empty. */
export type StoredDate = { date: string } | { text: string } | null;

export interface CountedRow {
  kind: "task" | "milestone";
  /** 序号 of the task, or 节点编号 of the milestone. */
  id: string;
  taskId: number | null;
  domain: string;
  /** The lead units cell as written (`、`-separated). */
  lead: string;
  title: string;
  status: string;
  due: StoredDate;
  done: StoredDate;
  /** Where the row is, for reports: sheet and row number. */
  sheet: string;
  row: number;
}

/** The rows of a freshly built ledger: the same records the layout writes, every task 未启动. */
export function rowsFromPlan(plan: Plan): { tasks: CountedRow[]; milestones: CountedRow[] } {
  return countedFromRecords(freshTaskRecords(plan), freshMilestoneRecords(plan));
}

function stored(c: ReadCell | undefined, date1904: boolean): StoredDate {
  const v = c?.value;
  if (v === null || v === undefined || v === "") return null;
  if (typeof v === "object") return { date: v.date };
  if (typeof v === "number" && isDateFormat(c!.numFmt)) {
    const iso = serialToIso(v, date1904);
    return iso ? { date: iso } : { text: String(v) };
  }
  // A number without a date format still compares as a number in a spreadsheet.
  if (typeof v === "number")
    return serialToIso(v, date1904) ? { date: serialToIso(v, date1904)! } : { text: String(v) };
  return { text: String(v) };
}

const text = (c: ReadCell | undefined) =>
  c?.value === null || c?.value === undefined
    ? ""
    : typeof c.value === "object"
      ? c.value.date
      : String(c.value);

export function rowsFromSnapshot(s: LedgerSnapshot): { tasks: CountedRow[]; milestones: CountedRow[] } {
  const tasks: CountedRow[] = s.ledger.rows
    .filter((r) => text(r.cells["序号"]) !== "")
    .map((r) => ({
      kind: "task",
      id: text(r.cells["序号"]),
      taskId: Number(text(r.cells["序号"])) || null,
      domain: text(r.cells["领域"]),
      lead: text(r.cells["牵头单位"]),
      title: text(r.cells["任务名称"]),
      status: text(r.cells["状态"]),
      due: stored(r.cells["完成时限"], s.date1904),
      done: stored(r.cells["完成日期"], s.date1904),
      sheet: s.ledger.name,
      row: r.row,
    }));
  const domainOf = new Map(tasks.map((t) => [t.taskId, t.domain]));
  const milestones: CountedRow[] = (s.milestones?.rows ?? [])
    .filter((r) => text(r.cells["节点编号"]) !== "")
    .map((r) => {
      const taskId = Number(text(r.cells["序号"])) || null;
      return {
        kind: "milestone",
        id: text(r.cells["节点编号"]),
        taskId,
        domain: domainOf.get(taskId) ?? "",
        lead: text(r.cells["牵头单位"]),
        title: text(r.cells["节点内容"]),
        status: text(r.cells["状态"]),
        due: stored(r.cells["完成时限"], s.date1904),
        done: stored(r.cells["完成日期"], s.date1904),
        sheet: s.milestones!.name,
        row: r.row,
      };
    });
  return { tasks, milestones };
}

/** Counted rows from the records of an updated ledger (before it is written). */
export function countedFromRecords(
  tasks: Record<string, Kept>[],
  milestones: Record<string, Kept>[],
): { tasks: CountedRow[]; milestones: CountedRow[] } {
  const stored = (k: Kept | undefined): StoredDate => {
    const c = k?.cell ?? null;
    if (c === null || c === "") return null;
    if (typeof c === "object" && c.kind === "date") return { date: c.iso };
    if (typeof c === "number") {
      const iso = serialToIso(c, false);
      return iso ? { date: iso } : { text: String(c) };
    }
    return { text: keptText(k) };
  };
  const t = tasks
    .filter((r) => keptText(r["序号"]) !== "")
    .map((r, i) => ({
      kind: "task" as const,
      id: keptText(r["序号"]),
      taskId: Number(keptText(r["序号"])) || null,
      domain: keptText(r["领域"]),
      lead: keptText(r["牵头单位"]),
      title: keptText(r["任务名称"]),
      status: keptText(r["状态"]),
      due: stored(r["完成时限"]),
      done: stored(r["完成日期"]),
      sheet: "任务台账",
      row: i + 2,
    }));
  const domainOf = new Map(t.map((x) => [x.taskId, x.domain]));
  const m = milestones
    .filter((r) => keptText(r["节点编号"]) !== "")
    .map((r, i) => ({
      kind: "milestone" as const,
      id: keptText(r["节点编号"]),
      taskId: Number(keptText(r["序号"])) || null,
      domain: domainOf.get(Number(keptText(r["序号"])) || null) ?? "",
      lead: keptText(r["牵头单位"]),
      title: keptText(r["节点内容"]),
      status: keptText(r["状态"]),
      due: stored(r["完成时限"]),
      done: stored(r["完成日期"]),
      sheet: "时间节点",
      row: i + 2,
    }));
  return { tasks: t, milestones: m };
}

/**
 * Each registered unit's aliases as the workbook's formulas count them (see `countedAliases`): every row of a
 * name (any case, as SUMIF matches it) adds its aliases, under the name's first spelling.
 */
function aliasMap(names: string[], cells: string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const spelling = new Map<string, string>();
  for (const name of names)
    if (name && !spelling.has(name.toLowerCase())) spelling.set(name.toLowerCase(), name);
  for (const name of spelling.values()) out.set(name, []);
  for (const a of countedAliases(names, cells))
    if (a.unit) out.get(spelling.get(a.unit.toLowerCase())!)!.push(a.alias);
  return out;
}

export function aliasesFromSnapshot(s: LedgerSnapshot): Map<string, string[]> {
  const names: string[] = [];
  const cells: string[] = [];
  // By position in the 单位 table (blank rows too), as INDEX reads it.
  for (const r of s.units?.rows ?? []) {
    const i = r.row - s.units!.headerRow - 1;
    names[i] = text(r.cells["单位名称"]);
    cells[i] = text(r.cells["别名"]);
  }
  return aliasMap(
    Array.from(names, (n) => n ?? ""),
    Array.from(cells, (c) => c ?? ""),
  );
}

/** The same from the unit records of an updated ledger. */
export function aliasesFromRecords(units: Record<string, Kept>[] | undefined): Map<string, string[]> {
  const rows = units ?? [];
  return aliasMap(
    rows.map((r) => keptText(r["单位名称"])),
    rows.map((r) => keptText(r["别名"])),
  );
}
