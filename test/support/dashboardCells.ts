/**
 * Reading the dashboard as LibreOffice exported it (a grid of displayed texts): the e2e tests compare it with
 * `summary --json`.
 */

/** A raw exported number; LibreOffice keeps the `%` of percent cells even when not "as shown". */
export const num = (v: string) => (v.endsWith("%") ? Number(v.slice(0, -1)) / 100 : Number(v));

/** Where a cell satisfying `test` is on the sheet: row and column (the dashboard has blocks side by side). */
export function find(sheet: string[][], test: (v: string) => boolean): [number, number] {
  for (let i = 0; i < sheet.length; i++) {
    const j = sheet[i].findIndex((v) => test(v ?? ""));
    if (j >= 0) return [i, j];
  }
  throw new Error("not on the dashboard");
}

/** The rows of a titled table on the dashboard, by their first cell: the `width` figures right of it. */
export function tableRows(sheet: string[][], title: string, width: number): Map<string, number[]> {
  const [start, col] = find(sheet, (v) => v === title);
  const rows = new Map<string, number[]>();
  for (let i = start + 2; i < sheet.length && sheet[i][col]; i++)
    rows.set(sheet[i][col], sheet[i].slice(col + 1, col + 1 + width).map(num));
  return rows;
}
