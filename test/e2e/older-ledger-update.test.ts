/**
 * Ledgers built by older versions of the tool (test/fixtures/older-ledgers: the seed built at the commit in
 * each name, before the 计划状态 column, with three aliases per unit, before the 别名统计 sheet), filled by
 * staff, then brought up to a revised plan by `plan-ledger update`: the update refreshes the tool's own
 * cells on 仪表盘 and 说明 (and adds 别名统计), keeps a note staff typed beside them and a tool cell staff
 * changed, says so, and after LibreOffice recalculates, the dashboard agrees with `summary --json`:
 * figures, both lists and the 通报, at three as-of dates, with removed tasks and more than three aliases.
 */
import { spawnSync } from "child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import path from "path";
import { Workbook } from "../../src/render/xlsx/excelts";
import type { Figures, Summary } from "../../src/dashboard/summary";
import { LIST_ROWS } from "../../src/workbook/sheets/dashboard";
import { fillLedger } from "../support/fill";
import { seedPlan, setLedger } from "../support/ledgerFile";
import { seedText } from "../support/files";
import { cliEntry } from "./engines";
import { recalcSheets } from "./libreoffice";
import { find, num, tableRows } from "../support/dashboardCells";

const FIXTURES = path.join(__dirname, "..", "fixtures", "older-ledgers");
const OLDER = [
  "seed-763705a-before-plan-status.xlsx",
  "seed-8d244ab-three-aliases.xlsx",
  "seed-81b29e8-before-alias-sheet.xlsx",
];
/** Four aliases of one unit: the older dashboards counted the first three only. */
const ALIASES = ["审批局", "政务服务局", "审批服务局", "行政审批局"];
const STAFF_NOTE = "会前请再核对一遍（办公室）";
const STAFF_TEXT = "本页数据仅供内部会议使用";

const cli = (...args: string[]) => spawnSync(process.execPath, [cliEntry(), ...args], { encoding: "utf8" });

/** The plan revised: five tasks dropped (overdue ones among them), one inserted; the rest renumbered. */
function revisedPlan(): string {
  const gone = new Set([4, 6, 8, 30, 61]);
  const out: string[] = [];
  let next = 1;
  for (const line of seedText().split("\n")) {
    const m = /^(\s*)(\d+)\.(.*)$/.exec(line);
    if (!m) {
      out.push(line);
      continue;
    }
    const id = Number(m[2]);
    if (id === 10)
      out.push(`${next++}.新增审批材料清单公开任务。8月25日前完成清单编制并公开。〔牵头单位:税务局〕`, "");
    if (gone.has(id)) continue;
    out.push(`${m[1]}${next++}.${m[3]}`);
  }
  return out.join("\n");
}

async function filled(fixture: string, dir: string): Promise<string> {
  const wb = new Workbook();
  await wb.xlsx.load(readFileSync(path.join(FIXTURES, fixture)));
  fillLedger(wb, 20221130);
  const units = wb.getWorksheet("单位")!;
  for (let r = 2; r <= units.rowCount; r++)
    if (units.getCell(r, 1).value === "行政审批服务部") units.getCell(r, 3).value = ALIASES.join("，");
  const approval = seedPlan.tasks.filter((t) => t.leadUnits.join("、") === "行政审批服务部");
  ALIASES.forEach((a, i) => setLedger(wb, approval[i].id, "牵头单位", a));
  // Staff's own: a note beside the tool's cells, and the tool's note above the KPIs replaced by their text.
  const dash = wb.getWorksheet("仪表盘")!;
  dash.getCell("A3").value = STAFF_NOTE;
  dash.getCell("D2").value = STAFF_TEXT;
  wb.getWorksheet("说明")!.getCell("D7").value = STAFF_NOTE;
  const out = path.join(dir, fixture.replace(".xlsx", "-filled.xlsx"));
  writeFileSync(out, await wb.xlsx.writeBuffer());
  return out;
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
];
function expectAgreement(f: string, asOf: string): Summary {
  const r = cli("summary", f, "--json");
  expect(r.status).toBe(0);
  const engine: Summary = JSON.parse(r.stdout);
  expect(engine.asOf).toBe(asOf);
  const dash = recalcSheets(f, false)["仪表盘"];
  const o = engine.overall;
  const round = (v: number) => Math.round(v * 1e9) / 1e9;
  expect(dash[4].slice(0, 8).map((v) => round(num(v)))).toEqual(
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
  for (const [title, list] of [
    ["按领域", engine.domains],
    ["按牵头单位", engine.units],
  ] as const)
    for (const [name, values] of tableRows(dash, title, 8)) {
      const e = list.find((x) => x.name === name);
      expect([name, values]).toEqual([name, FIELDS.map((k) => (e ? e[k] : 0))]);
    }
  const bulletinRow = dash.findIndex((row) => row[0] === "通报");
  expect(dash[bulletinRow][1]).toBe(engine.bulletin);
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
    expect(items.filter((x) => x.kind === "task").length).toBe(headline);
  }
  expect(o.overdue * o.dueSoon * o.done).toBeGreaterThan(0);
  return engine;
}

describe.each(OLDER)("a ledger built by an older version (%s), filled, then updated", (fixture) => {
  let dir: string;
  let plan: string;
  let updated: string;
  let report: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "pl-older-"));
    plan = path.join(dir, "revised.txt");
    writeFileSync(plan, revisedPlan());
    const source = await filled(fixture, dir);
    updated = path.join(dir, "updated.xlsx");
    const r = cli("update", source, "--plan", plan, "-o", updated, "--yes");
    expect([r.status, r.stderr]).toEqual([0, ""]);
    report = r.stdout;
  });

  test("the update says what it refreshed and names the tool cell staff changed", async () => {
    expect(report).toMatch(/已把台账助手写的公式和说明更新为新版：“仪表盘”\d+个单元格/);
    expect(report).toContain(`仪表盘!D2（现为“${STAFF_TEXT}”）`);
    const wb = new Workbook();
    await wb.xlsx.load(readFileSync(updated));
    expect(wb.getWorksheet("仪表盘")!.getCell("A3").value).toBe(STAFF_NOTE);
    expect(wb.getWorksheet("仪表盘")!.getCell("D2").value).toBe(STAFF_TEXT);
    expect(wb.getWorksheet("说明")!.getCell("D7").value).toBe(STAFF_NOTE);
    expect(wb.getWorksheet("别名统计")?.state).toBe("hidden");
    // Updated again with the same plan: the cells are this version's, nothing more to refresh.
    const again = cli("update", updated, "--plan", plan, "-o", path.join(dir, "again.xlsx"));
    expect(again.status).toBe(0);
    expect(again.stdout).not.toContain("已把台账助手写的公式");
  });

  test.each(["2022-08-15", "2022-09-30", "2022-12-20"])("the dashboard agrees with summary at %s", (asOf) => {
    const f = path.join(dir, `at-${asOf}.xlsx`);
    const r = cli("update", updated, "--plan", plan, "--as-of", asOf, "-o", f);
    expect(r.status).toBe(0);
    const engine = expectAgreement(f, asOf);
    expect(engine.overall.total).toBe(118 - 5 + 1);
    // All four aliases count as their unit; no alias appears as a unit of its own.
    expect(engine.units.some((u) => ALIASES.includes(u.name))).toBe(false);
  });
});

test("a blank 统计截止日期: the formulas compute for today, as summary does (and summary warns)", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "pl-blank-"));
  const built = path.join(dir, "built.xlsx");
  expect(cli("build", "-o", built, "--as-of", "2022-09-30").status).toBe(0);
  const wb = new Workbook();
  await wb.xlsx.load(readFileSync(built));
  fillLedger(wb, 20221130);
  wb.getWorksheet("说明")!.getCell("B4").value = null;
  const blank = path.join(dir, "blank.xlsx");
  writeFileSync(blank, await wb.xlsx.writeBuffer());
  const r = cli("summary", blank, "--json");
  expect(r.stderr).toContain("统计截止日期是空的");
  const engine: Summary = JSON.parse(r.stdout);
  const today = new Date();
  const iso = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, "0")}-${String(today.getDate()).padStart(2, "0")}`;
  expect(engine.asOf).toBe(iso);
  const dash = recalcSheets(blank, false)["仪表盘"];
  expect(dash[dash.findIndex((row) => row[0] === "通报")][1]).toBe(engine.bulletin);
  expect(Number(dash[4][6])).toBe(engine.overall.overdue);
});
