/**
 * 历次进展 and the changes between periods: `close` twice on the seed, then `summary` states 本期新完成,
 * 新增逾期 and 连续两期逾期 as counted here independently from the entries and the deadlines; a closed period
 * is never rewritten, and nothing but the tool's own sheet changes.
 */
import fc from "fast-check";
import * as fs from "fs";
import { tmpdir } from "os";
import path from "path";
import { periodChanges, type PeriodRecord } from "../../../src/ledger/round";
import { runCli } from "../../support/cli";
import { headersOf, rowsById } from "../../support/roundReturns";
import { sheetPart, unzip } from "../../support/staffXml";
import { Workbook } from "../../../src/render/xlsx/excelts";

const rec = (period: string, id: number, status: string, warning: string): PeriodRecord => ({
  period,
  kind: "任务",
  id: String(id),
  title: "",
  lead: "",
  due: "",
  status,
  done: "",
  warning,
  note: "",
});

test("changes between two periods: newly done, newly overdue, overdue twice", () => {
  const state = fc.record({ done: fc.boolean(), overdue: fc.boolean() });
  fc.assert(
    fc.property(fc.array(fc.tuple(state, state), { maxLength: 30 }), (tasks) => {
      const prev = tasks.map(([a], i) =>
        rec("P1", i + 1, a.done ? "已完成" : "推进中", a.done ? "已完成" : a.overdue ? "逾期" : "正常"),
      );
      const cur = tasks.map(([, b], i) =>
        rec("P2", i + 1, b.done ? "已完成" : "推进中", b.done ? "已完成" : b.overdue ? "逾期" : "正常"),
      );
      const c = periodChanges(prev, cur);
      const ids = (f: (a: (typeof tasks)[number]) => boolean) =>
        tasks.flatMap((t, i) => (f(t) ? [String(i + 1)] : []));
      expect(c.newlyDone).toEqual(ids(([a, b]) => b.done && !a.done));
      expect(c.newlyOverdue).toEqual(ids(([a, b]) => !b.done && b.overdue && (a.done || !a.overdue)));
      expect(c.overdueTwice).toEqual(ids(([a, b]) => !b.done && b.overdue && !a.done && a.overdue));
    }),
  );
});

async function setStatuses(file: string, statuses: Map<number, [string, string | null]>) {
  const wb = new Workbook();
  await wb.xlsx.load(fs.readFileSync(file) as never);
  const ws = wb.getWorksheet("任务台账")!;
  const h = headersOf(ws);
  const rows = rowsById(ws, "序号");
  for (const [id, [status, done]] of statuses) {
    ws.getCell(rows.get(String(id))!, h.get("状态")!).value = status;
    if (done) ws.getCell(rows.get(String(id))!, h.get("完成日期")!).value = new Date(`${done}T00:00:00Z`);
  }
  fs.writeFileSync(file, new Uint8Array(await wb.xlsx.writeBuffer()));
}

test("two periods closed on the seed: summary states the changes as counted independently", async () => {
  const dir = fs.mkdtempSync(path.join(tmpdir(), "pl-periods-"));
  const file = path.join(dir, "台账.xlsx");
  expect((await runCli(["build", "-o", file, "--as-of", "2022-08-31"])).code).toBe(0);
  // August: tasks 1–20 done.
  const aug = new Map<number, [string, string | null]>();
  for (let id = 1; id <= 20; id++) aug.set(id, ["已完成", "2022-08-15"]);
  await setStatuses(file, aug);
  const c1 = await runCli(["close", file, "--in-place"]);
  expect([c1.code, c1.stderr]).toEqual([0, ""]);
  expect(c1.stdout).toContain("这是第一次记录的一期");

  // September: tasks 21–35 done as well.
  const sep = new Map<number, [string, string | null]>();
  for (let id = 21; id <= 35; id++) sep.set(id, ["已完成", "2022-09-20"]);
  await setStatuses(file, sep);
  const ledgerBefore = unzip(fs.readFileSync(file));
  const c2 = await runCli(["close", file, "--as-of", "2022-09-30", "-o", path.join(dir, "九月.xlsx")]);
  expect([c2.code, c2.stderr]).toEqual([0, ""]);
  const after = unzip(fs.readFileSync(path.join(dir, "九月.xlsx")));
  // Only the tool's 历次进展 and its round section on 仪表盘 change: the ledger and every other sheet byte for
  // byte, and on 仪表盘 every cell above the section but the changes sentence under the 通报.
  for (const sheet of ["任务台账", "时间节点", "说明", "单位"])
    expect(
      Buffer.from(after[sheetPart(after, sheet)]).equals(
        Buffer.from(ledgerBefore[sheetPart(ledgerBefore, sheet)]),
      ),
    ).toBe(true);

  const cellsOf = (xml: string) =>
    new Map(
      [...xml.matchAll(/<c r="([A-Z]+)(\d+)"[^>]*?(?:\/>|>.*?<\/c>)/g)].map((m) => [`${m[1]}${m[2]}`, m[0]]),
    );
  const dashBefore = cellsOf(Buffer.from(ledgerBefore[sheetPart(ledgerBefore, "仪表盘")]).toString());
  const dashAfter = cellsOf(Buffer.from(after[sheetPart(after, "仪表盘")]).toString());
  const sectionRow = Number(
    /PlanLedger_RoundSection">[^<]*\$(\d+)</.exec(Buffer.from(after["xl/workbook.xml"]).toString())![1],
  );
  const changed = [...new Set([...dashBefore.keys(), ...dashAfter.keys()])].filter(
    (ref) => dashBefore.get(ref) !== dashAfter.get(ref),
  );
  expect(changed.length).toBeGreaterThan(0);
  expect(changed.filter((ref) => ref !== "B8" && Number(/\d+/.exec(ref)![0]) < sectionRow)).toEqual([]);

  // Independently: deadlines from the plan copy via `parse --json`, statuses as set above.
  const plan = JSON.parse((await runCli(["parse", "--json"])).stdout) as {
    tasks: { id: number; deadlines: { date: string }[] }[];
  };
  const due = new Map(
    plan.tasks.map((t) => [
      t.id,
      t.deadlines
        .map((d) => d.date)
        .sort()
        .pop()!,
    ]),
  );
  const done = (id: number, month: 8 | 9) => id <= 20 || (month === 9 && id <= 35);
  const overdue = (id: number, month: 8 | 9) =>
    !done(id, month) && due.get(id)! < (month === 8 ? "2022-08-31" : "2022-09-30");
  const ids = [...due.keys()];
  const newlyOverdue = ids.filter((id) => overdue(id, 9) && !overdue(id, 8));
  const twice = ids.filter((id) => overdue(id, 9) && overdue(id, 8));
  expect(twice.length).toBeGreaterThan(0);

  const s = await runCli(["summary", path.join(dir, "九月.xlsx"), "--as-of", "2022-09-30"]);
  expect(s.stdout).toContain(
    `与上期（2022-08-31）相比，本期新完成15项、新增逾期${newlyOverdue.length}项，连续两期逾期的任务${twice.length}项（第${twice.slice(0, 10).join("、")}项${twice.length > 10 ? "等" : ""}）。`,
  );
  const json = JSON.parse(
    (await runCli(["summary", path.join(dir, "九月.xlsx"), "--json", "--as-of", "2022-09-30"])).stdout,
  );
  expect(json.changes.newlyDone).toEqual(Array.from({ length: 15 }, (_, i) => String(21 + i)));

  // A closed period is never rewritten, nor an earlier one added after it.
  const before = fs.readFileSync(path.join(dir, "九月.xlsx"));
  for (const asOf of ["2022-09-30", "2022-09-01"]) {
    const again = await runCli(["close", path.join(dir, "九月.xlsx"), "--as-of", asOf, "--in-place"]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("已记录的一期不再改写");
  }
  expect(fs.readFileSync(path.join(dir, "九月.xlsx")).equals(before)).toBe(true);
}, 120_000);
