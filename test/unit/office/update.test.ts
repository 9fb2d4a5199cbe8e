/**
 * 更新台账 in the add-in edits the open workbook in place, through both the strict fake (browser preview) and
 * Microsoft's own Excel client library with the host emulator behind it. Generated ledgers carry staff entries
 * (values, formulas, notes in 备注, a staff column), formats on staff and plan cells, and a staff sheet whose
 * formulas point at task rows; generated revisions insert, delete, retitle and renumber tasks. After every
 * update: every cell the tool does not own is unchanged (value, formula and format), every format is kept,
 * each surviving task is still in its row (so every staff entry and every formula pointing at the row stays
 * with its task), removed tasks are marked in their row, new tasks are appended with their formulas, no sheet
 * is renamed or deleted, and the number of syncs does not grow with the rows.
 */
import fc from "fast-check";
import type { Plan, Task } from "../../../src/plan";
import { parsePlan } from "../../../src/plan";
import { capabilitiesFor } from "../../../src/render/office/capabilities";
import { WorkbookHost } from "../../../src/render/office/host";
import {
  getCell,
  newSheet,
  newWorkbook,
  type MemoryCell,
  type MemoryWorkbook,
} from "../../../src/render/office/memory/state";
import { syntheticPlan } from "../../../bench/synthetic";
import { seedPlan } from "../../support/ledgerFile";
import { colLetters, parseRange } from "../../../src/workbook/a1";

const colNumber = (letters: string) => parseRange(`${letters}1`).c1;
import { ExcelEmulator, LATEST } from "../../support/office/emulator";
import { SHELLS, type Shell } from "../../support/office/shells";

const ASOF = "2022-09-30";
const LIMIT = 4.5 * 1024 * 1024;
/** Ledger columns: plan columns A–I, staff columns J–M and O, formulas N and P. */
const PLAN_COLS = 9;
const STAFF_COLS = [10, 11, 12, 13, 15];
const MILESTONE_PLAN_COLS = 5;

type MakeShell = (book: MemoryWorkbook) => Shell;

function blankBook(): MemoryWorkbook {
  const book = newWorkbook();
  book.sheets.push(newSheet("Sheet1"));
  return book;
}

async function ledgerBook(make: MakeShell, plan: Plan) {
  const book = blankBook();
  const shell = make(book);
  const host = new WorkbookHost(
    shell.run,
    capabilitiesFor(shell.supports),
    () => ASOF,
    () => "2022-10-08 09:00",
  );
  await host.generate(plan, ASOF);
  return { book, shell, host };
}

const sheet = (book: MemoryWorkbook, name: string) => book.sheets.find((s) => s.name === name)!;

// ---- what staff put into the ledger ----

const staffValue = fc.oneof(
  fc.string({ minLength: 1, maxLength: 12 }),
  fc.constantFrom("第一行\n第二行", "'=看起来像公式", "已完成", "推进中", "-5%", "TRUE", "=1+1", '=J2&""'),
  fc.integer({ min: 44562, max: 45291 }),
  fc.double({ min: -1e5, max: 1e5, noNaN: true }),
);
const staffWork = fc.record({
  entries: fc.array(
    fc.record({
      task: fc.nat(),
      col: fc.constantFrom(...STAFF_COLS, 0 /* the staff column */),
      value: staffValue,
    }),
    { maxLength: 15 },
  ),
  /** Formats staff set: on their cells and on plan cells (bold titles, a fill on a row). */
  formats: fc.array(
    fc.record({
      task: fc.nat(),
      col: fc.integer({ min: 1, max: 16 }),
      fill: fc.constantFrom("#FFFF00", "#C6EFCE", "#FFC7CE"),
    }),
    { maxLength: 8 },
  ),
  /** A column of their own: right next to the table, or a column further on. */
  staffColumnGap: fc.constantFrom(1, 3),
  staffColumnHeader: fc.constantFrom("联系人", "计划状态"),
  /** Formulas on a staff sheet pointing at task rows. */
  pointers: fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
  footnote: fc.boolean(),
});
type StaffWork = typeof staffWork extends fc.Arbitrary<infer T> ? T : never;

function putStaffWork(book: MemoryWorkbook, w: StaffWork, tasks: number): number {
  const ledger = sheet(book, "任务台账");
  // The table ends at Q (计划状态, the tool's own column since the build).
  const staffCol = 17 + w.staffColumnGap;
  getCell(ledger, 1, staffCol).value = w.staffColumnHeader;
  for (const e of w.entries) {
    const cell = getCell(ledger, (e.task % tasks) + 2, e.col || staffCol);
    if (typeof e.value === "string" && e.value.startsWith("=")) cell.formula = e.value;
    else if (typeof e.value === "string" && e.value.startsWith("'")) {
      cell.value = e.value.slice(1);
      cell.quoted = true;
    } else cell.value = e.value;
  }
  for (const f of w.formats) getCell(ledger, (f.task % tasks) + 2, f.col).style.fill = f.fill;
  getCell(ledger, 1, staffCol).style.bold = true;
  const mine = newSheet("科室汇总");
  w.pointers.forEach((p, i) => {
    getCell(mine, i + 1, 1).formula = `=任务台账!K${(p % tasks) + 2}`;
    getCell(mine, i + 1, 2).value = "自己的说明";
  });
  book.sheets.push(mine);
  return staffCol;
}

// ---- revisions: insert, delete, retitle, renumber ----

interface Revision {
  plan: Plan;
  /** For each task of the revised plan, the index of the task it was in the old plan (-1: new). */
  origin: number[];
  removed: number[];
}

const revision = fc.record({
  deletes: fc.array(fc.nat(), { maxLength: 3 }),
  inserts: fc.array(fc.nat(), { maxLength: 3 }),
  retitles: fc.array(fc.nat(), { maxLength: 2 }),
});

function revise(plan: Plan, r: { deletes: number[]; inserts: number[]; retitles: number[] }): Revision {
  let tasks: { task: Task; origin: number }[] = plan.tasks.map((task, i) => ({
    task: { ...task },
    origin: i,
  }));
  const removed: number[] = [];
  for (const d of r.deletes) {
    if (tasks.length < 3) break;
    const [gone] = tasks.splice(d % tasks.length, 1);
    removed.push(gone.origin);
  }
  for (const t of r.retitles) {
    const x = tasks[t % tasks.length];
    x.task = { ...x.task, title: `${x.task.title}（修订）` };
  }
  r.inserts.forEach((at, k) => {
    const like = tasks[at % tasks.length].task;
    tasks.splice(at % (tasks.length + 1), 0, {
      task: {
        ...like,
        title: `新增的第${k + 1}项专项任务`,
        body: `围绕第${k + 1}个新课题开展专项整治${"行动".repeat(k + 1)}，建立长效机制。`,
        text: "",
        targets: [],
        deadlines: like.deadlines.slice(0, 1),
      },
      origin: -1,
    });
  });
  // Numbers follow the new order: everything after an insert or a deletion is renumbered.
  const renumbered = tasks.map((x, i) => ({ ...x.task, id: i + 1 }));
  return {
    plan: { ...plan, tasks: renumbered },
    origin: tasks.map((x) => x.origin),
    removed,
  };
}

// ---- comparing before and after ----

const cellState = (c: MemoryCell | undefined) =>
  JSON.stringify({
    v: c?.formula ? null : c?.value === "" ? null : (c?.value ?? null),
    f: c?.formula ?? null,
    q: c?.quoted ?? false,
    n: c?.numberFormat ?? "General",
  });
const styleState = (c: MemoryCell | undefined) => JSON.stringify(c?.style ?? {});

function copyBook(book: MemoryWorkbook) {
  return book.sheets.map((s) => ({
    name: s.name,
    cells: new Map([...s.cells].map(([k, c]) => [k, { ...c, style: { ...c.style } }])),
  }));
}

/** Columns the tool owns on a sheet: its plan columns, and its plan-status column. */
function ownedColumns(book: MemoryWorkbook, role: "ledger" | "milestones"): Set<number> {
  const cols = new Set(
    Array.from({ length: role === "ledger" ? PLAN_COLS : MILESTONE_PLAN_COLS }, (_, i) => i + 1),
  );
  const marker = book.names.get(
    role === "ledger" ? "PlanLedger_PlanStatus" : "PlanLedger_MilestonePlanStatus",
  );
  const col = marker && /!\$([A-Z]+)\$\d+$/.exec(marker)?.[1];
  if (col) cols.add([...col].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0));
  return cols;
}

const lastRowOf = (s: { cells: Map<string, MemoryCell> }) =>
  Math.max(
    0,
    ...[...s.cells]
      .filter(([, c]) => c.formula || (c.value !== null && c.value !== ""))
      .map(([k]) => Number(k.split(",")[0])),
  );

/** Everything the tool does not own is as it was; formats are kept everywhere that existed before. */
function expectOnlyOwnedChanged(before: ReturnType<typeof copyBook>, book: MemoryWorkbook) {
  const afterNames = book.sheets.map((s) => s.name);
  // No sheet renamed, deleted or moved; the only new one is the change log.
  expect(afterNames.slice(0, before.length)).toEqual(before.map((s) => s.name));
  expect(afterNames.slice(before.length).every((n) => n.startsWith("变更记录"))).toBe(true);
  const owned = { 任务台账: ownedColumns(book, "ledger"), 时间节点: ownedColumns(book, "milestones") };
  const diffs: string[] = [];
  for (const old of before) {
    const now = sheet(book, old.name);
    if (old.name === "计划原文") continue; // the tool's own hidden copy of the plan, rewritten
    const ownedCols = owned[old.name as keyof typeof owned];
    const oldLast = lastRowOf(old);
    const keys = new Set([...old.cells.keys(), ...now.cells.keys()]);
    for (const k of keys) {
      const [r, c] = k.split(",").map(Number);
      const appended = ownedCols && r > oldLast;
      const ownedCell = ownedCols && (appended || ownedCols.has(c));
      if (!appended && old.cells.has(k) && styleState(old.cells.get(k)) !== styleState(now.cells.get(k)))
        diffs.push(`${old.name}!${k} format`);
      if (!ownedCell && cellState(old.cells.get(k)) !== cellState(now.cells.get(k)))
        diffs.push(`${old.name}!${k}: ${cellState(old.cells.get(k))} → ${cellState(now.cells.get(k))}`);
    }
  }
  expect(diffs).toEqual([]);
}

describe.each(SHELLS)("through the %s", (_label, make) => {
  test("staff work stays with its task through revisions that insert, delete, retitle and renumber", async () => {
    await fc.assert(
      fc.asyncProperty(staffWork, revision, async (w, r) => {
        const { book, host } = await ledgerBook(make, seedPlan);
        const tasks = seedPlan.tasks.length;
        const staffCol = putStaffWork(book, w, tasks);
        const before = copyBook(book);
        const rev = revise(seedPlan, r);
        const preview = await host.previewUpdate(rev.plan);
        expect(preview.summary).toContain(`移除 ${rev.removed.length} 项`);
        await host.update(rev.plan, { confirmed: true });

        expectOnlyOwnedChanged(before, book);
        const ledger = sheet(book, "任务台账");
        const statusCol = [...ownedColumns(book, "ledger")].find((c) => c > PLAN_COLS);
        // Each old task is still in its row: now under its new number and title, or marked removed.
        rev.origin.forEach((o, i) => {
          if (o < 0) return;
          const row = o + 2;
          const t = rev.plan.tasks[i];
          expect([row, getCell(ledger, row, 1).value, getCell(ledger, row, 3).value]).toEqual([
            row,
            t.id,
            t.title,
          ]);
          if (statusCol) expect(getCell(ledger, row, statusCol).value ?? "").not.toBe("已移除");
        });
        for (const o of rev.removed) expect(getCell(ledger, o + 2, statusCol!).value).toBe("已移除");
        if (rev.removed.length) {
          // A staff column headed 计划状态 stays theirs: the tool's column has a header of its own.
          expect(statusCol).not.toBe(staffCol);
          // The ledger was built with the tool's 计划状态 column (Q), found by its marker name.
          expect(getCell(ledger, 1, statusCol!).value).toBe("计划状态");
          expect(statusCol).toBe(17);
          expect(ledger.conditionalFormats.some((cf) => cf.strikethrough)).toBe(true);
        }
        // New tasks are appended below, with the 预警 and 清单排序 formulas.
        const added = rev.origin.map((o, i) => (o < 0 ? rev.plan.tasks[i] : null)).filter((t) => t);
        added.forEach((t, k) => {
          const row = tasks + 2 + k;
          expect([getCell(ledger, row, 1).value, getCell(ledger, row, 3).value]).toEqual([t!.id, t!.title]);
          expect(getCell(ledger, row, 14).formula).toMatch(/^=IF\(J\d+="已完成"/);
          expect(getCell(ledger, row, 16).formula).toMatch(/^=IFERROR\(/);
        });
        // The staff sheet's formulas point at the same rows, which hold the same tasks.
        const mine = sheet(book, "科室汇总");
        w.pointers.forEach((p, i) =>
          expect(getCell(mine, i + 1, 1).formula).toBe(`=任务台账!K${(p % tasks) + 2}`),
        );
        // The change log lists what changed (nothing is written when nothing changed).
        const log = book.sheets.find((s) => s.name.startsWith("变更记录"));
        expect(Boolean(log)).toBe(preview.changed);
        if (!log) return;
        const kinds = [...log.cells].filter(([k]) => k.endsWith(",2")).map(([, c]) => c.value);
        expect(kinds.filter((k) => k === "新增").length).toBeGreaterThanOrEqual(added.length);
        expect(kinds.filter((k) => k === "移除").length).toBeGreaterThanOrEqual(rev.removed.length);
      }),
      { numRuns: 4 },
    );
  }, 120_000);

  test("a second update appends to the change log and writes nothing when the plan did not change", async () => {
    const { book, host } = await ledgerBook(make, seedPlan);
    const rev = revise(seedPlan, { deletes: [5], inserts: [9], retitles: [] });
    await host.update(rev.plan, { confirmed: true });
    const log = sheet(book, "变更记录");
    const rows = lastRowOf(log);
    const again = await host.update(rev.plan);
    expect(again.changed).toBe(false);
    expect(lastRowOf(log)).toBe(rows);
    // The removed task comes back to its old row.
    const back = await host.update(seedPlan, { confirmed: true });
    expect(back.summary).toContain("[恢复]");
    expect(getCell(sheet(book, "任务台账"), 7, 3).value).toBe(seedPlan.tasks[5].title);
    expect(getCell(sheet(book, "任务台账"), 7, 17).value ?? "").toBe("");
    expect(lastRowOf(log)).toBeGreaterThan(rows);
  });

  test("the wrong plan asks first: without confirmation nothing is written", async () => {
    const { book, host } = await ledgerBook(make, seedPlan);
    const before = copyBook(book);
    const wrong = parsePlan(syntheticPlan(40));
    const preview = await host.previewUpdate(wrong);
    expect(preview.confirm).toMatch(/请确认计划文件没有选错/);
    await expect(host.update(wrong)).rejects.toThrow(/没有写入任何东西/);
    expect(copyBook(book)).toEqual(before);
  });

  test("content under the table stops the update before anything is written, saying what to do", async () => {
    const { book, host } = await ledgerBook(make, seedPlan);
    getCell(sheet(book, "任务台账"), seedPlan.tasks.length + 2, 1).value = "合计";
    const before = copyBook(book);
    const rev = revise(seedPlan, { deletes: [], inserts: [3], retitles: [] });
    await expect(host.update(rev.plan, { confirmed: true })).rejects.toThrow(/已有内容.*插入 1 个空行/);
    expect(copyBook(book)).toEqual(before);
  });

  test("syncs per update do not grow with the rows", async () => {
    const syncs: number[] = [];
    for (const n of [60, 600]) {
      const plan = parsePlan(syntheticPlan(n));
      const { host, shell } = await ledgerBook(make, plan);
      const rev = revise(plan, { deletes: [7], inserts: [20], retitles: [3] });
      const from = shell.syncs();
      await host.update(rev.plan, { confirmed: true });
      syncs.push(shell.syncs() - from);
    }
    expect(syncs[0]).toBeLessThanOrEqual(6);
    expect(syncs[1]).toBe(syncs[0]);
  }, 60_000);
});

test("10,000 tasks through Microsoft's library: every request and response ≤ 4.5 MB for a renumbering update", async () => {
  const plan = parsePlan(syntheticPlan(10_000));
  const { book } = await ledgerBook(SHELLS[1][1], plan);
  const rev = revise(plan, { deletes: [10], inserts: [5_000, 20], retitles: [77, 9_000] });
  // A fresh emulator over the generated workbook: its figures are the update's alone.
  const emulator = new ExcelEmulator(book, LATEST);
  const fresh = new WorkbookHost(emulator.run, capabilitiesFor(emulator.supports), () => ASOF);
  const preview = await fresh.previewUpdate(rev.plan);
  expect(preview.confirm).not.toBeNull();
  await fresh.update(rev.plan, { confirmed: true });
  expect(Math.max(...emulator.stats.requestBytes)).toBeLessThanOrEqual(LIMIT);
  expect(Math.max(...emulator.stats.responseBytes)).toBeLessThanOrEqual(LIMIT);
  const ledger = sheet(book, "任务台账");
  expect(getCell(ledger, 12, 17).value).toBe("已移除");
  expect(getCell(ledger, 13, 1).value).toBe(11);
}, 240_000);

test("1904 date system: deadlines read in the workbook's own system are the plan's, not conflicts", async () => {
  const book = blankBook();
  book.date1904 = true;
  const excel = new ExcelEmulator(book, LATEST);
  const host = new WorkbookHost(excel.run, capabilitiesFor(excel.supports), () => ASOF);
  await host.generate(seedPlan, ASOF);
  const rev = revise(seedPlan, { deletes: [40], inserts: [], retitles: [] });
  // The plan moves task 1's deadline: the ledger's (unchanged since built) takes it, no conflict.
  const first = rev.plan.tasks[0];
  rev.plan.tasks[0] = {
    ...first,
    deadlines: [{ ...first.deadlines[0], date: "2022-11-15", text: "11月15日前" }],
  };
  const preview = await host.previewUpdate(rev.plan);
  expect(preview.summary).toContain("冲突 0 处");
  expect(preview.summary).toMatch(/\[修改\] 任务台账 1 完成时限：“\d{4}-\d\d-\d\d” → “2022-11-15”/);
  await host.update(rev.plan, { confirmed: true });
  expect(getCell(sheet(book, "任务台账"), 42, 17).value).toBe("已移除");
  expect((await host.validate()).issues.filter((i) => i.cell === "G2")).toEqual([]);
});

/** Staff insert a column into the table in Excel: every cell from that column on moves one to the right. */
function insertColumn(book: MemoryWorkbook, name: string, at: number, header: string) {
  const s = sheet(book, name);
  const moved = new Map<string, MemoryCell>();
  for (const [k, c] of s.cells) {
    const [r, col] = k.split(",").map(Number);
    moved.set(col >= at ? `${r},${col + 1}` : k, c);
  }
  s.cells = moved;
  getCell(s, 1, at).value = header;
  // Excel moves the names that point at the sheet's columns from `at` on, as it moves the cells.
  for (const [n, ref] of book.names)
    if (ref.includes(`${name}'!`) || ref.includes(`${name}!`))
      book.names.set(
        n,
        ref.replace(/\$([A-Z]+)\$/g, (m, l: string) =>
          colNumber(l) >= at ? `$${colLetters(colNumber(l) + 1)}$` : m,
        ),
      );
  for (const t of s.tables) {
    const b = t.address.slice(t.address.lastIndexOf("!") + 1).split(":");
    const end = b[1].replace(/^[A-Z]+/, (l) => String.fromCharCode(l.charCodeAt(0) + 1));
    t.address = `${t.address.slice(0, t.address.lastIndexOf("!") + 1)}${b[0]}:${end}`;
  }
}

test.each(SHELLS)(
  "a column staff inserted in the table keeps its place and its entries (%s)",
  async (_l, make) => {
    const { book, host } = await ledgerBook(make, seedPlan);
    insertColumn(book, "任务台账", 4, "督办人");
    const ledger = sheet(book, "任务台账");
    getCell(ledger, 10, 4).value = "张三";
    getCell(ledger, 10, 4).style.fill = "#FFFF00";
    const before = copyBook(book);
    const rev = revise(seedPlan, { deletes: [2], inserts: [], retitles: [] });
    await host.update(rev.plan, { confirmed: true });
    // The plan columns are found by their headers: 任务内容 is now E, the status column follows the table.
    expect(getCell(ledger, 10, 4)).toMatchObject({ value: "张三", style: { fill: "#FFFF00" } });
    expect(getCell(ledger, 10, 1).value).toBe(8);
    expect(getCell(ledger, 10, 5).value).toBe(seedPlan.tasks[8].body);
    expect(getCell(ledger, 4, 18).value).toBe("已移除");
    const unchanged = (k: string) => {
      const [r, c] = k.split(",").map(Number);
      // 计划状态 (R after the insert) is the tool's column: it is where the removal is marked.
      return r === 1 || c === 4 || (c > 10 && c !== 18);
    };
    const old = before.find((s) => s.name === "任务台账")!;
    for (const [k, c] of old.cells)
      if (unchanged(k)) expect([k, cellState(ledger.cells.get(k))]).toEqual([k, cellState(c)]);
  },
);
