/** The pane's actions inside Excel: `Excel.run`, with the API sets this Excel has. */
import { SHEETS } from "../ledger/vocabulary";
import type { RunBatch } from "../render/office/api";
import { capabilitiesFor } from "../render/office/capabilities";
import { WorkbookHost } from "../render/office/host";
import { today, type WorkbookActions } from "./actions";

export function officeActions(): WorkbookActions {
  const supports = (v: string) => Office.context.requirements.isSetSupported("ExcelApi", v);
  const caps = capabilitiesFor(supports);
  const run = ((batch) => Excel.run((context) => batch(context as never))) as RunBatch;
  const host = new WorkbookHost(run, caps, today);
  const watchLedger: WorkbookActions["watchLedger"] = caps.onChanged
    ? async (onChange) => {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const handler = async () => {
          clearTimeout(timer);
          timer = setTimeout(onChange, 800);
        };
        const registration = await Excel.run(async (context) => {
          const reg = context.workbook.worksheets.getItem(SHEETS.ledger).onChanged.add(handler);
          await context.sync();
          return reg;
        });
        return () => {
          clearTimeout(timer);
          void Excel.run(async (context) => {
            registration.remove();
            await context.sync();
          });
        };
      }
    : null;
  return {
    hasLedger: () => host.hasLedger(),
    generate: (plan, asOf) => host.generate(plan, asOf),
    previewUpdate: (plan) => host.previewUpdate(plan),
    update: (plan) => host.update(plan),
    validate: () => host.validate(),
    refreshDashboard: () => host.refreshDashboard(),
    setAsOf: (iso) => host.setAsOf(iso),
    select: (sheet, cell) => host.select(sheet, cell),
    highlight: (issues) => host.highlight(issues),
    clearHighlight: () => host.clearHighlight(),
    watchLedger,
  };
}
