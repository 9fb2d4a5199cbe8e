/** Unit aliases as the dashboard reads them from the 单位 sheet. */

/** How many alias slots of a unit the dashboard's formulas read. */
export const ALIAS_SLOTS = 3;

/**
 * The aliases of a 单位 row as the formulas split them: separators ，、；; turned into commas, the first
 * three comma-separated pieces, each trimmed the spreadsheet way (inner runs of spaces become one).
 */
export function aliasPieces(cell: string): string[] {
  const unified = cell.replace(/[，、；;]/g, ",");
  return unified
    .split(",")
    .slice(0, ALIAS_SLOTS)
    .map((p) => p.replace(/ +/g, " ").replace(/^ | $/g, ""));
}
