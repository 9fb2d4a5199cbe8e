/**
 * `update` as an edit of the file in place: the plan columns of matched rows, the plan-status mark of
 * rows whose task left the plan, new rows for new tasks, the hidden plan copy, and rows appended to the
 * change log. Everything else in the package keeps its bytes; the result is checked against the original
 * at the XML level (`verifyPackage`) before anyone writes it.
 */
import type { Plan } from "../../plan";
import { UnusableWorkbookError } from "../../ledger/grid";
import type { LedgerSnapshot, ReadCell } from "../../ledger/snapshot";
import { asOfCellOf } from "../../ledger/grid";
import {
  AS_OF_NAME,
  LIST_KEY,
  PLAN_COLUMNS,
  PLAN_STATUS_HEADER,
  PLAN_STATUS_MARKERS,
  PLAN_STATUS_OWN_HEADER,
  PLAN_STATUS_REMOVED,
  SHEET_MARKERS,
  SHEETS,
  STATUSES,
  type SheetRole,
} from "../../ledger/vocabulary";
import { listKeyFormula, warningFor, warningFormula } from "../../ledger/warning";
import { cachedListKey } from "../../workbook/sheets/ledger";
import { MILESTONE_PLAN_COLUMNS, type InPlaceUpdate, type TableUpdate } from "../../ledger/update/inPlace";
import { noLedgerError, planLedgerUpdate } from "../../ledger/update/prepare";
import {
  NO_CELLS,
  tableHeader,
  type SheetTable,
  type TableGrid,
  type TableHeader,
} from "../../ledger/update/table";
import { LOG_HEADERS, parseNoteRows, type Change } from "../../ledger/update/changeLog";
import { planCopySheet } from "../../workbook/sheets/planCopy";
import { AS_OF_CELL } from "../../workbook/sheets/guide";
import { colLetters, formatRange, parseRange } from "../../workbook/a1";
import { date, type Cell } from "../../workbook/spec";
import { cellXml, withPrefix } from "./package/cellXml";
import {
  asOfGrid,
  gridOfRole,
  openLedgerPackage,
  scanPart,
  sheetOfRef,
  tableDataEnd,
  type LedgerPackage,
} from "./package/ledgerPackage";
import {
  applyBinarySplices,
  applySplices,
  applySplicesAsBytes,
  cellOf,
  cellSplices,
  refOf,
  type CellWrite,
  type Splice,
} from "./package/patchSheet";
import { binaryOfText, scanSheet, scanSheetText, type CellLoc, type SheetScan } from "./package/sheetScan";
import {
  addDefinedNames,
  addDxf,
  addWorksheet,
  conditionalFormatSplice,
  growRanges,
  growTable,
  maxPriority,
  STRUCK_DXF,
  tablesOf,
  worksheetXml,
} from "./package/structure";
import { escapeAttr } from "./package/xml";
import {
  clonePackage,
  partBinary,
  partText,
  setPartBytes,
  setPartText,
  utf8OfPieces,
  writePackage,
  type XlsxPackage,
} from "./package/zip";
import type { AllowedChanges } from "./package/verifyPackage";
import { beginOwnedRefresh, finishOwnedRefresh } from "./refreshOwnedCells";
import type { OwnedRefresh } from "../../workbook/refreshOwned";

export interface PreparedUpdate {
  lp: LedgerPackage;
  /**
   * The tables' frames as read: header row, columns and each data row's number. Rows keep no cells once
   * the update is planned (at 10,000 tasks they were ~23 MB held through the write and its check).
   */
  ledger: SheetTable;
  milestones: SheetTable | null;
  copy: LedgerSnapshot["plan"];
  /** 说明's 统计截止日期 cell as it stands (null: empty or no 说明), for `chooseAsOf`. */
  asOf: ReadCell | null;
  update: InPlaceUpdate;
}

/** Reads what the update needs and works out every change; writes nothing. */
export function prepareUpdate(bytes: Uint8Array, plan: Plan): PreparedUpdate {
  const lp = openLedgerPackage(bytes);
  if (!lp.roles.ledger) throw noLedgerError();
  const ledgerStatus = planStatusColumn(lp, "ledger");
  const milestoneStatus = planStatusColumn(lp, "milestones");
  const planned = planLedgerUpdate(plan, {
    ledger: {
      sheet: lp.roles.ledger.name,
      grid: tableGrid(lp, "ledger", "序号", LEDGER_READ, ledgerStatus),
      planStatusCol: ledgerStatus,
    },
    milestones: {
      sheet: lp.roles.milestones?.name ?? SHEETS.milestones,
      grid: tableGrid(lp, "milestones", "节点编号", MILESTONES_READ, milestoneStatus),
      planStatusCol: milestoneStatus,
    },
    planCopy: gridOfRole(lp, "planCopy"),
    date1904: lp.ctx.date1904,
  });
  // Writing the planned update needs only the tables' frames; letting go of their cells keeps the peak down.
  return {
    lp,
    ...planned,
    ledger: frameOf(planned.ledger),
    milestones: planned.milestones && frameOf(planned.milestones),
    asOf: asOfCellOf(asOfGrid(lp)),
  };
}

/** The columns the update reads of each table (see `planLedgerUpdate`). */
const LEDGER_READ = [...PLAN_COLUMNS, PLAN_STATUS_HEADER];
const MILESTONES_READ = [...MILESTONE_PLAN_COLUMNS, PLAN_STATUS_HEADER];

/**
 * The table's sheet as a grid holding, below its header, only the columns the update reads (with which rows
 * hold anything in the others): at 10,000 tasks the other columns' formulas (预警 and the list key) alone
 * were ~18 MB of text. The header is found in the first 10 rows as the table reader finds it; when it is not
 * there, the whole sheet is read and the reader refuses it as it always did.
 */
function tableGrid(
  lp: LedgerPackage,
  role: "ledger" | "milestones",
  firstHeader: string,
  fields: readonly string[],
  planStatusCol: number | null,
): TableGrid | null {
  const end = tableDataEnd(lp, role);
  const top = gridOfRole(lp, role, Math.min(end ?? Infinity, 10));
  if (!top) return null;
  let head: TableHeader;
  try {
    head = tableHeader(lp.roles[role]!.name, top, firstHeader, [], planStatusCol);
  } catch {
    return gridOfRole(lp, role, end);
  }
  const cols = new Set<number>();
  const counted = new Set<number>();
  for (const [h, c] of head.columns) (fields.includes(h) ? cols : counted).add(c);
  for (const c of cols) counted.delete(c);
  return gridOfRole(lp, role, end, undefined, { fromRow: head.headerRow + 1, cols, counted });
}

/** The table without its rows' cells (what writing the planned update needs of it). */
const frameOf = (t: SheetTable): SheetTable => ({
  ...t,
  rows: t.rows.map((r) => ({ row: r.row, cells: NO_CELLS })),
});

/** The column the tool's plan-status marker points at on that sheet (null: the tool has not added one). */
function planStatusColumn(lp: LedgerPackage, role: "ledger" | "milestones"): number | null {
  const sheet = lp.roles[role]?.name;
  const marker = lp.info.names.find(
    (n) => n.name === PLAN_STATUS_MARKERS[role] && n.localSheetId === undefined,
  );
  if (!sheet || !marker || sheetOfRef(marker.text) !== sheet) return null;
  const cell = /!\$?([A-Za-z]{1,3})\$?\d+\s*$/.exec(marker.text)?.[1];
  return cell ? parseRange(`${cell.toUpperCase()}1`).c1 : null;
}

interface Patched {
  bytes: Uint8Array;
  allowed: AllowedChanges;
  logSheet: string;
  /** The tool's cells on 仪表盘 and 说明 brought up to this version (a ledger an older version built). */
  refreshed: OwnedRefresh;
}

/** The as-of date an update computes cached results for, and whether it is written into 说明 (`--as-of`). */
export interface UpdateAsOf {
  date: string;
  write: boolean;
}

/** Applies a prepared update to a copy of the package and returns the new file with what it may differ in. */
export function applyUpdate(
  p: PreparedUpdate,
  plan: Plan,
  when: string,
  /** A date alone: cached results for it, 说明 left as it is. */
  asOfOrDate: UpdateAsOf | string,
): Patched {
  const asOf = typeof asOfOrDate === "string" ? { date: asOfOrDate, write: false } : asOfOrDate;
  const pkg = clonePackage(p.lp.pkg);
  const allowed: AllowedChanges = {
    cells: new Map(),
    ownedSheets: new Set(),
    insertOnly: new Set(),
    parts: new Set(),
  };
  const ctx = { pkg, lp: p.lp, allowed, asOf: asOf.date };
  if (asOf.write) writeAsOf(ctx, asOf.date);
  const refreshing = beginOwnedRefresh(ctx, plan, p, p.update);
  if (hasEdits(p.update.ledger)) patchTable(ctx, "ledger", p.ledger, p.update.ledger);
  if (p.milestones && p.update.milestones && hasEdits(p.update.milestones))
    patchTable(ctx, "milestones", p.milestones, p.update.milestones);
  rewritePlanCopy(ctx, plan);
  const refreshed = finishOwnedRefresh(ctx, refreshing);
  const logSheet = appendLog(ctx, p.update.changes, when, parseNoteRows(plan, when));
  if (!p.lp.marked) {
    const names = (Object.keys(p.lp.roles) as SheetRole[])
      .filter((r) => r !== "log")
      .map((r) => ({ name: SHEET_MARKERS[r], ref: sheetRef(p.lp.roles[r]!.name) }));
    addDefinedNames(pkg, p.lp.info.part, names);
    allowed.insertOnly.add(p.lp.info.part);
  }
  return { bytes: writePackage(pkg), allowed, logSheet, refreshed };
}

const { r1: AS_OF_ROW, c1: AS_OF_COL } = parseRange(AS_OF_CELL.address);
const hasEdits = (t: TableUpdate) => t.set.length > 0 || t.append.length > 0 || t.marksRemoved;
const sheetRef = (name: string) => `'${name.replace(/'/g, "''")}'!$A$1`;

interface Ctx {
  pkg: XlsxPackage;
  lp: LedgerPackage;
  allowed: AllowedChanges;
  asOf: string;
}

function allow(ctx: Ctx, part: string, writes: CellWrite[]) {
  const set = ctx.allowed.cells.get(part) ?? new Set<string>();
  for (const w of writes) set.add(`${w.row}:${w.col}`);
  ctx.allowed.cells.set(part, set);
}

/** The first few texts of a row (of a sheet read by `partBinary`), so staff recognise it (合计, 填报人…). */
function rowPreview(xml: string, row: number, strings: string[]): string {
  const r = scanSheetText(xml, undefined, { binary: true }).rows.find((x) => x.r === row)!;
  const texts = r.cells
    .filter(hasContent)
    .map((c) => (c.inline ?? (c.type === "s" ? strings[Number(c.v)] : c.v) ?? c.f ?? "").trim());
  const shown = texts.filter(Boolean).slice(0, 2).join("，");
  return shown ? `如“${shown.slice(0, 30)}”` : "公式或文字";
}

const hasContent = (c: CellLoc) =>
  c.content || (c.v !== null && c.v !== "") || c.f !== null || (c.inline !== null && c.inline !== "");

function patchTable(ctx: Ctx, role: "ledger" | "milestones", t: SheetTable, tu: TableUpdate): void {
  const part = ctx.lp.roles[role]!.part;
  // The sheet as bytes, one character per byte: offsets are byte offsets, the new cells' XML is put in the
  // same form (`binaryOfText`) and the result written back byte for byte. Places only, scanned for this
  // patch alone (not kept with the package): a 10,000-task ledger's cells with their text are tens of MB.
  const xml = partBinary(ctx.pkg, part)!;
  const scan = scanSheetText(xml, undefined, { placesOnly: true, binary: true });
  const rowsByNumber = new Map(scan.rows.map((r) => [r.r, r]));
  const cellAt = (r: number, c: number) => {
    const row = rowsByNumber.get(r);
    return row && cellOf(row, c);
  };
  const tables = tablesOf(ctx.pkg, part);
  const table = tables.find((x) => {
    try {
      const g = parseRange(x.ref);
      return g.r1 === t.headerRow;
    } catch {
      return false;
    }
  });
  const range = table ? parseRange(table.ref) : { r1: t.headerRow, c1: 1, r2: t.lastRow, c2: t.lastCol };
  if (table?.totalsRowCount && tu.append.length)
    throw new UnusableWorkbookError(
      `“${t.sheet}”的表格开启了汇总行（第 ${range.r2} 行），新增的任务只能插在汇总行上方，本工具不能在文件中插入行，没有更新。` +
        "请在 Excel/WPS 中关闭汇总行（表格设计 → 取消勾选“汇总行”），更新后再打开。",
    );
  const lastRow = Math.max(range.r2, t.lastRow);
  const writes: CellWrite[] = [];
  const styleAt = (r: number, c: number) => cellAt(r, c)?.style ?? "";
  const date1904 = ctx.lp.ctx.date1904;

  let statusCol = t.columns.get(PLAN_STATUS_HEADER);
  let statusHeader = PLAN_STATUS_HEADER;
  let newColumn = false;
  if (tu.marksRemoved && !statusCol) {
    // Right of the table when that column is free (the table grows by it); otherwise after the last
    // column anything is in, outside the table: a staff column is never taken over.
    const used = (col: number) =>
      scan.rows.some((r) => r.r >= t.headerRow && r.cells.some((c) => c.col === col && hasContent(c)));
    statusCol = Math.max(range.c2, t.lastCol) + 1;
    newColumn = Boolean(table) && statusCol === range.c2 + 1 && !used(statusCol);
    if (!newColumn || used(statusCol)) {
      let last = statusCol;
      for (const r of scan.rows)
        if (r.r >= t.headerRow) for (const c of r.cells) if (hasContent(c) && c.col >= last) last = c.col + 1;
      statusCol = last;
    }
    // Staff may have a column of their own headed 计划状态: the tool's gets a header of its own.
    statusHeader = t.staffPlanStatus ? PLAN_STATUS_OWN_HEADER : PLAN_STATUS_HEADER;
    writes.push({
      row: t.headerRow,
      col: statusCol,
      xml: cellXml(refOf(t.headerRow, statusCol), statusHeader, styleAt(t.headerRow, range.c2)),
    });
    addDefinedNames(ctx.pkg, ctx.lp.info.part, [
      {
        name: PLAN_STATUS_MARKERS[role],
        ref: `${sheetRef(ctx.lp.roles[role]!.name).replace(/\$A\$1$/, "")}$${colLetters(statusCol)}$${t.headerRow}`,
      },
    ]);
    ctx.allowed.insertOnly.add(ctx.lp.info.part);
  }
  const colOf = (h: string) => (h === PLAN_STATUS_HEADER ? statusCol : t.columns.get(h));
  for (const e of tu.set) {
    const c = colOf(e.header);
    if (!c) continue;
    const style = cellAt(e.row, c)?.style ?? styleAt(e.row, c - 1);
    writes.push({ row: e.row, col: c, xml: cellXml(refOf(e.row, c), e.cell, style, date1904) });
  }

  let newLast = range.r2;
  if (tu.append.length) {
    const start = lastRow + 1;
    const end = start + tu.append.length - 1;
    for (const r of scan.rows)
      if (r.r >= start && r.r <= end && r.cells.some(hasContent))
        throw new UnusableWorkbookError(
          `“${t.sheet}”表格下方第 ${r.r} 行已有内容（${rowPreview(xml, r.r, ctx.lp.ctx.strings)}），新增的 ${tu.append.length} 项任务要写在第 ${start}–${end} 行，会盖住它，没有更新。` +
            `请在 Excel/WPS 中于表格最后一行下方插入 ${tu.append.length} 个空行（或把合计、填报人等内容下移），保存后再试。`,
        );
    const template = t.rows.length ? t.rows[t.rows.length - 1].row : t.headerRow + 1;
    const width = Math.max(range.c2, t.lastCol, statusCol ?? 0);
    const header = new Map([...t.columns].map(([h, c]) => [c, h]));
    const letter = (h: string) => colLetters(t.columns.get(h) ?? 0);
    tu.append.forEach((cells, i) => {
      const r = start + i;
      for (let c = 1; c <= width; c++) {
        const h = header.get(c);
        let v: Cell | undefined = h ? cells[h] : undefined;
        if (h === "预警" && t.columns.has("完成时限")) {
          const due = cells["完成时限"];
          const iso = due && typeof due === "object" && due.kind === "date" ? due.iso : null;
          v = {
            kind: "formula",
            formula: warningFormula(
              `${letter("状态")}${r}`,
              `${letter("完成日期")}${r}`,
              `${letter("完成时限")}${r}`,
              AS_OF_NAME,
            ),
            result: warningFor(STATUSES[0], null, iso, ctx.asOf),
          };
        }
        // The dashboard's live lists read this hidden key: a new row without it would never be listed.
        if (h === LIST_KEY && t.columns.has("预警") && t.columns.has("完成时限")) {
          const idHeader = role === "ledger" ? "序号" : "节点编号";
          const due = cells["完成时限"];
          const iso = due && typeof due === "object" && due.kind === "date" ? due.iso : null;
          const id = cells[idHeader];
          v = {
            kind: "formula",
            formula: listKeyFormula(
              `${letter(idHeader)}${r}`,
              `${letter("预警")}${r}`,
              `${letter("完成时限")}${r}`,
              t.headerRow,
              statusCol ? `${colLetters(statusCol)}${r}` : undefined,
            ),
            result: cachedListKey(
              id === null || id === undefined ? "" : String(typeof id === "object" ? "" : id),
              warningFor(STATUSES[0], null, iso, ctx.asOf),
              iso,
              r - t.headerRow,
            ),
          };
        }
        const style = styleAt(template, c);
        if (v === undefined && !style) continue;
        writes.push({ row: r, col: c, xml: cellXml(refOf(r, c), v ?? null, style, date1904) });
      }
    });
    newLast = end;
  }

  for (const w of writes) w.xml = binaryOfText(w.xml);
  const splices: Splice[] = [...cellSplices(xml, scan, writes)];
  if (newLast !== range.r2) splices.push(...growRanges(xml, scan, range.r2, newLast));
  // The used-range hint grows with the rows and the column the update adds.
  const dim = scan.topLevel.find((e) => e.name === "dimension");
  if (dim) {
    const tag = xml.slice(dim.start, dim.end + 1);
    const ref = /\sref="([^"]+)"/.exec(tag)?.[1];
    try {
      const d = ref ? parseRange(ref.includes(":") ? ref : `${ref}:${ref}`) : null;
      const grown = d && { ...d, r2: Math.max(d.r2, newLast), c2: Math.max(d.c2, statusCol ?? 0) };
      if (d && grown && (grown.r2 !== d.r2 || grown.c2 !== d.c2))
        splices.push({ at: dim.start, remove: tag.length, text: tag.replace(ref!, formatRange(grown)) });
    } catch {
      // a dimension we cannot read is left as it is (it is only a hint)
    }
  }
  if (
    tu.marksRemoved &&
    !xml.includes(binaryOfText(`="${PLAN_STATUS_REMOVED}"`)) &&
    statusCol &&
    ctx.lp.info.stylesPart
  ) {
    const dxf = addDxf(ctx.pkg, ctx.lp.info.stylesPart, STRUCK_DXF);
    ctx.allowed.insertOnly.add(ctx.lp.info.stylesPart);
    const first = t.headerRow + 1;
    const sq = formatRange({
      r1: first,
      c1: 1,
      r2: Math.max(newLast, first),
      c2: Math.max(range.c2, statusCol),
    });
    const formula = `$${colLetters(statusCol)}${first}="${PLAN_STATUS_REMOVED}"`;
    splices.push(
      conditionalFormatSplice(
        xml,
        scan,
        binaryOfText(
          `<${scan.prefix}conditionalFormatting sqref="${sq}"><${scan.prefix}cfRule type="expression" dxfId="${dxf}" priority="${maxPriority(xml, scan) + 1}"><${scan.prefix}formula>${escapeAttr(formula)}</${scan.prefix}formula></${scan.prefix}cfRule></${scan.prefix}conditionalFormatting>`,
        ),
      ),
    );
  }
  setPartBytes(ctx.pkg, part, applyBinarySplices(xml, splices));
  allow(ctx, part, writes);
  if (table && (newLast !== range.r2 || newColumn)) {
    const ref = formatRange({ ...range, r2: newLast, c2: newColumn ? statusCol! : range.c2 });
    setPartText(
      ctx.pkg,
      table.part,
      growTable(partText(ctx.pkg, table.part)!, ref, newColumn ? statusHeader : undefined),
    );
    ctx.allowed.parts.add(table.part);
  }
}

/**
 * `update --as-of`: the date goes into 说明's 统计截止日期 cell (keeping the cell's style), so that the
 * workbook's 预警 and dashboard compute for the date the update was run for. Only that cell changes.
 */
function writeAsOf(ctx: Ctx, iso: string): void {
  const entry = ctx.lp.roles.guide;
  if (!entry) return;
  const xml = partText(ctx.pkg, entry.part)!;
  const scan = scanPart(ctx.pkg, entry.part)!;
  if (!scan.sheetData) return;
  const [row, col] = [AS_OF_ROW, AS_OF_COL];
  const style = scan.rows.find((r) => r.r === row)?.cells.find((c) => c.col === col)?.style ?? "";
  const writes: CellWrite[] = [
    { row, col, xml: cellXml(refOf(row, col), date(iso), style, ctx.lp.ctx.date1904) },
  ];
  setPartText(ctx.pkg, entry.part, applySplices(xml, cellSplices(xml, scan, writes)));
  allow(ctx, entry.part, writes);
}

/** 计划原文 (hidden, the tool's own): its rows become the new plan's. */
function rewritePlanCopy(ctx: Ctx, plan: Plan): void {
  const entry = ctx.lp.roles.planCopy;
  if (!entry) return;
  const xml = partText(ctx.pkg, entry.part)!;
  // Only where sheetData is matters: the cells' places are not kept with the package.
  const scan = scanSheetText(xml, () => undefined, { placesOnly: true });
  if (!scan.sheetData) return;
  const rows = planCopySheet(plan).rows.map((row, i) => {
    const r = i + 1;
    // Dates as ISO text: the copy is read by the tool only, and text needs no date style.
    const cells = row
      .map((c, j) => (c === null || c === "" ? "" : cellXml(refOf(r, j + 1), asText(c), "")))
      .join("");
    return `<${scan.prefix}row r="${r}">${withPrefix(cells, scan.prefix)}</${scan.prefix}row>`;
  });
  const sd = scan.sheetData;
  const open = xml.slice(sd.start, sd.openEnd + 1).replace(/\s*\/>$/, ">");
  const pieces = [xml.slice(0, sd.start), open, ...rows, `</${scan.prefix}sheetData>`, xml.slice(sd.end + 1)];
  setPartBytes(ctx.pkg, entry.part, utf8OfPieces(pieces));
  ctx.allowed.ownedSheets.add(entry.part);
}

const asText = (c: Cell): Cell => (c && typeof c === "object" && c.kind === "date" ? c.iso : c);

function logRow(r: number, cells: Cell[]): string {
  return `<row r="${r}">${cells.map((c, j) => cellXml(refOf(r, j + 1), c, "")).join("")}</row>`;
}

/** 变更记录: this update's changes appended under the earlier ones (a new sheet the first time). */
function appendLog(ctx: Ctx, changes: Change[], when: string, notes: Cell[][]): string {
  const values = changes.map((c) => [when, c.kind, c.sheet, c.id, c.field, c.before, c.after] as Cell[]);
  if (!values.length) values.push([when, "核对", "", "", "", "", "计划没有变化"]);
  values.push(...notes);
  const entry = ctx.lp.roles.log;
  if (entry) {
    const xml = partText(ctx.pkg, entry.part)!;
    const scan: SheetScan = scanSheet(xml);
    const last = scan.rows.length ? scan.rows[scan.rows.length - 1].r : 0;
    const writes: CellWrite[] = [];
    values.forEach((row, i) =>
      row.forEach((c, j) =>
        writes.push({ row: last + 1 + i, col: j + 1, xml: cellXml(refOf(last + 1 + i, j + 1), c, "") }),
      ),
    );
    setPartBytes(ctx.pkg, entry.part, applySplicesAsBytes(xml, cellSplices(xml, scan, writes)));
    allow(ctx, entry.part, writes);
    return entry.name;
  }
  const taken = new Set(ctx.lp.info.sheets.map((s) => s.name));
  let name: string = "变更记录";
  for (let k = 1; taken.has(name); k++) name = k === 1 ? "变更记录（台账助手）" : `变更记录（台账助手${k}）`;
  const rows = [logRow(1, [...LOG_HEADERS]), ...values.map((v, i) => logRow(i + 2, v))].join("");
  const part = addWorksheet(ctx.pkg, ctx.lp.info.part, name, worksheetXml(rows, [17, 6, 10, 8, 10, 40, 40]));
  addDefinedNames(ctx.pkg, ctx.lp.info.part, [{ name: SHEET_MARKERS.log, ref: sheetRef(name) }]);
  for (const p of [ctx.lp.info.part, "[Content_Types].xml", relsOf(ctx.lp.info.part)])
    ctx.allowed.insertOnly.add(p);
  ctx.allowed.parts.add(part);
  return name;
}

const relsOf = (part: string) => {
  const i = part.lastIndexOf("/");
  return `${part.slice(0, i + 1)}_rels/${part.slice(i + 1)}.rels`;
};

export { date };
