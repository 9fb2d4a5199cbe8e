/**
 * The dashboard's live formulas, recalculated by LibreOffice, against `plan-ledger summary --json` on a
 * filled, messy ledger, for three as-of dates: every number, both lists and the 通报 must agree, and the
 * headline counts must equal the lists' lengths. The ledger carries unit aliases (one starting with `=`)
 * and a lead unit whose name holds `*`, `?` and `~`, which COUNTIFS would read as patterns.
 */
import { execFileSync, spawnSync } from "child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import path from "path";
import { Workbook } from "../../src/render/xlsx/excelts";
import { unitMatches, type Figures, type Summary } from "../../src/dashboard/summary";
import { fillLedger } from "../support/fill";
import { seedPlan, seedWorkbook, setLedger } from "../support/ledgerFile";
import { seedText } from "../support/files";
import { LIST_ROWS } from "../../src/workbook/sheets/dashboard";
import { cliEntry, requireEngine } from "./engines";
import { recalcSheets, renderPdf } from "./libreoffice";
import { find, num, tableRows } from "../support/dashboardCells";

let file: string;

/** Aliases registered for 行政审批服务部: more than three, some with pattern characters or a leading operator. */
const ALIASES = ["审批局", "=审批局", "<审批局>", "审批*局", "审批?局", "政务~服务局"];

/** A lead unit with pattern characters in its name. */
const ODD_UNIT = "司法*分?局~";

/** Lead units whose names start with a comparison operator, and one with Latin letters (COUNTIFS ignores case). */
const OPERATOR_UNIT = ">投资促进部";
const LATIN_UNIT = "Grid供电中心";

/**
 * The plan the ledger is built from: the seed, with lead units renamed to hold pattern characters, a
 * leading `>` and Latin letters.
 */
const planText = () =>
  seedText()
    .replace(/牵头单位:司法分局/g, `牵头单位:${ODD_UNIT}`)
    .replace(/投资促进部/g, OPERATOR_UNIT)
    .replace(/新城供电中心/g, LATIN_UNIT);

const taskLed = (unit: string) => seedPlan.tasks.filter((t) => t.leadUnits.join("、") === unit);

beforeAll(async () => {
  const wb = await seedWorkbook("2022-07-01", planText());
  fillLedger(wb, 20221130);
  // Aliases: staff write six other names for 行政审批服务部; all count as that unit.
  const units = wb.getWorksheet("单位")!;
  for (let r = 2; r <= units.rowCount; r++)
    if (units.getCell(r, 1).value === "行政审批服务部")
      units.getCell(r, 3).value = ALIASES.join("，").replace("，<", "、<");
  const approval = seedPlan.tasks.filter((t) => t.leadUnits.join("、") === "行政审批服务部");
  setLedger(wb, approval[0].id, "牵头单位", "审批局");
  setLedger(wb, approval[1].id, "牵头单位", "=审批局");
  setLedger(wb, approval[2].id, "牵头单位", "<审批局>");
  // More than three aliases, with pattern characters, one beside another unit in a shared lead cell.
  setLedger(wb, approval[3].id, "牵头单位", "审批*局");
  setLedger(wb, approval[4].id, "牵头单位", "税务局、审批?局");
  setLedger(wb, approval[5].id, "牵头单位", "政务~服务局");
  // Messier still: a 计划状态 typed by hand with a trailing space (still counted), a deadline typed as ISO
  // text, a completion with a time of day on the deadline's day, the Latin unit written in capitals, a
  // cleared 序号 and a renumbered row, a status with a full-width space, a cleared deadline.
  const open = seedPlan.tasks.filter((t) => t.id > 20 && t.id < 100 && t.leadUnits.length === 1);
  setLedger(wb, open[0].id, "计划状态", "已移除 ");
  setLedger(wb, open[1].id, "完成时限", "2022-09-20");
  setLedger(wb, open[1].id, "状态", "推进中");
  const dueDay = seedPlan.tasks.find((t) => t.id === open[2].id)!.deadlines.at(-1)!.date;
  setLedger(wb, open[2].id, "状态", "已完成");
  setLedger(wb, open[2].id, "完成日期", new Date(`${dueDay}T10:30:00Z`), "yyyy-mm-dd hh:mm");
  const latin = taskLed("新城供电中心");
  setLedger(wb, latin[0].id, "牵头单位", "GRID供电中心");
  setLedger(wb, latin[1].id, "牵头单位", "grid供电中心");
  setLedger(wb, open[3].id, "序号", null);
  setLedger(wb, open[4].id, "序号", 500);
  setLedger(wb, open[5].id, "状态", "已完成\u3000");
  setLedger(wb, open[6].id, "完成时限", null);
  file = path.join(mkdtempSync(path.join(tmpdir(), "pl-dash-")), "filled.xlsx");
  writeFileSync(file, await wb.xlsx.writeBuffer());
});

async function atAsOf(asOf: string): Promise<string> {
  const wb = new Workbook();
  await wb.xlsx.load(readFileSync(file));
  wb.getWorksheet("说明")!.getCell("B4").value = new Date(`${asOf}T00:00:00Z`);
  const out = file.replace(".xlsx", `-${asOf}.xlsx`);
  writeFileSync(out, await wb.xlsx.writeBuffer());
  return out;
}

function summaryJson(f: string): Summary {
  const r = spawnSync(process.execPath, [cliEntry(), "summary", f, "--json"], { encoding: "utf8" });
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout);
}

const FIELDS: (keyof Figures)[] = [
  "total",
  "done",
  "doneOnTime",
  "doneLate",
  "inProgress",
  "notStarted",
  "overdue",
  "dueSoon",
  "completionRate",
  "onTimeRate",
];

/**
 * Every figure of the dashboard of `f`, recalculated by LibreOffice, against `summary --json` at its
 * as-of date: KPIs, the per-domain, per-unit and per-month tables, both lists row by row with their
 * headline counts, the 单位 sheet's live counts and the 通报, character for character.
 */
/** `asFilled`: the ledger as filled (before an update, which may remove the messy rows). */
async function expectDashboardAgrees(f: string, asOf: string, asFilled = true): Promise<Summary> {
  const engine = summaryJson(f);
  const sheets = recalcSheets(f, false);
  const dash = sheets["仪表盘"];
  expect(engine.asOf).toBe(asOf);

  const round = (v: number) => Math.round(v * 1e9) / 1e9;
  const kpi = dash[4].slice(0, 8).map((v) => round(num(v)));
  const o = engine.overall;
  expect(kpi).toEqual(
    [
      o.total,
      o.done,
      o.completionRate,
      engine.timeProgress,
      o.inProgress,
      o.notStarted,
      o.overdue,
      o.dueSoon,
    ].map(round),
  );
  // The filled ledger must exercise every figure, or agreement proves little.
  expect(o.done * o.doneLate * o.overdue * o.inProgress * o.notStarted).toBeGreaterThan(0);

  for (const [title, list] of [
    ["按领域", engine.domains],
    ["按牵头单位", engine.units],
  ] as const) {
    const rows = tableRows(dash, title, 10);
    expect(rows.size).toBeGreaterThan(0);
    for (const [name, values] of rows) {
      const e = list.find((x) => x.name === name);
      const expected = e ? FIELDS.map((k) => e[k]) : FIELDS.map(() => 0);
      expect([name, values.map(round)]).toEqual([name, expected.map(round)]);
    }
  }

  // Aliases counted as their unit, pattern characters taken literally; rows marked 已移除 count nowhere.
  const units = tableRows(dash, "按牵头单位", 10);
  expect(units.get("行政审批服务部")?.[0]).toBe(engine.units.find((u) => u.name === "行政审批服务部")?.total);
  const ledger = sheets["任务台账"];
  const [leadCol, planCol] = ["牵头单位", "计划状态"].map((h) => ledger[0].indexOf(h));
  expect(planCol).toBeGreaterThan(0);
  const live = ledger.slice(1).filter((r) => r[0] !== "" && r[planCol] !== "已移除");
  // A lead cell naming a unit twice (X、X) counts twice, in the formulas as in the engine.
  const leading = (names: string[]) =>
    live.reduce((n, r) => n + names.reduce((k, name) => k + unitMatches(r[leadCol], name), 0), 0);
  const byHand = leading(["行政审批服务部", ...ALIASES]);
  expect(engine.units.find((u) => u.name === "行政审批服务部")?.total).toBe(byHand);
  expect(o.total).toBe(live.length);
  // The 单位 sheet's live counts agree, and a name with pattern characters is counted literally.
  const registry = sheets["单位"];
  expect(registry.find((r) => r[0] === "行政审批服务部")?.[3]).toBe(String(byHand));
  for (const r of registry.slice(1))
    if (r[0] && !r[2]) expect([r[0], r[3]]).toEqual([r[0], String(leading([r[0]]))]);
  expect(registry.find((r) => r[0] === ODD_UNIT)?.[3]).toBe("3");
  expect(engine.units.some((u) => u.name.includes("审批局"))).toBe(false);
  expect(units.get(ODD_UNIT)?.[0]).toBe(3);
  expect(units.get(OPERATOR_UNIT)?.[0]).toBe(leading([OPERATOR_UNIT]));
  expect(units.get(OPERATOR_UNIT)?.[0]).toBeGreaterThan(0);
  // The Latin unit written in capitals counts for it (COUNTIFS ignores case), in the engine too.
  const latinRows = live.filter((r) => /^grid供电中心$/i.test(r[leadCol]) && r[leadCol] !== LATIN_UNIT);
  expect(latinRows.length).toBeGreaterThan(0);
  expect(units.get(LATIN_UNIT)?.[0]).toBe(leading([LATIN_UNIT]));
  expect(engine.units.filter((u) => /grid/i.test(u.name)).map((u) => u.name)).toEqual([LATIN_UNIT]);
  if (asFilled) {
    // The 计划状态 typed with a space is counted; the deadline typed as text has no 预警 to count.
    expect(ledger.some((r) => r[planCol] === "已移除 ")).toBe(true);
    expect(engine.irregular.some((x) => x.problem.includes("“2022-09-20”不是日期"))).toBe(true);
  }

  // The 通报 sentence, character for character.
  const bulletinRow = dash.findIndex((r) => r[0] === "通报");
  expect(dash[bulletinRow][1]).toBe(engine.bulletin);
  expect(engine.bulletin).toContain("序时进度");

  // Both lists, row by row, and the headline counts equal their lengths.
  for (const [prefix, items, headline] of [
    ["逾期未完成清单", engine.overdue, o.overdue],
    ["临期清单", engine.upcoming, o.dueSoon],
  ] as const) {
    const [at, col] = find(dash, (v) => v.startsWith(prefix));
    const shown: string[][] = [];
    for (let i = at + 2; i < at + 2 + LIST_ROWS && dash[i][col + 2]; i++)
      shown.push(dash[i].slice(col, col + 6));
    expect(shown).toEqual(
      items
        .slice(0, LIST_ROWS)
        .map((x) => [x.title, x.kind === "task" ? "任务" : "节点", x.id, x.due, String(x.days), x.lead]),
    );
    const tasks = items.filter((x) => x.kind === "task").length;
    expect(dash[at][col].endsWith(`（任务${tasks}项、节点${items.length - tasks}个）`)).toBe(true);
    expect(tasks).toBe(headline);
    const more = dash[at + 2 + LIST_ROWS][col];
    expect(more).toBe(
      items.length > LIST_ROWS
        ? `另有${items.length - LIST_ROWS}项未列出，请在“任务台账”“时间节点”中按“预警”列筛选。`
        : "",
    );
  }
  expect(o.overdue * o.dueSoon).toBeGreaterThan(0);

  const months = tableRows(dash, "按月份（完成时限）", 10);
  for (const m of engine.months) {
    const [y, mo] = m.month.split("-").map(Number);
    expect([m.month, months.get(`${y}年${mo}月`)?.slice(0, 4)]).toEqual([
      m.month,
      [m.tasksDue, m.tasksDone, m.milestonesDue, m.milestonesDone],
    ]);
  }
  return engine;
}

test.each(["2022-08-15", "2022-09-30", "2022-12-20"])(
  "every dashboard figure equals summary --json at %s",
  async (asOf) => {
    await expectDashboardAgrees(await atAsOf(asOf), asOf);
  },
);

/**
 * A revision that removes tasks which would change every figure (overdue ones, a done one, one with
 * milestones) and inserts two, renumbering the rest. Returns the plan text and the removed tasks' titles.
 */
async function revision(): Promise<{ text: string; removed: string[] }> {
  const wb = new Workbook();
  await wb.xlsx.load(readFileSync(file));
  const ws = wb.getWorksheet("任务台账")!;
  const status = (id: number) => String(ws.getCell(`J${id + 1}`).value ?? "").trim();
  const keep = (id: number) => {
    const lead = seedPlan.tasks.find((t) => t.id === id)!.leadUnits.join("、");
    return id > 2 && !/行政审批服务部|司法分局/.test(lead);
  };
  const due = (id: number) => seedPlan.tasks.find((t) => t.id === id)!.deadlines.at(-1)?.date ?? "";
  const open = seedPlan.tasks.filter((t) => keep(t.id) && status(t.id) !== "已完成");
  const overdue = open.filter((t) => due(t.id) < "2022-08-15").slice(0, 3);
  const withMilestones = open.find(
    (t) => !overdue.includes(t) && t.deadlines.filter((d) => !d.inferred).length >= 2,
  )!;
  const done = seedPlan.tasks.find((t) => keep(t.id) && status(t.id) === "已完成")!;
  const gone = new Set([...overdue, withMilestones, done].map((t) => t.id));
  expect(overdue).toHaveLength(3);
  expect(gone.size).toBe(5);
  const out: string[] = [];
  let next = 1;
  for (const line of planText().split("\n")) {
    const m = /^(\s*)(\d+)\.(.*)$/.exec(line);
    if (!m) {
      out.push(line);
      continue;
    }
    const id = Number(m[2]);
    if (id === 3)
      out.push(`${next++}.新增审批材料清单公开任务。8月25日前完成清单编制并公开。〔牵头单位:税务局〕`, "");
    if (id === 60)
      out.push(`${next++}.新增企业满意度调查任务。12月底前完成全年调查。〔牵头单位:财政管理部〕`, "");
    if (gone.has(id)) continue;
    out.push(`${m[1]}${next++}.${m[3]}`);
  }
  return {
    text: out.join("\n"),
    removed: [...gone].map((id) => seedPlan.tasks.find((t) => t.id === id)!.title),
  };
}

describe("after an update removes and inserts tasks (removed rows stay, marked 已移除)", () => {
  let plan: string;
  let updated: string;
  let removed: string[];
  beforeAll(async () => {
    const rev = await revision();
    removed = rev.removed;
    const dir = path.dirname(file);
    plan = path.join(dir, "revised.txt");
    writeFileSync(plan, rev.text);
    updated = path.join(dir, "updated.xlsx");
    const r = spawnSync(
      process.execPath,
      [cliEntry(), "update", file, "--plan", plan, "-o", updated, "--yes"],
      {
        encoding: "utf8",
      },
    );
    expect([r.status, r.stderr]).toEqual([0, ""]);
    expect(r.stdout).toContain("移除 5 项");
  });

  test.each(["2022-08-15", "2022-09-30", "2022-12-20"])(
    "the dashboard leaves removed tasks and their milestones out, as summary does, at %s",
    async (asOf) => {
      // update --as-of writes the date into 说明 (the plan is unchanged: nothing else moves).
      const f = updated.replace(".xlsx", `-${asOf}.xlsx`);
      const r = spawnSync(
        process.execPath,
        [cliEntry(), "update", updated, "--plan", plan, "--as-of", asOf, "-o", f],
        { encoding: "utf8" },
      );
      expect(r.stdout.split("\n")[0]).toBe(`统计截止日期 As of: ${asOf}（--as-of 指定），已写入“说明”`);
      const engine = await expectDashboardAgrees(f, asOf, false);
      expect(engine.overall.total).toBe(118 - 5 + 2);
      const listed = [...engine.overdue, ...engine.upcoming].map((x) => x.title);
      for (const title of removed) expect(listed).not.toContain(title);
      expect(engine.bulletin).toContain(`${118 - 5 + 2}项任务已完成`);
    },
  );
});

test("the dashboard prints on one landscape A3 page, text 8 pt or more, with a page number", async () => {
  const wb = new Workbook();
  await wb.xlsx.load(readFileSync(await atAsOf("2022-12-20")));
  // Only the dashboard is printed: the other sheets hidden (their data still feed its formulas).
  for (const ws of wb.worksheets) if (ws.name !== "仪表盘") ws.state = "hidden";
  const dir = mkdtempSync(path.join(tmpdir(), "pl-print-"));
  const xlsx = path.join(dir, "dashboard.xlsx");
  writeFileSync(xlsx, await wb.xlsx.writeBuffer());
  const pdf = renderPdf(xlsx, dir);
  const pdftotext = requireEngine("pdftoppm").replace(/pdftoppm$/, "pdftotext");
  const pdfinfo = pdftotext.replace(/pdftotext$/, "pdfinfo");
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync(pdfinfo, [pdf], { encoding: "utf8" }))![1]);
  const pageText = (p: number) =>
    execFileSync(pdftotext, ["-f", String(p), "-l", String(p), "-bbox", pdf, "-"], { encoding: "utf8" });
  // LibreOffice may still print the first (hidden) sheet; the dashboard's own pages are those with its texts.
  const dashboardPages = Array.from({ length: pages }, (_, i) => i + 1).filter((p) =>
    /(工作进展仪表盘|逾期未完成清单|按牵头单位|按月份)/.test(pageText(p).replace(/<[^>]*>\s*/g, "")),
  );
  expect(dashboardPages).toHaveLength(1);
  const page = dashboardPages[0];
  const info = execFileSync(pdfinfo, ["-f", String(page), "-l", String(page), pdf], { encoding: "utf8" });
  expect(info).toMatch(new RegExp(`Page\\s+${page} size:\\s+1190\\.55 x 841\\.89 pts \\(A3\\)`));
  const words = pageText(page);
  const heights = [...words.matchAll(/yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</g)].map(
    (m) => Number(m[2]) - Number(m[1]),
  );
  expect(heights.length).toBeGreaterThan(500);
  expect(Math.min(...heights)).toBeGreaterThanOrEqual(8);
  expect(words).toMatch(/>第<\/word>/); // the page-number footer
  // The charts and lists are all on that page.
  for (const text of [
    "各牵头单位逾期未完成任务数（由多到少）",
    "逾期未完成清单（任务",
    "临期清单（15天内到期）",
  ])
    expect(words.replace(/<[^>]*>\s*/g, "")).toContain(text.replace(/\s/g, ""));
});
