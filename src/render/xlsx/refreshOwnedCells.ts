/**
 * `update` in the package: the cells the tool wrote on 仪表盘 and 说明 brought up to this version's layout
 * (`planOwnedRefresh` decides which), and the hidden 别名统计 sheet the new unit formulas read added to a
 * ledger built before it. Only those cells and that sheet change; each cell keeps its style.
 */
import type { Plan } from "../../plan";
import type { SheetGrid } from "../../ledger/grid";
import { summaryOf } from "../../dashboard/fromSnapshot";
import { rowsFromSnapshot } from "../../dashboard/rows";
import {
  figurelessSummary,
  planOwnedRefresh,
  planRowFormulas,
  type OwnedRefresh,
  type OwnedWrite,
} from "../../workbook/refreshOwned";
import { PLAN_STATUS_HEADER } from "../../ledger/vocabulary";
import type { InPlaceUpdate } from "../../ledger/update/inPlace";
import type { SheetTable } from "../../ledger/update/table";
import { ALIAS_SHEET, ALIAS_SHEET_MARKER, aliasSheet } from "../../workbook/sheets/aliases";
import { isFormulaCell } from "../../workbook/spec";
import { cellXml } from "./package/cellXml";
import { gridFromXml } from "./package/readGrid";
import type { LedgerPackage } from "./package/ledgerPackage";
import { cellOf, cellSplices, refOf, type CellWrite } from "./package/patchSheet";
import { scanSheet } from "./package/sheetScan";
import { addDefinedNames, addWorksheet, applySplices, worksheetXml } from "./package/structure";
import { partText, setPartText, type XlsxPackage } from "./package/zip";
import type { AllowedChanges } from "./package/verifyPackage";
import { snapshotOfPackage } from "./readXlsx";

interface Ctx {
  pkg: XlsxPackage;
  lp: LedgerPackage;
  allowed: AllowedChanges;
  asOf: string;
}

const gridOf = (ctx: Ctx, role: "dashboard" | "guide"): SheetGrid | null => {
  const e = ctx.lp.roles[role];
  const xml = e && partText(ctx.pkg, e.part);
  return xml ? gridFromXml(xml, ctx.lp.ctx) : null;
};

/** What `beginOwnedRefresh` found: null when the ledger is already in this layout. */
export type PendingRefresh = { plan: Plan } | null;

/**
 * Before the update patches the tables: whether the tool's cells need this version's layout (one read of
 * 仪表盘 and 说明; the formulas do not depend on the figures, so no figures are counted). A ledger
 * built before the 计划状态 column gets it now (empty), since the new formulas read it.
 */
export function beginOwnedRefresh(
  ctx: Ctx,
  plan: Plan,
  tables: { ledger: SheetTable; milestones: SheetTable | null },
  update: InPlaceUpdate,
): PendingRefresh {
  const quick = planOwnedRefresh({
    plan,
    dashboard: gridOf(ctx, "dashboard"),
    guide: gridOf(ctx, "guide"),
    summary: figurelessSummary(plan, ctx.asOf),
  });
  if (!quick.dashboard.length && !quick.guide.length) return null;
  if (!tables.ledger.columns.has(PLAN_STATUS_HEADER)) update.ledger.marksRemoved = true;
  if (tables.milestones && update.milestones && !tables.milestones.columns.has(PLAN_STATUS_HEADER))
    update.milestones.marksRemoved = true;
  return { plan };
}

const nothing = (): OwnedRefresh => ({ dashboard: [], guide: [], kept: [], missingRows: [] });

/**
 * After the tables are patched: refreshes the tool's cells of 仪表盘 and 说明, the 预警 and 清单排序
 * formulas of the tables' rows, and adds 别名统计 where the new unit formulas need it; says what it did.
 */
export function finishOwnedRefresh(ctx: Ctx, pending: PendingRefresh): OwnedRefresh {
  if (!pending) return nothing();
  const { plan } = pending;
  // Cached results for the ledger as updated, at the date the update computes for.
  const snapshot = snapshotOfPackage({ ...ctx.lp, pkg: ctx.pkg });
  const refresh = planOwnedRefresh({
    plan,
    dashboard: gridOf(ctx, "dashboard"),
    guide: gridOf(ctx, "guide"),
    summary: summaryOf(snapshot, { asOf: ctx.asOf, today: ctx.asOf }),
  });
  const aliasesRead = refresh.dashboard.some(
    (w) => isFormulaCell(w.cell) && w.cell.formula.includes(`'${ALIAS_SHEET}'!`),
  );
  if (aliasesRead && !hasAliasSheet(ctx)) {
    if (ctx.lp.info.sheets.some((s) => s.name === ALIAS_SHEET)) {
      // A sheet of that name the tool did not make: the unit rows keep their older formulas.
      refresh.dashboard = refresh.dashboard.filter(
        (w) => !(isFormulaCell(w.cell) && w.cell.formula.includes(`'${ALIAS_SHEET}'!`)),
      );
      refresh.kept.push({ sheet: ALIAS_SHEET, address: "A1", holds: "工作人员自己的同名工作表" });
    } else addAliasSheet(ctx, snapshot);
  }
  write(ctx, "dashboard", refresh.dashboard);
  write(ctx, "guide", refresh.guide);
  const ledgerRows = planRowFormulas(snapshot.ledger, "ledger", refresh.kept);
  write(ctx, "ledger", ledgerRows);
  const milestoneRows = snapshot.milestones
    ? planRowFormulas(snapshot.milestones, "milestones", refresh.kept)
    : [];
  write(ctx, "milestones", milestoneRows);
  refresh.rowFormulas = ledgerRows.length + milestoneRows.length;
  return refresh;
}

function hasAliasSheet(ctx: Ctx): boolean {
  return ctx.lp.info.names.some((n) => n.name === ALIAS_SHEET_MARKER);
}

function write(ctx: Ctx, role: "dashboard" | "guide" | "ledger" | "milestones", writes: OwnedWrite[]): void {
  const entry = ctx.lp.roles[role];
  if (!entry || !writes.length) return;
  const xml = partText(ctx.pkg, entry.part)!;
  const scan = scanSheet(xml);
  const rows = new Map(scan.rows.map((r) => [r.r, r]));
  const cells: CellWrite[] = writes.map((w) => {
    const row = rows.get(w.row);
    // The cell's own style, else the row's first styled cell's on that row (a cell the older layout left empty).
    const style = (row && cellOf(row, w.col)?.style) || "";
    return { row: w.row, col: w.col, xml: cellXml(refOf(w.row, w.col), w.cell, style, ctx.lp.ctx.date1904) };
  });
  setPartText(ctx.pkg, entry.part, applySplices(xml, cellSplices(xml, scan, cells)));
  const set = ctx.allowed.cells.get(entry.part) ?? new Set<string>();
  for (const c of cells) set.add(`${c.row}:${c.col}`);
  ctx.allowed.cells.set(entry.part, set);
}

/** The hidden 别名统计 of this layout, added to a ledger built before it (with its marker name). */
function addAliasSheet(ctx: Ctx, snapshot: ReturnType<typeof snapshotOfPackage>): void {
  const units = (snapshot.units?.rows ?? []).map((r) => ({
    name: String(r.cells["单位名称"]?.text ?? ""),
    aliases: String(r.cells["别名"]?.text ?? ""),
  }));
  const responsible = new Map(
    snapshot.ledger.rows.map((r) => [r.row, String(r.cells["责任单位"]?.text ?? "")]),
  );
  const spec = aliasSheet(
    units,
    rowsFromSnapshot(snapshot).tasks,
    ctx.asOf,
    (t) => responsible.get(t.row) ?? "",
  );
  const rowsXml = spec.rows
    .map((cells, i) => {
      const r = i + 1;
      const xml = cells
        .map((c, j) => (c === null || c === "" ? "" : cellXml(refOf(r, j + 1), c, "", ctx.lp.ctx.date1904)))
        .join("");
      return xml ? `<row r="${r}">${xml}</row>` : "";
    })
    .join("");
  const wbPart = ctx.lp.info.part;
  const part = addWorksheet(
    ctx.pkg,
    wbPart,
    ALIAS_SHEET,
    worksheetXml(
      rowsXml,
      spec.columns.map((c) => c.width),
    ),
  );
  // Hidden, as a freshly built ledger has it: its rows are for the formulas, not for reading.
  const wb = partText(ctx.pkg, wbPart)!;
  setPartText(ctx.pkg, wbPart, wb.replace(/(<(?:\w+:)?sheet name="别名统计")/, '$1 state="hidden"'));
  addDefinedNames(ctx.pkg, wbPart, [{ name: ALIAS_SHEET_MARKER, ref: `'${ALIAS_SHEET}'!$A$1` }]);
  for (const p of [wbPart, "[Content_Types].xml", relsOf(wbPart)]) ctx.allowed.insertOnly.add(p);
  ctx.allowed.parts.add(part);
}

const relsOf = (part: string) => {
  const i = part.lastIndexOf("/");
  return `${part.slice(0, i + 1)}_rels/${part.slice(i + 1)}.rels`;
};
