/** The round's merge decisions, checked as properties over generated masters and returns. */
import fc from "fast-check";
import { mergeRound, notReported, type ReturnInput } from "../../../src/ledger/round/merge";
import type { RowEntries } from "../../../src/ledger/round/share";
import { unitFileNames, leadUnitsOf, masterIdOf } from "../../../src/ledger/round/identity";

const COLUMNS = ["状态", "进展情况"];
const value = (text: string) => ({ text, cell: text || null });
const rowOf = (key: string, vals: Record<string, string>): RowEntries => ({
  key,
  label: `标题${key}`,
  sheet: "任务台账",
  address: Object.fromEntries(COLUMNS.map((c, i) => [c, `${"JK"[i]}${key.length}`])),
  values: Object.fromEntries(Object.entries(vals).map(([c, v]) => [c, value(v)])),
});

const word = fc.constantFrom("", "推进中", "已完成", "甲", "乙");
/** A round: rows with a baseline, the master now, and returns (each sent a subset) with their values. */
const round = fc
  .record({
    n: fc.integer({ min: 1, max: 6 }),
    returns: fc.integer({ min: 1, max: 4 }),
  })
  .chain(({ n, returns }) =>
    fc.record({
      baseline: fc.array(fc.tuple(word, word), { minLength: n, maxLength: n }),
      master: fc.array(fc.tuple(word, word), { minLength: n, maxLength: n }),
      masterSame: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
      sent: fc.array(fc.array(fc.boolean(), { minLength: n, maxLength: n }), {
        minLength: returns,
        maxLength: returns,
      }),
      values: fc.array(fc.array(fc.tuple(word, word), { minLength: n, maxLength: n }), {
        minLength: returns,
        maxLength: returns,
      }),
      stray: fc.array(fc.boolean(), { minLength: returns, maxLength: returns }),
    }),
  );

function scenario(g: {
  baseline: [string, string][];
  master: [string, string][];
  masterSame: boolean[];
  sent: boolean[][];
  values: [string, string][][];
  stray: boolean[];
}) {
  const keys = g.baseline.map((_, i) => `任务 ${i + 1}`);
  const base = (i: number) => ({ 状态: g.baseline[i][0], 进展情况: g.baseline[i][1] });
  const masterVals = (i: number) =>
    g.masterSame[i] ? base(i) : { 状态: g.master[i][0], 进展情况: g.master[i][1] };
  const master = keys.map((k, i) => rowOf(k, masterVals(i)));
  const returns: ReturnInput[] = g.sent.map((sent, f) => {
    const rows = keys
      .map((k, i) => (sent[i] ? rowOf(k, { 状态: g.values[f][i][0], 进展情况: g.values[f][i][1] }) : null))
      .filter((r): r is RowEntries => r !== null);
    if (g.stray[f]) rows.push(rowOf("任务 99", { 状态: "已完成", 进展情况: "别人的" }));
    return {
      file: `单位${f}.xlsx`,
      unit: `单位${f}`,
      baseline: keys.flatMap((k, i) =>
        sent[i] ? COLUMNS.map((c) => ({ key: k, column: c, text: base(i)[c as "状态"] })) : [],
      ),
      rows,
      errors: [],
    };
  });
  return { keys, base, masterVals, master, returns };
}

test("every changed entry is accounted for once: taken, conflict, or already in the master", () => {
  fc.assert(
    fc.property(round, (g) => {
      const s = scenario(g);
      const r = mergeRound(s.master, s.returns);
      s.keys.forEach((k, i) => {
        for (const c of COLUMNS as ("状态" | "进展情况")[]) {
          const was = s.base(i)[c];
          const now = s.masterVals(i)[c];
          const changed = s.returns
            .map((ret, f) => ({ f, v: g.sent[f][i] ? g.values[f][i][c === "状态" ? 0 : 1] : null }))
            .filter((x) => x.v !== null && x.v !== was);
          const taken = r.taken.filter((t) => t.key === k && t.column === c);
          const conflicts = r.conflicts.filter((t) => t.key === k && t.column === c);
          expect(taken.length + conflicts.length).toBeLessThanOrEqual(1);
          const values = new Set(changed.map((x) => x.v));
          if (!changed.length) {
            expect(taken.length + conflicts.length).toBe(0);
          } else if (values.size > 1) {
            // Two returns disagree: a conflict naming each file, the master untouched.
            expect(conflicts).toHaveLength(1);
            expect(conflicts[0].kind).toBe("returns");
            expect(conflicts[0].returns.map((x) => x.file).sort()).toEqual(
              changed.map((x) => `单位${x.f}.xlsx`).sort(),
            );
          } else {
            const v = [...values][0];
            if (v === now) expect(taken.length + conflicts.length).toBe(0);
            else if (now !== was) {
              expect(conflicts).toHaveLength(1);
              expect(conflicts[0]).toMatchObject({ kind: "master", master: now, baseline: was });
            } else if (r.conflicts.some((x) => x.key === k && x.column !== c && x.kind !== "row")) {
              // Another cell of the row is a conflict: the row is decided whole, this entry waits with it.
              expect(taken).toHaveLength(0);
              expect(conflicts).toHaveLength(1);
              expect(conflicts[0]).toMatchObject({ kind: "row", master: now, baseline: was });
            } else {
              expect(taken).toHaveLength(1);
              expect(taken[0].to.text).toBe(v);
              expect(taken[0].from.text).toBe(now);
              expect(taken[0].files.sort()).toEqual(changed.map((x) => `单位${x.f}.xlsx`).sort());
            }
          }
        }
      });
      // Rows a return was not sent are never taken, always reported.
      s.returns.forEach((ret, f) => {
        if (g.stray[f])
          expect(r.ignored).toContainEqual(
            expect.objectContaining({ file: ret.file, key: "任务 99", reason: "not-sent" }),
          );
      });
      expect(r.taken.some((t) => t.key === "任务 99")).toBe(false);
    }),
    { numRuns: 300 },
  );
});

test("a cell validation rejects is not taken and is reported with its problem", () => {
  fc.assert(
    fc.property(round, (g) => {
      const s = scenario(g);
      // Every changed 状态 of the first return is invalid.
      const first = s.returns[0];
      first.errors = first.rows.map((row) => ({ key: row.key, column: "状态", message: "状态无效" }));
      const r = mergeRound(s.master, s.returns);
      for (const row of first.rows) {
        const i = s.keys.indexOf(row.key);
        if (i < 0) continue;
        const changed = row.values["状态"].text !== s.base(i)["状态"];
        const rejected = r.rejected.filter((x) => x.file === first.file && x.key === row.key);
        expect(rejected.length).toBe(changed ? 1 : 0);
        for (const t of r.taken.filter((t) => t.key === row.key && t.column === "状态"))
          expect(t.files).not.toContain(first.file);
      }
    }),
    { numRuns: 200 },
  );
});

test("rows sent but gone from a return are reported missing; a number typed over another row takes neither row", () => {
  // The row of task 1 got 序号 2 typed over it (and a note), the real row 2 further down: which row is task 2
  // cannot be told, so neither is taken and both rows are named.
  const master = [rowOf("任务 1", { 状态: "", 进展情况: "" }), rowOf("任务 2", { 状态: "", 进展情况: "" })];
  const at = (key: string, row: number) => ({
    ...rowOf(key, {}),
    address: { 状态: `J${row}`, 进展情况: `K${row}` },
  });
  const r = mergeRound(master, [
    {
      file: "a.xlsx",
      unit: "甲",
      baseline: ["任务 1", "任务 2"].flatMap((key) => COLUMNS.map((column) => ({ key, column, text: "" }))),
      rows: [
        { ...at("任务 2", 5), values: { 状态: value("推进中"), 进展情况: value("重复序号") } },
        { ...at("任务 2", 9), values: { 状态: value("已完成"), 进展情况: value("") } },
      ],
      errors: [],
    },
  ]);
  expect(r.missing).toEqual([{ file: "a.xlsx", unit: "甲", key: "任务 1" }]);
  expect(r.ignored).toEqual([expect.objectContaining({ key: "任务 2", reason: "duplicate", rows: [5, 9] })]);
  expect(r.taken).toEqual([]);
  expect(r.conflicts).toEqual([]);
});

test("units without a return are the ones not reported, in the master's order", () => {
  expect(notReported(["区财政局", "区税务局", "区公安分局"], ["区公安分局"])).toEqual([
    "区财政局",
    "区税务局",
  ]);
});

test("unit file names are safe on every system and distinct", () => {
  fc.assert(
    fc.property(fc.array(fc.string({ minLength: 0, maxLength: 30 }), { maxLength: 12 }), (units) => {
      const distinct = [...new Set(units)];
      const names = [...unitFileNames(distinct).values()];
      expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
      for (const n of names) {
        expect(n).toMatch(/\.xlsx$/);
        // eslint-disable-next-line no-control-regex
        expect(n).not.toMatch(/[\\/:*?"<>|\u0000-\u001f]/);
        expect(n).not.toMatch(/^[.\s]/);
      }
    }),
  );
  expect(unitFileNames(["区市场监管局/区商务局", "CON"]).get("区市场监管局/区商务局")).toBe(
    "区市场监管局_区商务局.xlsx",
  );
});

test("lead cells split on the separators plans use; the master id ignores task order", () => {
  expect(leadUnitsOf("区财政局、区税务局，区人社局")).toEqual(["区财政局", "区税务局", "区人社局"]);
  const a = masterIdOf("计划", [
    { id: 1, title: "甲" },
    { id: 2, title: "乙" },
  ]);
  expect(
    masterIdOf("计划", [
      { id: 2, title: "乙" },
      { id: 1, title: "甲" },
    ]),
  ).toBe(a);
  expect(masterIdOf("计划", [{ id: 1, title: "甲" }])).not.toBe(a);
});

test("one pass gives every unit the same share as asking unit by unit", async () => {
  const { readLedger } = await import("../../../src/render/xlsx/readXlsx");
  const { writeXlsx } = await import("../../../src/render/xlsx/writeXlsx");
  const { ledgerWorkbook } = await import("../../../src/workbook/ledgerWorkbook");
  const { seedPlan } = await import("../../support/ledgerFile");
  const { leadUnits, shareOf, sharesOf } = await import("../../../src/ledger/round/share");
  const snap = await readLedger(await writeXlsx(ledgerWorkbook(seedPlan, { asOf: "2022-09-30" })));
  const all = sharesOf(snap);
  expect(all.map((s) => s.unit)).toEqual(leadUnits(snap));
  for (const s of all) {
    const one = shareOf(snap, s.unit);
    expect(s.tasks.map((r) => r.row)).toEqual(one.tasks.map((r) => r.row));
    expect(s.milestones.map((r) => r.row)).toEqual(one.milestones.map((r) => r.row));
  }
  // A task with two leads goes to both.
  const twoLeads = seedPlan.tasks.filter((t) => t.leadUnits.length > 1);
  expect(twoLeads.length).toBeGreaterThan(0);
  for (const t of twoLeads)
    for (const u of t.leadUnits)
      expect(all.find((s) => s.unit === u)!.tasks.some((r) => r.cells["序号"].value === t.id)).toBe(true);
});

test("two leads' returns for one task: a row is never half taken (已完成 without its date, a date with 未启动)", () => {
  // Task 85 has two leads. (a) Both report 已完成 with different dates; (b) one reports 推进中, the other 已完成
  // with a date. Taking the agreed or the single cell would leave the master in a state validation rejects.
  const cols = { 状态: "J86", 完成日期: "L86", 进展情况: "K86" };
  const row = (vals: Record<string, string>): RowEntries => ({
    key: "任务 85",
    label: "标题85",
    sheet: "任务台账",
    address: cols,
    values: Object.fromEntries(Object.entries(vals).map(([c, v]) => [c, value(v)])),
  });
  const sent = { 状态: "未启动", 完成日期: "", 进展情况: "" };
  const ret = (file: string, vals: Record<string, string>): ReturnInput => ({
    file,
    unit: file.replace(".xlsx", ""),
    baseline: Object.entries(sent).map(([column, text]) => ({ key: "任务 85", column, text })),
    rows: [row(vals)],
    errors: [],
  });
  const a = mergeRound(
    [row(sent)],
    [
      ret("区化工.xlsx", { 状态: "已完成", 完成日期: "2022-09-20", 进展情况: "" }),
      ret("建设管理部.xlsx", { 状态: "已完成", 完成日期: "2022-09-21", 进展情况: "" }),
    ],
  );
  expect(a.taken).toEqual([]);
  expect(a.conflicts.map((c) => [c.column, c.kind, c.returns.length])).toEqual([
    ["状态", "row", 2],
    ["完成日期", "returns", 2],
  ]);
  const b = mergeRound(
    [row(sent)],
    [
      ret("公安分局.xlsx", { 状态: "推进中", 完成日期: "", 进展情况: "完成80%" }),
      ret("生态环境分局.xlsx", { 状态: "已完成", 完成日期: "2022-09-20", 进展情况: "" }),
    ],
  );
  expect(b.taken).toEqual([]);
  expect(b.conflicts.map((c) => [c.column, c.kind])).toEqual([
    ["状态", "returns"],
    ["进展情况", "row"],
    ["完成日期", "row"],
  ]);
  // Another task's entries are not held back by this row's conflict.
  expect(b.conflicts.every((c) => c.key === "任务 85")).toBe(true);
});
