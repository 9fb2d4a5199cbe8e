/**
 * Re-checks the ledger while staff edit it (ExcelApi 1.7, Worksheet.onChanged). A handler is removed only
 * through the request context that added it (Excel.run(registration.context, …)); removing it from a new
 * context silently leaves it in place, so each toggle would add one more re-check per edit. The add-in's own
 * writes (highlighting, updating) also raise change events: they are ignored while `quietly` runs. An update
 * replaces the ledger sheet, so the handler is attached again afterwards (`restart`).
 */
import { SHEETS } from "../../ledger/vocabulary";
import type { ContextLike, EventRegistrationLike, RunBatch } from "./api";

/** `Excel.run(existingContext, batch)`: a batch in the context an earlier batch used. */
export type RunIn = <T>(context: unknown, batch: (context: ContextLike) => Promise<T>) => Promise<T>;

export class LiveCheck {
  private registration: EventRegistrationLike | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private quiet = 0;

  constructor(
    private readonly run: RunBatch,
    private readonly runIn: RunIn,
    private readonly onChange: () => void,
    /** Edits in quick succession cause one re-check. */
    private readonly debounceMs = 800,
    /** How long after the add-in's own writes their change events are still ignored. */
    private readonly settleMs = 1000,
  ) {}

  get running(): boolean {
    return this.registration !== null;
  }

  async start(): Promise<void> {
    if (this.registration) return;
    this.registration = await this.run(async (context) => {
      const reg = context.workbook.worksheets
        .getItemOrNullObject(SHEETS.ledger)
        .onChanged.add(async () => this.changed());
      await context.sync();
      return reg;
    });
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    const reg = this.registration;
    this.registration = null;
    if (!reg) return;
    await this.runIn(reg.context, async (context) => {
      reg.remove();
      await context.sync();
    });
  }

  /** Attaches the handler to the ledger sheet as it is now (after an update replaced it). */
  async restart(): Promise<void> {
    if (!this.registration) return this.start();
    // The old sheet may be gone with its handler; failing to remove it there is expected.
    await this.stop().catch(() => undefined);
    await this.start();
  }

  /** Runs the add-in's own writes without re-checking on the change events they raise. */
  async quietly<T>(action: () => Promise<T>): Promise<T> {
    this.quiet++;
    try {
      return await action();
    } finally {
      setTimeout(() => this.quiet--, this.settleMs);
    }
  }

  private changed(): void {
    if (this.quiet) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(this.onChange, this.debounceMs);
  }
}
