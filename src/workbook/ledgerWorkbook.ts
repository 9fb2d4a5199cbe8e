/** The whole ledger workbook for a plan, as a declarative spec. */
import type { Plan } from "../plan";
import { AS_OF_NAME } from "../ledger/vocabulary";
import type { WorkbookSpec } from "./spec";
import { AS_OF_CELL, guideSheet } from "./sheets/guide";
import { ledgerSheet } from "./sheets/ledger";
import { milestonesSheet } from "./sheets/milestones";
import { planCopySheet } from "./sheets/planCopy";
import { unitsSheet } from "./sheets/units";

export interface LedgerOptions {
  /** The as-of date written into 说明 (default for staff: the day of building). */
  asOf: string;
}

export function ledgerWorkbook(plan: Plan, options: LedgerOptions): WorkbookSpec {
  return {
    sheets: [
      guideSheet(plan, options.asOf),
      ledgerSheet(plan, options.asOf),
      milestonesSheet(plan, options.asOf),
      unitsSheet(plan),
      planCopySheet(plan),
    ],
    names: [{ name: AS_OF_NAME, ref: AS_OF_CELL.ref }],
  };
}
