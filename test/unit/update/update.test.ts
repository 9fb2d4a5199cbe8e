/**
 * Updating a filled ledger: random staff entries in random cells, then update with the same plan and with
 * randomly revised plans. Every staff cell of a surviving task must be identical, read back with the
 * library directly (not through our reader); removed tasks must be archived with their entries; every
 * change must be logged.
 */
import fc from "fast-check";
import { parsePlan } from "../../../src/plan";
import { reconcile } from "../../../src/ledger/update/reconcile";
import { existingOf, loadWorkbook } from "../../../src/render/xlsx/readXlsx";
import { bytesOf, renderInto } from "../../../src/render/xlsx/writeXlsx";
import type { Workbook, Worksheet } from "../../../src/render/xlsx/excelts";
import { ledgerWorkbook } from "../../../src/workbook/ledgerWorkbook";
import { seedWorkbook, utcDate } from "../../support/ledgerFile";
import { revisePlan } from "../../support/revise";
import { seedText } from "../../support/files";

const STAFF = { 状态: "J", 进展情况: "K", 完成日期: "L", 佐证材料: "M", 备注: "O", 联系人: "R" } as const;

/** Entries staff make: long text, line breaks, formulas, dates, numbers, text that looks like a formula, nothing. */
const entry = fc.oneof(
  fc.constant(null),
  fc.string({ minLength: 1, maxLength: 30 }),
  fc.constantFrom("已完成", "推进中", "序时推进", "完成", ""),
  fc.string({ minLength: 2000, maxLength: 3000 }).map((s) => `长文本${s}`),
  fc.constantFrom("第一行\n第二行\n第三行", '="公式"&"文本"', "'=看起来像公式", "@提及", "-5%", "001"),
  fc.record({ formula: fc.constantFrom("1+1", "TODAY()", "LEN(C2)") }),
  fc
    .integer({ min: 44562, max: 45291 })
    .map((n) => utcDate(new Date(Date.UTC(1899, 11, 30) + n * 86_400_000).toISOString().slice(0, 10))),
  // Numbers from 0 up: a negative number in 完成日期 (a date-formatted column) is no date Excel can show (it
  // displays ####), and the library under the rebuild path turns it into a pre-1900 Date it cannot write back.
  fc.double({ min: 0, max: 1e6, noNaN: true }),
  fc.boolean(),
);

type Edit = { task: number; column: keyof typeof STAFF; value: unknown };

async function filled(edits: Edit[]): Promise<Workbook> {
  const wb = await seedWorkbook("2022-09-30");
  const ledger = wb.getWorksheet("任务台账")!;
  ledger.getCell("R1").value = "联系人"; // a column staff added
  wb.addWorksheet("我的统计").getCell("A1").value = "科室自用表，不能动"; // a sheet staff added
  for (const e of edits) {
    const cell = ledger.getCell(`${STAFF[e.column]}${e.task + 1}`);
    cell.value = e.value as never;
    if (e.value instanceof Date) cell.numFmt = "yyyy-mm-dd";
  }
  return wb;
}

/** Raw cell contents, as the library reads them; an empty string is an empty cell to staff. */
const raw = (v: unknown) =>
  JSON.stringify(
    v instanceof Date
      ? v.toISOString()
      : v && typeof v === "object" && "formula" in v
        ? { formula: (v as { formula: string }).formula }
        : v === "" || v === undefined
          ? null
          : v,
  );

/** Raw cell contents of a task's staff columns, as the library reads them. */
function staffOf(ws: Worksheet, task: number): Record<string, string> {
  for (let r = 2; r <= ws.rowCount; r++) {
    if (Number(ws.getCell(`A${r}`).value) !== task) continue;
    const out: Record<string, string> = {};
    for (const [h, col] of Object.entries(STAFF)) {
      out[h] = raw(ws.getCell(`${col}${r}`).value);
    }
    return out;
  }
  throw new Error(`task ${task} not found`);
}

async function update(wb: Workbook, planText: string): Promise<Workbook> {
  const before = await loadWorkbook(await bytesOf(wb));
  const plan = parsePlan(planText);
  const merged = reconcile(plan, existingOf(before), "2022-10-08 09:00");
  renderInto(before, ledgerWorkbook(plan, { asOf: "2022-10-08", merged }));
  return loadWorkbook(await bytesOf(before));
}

const edits = fc.array(
  fc.record({
    task: fc.integer({ min: 1, max: 118 }),
    column: fc.constantFrom(...(Object.keys(STAFF) as (keyof typeof STAFF)[])),
    value: entry,
  }),
  { minLength: 1, maxLength: 25 },
);

test("update with the same plan: every staff cell identical, staff's sheet and column kept", async () => {
  await fc.assert(
    fc.asyncProperty(edits, async (es) => {
      const wb = await filled(es);
      const before = await loadWorkbook(await bytesOf(wb));
      const after = await update(wb, seedText());
      const touched = [...new Set(es.map((e) => e.task))];
      for (const t of touched)
        expect([t, staffOf(after.getWorksheet("任务台账")!, t)]).toEqual([
          t,
          staffOf(before.getWorksheet("任务台账")!, t),
        ]);
      expect(after.getWorksheet("我的统计")!.getCell("A1").value).toBe("科室自用表，不能动");
      expect(after.getWorksheet("变更记录")).toBeUndefined();
    }),
    { numRuns: 12 },
  );
});

test("update with a revised plan: survivors identical, removed tasks archived with their entries, changes logged", async () => {
  await fc.assert(
    fc.asyncProperty(edits, fc.integer({ min: 1, max: 10_000 }), async (es, seed) => {
      const revision = revisePlan(seed);
      const wb = await filled(es);
      const before = await loadWorkbook(await bytesOf(wb));
      const after = await update(wb, revision.text);
      const ledger = after.getWorksheet("任务台账")!;
      const ids: number[] = [];
      for (let r = 2; r <= ledger.rowCount; r++)
        if (ledger.getCell(`A${r}`).value) ids.push(Number(ledger.getCell(`A${r}`).value));
      for (const t of revision.removed) expect(ids).not.toContain(t);
      for (const t of revision.added) expect(ids).toContain(t);
      for (const t of [...new Set(es.map((e) => e.task))].filter((t) => !revision.removed.includes(t))) {
        expect([t, staffOf(ledger, t)]).toEqual([t, staffOf(before.getWorksheet("任务台账")!, t)]);
      }
      const archive = after.getWorksheet("已移除任务");
      if (revision.removed.length) {
        const header = (archive!.getRow(1).values as unknown[]).map(String);
        const col = (h: string) => header.indexOf(h);
        for (const t of revision.removed) {
          const row = [...Array(archive!.rowCount).keys()]
            .map((i) => archive!.getRow(i + 1))
            .find((r) => r.getCell(col("编号")).value === String(t));
          expect(row).toBeDefined();
          const old = staffOf(before.getWorksheet("任务台账")!, t);
          for (const h of Object.keys(STAFF)) {
            expect([t, h, raw(row!.getCell(col(h)).value)]).toEqual([t, h, old[h]]);
          }
        }
      }
      const log = after.getWorksheet("变更记录")!;
      const logged = new Set<string>();
      for (let r = 2; r <= log.rowCount; r++)
        logged.add(`${log.getCell(`B${r}`).value}|${log.getCell(`D${r}`).value}`);
      for (const t of revision.removed) expect(logged).toContain(`移除|${t}`);
      for (const t of revision.added) expect(logged).toContain(`新增|${t}`);
      for (const t of revision.retitled)
        expect([...logged].some((l) => l === `修改|${t}` || l === `冲突|${t}`)).toBe(true);
    }),
    { numRuns: 8 },
  );
});

test("a plan column staff edited is a conflict: their text is kept and reported", async () => {
  const wb = await seedWorkbook("2022-09-30");
  wb.getWorksheet("任务台账")!.getCell("C9").value = "开展企业全生命周期集成改革（区里调整后的名称）";
  const revised = seedText().replace("8.开展企业全生命周期集成改革。", "8.深化企业全生命周期集成改革。");
  const before = await loadWorkbook(await bytesOf(wb));
  const plan = parsePlan(revised);
  const merged = reconcile(plan, existingOf(before), "2022-10-08 09:00");
  expect(merged.changes.filter((c) => c.id === "8")).toEqual([
    {
      kind: "冲突",
      sheet: "任务台账",
      id: "8",
      field: "任务名称",
      before: "开展企业全生命周期集成改革（区里调整后的名称）",
      after: "深化企业全生命周期集成改革",
    },
  ]);
  renderInto(before, ledgerWorkbook(plan, { asOf: "2022-10-08", merged }));
  const after = await loadWorkbook(await bytesOf(before));
  expect(after.getWorksheet("任务台账")!.getCell("C9").value).toBe(
    "开展企业全生命周期集成改革（区里调整后的名称）",
  );
});

test("unit aliases and staff's order of rows survive an update", async () => {
  const wb = await seedWorkbook("2022-09-30");
  wb.getWorksheet("单位")!.getCell("C2").value = "审批部，行政审批局";
  // Staff sorted the ledger: task 3 first.
  const ledger = wb.getWorksheet("任务台账")!;
  const row2 = (ledger.getRow(2).values as unknown[]).slice(1);
  const row4 = (ledger.getRow(4).values as unknown[]).slice(1);
  ledger.getRow(2).values = row4 as never;
  ledger.getRow(4).values = row2 as never;
  const after = await update(wb, seedText());
  expect(after.getWorksheet("单位")!.getCell("C2").value).toBe("审批部，行政审批局");
  const ids = [2, 3, 4].map((r) => Number(after.getWorksheet("任务台账")!.getCell(`A${r}`).value));
  expect(ids).toEqual([3, 2, 1]);
});
