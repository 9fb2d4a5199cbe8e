/**
 * The dashboard's live formulas, recalculated by LibreOffice, against `plan-ledger summary --json` on a
 * filled, messy ledger, for three as-of dates: every number must agree.
 */
import { spawnSync } from "child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import path from "path";
import { Workbook } from "../../src/render/xlsx/excelts";
import type { Figures, Summary } from "../../src/dashboard/summary";
import { fillLedger } from "../support/fill";
import { seedWorkbook } from "../support/ledgerFile";
import { cliEntry } from "./engines";
import { recalcSheets } from "./libreoffice";

let file: string;

beforeAll(async () => {
  const wb = await seedWorkbook("2022-07-01");
  fillLedger(wb, 20221130);
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

/** A raw exported number; LibreOffice keeps the `%` of percent cells even when not "as shown". */
const num = (v: string) => (v.endsWith("%") ? Number(v.slice(0, -1)) / 100 : Number(v));

/** The rows of a titled table on the dashboard, by their first cell. */
function tableRows(sheet: string[][], title: string): Map<string, number[]> {
  const start = sheet.findIndex((r) => r[0] === title);
  const rows = new Map<string, number[]>();
  for (let i = start + 2; i < sheet.length && sheet[i][0]; i++)
    rows.set(sheet[i][0], sheet[i].slice(1, 11).map(num));
  return rows;
}

test.each(["2022-08-15", "2022-09-30", "2022-12-20"])(
  "every dashboard figure equals summary --json at %s",
  async (asOf) => {
    const f = await atAsOf(asOf);
    const engine = summaryJson(f);
    const dash = recalcSheets(f, false)["仪表盘"];
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
      const rows = tableRows(dash, title);
      expect(rows.size).toBeGreaterThan(0);
      for (const [name, values] of rows) {
        const e = list.find((x) => x.name === name);
        const expected = e ? FIELDS.map((k) => e[k]) : FIELDS.map(() => 0);
        expect([name, values.map(round)]).toEqual([name, expected.map(round)]);
      }
    }

    const months = tableRows(dash, "按月份（完成时限）");
    for (const m of engine.months) {
      const [y, mo] = m.month.split("-").map(Number);
      expect([m.month, months.get(`${y}年${mo}月`)?.slice(0, 4)]).toEqual([
        m.month,
        [m.tasksDue, m.tasksDone, m.milestonesDue, m.milestonesDone],
      ]);
    }
  },
);
