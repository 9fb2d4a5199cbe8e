/** What a ledger's figures depend on beyond its rows: the as-of date and the plan year. */
import { SHEETS } from "./vocabulary";
import type { LedgerSnapshot, ReadCell, ReadSheet } from "./snapshot";
import { isDateFormat, serialToIso } from "./dates";
import { readDateCell } from "./validate/dateCells";
import { issue, type LedgerIssue } from "./validate/issue";

const cellText = (c: ReadCell): string =>
  c.value === null
    ? ""
    : typeof c.value === "object"
      ? c.value.date
      : typeof c.value === "string"
        ? c.value
        : c.text || String(c.value);

/** The as-of date used and where it came from; `warning` says why it is not the workbook's own. */
export interface AsOfChoice {
  asOf: string;
  source: "option" | "workbook" | "today";
  warning: string | null;
}

/**
 * The as-of date: the option, else the workbook's 统计截止日期. Missing or not a date, it falls back to
 * today, never silently: the choice carries a warning (and `issues` an issue) saying so.
 */
export function chooseAsOf(
  snapshot: Pick<LedgerSnapshot, "asOf" | "date1904">,
  options: { asOf?: string; today: string },
  issues: LedgerIssue[] = [],
): AsOfChoice {
  if (options.asOf) return { asOf: options.asOf, source: "option", warning: null };
  const cell = snapshot.asOf;
  const at = {
    sheet: SHEETS.guide,
    cell: cell?.address ?? "B4",
    task: null,
    value: cell ? cellText(cell) : "",
  };
  if (cell && at.value !== "") {
    const d = readDateCell(
      cell,
      () => at,
      "统计截止日期",
      snapshot.date1904,
      Number(options.today.slice(0, 4)),
    );
    // A date as text is not one for the formulas (they take today then): the commands do the same.
    if (d.iso && typeof cell.value !== "string" && !d.issues.some((i) => i.severity === "error"))
      return { asOf: d.iso, source: "workbook", warning: null };
  }
  const what = at.value ? `“${at.value}”不是有效日期` : "是空的（或找不到）";
  const warning =
    `${SHEETS.guide}!${at.cell}：统计截止日期${what}，已按今天（${options.today}）计算（仪表盘和“预警”的公式同样按今天计算）。` +
    `请在“说明”中填写日期，或用 --as-of 2022-09-30 这样的参数指定。` +
    `\nThe workbook's as-of date is ${at.value ? "not a date" : "missing"}; used today (${options.today}). Fill it in or pass --as-of.`;
  issues.push(
    issue(
      at,
      at.value ? "AS_OF_INVALID" : "AS_OF_MISSING",
      at.value ? "error" : "warning",
      warning.split("\n")[0],
    ),
  );
  return { asOf: options.today, source: "today", warning };
}

/** The as-of date alone (see `chooseAsOf`). */
export function resolveAsOf(
  snapshot: LedgerSnapshot,
  options: { asOf?: string; today: string },
  issues: LedgerIssue[] = [],
): string {
  return chooseAsOf(snapshot, options, issues).asOf;
}

/** How the CLI and the pane name the as-of date they used. */
export function describeAsOf(c: AsOfChoice): string {
  const from =
    c.source === "option"
      ? "--as-of 指定"
      : c.source === "workbook"
        ? "工作簿“说明”中的日期"
        : "今天（工作簿中没有有效日期）";
  return `统计截止日期 As of: ${c.asOf}（${from}）`;
}

/** The plan year when the workbook carries no copy of the plan: the commonest year of the deadlines. */
export function planYear(snapshot: LedgerSnapshot, asOf: string): number {
  return snapshot.plan?.year || guessYear(snapshot.ledger, snapshot.date1904) || Number(asOf.slice(0, 4));
}

function guessYear(sheet: ReadSheet, date1904: boolean): number | null {
  const counts = new Map<number, number>();
  for (const row of sheet.rows) {
    const c = row.cells["完成时限"];
    const v = c?.value;
    const iso =
      v && typeof v === "object"
        ? v.date
        : typeof v === "number" && isDateFormat(c!.numFmt)
          ? serialToIso(v, date1904)
          : null;
    if (iso) counts.set(+iso.slice(0, 4), (counts.get(+iso.slice(0, 4)) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}
