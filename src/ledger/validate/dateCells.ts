/** Date cells (完成日期, 完成时限): real dates pass, text dates are proposed as dates, the rest explained. */
import type { ReadCell } from "../snapshot";
import { isDateFormat, readTextDate, serialToIso, ymd } from "../dates";
import { issue, type LedgerIssue, type Located } from "./issue";

export interface DateRead {
  /** The date the cell means, when it means one. */
  iso: string | null;
  issues: LedgerIssue[];
}

/** `loc` is called only when there is something to report: most cells are fine. */
export function readDateCell(
  cell: ReadCell,
  loc: () => Located,
  label: string,
  date1904: boolean,
  year: number,
): DateRead {
  const v = cell.value;
  if (v === null || v === "") return { iso: null, issues: [] };
  if (typeof v === "object") return { iso: v.date, issues: [] };
  if (typeof v === "number" && isDateFormat(cell.numFmt)) {
    const iso = serialToIso(v, date1904);
    if (iso) return { iso, issues: [] };
  }
  const at = loc();
  const where = `${at.sheet}!${at.cell}`;
  const example = ymd(year, 7, 31);
  if (typeof v === "number") {
    const iso = serialToIso(v, date1904);
    if (!iso)
      return {
        iso: null,
        issues: [
          issue(
            at,
            "DATE_INVALID",
            "error",
            `${where}：${label}“${cell.text || v}”不是有效日期，请输入如 ${example} 的日期。`,
          ),
        ],
      };
    if (isDateFormat(cell.numFmt)) return { iso, issues: [] };
    const msg = `${where}：${label}是数字 ${v}，没有日期格式；如指 ${iso}，请把单元格设为日期格式。`;
    return { iso, issues: [issue(at, "DATE_NOT_FORMATTED", "warning", msg, iso, { date: iso })] };
  }
  if (typeof v === "boolean") {
    return {
      iso: null,
      issues: [
        issue(
          at,
          "DATE_NOT_A_DATE",
          "error",
          `${where}：${label}“${v}”不是日期，请输入如 ${example} 的日期。`,
        ),
      ],
    };
  }
  const t = readTextDate(v);
  if (t.kind === "date") {
    const msg = `${where}：${label}“${v}”是文字，不是日期，无法参与统计；建议改为日期 ${t.iso}。`;
    return { iso: t.iso, issues: [issue(at, "DATE_TEXT", "warning", msg, t.iso, { date: t.iso })] };
  }
  if (t.kind === "impossible") {
    const msg = `${where}：${label}“${v}”不存在（${t.y}年${t.m}月没有${t.d}日），请核对后重新输入。`;
    return { iso: null, issues: [issue(at, "DATE_INVALID", "error", msg)] };
  }
  const msg = `${where}：${label}“${v}”不是日期，请输入具体日期，如 ${example}。`;
  return { iso: null, issues: [issue(at, "DATE_NOT_A_DATE", "error", msg)] };
}
