/** One problem found in a staff entry, located to its cell. */
export interface LedgerIssue {
  sheet: string;
  /** A1 address. */
  cell: string;
  /** Task number of the row, when known. */
  task: number | null;
  code: string;
  severity: "error" | "warning";
  /** Chinese: what is wrong and what to do. */
  message: string;
  /** The cell's content as found. */
  value: string;
  /** The proposed correction, as text, when there is one. */
  suggestion: string | null;
  /** What `--fix` writes: only normalisations that cannot change the meaning of an entry. */
  fix?: { text: string } | { date: string };
}

export interface Located {
  sheet: string;
  cell: string;
  task: number | null;
  value: string;
}

export function issue(
  at: Located,
  code: string,
  severity: LedgerIssue["severity"],
  message: string,
  suggestion: string | null = null,
  fix?: LedgerIssue["fix"],
): LedgerIssue {
  return {
    sheet: at.sheet,
    cell: at.cell,
    task: at.task,
    code,
    severity,
    message,
    value: at.value,
    suggestion,
    ...(fix ? { fix } : {}),
  };
}
