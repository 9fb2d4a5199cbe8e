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

/** The as-of date: the option, else the workbook's 统计截止日期, else today (reported when the cell is bad). */
export function resolveAsOf(
  snapshot: LedgerSnapshot,
  options: { asOf?: string; today: string },
  issues: LedgerIssue[] = [],
): string {
  if (options.asOf) return options.asOf;
  const cell = snapshot.asOf;
  if (cell) {
    const at = { sheet: SHEETS.guide, cell: cell.address, task: null, value: cellText(cell) };
    const d = readDateCell(
      cell,
      () => at,
      "统计截止日期",
      snapshot.date1904,
      Number(options.today.slice(0, 4)),
    );
    if (d.iso && !d.issues.some((i) => i.severity === "error")) return d.iso;
    issues.push(
      issue(
        at,
        "AS_OF_INVALID",
        "error",
        `${SHEETS.guide}!${cell.address}：统计截止日期“${at.value}”不是有效日期，已按今天（${options.today}）计算。请填写日期。`,
      ),
    );
  }
  return options.today;
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
