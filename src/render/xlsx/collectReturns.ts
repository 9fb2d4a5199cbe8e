/**
 * `collect` on the package level: a returned copy read back (its round marker, the baseline as sent and
 * its rows, by header: columns may have been widened, added or moved, rows sorted or filtered), and the
 * entries taken written into the master in place: only those staff cells and the tool's own 来源记录 sheet
 * change; every other byte of the package stays, checked by `verifyPackage` before anything is written.
 */
import { readSheet, UnusableWorkbookError, type SheetGrid } from "../../ledger/grid";
import { isDateFormat } from "../../ledger/dates";
import type { ReadSheet } from "../../ledger/snapshot";
import { SHEETS } from "../../ledger/vocabulary";
import {
  BASELINE_HEADERS,
  MARKER_LABELS,
  ROUND_MARKERS,
  ROUND_SHEETS,
  SOURCE_HEADERS,
  type BaselineEntry,
  type RoundMarker,
  type Taken,
} from "../../ledger/round";
import type { Cell } from "../../workbook/spec";
import { cellXml } from "./package/cellXml";
import {
  fillMerged,
  gridOfRole,
  openLedgerPackage,
  sheetOfRef,
  sheetXml,
  tableDataEnd,
  type LedgerPackage,
} from "./package/ledgerPackage";
import { applySplices, cellSplices, refOf, type CellWrite } from "./package/patchSheet";
import { gridFromXml } from "./package/readGrid";
import { parseRef, scanSheet } from "./package/sheetScan";
import { appendOwnedRows } from "./ownedSheet";
import type { AllowedChanges } from "./package/verifyPackage";
import { clonePackage, partText, setPartText, writePackage, type XlsxPackage } from "./package/zip";

export interface ReturnedCopy {
  marker: RoundMarker;
  baseline: BaselineEntry[];
  ledger: ReadSheet;
  milestones: ReadSheet | null;
}

const NOT_A_COPY =
  "不是台账助手分发的报送表（找不到隐藏的“报送信息”表）。请让该单位在分发的原文件上填写后发回；若内容是复制到新文件中的，请复制回原文件。";

const text = (g: SheetGrid, r: number, c: number) => {
  const v = g.values[r]?.[c];
  if (v === null || v === undefined) return "";
  return typeof v === "object" ? (v as { date: string }).date : String(v);
};

export function readReturnedCopy(bytes: Uint8Array): ReturnedCopy {
  const lp = openLedgerPackage(bytes);
  const name = lp.info.names.find((n) => n.name === ROUND_MARKERS.info && n.localSheetId === undefined);
  const infoName = (name && sheetOfRef(name.text)) ?? ROUND_SHEETS.info;
  const entry = lp.info.sheets.find((s) => s.name === infoName && s.part);
  const xml = entry ? partText(lp.pkg, entry.part) : null;
  if (!xml || !lp.roles.ledger) throw new UnusableWorkbookError(NOT_A_COPY);
  const g = gridFromXml(xml, lp.ctx);
  const labels = new Map<string, string>();
  let baseRow = -1;
  for (let r = 0; r < g.values.length; r++) {
    if (text(g, r, 0) === BASELINE_HEADERS[0] && text(g, r, 1) === BASELINE_HEADERS[1]) {
      baseRow = r;
      break;
    }
    labels.set(text(g, r, 0), text(g, r, 1));
  }
  const marker = Object.fromEntries(
    (Object.keys(MARKER_LABELS) as (keyof RoundMarker)[]).map((k) => [k, labels.get(MARKER_LABELS[k]) ?? ""]),
  ) as unknown as RoundMarker;
  if (!marker.masterId || !marker.unit || !marker.round || baseRow < 0)
    throw new UnusableWorkbookError(`${NOT_A_COPY}（“报送信息”表的内容不完整，可能被改动过。）`);
  const baseline: BaselineEntry[] = [];
  for (let r = baseRow + 1; r < g.values.length; r++) {
    const key = text(g, r, 0);
    if (key) baseline.push({ key, column: text(g, r, 1), text: text(g, r, 2) });
  }
  const sheetOf = (role: "ledger" | "milestones") => {
    const grid = gridOfRole(lp, role, tableDataEnd(lp, role));
    return grid && fillMerged(grid, sheetXml(lp, role) ?? "");
  };
  return {
    marker,
    baseline,
    ledger: readSheet(SHEETS.ledger, sheetOf("ledger"), true)!,
    milestones: readSheet(SHEETS.milestones, sheetOf("milestones"), false),
  };
}

export { SOURCE_HEADERS };

export interface CollectPatch {
  bytes: Uint8Array;
  allowed: AllowedChanges;
  sourcesSheet: string;
}

const SOURCES_SHEET = {
  marker: ROUND_MARKERS.sources,
  name: ROUND_SHEETS.sources,
  headers: SOURCE_HEADERS,
  widths: [17, 18, 24, 12, 12, 10, 10, 30, 30],
};

/** Writes the entries taken into the master's cells and appends `records` to 来源记录. */
export function applyCollect(
  lp: LedgerPackage,
  taken: Taken[],
  records: Cell[][],
  /** Further edits of the tool's own cells, given the 来源记录 sheet's name (the dashboard's round section). */
  also?: (pkg: XlsxPackage, allowed: AllowedChanges, sheet: string) => void,
): CollectPatch {
  const pkg = clonePackage(lp.pkg);
  const allowed: AllowedChanges = {
    cells: new Map(),
    ownedSheets: new Set(),
    insertOnly: new Set(),
    parts: new Set(),
  };
  const dateStyle = String(lp.ctx.formats.findIndex((f) => isDateFormat(f)));
  const bySheet = new Map<"ledger" | "milestones", Taken[]>();
  for (const t of taken) {
    const role = t.sheet === SHEETS.milestones ? "milestones" : "ledger";
    bySheet.set(role, [...(bySheet.get(role) ?? []), t]);
  }
  for (const [role, list] of bySheet) {
    const entry = lp.roles[role]!;
    const xml = partText(pkg, entry.part)!;
    const scan = scanSheet(xml);
    const cells = new Map(scan.rows.flatMap((r) => r.cells.map((c) => [`${c.row}:${c.col}`, c] as const)));
    const writes: CellWrite[] = list.map((t) => {
      const [row, col] = parseRef(t.address)!;
      // The cell's own style; an empty cell never written takes the style of the cell above it.
      const style = cells.get(`${row}:${col}`)?.style ?? cells.get(`${row - 1}:${col}`)?.style ?? "";
      const cell = t.to.cell;
      const isDate = cell !== null && typeof cell === "object" && cell.kind === "date";
      const keep =
        isDate && !isDateFormat(lp.ctx.formats[Number(style)] ?? "") && dateStyle !== "-1"
          ? dateStyle
          : style;
      return { row, col, xml: cellXml(refOf(row, col), cell, keep, lp.ctx.date1904) };
    });
    setPartText(pkg, entry.part, applySplices(xml, cellSplices(xml, scan, writes)));
    allowed.cells.set(entry.part, new Set(writes.map((w) => `${w.row}:${w.col}`)));
  }
  const sourcesSheet = appendOwnedRows(lp, pkg, allowed, SOURCES_SHEET, records);
  also?.(pkg, allowed, sourcesSheet);
  return { bytes: writePackage(pkg), allowed, sourcesSheet };
}
