/**
 * Updating through the Office.js renderer, against the strict fake: random staff entries, same or revised
 * plan; every staff entry of a surviving task identical, removed tasks archived, changes logged, staff's
 * own sheet untouched, and no sheet left aside.
 */
import fc from "fast-check";
import { parsePlan } from "../../../src/plan";
import { capabilitiesFor } from "../../../src/render/office/capabilities";
import { WorkbookHost } from "../../../src/render/office/host";
import { fakeRun, supportsOf, type SyncStats } from "../../../src/render/office/memory/fakeExcel";
import {
  getCell,
  newSheet,
  newWorkbook,
  type MemorySheet,
  type MemoryWorkbook,
} from "../../../src/render/office/memory/state";
import { seedPlan } from "../../support/ledgerFile";
import { revisePlan } from "../../support/revise";

const COLS = { 状态: 10, 进展情况: 11, 完成日期: 12, 佐证材料: 13, 备注: 15, 联系人: 18 } as const;
const value = fc.oneof(
  fc.constant(null),
  fc.string({ minLength: 1, maxLength: 20 }),
  fc.string({ minLength: 1500, maxLength: 2500 }),
  fc.constantFrom("第一行\n第二行", "=1+1", "'=看起来像公式", "已完成", "-5%"),
  fc.integer({ min: 44562, max: 45291 }),
  fc.double({ min: -1e5, max: 1e5, noNaN: true }),
  fc.boolean(),
);
const edits = fc.array(
  fc.record({
    task: fc.integer({ min: 1, max: 118 }),
    col: fc.constantFrom(...(Object.keys(COLS) as (keyof typeof COLS)[])),
    value,
  }),
  {
    minLength: 1,
    maxLength: 20,
  },
);

const sheet = (book: MemoryWorkbook, name: string) => book.sheets.find((s) => s.name === name);
const rowOf = (s: MemorySheet, id: string) => {
  for (let r = 2; r < 2000; r++) if (String(s.cells.get(`${r},1`)?.value ?? "") === id) return r;
  return -1;
};
/** A cell as staff see it: its formula, or its value (an empty string is an empty cell). */
const content = (s: MemorySheet, r: number, c: number) => {
  const cell = s.cells.get(`${r},${c}`);
  return cell?.formula ?? (cell?.value === "" || cell?.value === undefined ? null : cell.value);
};

async function filledBook(es: { task: number; col: keyof typeof COLS; value: unknown }[]) {
  const book = newWorkbook();
  const stats: SyncStats = { syncs: 0, requestBytes: [] };
  const host = new WorkbookHost(
    fakeRun(book, stats),
    capabilitiesFor(supportsOf(book)),
    () => "2022-10-08",
    () => "2022-10-08 09:00",
  );
  await host.generate(seedPlan, "2022-09-30");
  const ledger = sheet(book, "任务台账")!;
  getCell(ledger, 1, COLS.联系人).value = "联系人";
  for (const e of es) {
    const cell = getCell(ledger, e.task + 1, COLS[e.col]);
    if (typeof e.value === "string" && e.value.startsWith("=")) cell.formula = e.value;
    else cell.value = e.value as never;
  }
  const mine = newSheet("科室自用");
  getCell(mine, 1, 1).value = "不能动";
  book.sheets.push(mine);
  return { book, host, stats };
}

function staffSnapshot(book: MemoryWorkbook, ids: number[]) {
  const ledger = sheet(book, "任务台账")!;
  return ids.map((id) => [id, Object.values(COLS).map((c) => content(ledger, rowOf(ledger, String(id)), c))]);
}

test("same plan: every staff entry identical, staff's sheet untouched, nothing left aside", async () => {
  await fc.assert(
    fc.asyncProperty(edits, async (es) => {
      const { book, host, stats } = await filledBook(es);
      const ids = [...new Set(es.map((e) => e.task))];
      const before = staffSnapshot(book, ids);
      stats.syncs = 0;
      const r = await host.update(seedPlan);
      expect(r.changes).toEqual([]);
      expect(staffSnapshot(book, ids)).toEqual(before);
      expect(sheet(book, "科室自用")!.cells.get("1,1")?.value).toBe("不能动");
      expect(book.sheets.filter((s) => s.name.endsWith("(更新前)"))).toEqual([]);
      expect(stats.syncs).toBeLessThanOrEqual(5);
    }),
    { numRuns: 8 },
  );
});

test("revised plan: survivors identical, removed tasks archived with their entries, changes logged", async () => {
  await fc.assert(
    fc.asyncProperty(edits, fc.integer({ min: 1, max: 10_000 }), async (es, seed) => {
      const rev = revisePlan(seed);
      const { book, host } = await filledBook(es);
      const ids = [...new Set(es.map((e) => e.task))];
      const before = new Map(staffSnapshot(book, ids).map(([id, v]) => [id, v]));
      const preview = await host.previewUpdate(parsePlan(rev.text));
      expect(preview.summary).toContain(`移除 ${rev.removed.length} 项`);
      await host.update(parsePlan(rev.text));
      const survivors = ids.filter((t) => !rev.removed.includes(t));
      expect(staffSnapshot(book, survivors)).toEqual(survivors.map((t) => [t, before.get(t)]));
      const archive = sheet(book, "已移除任务");
      for (const t of rev.removed) {
        expect(archive).toBeDefined();
        const header = [...Array(40).keys()].map((c) =>
          String(archive!.cells.get(`1,${c + 1}`)?.value ?? ""),
        );
        let row = -1;
        for (let r = 2; r < 200; r++)
          if (
            archive!.cells.get(`${r},3`)?.value === String(t) &&
            archive!.cells.get(`${r},2`)?.value === "任务"
          )
            row = r;
        expect([t, row > 0]).toEqual([t, true]);
        if (before.has(t)) {
          const now = Object.keys(COLS).map((h) => content(archive!, row, header.indexOf(h) + 1));
          expect([t, now]).toEqual([t, before.get(t)]);
        }
      }
      const log = sheet(book, "变更记录")!;
      const logged = new Set<string>();
      for (let r = 2; r < 2000; r++)
        if (log.cells.get(`${r},2`))
          logged.add(`${log.cells.get(`${r},2`)!.value}|${log.cells.get(`${r},4`)?.value}`);
      for (const t of rev.removed) expect(logged).toContain(`移除|${t}`);
      for (const t of rev.added) expect(logged).toContain(`新增|${t}`);
      expect(book.sheets.filter((s) => s.name.endsWith("(更新前)"))).toEqual([]);
    }),
    { numRuns: 6 },
  );
});

test("sheets left aside by an earlier update stop a new one before anything is written", async () => {
  const { book, host } = await filledBook([]);
  book.sheets.push(newSheet("任务台账(更新前)"));
  const names = book.sheets.map((s) => s.name);
  await expect(host.update(seedPlan)).rejects.toThrow(/上次更新留下的工作表/);
  expect(book.sheets.map((s) => s.name)).toEqual(names);
});
