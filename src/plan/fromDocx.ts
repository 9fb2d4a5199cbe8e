/**
 * A Word document's body, as the shells read it (paragraphs and tables, see src/cli/planFile.ts and
 * src/taskpane/planFile.ts), turned into plan text the parser reads like any other. Pure.
 *
 * A table of tasks (序号 | 任务 | 牵头单位 | 责任单位 | 时限, in any order and wording) becomes one numbered
 * paragraph per row with its units and deadline as labelled lines, which is what the parser understands
 * from plans written as text. Rows that span the table (a domain's heading) and a 领域 column become headings.
 */
import { trimAll } from "./text";

export interface DocxCell {
  text: string;
  colSpan?: number;
  rowSpan?: number;
}

export type DocxBlock = { kind: "paragraph"; text: string } | { kind: "table"; rows: DocxCell[][] };

export type Column = "number" | "domain" | "title" | "content" | "lead" | "responsible" | "deadline";

/** Header words, tried in this order for each header cell. */
const HEADER_WORDS: [Column, RegExp][] = [
  ["number", /^(序号|编号|序|号)$/],
  ["lead", /牵头|主责/],
  ["responsible", /责任|配合|协办|协同|参与|承办|实施单位|责任人/],
  ["deadline", /时限|时间|期限|节点|进度安排/],
  ["domain", /^(领域|类别|分类|板块|方面|重点领域|工作领域|所属领域)$/],
  ["title", /任务名称|重点任务|工作任务|主要任务|任务$|^任务|事项|项目名称|^工作$|重点工作/],
  ["content", /内容|措施|目标|举措|要求|具体/],
];

export function classifyHeader(text: string): Column | null {
  const t = text.replace(/[\s\u3000]/g, "");
  if (!t || t.length > 12) return null;
  for (const [col, re] of HEADER_WORDS) if (re.test(t)) return col;
  return null;
}

/** The columns of a header row, or null when the row is not a task table's header. */
export function headerColumns(row: string[]): (Column | null)[] | null {
  const cols = row.map(classifyHeader);
  const has = (c: Column) => cols.includes(c);
  if (!(has("title") || has("content"))) return null;
  if (!(has("lead") || has("responsible") || has("deadline"))) return null;
  // A column read twice (two 任务 columns): the second is the content.
  const seen = new Set<Column>();
  return cols.map((c) => {
    if (c && seen.has(c)) return c === "title" ? "content" : null;
    if (c) seen.add(c);
    return c;
  });
}

/** Rows with spanning cells spread out into a full grid (a merged cell's text in every slot it covers). */
export function expandGrid(rows: DocxCell[][]): string[][] {
  const grid: string[][] = [];
  const carried: { text: string; left: number }[] = [];
  rows.forEach((row, r) => {
    const out: string[] = [];
    grid[r] = out;
    let col = 0;
    const fillCarried = () => {
      while (carried[col] && carried[col].left > 0) {
        out[col] = carried[col].text;
        carried[col].left--;
        col++;
      }
    };
    for (const cell of row) {
      fillCarried();
      const span = Math.max(1, cell.colSpan ?? 1);
      for (let k = 0; k < span; k++) {
        out[col] = cell.text;
        if ((cell.rowSpan ?? 1) > 1) carried[col] = { text: cell.text, left: (cell.rowSpan ?? 1) - 1 };
        col++;
      }
    }
    fillCarried();
  });
  return grid.map((r) => Array.from(r, (c) => c ?? ""));
}

const oneLine = (s: string) => trimAll(s.replace(/\s*\n\s*/g, ""));
/** Unit names on separate lines of a cell are a list. */
export const unitList = (s: string) => s.split(/\n+/).map(trimAll).filter(Boolean).join("、");
const CN_ORDINALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
export const cnOrdinal = (n: number) =>
  n <= 10
    ? CN_ORDINALS[n - 1]
    : n < 20
      ? `十${CN_ORDINALS[n - 11]}`
      : `${CN_ORDINALS[Math.floor(n / 10) - 1]}十${n % 10 ? CN_ORDINALS[(n % 10) - 1] : ""}`;
const HAS_MARKER =
  /^([一二三四五六七八九十]+\s*[、.．]|[(（]\s*[一二三四五六七八九十]+\s*[)）]|\d+\s*[.、．](?!\d))/;

/** Plan text from a table of tasks, or null when the table is not one (then it is read as paragraphs). */
export function tableText(rows: DocxCell[][], state: { domains: number }): string[] | null {
  const grid = expandGrid(rows);
  let h = grid.findIndex((row) => headerColumns(row) !== null);
  if (h < 0 || h > 3) return null;
  // A two-row header (责任单位 over 牵头单位 | 配合单位): the lower row names the columns.
  while (h + 1 < grid.length && headerColumns(grid[h + 1]) !== null) h++;
  const header = grid[h];
  const cols = headerColumns(header)!;
  const at = (row: string[], c: Column) => {
    const i = cols.indexOf(c);
    return i >= 0 ? (row[i] ?? "") : "";
  };
  const out: string[] = [];
  let lastDomain = "";
  let counter = 0;
  for (const row of grid.slice(h + 1)) {
    // A header repeated at the top of each page.
    if (row.every((c, i) => trimAll(c) === trimAll(header[i] ?? ""))) continue;
    const distinct = [...new Set(row.map(oneLine).filter(Boolean))];
    if (!distinct.length) continue;
    if (distinct.length === 1 && row.length > 1) {
      // A row spanning the table: a heading (`（一）开办企业领域`) or a note.
      const text = distinct[0];
      out.push("", HAS_MARKER.test(text) ? text : `（${cnOrdinal(++state.domains)}）${text}`, "");
      continue;
    }
    const domain = oneLine(at(row, "domain"));
    if (domain && domain !== lastDomain) {
      lastDomain = domain;
      out.push("", HAS_MARKER.test(domain) ? domain : `（${cnOrdinal(++state.domains)}）${domain}`, "");
    }
    const title = oneLine(at(row, "title"));
    const content = oneLine(at(row, "content"));
    const task =
      title && content ? `${title}${/[。！？.!?]$/.test(title) ? "" : "。"}${content}` : title || content;
    if (!task) continue;
    const num = /^\d+/.exec(oneLine(at(row, "number")))?.[0];
    counter = num ? Number(num) : counter + 1;
    const lines = [HAS_MARKER.test(task) ? task : `${counter}.${task}`];
    const lead = unitList(at(row, "lead"));
    const responsible = unitList(at(row, "responsible"));
    const deadline = oneLine(at(row, "deadline"));
    if (lead) lines.push(`牵头单位：${lead}`);
    if (responsible) lines.push(`责任单位：${responsible}`);
    if (deadline) lines.push(`完成时限：${deadline}`);
    out.push(...lines, "");
  }
  return out;
}

/** The document as plan text: a paragraph per line, blank lines between; task tables as numbered items. */
export function docxToPlanText(blocks: DocxBlock[]): string {
  const out: string[] = [];
  const state = { domains: 0 };
  for (const b of blocks) {
    if (b.kind === "paragraph") {
      // Lines broken by hand (Shift+Enter) inside a paragraph stay lines.
      out.push(...b.text.split("\n").map(trimAll), "");
      const heading = /^[(（]\s*([一二三四五六七八九十]+)\s*[)）]/.exec(trimAll(b.text));
      if (heading) state.domains++;
      continue;
    }
    const asTasks = tableText(b.rows, state);
    if (asTasks) out.push("", ...asTasks);
    else
      for (const row of expandGrid(b.rows)) {
        // Any other table: each row read as a line of text.
        const cells = [...new Set(row.map(oneLine).filter(Boolean))];
        if (cells.length) out.push(cells.join(" "), "");
      }
  }
  return out
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** A node of mammoth's document tree (the documented `transformDocument` view of a .docx). */
interface DocNode {
  type?: string;
  value?: string;
  breakType?: string;
  children?: DocNode[];
  colSpan?: number;
  rowSpan?: number;
}

function nodeText(n: DocNode): string {
  switch (n.type) {
    case "text":
      return n.value ?? "";
    case "tab":
      return "\t";
    case "break":
      return "\n";
    case "paragraph":
      return (n.children ?? []).map(nodeText).join("") + "\n";
    case "noteReference":
    case "commentReference":
    case "comment":
    case "image":
      return "";
    case "table":
      return tableRows(n)
        .map((r) => r.map((c) => c.text).join("\t"))
        .join("\n");
    default:
      return (n.children ?? []).map(nodeText).join("");
  }
}

function tableRows(table: DocNode): DocxCell[][] {
  return (table.children ?? [])
    .filter((r) => r.type === "tableRow")
    .map((r) =>
      (r.children ?? [])
        .filter((c) => c.type === "tableCell")
        .map((c) => ({
          text: trimAll((c.children ?? []).map(nodeText).join("")),
          colSpan: c.colSpan,
          rowSpan: c.rowSpan,
        })),
    );
}

/**
 * The body of a document read by mammoth: its paragraphs and tables, in order. Numbers that Word draws
 * itself (list numbering) are not in the text, and mammoth gives only the level of an ordered item, not
 * its format, so the numbers are inferred from the levels (see listMarkers).
 */
export function mammothBlocks(doc: unknown): DocxBlock[] {
  const out: DocxBlock[] = [];
  const listed: { at: number; level: number }[] = [];
  const walk = (n: DocNode) => {
    if (n.type === "paragraph") {
      const text = trimAll(nodeText(n));
      const numbering = (n as { numbering?: { isOrdered?: boolean; level?: string } }).numbering;
      if (numbering?.isOrdered && text && !HAS_MARKER.test(text))
        listed.push({ at: out.length, level: Number(numbering.level ?? 0) || 0 });
      out.push({ kind: "paragraph", text });
    } else if (n.type === "table") out.push({ kind: "table", rows: tableRows(n) });
    else for (const c of n.children ?? []) walk(c);
  };
  walk((doc ?? {}) as DocNode);
  const texts = listed.map(({ at }) => (out[at] as { text: string }).text);
  const markers = listMarkers(
    listed.map((l) => l.level),
    texts,
  );
  listed.forEach(({ at }, i) => {
    out[at] = { kind: "paragraph", text: markers[i] + texts[i] };
  });
  return out;
}

/** A short line without a closing sentence or units: a heading, not a task. */
const looksLikeHeading = (text: string) =>
  text.length <= 40 && !/[。；;]/.test(text) && !/(牵头|责任单位|配合单位)/.test(text);

/**
 * Markers for Word's auto-numbered paragraphs, from their list levels. A multi-level list whose top-level
 * items are all short headings each followed by deeper items (`一、推进数字基础设施建设` over `1. 加快5G…`)
 * holds domains above tasks: the top level becomes `一、`, the next `N.`, deeper ones `(N)`. Otherwise the
 * top level holds the tasks (`N.`) and deeper levels their sub-items (`(N)`). Counters restart under a
 * higher item, as Word's do by default.
 */
export function listMarkers(levels: number[], texts: string[]): string[] {
  const top = levels.length ? Math.min(...levels) : 0;
  const tops = levels.map((lv, i) => (lv === top ? i : -1)).filter((i) => i >= 0);
  const headed =
    tops.length < levels.length &&
    tops.every((i) => looksLikeHeading(texts[i])) &&
    tops.filter((i) => (levels[i + 1] ?? top) > top).length * 2 >= tops.length;
  const counters: number[] = [];
  return levels.map((level) => {
    const depth = level - top;
    counters[depth] = (counters[depth] ?? 0) + 1;
    counters.length = depth + 1;
    const n = counters[depth];
    if (headed) return depth === 0 ? `${cnOrdinal(n)}、` : depth === 1 ? `${n}.` : `（${n}）`;
    return depth === 0 ? `${n}.` : `（${n}）`;
  });
}
