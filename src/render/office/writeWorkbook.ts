/**
 * Renders a `WorkbookSpec` through the Excel JavaScript API. Every write is queued and sent in as few
 * requests as the size limit allows: the number of `sync()` calls does not grow with the rows, only with
 * the bytes. Sizes are counted as Microsoft's client library sends them: UTF-8 bytes of the request's JSON,
 * with each operation's object paths and actions, and the library's own split of large arrays into blocks of
 * 1,500 cells (each block a few hundred bytes of paths). Excel on the web refuses requests over 5 MB; we stay
 * under 4.5 MB with room for the estimate's error (the tests measure the real bytes).
 */
import { isoToSerial } from "../../ledger/dates";
import { colLetters as last } from "../../workbook/a1";
import {
  isDateCell,
  isFormulaCell,
  type Cell,
  type CellStyle,
  type ChartSpec,
  type ConditionalFormatSpec,
  type SheetSpec,
  type ValidationSpec,
  type WorkbookSpec,
} from "../../workbook/spec";
import { FONT } from "../../workbook/styles";
import type { ContextLike, RangeLike, WorksheetLike } from "./api";
import { CELL_CHAR_LIMIT, ROW_HEIGHT_LIMIT } from "./memory/excelInput";
import type { Capabilities } from "./capabilities";

/** Estimated bytes queued before a sync is forced. */
export const REQUEST_BUDGET = 3.5 * 1024 * 1024;
/** Bytes the library adds per operation (object path, instantiate and set actions) and per 1,500-cell block. */
const OP_BYTES = 160;
const BLOCK_BYTES = 700;
const LIBRARY_BLOCK_CELLS = 1500;

/** UTF-8 length of a string without Node's Buffer (the pane runs in a webview). */
export function utf8Bytes(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) n += c >= 0x800 && (c < 0xd800 || c > 0xdfff) ? 2 : c >= 0x800 ? 0 : 1;
  }
  return n;
}

/** Queues writes and syncs whenever the next write would push the request past the budget. */
export class Sender {
  private bytes = 0;
  constructor(
    readonly context: ContextLike,
    private readonly budget = REQUEST_BUDGET,
  ) {}
  async add(bytes: number, write: () => void): Promise<void> {
    const cost = bytes + OP_BYTES;
    if (this.bytes > 0 && this.bytes + cost > this.budget) await this.flush();
    write();
    this.bytes += cost;
  }
  async flush(): Promise<void> {
    if (this.bytes === 0) return;
    await this.context.sync();
    this.bytes = 0;
  }
}

/**
 * Text Excel could turn into something else when written: formulas (= + - @), numbers in any dress
 * (1E5, (100), $100, ¥100, 5%, .5), Booleans, errors (#N/A), dates and times (2022/8/1, Jan-22, 22-Jan,
 * 12:00 PM), and text that itself starts with a quote. A leading apostrophe keeps it exactly as it is (the
 * apostrophe is not part of the value). Deliberately broad: quoting text that would not convert costs nothing.
 */
const MAY_CONVERT =
  /^\s*([=+\-@'#$¥￥€£(.\d]|(true|false)\s*$|[a-z]{3,9}[-\s/.]+\d|\d{1,2}[-\s/.]+[a-z]{3,9}\s*$)/i;

export function cellInput(c: Cell, date1904 = false): string | number | boolean {
  if (c === null) return "";
  if (typeof c === "string") return MAY_CONVERT.test(c) ? `'${c}` : c;
  if (typeof c === "number" || typeof c === "boolean") return c;
  if (isDateCell(c)) return isoToSerial(c.iso) - (date1904 ? DAYS_1900_TO_1904 : 0);
  if (isFormulaCell(c)) return `=${c.formula}`;
  return "";
}

/** Serials of the 1904 date system are this many days smaller. */
export const DAYS_1900_TO_1904 = 1462;

const colour = (argb: string) => `#${argb.slice(2)}`;
const H_ALIGN = { left: "Left", center: "Center", right: "Right" } as const;
const V_ALIGN = { top: "Top", middle: "Center" } as const;
/** Column width in characters (the .xlsx unit) to points (the API's unit). */
const widthPoints = (chars: number) => Math.round(chars * 6.2 + 4);

const CHART_TYPES: Record<ChartSpec["type"], string> = {
  columnStacked: "ColumnStacked",
  barStacked: "BarStacked",
  column: "ColumnClustered",
  bar: "BarClustered",
  line: "Line",
};

export interface WriteOptions {
  /** The workbook counts dates from 1904 (serials 1,462 smaller). */
  date1904?: boolean;
}

export interface WriteReport {
  /** Features left out because this Excel lacks the API set, in Chinese, for the pane to show. */
  skipped: string[];
}

/**
 * Queues every sheet of the spec into the open workbook (the sheets must not exist yet), syncing only when
 * a request would grow too large; the caller sends the rest with `sender.flush()`. Sheets are added in
 * order first, then filled tables-first, so that formulas find the tables and names they refer to.
 */
export async function writeWorkbook(
  context: ContextLike,
  spec: WorkbookSpec,
  caps: Capabilities,
  sender = new Sender(context),
  options: WriteOptions = {},
): Promise<WriteReport> {
  const skipped = new Set<string>();
  const sheets = new Map<string, WorksheetLike>();
  const written = new Map<string, Input[][]>();
  for (const s of spec.sheets)
    await sender.add(64, () => sheets.set(s.name, context.workbook.worksheets.add(s.name)));
  for (const n of spec.names) await sender.add(64, () => context.workbook.names.add(n.name, `=${n.ref}`));
  const order = [...spec.sheets].sort((a, b) => Number(!a.table) - Number(!b.table));
  for (const s of order) await writeSheet(sender, sheets.get(s.name)!, s, caps, skipped, options, written);
  return { skipped: [...skipped] };
}

type Input = string | number | boolean;
/** Below this many rows, copying in Excel saves too little to be worth an operation. */
const MIN_ROWS_TO_COPY = 50;

/**
 * The widest leading block of columns whose every cell equals the same cell of a sheet written earlier (and
 * holds no formula: a copy of values would freeze it). The hidden plan copy repeats the ledger's plan columns:
 * Excel copies them instead of the request carrying them twice.
 */
function copyableColumns(
  inputs: Input[][],
  written: Map<string, Input[][]>,
): { sheet: string; cols: number } | null {
  if (inputs.length < MIN_ROWS_TO_COPY) return null;
  let best: { sheet: string; cols: number } | null = null;
  for (const [sheet, other] of written) {
    if (other.length < inputs.length) continue;
    let k = Math.min(inputs[0].length, other[0].length);
    for (let r = 0; r < inputs.length && k > 0; r++) {
      let same = 0;
      while (same < k && inputs[r][same] === other[r][same] && !String(inputs[r][same]).startsWith("="))
        same++;
      k = same;
    }
    if (k > (best?.cols ?? 0)) best = { sheet, cols: k };
  }
  return best;
}

async function writeSheet(
  sender: Sender,
  ws: WorksheetLike,
  s: SheetSpec,
  caps: Capabilities,
  skipped: Set<string>,
  options: WriteOptions,
  written: Map<string, Input[][]>,
): Promise<void> {
  // Tab colours and frozen panes need ExcelApi 1.7; without them the sheets work the same.
  if (s.tabColor && caps.tabColor) await sender.add(32, () => (ws.tabColor = colour(s.tabColor!)));
  const width = Math.max(s.columns.length, ...s.rows.map((r) => r.length), 1);
  const inputs = s.rows.map((cells, r) => {
    const row = Array.from({ length: width }, (_, c) => cellInput(cells[c] ?? null, options.date1904));
    const long = row.findIndex((v) => typeof v === "string" && v.length > CELL_CHAR_LIMIT);
    if (long >= 0)
      throw new Error(
        `“${s.name}”第 ${r + 1} 行 ${last(long + 1)} 列的文字超过 Excel 单元格 ${CELL_CHAR_LIMIT} 字的上限，请把这段文字拆短后重试`,
      );
    return row;
  });
  // Columns already sent for another sheet are copied there by Excel (ExcelApi 1.9).
  const copy = caps.copyFrom && inputs.length ? copyableColumns(inputs, written) : null;
  const from = copy ? copy.cols : 0;
  if (copy) {
    const area = `A1:${last(copy.cols)}${inputs.length}`;
    await sender.add(200, () => ws.getRange(area).copyFrom(`'${copy.sheet}'!${area}`, "Values"));
  }
  // The other values in row blocks of bounded size.
  const blocksPerRow = (width - from) / LIBRARY_BLOCK_CELLS;
  let r = 0;
  while (from < width && r < inputs.length) {
    const block: Input[][] = [];
    let bytes = 0;
    while (r < inputs.length && bytes < REQUEST_BUDGET / 4) {
      const row = from ? inputs[r].slice(from) : inputs[r];
      bytes += utf8Bytes(JSON.stringify(row)) + blocksPerRow * BLOCK_BYTES;
      block.push(row);
      r++;
    }
    const top = r - block.length + 1;
    await sender.add(
      bytes,
      () => (ws.getRange(`${last(from + 1)}${top}:${last(width)}${r}`).formulas = block),
    );
  }
  written.set(s.name, inputs);
  for (const [i, c] of s.columns.entries())
    await sender.add(40, () => (ws.getRange(`${last(i + 1)}1`).format.columnWidth = widthPoints(c.width)));
  for (const { range, style } of s.styles) await applyStyle(sender, ws, range, style);
  for (const { address, numFmt } of s.numberFormats ?? [])
    await sender.add(64, () => (ws.getRange(address).numberFormat = [[numFmt]]));
  // Rows of equal height share one write.
  const heights = Object.entries(s.rowHeights ?? {})
    .map(([row, h]) => [Number(row), h] as const)
    .sort((a, b) => a[0] - b[0]);
  for (let i = 0; i < heights.length;) {
    let j = i;
    while (
      j + 1 < heights.length &&
      heights[j + 1][0] === heights[j][0] + 1 &&
      heights[j + 1][1] === heights[i][1]
    )
      j++;
    const [from, h] = heights[i];
    const to = heights[j][0];
    // Excel refuses rows taller than 409 points.
    await sender.add(
      300,
      () => (ws.getRange(`A${from}:A${to}`).format.rowHeight = Math.min(h, ROW_HEIGHT_LIMIT)),
    );
    i = j + 1;
  }
  for (const m of s.merges) await sender.add(40, () => ws.getRange(m).merge(false));
  if (s.table) {
    const t = s.table;
    const address = `A${t.headerRow}:${last(s.columns.length)}${t.headerRow + Math.max(t.rowCount, 1)}`;
    await sender.add(96, () => {
      const table = ws.tables.add(`'${s.name}'!${address}`, true);
      table.name = t.name;
      table.style = t.style;
    });
  }
  if (s.freeze && caps.freezePanes) {
    const f = s.freeze;
    await sender.add(40, () =>
      f.columns
        ? ws.freezePanes.freezeAt(`A1:${last(f.columns)}${Math.max(f.rows, 1)}`)
        : ws.freezePanes.freezeRows(f.rows),
    );
  }
  for (const v of s.validations) {
    if (!caps.dataValidation) {
      skipped.add("下拉列表和日期校验（需要 ExcelApi 1.8，Office 2019 及更早版本没有）");
      continue;
    }
    await sender.add(validationBytes(v), () => setValidation(ws.getRange(v.range), v));
  }
  for (const cf of s.conditionalFormats) {
    if (!caps.conditionalFormats) {
      skipped.add("预警着色（需要 ExcelApi 1.6，Office 2016 批量授权版没有）");
      continue;
    }
    for (const rule of cf.rules) {
      await sender.add(VALUE_COLOUR_BYTES, () => addValueColour(ws.getRange(cf.range), rule));
    }
  }
  for (const chart of s.charts) {
    if (!caps.chartSeries) {
      skipped.add("图表（需要 ExcelApi 1.7，Office 2016 批量授权版没有）");
      continue;
    }
    await sender.add(4000, () => addChart(ws, chart));
  }
  if (s.hidden) await sender.add(32, () => (ws.visibility = "Hidden"));
}

/** Request bytes of one validation rule (its texts, and the library's wrapping). */
export const validationBytes = (v: ValidationSpec) => 1500 + utf8Bytes(JSON.stringify(v));

/** A declared validation rule (dropdown or date range, with its prompt and error) on a range. */
export function setValidation(range: RangeLike, v: ValidationSpec): void {
  const dv = range.dataValidation;
  dv.rule =
    v.rule.type === "list"
      ? { list: { inCellDropDown: true, source: v.rule.values.join(",") } }
      : { date: { formula1: v.rule.min, formula2: v.rule.max, operator: "Between" } };
  if (v.prompt) dv.prompt = { showPrompt: true, title: v.prompt.title, message: v.prompt.message };
  dv.errorAlert = { showAlert: true, style: "Stop", title: v.error.title, message: v.error.message };
}

export const VALUE_COLOUR_BYTES = 900;

/** One rule of a declared value colouring (a cell equal to a text gets its fill and font colour). */
export function addValueColour(range: RangeLike, rule: ConditionalFormatSpec["rules"][number]): void {
  const f = range.conditionalFormats.add("CellValue");
  f.cellValue.format.fill.color = colour(rule.fill);
  f.cellValue.format.font.color = colour(rule.fontColor);
  f.cellValue.rule = { formula1: `="${rule.equals}"`, operator: "EqualTo" };
}

async function applyStyle(sender: Sender, ws: WorksheetLike, range: string, style: CellStyle): Promise<void> {
  await sender.add(1200, () => {
    const f = ws.getRange(range).format;
    f.font.name = FONT;
    f.font.size = style.fontSize ?? 10;
    if (style.bold !== undefined) f.font.bold = style.bold;
    if (style.fontColor) f.font.color = colour(style.fontColor);
    if (style.fill) f.fill.color = colour(style.fill);
    if (style.wrap !== undefined) f.wrapText = style.wrap;
    if (style.horizontal) f.horizontalAlignment = H_ALIGN[style.horizontal];
    f.verticalAlignment = V_ALIGN[style.vertical ?? "top"];
  });
  if (style.numFmt) {
    const fmt = style.numFmt;
    // A single value applies to every cell of the range.
    await sender.add(64, () => (ws.getRange(range).numberFormat = fmt as unknown as unknown[][]));
  }
}

/** `'仪表盘'!$C$12:$C$27` → the range on the chart's sheet. */
const chartRange = (ws: WorksheetLike, ref: string) =>
  ws.getRange(ref.slice(ref.lastIndexOf("!") + 1).replace(/\$/g, ""));

function addChart(ws: WorksheetLike, c: ChartSpec): void {
  const [first, ...rest] = c.series;
  const chart = ws.charts.add(CHART_TYPES[c.type], chartRange(ws, first.values), "Columns");
  chart.title.text = c.title;
  chart.setPosition(c.from, c.to);
  const s0 = chart.series.getItemAt(0);
  s0.name = first.name;
  s0.setXAxisValues(chartRange(ws, c.categories));
  if (first.color) s0.format.fill.setSolidColor(colour(first.color));
  for (const s of rest) {
    const series = chart.series.add(s.name);
    series.setValues(chartRange(ws, s.values));
    series.setXAxisValues(chartRange(ws, c.categories));
    if (s.color) series.format.fill.setSolidColor(colour(s.color));
  }
}
