/** The summary engine on hand-made rows: each figure, and the spreadsheet's way of comparing text. */
import type { CountedRow } from "../../../src/dashboard/rows";
import { rowsFromPlan } from "../../../src/dashboard/rows";
import { summarize, timeProgress, unitMatches, warningAsStored } from "../../../src/dashboard/summary";
import { seedPlan } from "../../support/ledgerFile";
import { allAliasPieces as aliasPieces } from "../../../src/ledger/aliases";

let n = 0;
const row = (over: Partial<CountedRow>): CountedRow => ({
  kind: "task",
  id: String(++n),
  taskId: n,
  domain: "甲领域",
  lead: "A局",
  title: `任务${n}`,
  status: "未启动",
  due: { date: "2022-09-30" },
  done: null,
  sheet: "任务台账",
  row: n + 1,
  ...over,
});

test("序时进度 counts the as-of day: 30 Sep 2022 is 273/365", () => {
  expect(timeProgress("2022-09-30", 2022)).toBeCloseTo(273 / 365, 12);
  expect(timeProgress("2021-12-31", 2022)).toBe(0);
  expect(timeProgress("2023-02-01", 2022)).toBe(1);
});

test("预警 as the formula computes it, text dates included", () => {
  const asOf = "2022-09-15";
  expect(warningAsStored(row({ status: "已完成", done: { date: "2022-10-01" } }), asOf)).toBe("逾期完成");
  expect(warningAsStored(row({ status: "已完成", done: { date: "2022-09-01" } }), asOf)).toBe("已完成");
  expect(warningAsStored(row({ status: "已完成", done: { text: "9月" } }), asOf)).toBe("逾期完成"); // text > number
  expect(warningAsStored(row({ status: "已完成", done: null }), asOf)).toBe("已完成");
  expect(warningAsStored(row({ status: "推进中", due: { date: "2022-09-14" } }), asOf)).toBe("逾期");
  expect(warningAsStored(row({ status: "推进中", due: { date: "2022-09-30" } }), asOf)).toBe("临期");
  expect(warningAsStored(row({ status: "推进中", due: { date: "2022-10-01" } }), asOf)).toBe("正常");
  expect(warningAsStored(row({ status: "已办结", due: { date: "2022-09-01" } }), asOf)).toBe("逾期"); // a synonym is not 已完成
  expect(warningAsStored(row({ due: { text: "年底" } }), asOf)).toBe("时限非日期");
  expect(warningAsStored(row({ due: null }), asOf)).toBe("");
});

test("a unit counts once per task among 、-separated lead units, whole names only", () => {
  expect(unitMatches("A局", "A局")).toBe(1);
  expect(unitMatches("A局、B局", "B局")).toBe(1);
  expect(unitMatches("C局、A局、B局", "A局")).toBe(1);
  expect(unitMatches("AA局、B局", "A局")).toBe(0);
});

test("figures for the plan, domains and units; lists; irregular rows reported", () => {
  const rows = [
    row({ status: "已完成", done: { date: "2022-09-01" }, due: { date: "2022-09-30" } }),
    row({ status: "已完成", done: { date: "2022-10-05" }, due: { date: "2022-09-30" }, lead: "A局、B局" }),
    row({ status: "推进中", due: { date: "2022-09-01" }, domain: "乙领域", lead: "B局" }),
    row({ status: "未启动", due: { date: "2022-10-20" }, domain: "乙领域" }),
    row({ status: "已办结", due: { date: "2022-12-31" }, domain: "乙领域", lead: "B局" }),
  ];
  const s = summarize({ tasks: rows, milestones: [], asOf: "2022-10-10", year: 2022 });
  expect(s.overall).toEqual({
    total: 5,
    done: 2,
    doneOnTime: 1,
    doneLate: 1,
    inProgress: 1,
    notStarted: 1,
    overdue: 1,
    dueSoon: 1,
    completionRate: 0.4,
    onTimeRate: 0.5,
  });
  expect(s.domains.map((d) => [d.name, d.total, d.done])).toEqual([
    ["甲领域", 2, 2],
    ["乙领域", 3, 0],
  ]);
  expect(s.units.map((u) => [u.name, u.total, u.overdue])).toEqual([
    ["A局", 3, 0],
    ["B局", 3, 1],
  ]);
  expect(s.overdue.map((o) => [o.id, o.days])).toEqual([[rows[2].id, 39]]);
  expect(s.upcoming.map((o) => [o.id, o.days])).toEqual([[rows[3].id, 10]]);
  expect(s.irregular).toEqual([
    expect.objectContaining({ id: rows[4].id, problem: expect.stringContaining("已办结") }),
  ]);
  expect(s.bulletin).toMatch(
    /^截至2022年10月10日，5项任务已完成2项，完成率40\.0%，低于序时进度37\.5个百分点（序时进度77\.5%）；/,
  );
  expect(s.bulletin).toMatch(/；15天内到期1项，请相关单位抓紧推进。$/);
  expect(s.bulletin).toContain(`逾期未完成1项：第${rows[2].id}项“任务${rows[2].taskId}”（B局，逾期39天）`);
});

test("the seed as built: 118 tasks not started; months from July to December", () => {
  const s = summarize({ ...rowsFromPlan(seedPlan), asOf: "2022-09-30", year: 2022 });
  expect(s.overall).toMatchObject({ total: 118, done: 0, notStarted: 118, overdue: 12, dueSoon: 9 });
  expect(s.months.map((m) => m.month)).toEqual([
    "2022-07",
    "2022-08",
    "2022-09",
    "2022-10",
    "2022-11",
    "2022-12",
  ]);
  // Only tasks with two or more written deadlines have milestones (12, 32, 85, 109).
  expect(s.months.reduce((a, m) => a + m.milestonesDue, 0)).toBe(9);
  expect(s.units.find((u) => u.name === "行政审批服务部")?.total).toBe(28);
});

test("an alias counts as its unit, never as a unit of its own; only whole names between 、", () => {
  const rows = [
    row({ lead: "审批局" }),
    row({ lead: "审批局、C局" }),
    row({ lead: "行政审批服务部" }),
    row({ lead: "大审批局" }),
  ];
  const s = summarize({
    tasks: rows,
    milestones: [],
    asOf: "2022-10-10",
    year: 2022,
    aliases: new Map([["行政审批服务部", aliasPieces("审批局， 行政审批局 ")]]),
  });
  expect(s.units.map((u) => [u.name, u.total])).toEqual([
    ["行政审批服务部", 3],
    ["C局", 1],
    ["大审批局", 1],
  ]);
  expect(aliasPieces("a，b、c；d")).toEqual(["a", "b", "c", "d"]);
});

test("lists: tasks before milestones, earliest deadline first, then sheet order; 临期 uses one window", () => {
  const asOf = "2022-10-10";
  const tasks = [
    row({ status: "推进中", due: { date: "2022-09-30" }, row: 5 }),
    row({ status: "推进中", due: { date: "2022-09-01" }, row: 9 }),
    row({ status: "推进中", due: { date: "2022-09-30" }, row: 3 }),
    row({ status: "推进中", due: { date: "2022-10-25" }, row: 4 }),
    row({ status: "推进中", due: { date: "2022-10-26" }, row: 6 }),
  ];
  const ms = [row({ kind: "milestone", id: "1-1", due: { date: "2022-08-01" }, row: 2 })];
  const s = summarize({ tasks, milestones: ms, asOf, year: 2022 });
  expect(s.overdue.map((o) => [o.kind, o.row, o.days])).toEqual([
    ["task", 9, 39],
    ["task", 3, 10],
    ["task", 5, 10],
    ["milestone", 2, 70],
  ]);
  // 15 days ahead, the as-of day counted: the 25th is due soon, the 26th is not.
  expect(s.upcoming.map((o) => [o.row, o.days])).toEqual([[4, 15]]);
  expect(s.overall.dueSoon).toBe(1);
  expect(s.dueSoonDays).toBe(15);
});

test("通报 in 公文 style: the plan in 《》, nested quotes ‘’, 序时进度 compared, at most ten named", () => {
  const tasks = Array.from({ length: 12 }, (_, i) =>
    row({
      status: "推进中",
      due: { date: "2022-08-01" },
      title: i === 0 ? "推进“一网通办”" : `任务${i}`,
      lead: i === 1 ? "" : "A局",
    }),
  );
  const s = summarize({
    tasks,
    milestones: [],
    asOf: "2022-09-30",
    year: 2022,
    title: "某区行动计划",
    published: "2022-07-08",
  });
  expect(s.progressFrom).toBe("2022-07-08");
  expect(s.bulletin).toContain(
    "《某区行动计划》12项任务已完成0项，完成率0.0%，低于序时进度48.0个百分点（序时进度48.0%）",
  );
  expect(s.bulletin).toContain("“推进‘一网通办’”");
  expect(s.bulletin).toContain("（未明确牵头单位，逾期60天）");
  expect(s.bulletin.match(/第\d+项/g)).toHaveLength(10);
  expect(s.bulletin).toMatch(/等；|等。$/);
  expect(timeProgress("2022-09-30", 2022, "2022-07-08")).toBeCloseTo(85 / 177, 12);
});

test("an alias that is also another unit's name counts for both, as both units' formulas do", () => {
  const s = summarize({
    tasks: [row({ lead: "税务局" }), row({ lead: "行政审批服务部" })],
    milestones: [],
    asOf: "2022-10-10",
    year: 2022,
    aliases: new Map([
      ["行政审批服务部", ["税务局"]],
      ["税务局", []],
    ]),
  });
  expect(s.units.map((u) => [u.name, u.total])).toEqual([
    ["税务局", 1],
    ["行政审批服务部", 2],
  ]);
});

test("names compare as COUNTIFS compares them: Latin letters in any case are one unit, shown as registered", () => {
  const asOf = "2022-09-15";
  const rows = [
    row({ lead: "Grid供电中心", domain: "IT领域" }),
    row({ lead: "GRID供电中心、A局", domain: "it领域" }),
    row({ lead: "grid供电中心" }),
    row({ lead: "Grid供电中心、grid供电中心" }),
  ];
  expect(unitMatches("A局、GRID供电中心", "Grid供电中心")).toBe(1);
  const s = summarize({
    tasks: rows,
    milestones: [],
    asOf,
    year: 2022,
    aliases: new Map([["Grid供电中心", ["供电"]]]),
  });
  expect(s.units.find((u) => u.name === "Grid供电中心")?.total).toBe(5);
  expect(s.units.map((u) => u.name).filter((n) => /grid/i.test(n))).toEqual(["Grid供电中心"]);
  expect(s.domains.find((d) => d.name === "IT领域")?.total).toBe(2);
  // Without a registry, the first spelling written names the group.
  const plain = summarize({ tasks: rows, milestones: [], asOf, year: 2022 });
  expect(plain.units.filter((u) => /grid/i.test(u.name))).toEqual([
    expect.objectContaining({ name: "Grid供电中心", total: 5 }),
  ]);
});
