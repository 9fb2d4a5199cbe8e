/** The summary of a ledger as read back from a workbook. */
import { planYear, resolveAsOf } from "../ledger/context";
import type { LedgerSnapshot } from "../ledger/snapshot";
import { aliasesFromSnapshot, rowsFromSnapshot } from "./rows";
import { summarize, type Summary } from "./summary";

export function summaryOf(snapshot: LedgerSnapshot, options: { asOf?: string; today: string }): Summary {
  const asOf = resolveAsOf(snapshot, options);
  return summarize({
    ...rowsFromSnapshot(snapshot),
    asOf,
    year: planYear(snapshot, asOf),
    title: snapshot.plan?.title ?? "",
    published: snapshot.plan?.published ?? null,
    aliases: aliasesFromSnapshot(snapshot),
  });
}
