/**
 * Tables of tasks in a PDF. A PDF has no table, only text at positions: a header line whose pieces read as
 * 序号 | 任务 | 牵头单位 | 责任单位 | 时限 starts one; the columns are where the text below leaves vertical gaps;
 * a row is anchored by its number in the 序号 column, and each cell's lines go to the row whose number
 * they stand beside (top-aligned or centred cells alike); a cell cut by a page goes on at the next page's top.
 * A line that runs across a column boundary is a heading row (`（一）政务服务领域`) when numbered rows follow,
 * else prose again, which ends the table. Pure.
 */
import { classifyHeader, headerColumns, type Column, type DocxCell } from "./fromDocx";
import type { Glyph, Line } from "./fromPdf";
import { trimAll } from "./text";

interface Run {
  text: string;
  left: number;
  right: number;
}

/** The pieces of a line set apart by a gap wider than a table cell's padding. */
function runsOf(line: Line): Run[] {
  const runs: Run[] = [];
  let cur: Glyph[] = [];
  const flush = () => {
    if (cur.length)
      runs.push({
        text: cur.map((c) => c.ch).join(""),
        left: cur[0].x,
        right: cur[cur.length - 1].x + cur[cur.length - 1].w,
      });
    cur = [];
  };
  for (const c of line.chars) {
    const prev = cur[cur.length - 1];
    if (prev && c.x - (prev.x + prev.w) > line.size * 0.4) flush();
    cur.push(c);
  }
  flush();
  return runs;
}

export interface PdfTable {
  /** Index of the header line and of the first line after the table, in the lines given. */
  start: number;
  end: number;
  rows: DocxCell[][];
  /** Why the table may be misread, empty when it reads cleanly. */
  doubts: Doubt[];
}

/**
 * What shows a table read from positions may be wrong: numbers of rows that do not run on by one (rows
 * lost or split), rows without task text, cells that stand between two rows' numbers.
 */
export interface Doubt {
  zh: string;
  en: string;
}

function doubtsOf(rows: DocxCell[][], cols: (Column | null)[], numberCol: number, unsure: number): Doubt[] {
  const out: Doubt[] = [];
  const body = rows.slice(1).filter((r) => r.length > 1);
  if (numberCol >= 0) {
    const nums = body.map((r) => Number(/^\d+/.exec(trimAll(r[numberCol]?.text ?? ""))?.[0] ?? NaN));
    const broken = nums.filter((n, k) => k > 0 && n !== nums[k - 1] + 1).length;
    const read = nums.filter((n) => !Number.isNaN(n)).join("、");
    if (broken) out.push({ zh: `序号不连续（${read}）`, en: `row numbers do not run on (${read})` });
  }
  const taskCols = cols.flatMap((c, k) => (c === "title" || c === "content" ? [k] : []));
  // (A row with nothing at all is no row: a cell that went on from the page before left it.)
  const empty = body.filter(
    (r) =>
      taskCols.every((k) => !trimAll(r[k]?.text ?? "")) &&
      r.some((c, k) => k !== numberCol && cols[k] !== "domain" && trimAll(c.text)),
  ).length;
  if (empty) out.push({ zh: `${empty}行没有读到任务内容`, en: `${empty} rows without task text` });
  if (unsure)
    out.push({ zh: `${unsure}个单元格不能确定属于哪一行`, en: `${unsure} cells stand between two rows` });
  return out;
}

interface Cell {
  col: number;
  /** The row (index of its anchor) when known from the layout rather than from the cell's position. */
  row?: number;
  lines: { text: string; y: number; right: number; size: number }[];
}

/** The header's columns, or null when the pieces are not a task table's header. */
function headerOfRuns(runs: Run[]): { runs: Run[]; cols: (Column | null)[] } | null {
  if (runs.length < 3) return null;
  const cols = headerColumns(runs.map((r) => r.text));
  if (!cols) return null;
  if (cols.includes("number")) return { runs, cols };
  // Without a 序号 column the words must leave no doubt: units and a deadline, or both unit columns.
  const has = (c: Column) => cols.includes(c);
  return (has("lead") || has("responsible")) && (has("deadline") || (has("lead") && has("responsible")))
    ? { runs, cols }
    : null;
}

/**
 * A header row set on up to three lines (a narrow column wraps `完成时\n限`; a centred one-line cell sits
 * between): pieces that overlap across the lines are one header cell, read top to bottom. A piece over
 * two pieces of another line is a group's name and left out.
 */
export function headerBlock(
  lines: Line[],
  from: number,
): { runs: Run[]; cols: (Column | null)[]; next: number } | null {
  let best: { runs: Run[]; cols: (Column | null)[]; next: number } | null = null;
  // A numbered heading above the table (`一、主要任务`, `（一）教育医疗`) is the plan's, not the header's.
  if (HEADING_RE.test(lines[from]?.text ?? "")) return null;
  for (let k = 1; k <= 3 && from + k <= lines.length; k++) {
    const block = lines.slice(from, from + k);
    // Each line close under the one above (a 2-row header's lower row may sit well below the top).
    if (block.some((l, j) => j > 0 && block[j - 1].y - l.y > l.size * 3.6)) break;
    const merged: Run[] = [];
    const perLine = block.map(runsOf);
    // Header cells are short words; a line of prose is no part of a header.
    if (perLine[k - 1].some((r) => r.text.length > 16)) break;
    // A cell over two columns (`责任分工` over `牵头单位 | 责任单位`) names a group, not a column: its
    // middle stands between the middles of two neighbouring pieces of a line below it.
    const mid = (r: Run) => (r.left + r.right) / 2;
    const spanning = (r: Run, own: number) =>
      perLine.some(
        (other, j) =>
          j > own &&
          other.some((a, n) => {
            const b = other[n + 1];
            const near = block[own].size * 2;
            return (
              b !== undefined &&
              r.text.length <= 8 &&
              mid(a) < mid(r) &&
              mid(r) < mid(b) &&
              r.left <= a.right + near &&
              r.right >= b.left - near
            );
          }),
      );
    // Every line of a header holds header words (or a group's name over them): a table's last line
    // or a heading above the next table's header is no part of it.
    // (A line of a wrapped cell's few words alone, `完成时` over `限`, goes with the line it overlaps.)
    const wrapped = (runs: Run[], j: number) =>
      runs.every(
        (r) =>
          r.text.length <= 4 &&
          perLine.some((other, n) => n !== j && other.some((a) => r.left < a.right && r.right > a.left)),
      );
    const headerLine = (runs: Run[], j: number) =>
      runs.some((r) => classifyHeader(r.text) !== null || spanning(r, j)) || wrapped(runs, j);
    if (!perLine.every(headerLine)) continue;
    const pieces = perLine.flatMap((runs, j) => runs.filter((r) => !spanning(r, j)));
    for (const r of pieces.sort((a, b) => a.left - b.left)) {
      const m = merged.find((x) => r.left < x.right && r.right > x.left);
      if (m) {
        m.text += r.text;
        m.left = Math.min(m.left, r.left);
        m.right = Math.max(m.right, r.right);
      } else merged.push({ ...r });
    }
    const head = headerOfRuns(merged);
    if (!head) continue;
    // A line below that adds columns (`牵头单位 | 责任单位` under a 2-row header) belongs to the header.
    const found = head.cols.filter((c) => c !== null).length;
    // (A line of one-character pieces below, `号` of a narrow `序\n号`, is the header's too.)
    const bestFound = best?.cols.filter((c) => c !== null).length ?? -1;
    const better =
      found > bestFound || (found === bestFound && perLine[k - 1].every((r) => r.text.length <= 2));
    // Over several lines every piece must name a column, one the ledger takes or a usual other one
    // (备注, 责任人): else the lines below are the table's first row.
    const named = head.cols.every((c, n) => c !== null || OTHER_HEADER_RE.test(head.runs[n].text));
    if ((named || k === 1) && better) best = { ...head, next: from + k };
    else if (
      !best &&
      k === 1 &&
      lines[from + 1] &&
      lines[from].y - lines[from + 1].y > lines[from].size * 2.2
    )
      return { ...head, next: from + 1 };
  }
  return best;
}

/** Column boundaries: in each stretch between two header centres, the x that the fewest lines cover. */
function boundaries(runs: Run[], body: Line[]): number[] {
  const out: number[] = [];
  // Each line's pieces of text, as drawn: cells without padding touch, but a boundary never cuts a piece.
  const extents = body.map((l) => {
    const byPiece = new Map<number, { left: number; right: number }>();
    for (const c of l.chars) {
      const e = byPiece.get(c.piece);
      if (e) e.right = Math.max(e.right, c.x + c.w);
      else byPiece.set(c.piece, { left: c.x, right: c.x + c.w });
    }
    return [...byPiece.values()];
  });
  for (let i = 0; i + 1 < runs.length; i++) {
    // A header word stands inside its column: the boundary lies between two header words when they
    // leave room, else between their middles.
    const apart = runs[i].right < runs[i + 1].left;
    const from = Math.floor(apart ? runs[i].right : (runs[i].left + runs[i].right) / 2);
    const to = Math.ceil(apart ? runs[i + 1].left : (runs[i + 1].left + runs[i + 1].right) / 2);
    let best = from;
    let bestCount = Infinity;
    let bestRun = 0;
    let run = 0;
    for (let x = from; x <= to; x++) {
      const count = extents.filter((pieces) => pieces.some((e) => e.left < x && x < e.right)).length;
      run = count === bestCount ? run + 1 : 0;
      if (count < bestCount) {
        best = x;
        bestCount = count;
        bestRun = 0;
      } else if (count === bestCount && run > bestRun) {
        // The middle of the widest gap.
        bestRun = run;
        best = x - Math.floor(run / 2);
      }
    }
    out.push(best);
  }
  return out;
}

/** Find a task table starting at a header line among `lines` (one page's, or several pages' in a row). */
export function findTable(lines: Line[], from: number): PdfTable | null {
  const head = headerBlock(lines, from);
  if (!head) return null;
  const { runs, cols } = head;
  const first = head.next;
  // The columns, from the lines below the header (enough of them to show the gaps between columns).
  // Only this table's lines: another table's header on the same page (one table per domain) has its own columns.
  let stop = first;
  while (stop < Math.min(lines.length, first + 80)) {
    const onSamePage = stop > first && lines[stop - 1].y - lines[stop].y < 50_000;
    if (onSamePage && headerBlock(lines, stop)) break;
    stop++;
  }
  // The table's left edge: a wide first column's text starts well left of its centred header.
  const mid = (r: Run) => (r.left + r.right) / 2;
  const tableLeft = Math.min(runs[0].left, mid(runs[0]) - (mid(runs[1]) - mid(runs[0])) / 2);
  const sample = lines.slice(first, stop).filter((l) => l.x >= tableLeft - l.size * 2);
  const cuts = boundaries(runs, sample);
  const colOf = (x: number) => cuts.filter((c) => x >= c).length;
  const numberCol = cols.indexOf("number");
  // Text running on over a column boundary: a heading row across the table, or prose after it. Cells
  // of a table without padding touch too, but they are drawn as separate pieces of text, and a row of
  // them has its number; a heading drawn piece by piece starts at the table's left edge.
  const spans = (l: Line) => {
    // A numbered line with text in three columns is a row, even where pdf.js drew two touching cells
    // as one piece.
    if (numbered(l) && new Set(piecesOf(l).map((p) => colOfPiece(p, l.size))).size >= 3) return false;
    let leading = l.x <= runs[0].left + l.size && !numbered(l);
    return l.chars.some((a, k) => {
      const b = l.chars[k + 1];
      const touching = b !== undefined && b.x - (a.x + a.w) <= l.size * 0.2;
      // (A glyph whose middle is on a boundary belongs to the column on its right, as in colOf.)
      const crosses = touching && cuts.some((cut) => a.x + a.w / 2 < cut && cut <= b.x + b.w / 2);
      const found = crosses && (b.piece === a.piece || leading);
      leading &&= touching;
      return found;
    });
  };
  const numbered = (l: Line) =>
    numberCol >= 0 &&
    piecesOf(l).some((p) => colOfPiece(p, l.size) === numberCol && /^\d{1,4}[.、]?$/.test(p.text));
  const piecesOf = (l: Line): Run[] => {
    const pieces: Run[] = [];
    for (const c of l.chars) {
      const p = pieces[pieces.length - 1];
      if (p && colOf(p.left) === colOf(c.x + c.w / 2)) {
        p.text += c.ch;
        p.right = c.x + c.w;
      } else pieces.push({ text: c.ch, left: c.x, right: c.x + c.w });
    }
    return pieces;
  };
  const colOfPiece = (p: Run, size: number) => colOf((p.left + Math.min(p.right, p.left + size)) / 2);
  // A row's line: beside its number, or (a table without 序号) text in two columns or more.
  const isAnchor = (l: Line) =>
    !spans(l) &&
    (numberCol >= 0 ? numbered(l) : new Set(piecesOf(l).map((p) => colOfPiece(p, l.size))).size >= 2);

  // Cells set at the top of their row start on the row's numbered line. Without padding (a table
  // pasted from a spreadsheet) a cell's first line follows the cell above it at the usual line pitch,
  // so in such a table a numbered line starts every column's cell afresh.
  const rowLines = lines.slice(first, stop).filter((l) => numberCol >= 0 && isAnchor(l));
  const titleCol = cols.indexOf("title") >= 0 ? cols.indexOf("title") : cols.indexOf("content");
  const filled = rowLines.map((l) => new Set(piecesOf(l).map((p) => colOfPiece(p, l.size))));
  const sampleLines = lines.slice(first, stop);
  const gaps = sampleLines
    .slice(1)
    .map((l, k) => sampleLines[k].y - l.y)
    .filter((g) => g > 0 && g < 50_000);
  const pitch = Math.min(...gaps);
  const unpadded = gaps.filter((g) => g > pitch * 1.6).length <= gaps.length * 0.1;
  const rowStartsCells =
    unpadded &&
    filled.length > 0 &&
    filled.filter((f) => f.size >= cols.length - 1 && f.has(titleCol)).length >= filled.length * 0.6;
  const cells: Cell[] = [];
  const headings: { text: string; y: number; bottom: number }[] = [];
  const anchors: number[] = [];
  let last = first - 1;
  let prevY = lines[first - 1].y;
  const cellsAt = new Map<number, number>();
  /** The table's lines below its header (repeated headers left out), top to bottom. */
  const body: Line[] = [];
  for (let i = first; i < lines.length; i++) {
    const l = lines[i];
    const again = headerBlock(lines, i);
    if (again && prevY - l.y < 50_000) {
      // Another table's header on the same page (one table per domain): this table ends, and so does
      // a heading line just above the new header (`二、提升数字政府服务能力`), which is the next table's.
      const above = lines[i - 1];
      if (last === i - 1 && i - 1 >= first && isHeadingLine(above)) {
        cells.length = cellsAt.get(i - 1) ?? cells.length;
        last = i - 2;
      }
      break;
    }
    if (again) {
      // The header repeated at the top of a page.
      last = again.next - 1;
      i = again.next - 1;
      prevY = lines[i].y;
      continue;
    }
    cellsAt.set(i, cells.length);
    body.push(l);
    const samePage = prevY - l.y < 50_000;
    const heading = headings[headings.length - 1];
    if (
      heading &&
      last === i - 1 &&
      heading.bottom - l.y <= l.size * 1.7 &&
      l.x <= runs[0].left + l.size &&
      !isAnchor(l)
    ) {
      // A heading row wrapped onto a second line.
      heading.text += trimAll(l.text);
      heading.bottom = l.y;
    } else if (spans(l)) {
      // A heading row has numbered rows after it; prose after the table has none.
      // (A tall row's number, centred, can stand many lines down.)
      if (!lines.slice(i + 1, i + 41).some(isAnchor)) break;
      headings.push({ text: trimAll(l.text), y: l.y, bottom: l.y });
    } else {
      const gapEnds = numberCol >= 0 ? 3.5 : 6;
      if (
        (anchors.length || numberCol < 0) &&
        last >= first &&
        samePage &&
        prevY - l.y > l.size * gapEnds &&
        !isAnchor(l)
      )
        break;
      for (const p of piecesOf(l)) {
        const col = colOfPiece(p, l.size);
        const line = { text: p.text, y: l.y, right: p.right, size: l.size };
        if (col === numberCol && /^\d{1,4}[.、]?$/.test(p.text)) anchors.push(l.y);
        const open = [...cells].reverse().find((c) => c.col === col);
        const prevLine = open?.lines[open.lines.length - 1];
        const newRow = rowStartsCells && cols[col] !== "domain" && isAnchor(l);
        const goesOn = prevLine !== undefined && prevLine.y - l.y <= l.size * 1.7 && !newRow;
        if (open && goesOn && col !== numberCol) open.lines.push(line);
        else cells.push({ col, lines: [line] });
      }
    }
    last = i;
    prevY = l.y;
  }
  // Rows top to bottom: each cell goes to the row whose number stands beside it.
  const top = (c: Cell) => c.lines[0].y;
  const centre = (c: Cell) => {
    const onFirstPage = c.lines.filter((l) => c.lines[0].y - l.y < 50_000);
    return (onFirstPage[0].y + onFirstPage[onFirstPage.length - 1].y) / 2;
  };
  if (numberCol < 0) {
    // No numbers: each cell of the task column is a row (cells are set apart by their padding), standing
    // at the cell's top or middle, whichever the other columns' cells line up with.
    const tasks = cells.filter((c) => c.col === titleCol);
    const others = cells.filter((c) => c.col !== titleCol);
    const byTop = others.filter((c) => tasks.some((t) => Math.abs(top(t) - top(c)) < 2)).length;
    const byCentre = others.filter((c) => tasks.some((t) => Math.abs(centre(t) - centre(c)) < 2)).length;
    anchors.push(...tasks.map(byTop >= byCentre ? top : centre));
  }
  if (anchors.length < 1) return null;
  // How far each column's text reaches: a line ending well short of it ends a paragraph of the cell.
  const reach = new Map<number, number>();
  for (const c of cells) for (const l of c.lines) reach.set(c.col, Math.max(reach.get(c.col) ?? 0, l.right));
  const near = (y: number, a: number) => Math.abs(y - a);
  const topAligned =
    cells.filter((c) => c.col !== numberCol && anchors.some((a) => near(top(c), a) < 2)).length >=
    cells.filter((c) => c.col !== numberCol && anchors.some((a) => near(centre(c), a) < 2)).length;
  // A row broken by a page, in a table whose rows are set apart by their padding: the first band of
  // lines at the next page's top, down to the first gap between rows, is the row's rest when no number
  // and no heading stands in it. Every cell in that band goes on the row above, whichever column; the
  // cells below it are the next rows', however their text ends.
  const continued = new Set<Cell>();
  const byBands = !unpadded && numberCol >= 0;
  if (byBands) {
    const page = (y: number) => Math.floor(y / 100_000);
    const headingYs = new Set(headings.map((h) => h.y));
    // The pitch of a cell's lines: the commonest gap between lines of one cell.
    const common = new Map<number, number>();
    for (const c of cells)
      for (let k = 1; k < c.lines.length; k++) {
        const g = Math.round(c.lines[k - 1].y - c.lines[k].y);
        if (g > 0 && g < 50_000) common.set(g, (common.get(g) ?? 0) + 1);
      }
    const linePitch = [...common].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? body[0].size * 1.4;
    for (let n = 1; n < body.length; n++) {
      if (page(body[n].y) === page(body[n - 1].y)) continue;
      let end = n;
      while (
        end + 1 < body.length &&
        page(body[end + 1].y) === page(body[n].y) &&
        body[end].y - body[end + 1].y <= linePitch * 1.5
      )
        end++;
      const band = body.slice(n, end + 1);
      const bandTop = band[0].y + band[0].size;
      const bandBottom = band[band.length - 1].y;
      if (band.some((l) => headingYs.has(l.y)) || anchors.some((y) => y >= bandBottom - 1 && y <= bandTop))
        continue;
      const before = anchors.filter((y) => y > bandTop + 1).length - 1;
      for (const c of cells) {
        if (!c.lines.length) continue;
        const y = c.lines[0].y;
        if (c.col === numberCol || c.col === cols.indexOf("domain") || y > bandTop || y < bandBottom - 1)
          continue;
        const a = [...cells.slice(0, cells.indexOf(c))]
          .reverse()
          .find((x) => x.col === c.col && x.lines.length > 0);
        if (a && page(a.lines[a.lines.length - 1].y) === page(y) + 1) {
          a.lines.push(...c.lines);
          c.lines = [];
        } else if (before >= 0) c.row = before;
        continued.add(c);
      }
    }
    for (let k = cells.length - 1; k >= 0; k--) if (!cells[k].lines.length) cells.splice(k, 1);
  }
  // Otherwise (no padding, or no numbers): a row's cells go on at the top of the next page, before any
  // number there.
  for (let k = cells.length - 1; k > 0 && !byBands; k--) {
    const b = cells[k];
    const a = [...cells.slice(0, k)].reverse().find((c) => c.col === b.col);
    if (!a || b.col === numberCol) continue;
    const running = /title|content/.test(cols[b.col] ?? "");
    const end = a.lines[a.lines.length - 1];
    const start = b.lines[0];
    if (end.y - start.y < 50_000) continue;
    const pageTop = Math.ceil(start.y / 100_000) * 100_000;
    const rowBegunAbove = anchors.some((y) => y > start.y + 1 && y < pageTop);
    const full = end.right >= (reach.get(b.col) ?? 0) - end.size * (running ? 2 : 1);
    // Running text goes on unless its sentence ended; a unit list only when a name was cut (`服务部`, `局`).
    const cutShort = running
      ? full && !/[。；;〕】）)]$/.test(end.text)
      : full &&
        !/[、，,；;]$/.test(end.text) &&
        (/lead|responsible/.test(cols[b.col] ?? "") ? nameCut(end.text, start.text) : start.text.length <= 3);
    if (!rowBegunAbove && cutShort) {
      a.lines.push(...b.lines);
      cells.splice(k, 1);
    }
  }
  const rowsByAnchor = anchors.map(() => new Map<number, string>());
  const domainCol = cols.indexOf("domain");
  // Each row's extent (its cells' highest and lowest lines), for the spans of merged 领域 cells.
  const extent = anchors.map((a) => ({ top: a, bottom: a }));
  for (const c of cells) {
    if (c.col === domainCol && !topAligned) continue;
    const y = topAligned ? top(c) : centre(c);
    let best = 0;
    anchors.forEach((a, k) => {
      if (near(y, a) < near(y, anchors[best])) best = k;
    });
    if (c.row !== undefined) best = c.row;
    for (const l of c.lines.filter((x) => c.lines[0].y - x.y < 50_000)) {
      extent[best].top = Math.max(extent[best].top, l.y + l.size);
      extent[best].bottom = Math.min(extent[best].bottom, l.y);
    }
  }
  const domainRows =
    !topAligned && domainCol >= 0
      ? spanRows(
          cells.filter((c) => c.col === domainCol),
          extent,
          centre,
        )
      : null;
  let unsure = 0;
  for (const c of cells) {
    if (domainRows?.has(c)) {
      for (const k of domainRows.get(c)!) rowsByAnchor[k].set(c.col, c.lines.map((l) => l.text).join(""));
      continue;
    }
    const y = topAligned ? top(c) : centre(c);
    let best = 0;
    anchors.forEach((a, k) => {
      if (near(y, a) < near(y, anchors[best])) best = k;
    });
    if (c.row !== undefined) best = c.row;
    const units = /lead|responsible/.test(cols[c.col] ?? "");
    const text = c.lines
      .map(
        (l, k) =>
          (k > 0 && units && newUnitLine(c.lines[k - 1], l, reach.get(c.col) ?? 0) ? "、" : "") + l.text,
      )
      .join("");
    const put = (k: number) => {
      const row = rowsByAnchor[k];
      const before = row.get(c.col);
      // Two blocks in one cell: paragraphs of the cell (a unit per paragraph in a unit column).
      row.set(c.col, before ? `${before}${units ? "、" : ""}${text}` : text);
    };
    put(best);
    // A cell merged over two rows stands midway between their numbers.
    const other = y > anchors[best] ? best - 1 : best + 1;
    if (!topAligned && c.row === undefined && other >= 0 && other < anchors.length) {
      const gap = near(anchors[best], anchors[other]);
      const apart = Math.abs(near(y, anchors[best]) - near(y, anchors[other]));
      if (apart < gap * 0.2) put(other);
      // Neither midway (a merged cell) nor beside a number: which row it belongs to is a guess.
      else if (apart < gap * 0.4) unsure++;
    }
  }
  const rows: DocxCell[][] = [runs.map((r) => ({ text: r.text }))];
  const ordered = [
    ...anchors.map((y, k) => ({ y, row: rowsByAnchor[k] as Map<number, string> | null, heading: "" })),
    ...headings.map((h) => ({ y: h.y, row: null, heading: h.text })),
  ].sort((a, b) => b.y - a.y);
  for (const r of ordered) {
    if (r.row) rows.push(runs.map((_, col) => ({ text: r.row!.get(col) ?? "" })));
    else rows.push([{ text: r.heading, colSpan: runs.length }]);
  }
  // Heading rows after the last numbered row belong to the text after the table.
  while (rows.length > 1 && rows[rows.length - 1].length === 1) {
    rows.pop();
    const h = headings.pop();
    if (h) last = Math.min(last, lines.findIndex((l) => l.y === h.y) - 1);
  }
  const doubts = doubtsOf(rows, cols, numberCol, unsure);
  // Lines after the table's end on its page that still read as its rows (a number and two more
  // columns): the table was cut short, and those rows are read as prose.
  const endY = lines[last]?.y ?? 0;
  const following = lines.slice(last + 1, last + 41);
  const nextHeader = following.findIndex((_, k) => headerBlock(lines, last + 1 + k) !== null);
  const after = (nextHeader >= 0 ? following.slice(0, nextHeader) : following).filter(
    (l) =>
      endY - l.y < 50_000 && numbered(l) && new Set(piecesOf(l).map((p) => colOfPiece(p, l.size))).size >= 3,
  );
  if (after.length)
    doubts.push({
      zh: `表格在此中断，后面还有${after.length}行像是表格的行没有读进表格`,
      en: `the table stops early; ${after.length} more lines below look like its rows`,
    });
  return { start: from, end: last + 1, rows, doubts };
}

/**
 * A unit's name cut by a page: the part before does not end like a name, and the part after is short
 * or the part before is a name's first few characters and the part after does not begin like a name.
 */
function nameCut(before: string, after: string): boolean {
  const head = after.split(/[、，,；;]/)[0];
  const tail = before.split(/[、，,；;]/).pop() ?? "";
  if (UNIT_END_RE.test(tail)) return false;
  return head.length <= 3 || (tail.length <= 4 && !UNIT_START_RE.test(head));
}

/**
 * The rows a merged 领域 cell covers, when its text stands in the middle of its span. The rows after a
 * page's last 领域 text are all its own, so the spans are worked out from the page's last row upwards:
 * each begins as far above the cell's middle as it ends below it (snapped to the nearest gap between
 * rows). Rows at a page's top before the first span go on with the domain of the page before.
 */
function spanRows(
  domainCells: Cell[],
  extent: { top: number; bottom: number }[],
  centre: (c: Cell) => number,
): Map<Cell, number[]> {
  const out = new Map<Cell, number[]>();
  const page = (y: number) => Math.floor(y / 100_000);
  const pages = [...new Set(domainCells.map((c) => page(centre(c))))];
  for (const p of pages) {
    const onPage = domainCells.filter((c) => page(centre(c)) === p).sort((x, y) => centre(y) - centre(x));
    let end = -1;
    extent.forEach((e, k) => {
      if (page(e.top) === p) end = k;
    });
    for (let i = onPage.length - 1; i >= 0 && end >= 0; i--) {
      const c = onPage[i];
      const from = 2 * centre(c) - extent[end].bottom;
      let start = end;
      let bestDist = Infinity;
      for (let k = end; k >= 0 && page(extent[k].top) === p; k--) {
        const gapY =
          k > 0 && page(extent[k - 1].bottom) === p
            ? (extent[k - 1].bottom + extent[k].top) / 2
            : extent[k].top;
        const d = Math.abs(gapY - from);
        if (d < bestDist) {
          bestDist = d;
          start = k;
        }
      }
      // A span going on to the next page: Writer sets its text in the span's first row on this page.
      const goesOn = i === onPage.length - 1 && extent.some((e) => page(e.top) < p);
      const own = extent.findIndex(
        (e) => page(e.top) === p && e.bottom - 2 <= centre(c) && centre(c) <= e.top + 2,
      );
      if (goesOn && own >= 0 && own <= end) start = own;
      out.set(
        c,
        Array.from({ length: end - start + 1 }, (_, k) => start + k),
      );
      end = start - 1;
    }
  }
  return out;
}

/** Header words of columns the ledger does not take. */
const OTHER_HEADER_RE =
  /^(备注|说明|责任人|联系人|分管领导|具体负责人|责任领导|进展情况|完成情况|工作进展|佐证材料|考核分值|分值|权重)$/;

const HEADING_RE = /^([一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十]+[)）])/;

/** A numbered heading on a line of its own (`二、…`, `（三）…`). */
function isHeadingLine(l: Line): boolean {
  return HEADING_RE.test(l.text) && runsOf(l).length === 1;
}

/** A unit's name ends here: the next line starts another unit (`市交通运输局` / `市水利局`). */
const UNIT_END_RE = /(局|委员会|委|办|室|中心|公司|政府|办事处|街道|部|院|社|队|站|支队|大队)$/;
const UNIT_START_RE = /^(市|区|县|省|州|镇|乡|中国|国网|各)/;

/**
 * In a unit column, a line starts a new unit when the one above ends short of the column's width (a unit
 * per line), or when the one above ends like a unit's name and this one begins like one (names that fill
 * the column, one per line).
 */
function newUnitLine(
  prev: { text: string; right: number },
  line: { text: string; size: number },
  reach: number,
) {
  return prev.right < reach - line.size * 2 || (UNIT_END_RE.test(prev.text) && UNIT_START_RE.test(line.text));
}
