/**
 * Unit aliases as the workbook's formulas read them from the 单位 sheet's 别名 cells. Excel 2016 has no
 * TEXTSPLIT, so the hidden sheet 别名统计 lays the aliases out one per row, in 单位 order: it reads the 别名 cell
 * of the first `ALIAS_UNIT_ROWS` rows of the 单位 table and gives the first `ALIAS_ROWS` aliases a row each. The
 * engine and validation read exactly the same aliases (`countedAliases`); validation flags any beyond.
 */

/** Rows of the 单位 table whose aliases are read. */
export const ALIAS_UNIT_ROWS = 300;
/** Aliases counted in all (one row each on 别名统计). */
export const ALIAS_ROWS = 300;

/** A 别名 cell with its separators ，、；; made commas, as the formula `SUBSTITUTE`s them. */
export const unifiedAliases = (cell: string) => cell.replace(/[，、；;]/g, ",");

/**
 * Every piece of a 别名 cell, as the formulas cut it: by commas, each trimmed the spreadsheet way (leading and
 * trailing spaces dropped, inner runs of spaces made one). An empty cell (spaces only) has no pieces; empty
 * pieces (`a,,b`) take a place but name nothing.
 */
export function allAliasPieces(cell: string): string[] {
  const unified = unifiedAliases(cell);
  if (/^ *$/.test(unified)) return [];
  return unified.split(",").map((p) => p.replace(/ +/g, " ").replace(/^ | $/g, ""));
}

export interface CountedAlias {
  /** Position of the unit's row in the 单位 table (1-based), as INDEX reads it. */
  unitIndex: number;
  unit: string;
  alias: string;
}

/**
 * The aliases the formulas count, in the order of 别名统计's rows: `aliasCells[i]` is the 别名 cell of the
 * 单位 table's (i+1)-th row and `names[i]` its 单位名称 (blank rows included, so positions stay those of INDEX).
 */
export function countedAliases(names: string[], aliasCells: string[]): CountedAlias[] {
  const out: CountedAlias[] = [];
  let slots = 0;
  for (let i = 0; i < Math.min(aliasCells.length, ALIAS_UNIT_ROWS) && slots < ALIAS_ROWS; i++) {
    for (const alias of allAliasPieces(aliasCells[i] ?? "")) {
      if (slots++ >= ALIAS_ROWS) break;
      if (alias) out.push({ unitIndex: i + 1, unit: names[i] ?? "", alias });
    }
  }
  return out;
}

/** The aliases not counted: pieces past `ALIAS_ROWS` in all, or in 单位 rows past `ALIAS_UNIT_ROWS`. */
export function uncountedAliases(aliasCells: string[]): { index: number; aliases: string[] }[] {
  const out: { index: number; aliases: string[] }[] = [];
  let slots = 0;
  aliasCells.forEach((cell, i) => {
    const pieces = allAliasPieces(cell ?? "");
    const left = i < ALIAS_UNIT_ROWS ? Math.max(0, ALIAS_ROWS - slots) : 0;
    slots += pieces.length;
    const extra = pieces.slice(left).filter(Boolean);
    if (extra.length) out.push({ index: i + 1, aliases: extra });
  });
  return out;
}
