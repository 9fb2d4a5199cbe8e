/**
 * The validation engine: every staff entry of the ledger and milestone sheets checked, located and
 * explained. It reads a snapshot and returns issues; it never changes anything.
 */
import type { LedgerSnapshot, ReadCell, ReadRow, ReadSheet } from "../snapshot";
import { UnitRegistry, type RegistryEntry } from "../unitNames";
import { readDateCell } from "./dateCells";
import { issue, type LedgerIssue, type Located } from "./issue";
import { checkStatus } from "./statuses";
import { checkAgainstPlanCopy } from "./planCopy";
import { checkPlanStatus } from "./planStatus";
import { UnitCellChecker } from "./unitCells";
import { normalizeUnit } from "../unitNames";
import { chooseAsOf, planYear, type AsOfChoice } from "../context";
import { ALIAS_ROWS, ALIAS_UNIT_ROWS, countedAliases, uncountedAliases } from "../aliases";

export interface ValidationResult {
  asOf: string;
  /** Where the as-of date came from, and the warning when it is not the workbook's own. */
  asOfChoice: AsOfChoice;
  issues: LedgerIssue[];
}

export interface ValidateOptions {
  /** Overrides the workbook's 统计截止日期. */
  asOf?: string;
  /** Used when neither option nor workbook gives an as-of date. */
  today: string;
}

const cellText = (c: ReadCell | undefined): string => {
  if (!c || c.value === null) return "";
  if (typeof c.value === "object") return c.value.date;
  // As Excel shows a logical value (the library hands it over as a JS boolean).
  if (typeof c.value === "boolean") return c.value ? "TRUE" : "FALSE";
  return typeof c.value === "string" ? c.value : c.text || String(c.value);
};

/** Name and 别名 of each row of the 单位 table by position (blank rows too), as the formulas read them. */
function unitPositions(snapshot: LedgerSnapshot): { names: string[]; cells: string[]; rows: ReadRow[] } {
  const names: string[] = [];
  const cells: string[] = [];
  const rows: ReadRow[] = [];
  for (const row of snapshot.units?.rows ?? []) {
    const i = row.row - snapshot.units!.headerRow - 1;
    names[i] = cellText(row.cells["单位名称"]).trim();
    cells[i] = cellText(row.cells["别名"]);
    rows[i] = row;
  }
  return { names: Array.from(names, (n) => n ?? ""), cells: Array.from(cells, (c) => c ?? ""), rows };
}

export function buildRegistry(snapshot: LedgerSnapshot): UnitRegistry {
  const entries: RegistryEntry[] = [];
  for (const row of snapshot.units?.rows ?? []) {
    const name = cellText(row.cells["单位名称"]).trim();
    if (name) entries.push({ name, collective: cellText(row.cells["类型"]) === "集体" });
  }
  // Only the aliases the formulas count are valid names of the unit (see `aliasIssues`).
  const { names, cells } = unitPositions(snapshot);
  const aliases = countedAliases(names, cells)
    .filter((a) => a.unit)
    .map((a) => ({ alias: a.alias, name: a.unit }));
  return new UnitRegistry(entries, aliases);
}

/** Aliases past what the formulas count (see `ALIAS_ROWS`): they would silently count for nobody. */
function aliasIssues(snapshot: LedgerSnapshot): LedgerIssue[] {
  const { names, cells, rows } = unitPositions(snapshot);
  return uncountedAliases(cells).flatMap(({ index, aliases }) => {
    const row = rows[index - 1];
    const cell = row?.cells["别名"];
    const name = names[index - 1];
    if (!cell || !name) return [];
    return [
      issue(
        { sheet: snapshot.units!.name, cell: cell.address, task: null, value: cellText(cell) },
        "ALIAS_NOT_COUNTED",
        "warning",
        `“${name}”的别名“${aliases.join("”“")}”不计入统计：仪表盘的公式只读“单位”表前${ALIAS_UNIT_ROWS}行、合计前${ALIAS_ROWS}个别名，` +
          `台账中写这些名称的任务不会算到该单位。请删去不用的别名，或把台账中的这些名称改为“${name}”（validate --fix 可改）。`,
      ),
    ];
  });
}

export function validateLedger(snapshot: LedgerSnapshot, options: ValidateOptions): ValidationResult {
  const issues: LedgerIssue[] = [];
  const asOfChoice = chooseAsOf(snapshot, options, issues);
  const asOf = asOfChoice.asOf;
  const units = new UnitCellChecker(buildRegistry(snapshot));
  issues.push(...aliasIssues(snapshot));
  const planRows = new Map((snapshot.plan?.rows ?? []).map((r) => [r.id, r]));
  const year = planYear(snapshot, asOf);
  const earliest = snapshot.plan?.published ?? `${year}-01-01`;
  const latest = `${year + 1}-12-31`;

  const checkRow = (sheet: ReadSheet, row: ReadRow, kind: "task" | "milestone") => {
    const c = row.cells;
    const task = Number(cellText(c["序号"])) || null;
    const at = (h: string): Located => ({
      sheet: sheet.name,
      cell: c[h]?.address ?? "",
      task,
      value: cellText(c[h]),
    });
    const plan = task !== null ? planRows.get(task) : undefined;

    const st = c["状态"] ? checkStatus(cellText(c["状态"]), () => at("状态")) : { status: null, issues: [] };
    issues.push(...st.issues);

    const dates: Record<string, string | null> = {};
    for (const h of ["完成日期", "完成时限"] as const) {
      const cell = c[h];
      if (!cell) continue;
      const d = readDateCell(cell, () => at(h), h, snapshot.date1904, year);
      issues.push(...d.issues);
      dates[h] = d.iso;
      if (d.iso && (d.iso < earliest || d.iso > latest)) {
        const why = d.iso < earliest ? `早于计划发布日期 ${earliest}` : `晚于 ${latest}`;
        issues.push(
          issue(
            at(h),
            "DATE_OUT_OF_RANGE",
            "error",
            `${sheet.name}!${cell.address}：${h} ${d.iso} ${why}，请核对年份。`,
          ),
        );
      }
    }
    const done = dates["完成日期"] ?? null;
    const doneCell = c["完成日期"];
    if (st.status === "已完成" && !done && doneCell && !cellText(doneCell)) {
      issues.push(
        issue(
          at("完成日期"),
          "DONE_WITHOUT_DATE",
          "error",
          `${sheet.name}!${doneCell.address}：状态为“已完成”，但没有填写完成日期。请填写实际完成日期。`,
        ),
      );
    }
    if (done && st.status !== null && st.status !== "已完成") {
      issues.push(
        issue(
          at("完成日期"),
          "DATE_WITHOUT_DONE",
          "warning",
          `${sheet.name}!${doneCell!.address}：填写了完成日期 ${done}，但状态是“${st.status}”。如已完成，请把状态改为“已完成”；否则请清空完成日期。`,
        ),
      );
    }
    if (done && done > asOf && !(done > latest)) {
      issues.push(
        issue(
          at("完成日期"),
          "DATE_AFTER_AS_OF",
          "error",
          `${sheet.name}!${doneCell!.address}：完成日期 ${done} 晚于统计截止日期 ${asOf}，完成日期不能是将来的日子，请核对。`,
        ),
      );
    }
    const due = dates["完成时限"];
    if (kind === "task" && plan && due && due !== plan.due) {
      issues.push(
        issue(
          at("完成时限"),
          "DEADLINE_CHANGED",
          "warning",
          `${sheet.name}!${c["完成时限"]!.address}：完成时限 ${due} 与计划原文的 ${plan.due} 不同。如为经批准的调整，请在备注中说明。`,
          plan.due,
        ),
      );
    }
    for (const h of ["牵头单位", "责任单位"] as const) {
      const cell = c[h];
      if (!cell) continue;
      const raw = cellText(cell);
      const original =
        kind === "task" ? (h === "牵头单位" ? plan?.leadUnits : plan?.responsibleUnits) : undefined;
      if (!raw.trim() || raw === original) continue;
      const res = units.check(raw, () => at(h), h);
      issues.push(...res.issues);
      // A typo is reported as an unknown name, not as a re-assignment.
      const typo = res.issues.some((i) => i.code === "UNIT_UNKNOWN");
      if (h === "牵头单位" && original && !typo) {
        const before = new Set(original.split("、").map(normalizeUnit));
        const now = new Set(res.names.map(normalizeUnit));
        if (before.size !== now.size || [...before].some((x) => !now.has(x))) {
          issues.push(
            issue(
              at(h),
              "UNIT_LEAD_CHANGED",
              "warning",
              `${sheet.name}!${cell.address}：牵头单位与计划原文（${original}）不同。如为调整分工，请在备注中说明。`,
              original,
            ),
          );
        }
      }
    }
  };

  for (const row of snapshot.ledger.rows) checkRow(snapshot.ledger, row, "task");
  for (const row of snapshot.milestones?.rows ?? []) checkRow(snapshot.milestones!, row, "milestone");
  issues.push(...checkAgainstPlanCopy(snapshot));
  issues.push(...checkPlanStatus(snapshot));
  return { asOf, asOfChoice, issues };
}
