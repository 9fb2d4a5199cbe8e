/**
 * A table of tasks copied out of Word, Excel or a web page arrives as text with a tab between cells and
 * a line per row. Each row becomes one numbered line with its units and deadline in a labelled bracket,
 * which the parser reads like any task; a row with one cell is a heading. Line count is kept, so the
 * diagnostics' line numbers still point at the pasted rows. Pure.
 */
import { headerColumns, type Column } from "./fromDocx";
import { trimAll } from "./text";

const HAS_MARKER =
  /^([一二三四五六七八九十]+\s*[、.．]|[(（]\s*[一二三四五六七八九十]+\s*[)）]|\d+\s*[.、．](?!\d))/;

export function tabbedTablesToText(text: string): string {
  if (!text.includes("\t")) return text;
  const lines = text.split("\n");
  let cols: (Column | null)[] | null = null;
  let counter = 0;
  return lines
    .map((line) => {
      // Lines without tabs (a heading typed between the rows) leave the table's columns as they are.
      if (!line.includes("\t")) return line;
      const cells = line.split("\t").map(trimAll);
      const header = headerColumns(cells);
      if (header) {
        cols = header;
        return "";
      }
      if (!cols) return line;
      const at = (c: Column) => {
        const i = cols!.indexOf(c);
        return i >= 0 ? (cells[i] ?? "") : "";
      };
      const filled = cells.filter(Boolean);
      if (filled.length === 1 && !at("number")) return filled[0];
      const title = at("title");
      const content = at("content");
      const task =
        title && content ? `${title}${/[。！？]$/.test(title) ? "" : "。"}${content}` : title || content;
      if (!task) return line;
      const num = /^\d+/.exec(at("number"))?.[0];
      counter = num ? Number(num) : counter + 1;
      const labels = [
        at("lead") && `牵头单位：${at("lead")}`,
        at("responsible") && `责任单位：${at("responsible")}`,
        at("deadline") && `完成时限：${at("deadline")}`,
      ].filter(Boolean);
      return `${HAS_MARKER.test(task) ? task : `${counter}.${task}`}${labels.length ? `〔${labels.join("；")}〕` : ""}`;
    })
    .join("\n");
}
