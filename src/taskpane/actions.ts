/** What the pane can ask of the workbook; the Office host and the browser preview both provide it. */
import type { Plan } from "../plan";
import type { Summary } from "../dashboard/summary";
import type { ValidationResult } from "../ledger/validate/validate";
import type { LedgerIssue } from "../ledger/validate/issue";
import type { GenerateResult, UpdatePreview, UpdateResult } from "../render/office/host";
import type { LedgerSnapshot } from "../ledger/snapshot";
import type { CollectPlan, ConflictDecision, ReturnedFile } from "../ledger/round/collectPlan";
import type { CollectWriteResult } from "../render/office/roundCollect";

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
  /** 分发: the ledger as the round reads it, and the round (the as-of date of 说明, or today with a warning). */
  roundLedger(): Promise<{ snapshot: LedgerSnapshot; asOf: string; asOfWarning: string | null }>;
  /** 导入反馈表, the dry run: what collecting these returns would do; nothing is written. */
  previewCollect(returned: ReturnedFile[]): Promise<{ plan: CollectPlan; report: string }>;
  /** Writes the entries taken and those staff decided to take, and the 来源记录 rows. */
  collect(returned: ReturnedFile[], decisions: ConflictDecision[]): Promise<CollectWriteResult>;
  /** Opens an .xlsx (base64) as a new workbook in Excel (ExcelApi 1.8); null where Excel cannot. */
  openWorkbook: ((base64: string) => Promise<void>) | null;
}

/** The round's reading and writing, loaded when the round is first used (not with the pane). */
export const roundModule = () =>
  import(/* webpackChunkName: "round-collect" */ "../render/office/roundCollect");

/** Now as `YYYY-MM-DD HH:MM` in the user's time zone (the time of a 来源记录 row). */
export function stampNow(): string {
  const d = new Date();
  return `${today()} ${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
}

/** Today as `YYYY-MM-DD` in the user's time zone. */
export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}
