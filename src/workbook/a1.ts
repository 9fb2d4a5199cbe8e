/** A1 range arithmetic for renderers. */

export interface CellRange {
  r1: number;
  c1: number;
  r2: number;
  c2: number;
}

const colNumber = (letters: string) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);

export function colLetters(n: number): string {
  let s = "";
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

export function parseRange(range: string): CellRange {
  const m = /^\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?$/.exec(range);
  if (!m) throw new Error(`Not an A1 range: ${range}`);
  const c1 = colNumber(m[1]);
  const r1 = Number(m[2]);
  return { r1, c1, r2: m[4] ? Number(m[4]) : r1, c2: m[3] ? colNumber(m[3]) : c1 };
}

export function formatRange(r: CellRange): string {
  const a = `${colLetters(r.c1)}${r.r1}`;
  return r.r1 === r.r2 && r.c1 === r.c2 ? a : `${a}:${colLetters(r.c2)}${r.r2}`;
}

export function eachCell(range: string, fn: (row: number, col: number) => void): void {
  const { r1, c1, r2, c2 } = parseRange(range);
  for (let r = r1; r <= r2; r++) for (let c = c1; c <= c2; c++) fn(r, c);
}
