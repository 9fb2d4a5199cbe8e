/**
 * The add-in's actions on the open workbook, each one `Excel.run` batch with a bounded number of syncs.
 * The task pane calls these and nothing else of Office.js; the browser preview passes the in-memory run.
 */
import type { Plan } from "../../plan";
import { summaryOf } from "../../dashboard/fromSnapshot";
import type { Summary } from "../../dashboard/summary";
import { validateLedger, type ValidationResult } from "../../ledger/validate/validate";
import type { LedgerIssue } from "../../ledger/validate/issue";
import {
  AS_OF_NAME,
  PLAN_STATUS_MARKERS,
  ROUND_SECTION_MARKERS,
  SHEET_MARKERS,
  SHEETS,
} from "../../ledger/vocabulary";
import { ALIAS_SHEET_MARKER } from "../../workbook/sheets/aliases";
import { isoToSerial } from "../../ledger/dates";
import { ledgerWorkbook } from "../../workbook/ledgerWorkbook";
import { dashboardSheet } from "../../workbook/sheets/dashboard";
import type { ContextLike, RunBatch } from "./api";
import { UnusableWorkbookError } from "../../ledger/grid";
import type { Capabilities } from "./capabilities";
import { readLedger } from "./readLedger";
import {
  emptyJournal,
  planOfficeUpdate,
  previewOf,
  writeOfficeUpdate,
  type Planned,
  type UpdatePreview,
  type UpdateResult,
} from "./updateInPlace";
import { failedUpdateMessage, restoreOfficeUpdate, type RestoreReport } from "./updateRestore";
import { cellInput, DAYS_1900_TO_1904, Sender, writeWorkbook } from "./writeWorkbook";
import { serialToIso } from "../../ledger/dates";
import { officeErrorMessage } from "./errors";

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

/** Highlight fills no ledger rule uses (逾期 is red, 临期 yellow, 已完成 green), so a mark is never taken for a warning. */
/** Blue and violet: apart at a glance from the red/yellow/green of 逾期、临期 and 已完成, also when printed. */
export const HIGHLIGHT = { error: "#9DC3E6", warning: "#DCD0FF" };
/** A very hidden sheet that remembers each marked cell's own fill, so 清除 works after the workbook is reopened. */
export const MARKS_SHEET = "台账助手标记";

export type { UpdatePreview, UpdateResult };

/** A workbook the update cannot read safely: its message already says what is wrong and what to do. */
const asActionError = (err: unknown) =>
  err instanceof UnusableWorkbookError ? new ActionError(err.message) : err;

export class WorkbookHost {
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

  /**
   * Writes the whole ledger workbook. Refuses when any of its sheets or names exists. If a write fails half-way,
   * what was written is removed again and the error says so. (1 check + the writes)
   */
  async generate(plan: Plan, asOf: string): Promise<GenerateResult> {
    const spec = ledgerWorkbook(plan, { asOf });
    const names = spec.sheets.map((s) => s.name);
    return this.run(async (context) => {
      const found = names.map((n) => context.workbook.worksheets.getItemOrNullObject(n).load("isNullObject"));
      const name = context.workbook.names.getItemOrNullObject(AS_OF_NAME).load("isNullObject");
      const epoch = context.workbook.functions.date(1904, 1, 1).load("value");
      await context.sync();
      const clash = names.filter((_, i) => !found[i].isNullObject);
      if (clash.length) {
        throw new ActionError(
          `工作簿中已有工作表“${clash.join("、")}”，为保护已填写的内容，没有写入任何东西。请新建一个空白工作簿再生成台账。`,
        );
      }
      // A name left by an earlier failed attempt (pointing at #REF!) would make adding it fail.
      if (!name.isNullObject) name.delete();
      // Older Excel (before ExcelApi 1.6) would fail the whole request on this call.
      if (this.capabilities.suspendCalculation)
        context.workbook.application?.suspendApiCalculationUntilNextSync();
      try {
        const sender = new Sender(context);
        const report = await writeWorkbook(context, spec, this.capabilities, sender, {
          date1904: epoch.value === 0,
        });
        context.workbook.worksheets.getItemOrNullObject(SHEETS.ledger).activate();
        await sender.flush();
        return { sheets: names, skipped: report.skipped };
      } catch (err) {
        const left = await this.removeSheets(context, names);
        throw new ActionError(
          left.length
            ? `生成台账时出错：${officeErrorMessage(err)}。未能删除写了一半的工作表“${left.join("、")}”，请手动删除后重试。`
            : `生成台账时出错：${officeErrorMessage(err)}。写了一半的工作表已删除，工作簿保持原样。`,
          left,
        );
      }
    });
  }

  /** Deletes these sheets where they exist (and the as-of name); returns those that could not be removed. */
  private async removeSheets(context: ContextLike, names: string[], asOfName = true): Promise<string[]> {
    try {
      const sheets = names.map((n) =>
        context.workbook.worksheets.getItemOrNullObject(n).load("isNullObject"),
      );
      const name = context.workbook.names.getItemOrNullObject(AS_OF_NAME).load("isNullObject");
      // The names that mark our sheets go with them (they would only point at #REF! otherwise).
      const markers = [
        ...Object.values(SHEET_MARKERS),
        ...Object.values(PLAN_STATUS_MARKERS),
        ALIAS_SHEET_MARKER,
        ...Object.values(ROUND_SECTION_MARKERS),
      ].map((m) => context.workbook.names.getItemOrNullObject(m).load("isNullObject"));
      await context.sync();
      sheets.forEach((s) => !s.isNullObject && s.delete());
      if (asOfName && !name.isNullObject) name.delete();
      if (asOfName) markers.forEach((m) => !m.isNullObject && m.delete());
      await context.sync();
      return [];
    } catch {
      return names;
    }
  }

  /** What updating the ledger to this plan would change, and whether staff must confirm it; nothing is written. */
  async previewUpdate(plan: Plan): Promise<UpdatePreview> {
    return this.run(async (context) => {
      try {
        return previewOf(await planOfficeUpdate(context, plan));
      } catch (err) {
        throw asActionError(err);
      }
    });
  }

  /**
   * Brings the ledger up to the plan by editing it in place (as `plan-ledger update` edits the file): only
   * the plan cells of the tool's rows, the plan-status mark, rows appended through the table, the hidden plan
   * copy and the change log are written; no sheet is renamed or deleted and no row moves. The workbook is read
   * again and the update planned afresh (staff may have edited since the preview). An update that removes or
   * renumbers many tasks, or matches some uncertainly, is written only when `confirmed`.
   */
  async update(plan: Plan, options: { confirmed?: boolean } = {}): Promise<UpdateResult> {
    const journal = emptyJournal();
    let planned: Planned | undefined;
    try {
      return await this.run(async (context) => {
        try {
          planned = await planOfficeUpdate(context, plan);
        } catch (err) {
          throw asActionError(err);
        }
        const preview = previewOf(planned);
        if (planned.confirm && !options.confirmed)
          throw new ActionError(
            `${planned.confirm}没有写入任何东西。请先在改动清单中核对，确认计划文件无误后再点“确认更新”。`,
          );
        const skipped = await writeOfficeUpdate(
          context,
          planned,
          plan,
          this.capabilities,
          this.now(),
          journal,
        );
        return { ...preview, skipped };
      });
    } catch (err) {
      if (err instanceof ActionError) throw err;
      const reason = officeErrorMessage(err);
      if (!planned) throw new ActionError(`读取台账时出错：${reason}。没有写入任何东西。`);
      // Put back what was sent, in a batch of its own (the failed one's context may be gone with it).
      const done = planned;
      const report = await this.run((context) => restoreOfficeUpdate(context, done, journal)).catch(
        (again: unknown): RestoreReport => ({
          unsure: [{ text: "这次更新写入的全部位置" }],
          failure: officeErrorMessage(again),
          kept: [],
        }),
      );
      throw new ActionError(failedUpdateMessage(reason, report));
    }
  }

  /** Reads the ledger and checks it. (2 syncs on the seed; more only as the response limit needs) */
  async validate(asOf?: string): Promise<ValidationResult> {
    return this.run(async (context) =>
      validateLedger(await readLedger(context), { asOf, today: this.today() }),
    );
  }

  /** The figures of the ledger as it stands. */
  async summary(asOf?: string): Promise<Summary> {
    return this.run(async (context) => summaryOf(await readLedger(context), { asOf, today: this.today() }));
  }

  /** The as-of date written in the workbook (说明!B4), or null when there is none. (1 sync) */
  async asOf(): Promise<string | null> {
    return this.run(async (context) => {
      const cell = context.workbook.worksheets.getItemOrNullObject(SHEETS.guide).getRange("B4");
      const sheet = context.workbook.worksheets.getItemOrNullObject(SHEETS.guide).load("isNullObject");
      const epoch = context.workbook.functions.date(1904, 1, 1).load("value");
      await context.sync();
      if (sheet.isNullObject) return null;
      cell.load("values");
      await context.sync();
      const v = cell.values[0][0];
      return typeof v === "number" ? serialToIso(v, epoch.value === 0) : null;
    });
  }

  /** Rewrites the 仪表盘 sheet from the ledger; the ledger itself is only read. (1 read + the writes) */
  async refreshDashboard(): Promise<{ summary: Summary; skipped: string[] }> {
    return this.run(async (context) => {
      const old = context.workbook.worksheets
        .getItemOrNullObject(SHEETS.dashboard)
        .load(["isNullObject", "position"]);
      const guide = context.workbook.worksheets
        .getItemOrNullObject(SHEETS.guide)
        .load(["isNullObject", "position"]);
      const snapshot = await readLedger(context);
      const summary = summaryOf(snapshot, { today: this.today() });
      const { sheet } = dashboardSheet(summary);
      // Where it was, or (gone) right after 说明.
      const position = !old.isNullObject ? old.position : guide.isNullObject ? 0 : guide.position + 1;
      if (!old.isNullObject) old.delete();
      // Older Excel (before ExcelApi 1.6) would fail the whole request on this call.
      if (this.capabilities.suspendCalculation)
        context.workbook.application?.suspendApiCalculationUntilNextSync();
      try {
        const sender = new Sender(context);
        const report = await writeWorkbook(
          context,
          { sheets: [sheet], names: [] },
          this.capabilities,
          sender,
          {
            date1904: snapshot.date1904,
          },
        );
        const fresh = context.workbook.worksheets.getItemOrNullObject(SHEETS.dashboard);
        fresh.position = position;
        fresh.activate();
        await sender.flush();
        return { summary, skipped: report.skipped };
      } catch (err) {
        // The dashboard holds only formulas and figures: a half-written one is removed, and a new refresh rebuilds it.
        const left = await this.removeSheets(context, [SHEETS.dashboard], false);
        throw new ActionError(
          `刷新仪表盘时出错：${officeErrorMessage(err)}。${left.length ? "未写完的“仪表盘”未能删除，请手动删除后" : "未写完的“仪表盘”已删除，台账内容没有改动；请"}再点“写入日期并刷新仪表盘”。`,
          left,
        );
      }
    });
  }

  /** Writes the as-of date into 说明 (in the workbook's date system). (2 syncs) */
  async setAsOf(iso: string): Promise<void> {
    await this.run(async (context) => {
      const guide = context.workbook.worksheets.getItemOrNullObject(SHEETS.guide).load("isNullObject");
      const epoch = context.workbook.functions.date(1904, 1, 1).load("value");
      await context.sync();
      if (guide.isNullObject)
        throw new ActionError(
          "工作簿中没有“说明”工作表，无法写入统计截止日期。请先生成台账，或打开台账工作簿。",
        );
      guide.getRange("B4").values = [[isoToSerial(iso) - (epoch.value === 0 ? DAYS_1900_TO_1904 : 0)]];
      await context.sync();
    });
  }

  /**
   * Writes the safe normalisations that `validate --fix` makes (dates typed as text, status synonyms, unit
   * names with surplus spaces), only into cells that still hold what was checked: a cell staff changed since
   * is left alone. Returns how many cells were fixed. (2 syncs)
   */
  async applyFixes(issues: LedgerIssue[]): Promise<number> {
    const fixes = issues.filter((i) => i.fix && i.cell);
    if (!fixes.length) return 0;
    return this.run(async (context) => {
      const cells = fixes.map((i) => {
        const r = context.workbook.worksheets.getItemOrNullObject(i.sheet).getRange(i.cell);
        r.load("text");
        return r;
      });
      const epoch = context.workbook.functions.date(1904, 1, 1).load("value");
      await context.sync();
      let fixed = 0;
      fixes.forEach((i, k) => {
        if (String(cells[k].text[0][0]).trim() !== i.value.trim()) return;
        const fix = i.fix!;
        if ("date" in fix) {
          cells[k].values = [[isoToSerial(fix.date) - (epoch.value === 0 ? DAYS_1900_TO_1904 : 0)]];
          cells[k].numberFormat = [["yyyy-mm-dd"]];
        } else cells[k].values = [[cellInput(fix.text)]];
        fixed++;
      });
      await context.sync();
      return fixed;
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

  /**
   * Colours the cells of the issues. Each cell's own fill is first recorded in a very hidden sheet of the
   * workbook (once: a cell marked again keeps its first record), so 清除 puts it back even after the pane
   * or the workbook was closed. (2 syncs)
   */
  async highlight(issues: LedgerIssue[]): Promise<number> {
    const cells = [...new Map(issues.filter((i) => i.cell).map((i) => [`${i.sheet}!${i.cell}`, i])).values()];
    return this.run(async (context) => {
      // The record and the cells' own fills in one request.
      const fills = cells.map((i) => {
        const fill = context.workbook.worksheets.getItemOrNullObject(i.sheet).getRange(i.cell).format.fill;
        fill.load("color");
        return fill;
      });
      const marks = await this.readMarks(context);
      const known = new Set(marks.rows.map((m) => `${m.sheet}!${m.cell}`));
      const fresh = cells
        .map((i, k) => ({ ...i, color: fills[k].color }))
        .filter((i) => !known.has(`${i.sheet}!${i.cell}`));
      const rows = [
        ...marks.rows,
        ...fresh.map((i) => ({
          sheet: i.sheet,
          cell: i.cell,
          fill: i.color && i.color !== "#FFFFFF" ? i.color : "",
        })),
      ];
      const sheet = marks.exists
        ? context.workbook.worksheets.getItemOrNullObject(MARKS_SHEET)
        : context.workbook.worksheets.add(MARKS_SHEET);
      if (!marks.exists) sheet.visibility = "VeryHidden";
      if (rows.length)
        sheet.getRange(`A1:C${rows.length}`).values = rows.map((m) => [
          `'${m.sheet}`,
          `'${m.cell}`,
          `'${m.fill}`,
        ]);
      for (const i of cells)
        context.workbook.worksheets.getItemOrNullObject(i.sheet).getRange(i.cell).format.fill.color =
          HIGHLIGHT[i.severity];
      await context.sync();
      return cells.length;
    });
  }

  /**
   * Checks the ledger as it is now and marks the cells of those issues: a list shown in the pane may be
   * older than staff edits (a deleted row moves every cell below it). (3 syncs + validation's reads)
   */
  async highlightCurrent(asOf?: string): Promise<{ marked: number; issues: LedgerIssue[] }> {
    const { issues } = await this.validate(asOf);
    return { marked: await this.highlight(issues), issues };
  }

  /** How many cells are marked (the record in the workbook, so it survives closing the pane). (1 sync) */
  async markCount(): Promise<number> {
    return this.run(async (context) => (await this.readMarks(context)).rows.length);
  }

  /**
   * Puts back the own fill of every marked cell that still carries the mark colour (a cell staff coloured
   * since is theirs and stays as it is), and removes the record. (3 syncs)
   */
  async clearHighlight(): Promise<number> {
    return this.run(async (context) => {
      const marks = await this.readMarks(context);
      if (!marks.exists) return 0;
      const sheets = context.workbook.worksheets;
      const present = [...new Set(marks.rows.map((m) => m.sheet))].map(
        (n) => [n, sheets.getItemOrNullObject(n).load("isNullObject")] as const,
      );
      await context.sync();
      const gone = new Set(present.filter(([, s]) => s.isNullObject).map(([n]) => n));
      const kept = marks.rows
        .filter((m) => !gone.has(m.sheet))
        .map((m) => ({
          ...m,
          now: sheets.getItemOrNullObject(m.sheet).getRange(m.cell).format.fill.load("color"),
        }));
      await context.sync();
      const markColours = new Set(Object.values(HIGHLIGHT).map((c) => c.toUpperCase()));
      for (const m of kept) {
        if (!markColours.has(String(m.now.color ?? "").toUpperCase())) continue;
        if (m.fill) m.now.color = m.fill;
        else m.now.clear();
      }
      sheets.getItemOrNullObject(MARKS_SHEET).delete();
      await context.sync();
      return marks.rows.length;
    });
  }

  private async readMarks(context: ContextLike) {
    const sheet = context.workbook.worksheets.getItemOrNullObject(MARKS_SHEET).load("isNullObject");
    const used = context.workbook.worksheets.getItemOrNullObject(MARKS_SHEET).getUsedRangeOrNullObject(true);
    used.load("values");
    await context.sync();
    const rows = used.isNullObject
      ? []
      : used.values
          .filter((r) => r[0] && r[1])
          .map((r) => ({ sheet: String(r[0]), cell: String(r[1]), fill: String(r[2] ?? "") }));
    return { exists: !sheet.isNullObject, rows };
  }
}
