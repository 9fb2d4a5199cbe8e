/** The whole ledger workbook for a plan, as a declarative spec: freshly built, or updated from a filled one. */
import type { Plan } from "../plan";
import {
  AS_OF_NAME,
  LEDGER_HEADERS,
  MILESTONE_HEADERS,
  PLAN_STATUS_HEADER,
  PLAN_STATUS_MARKERS,
  SHEET_MARKERS,
  SHEETS,
  type SheetRole,
} from "../ledger/vocabulary";
import { colLetter } from "./spec";
import { keptText, type Kept } from "./kept";
import { aliasesFromRecords, countedFromRecords, rowsFromPlan } from "../dashboard/rows";
import { summarize, type Summary } from "../dashboard/summary";
import type { WorkbookSpec } from "./spec";
import { serialToIso } from "../ledger/dates";
import { dashboardSheet } from "./sheets/dashboard";
import { roundSectionNames } from "./sheets/roundSection";
import { AS_OF_VALUE, guideSheet } from "./sheets/guide";
import { changeLogSheet, removedSheet } from "./sheets/history";
import { ledgerSheet } from "./sheets/ledger";
import { milestonesSheet } from "./sheets/milestones";
import { planCopySheet } from "./sheets/planCopy";
import { unitsSheet } from "./sheets/units";
import { ALIAS_SHEET, ALIAS_SHEET_MARKER, aliasSheet } from "./sheets/aliases";

type Records = Record<string, Kept>[];

/** A filled ledger's rows after a merge with the plan (what the add-in's rebuild-style update writes). */
export interface MergedRecords {
  tasks: Records;
  taskExtras: string[];
  milestones: Records;
  milestoneExtras: string[];
  units: Records;
  unitExtras: string[];
  removed: { headers: string[]; rows: Records };
  log: { headers: string[]; rows: Records };
  asOf: Kept | null;
}

export interface LedgerOptions {
  /** The as-of date written into 说明 (default for staff: the day of building). */
  asOf: string;
  /** A filled ledger brought up to this plan: its rows replace the fresh ones. */
  merged?: MergedRecords;
  /**
   * For an update: write `asOf` into 说明 (an explicit `--as-of`). Otherwise the filled workbook's own
   * 统计截止日期, when it is a date, is kept and every cached result is computed for it.
   */
  forceAsOf?: boolean;
}

/** The date a kept 说明!B4 holds, if it is one. */
function keptDate(k: MergedRecords["asOf"] | undefined): string | null {
  const c = k?.cell;
  if (c && typeof c === "object" && "kind" in c && c.kind === "date") return c.iso;
  if (typeof c === "number") return serialToIso(c, false);
  return null;
}

/** The summary of a freshly built ledger: every task 未启动. */
export function planSummary(plan: Plan, asOf: string): Summary {
  return summarize({ ...rowsFromPlan(plan), ...planFacts(plan), asOf });
}

const planFacts = (plan: Plan) => ({ year: plan.year, title: plan.title, published: plan.published });

export function ledgerWorkbook(plan: Plan, options: LedgerOptions): WorkbookSpec {
  const { merged } = options;
  const kept = options.forceAsOf ? null : keptDate(merged?.asOf);
  const asOf = kept ?? options.asOf;
  const summary = merged
    ? summarize({
        ...countedFromRecords(merged.tasks, merged.milestones),
        ...planFacts(plan),
        asOf,
        aliases: aliasesFromRecords(merged.units),
      })
    : planSummary(plan, asOf);
  const guide = guideSheet(plan, asOf);
  if (merged?.asOf && !options.forceAsOf) {
    guide.rows[3][1] = merged.asOf.cell;
  }
  const dashboard = dashboardSheet(summary);
  const sheets = [
    guide,
    dashboard.sheet,
    ledgerSheet(plan, asOf, merged?.tasks, merged?.taskExtras),
    milestonesSheet(plan, asOf, merged?.milestones, merged?.milestoneExtras),
    unitsSheet(plan, merged?.units, merged?.unitExtras),
  ];
  if (merged?.removed.rows.length) sheets.push(removedSheet(merged.removed.headers, merged.removed.rows));
  if (merged?.log.rows.length) sheets.push(changeLogSheet(merged.log.headers, merged.log.rows));
  const unitRecords =
    merged?.units ??
    plan.units.map((u) => ({ 单位名称: { cell: u.name } as Kept, 别名: { cell: "" } as Kept }));
  const counted = merged ? countedFromRecords(merged.tasks, merged.milestones) : rowsFromPlan(plan);
  const responsibleOf = new Map(
    (merged?.tasks ?? []).map((r) => [keptText(r["序号"]), keptText(r["责任单位"])]),
  );
  const plannedResponsible = new Map(plan.tasks.map((t) => [String(t.id), t.responsibleUnits.join("、")]));
  sheets.push(
    aliasSheet(
      unitRecords.map((r) => ({ name: keptText(r["单位名称"]), aliases: keptText(r["别名"]) })),
      counted.tasks,
      asOf,
      (t) => (merged ? responsibleOf.get(t.id) : plannedResponsible.get(t.id)) ?? "",
    ),
  );
  sheets.push(planCopySheet(plan));
  const names: WorkbookSpec["names"] = [{ name: AS_OF_NAME, ref: AS_OF_VALUE.ref }];
  // A fresh ledger marks the sheets it owns, so later updates know them whatever staff rename them to.
  if (!merged)
    names.push(
      ...ownershipMarkers(sheets.map((s) => s.name)),
      { name: ALIAS_SHEET_MARKER, ref: `'${ALIAS_SHEET}'!$A$1` },
      ...planStatusMarkers(),
      ...roundSectionNames(dashboard.layout),
    );
  return { sheets, names };
}

/**
 * The names that mark the tool's 计划状态 columns (each refers to the header cell): an update finds the
 * column by them, whatever its header says or wherever staff move it.
 */
export function planStatusMarkers(): { name: string; ref: string }[] {
  const at = (sheet: string, headers: readonly string[]) =>
    `'${sheet}'!$${colLetter(headers.indexOf(PLAN_STATUS_HEADER) + 1)}$1`;
  return [
    { name: PLAN_STATUS_MARKERS.ledger, ref: at(SHEETS.ledger, LEDGER_HEADERS) },
    { name: PLAN_STATUS_MARKERS.milestones, ref: at(SHEETS.milestones, MILESTONE_HEADERS) },
  ];
}

/** The workbook names that mark our sheets (each refers to A1 of its sheet). */
export function ownershipMarkers(present: string[]): { name: string; ref: string }[] {
  return (Object.keys(SHEETS) as (keyof typeof SHEETS)[])
    .filter((role) => present.includes(SHEETS[role]))
    .map((role) => ({ name: SHEET_MARKERS[role as SheetRole], ref: `'${SHEETS[role]}'!$A$1` }));
}
