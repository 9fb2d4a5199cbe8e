/**
 * The merge of a round: for every row and staff column, what the master holds now, what each return
 * brings and what was sent (the baseline) decide whether an entry is taken, is a conflict, or is left.
 * Pure: it reads values and returns decisions; nothing is written here.
 *
 * - changed only in a return (master still as sent)       → taken
 * - changed in the master and in a return, differently    → conflict (the master keeps its value)
 * - changed differently by two returns                    → conflict
 * - changed to what the master already holds             → nothing to do (agreed)
 * - rows a return was not sent (someone else's rows)      → ignored and reported
 * - a cell validation rejects                             → not taken, reported with the problem
 */
import type { BaselineEntry, RowEntries } from "./share";
import type { EntryValue } from "./values";

export interface ReturnInput {
  file: string;
  unit: string;
  baseline: BaselineEntry[];
  rows: RowEntries[];
  /** Cells validation found errors in (by row key and column). */
  errors: { key: string; column: string; message: string }[];
}

export interface Taken {
  key: string;
  label: string;
  column: string;
  from: EntryValue;
  to: EntryValue;
  /** The returns that brought it (two leads may bring the same entry). */
  files: string[];
  units: string[];
  /** Where it goes in the master. */
  sheet: string;
  address: string;
}

export interface Conflict {
  key: string;
  label: string;
  column: string;
  /** `master`: the master changed too since the split; `returns`: two returns disagree. */
  kind: "master" | "returns";
  baseline: string;
  master: string;
  returns: { file: string; unit: string; value: string }[];
}

export interface Ignored {
  file: string;
  unit: string;
  key: string;
  label: string;
  /** `not-sent`: a row the copy was not sent with; `not-in-master`: the master has no such row any more; `duplicate`: the row appears twice. */
  reason: "not-sent" | "not-in-master" | "duplicate";
}

export interface Rejected {
  file: string;
  unit: string;
  key: string;
  column: string;
  value: string;
  message: string;
}

export interface RoundMerge {
  taken: Taken[];
  conflicts: Conflict[];
  ignored: Ignored[];
  rejected: Rejected[];
  /** Rows sent to a unit that its return no longer has (deleted rows): nothing is taken from them. */
  missing: { file: string; unit: string; key: string }[];
  /** Entries a return changed to what the master already holds. */
  agreed: number;
}

const cellKey = (key: string, column: string) => `${key}\u0000${column}`;
const filled = (r: RowEntries) => Object.values(r.values).some((v) => v.text !== "");

export function mergeRound(master: RowEntries[], returns: ReturnInput[]): RoundMerge {
  const out: RoundMerge = { taken: [], conflicts: [], ignored: [], rejected: [], missing: [], agreed: 0 };
  const masterRows = new Map(master.map((r) => [r.key, r]));
  // Each cell's candidates, in the order of the returns given.
  const changes = new Map<
    string,
    { key: string; column: string; baseline: string; value: EntryValue; file: string; unit: string }[]
  >();
  const order: string[] = [];
  for (const ret of returns) {
    const sent = new Map<string, Map<string, string>>();
    for (const b of ret.baseline) {
      const cols = sent.get(b.key) ?? new Map<string, string>();
      cols.set(b.column, b.text);
      sent.set(b.key, cols);
    }
    const errors = new Map(ret.errors.map((e) => [cellKey(e.key, e.column), e.message]));
    const seen = new Set<string>();
    for (const row of ret.rows) {
      const ignore = (reason: Ignored["reason"]) =>
        out.ignored.push({ file: ret.file, unit: ret.unit, key: row.key, label: row.label, reason });
      if (seen.has(row.key)) {
        if (filled(row)) ignore("duplicate");
        continue;
      }
      seen.add(row.key);
      const baseline = sent.get(row.key);
      if (!baseline) {
        if (filled(row)) ignore("not-sent");
        continue;
      }
      const m = masterRows.get(row.key);
      if (!m) {
        ignore("not-in-master");
        continue;
      }
      for (const [column, was] of baseline) {
        const now = row.values[column];
        // A column the return lost (deleted) changes nothing; neither does a column the master lacks.
        if (!now || !(column in m.values) || now.text === was) continue;
        const problem = errors.get(cellKey(row.key, column));
        if (problem) {
          out.rejected.push({
            file: ret.file,
            unit: ret.unit,
            key: row.key,
            column,
            value: now.text,
            message: problem,
          });
          continue;
        }
        const k = cellKey(row.key, column);
        if (!changes.has(k)) {
          changes.set(k, []);
          order.push(k);
        }
        changes
          .get(k)!
          .push({ key: row.key, column, baseline: was, value: now, file: ret.file, unit: ret.unit });
      }
    }
    for (const key of sent.keys())
      if (!seen.has(key)) out.missing.push({ file: ret.file, unit: ret.unit, key });
  }
  for (const k of order) {
    const list = changes.get(k)!;
    const { key, column } = list[0];
    const m = masterRows.get(key)!;
    const master = m.values[column];
    const distinct = new Set(list.map((c) => c.value.text));
    const conflict = (kind: Conflict["kind"]) =>
      out.conflicts.push({
        key,
        label: m.label,
        column,
        kind,
        baseline: list[0].baseline,
        master: master.text,
        returns: list.map((c) => ({ file: c.file, unit: c.unit, value: c.value.text })),
      });
    if (distinct.size > 1) {
      conflict("returns");
      continue;
    }
    const value = list[0].value;
    if (value.text === master.text) {
      out.agreed += list.length;
      continue;
    }
    if (list.some((c) => c.baseline !== master.text)) {
      conflict("master");
      continue;
    }
    out.taken.push({
      key,
      label: m.label,
      column,
      from: master,
      to: value,
      files: list.map((c) => c.file),
      units: list.map((c) => c.unit),
      sheet: m.sheet,
      address: m.address[column],
    });
  }
  return out;
}

/** Lead units with no return among those collected (未报送). */
export function notReported(units: string[], returned: string[]): string[] {
  const got = new Set(returned);
  return units.filter((u) => !got.has(u));
}
