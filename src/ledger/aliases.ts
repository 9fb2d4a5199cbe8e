/**
 * Unit aliases as the dashboard's formulas read them from the 单位 sheet's 别名 cell. The formulas (Excel
 * 2016 has no TEXTSPLIT) read a fixed number of pieces per unit; the engine and validation read the same.
 */

/** How many aliases of a unit count (the dashboard's formulas read this many pieces of 别名). */
export const ALIAS_SLOTS = 3;

/**
 * The aliases of a 单位 row as the formulas split them: separators ，、；; turned into commas, the first
 * three comma-separated pieces, each trimmed the spreadsheet way (inner runs of spaces become one).
 */
export function aliasPieces(cell: string): string[] {
  return allAliasPieces(cell).slice(0, ALIAS_SLOTS);
}

/** Every piece of a 别名 cell, split and trimmed as `aliasPieces` does, counted or not. */
export function allAliasPieces(cell: string): string[] {
  const unified = cell.replace(/[，、；;]/g, ",");
  return unified.split(",").map((p) => p.replace(/ +/g, " ").replace(/^ | $/g, ""));
}
