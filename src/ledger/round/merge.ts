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
 * - any cell of a row a conflict                          → every entry of that row held as a conflict too
 *   (a row is taken whole or not at all: never 已完成 without its date, or a date with 未启动)
 * - a row key twice in one return                          → neither row taken (which one is the task is unknown)
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
  /**
   * `master`: the master changed too since the split; `returns`: two returns disagree; `row`: nothing wrong with
   * this cell, but another cell of its row is a conflict, and a row is decided whole.
   */
  kind: "master" | "returns" | "row";
  baseline: string;
  master: string;
  returns: { file: string; unit: string; value: string }[];
}

export interface Ignored {
  file: string;
  unit: string;
  key: string;
  label: string;
  /** `not-sent`: a row the copy was not sent with; `not-in-master`: the master has no such row any more; `duplicate`: the key appears on two rows or more (all of them left). */
  reason: "not-sent" | "not-in-master" | "duplicate";
  /** The sheet rows of a duplicated key (as the return has them). */
  rows?: number[];
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
/** The sheet row of a return's row (from any of its cells' addresses). */
const sheetRowOf = (r: RowEntries) => Number(/\d+$/.exec(Object.values(r.address)[0] ?? "")?.[0] ?? 0);
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
    const rowsOfKey = new Map<string, RowEntries[]>();
    for (const row of ret.rows) rowsOfKey.set(row.key, [...(rowsOfKey.get(row.key) ?? []), row]);
    for (const row of ret.rows) {
      const ignore = (reason: Ignored["reason"], rows?: number[]) =>
        out.ignored.push({
          file: ret.file,
          unit: ret.unit,
          key: row.key,
          label: row.label,
          reason,
          ...(rows ? { rows } : {}),
        });
      if (seen.has(row.key)) continue;
      seen.add(row.key);
      const same = rowsOfKey.get(row.key)!;
      // A number typed over another task's row: taking either row by position could put one task's entries on
      // another, so neither is taken and staff are told both rows.
      if (same.length > 1) {
        if (same.some(filled)) ignore("duplicate", same.map(sheetRowOf));
        continue;
      }
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
  const decided: {
    key: string;
    kind: Conflict["kind"] | "taken";
    build: (kind: Conflict["kind"]) => Conflict;
    take?: Taken;
  }[] = [];
  for (const k of order) {
    const list = changes.get(k)!;
    const { key, column } = list[0];
    const m = masterRows.get(key)!;
    const master = m.values[column];
    const distinct = new Set(list.map((c) => c.value.text));
    const build = (kind: Conflict["kind"]): Conflict => ({
      key,
      label: m.label,
      column,
      kind,
      baseline: list[0].baseline,
      master: master.text,
      returns: list.map((c) => ({ file: c.file, unit: c.unit, value: c.value.text })),
    });
    const conflict = (kind: Conflict["kind"]) => decided.push({ key, kind, build });
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
    decided.push({
      key,
      kind: "taken",
      build,
      take: {
        key,
        label: m.label,
        column,
        from: master,
        to: value,
        files: list.map((c) => c.file),
        units: list.map((c) => c.unit),
        sheet: m.sheet,
        address: m.address[column],
      },
    });
  }
  // A row is decided whole: with one cell in conflict, the others of the row wait for the same decision.
  const rowsInConflict = new Set<string>();
  for (const d of decided) if (d.kind !== "taken") rowsInConflict.add(d.key);
  for (const d of decided) {
    if (d.kind !== "taken") out.conflicts.push(d.build(d.kind));
    else if (rowsInConflict.has(d.key)) out.conflicts.push(d.build("row"));
    else out.taken.push(d.take!);
  }
  return out;
}

/** Lead units with no return among those collected (未报送). */
export function notReported(units: string[], returned: string[]): string[] {
  const got = new Set(returned);
  return units.filter((u) => !got.has(u));
}
