/**
 * Renders a `WorkbookSpec` into an .xlsx file with @cj-tech-master/excelts (ExcelJS-compatible, with
 * native charts). It translates; it decides no layout.
 */
import { Workbook, type Worksheet } from "./excelts";
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
import { eachCell } from "../../workbook/a1";

const toDate = (iso: string) => new Date(Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)));

/** What excelts stores in a cell. Strings stay strings: text starting with `=` is never a formula. */
export function cellValue(c: Cell): unknown {
  if (c === null || typeof c !== "object") return c;
  if (isDateCell(c)) return toDate(c.iso);
  if (isFormulaCell(c))
    return c.result === undefined ? { formula: c.formula } : { formula: c.formula, result: c.result };
  return null;
}

const THIN = { style: "thin", color: { argb: "FFBFBFBF" } } as const;

/** excelts style parts for one `CellStyle`, built once per range and shared by its cells. */
function styleParts(s: CellStyle) {
  return {
    font: {
      name: FONT,
      size: s.fontSize ?? 10,
      bold: s.bold ?? false,
      ...(s.fontColor ? { color: { argb: s.fontColor } } : {}),
    },
    fill: s.fill ? { type: "pattern", pattern: "solid", fgColor: { argb: s.fill } } : undefined,
    numFmt: s.numFmt,
    alignment: {
      wrapText: s.wrap ?? false,
      vertical: s.vertical ?? "top",
      ...(s.horizontal ? { horizontal: s.horizontal } : {}),
    },
    border: s.border ? { top: THIN, left: THIN, bottom: THIN, right: THIN } : undefined,
  };
}

export async function writeXlsx(spec: WorkbookSpec): Promise<Uint8Array> {
  const wb = new Workbook();
  wb.creator = "台账助手 PlanLedger";
  renderInto(wb, spec);
  return bytesOf(wb);
}

/**
 * The file's bytes. The library's own self-check re-reads every file it writes (outside production),
 * doubling the memory of a large write: our files are checked by the tests and the e2e engines instead.
 */
export async function bytesOf(wb: Workbook): Promise<Uint8Array> {
  const buf: Uint8Array | ArrayBuffer = await wb.xlsx.writeBuffer({ validate: false } as never);
  return buf instanceof Uint8Array ? buf : new Uint8Array(buf);
}

/**
 * Renders the spec into a workbook that may hold other sheets (staff's own, on an update): sheets of the
 * spec's names are replaced, the others are left as they are, after ours.
 */
export function renderInto(wb: Workbook, spec: WorkbookSpec): void {
  const ours = new Set(spec.sheets.map((s) => s.name));
  const theirs = wb.worksheets.filter((w) => !ours.has(w.name));
  for (const w of wb.worksheets.filter((w) => ours.has(w.name))) wb.removeWorksheet(w.id);
  for (const n of spec.names)
    for (const ref of wb.definedNames.getRanges(n.name).ranges ?? []) wb.definedNames.remove(ref, n.name);
  for (const sheet of spec.sheets) renderSheet(wb, sheet);
  for (const n of spec.names) wb.definedNames.add(n.ref, n.name);
  const order = [...spec.sheets.map((s) => wb.getWorksheet(s.name)!), ...theirs];
  order.forEach((w, i) => ((w as unknown as { orderNo: number }).orderNo = i));
}

function renderSheet(wb: Workbook, s: SheetSpec): void {
  const ws = wb.addWorksheet(s.name, {
    properties: s.tabColor ? { tabColor: { argb: s.tabColor } } : {},
    state: s.hidden ? "hidden" : "visible",
    views: s.freeze ? [{ state: "frozen", xSplit: s.freeze.columns, ySplit: s.freeze.rows }] : [],
  });
  s.columns.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    col.width = c.width;
    if (c.hidden) col.hidden = true;
  });
  if (s.table) {
    const header = s.rows[s.table.headerRow - 1] as string[];
    ws.addTable({
      name: s.table.name,
      ref: `A${s.table.headerRow}`,
      headerRow: true,
      style: { theme: s.table.style as never, showRowStripes: false },
      columns: header.map((name) => ({ name: String(name), filterButton: true })),
      rows: s.rows
        .slice(s.table.headerRow, s.table.headerRow + s.table.rowCount)
        .map((r) => header.map((_, i) => cellValue(r[i] ?? null))),
    } as never);
    s.rows.forEach((row, i) => {
      if (i + 1 < s.table!.headerRow || i + 1 > s.table!.headerRow + s.table!.rowCount)
        writeRow(ws, i + 1, row);
    });
  } else {
    s.rows.forEach((row, i) => writeRow(ws, i + 1, row));
  }
  // One style object per combination, shared by every cell that has it: the library recognises a shared
  // object and skips its per-cell de-duplication (a third of the writing time at 10,000 tasks).
  const merged = new Map<object, Map<object, object>>();
  const EMPTY = {};
  const parts = new Map<CellStyle, ReturnType<typeof styleParts>>();
  for (const { range, style } of s.styles) {
    let p = parts.get(style);
    if (!p) parts.set(style, (p = styleParts(style)));
    eachCell(range, (r, c) => {
      const cell = ws.getCell(r, c);
      const own = styleOf(cell);
      const before = own && Object.keys(own).length ? own : EMPTY;
      let byRange = merged.get(before);
      if (!byRange) merged.set(before, (byRange = new Map()));
      let next = byRange.get(p);
      if (!next) {
        const b = before as Record<string, unknown>;
        next = {
          ...b,
          font: p.font,
          alignment: p.alignment,
          ...(p.fill ? { fill: p.fill } : {}),
          ...(p.numFmt ? { numFmt: p.numFmt } : {}),
          ...(p.border ? { border: p.border } : {}),
        };
        byRange.set(p, next);
      }
      cell.style = next as never;
    });
  }
  // Never through the cell's setters, which would change the shared object.
  for (const { address, numFmt } of s.numberFormats ?? []) {
    const cell = ws.getCell(address);
    cell.style = { ...styleOf(cell), numFmt } as never;
  }
  for (const m of s.merges) ws.mergeCells(m);
  for (const [row, h] of Object.entries(s.rowHeights ?? {})) ws.getRow(Number(row)).height = h;
  for (const v of s.validations) {
    const base = {
      allowBlank: v.allowBlank,
      showErrorMessage: true,
      errorStyle: "stop",
      errorTitle: v.error.title,
      error: v.error.message,
      ...(v.prompt ? { showInputMessage: true, promptTitle: v.prompt.title, prompt: v.prompt.message } : {}),
    };
    const rule =
      v.rule.type === "list"
        ? { type: "list", formulae: [`"${v.rule.values.join(",")}"`] }
        : { type: "date", operator: "between", formulae: [toDate(v.rule.min), toDate(v.rule.max)] };
    // The range form writes one rule for the whole column instead of one per cell.
    (ws as unknown as { dataValidations: { add(r: string, v: unknown): void } }).dataValidations.add(
      v.range,
      { ...base, ...rule },
    );
  }
  for (const cf of s.conditionalFormats) {
    ws.addConditionalFormatting({
      ref: cf.range,
      rules: cf.rules.map((r, i) => ({
        type: "cellIs",
        operator: "equal",
        formulae: [`"${r.equals}"`],
        priority: i + 1,
        style: {
          fill: { type: "pattern", pattern: "solid", bgColor: { argb: r.fill } },
          font: { color: { argb: r.fontColor } },
        },
      })),
    } as never);
  }
  for (const chart of s.charts) addChart(ws, chart);
  if (s.print?.pageNumbers) ws.headerFooter = { oddFooter: "&C第 &P 页，共 &N 页" } as never;
  if (s.print) {
    ws.pageSetup = {
      paperSize: s.print.paper === "A3" ? 8 : 9,
      orientation: s.print.landscape ? "landscape" : "portrait",
      fitToPage: s.print.fitToWidth,
      fitToWidth: 1,
      fitToHeight: s.print.fitToHeight ? 1 : 0,
      horizontalCentered: true,
      // Narrow margins: a one-page dashboard keeps its text at 8 pt or more.
      margins: { left: 0.25, right: 0.25, top: 0.4, bottom: 0.45, header: 0.2, footer: 0.2 },
      ...(s.print.repeatRows ? { printTitlesRow: s.print.repeatRows } : {}),
    } as never;
  }
}

/** A library cell's style object (an .xlsx cell, not an Office.js one). */
const styleOf = (c: { style?: unknown }) => c.style as object | undefined;

function writeRow(ws: Worksheet, r: number, row: Cell[]): void {
  row.forEach((c, i) => {
    if (c !== null) ws.getCell(r, i + 1).value = cellValue(c) as never;
  });
}

function addChart(ws: Worksheet, c: ChartSpec): void {
  const series = c.series.map((s) => ({
    name: s.name,
    categories: c.categories,
    values: s.values,
    ...(s.color ? { fill: s.color.slice(2) } : {}),
  }));
  const range = { tl: c.from, br: c.to } as never;
  const common = {
    title: c.title,
    series,
    showLegend: c.series.length > 1,
    legendPosition: "b",
    ...(c.wholeNumbers
      ? { valueAxis: { numFmt: "0", numFmtLinked: false, min: 0, majorUnit: c.majorUnit ?? 1 } }
      : {}),
    ...(c.reverseCategories ? { categoryAxis: { orientation: "maxMin" } } : {}),
    ...(c.dataLabels
      ? {
          dataLabels: {
            showVal: true,
            showCatName: false,
            showSerName: false,
            showLegendKey: false,
            showPercent: false,
            numFmt: "0;;;",
          },
        }
      : {}),
    ...(c.plotHidden ? { plotVisOnly: false } : {}),
  } as never;
  if (c.type === "line") ws.addLineChart(common, range);
  else if (c.type === "bar" || c.type === "barStacked") {
    const stacked = c.type === "barStacked";
    ws.addBarChart(
      {
        ...(common as object),
        grouping: stacked ? "stacked" : "clustered",
        ...(stacked ? { overlap: 100 } : {}),
      } as never,
      range,
    );
  } else
    ws.addColumnChart(
      {
        ...(common as object),
        grouping: c.type === "columnStacked" ? "stacked" : "clustered",
        overlap: c.type === "columnStacked" ? 100 : undefined,
      } as never,
      range,
    );
}
