/** What the pane can ask of the workbook; the Office host and the browser preview both provide it. */
import type { Plan } from "../plan";
import type { Summary } from "../dashboard/summary";
import type { ValidationResult } from "../ledger/validate/validate";
import type { LedgerIssue } from "../ledger/validate/issue";
import type { GenerateResult, UpdatePreview, UpdateResult } from "../render/office/host";

export interface WorkbookActions {
  hasLedger(): Promise<boolean>;
  generate(plan: Plan, asOf: string): Promise<GenerateResult>;
  previewUpdate(plan: Plan): Promise<UpdatePreview>;
  /** `confirmed`: staff confirmed an update the preview said needs it (many removals, uncertain matches). */
  update(plan: Plan, options?: { confirmed?: boolean }): Promise<UpdateResult>;
  validate(): Promise<ValidationResult>;
  refreshDashboard(): Promise<{ summary: Summary; skipped: string[] }>;
  /** The as-of date the workbook holds (说明!B4), or null. */
  asOf(): Promise<string | null>;
  setAsOf(iso: string): Promise<void>;
  select(sheet: string, cell: string): Promise<void>;
  /** Checks the ledger as it is now and marks those issues' cells (the list shown may predate staff edits). */
  highlight(): Promise<{ marked: number; issues: LedgerIssue[] }>;
  clearHighlight(): Promise<number>;
  /** How many cells carry a highlight (kept in the workbook, so also after reopening). */
  markCount(): Promise<number>;
  /** Writes the safe fixes (as `validate --fix`); returns how many cells were fixed. */
  applyFixes(issues: LedgerIssue[]): Promise<number>;
  /** Calls back (debounced) when staff edit the ledger; null where the API set is missing. */
  watchLedger: ((onChange: () => void) => Promise<() => void>) | null;
}

/** Today as `YYYY-MM-DD` in the user's time zone. */
export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}
