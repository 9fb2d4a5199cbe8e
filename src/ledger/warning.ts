/**
 * The 预警 rule, once in TypeScript and once as the worksheet formula that mirrors it, so that the
 * engine's figures and the workbook's live formulas agree.
 */
import { DUE_SOON_DAYS, PLAN_STATUS_REMOVED, type Warning } from "./vocabulary";

const dayNumber = (iso: string) =>
  Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 86_400_000;

/** Dates are ISO `YYYY-MM-DD` strings (or null when empty). */
export function warningFor(status: string, done: string | null, due: string | null, asOf: string): Warning {
  if (status === "已完成") return done && due && done > due ? "逾期完成" : "已完成";
  if (!due) return "";
  if (due < asOf) return "逾期";
  return dayNumber(due) - dayNumber(asOf) <= DUE_SOON_DAYS ? "临期" : "正常";
}

/** The 预警 of an open row whose 完成时限 is not a date (text such as 年底, or a date typed as text). */
export const DUE_NOT_A_DATE = "时限非日期";

/**
 * The same rule as a formula over one row's cells (A1 references) and the as-of date name. Dates compare
 * as whole days (a completion at 10:30 on the deadline's day is on time), and no text is ever turned into
 * a number: arithmetic on a date typed as text would convert it, differently in Excel, WPS and
 * LibreOffice (and by the locale), so a deadline that is not a number is `DUE_NOT_A_DATE`.
 */
export function warningFormula(status: string, done: string, due: string, asOf: string): string {
  // With whole days d = INT(as-of): INT(x) < d ⇔ x < d, and INT(x) − d ≤ N ⇔ x < d + N + 1, so only the
  // as-of date and the deadline of `done > due` are cut to the day (and only when the deadline is a number).
  const day = `INT(${asOf})`;
  return (
    `IF(${status}="已完成",IF(AND(${done}<>"",${due}<>"",IF(ISNUMBER(${due}),${done}>=INT(${due})+1,${done}>${due})),"逾期完成","已完成"),` +
    `IF(${due}="","",IF(ISNUMBER(${due}),IF(${due}<${day},"逾期",IF(${due}<${day}+${DUE_SOON_DAYS + 1},"临期","正常")),"${DUE_NOT_A_DATE}")))`
  );
}

/** Rows apart in the list keys: deadline serial × this + the row's index in its table. */
export const KEY_SCALE = 1_000_000;

/**
 * The list key of a row (see `LIST_KEY`): empty unless the row is numbered, still in the plan (its
 * `planStatus` cell is not 已移除) and 逾期 or 临期. Errors of the 预警 (a text deadline) give no key, as
 * they give no count. Without a plan-status cell (ledgers built before the column) every row is in the plan.
 */
export function listKeyFormula(
  id: string,
  warning: string,
  due: string,
  headerRow = 1,
  planStatus?: string,
): string {
  const inPlan = planStatus ? `,${planStatus}<>"${PLAN_STATUS_REMOVED}"` : "";
  return `IFERROR(IF(AND(${id}<>""${inPlan},OR(${warning}="逾期",${warning}="临期")),INT(${due})*${KEY_SCALE}+ROW()-${headerRow},""),"")`;
}
