/**
 * A task table copied out of a PDF with its layout kept (`pdftotext -layout`, some readers' copy): each
 * line of text has the table's columns side by side, set apart by spaces. The header's words name the
 * columns; where each column starts is read from the lines themselves (cells are left-aligned, so many
 * pieces of text start at the same place); a row is anchored by its number. Cells that touch (a table
 * without padding) are cut where the next column starts, and two pieces of Chinese set apart by a single
 * space are two cells (a copy puts no space inside Chinese text). The table is rebuilt as tab-separated
 * rows, which the parser reads like a table copied from Word (tabbedTables.ts). Where the rebuilt rows do
 * not hold together (numbers not running on, rows without task text or units), nothing is rebuilt and
 * the caller refuses the text. Pure.
 */
import { classifyHeader, headerColumns, type Column } from "./fromDocx";
import { isPageNumber } from "./furniture";
import { trimAll } from "./text";

interface Piece {
  text: string;
  /** Character position in its line. */
  x: number;
  /** True when `x` is where the copy placed it; false when it only follows the piece before. */
  placed: boolean;
}

interface HeaderWord {
  text: string;
  x: number;
  /** Null for a column the ledger does not take. */
  col: Column | null;
}

const HEADING_RE = /^([一二三四五六七八九十]+\s*[、.．]|[(（]\s*[一二三四五六七八九十]+\s*[)）])/;
/** A line of a unit cell ending with one of these ends a name (not 区, 组, 办, 社, 委: 开发区管委会, 小组办公室, 管理办公室, 社会保障局, 委员会). */
const NAME_END = /(局|室|府|司|门|队|厅|处|院|所|站|心|关)$/;
/** A unit's name ends with one of these (a check that cells were cut right). */
const UNIT_END =
  /(局|办|室|会|司|府|心|门|队|社|关|委|部|院|所|站|处|组|区|团|行|馆|台|厅|街道|镇|乡|村|园|校|场|队|人)$/;

/** Pieces of text set apart by two spaces or more, each with its position. */
function segments(line: string): Piece[] {
  return [...line.matchAll(/\S+(?: \S+)*/g)].map((m) => ({ text: m[0], x: m.index!, placed: true }));
}

/** A header line: short Chinese words set apart by spaces, one at least naming a column. */
function headerWords(line: string): { text: string; x: number }[] | null {
  // (Header words close together are set apart by one space only.)
  const segs = [...line.matchAll(/\S+/g)].map((m) => ({ text: m[0], x: m.index! }));
  if (!segs.length || segs.length > 10) return null;
  if (!segs.every((s) => /^[\u4e00-\u9fff]{1,8}$/.test(s.text))) return null;
  if (!segs.some((s) => classifyHeader(s.text))) return null;
  return segs.map((s) => ({ text: s.text, x: s.x }));
}

/** The header at line `i` (one to three lines), or null. */
function headerAt(lines: string[], i: number): { words: HeaderWord[]; next: number } | null {
  const found: { text: string; x: number; line: number }[] = [];
  let k = i;
  let taken = 0;
  while (k < lines.length && taken < 3) {
    if (!trimAll(lines[k])) {
      k++;
      continue;
    }
    const words = headerWords(lines[k]);
    if (!words) break;
    found.push(...words.map((w) => ({ ...w, line: k })));
    taken++;
    k++;
  }
  if (!taken) return null;
  // A word over two others (责任分工 over 牵头单位 | 责任单位) names no column of its own.
  // Columns the ledger does not take (备注, 责任人) stay columns, so their text does not run into others.
  const typed = found.map((w) => ({ ...w, col: classifyHeader(w.text) }));
  const words = typed.filter(
    (w) => w.col === null || !typed.some((o) => o !== w && o.col === w.col && o.line > w.line),
  );
  words.sort((a, b) => a.x - b.x);
  const cols = headerColumns(words.map((w) => w.text));
  if (!cols) return null;
  return { words: words.map((w, n) => ({ text: w.text, x: w.x, col: cols[n] })), next: k };
}

/** Where each column starts on a page: the commonest start of placed text between two header words. */
function columnStarts(words: HeaderWord[], lines: string[]): number[] {
  const starts = new Map<number, number>();
  for (const l of lines) for (const s of segments(l)) starts.set(s.x, (starts.get(s.x) ?? 0) + 1);
  return words.map((w, k) => {
    // A header word stands over its column, so the column starts past the middle between it and the word before.
    const lo = k === 0 ? -1 : (words[k - 1].x + w.x) / 2;
    let best = -1;
    for (const [x, n] of starts)
      if (
        x > lo &&
        x <= w.x + 2 &&
        (best < 0 || n > starts.get(best)! || (n === starts.get(best)! && x < best))
      )
        best = x;
    return best < 0 ? w.x : best;
  });
}

/** How far left of its column a copy may set a cell's text (characters narrower than the grid before it). */
const POSITION_SLACK = 3;

/** The column a position falls in. */
function columnAt(starts: number[], x: number): number {
  let k = 0;
  for (let c = 0; c < starts.length; c++) {
    const slack = c === 0 ? POSITION_SLACK : Math.min(POSITION_SLACK, (starts[c] - starts[c - 1]) >> 1);
    if (starts[c] <= x + slack) k = c;
  }
  return k;
}

/**
 * Text cut at each single space that stands between two Chinese characters (or a quote). Written without
 * a lookbehind, which the pane's older webviews (EdgeHTML, Safari before 16.4) cannot parse.
 */
function splitBetweenChinese(text: string): string[] {
  const out: string[] = [];
  let from = 0;
  for (const m of text.matchAll(/[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”] (?=[\u4e00-\u9fff“])/g)) {
    const space = m.index! + 1;
    out.push(text.slice(from, space));
    from = space + 1;
  }
  out.push(text.slice(from));
  return out;
}

/** A line's pieces, each in its column: cut at single spaces between Chinese and where the next column starts. */
function cellsOf(line: string, starts: number[]): { col: number; text: string }[] {
  const out: { col: number; text: string }[] = [];
  for (const seg of segments(line)) {
    // Two Chinese characters with a space between: a copy puts none inside a cell's text.
    const parts = splitBetweenChinese(seg.text);
    let x = seg.x;
    let placed = true;
    for (const part of parts) {
      let text = part;
      let col = Math.max(columnAt(starts, x), placed ? 0 : (out[out.length - 1]?.col ?? -1) + 1);
      // Text pushed along by the cell before it starts where its column starts.
      if (!placed && col < starts.length) x = Math.max(x, starts[col]);
      while (col + 1 < starts.length) {
        const next = starts[col + 1];
        // A space just before the next column, or text running on into it (cells without padding).
        const space = [...text.matchAll(/ /g)].map((m) => m.index!).find((s) => x + s + 1 >= next);
        const cut = space !== undefined ? space : x + text.length > next + 1 ? next - x : -1;
        if (cut <= 0) break;
        out.push({ col, text: trimAll(text.slice(0, cut)) });
        text = trimAll(text.slice(cut));
        x = next;
        col++;
      }
      if (text) out.push({ col: Math.min(col, starts.length - 1), text });
      x += part.length + 1;
      placed = false;
    }
  }
  return out.filter((c) => c.text);
}

interface Row {
  lines: { line: number; cells: { col: number; text: string }[] }[];
  anchor: number;
  number: number;
}

/** The lines of a unit cell: a line that fills the column runs on into the next, unless a name ends there. */
function unitLines(lines: string[], width: number): string[] {
  const out: string[] = [];
  let cur = "";
  // Units set apart by commas wrap anywhere; one unit a line ends its name at the line's end.
  const separated = lines.some((l) => /[，、,;；]/.test(l));
  lines.forEach((l, k) => {
    cur += l;
    const next = lines[k + 1];
    const full = [...l].length >= width - 1 && !/[，、,;；]$/.test(l);
    const nameEnds = !separated && NAME_END.test(l) && next !== undefined;
    if (!full || nameEnds || next === undefined) {
      out.push(cur);
      cur = "";
    }
  });
  return out.filter(Boolean);
}

const tsvCell = (s: string) => (/[\n\t"]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/**
 * Text with every task table copied with its layout rebuilt as tab-separated rows; null when there is
 * no such table or one does not hold together.
 */
export function rebuildLayoutTables(text: string): string | null {
  const lines = text.split("\n");
  const page: number[] = [];
  let p = 0;
  for (const l of lines) {
    if (l.includes("\f")) p++;
    page.push(p);
  }
  const clean = lines.map((l) => l.replace(/\f/g, ""));
  let first = -1;
  for (let i = 0; i < clean.length && first < 0; i++) if (headerAt(clean, i)) first = i;
  if (first < 0) return null;
  const header = headerAt(clean, first)!;
  const cols = header.words.map((w) => w.col);
  // Columns the ledger does not take (具体措施 aside: 责任人, 备注) crowd the cells: not sure enough yet.
  if (cols.some((c) => c === null)) return null;
  // Per page: the header (repeated at each page's top) and where the columns start.
  const startsOf = new Map<number, number[]>();
  const isHeaderLine = new Set<number>();
  for (let i = first; i < clean.length; i++) {
    const h = headerAt(clean, i);
    if (!h || h.words.map((w) => w.col).join() !== cols.join()) continue;
    for (let k = i; k < h.next; k++) isHeaderLine.add(k);
    const body = clean.filter((_, k) => page[k] === page[i] && k >= h.next);
    startsOf.set(page[i], columnStarts(h.words, body));
    i = h.next - 1;
  }
  const numberCol = cols.indexOf("number");
  if (numberCol < 0) return null;
  // The table's lines, each cut into cells; headings spanning the table kept apart.
  const rows: Row[] = [];
  const out: string[] = clean.slice(0, first);
  const headerLine = header.words.map((w) => w.text).join("\t");
  const items: ({ heading: string } | { row: Row })[] = [];
  let pending: Row["lines"] = [];
  const domainCol = cols.indexOf("domain");
  const orphans: Row["lines"] = [];
  const domainCells: { line: number; seq: number; text: string }[] = [];
  const blankSplit = hasBlankBetweenRows(clean, first, startsOf, page, numberCol);
  // Each line cut into cells; where the table ends (a paragraph below it, across the columns).
  const cut: { i: number; cells: { col: number; text: string }[]; heading?: string }[] = [];
  let end = clean.length;
  // Page furniture inside the table: page numbers, and a running header that also stands above the table.
  const above = new Set(clean.slice(0, first).map(trimAll).filter(Boolean));
  for (let i = header.next; i < clean.length; i++) {
    if (isHeaderLine.has(i)) continue;
    if (isPageNumber(clean[i]) || above.has(trimAll(clean[i]))) continue;
    // Header words the header above did not take (a header set otherwise on a later page): not sure.
    const words = [...clean[i].matchAll(/\S+/g)].map((m) => m[0]);
    if (words.filter((w) => classifyHeader(w)).length >= 2) return null;
    const starts = startsOf.get(page[i]) ?? startsOf.get(page[first])!;
    const segs = segments(clean[i]);
    if (!segs.length) {
      cut.push({ i, cells: [] });
      continue;
    }
    const lone = segs.length === 1 && segs[0].x < (starts[1] ?? 0);
    if (lone && HEADING_RE.test(segs[0].text)) {
      cut.push({ i, cells: [], heading: segs[0].text });
      continue;
    }
    const numbered = /^\d{1,3}(\s|$)/.test(segs[0].text);
    if (lone && !numbered && segs[0].x + [...segs[0].text].length > (starts[2] ?? Infinity) + 2) {
      end = i;
      break;
    }
    const all = cellsOf(clean[i], starts);
    // A merged 领域 cell's text runs on into the gaps between rows: it is kept apart.
    for (const c of all)
      if (c.col === domainCol) domainCells.push({ line: i, seq: cut.length, text: c.text });
    cut.push({ i, cells: all.filter((c) => c.col !== domainCol) });
  }
  // Rows are set apart by (at least) as many empty lines as the usual gap of truly blank lines; a line
  // holding only the 领域 text counts as empty there, but not alone inside a row.
  const runs: number[] = [];
  for (let k = 0; k < cut.length;) {
    let n = 0;
    while (k + n < cut.length && !cut[k + n].cells.length && !cut[k + n].heading) n++;
    for (let m = 0; m < n; m++) runs[k + m] = n;
    k += Math.max(n, 1);
  }
  const gaps = new Map<number, number>();
  for (let k = 0; k < cut.length;) {
    let n = 0;
    while (k + n < cut.length && !trimAll(clean[cut[k + n].i])) n++;
    if (n) gaps.set(n, (gaps.get(n) ?? 0) + 1);
    k += Math.max(n, 1);
  }
  // The usual gap between rows: the commonest run of blank lines.
  const gap = [...gaps].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 1;
  for (let k = 0; k < cut.length; k++) {
    const { i, cells, heading } = cut[k];
    if (heading) {
      pending = flush(pending, rows, items, orphans);
      items.push({ heading });
      continue;
    }
    if (!cells.length) {
      if (blankSplit && runs[k] >= gap) pending = flush(pending, rows, items, orphans);
      continue;
    }
    const num = cells.find((c) => c.col === numberCol && /^\d{1,3}$/.test(c.text));
    if (num && !blankSplit) pending = flush(pending, rows, items, orphans);
    pending.push({ line: i, cells });
  }
  flush(pending, rows, items, orphans);
  if (!rows.length || orphans.length) return null;
  // Confidence: numbers run on, and every row has its task and a unit or deadline.
  const textCol = cols.findIndex((c) => c === "title" || c === "content");
  const unitCols = cols.map((c, k) => (c === "lead" || c === "responsible" ? k : -1)).filter((k) => k >= 0);
  const cellLines = (r: Row, col: number) =>
    r.lines.flatMap((l) => l.cells.filter((c) => c.col === col).map((c) => c.text));
  for (let k = 0; k < rows.length; k++) {
    if (k > 0 && rows[k].number !== rows[k - 1].number + 1) return null;
    if (!cellLines(rows[k], textCol).length) return null;
    if (unitCols.length && !unitCols.some((c) => cellLines(rows[k], c).length)) return null;
  }
  // Rows left below where the table seemed to end: it was not read to its end.
  if (clean.slice(end).some((l) => /^\s{0,8}\d{1,3}(\s|$)/.test(l))) return null;
  const widths = cols.map((_, c) =>
    Math.max(0, ...rows.flatMap((r) => cellLines(r, c).map((t) => [...t].length))),
  );
  const domains = domainOf(rows, domainCells);
  // Units cut wrongly end in the middle of a name: most units end with 局, 办, 室, 府, 司….
  const units = rows.flatMap((r) =>
    unitCols.flatMap((c) =>
      unitLines(cellLines(r, c), widths[c])
        .join("\n")
        .split(/[，、,;；\n]/)
        .map(trimAll)
        .filter(Boolean),
    ),
  );
  const odd = units.filter((u) => !UNIT_END.test(u) && !/[)）]$/.test(u));
  if (odd.length > units.length * 0.1) return null;
  out.push(headerLine);
  for (const item of items) {
    if ("heading" in item) {
      out.push(item.heading);
      continue;
    }
    const r = item.row;
    const cells = cols.map((c, k) => {
      if (c === "number") return String(r.number);
      if (c === "domain") return domains.get(r) ?? "";
      const ls = cellLines(r, k);
      if (c === "lead" || c === "responsible") return tsvCell(unitLines(ls, widths[k]).join("\n"));
      return tsvCell(
        ls.reduce((a, b) => a + (/[A-Za-z0-9]$/.test(a) && /^[A-Za-z0-9]/.test(b) ? " " : "") + b, ""),
      );
    });
    out.push(cells.join("\t"));
  }
  out.push(...clean.slice(end));
  return out.join("\n");
}

/** Rows set apart by blank lines (cells with padding): a row is then the run of lines around its number. */
function hasBlankBetweenRows(
  lines: string[],
  from: number,
  startsOf: Map<number, number[]>,
  page: number[],
  numberCol: number,
): boolean {
  let numbers = 0;
  let blankSince = false;
  let withBlank = 0;
  for (let i = from; i < lines.length; i++) {
    if (!trimAll(lines[i])) {
      blankSince = true;
      continue;
    }
    const starts = startsOf.get(page[i]);
    if (!starts) continue;
    if (cellsOf(lines[i], starts).some((c) => c.col === numberCol && /^\d{1,3}$/.test(c.text))) {
      if (numbers && blankSince) withBlank++;
      numbers++;
      blankSince = false;
    }
  }
  return numbers > 1 && withBlank >= (numbers - 1) * 0.8;
}

/** Lines gathered so far become a row (or join the row above when they hold no number: a row broken by a page). */
function flush(
  pending: Row["lines"],
  rows: Row[],
  items: ({ heading: string } | { row: Row })[],
  orphans: Row["lines"] = [],
): Row["lines"] {
  if (!pending.length) return [];
  const anchorLine = pending.find((l) => l.cells.some((c) => /^\d{1,3}$/.test(c.text) && c.col <= 1));
  const num = anchorLine?.cells.find((c) => /^\d{1,3}$/.test(c.text) && c.col <= 1);
  if (!num || !anchorLine) {
    const last = rows[rows.length - 1];
    if (last) last.lines.push(...pending);
    // Text above the first row's number: the rows are not anchored where they start.
    else orphans.push(...pending);
    return [];
  }
  const row: Row = { lines: pending, anchor: anchorLine.line, number: Number(num.text) };
  // The number itself is not part of any cell's text.
  anchorLine.cells = anchorLine.cells.filter((c) => c !== num);
  rows.push(row);
  items.push({ row });
  return [];
}

/**
 * The 领域 of each row: a merged cell's text stands at the top of its rows or in their middle; each
 * group of rows reaches down so that its text stands at its top or centre.
 */
function domainOf(rows: Row[], cells: { line: number; seq: number; text: string }[]): Map<Row, string> {
  const out = new Map<Row, string>();
  const blocks: { text: string; first: number; last: number; seq: number }[] = [];
  for (const c of cells) {
    const b = blocks[blocks.length - 1];
    // (A line of a row's own text, or a page break, may stand between two lines of the 领域 text.)
    if (b && c.seq - b.seq <= 2) {
      b.text += c.text;
      b.last = c.line;
      b.seq = c.seq;
    } else blocks.push({ text: c.text, first: c.line, last: c.line, seq: c.seq });
  }
  const top = (r: Row) => r.lines[0].line;
  const bottom = (r: Row) => r.lines[r.lines.length - 1].line;
  // Text at a row's top starts its group there; centred text claims the rows it stands in the middle of.
  const claimed = new Set<number>();
  const starts = blocks.map((b) => rows.findIndex((r) => top(r) === b.first));
  starts.forEach((r, n) => {
    if (r >= 0) {
      out.set(rows[r], blocks[n].text);
      claimed.add(r);
    }
  });
  blocks.forEach((b, n) => {
    if (starts[n] >= 0) return;
    const centre = (b.first + b.last) / 2;
    let at = 0;
    rows.forEach((r, k) => {
      const d = (x: Row) => Math.abs((top(x) + bottom(x)) / 2 - centre);
      if (d(r) < d(rows[at])) at = k;
    });
    if (claimed.has(at)) return;
    let [lo, hi] = [at, at];
    const free = (k: number) => k >= 0 && k < rows.length && !claimed.has(k);
    const error = (l: number, h: number) => Math.abs((top(rows[l]) + bottom(rows[h])) / 2 - centre);
    for (;;) {
      const now = error(lo, hi);
      const down = free(hi + 1) ? error(lo, hi + 1) : Infinity;
      const up = free(lo - 1) ? error(lo - 1, hi) : Infinity;
      const both = free(lo - 1) && free(hi + 1) ? error(lo - 1, hi + 1) : Infinity;
      if (Math.min(down, up) < now) [lo, hi] = down <= up ? [lo, hi + 1] : [lo - 1, hi];
      else if (both <= now + 2) [lo, hi] = [lo - 1, hi + 1];
      else break;
    }
    for (let k = lo; k <= hi; k++) {
      out.set(rows[k], b.text);
      claimed.add(k);
    }
  });
  let carried = "";
  for (const r of rows) {
    carried = out.get(r) ?? carried;
    out.set(r, carried);
  }
  return out;
}
