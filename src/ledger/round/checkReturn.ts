/**
 * A return's entries checked with the ledger's own validation (status words, dates, done without a date…),
 * against the master's unit registry and plan, at the round's as-of date. Only problems in the staff cells
 * the round takes count here: the copy holds a part of the plan, so checks of the whole plan do not apply.
 */
import type { LedgerIssue } from "../validate/issue";
import type { LedgerSnapshot, ReadSheet } from "../snapshot";
import { validateLedger } from "../validate/validate";
import type { RowEntries } from "./share";

export interface ReturnProblem {
  key: string;
  column: string;
  severity: LedgerIssue["severity"];
  /** The cell in the return (`任务台账!J5`). */
  cell: string;
  message: string;
  suggestion: string | null;
  /** The entry as the ledger's own `validate --fix` would write it (a text date as a date, a status word standardised). */
  fix?: LedgerIssue["fix"];
  /** What the round takes instead of the typed entry (set when planning the collect). */
  standardised?: string;
}

export function checkReturn(
  master: LedgerSnapshot,
  ret: { ledger: ReadSheet; milestones: ReadSheet | null },
  rows: RowEntries[],
  round: string,
): ReturnProblem[] {
  // The plan copy narrowed to the rows the copy holds: the rest of the plan is not missing from it.
  const ids = new Set(ret.ledger.rows.map((r) => Number(r.cells["序号"]?.value)));
  const nodes = new Set((ret.milestones?.rows ?? []).map((r) => String(r.cells["节点编号"]?.value ?? "")));
  const plan = master.plan && {
    ...master.plan,
    rows: master.plan.rows.filter((r) => ids.has(r.id)),
    milestones: master.plan.milestones.filter((m) => nodes.has(m.id)),
  };
  const snapshot: LedgerSnapshot = {
    ...master,
    ledger: ret.ledger,
    milestones: ret.milestones,
    asOf: null,
    plan,
  };
  const where = new Map<string, { key: string; column: string }>();
  for (const r of rows)
    for (const [column, address] of Object.entries(r.address))
      where.set(`${r.sheet}!${address}`, { key: r.key, column });
  const out: ReturnProblem[] = [];
  for (const i of validateLedger(snapshot, { asOf: round, today: round }).issues) {
    const at = where.get(`${i.sheet}!${i.cell}`);
    if (!at) continue;
    out.push({
      ...at,
      severity: i.severity,
      cell: `${i.sheet}!${i.cell}`,
      message: i.message,
      suggestion: i.suggestion,
      ...(i.fix ? { fix: i.fix } : {}),
    });
  }
  return out;
}
