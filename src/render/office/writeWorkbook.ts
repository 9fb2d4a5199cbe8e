/**
 * Renders a `WorkbookSpec` through the Excel JavaScript API. Every write is queued and sent in as few
 * requests as the size limit allows: the number of `sync()` calls does not grow with the rows, only with
 * the bytes (one more per ~4 MB, under Excel on the web's 5 MB request limit).
 */
import { isoToSerial } from "../../ledger/dates";
import { colLetters as last } from "../../workbook/a1";
import {
  isDateCell,
  isFormulaCell,
  type Cell,
  type CellStyle,
  type ChartSpec,
  type SheetSpec,
  type WorkbookSpec,
} from "../../workbook/spec";
import { FONT } from "../../workbook/styles";
import type { ContextLike, WorksheetLike } from "./api";
import type { Capabilities } from "./capabilities";

/** Bytes queued before a sync is forced; below the 5 MB limit with room for the request's envelope. */
export const REQUEST_BUDGET = 4 * 1024 * 1024;

/** Queues writes and syncs whenever the next write would push the request past the budget. */
export class Sender {
  private bytes = 0;
  constructor(
    readonly context: ContextLike,
    private readonly budget = REQUEST_BUDGET,
  ) {}
  async add(bytes: number, write: () => void): Promise<void> {
    if (this.bytes > 0 && this.bytes + bytes > this.budget) await this.flush();
    write();
    this.bytes += bytes;
  }
  async flush(): Promise<void> {
    if (this.bytes === 0) return;
    await this.context.sync();
    this.bytes = 0;
  }
}

/** Text Excel would turn into something else when written: formulas, numbers, dates, a leading quote. A quote keeps it as it is. */
const NEEDS_QUOTE = /^['=+\-@]|^[\d\s.,:/%-]+$/;

export function cellInput(c: Cell): string | number | boolean {
  if (c === null) return "";
  if (typeof c === "string") return NEEDS_QUOTE.test(c) ? `'${c}` : c;
  if (typeof c === "number" || typeof c === "boolean") return c;
  if (isDateCell(c)) return isoToSerial(c.iso);
  if (isFormulaCell(c)) return `=${c.formula}`;
  return "";
}

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
): Promise<WriteReport> {
  const skipped = new Set<string>();
  const sheets = new Map<string, WorksheetLike>();
  for (const s of spec.sheets)
    await sender.add(64, () => sheets.set(s.name, context.workbook.worksheets.add(s.name)));
  for (const n of spec.names) await sender.add(64, () => context.workbook.names.add(n.name, `=${n.ref}`));
  const order = [...spec.sheets].sort((a, b) => Number(!a.table) - Number(!b.table));
  for (const s of order) await writeSheet(sender, sheets.get(s.name)!, s, caps, skipped);
  return { skipped: [...skipped] };
}

async function writeSheet(
  sender: Sender,
  ws: WorksheetLike,
  s: SheetSpec,
  caps: Capabilities,
  skipped: Set<string>,
): Promise<void> {
  if (s.tabColor) await sender.add(32, () => (ws.tabColor = colour(s.tabColor!)));
  // Values in row blocks of bounded size.
  const width = Math.max(s.columns.length, ...s.rows.map((r) => r.length), 1);
  let r = 0;
  while (r < s.rows.length) {
    const block: (string | number | boolean)[][] = [];
    let bytes = 0;
    while (r < s.rows.length && bytes < REQUEST_BUDGET / 4) {
      const row = Array.from({ length: width }, (_, c) => cellInput(s.rows[r][c] ?? null));
      bytes += JSON.stringify(row).length;
      block.push(row);
      r++;
    }
    const top = r - block.length + 1;
    await sender.add(bytes, () => (ws.getRange(`A${top}:${last(width)}${r}`).formulas = block));
  }
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
    await sender.add(48, () => (ws.getRange(`A${from}:A${to}`).format.rowHeight = h));
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
  if (s.freeze) {
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
    await sender.add(512, () => {
      const dv = ws.getRange(v.range).dataValidation;
      dv.rule =
        v.rule.type === "list"
          ? { list: { inCellDropDown: true, source: v.rule.values.join(",") } }
          : { date: { formula1: v.rule.min, formula2: v.rule.max, operator: "Between" } };
      if (v.prompt) dv.prompt = { showPrompt: true, title: v.prompt.title, message: v.prompt.message };
      dv.errorAlert = { showAlert: true, style: "Stop", title: v.error.title, message: v.error.message };
    });
  }
  for (const cf of s.conditionalFormats) {
    if (!caps.conditionalFormats) {
      skipped.add("预警着色（需要 ExcelApi 1.6，Office 2016 批量授权版没有）");
      continue;
    }
    for (const rule of cf.rules) {
      await sender.add(160, () => {
        const f = ws.getRange(cf.range).conditionalFormats.add("CellValue");
        f.cellValue.format.fill.color = colour(rule.fill);
        f.cellValue.format.font.color = colour(rule.fontColor);
        f.cellValue.rule = { formula1: `="${rule.equals}"`, operator: "EqualTo" };
      });
    }
  }
  for (const chart of s.charts) {
    if (!caps.chartSeries) {
      skipped.add("图表（需要 ExcelApi 1.7，Office 2016 批量授权版没有）");
      continue;
    }
    await sender.add(512, () => addChart(ws, chart));
  }
  if (s.hidden) await sender.add(32, () => (ws.visibility = "Hidden"));
}

async function applyStyle(sender: Sender, ws: WorksheetLike, range: string, style: CellStyle): Promise<void> {
  await sender.add(256, () => {
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
