/**
 * A collect planned from what was read: the master's snapshot and the returned copies (or why a file could
 * not be used). The command line and the add-in both plan through here, so they take, list and leave the
 * same entries and print the same report. Pure: files and workbooks are read by the shells.
 *
 * Conflicts are decided by staff in the add-in one at a time (keep the master's value, or take one return's):
 * `decidedEntries` turns those decisions into entries to write, and `collectRecords` into 来源记录 rows.
 */
import type { LedgerSnapshot, ReadSheet } from "../snapshot";
import { checkReturn } from "./checkReturn";
import { masterIdOf, type RoundMarker } from "./identity";
import { mergeRound, notReported, type Conflict, type ReturnInput, type Taken } from "./merge";
import { sourceRecords, type CollectedFile, type CollectOutcome } from "./report";
import { leadUnits, rowEntries, type BaselineEntry, type RowEntries } from "./share";
import { currentRound, receivedIn } from "./sources";
import { date, type Cell } from "../../workbook/spec";
import type { ReturnProblem } from "./checkReturn";

/** A unit's copy as read back: its marker, the baseline as sent, and its sheets. */
export interface ReturnedContent {
  marker: RoundMarker;
  baseline: BaselineEntry[];
  ledger: ReadSheet;
  milestones: ReadSheet | null;
}

/** One file given to collect: read, or not usable (with why, in words for staff). */
export type ReturnedFile = { file: string; copy: ReturnedContent } | { file: string; unusable: string };

/** The master's identity: its plan copy's title and tasks (or, without a copy, its rows). */
export function masterIdOfLedger(s: LedgerSnapshot): { id: string; title: string } {
  const title = s.plan?.title ?? "";
  const tasks = s.plan?.rows.length
    ? s.plan.rows.map((r) => ({ id: r.id, title: r.fields["任务名称"] ?? "" }))
    : s.ledger.rows.map((r) => ({
        id: Number(r.cells["序号"]?.value) || 0,
        title: String(r.cells["任务名称"]?.value ?? ""),
      }));
  return { id: masterIdOf(title, tasks), title: title || "台账" };
}

export interface CollectPlan {
  outcome: CollectOutcome;
  /** The master's staff cells by row (what a decision keeps, and where an entry goes). */
  masterRows: RowEntries[];
  /** What each usable return brings (what a decision takes). */
  inputs: ReturnInput[];
}

/**
 * Plans a collect. `fallbackRound` is the round when no return names one (the master's as-of date): the round
 * is the one most returns belong to, and a late copy of another round is not taken into this one.
 */
export function planCollect(
  master: LedgerSnapshot,
  returned: ReturnedFile[],
  fallbackRound: string,
  /** The 来源记录 sheet's rows as text (header first): units received by an earlier collect of the round have reported. */
  earlierSources: string[][] = [],
  /** The periods 历次进展 already records (`close` has run for them). */
  closedPeriods: string[] = [],
): CollectPlan {
  const { id } = masterIdOfLedger(master);
  const unusable: { file: string; reason: string }[] = [];
  const copies: { file: string; copy: ReturnedContent }[] = [];
  for (const r of returned) {
    if ("unusable" in r) unusable.push({ file: r.file, reason: r.unusable });
    else if (r.copy.marker.masterId !== id)
      unusable.push({
        file: r.file,
        reason: `来自另一份台账或计划已修订（报送表属于《${r.copy.marker.title}》，编号 ${r.copy.marker.masterId}；本台账编号 ${id}）。请用本台账重新分发。`,
      });
    else copies.push({ file: r.file, copy: r.copy });
  }
  const tally = new Map<string, number>();
  for (const c of copies) tally.set(c.copy.marker.round, (tally.get(c.copy.marker.round) ?? 0) + 1);
  const round = [...tally].sort((a, b) => b[1] - a[1] || b[0].localeCompare(a[0]))[0]?.[0] ?? fallbackRound;
  const current = copies.filter((c) => {
    if (c.copy.marker.round === round) return true;
    unusable.push({
      file: c.file,
      reason: `属于 ${c.copy.marker.round} 轮，不是本轮（${round}）的报送表，未采用。`,
    });
    return false;
  });
  const files: CollectedFile[] = [];
  const inputs: ReturnInput[] = current.map(({ file, copy }) => {
    const rows = [...rowEntries(copy.ledger, "task"), ...rowEntries(copy.milestones, "milestone")];
    const problems = checkReturn(master, copy, rows, round);
    standardise(rows, problems);
    files.push({ file, unit: copy.marker.unit, round: copy.marker.round, problems });
    return {
      file,
      unit: copy.marker.unit,
      baseline: copy.baseline,
      rows,
      // A row with an error is taken as a whole or not at all: a status without its date is not half taken.
      errors: rowErrors(rows, problems),
    };
  });
  const masterRows = [...rowEntries(master.ledger, "task"), ...rowEntries(master.milestones, "milestone")];
  const merge = mergeRound(masterRows, inputs);
  // Returns of an older round than one already collected are late copies: taken (the merge keeps every cell
  // changed since as a conflict) but said so; the dashboard stays on the newer round.
  const newer = currentRound(earlierSources);
  const late = files.length > 0 && newer > round;
  const closed = files.length > 0 && closedPeriods.includes(round);
  const ahead = files.length > 0 && round > fallbackRound;
  return {
    outcome: {
      round,
      merge,
      files,
      unusable,
      notReported: notReported(leadUnits(master), [
        ...files.map((f) => f.unit),
        ...receivedIn(earlierSources, round),
      ]),
      ...(late ? { newerRound: newer } : {}),
      ...(closed ? { periodClosed: true } : {}),
      ...(ahead ? { ledgerAsOf: fallbackRound } : {}),
    },
    masterRows,
    inputs,
  };
}

/**
 * Entries the ledger's validation reads with certainty go in as it reads them, never as typed: a text date
 * (`2022/9/16`) as that date, a status synonym or a status with stray spaces as the standard word. Typed text
 * would count wrongly on the dashboard (a text date is no date: 逾期完成; `完成了` is no status at all).
 */
function standardise(rows: RowEntries[], problems: ReturnProblem[]) {
  const byKey = new Map(rows.map((r) => [r.key, r]));
  for (const p of problems) {
    const row = byKey.get(p.key);
    if (p.severity !== "warning" || !p.fix || !row || !(p.column in row.values)) continue;
    row.values[p.column] =
      "date" in p.fix ? { text: p.fix.date, cell: date(p.fix.date) } : { text: p.fix.text, cell: p.fix.text };
    p.standardised = row.values[p.column].text;
  }
}

/** Every staff cell of a row with an error carries the error (see the note at its use). */
function rowErrors(rows: RowEntries[], problems: CollectedFile["problems"]) {
  const byRow = new Map<string, string>();
  for (const p of problems)
    if (p.severity === "error" && !byRow.has(p.key)) byRow.set(p.key, `${p.cell}：${p.message}`);
  return rows.flatMap((r) => {
    const message = byRow.get(r.key);
    return message ? Object.keys(r.values).map((column) => ({ key: r.key, column, message })) : [];
  });
}

/** How staff decided one conflict: keep what the master holds, or take the value of one return (by file). */
export interface ConflictDecision {
  key: string;
  column: string;
  /** `master`, or the file whose value is taken. */
  take: "master" | string;
}

export const conflictId = (c: Pick<Conflict, "key" | "column">) => `${c.key}\u0000${c.column}`;

/**
 * The entries the decisions take (a return's value chosen over the master's), in the form of the entries
 * collect takes on its own, so they are written the same way. A decision for a conflict this plan does not
 * have (the workbook changed since it was made) takes nothing.
 */
export function decidedEntries(plan: CollectPlan, decisions: ConflictDecision[]): Taken[] {
  const master = new Map(plan.masterRows.map((r) => [r.key, r]));
  const conflicts = new Map(plan.outcome.merge.conflicts.map((c) => [conflictId(c), c]));
  const out: Taken[] = [];
  for (const d of decisions) {
    if (d.take === "master") continue;
    const c = conflicts.get(conflictId(d));
    const chosen = c?.returns.find((r) => r.file === d.take);
    const input = plan.inputs.find((i) => i.file === d.take);
    const value = input?.rows.find((r) => r.key === d.key)?.values[d.column];
    const m = master.get(d.key);
    if (!c || !chosen || !value || !m || value.text !== chosen.value || !(d.column in m.address)) continue;
    if (value.text === m.values[d.column]?.text) continue;
    out.push({
      key: d.key,
      label: m.label,
      column: d.column,
      from: m.values[d.column],
      to: value,
      files: [chosen.file],
      units: [chosen.unit],
      sheet: m.sheet,
      address: m.address[d.column],
    });
  }
  return out;
}

/**
 * The 来源记录 rows of a collect with staff's decisions: as `sourceRecords`, with each decided conflict saying
 * which value was kept (采用 for the return taken, 冲突未采用 for the others, 冲突保留总台账 when the master's
 * value was kept).
 */
export function collectRecords(plan: CollectPlan, decisions: ConflictDecision[], when: string): Cell[][] {
  const rows = sourceRecords(plan.outcome, when);
  const byId = new Map(decisions.map((d) => [`${d.key}\u0000${d.column}`, d.take]));
  return rows.map((r) => {
    if (r[4] !== "冲突未采用") return r;
    const take = byId.get(`${r[5]}\u0000${r[6]}`);
    if (take === undefined) return r;
    if (take === "master") return [...r.slice(0, 4), "冲突保留总台账", ...r.slice(5)];
    return take === r[2] ? [...r.slice(0, 4), "冲突已决定采用", ...r.slice(5)] : r;
  });
}
