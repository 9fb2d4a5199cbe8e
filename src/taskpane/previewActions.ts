/**
 * The browser preview: the same host code as in Excel, run against the in-memory workbook, so anyone can
 * try the add-in without Office. Listeners hear about every change to redraw the preview grid.
 */
import { capabilitiesFor } from "../render/office/capabilities";
import { WorkbookHost } from "../render/office/host";
import { fakeRun, supportsOf } from "../render/office/memory/fakeExcel";
import { newWorkbook, type MemoryWorkbook } from "../render/office/memory/state";
import { roundModule, stampNow, today, type WorkbookActions } from "./actions";

export interface Preview {
  actions: WorkbookActions;
  book: MemoryWorkbook;
  subscribe(listener: () => void): () => void;
  /** Types into a cell, as a user would in Excel (through the same API the add-in uses). */
  edit(sheet: string, address: string, value: string): Promise<void>;
}

export function previewActions(): Preview {
  const book = newWorkbook();
  const host = new WorkbookHost(fakeRun(book), capabilitiesFor(supportsOf(book)), today);
  const listeners = new Set<() => void>();
  const run = fakeRun(book);
  const changed = <T>(p: Promise<T>) =>
    p.finally(() => {
      for (const l of listeners) l();
    });
  return {
    book,
    edit: (sheet, address, value) =>
      changed(
        run(async (context) => {
          // Like typing in Excel: the in-memory workbook converts numbers, dates and formulas as Excel does.
          context.workbook.worksheets.getItemOrNullObject(sheet).getRange(address).values = [[value]];
          await context.sync();
        }),
      ),
    subscribe: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    actions: {
      hasLedger: () => host.hasLedger(),
      generate: (plan, asOf) => changed(host.generate(plan, asOf)),
      previewUpdate: (plan) => host.previewUpdate(plan),
      update: (plan, options) => changed(host.update(plan, options)),
      validate: () => host.validate(),
      refreshDashboard: () => changed(host.refreshDashboard()),
      asOf: () => host.asOf(),
      setAsOf: (iso) => changed(host.setAsOf(iso)),
      markCount: () => host.markCount(),
      applyFixes: (issues) => changed(host.applyFixes(issues)),
      select: (sheet, cell) => changed(host.select(sheet, cell)),
      highlight: () => changed(host.highlightCurrent()),
      clearHighlight: () => changed(host.clearHighlight()),
      watchLedger: null,
      roundLedger: async () => (await roundModule()).readRoundLedger(run, today()),
      previewCollect: async (returned) => {
        const { previewRoundCollect } = await roundModule();
        return run((c) => previewRoundCollect(c, returned, today()));
      },
      collect: (returned, decisions) =>
        changed(
          roundModule().then(({ importReturns }) =>
            importReturns(run, returned, decisions, today(), stampNow()),
          ),
        ),
      // No Excel to open a workbook in: the copies are downloaded.
      openWorkbook: null,
    },
  };
}
