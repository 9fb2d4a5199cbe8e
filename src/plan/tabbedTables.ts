/**
 * A table of tasks copied out of Word, Excel or a web page arrives as text with a tab between cells and
 * a line per row. Each row becomes one numbered line with its units and deadline in a labelled bracket,
 * which the parser reads like any task; a row with one cell is a heading; a 领域 column (filled on a
 * group's first row only, as a merged cell copies) becomes a heading line where it changes. Excel quotes a
 * cell holding line breaks (`"区水务局⏎区交通运输局"`): such a cell is one cell, its lines a list. Line
 * count is kept where rows are one line each, so the diagnostics' line numbers still point at the rows. Pure.
 */
import { cnOrdinal, headerColumns, unitList, type Column } from "./fromDocx";
import { trimAll } from "./text";

const HAS_MARKER =
  /^([一二三四五六七八九十]+\s*[、.．]|[(（]\s*[一二三四五六七八九十]+\s*[)）]|\d+\s*[.、．](?!\d))/;
const DOMAIN_HEADING_RE = /^[(（]\s*[一二三四五六七八九十]+\s*[)）]/;

/**
 * The cells of a tab-separated row starting at `lines[i]`, Excel's quoting honoured: a cell starting with
 * `"` runs to its closing `"` (doubled quotes inside), across line breaks. Returns the cells and how many
 * lines the row took.
 */
function rowAt(lines: string[], i: number): { cells: string[]; used: number } {
  const cells: string[] = [];
  let k = i;
  let text = lines[i];
  let pos = 0;
  for (;;) {
    if (text[pos] === '"') {
      let cell = "";
      let p = pos + 1;
      for (;;) {
        const q = text.indexOf('"', p);
        if (q < 0) {
          if (k + 1 >= lines.length) {
            cell += text.slice(p);
            p = text.length;
            break;
          }
          cell += text.slice(p) + "\n";
          text = lines[++k];
          p = 0;
          continue;
        }
        if (text[q + 1] === '"') {
          cell += text.slice(p, q) + '"';
          p = q + 2;
          continue;
        }
        cell += text.slice(p, q);
        p = q + 1;
        break;
      }
      const tab = text.indexOf("\t", p);
      cells.push(cell + (tab < 0 ? text.slice(p) : text.slice(p, tab)));
      if (tab < 0) break;
      pos = tab + 1;
    } else {
      const tab = text.indexOf("\t", pos);
      cells.push(tab < 0 ? text.slice(pos) : text.slice(pos, tab));
      if (tab < 0) break;
      pos = tab + 1;
    }
  }
  return { cells: cells.map(trimAll), used: k - i + 1 };
}

const oneLine = (s: string) => trimAll(s.replace(/\s*\n\s*/g, ""));

export function tabbedTablesToText(text: string): string {
  if (!text.includes("\t")) return text;
  const lines = text.split("\n");
  let cols: (Column | null)[] | null = null;
  let counter = 0;
  let domains = 0;
  let lastDomain = "";
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    // Lines without tabs (a heading typed between the rows) leave the table's columns as they are.
    if (!line.includes("\t")) {
      if (DOMAIN_HEADING_RE.test(trimAll(line))) domains++;
      out.push(line);
      continue;
    }
    const { cells, used } = cols ? rowAt(lines, i) : { cells: line.split("\t").map(trimAll), used: 1 };
    // A row that took several lines keeps the line count with blank lines after it.
    const pad = Array.from({ length: used - 1 }, () => "");
    i += used - 1;
    const header = headerColumns(cells.map(oneLine));
    if (header) {
      cols = header;
      lastDomain = "";
      out.push("", ...pad);
      continue;
    }
    if (!cols) {
      out.push(line, ...pad);
      continue;
    }
    const at = (c: Column) => {
      const k = cols!.indexOf(c);
      return k >= 0 ? (cells[k] ?? "") : "";
    };
    const filled = cells.filter(Boolean);
    if (filled.length === 1 && !at("number")) {
      if (DOMAIN_HEADING_RE.test(filled[0])) domains++;
      out.push(oneLine(filled[0]), ...pad);
      continue;
    }
    const title = oneLine(at("title"));
    const content = oneLine(at("content"));
    const task =
      title && content ? `${title}${/[。！？]$/.test(title) ? "" : "。"}${content}` : title || content;
    if (!task) {
      out.push(line, ...pad);
      continue;
    }
    const domain = oneLine(at("domain"));
    const heading: string[] = [];
    if (domain && domain !== lastDomain) {
      lastDomain = domain;
      heading.push(HAS_MARKER.test(domain) ? domain : `（${cnOrdinal(++domains)}）${domain}`);
    }
    const num = /^\d+/.exec(at("number"))?.[0];
    counter = num ? Number(num) : counter + 1;
    const labels = [
      at("lead") && `牵头单位：${unitList(at("lead"))}`,
      at("responsible") && `责任单位：${unitList(at("responsible"))}`,
      at("deadline") && `完成时限：${oneLine(at("deadline"))}`,
    ].filter(Boolean);
    out.push(
      [
        ...heading,
        `${HAS_MARKER.test(task) ? task : `${counter}.${task}`}${labels.length ? `〔${labels.join("；")}〕` : ""}`,
      ].join("\n"),
      ...pad,
    );
  }
  return out.join("\n");
}
