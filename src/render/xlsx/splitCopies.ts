/**
 * `split` on the package level: the master is read (streaming reader), each lead unit's copy is laid
 * out by `returnCopy` and made from a template the workbook writer rendered once; sheets are protected
 * (no password: against slips, not against people) with the staff columns left unlocked.
 */
import type { LedgerSnapshot, ReadCell, ReadRow } from "../../ledger/snapshot";
import { LEDGER_HEADERS, LIST_KEY, MILESTONE_HEADERS, SHEETS } from "../../ledger/vocabulary";
import { baselineOf, masterIdOfLedger, sharesOf } from "../../ledger/round";
import type { Kept } from "../../workbook/kept";
import { returnCopy, type ReturnCopy, type ReturnCopyInput } from "../../workbook/sheets/round";
import { date, type Cell } from "../../workbook/spec";
import { eachCell } from "../../workbook/a1";
import { Workbook } from "./excelts";
import { bytesOf, renderInto } from "./writeXlsx";
import { dataKeysOf, deriveCopy, MissingStyle, readTemplate, type CopyTemplate } from "./copyPackage";

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

interface UnitInput {
  unit: string;
  tasks: number;
  milestones: number;
  input: ReturnCopyInput;
  copy: ReturnCopy;
}

/**
 * Every lead unit's copy. The workbook library renders one template per kind of copy (with or without
 * 时间节点) from as few records as hold every cell style the copies use; each copy is derived from its
 * template at the package level (`deriveCopy`), with the same cells, styles, rules and protection as the
 * library would give it (compared through LibreOffice in the e2e tests).
 */
export async function splitCopies(
  master: LedgerSnapshot,
  round: string,
  issued: string,
  { library = false }: { library?: boolean } = {},
): Promise<UnitCopy[]> {
  const { id, title } = masterIdOfSnapshot(master);
  const plan = {
    title,
    published: master.plan?.published ?? null,
    year: master.plan?.year || Number(round.slice(0, 4)),
  };
  const units: UnitInput[] = sharesOf(master).map((share) => {
    const input: ReturnCopyInput = {
      marker: { masterId: id, title, round, unit: share.unit, issued },
      plan,
      tasks: records(share.tasks, LEDGER_HEADERS),
      milestones: records(share.milestones, MILESTONE_HEADERS),
      baseline: baselineOf(share, master),
    };
    return {
      unit: share.unit,
      tasks: share.tasks.length,
      milestones: share.milestones.length,
      input,
      copy: returnCopy(input),
    };
  });
  const templates = new Map<string, CopyTemplate>();
  const out: UnitCopy[] = [];
  for (const u of units) {
    if (library) {
      out.push({ unit: u.unit, tasks: u.tasks, milestones: u.milestones, bytes: await renderCopy(u.copy) });
      continue;
    }
    const kind = kindOf(u.copy);
    let template = templates.get(kind);
    if (!template) {
      const input = templateInput(units.filter((x) => kindOf(x.copy) === kind));
      const copy = returnCopy(input);
      templates.set(kind, (template = readTemplate(await renderCopy(copy), copy)));
    }
    let bytes: Uint8Array;
    try {
      bytes = deriveCopy(template, u.copy);
    } catch (err) {
      // A copy whose layout the template cannot serve (never expected): the library renders it.
      if (!(err instanceof MissingStyle)) throw err;
      bytes = await renderCopy(u.copy);
    }
    out.push({ unit: u.unit, tasks: u.tasks, milestones: u.milestones, bytes });
  }
  return out;
}

/** Copies of one kind have the same sheets (a unit without milestones has no 时间节点). */
const kindOf = (copy: ReturnCopy) => copy.spec.sheets.map((s) => s.name).join("|");

/**
 * The template of a kind of copy: the first unit's copy with, on each record sheet, the fewest records
 * that between them carry every data cell style (column and kept number format) any copy of the kind has.
 */
function templateInput(units: UnitInput[]): ReturnCopyInput {
  const picked = new Map<string, Record<string, Kept>[]>();
  const covered = new Map<string, Set<string>>();
  for (const u of units)
    u.copy.spec.sheets.forEach((sheet) => {
      if (!sheet.table) return;
      const source = sheet.name === SHEETS.milestones ? u.input.milestones : u.input.tasks;
      let seen = covered.get(sheet.name);
      if (!seen) covered.set(sheet.name, (seen = new Set()));
      let list = picked.get(sheet.name);
      if (!list) picked.set(sheet.name, (list = []));
      dataKeysOf(sheet).forEach((keys, i) => {
        if (keys.every((k) => seen.has(k))) return;
        keys.forEach((k) => seen.add(k));
        list.push(source[i]);
      });
    });
  const first = units[0].input;
  return {
    ...first,
    tasks: picked.get(SHEETS.ledger) ?? first.tasks,
    milestones: picked.get(SHEETS.milestones) ?? first.milestones,
  };
}

/** A copy rendered by the workbook library, its sheets protected with the staff columns unlocked. */
export async function renderCopy(copy: ReturnCopy): Promise<Uint8Array> {
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
  return bytesOf(wb);
}
