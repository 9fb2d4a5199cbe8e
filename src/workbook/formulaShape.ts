/**
 * A formula's shape: its text with what spreadsheet programs rewrite on saving taken out (spaces, `$`,
 * quotes around sheet names, `_xlfn.` prefixes, letter case, how numbers are written) and every number,
 * row numbers included, as `#`. Two formulas of one shape do the same thing at their own places: the
 * round section's cells hold the tool's formula when their shape is the one the tool writes there, so a
 * formula staff typed into the section is told from the tool's own, while a ledger re-saved by Excel,
 * WPS or LibreOffice, or written before a unit was added (ranges one row longer), still is the tool's.
 */
export function formulaShape(formula: string): string {
  const f = formula.startsWith("=") ? formula.slice(1) : formula;
  let out = "";
  let i = 0;
  while (i < f.length) {
    const ch = f[i];
    if (ch === '"') {
      // A text literal, kept exactly ("" inside is a quote).
      let j = i + 1;
      while (j < f.length && !(f[j] === '"' && f[j + 1] !== '"')) j += f[j] === '"' ? 2 : 1;
      out += f.slice(i, j + 1);
      i = j + 1;
    } else if (ch === "'") {
      // A quoted sheet name: the name without its quotes ('' inside is a quote).
      let j = i + 1;
      let name = "";
      while (j < f.length && !(f[j] === "'" && f[j + 1] !== "'")) {
        name += f[j];
        j += f[j] === "'" ? 2 : 1;
      }
      out += name.toUpperCase();
      i = j + 1;
    } else {
      let j = i;
      while (j < f.length && f[j] !== '"' && f[j] !== "'") j++;
      out += f
        .slice(i, j)
        .replace(/\s+/g, "")
        .replace(/\$/g, "")
        .toUpperCase()
        .replace(/_XL(FN|WS)\./g, "");
      i = j;
    }
  }
  // Numbers (1E+9 and 1000000000 alike) and row numbers of references.
  return out.replace(/\d+(?:\.\d+)?(?:E[+-]?\d+)?/g, "#");
}
