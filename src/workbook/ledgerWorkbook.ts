/** The whole ledger workbook for a plan, as a declarative spec. */
import type { Plan } from "../plan";
import { AS_OF_NAME } from "../ledger/vocabulary";
import { rowsFromPlan } from "../dashboard/rows";
import { summarize, type Summary } from "../dashboard/summary";
import type { WorkbookSpec } from "./spec";
import { dashboardSheet } from "./sheets/dashboard";
import { AS_OF_CELL, guideSheet } from "./sheets/guide";
import { ledgerSheet } from "./sheets/ledger";
import { milestonesSheet } from "./sheets/milestones";
import { planCopySheet } from "./sheets/planCopy";
import { unitsSheet } from "./sheets/units";

export interface LedgerOptions {
  /** The as-of date written into 说明 (default for staff: the day of building). */
  asOf: string;
}

/** The summary of a freshly built ledger: every task 未启动. */
export function planSummary(plan: Plan, asOf: string): Summary {
  return summarize({ ...rowsFromPlan(plan), asOf, year: plan.year });
}

export function ledgerWorkbook(plan: Plan, options: LedgerOptions): WorkbookSpec {
  return {
    sheets: [
      guideSheet(plan, options.asOf),
      dashboardSheet(planSummary(plan, options.asOf)).sheet,
      ledgerSheet(plan, options.asOf),
      milestonesSheet(plan, options.asOf),
      unitsSheet(plan),
      planCopySheet(plan),
    ],
    names: [{ name: AS_OF_NAME, ref: AS_OF_CELL.ref }],
  };
}
