/** The pane's actions inside Excel: `Excel.run`, with the API sets this Excel has. */
import type { RunBatch } from "../render/office/api";
import { capabilitiesFor } from "../render/office/capabilities";
import { WorkbookHost } from "../render/office/host";
import { LiveCheck, type RunIn } from "../render/office/liveCheck";
import { roundModule, stampNow, today, type WorkbookActions } from "./actions";

export function officeActions(): WorkbookActions {
  const supports = (v: string) => Office.context.requirements.isSetSupported("ExcelApi", v);
  const caps = capabilitiesFor(supports);
  const run = ((batch) => Excel.run((context) => batch(context as never))) as RunBatch;
  const runIn: RunIn = (context, batch) =>
    Excel.run(context as Excel.RequestContext, (c) => batch(c as never)) as never;
  const host = new WorkbookHost(run, caps, today);
  let live: LiveCheck | null = null;
  // The add-in's own writes raise change events too; the live check ignores them.
  const quietly = <T>(action: () => Promise<T>) => (live ? live.quietly(action) : action());
  return {
    hasLedger: () => host.hasLedger(),
    generate: (plan, asOf) => quietly(() => host.generate(plan, asOf)),
    previewUpdate: (plan) => host.previewUpdate(plan),
    // An update edits the ledger in place (its sheets stay): the live check ignores the tool's own writes.
    update: (plan, options) => quietly(() => host.update(plan, options)),
    validate: () => host.validate(),
    refreshDashboard: () => quietly(() => host.refreshDashboard()),
    asOf: () => host.asOf(),
    setAsOf: (iso) => quietly(() => host.setAsOf(iso)),
    select: (sheet, cell) => host.select(sheet, cell),
    highlight: () => quietly(() => host.highlightCurrent()),
    clearHighlight: () => quietly(() => host.clearHighlight()),
    markCount: () => host.markCount(),
    applyFixes: (issues) => quietly(() => host.applyFixes(issues)),
    watchLedger: caps.onChanged
      ? async (onChange) => {
          const check = new LiveCheck(run, runIn, onChange);
          await check.start();
          live = check;
          return () => {
            if (live === check) live = null;
            // Removed through the context that added it; a failure here leaves nothing to tell the user.
            void check.stop().catch(() => undefined);
          };
        }
      : null,
    roundLedger: async () => (await roundModule()).readRoundLedger(run, today()),
    previewCollect: async (returned) => {
      const { previewRoundCollect } = await roundModule();
      return run((c) => previewRoundCollect(c, returned, today()));
    },
    collect: (returned, decisions) =>
      quietly(async () => {
        const { importReturns } = await roundModule();
        return importReturns(run, returned, decisions, today(), stampNow());
      }),
    // Excel.createWorkbook opens a new workbook from a file's contents (ExcelApi 1.8), checked at run time.
    openWorkbook:
      supports("1.8") && typeof (Excel as { createWorkbook?: unknown }).createWorkbook === "function"
        ? (base64) => Excel.createWorkbook(base64)
        : null,
  };
}
