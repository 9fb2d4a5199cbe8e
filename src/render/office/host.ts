/**
 * The add-in's actions on the open workbook, each one `Excel.run` batch with a bounded number of syncs.
 * The task pane calls these and nothing else of Office.js; the browser preview passes the in-memory run.
 */
import type { Plan } from "../../plan";
import { summaryOf } from "../../dashboard/fromSnapshot";
import type { Summary } from "../../dashboard/summary";
import { validateLedger, type ValidationResult } from "../../ledger/validate/validate";
import type { LedgerIssue } from "../../ledger/validate/issue";
import { AS_OF_NAME, HISTORY_SHEETS, SHEETS, TABLES } from "../../ledger/vocabulary";
import { isoToSerial } from "../../ledger/dates";
import { ledgerWorkbook } from "../../workbook/ledgerWorkbook";
import { dashboardSheet } from "../../workbook/sheets/dashboard";
import type { RunBatch } from "./api";
import { existingFromGrids } from "../../ledger/update/existing";
import { reconcile, type Change } from "../../ledger/update/reconcile";
import { describeChanges } from "../../ledger/update/describe";
import { verifyUpdate } from "../../ledger/update/verify";
import type { Capabilities } from "./capabilities";
import { queueLedgerRead, queueUpdateRead } from "./readLedger";
import { Sender, writeWorkbook } from "./writeWorkbook";

export interface GenerateResult {
  sheets: string[];
  skipped: string[];
}

/** A failure with what was already written, so the pane can say exactly where things stand. */
export class ActionError extends Error {
  constructor(
    message: string,
    readonly written: string[] = [],
  ) {
    super(message);
    this.name = "ActionError";
  }
}

const HIGHLIGHT = { error: "#FFC7CE", warning: "#FFEB9C" };

export interface UpdatePreview {
  summary: string;
  changes: Change[];
}
export interface UpdateResult extends UpdatePreview {
  skipped: string[];
}

/** Every sheet an update rewrites; staff's own sheets are never touched. */
const OUR_SHEETS = [
  SHEETS.guide,
  SHEETS.dashboard,
  SHEETS.ledger,
  SHEETS.milestones,
  SHEETS.units,
  HISTORY_SHEETS.removed,
  HISTORY_SHEETS.log,
  SHEETS.planCopy,
];
const aside = (name: string) => `${name}(更新前)`;

export class WorkbookHost {
  /** Original fills of highlighted cells, to put back exactly. */
  private highlighted = new Map<string, { sheet: string; cell: string; fill: string | null }>();

  constructor(
    private readonly run: RunBatch,
    readonly capabilities: Capabilities,
    private readonly today: () => string,
    /** Time stamp for the change log. */
    private readonly now: () => string = () => today(),
  ) {}

  /** Is there a ledger in this workbook already? (1 sync) */
  async hasLedger(): Promise<boolean> {
    return this.run(async (context) => {
      const s = context.workbook.worksheets.getItemOrNullObject(SHEETS.ledger);
      s.load("isNullObject");
      await context.sync();
      return !s.isNullObject;
    });
  }

  /** Writes the whole ledger workbook. Refuses when any of its sheets exists. (1 check + the writes) */
  async generate(plan: Plan, asOf: string): Promise<GenerateResult> {
    const spec = ledgerWorkbook(plan, { asOf });
    const names = spec.sheets.map((s) => s.name);
    return this.run(async (context) => {
      const found = names.map((n) => context.workbook.worksheets.getItemOrNullObject(n).load("isNullObject"));
      await context.sync();
      const clash = names.filter((_, i) => !found[i].isNullObject);
      if (clash.length) {
        throw new ActionError(
          `工作簿中已有工作表“${clash.join("、")}”，为保护已填写的内容，没有写入任何东西。请新建一个空白工作簿再生成台账。`,
        );
      }
      // Older Excel (before ExcelApi 1.6) would fail the whole request on this call.
      if (this.capabilities.suspendCalculation)
        context.workbook.application?.suspendApiCalculationUntilNextSync();
      try {
        const sender = new Sender(context);
        const report = await writeWorkbook(context, spec, this.capabilities, sender);
        context.workbook.worksheets.getItemOrNullObject(SHEETS.ledger).activate();
        await sender.flush();
        return { sheets: names, skipped: report.skipped };
      } catch (err) {
        throw new ActionError(
          `生成台账时出错：${(err as Error).message}。已写入的工作表可能不完整，请删除新建的工作表（${names.join("、")}）后重试。`,
          names,
        );
      }
    });
  }

  /** What updating the ledger to this plan would change; nothing is written. (1 sync) */
  async previewUpdate(plan: Plan): Promise<UpdatePreview> {
    return this.run(async (context) => {
      const read = queueUpdateRead(context);
      await context.sync();
      const merged = reconcile(plan, existingFromGrids(read()), this.now());
      return { summary: describeChanges(merged), changes: merged.changes };
    });
  }

  /**
   * Brings the ledger up to the plan without losing an entry. The old sheets are first renamed aside
   * (…(更新前)), the new ones written, read back and checked against the old; only then are the old ones
   * deleted. If anything fails, the old sheets are still there, and the error says so.
   */
  async update(plan: Plan): Promise<UpdateResult> {
    return this.run(async (context) => {
      const sheets = context.workbook.worksheets;
      const read = queueUpdateRead(context);
      const present = OUR_SHEETS.map((n) => sheets.getItemOrNullObject(n).load("isNullObject"));
      const leftovers = OUR_SHEETS.map((n) => sheets.getItemOrNullObject(aside(n)).load("isNullObject"));
      const tables = Object.values(TABLES).map((t) => context.workbook.tables.getItemOrNullObject(t));
      tables.forEach((t) => t.load("isNullObject"));
      const asOfName = context.workbook.names.getItemOrNullObject(AS_OF_NAME).load("isNullObject");
      await context.sync();
      const clash = OUR_SHEETS.filter((_, i) => !leftovers[i].isNullObject).map(aside);
      if (clash.length) {
        throw new ActionError(
          `工作簿中有上次更新留下的工作表“${clash.join("、")}”。请先核对其中内容，确认无用后删除或改名，再更新台账。没有写入任何东西。`,
        );
      }
      const before = existingFromGrids(read());
      const merged = reconcile(plan, before, this.now());
      const spec = ledgerWorkbook(plan, { asOf: this.today(), merged });
      const written = OUR_SHEETS.filter((_, i) => !present[i].isNullObject).map(aside);
      try {
        // Set the old sheets, their tables and the as-of name aside; they stay until the new ones check out.
        OUR_SHEETS.forEach(
          (n, i) => !present[i].isNullObject && (sheets.getItemOrNullObject(n).name = aside(n)),
        );
        tables.forEach((t, i) => !t.isNullObject && (t.name = `${Object.values(TABLES)[i]}_before_update`));
        if (!asOfName.isNullObject) asOfName.delete();
        const sender = new Sender(context);
        const report = await writeWorkbook(context, spec, this.capabilities, sender);
        spec.sheets.forEach((sh, i) => (sheets.getItemOrNullObject(sh.name).position = i));
        await sender.flush();
        const check = queueUpdateRead(context);
        await context.sync();
        const losses = verifyUpdate(before, merged, existingFromGrids(check()));
        if (losses.length) {
          const l = losses[0];
          throw new ActionError(
            `更新后核对发现 ${losses.length} 处填写内容与原来不同（如 ${l.sheet} ${l.id} ${l.field}）。原台账完整保留在“${written.join("、")}”中，请勿删除，并联系技术支持。`,
            written,
          );
        }
        for (const name of written) sheets.getItemOrNullObject(name).delete();
        await context.sync();
        return { summary: describeChanges(merged), changes: merged.changes, skipped: report.skipped };
      } catch (err) {
        if (err instanceof ActionError) throw err;
        throw new ActionError(
          `更新时出错：${(err as Error).message}。原台账完整保留在“${written.join("、")}”中；请删除未写完的新工作表，再把这些工作表改回原名。`,
          written,
        );
      }
    });
  }

  /** Reads the ledger and checks it. (1 sync) */
  async validate(asOf?: string): Promise<ValidationResult> {
    return this.run(async (context) => {
      const read = queueLedgerRead(context);
      await context.sync();
      return validateLedger(read(), { asOf, today: this.today() });
    });
  }

  /** The figures of the ledger as it stands. (1 sync) */
  async summary(asOf?: string): Promise<Summary> {
    return this.run(async (context) => {
      const read = queueLedgerRead(context);
      await context.sync();
      return summaryOf(read(), { asOf, today: this.today() });
    });
  }

  /** Rewrites the 仪表盘 sheet from the ledger; the ledger itself is only read. (1 read + the writes) */
  async refreshDashboard(): Promise<{ summary: Summary; skipped: string[] }> {
    return this.run(async (context) => {
      const read = queueLedgerRead(context);
      const old = context.workbook.worksheets
        .getItemOrNullObject(SHEETS.dashboard)
        .load(["isNullObject", "position"]);
      await context.sync();
      const summary = summaryOf(read(), { today: this.today() });
      const { sheet } = dashboardSheet(summary);
      const position = old.isNullObject ? 1 : old.position;
      if (!old.isNullObject) old.delete();
      // Older Excel (before ExcelApi 1.6) would fail the whole request on this call.
      if (this.capabilities.suspendCalculation)
        context.workbook.application?.suspendApiCalculationUntilNextSync();
      const sender = new Sender(context);
      const report = await writeWorkbook(context, { sheets: [sheet], names: [] }, this.capabilities, sender);
      const fresh = context.workbook.worksheets.getItemOrNullObject(SHEETS.dashboard);
      fresh.position = position;
      fresh.activate();
      await sender.flush();
      return { summary, skipped: report.skipped };
    });
  }

  /** Writes the as-of date into 说明. (1 sync) */
  async setAsOf(iso: string): Promise<void> {
    await this.run(async (context) => {
      const cell = context.workbook.worksheets.getItemOrNullObject(SHEETS.guide).getRange("B4");
      cell.values = [[isoToSerial(iso)]];
      await context.sync();
    });
  }

  /** Shows a cell to the user. (1 sync) */
  async select(sheet: string, cell: string): Promise<void> {
    await this.run(async (context) => {
      const ws = context.workbook.worksheets.getItemOrNullObject(sheet);
      ws.activate();
      ws.getRange(cell).select();
      await context.sync();
    });
  }

  /** Colours the cells of the issues, remembering their own fill to put back. (2 syncs) */
  async highlight(issues: LedgerIssue[]): Promise<number> {
    const cells = [...new Map(issues.map((i) => [`${i.sheet}!${i.cell}`, i])).values()].filter((i) => i.cell);
    return this.run(async (context) => {
      const ranges = cells.map((i) => {
        const r = context.workbook.worksheets.getItemOrNullObject(i.sheet).getRange(i.cell);
        r.format.fill.load("color");
        return r;
      });
      await context.sync();
      cells.forEach((i, k) => {
        const key = `${i.sheet}!${i.cell}`;
        if (!this.highlighted.has(key)) {
          const color = ranges[k].format.fill.color;
          this.highlighted.set(key, {
            sheet: i.sheet,
            cell: i.cell,
            fill: color && color !== "#FFFFFF" ? color : null,
          });
        }
        ranges[k].format.fill.color = HIGHLIGHT[i.severity];
      });
      await context.sync();
      return cells.length;
    });
  }

  /** Puts back every highlighted cell's own fill. (1 sync) */
  async clearHighlight(): Promise<number> {
    const entries = [...this.highlighted.values()];
    await this.run(async (context) => {
      for (const e of entries) {
        const fill = context.workbook.worksheets.getItemOrNullObject(e.sheet).getRange(e.cell).format.fill;
        if (e.fill) fill.color = e.fill;
        else fill.clear();
      }
      await context.sync();
    });
    this.highlighted.clear();
    return entries.length;
  }
}
