/**
 * Where staff find the spot a diagnostic is about, in the file as they received it. A line number is
 * right for a text file (Notepad shows them), but a Word document has no lines to count and a PDF's text
 * was rebuilt by us: there the place is the paragraph's opening words (what Word's or a PDF reader's
 * search finds), and for a PDF the page. Pure.
 */
import { matchMarker } from "./blocks";
import { trimAll } from "./text";
import type { Diagnostic } from "./types";

/** What the plan text was read from. */
export interface PlanSource {
  kind: "text" | "docx" | "pdf";
  /** For a PDF: the page (1-based) each line of the plan text came from. */
  pages?: readonly number[];
}

/** Characters quoted from a paragraph's start: enough to search for, short enough for a cell. */
const QUOTE_CHARS = 14;

/** The opening words of the paragraph at `line` (1-based), its number left out (Word's lists do not type it). */
function openingWords(lines: readonly string[], line: number): string {
  for (let k = line - 1; k < lines.length && k < line + 3; k++) {
    const text = trimAll(lines[k] ?? "");
    if (!text) continue;
    const rest = trimAll(matchMarker(text)?.rest ?? text);
    const chars = [...(rest || text)];
    return chars.length > QUOTE_CHARS ? chars.slice(0, QUOTE_CHARS).join("") + "…" : chars.join("");
  }
  return "";
}

/** The place of a line of the plan text, as staff find it in the file. */
export function placeOfLine(lines: readonly string[], line: number, source?: PlanSource): string {
  if (line <= 0) return "";
  if (!source || source.kind === "text") return `第${line}行`;
  const words = openingWords(lines, line);
  if (source.kind === "pdf") {
    const page = source.pages?.[line - 1];
    const where = page ? `第${page}页` : "";
    return words ? `${where}“${words}”` : where;
  }
  return words ? `段落“${words}”` : "";
}

/** Each diagnostic that points at a line gets its place (`where`). */
export function placeDiagnostics(diagnostics: Diagnostic[], text: string, source?: PlanSource): void {
  const lines = text.split("\n");
  for (const d of diagnostics) {
    if (d.line > 0 && d.where === undefined) {
      const where = placeOfLine(lines, d.line, source);
      if (where) d.where = where;
    }
  }
}

/** How to show a diagnostic's place: where staff find it, or 全文 (the whole text) when it has none. */
export function diagnosticPlace(d: Diagnostic): string {
  return d.where ?? (d.line > 0 ? `第${d.line}行` : "");
}
