/**
 * Undoing an 更新台账 that failed half-way (a request refused because a sheet is protected or Excel is in
 * cell-edit mode, a request too large, the network gone in Excel on the web). Requests are not transactions:
 * what was sent before the failure stays, the failing request may have been applied in part, or in full with
 * its answer lost. So everything the update queued is put back, in a new batch, from what the update read to
 * plan: plan cells and 计划状态 marks, 计划原文 and change-log rows get their old contents; rows appended
 * for new tasks are deleted again unless someone has filled them in since; a change log the update created is
 * deleted with its name. When the undo itself fails, the report names every place that may be inconsistent.
 */
import type { SheetGrid } from "../../ledger/grid";
import { formatRange, colLetters, parseRange, type CellRange } from "../../workbook/a1";
import type { ContextLike, NamedItemLike, RangeLike, WorksheetLike } from "./api";
import { officeErrorMessage } from "./errors";
import type { AppendedRows, Planned, WriteJournal } from "./updateInPlace";
import { cellInput, REQUEST_BUDGET, utf8Bytes } from "./writeWorkbook";

type Input = string | number | boolean;

/** A place the undo puts back: in the office's words, and the cells it spans (for a summary of many). */
export interface Place {
  text: string;
  sheet?: string;
  box?: CellRange;
}

export interface RestoreReport {
  /** Places the undo may not have reached (it failed). Empty: all put back. */
  unsure: Place[];
  /** Why the undo failed (null: it did not). */
  failure: string | null;
  /** What was left on purpose, in the office's words. */
  kept: string[];
}

interface Step {
  bytes: number;
  /** The place this step puts back, for the report when it cannot be confirmed. */
  place: Place;
  run: () => void;
}

const BYTES_PER_BLOCK = REQUEST_BUDGET / 4;

/** The content a cell had when the update read it, as an input that writes it back the same. */
export function oldInput(g: SheetGrid | null, r: number, c: number): Input {
  if (!g) return "";
  const i = r - g.firstRow;
  const j = c - g.firstCol;
  if (i < 0 || j < 0 || i >= g.values.length) return "";
  const v = g.values[i]?.[j];
  const f = g.formulas?.[i]?.[j];
  if (typeof f === "string" && f.startsWith("=") && f !== v) return f;
  const x = f !== undefined && f !== null ? f : v;
  if (x === null || x === undefined || x === "") return "";
  if (typeof x === "number" || typeof x === "boolean") return x;
  // Text goes back as text: an apostrophe where Excel would turn it into something else.
  return cellInput(String(x));
}

/** Does a cell read now differ from what the tool wrote there (someone typed into it since)? */
function differs(now: unknown, wrote: Input): boolean {
  if (typeof wrote === "string" && wrote.startsWith("=")) return false; // the tool's formula
  const norm = (x: unknown) =>
    x === null || x === undefined ? "" : typeof x === "string" ? x.replace(/^'/, "") : String(x);
  return norm(now) !== norm(wrote);
}

const LAST_COL = 16_384;
const LAST_ROW = 1_048_576;
const place = {
  area: (sheet: string, r: CellRange): Place => ({ text: `“${sheet}”${formatRange(r)}`, sheet, box: r }),
  /** Rows appended (and, in a table, what stands below them in its columns, moved down by them). */
  rows: (a: AppendedRows, from: number, to: number): Place => ({
    text: `“${a.sheet}”第 ${from === to ? from : `${from}–${to}`} 行（新增的任务${a.table ? "；表格下方的内容随之下移" : ""}）`,
    sheet: a.sheet,
    box: { r1: from, c1: 1, r2: a.table ? LAST_ROW : to, c2: LAST_COL },
  }),
  sheet: (name: string, what: string): Place => ({ text: `工作表“${name}”（这次新建的${what}）` }),
  name: (name: string): Place => ({ text: `名称 ${name}` }),
};

/**
 * What a write queued, in the terms its undo needs. The update's `WriteJournal` is one; 导入反馈表 (the
 * round's import) records its writes the same way.
 */
export interface UndoJournal {
  /**
   * Cells written on rows that existed: their old contents are in `grid` when the write read them for the
   * undo, else in the grids it read to plan (a sheet in neither held nothing there).
   */
  areas: { sheet: string; range: CellRange; grid?: SheetGrid }[];
  appended: AppendedRows[];
  /** Sheets the write created (what each is, in the office's words): deleted again. */
  newSheets: { name: string; what: string }[];
  /** Names the write added: deleted again. */
  names: string[];
  /** Number formats the write set on existing cells, with what they were: set back. */
  formats: { sheet: string; range: CellRange; before: string[][] }[];
}

export async function restoreOfficeUpdate(
  context: ContextLike,
  p: Planned,
  j: WriteJournal,
): Promise<RestoreReport> {
  const kept: string[] = [];
  for (const sheet of j.statusColumnAdded)
    kept.push(`“${sheet}”表格右侧新加的“计划状态”列（空白，不影响统计，下次更新直接使用）`);
  if (j.strike)
    kept.push(
      "出错的是最后一步（加上已移除任务的划线规则）：这条规则可能已经加上或只加了一半，它只作用于标为“已移除”的行，现在没有这样的行，不影响台账（也可在“开始 → 条件格式 → 管理规则”中删除）",
    );
  const grids: Record<string, SheetGrid | null> = {};
  if (p.sheets.ledger) grids[p.sheets.ledger] = p.grids.ledger;
  if (p.sheets.milestones) grids[p.sheets.milestones] = p.grids.milestones;
  if (p.sheets.planCopy) grids[p.sheets.planCopy] = p.grids.planCopy;
  const journal: UndoJournal = {
    areas: j.areas,
    appended: j.appended,
    newSheets: j.newLog ? [{ name: j.newLog, what: "变更记录" }] : [],
    names: j.names,
    formats: [],
  };
  return undoWrites(context, grids, journal, kept);
}

/**
 * Puts back everything a write queued, in a batch of its own: old contents from `grids` (what the write read
 * to plan, by sheet name; a sheet not there held nothing where it wrote), old number formats, appended rows
 * deleted unless filled in since, new sheets and names deleted. `kept`: what is left on purpose, reported.
 */
export async function undoWrites(
  context: ContextLike,
  grids: Record<string, SheetGrid | null>,
  j: UndoJournal,
  kept: string[] = [],
): Promise<RestoreReport> {
  kept = [...kept];
  const everything = [
    ...j.areas.map((a) => place.area(a.sheet, a.range)),
    ...j.formats.map((f) => place.area(f.sheet, f.range)),
    ...j.appended.map((a) => place.rows(a, a.first, a.first + a.inputs.length - 1)),
    ...j.newSheets.map((x) => place.sheet(x.name, x.what)),
    ...j.names.map(place.name),
  ];
  try {
    const wb = context.workbook;
    // What stands now: the appended rows (filled in since?), the tables' extent, the new sheet and names.
    const reads = j.appended.map((a) => {
      const width = a.inputs[0]?.length ?? 1;
      const table = a.table ? wb.tables.getItemOrNullObject(a.table) : null;
      table?.load("isNullObject");
      const cells = wb.worksheets
        .getItemOrNullObject(a.sheet)
        .getRange(
          `${colLetters(a.c1)}${a.first}:${colLetters(a.c1 + width - 1)}${a.first + a.inputs.length - 1}`,
        )
        .load("formulas");
      return { a, table, cells, extent: null as RangeLike | null };
    });
    const created: WorksheetLike[] = j.newSheets.map((x) =>
      wb.worksheets.getItemOrNullObject(x.name).load("isNullObject"),
    );
    const names: NamedItemLike[] = j.names.map((n) => wb.names.getItemOrNullObject(n).load("isNullObject"));
    await context.sync();
    for (const r of reads)
      if (r.table && !r.table.isNullObject) r.extent = r.table.getRange().load("address");
    if (reads.some((r) => r.extent)) await context.sync();

    const steps: Step[] = [];
    const ws = (sheet: string) => wb.worksheets.getItemOrNullObject(sheet);
    // Old contents back, in blocks of bounded size.
    for (const area of j.areas) {
      const g = area.grid ?? grids[area.sheet] ?? null;
      const rows: Input[][] = [];
      for (let r = area.range.r1; r <= area.range.r2; r++) {
        const row: Input[] = [];
        for (let c = area.range.c1; c <= area.range.c2; c++) row.push(oldInput(g, r, c));
        rows.push(row);
      }
      blocks(rows, (block, top) => {
        const at = { ...area.range, r1: area.range.r1 + top, r2: area.range.r1 + top + block.length - 1 };
        steps.push({
          bytes: block.reduce((n, row) => n + utf8Bytes(JSON.stringify(row)) + 8, 400),
          place: place.area(area.sheet, area.range),
          run: () => {
            ws(area.sheet).getRange(formatRange(at)).formulas = block;
          },
        });
      });
    }
    // Number formats set on existing cells: as they were.
    for (const f of j.formats)
      steps.push({
        bytes: 400 + utf8Bytes(JSON.stringify(f.before)),
        place: place.area(f.sheet, f.range),
        run: () => {
          ws(f.sheet).getRange(formatRange(f.range)).numberFormat = f.before;
        },
      });
    // Appended rows: gone again, unless someone filled one in since (then it stays, and the report says so).
    for (const { a, table, cells, extent } of reads) {
      const filled = (k: number) => cells.formulas[k]?.some((now, c) => differs(now, a.inputs[k][c] ?? ""));
      if (a.table) {
        if (!table || table.isNullObject || !extent) continue;
        const now = parseRange(extent.address.slice(extent.address.lastIndexOf("!") + 1));
        for (let r = now.r2; r > a.endBefore && r >= a.first; r--) {
          const k = r - a.first;
          if (k >= a.inputs.length) continue;
          if (filled(k)) {
            kept.push(`${place.rows(a, r, r).text}：出错后已有人填写，没有删除，请核对`);
            continue;
          }
          const index = r - now.r1 - 1;
          steps.push({
            bytes: 200,
            place: place.rows(a, r, r),
            run: () => {
              const row = wb.tables.getItemOrNullObject(a.table!).rows.getItemAt(index);
              row.delete();
            },
          });
        }
      } else {
        const width = a.inputs[0]?.length ?? 1;
        a.inputs.forEach((_, k) => {
          const r = a.first + k;
          if (filled(k)) {
            kept.push(`${place.rows(a, r, r).text}：出错后已有人填写，没有清除，请核对`);
            return;
          }
          const row = `${colLetters(a.c1)}${r}:${colLetters(a.c1 + width - 1)}${r}`;
          // Formats unread: the update stopped before it wrote any there.
          const formats = a.formatsBefore?.[k] ?? null;
          steps.push({
            bytes: 600 + width * 24,
            place: place.rows(a, r, r),
            run: () => {
              const range = ws(a.sheet).getRange(row);
              range.formulas = [Array.from({ length: width }, () => "")];
              if (formats) {
                range.numberFormat = [formats];
                // The rules the update set on these cells (a staff rule reaching this far down goes with them).
                range.dataValidation.clear();
              }
            },
          });
        });
      }
    }
    names.forEach((n, i) => {
      if (!n.isNullObject) steps.push({ bytes: 120, place: place.name(j.names[i]), run: () => n.delete() });
    });
    created.forEach((sheet, i) => {
      const x = j.newSheets[i];
      if (!sheet.isNullObject)
        steps.push({ bytes: 80, place: place.sheet(x.name, x.what), run: () => sheet.delete() });
    });
    return { ...(await runSteps(context, steps)), kept };
  } catch (err) {
    return { unsure: everything, failure: officeErrorMessage(err), kept };
  }
}

/** Splits rows into blocks of bounded request size (top: the block's first row, 0-based). */
function blocks(rows: Input[][], each: (block: Input[][], top: number) => void): void {
  let r = 0;
  while (r < rows.length) {
    const top = r;
    let bytes = 400;
    const block: Input[][] = [];
    while (r < rows.length && (block.length === 0 || bytes < BYTES_PER_BLOCK)) {
      bytes += utf8Bytes(JSON.stringify(rows[r])) + 8;
      block.push(rows[r++]);
    }
    each(block, top);
  }
}

/** Sends the steps in requests of bounded size; a failure reports the places not confirmed put back. */
async function runSteps(
  context: ContextLike,
  steps: Step[],
): Promise<{ unsure: Place[]; failure: string | null }> {
  let i = 0;
  while (i < steps.length) {
    const start = i;
    let bytes = 0;
    while (i < steps.length && (i === start || bytes + steps[i].bytes <= REQUEST_BUDGET)) {
      steps[i].run();
      bytes += steps[i++].bytes;
    }
    try {
      // One request per block of bounded size, in order: each one confirmed is a place put back.
      // eslint-disable-next-line office-addins/no-context-sync-in-loop
      await context.sync();
    } catch (err) {
      return {
        unsure: [...new Map(steps.slice(start).map((s) => [s.place.text, s.place])).values()],
        failure: officeErrorMessage(err),
      };
    }
  }
  return { unsure: [], failure: null };
}

/** What staff are told after a failed update: what happened, where things stand, what to do. */
export function failedUpdateMessage(reason: string, r: RestoreReport): string {
  return failedWriteMessage(reason, r, { act: "更新", button: "更新台账" });
}

/**
 * What staff are told after a failed write (更新台账, 导入反馈表): what happened, where things stand, what
 * to do. `act` is the action in a word (更新, 导入), `button` the button that starts it again.
 */
export function failedWriteMessage(
  reason: string,
  r: RestoreReport,
  words: { act: string; button: string },
): string {
  const { act, button } = words;
  const keptNote = r.kept.length ? `另外：${r.kept.join("；")}。` : "";
  if (!r.failure)
    return (
      `${act}时出错：${reason}。` +
      (r.kept.length
        ? `这次${act}已写入的内容已撤销，台账和${act}前一样（填写内容都在，没有删除或移动任何行和工作表），只有以下例外：${r.kept.join("；")}。`
        : `这次${act}已写入的内容已全部撤销，台账和${act}前一样（填写内容都在，没有删除或移动任何行和工作表）。`) +
      `处理好上面说的问题后，再点“${button}”。`
    );
  const list = placesInShort(r.unsure);
  return (
    `${act}时出错：${reason}。撤销已写入的内容时又出错：${r.failure}。` +
    `以下位置可能还是这次${act}写入的内容，或只改了一部分：${list.join("、")}。` +
    keptNote +
    `其他填写内容都在，没有删除或移动任何行和工作表。请关闭工作簿且不保存，重新打开后再${act}；` +
    `Excel 网页版会自动保存，请在“文件 → 信息 → 版本历史记录”中还原${act}前的版本后再${act}。`
  );
}

/** Up to 20 places as they are; more, as one range per sheet that spans them all (and the rest by name). */
function placesInShort(places: Place[]): string[] {
  if (places.length <= 20) return places.map((p) => p.text);
  const boxes = new Map<string, CellRange>();
  const others: string[] = [];
  for (const p of places) {
    if (!p.sheet || !p.box) {
      others.push(p.text);
      continue;
    }
    const b = boxes.get(p.sheet);
    boxes.set(
      p.sheet,
      b
        ? {
            r1: Math.min(b.r1, p.box.r1),
            c1: Math.min(b.c1, p.box.c1),
            r2: Math.max(b.r2, p.box.r2),
            c2: Math.max(b.c2, p.box.c2),
          }
        : p.box,
    );
  }
  return [...[...boxes].map(([sheet, b]) => `“${sheet}”${formatRange(b)}`), ...others];
}
