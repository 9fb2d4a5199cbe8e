/**
 * `split` on the package level: the master is read (streaming reader), each lead unit's copy is laid
 * out by `returnCopy` and rendered with the workbook writer, then its sheets are protected (no password:
 * against slips, not against people) with the staff columns left unlocked.
 */
import type { LedgerSnapshot, ReadCell, ReadRow } from "../../ledger/snapshot";
import { LEDGER_HEADERS, LIST_KEY, MILESTONE_HEADERS } from "../../ledger/vocabulary";
import { baselineOf, masterIdOfLedger, sharesOf, type RoundMarker } from "../../ledger/round";
import type { Kept } from "../../workbook/kept";
import { returnCopy } from "../../workbook/sheets/round";
import { date, type Cell } from "../../workbook/spec";
import { eachCell } from "../../workbook/a1";
import { Workbook } from "./excelts";
import { bytesOf, renderInto } from "./writeXlsx";

/** A library cell's style object (an .xlsx cell, not an Office.js one). */
const styleOf = (c: { style?: unknown }) => c.style as object | undefined;

export interface UnitCopy {
  unit: string;
  tasks: number;
  milestones: number;
  bytes: Uint8Array;
}

const cellOf = (c: ReadCell | undefined): Cell => {
  const v = c?.value ?? null;
  if (v === null) return null;
  return typeof v === "object" ? date(v.date) : v;
};

function records(rows: ReadRow[], headers: readonly string[]): Record<string, Kept>[] {
  return rows.map((r) => {
    const rec: Record<string, Kept> = {};
    for (const h of headers) {
      if (h === "预警" || h === LIST_KEY || !r.cells[h]) continue;
      const numFmt = r.cells[h].numFmt;
      rec[h] = { cell: cellOf(r.cells[h]), ...(numFmt && numFmt !== "General" ? { numFmt } : {}) };
    }
    return rec;
  });
}

/** The master's identity (kept under this name for the command line). */
export const masterIdOfSnapshot = masterIdOfLedger;

export async function splitCopies(
  master: LedgerSnapshot,
  round: string,
  issued: string,
): Promise<UnitCopy[]> {
  const { id, title } = masterIdOfSnapshot(master);
  const plan = {
    title,
    published: master.plan?.published ?? null,
    year: master.plan?.year || Number(round.slice(0, 4)),
  };
  const out: UnitCopy[] = [];
  for (const share of sharesOf(master)) {
    const unit = share.unit;
    const marker: RoundMarker = { masterId: id, title, round, unit, issued };
    const copy = returnCopy({
      marker,
      plan,
      tasks: records(share.tasks, LEDGER_HEADERS),
      milestones: records(share.milestones, MILESTONE_HEADERS),
      baseline: baselineOf(share, master),
    });
    const wb = new Workbook();
    wb.creator = "台账助手 PlanLedger";
    renderInto(wb, copy.spec);
    for (const lock of copy.locks) {
      const ws = wb.getWorksheet(lock.sheet)!;
      for (const range of lock.unlocked)
        eachCell(range, (r, c) => {
          const cell = ws.getCell(r, c);
          // A new style object: the writer shares one object among cells of the same style.
          cell.style = { ...styleOf(cell), protection: { locked: false } } as never;
        });
      await ws.protect("", {
        selectLockedCells: true,
        selectUnlockedCells: true,
        formatColumns: true,
        formatRows: true,
        sort: true,
        autoFilter: true,
      });
    }
    out.push({
      unit,
      tasks: share.tasks.length,
      milestones: share.milestones.length,
      bytes: await bytesOf(wb),
    });
  }
  return out;
}
