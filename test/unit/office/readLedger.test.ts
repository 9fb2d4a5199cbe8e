/**
 * Validation and the summary read only the columns and properties they use (readLedger.ts). Whatever that
 * leaves out must not change a single finding or figure: each ledger here, edited the way staff edit, is
 * checked through Microsoft's client library both ways (the selective read, and every cell with every
 * property), and the two must agree. Also the round trips and bytes this saves at 10,000 tasks.
 */
import { parsePlan } from "../../../src/plan";
import { capabilitiesFor } from "../../../src/render/office/capabilities";
import { WorkbookHost } from "../../../src/render/office/host";
import { readGrids } from "../../../src/render/office/readLedger";
import { snapshotFromGrids, type SheetGrid } from "../../../src/ledger/grid";
import { validateLedger } from "../../../src/ledger/validate/validate";
import { summaryOf } from "../../../src/dashboard/fromSnapshot";
import { SHEETS } from "../../../src/ledger/vocabulary";
import { getCell, newSheet, newWorkbook, type MemorySheet } from "../../../src/render/office/memory/state";
import { fakeRun } from "../../../src/render/office/memory/fakeExcel";
import type { RunBatch } from "../../../src/render/office/api";
import { syntheticPlan } from "../../../bench/synthetic";
import { seedPlan } from "../../support/ledgerFile";
import { ExcelEmulator, LATEST } from "../../support/office/emulator";

const ASOF = "2022-09-30";
const LIMIT = 4.5 * 1024 * 1024;

async function generated(book = newWorkbook(), plan = seedPlan) {
  if (!book.sheets.length) book.sheets.push(newSheet("Sheet1"));
  const excel = new ExcelEmulator(book, LATEST);
  const host = new WorkbookHost(excel.run, capabilitiesFor(excel.supports), () => ASOF);
  await host.generate(plan, ASOF);
  return { excel, host, book };
}

/** Every cell of the sheets validation looks at, with every property (what the reader did before). */
async function readEverything(run: RunBatch) {
  return run(async (context) => {
    const { grids: g, date1904 } = await readGrids(context, {
      ledger: SHEETS.ledger,
      milestones: SHEETS.milestones,
      units: SHEETS.units,
      planCopy: SHEETS.planCopy,
      guide: SHEETS.guide,
    });
    const guide = g.guide;
    const asOf: SheetGrid | null =
      guide && guide.values[4 - guide.firstRow]
        ? {
            values: [[guide.values[4 - guide.firstRow][2 - guide.firstCol]]],
            text: [[guide.text[4 - guide.firstRow][2 - guide.firstCol]]],
            numberFormat: [[guide.numberFormat[4 - guide.firstRow][2 - guide.firstCol]]],
            firstRow: 4,
            firstCol: 2,
          }
        : null;
    return snapshotFromGrids({ ...g, asOf, date1904 });
  });
}

const sheet = (book: ReturnType<typeof newWorkbook>, name: string) =>
  book.sheets.find((s) => s.name === name)!;

/** Staff insert rows above the table (a title) or a column of their own inside it: every cell moves. */
function shift(s: MemorySheet, rows: number, fromCol: number, cols: number) {
  const moved = new Map<string, ReturnType<typeof getCell>>();
  for (const [k, cell] of s.cells) {
    const [r, c] = k.split(",").map(Number);
    moved.set(`${r + rows},${c >= fromCol ? c + cols : c}`, cell);
  }
  s.cells = moved;
}

async function expectSameBothWays(excel: ExcelEmulator, host: WorkbookHost) {
  const full = await readEverything(excel.run);
  const expected = validateLedger(full, { today: ASOF });
  const got = await host.validate();
  expect(got.issues.length).toBeGreaterThan(0);
  expect(got).toEqual(expected);
  expect(await host.summary()).toEqual(summaryOf(full, { today: ASOF }));
  return got;
}

test("a ledger staff have filled in (odd entries included): the same findings and figures as reading every cell", async () => {
  const { excel, host, book } = await generated();
  excel.type("任务台账", "E2", "行政审批部"); // unknown unit
  excel.type("任务台账", "F3", " 税务局 "); // surplus spaces: a safe fix
  excel.type("任务台账", "J3", true); // a logical value in 状态, quoted as Excel shows it
  excel.type("任务台账", "J4", "50%"); // a percentage in 状态
  excel.type("任务台账", "J5", "已办结"); // a synonym
  excel.type("任务台账", "L5", "'2022/8/1"); // a date typed as text
  excel.type("任务台账", "J6", "已完成");
  excel.type("任务台账", "L6", 44800);
  getCell(sheet(book, "任务台账"), 6, 12).numberFormat = "General"; // a number without a date format
  excel.type("任务台账", "G7", "2023-12-31"); // deadline moved
  excel.type("任务台账", "C8", "改过的任务名称"); // plan text changed
  excel.type("任务台账", "D9", ""); // plan text cleared
  excel.type("任务台账", "A10", "９"); // full-width key
  excel.type("任务台账", "K11", "进展很长".repeat(200)); // progress notes: values only
  excel.type("任务台账", "N12", "备注"); // remarks
  excel.type("单位", "C2", "审批局"); // an alias
  excel.type("说明", "B4", "2022-10-31");
  const got = await expectSameBothWays(excel, host);
  const cells = got.issues.map((i) => i.cell);
  for (const c of ["E2", "F3", "J3", "J4", "J5", "L5", "L6", "G7", "C8", "D9", "A10"])
    expect(cells).toContain(c);
  expect(got.issues.find((i) => i.cell === "J3")?.message).toContain("“TRUE”");
  expect(got.issues.find((i) => i.cell === "J4")?.message).toMatch(/状态“50(\.0)?%”/);
  expect(got.asOf).toBe("2022-10-31");
});

test("a note typed below the table, in 进展情况 or 备注 only: a row either way (its empty 状态 found)", async () => {
  const { excel, host } = await generated();
  excel.type("任务台账", "K122", "下月补报");
  excel.type("任务台账", "O123", "另行报送");
  const got = await expectSameBothWays(excel, host);
  const rows = got.issues.map((i) => Number(/\d+$/.exec(i.cell ?? "")?.[0]));
  expect(rows).toEqual(expect.arrayContaining([122, 123]));
});

test("a title above the table and a column of staff's own inside it: found by header, read alike", async () => {
  const { excel, host, book } = await generated();
  const ledger = sheet(book, "任务台账");
  // Two rows of title above, and a column 下一步措施 inserted before 状态 (J).
  shift(ledger, 2, 10, 1);
  getCell(ledger, 1, 1).value = "某区营商环境行动计划任务台账";
  getCell(ledger, 3, 10).value = "下一步措施";
  getCell(ledger, 5, 10).value = "下一步：".repeat(300);
  excel.type("任务台账", "K5", "已办结"); // 状态, moved to K
  excel.type("任务台账", "F6", "行政审批部"); // 责任单位 of task 3 (under the title rows)
  const got = await expectSameBothWays(excel, host);
  expect(got.issues.map((i) => i.cell)).toEqual(expect.arrayContaining(["K5", "F6"]));
});

test("no header where the reader looks: the same message either way, and nothing more is fetched", async () => {
  const { excel, host } = await generated();
  excel.type("任务台账", "A1", "编号");
  const bytes = () => excel.stats.responseBytes.reduce((a, b) => a + b, 0);
  const start = bytes();
  const full = await readEverything(excel.run).catch((e: Error) => e.message);
  const between = bytes();
  const got = await host.validate().catch((e: Error) => e.message);
  expect(got).toBe(full);
  expect(got).toMatch(/找不到表头“序号”/);
  // The plan copy and the units are still read; the ledger's rows are not.
  expect(bytes() - between).toBeLessThan((between - start) / 3);
});

test("no 说明 sheet and no milestones: read alike (no as-of date in the workbook)", async () => {
  const { excel, host, book } = await generated();
  book.sheets = book.sheets.filter((s) => s.name !== "说明" && s.name !== "时间节点");
  excel.type("任务台账", "E2", "行政审批部");
  const got = await expectSameBothWays(excel, host);
  expect(got.asOfChoice.source).not.toBe("workbook");
});

test("1904 date system: dates read alike", async () => {
  const book = newWorkbook();
  book.date1904 = true;
  const { excel, host } = await generated(book);
  excel.type("任务台账", "J2", "已完成");
  excel.type("任务台账", "L2", "2022-08-01");
  excel.type("任务台账", "L3", "2022-08-01");
  await expectSameBothWays(excel, host);
});

test("the in-memory workbook of the browser preview reads the same way", async () => {
  const { excel, book } = await generated();
  excel.type("任务台账", "E2", "行政审批部");
  excel.type("任务台账", "J4", "50%");
  const preview = new WorkbookHost(
    fakeRun(book),
    capabilitiesFor(() => true),
    () => ASOF,
  );
  const emulated = new WorkbookHost(excel.run, capabilitiesFor(excel.supports), () => ASOF);
  expect(await preview.validate()).toEqual(await emulated.validate());
});

test("10,000 tasks: validation reads what it uses in a few round trips, every response under the limit", async () => {
  const { excel, host } = await generated(newWorkbook(), parsePlan(syntheticPlan(10_000)));
  excel.type("任务台账", "E2", "行政审批部");
  const from = excel.stats.responseBytes.length;
  const v = await host.validate();
  expect(v.issues.some((i) => i.cell === "E2")).toBe(true);
  const responses = excel.stats.responseBytes.slice(from);
  // One request for the extents and headers, the cells in as few ~3.5 MB responses as they need, and the
  // library's clean-up after Excel.run. Every cell with every property was 23.8 MB in 11 round trips.
  expect(responses.length).toBeLessThanOrEqual(5);
  expect(responses.reduce((a, b) => a + b, 0)).toBeLessThan(8 * 1024 * 1024);
  expect(Math.max(...responses)).toBeLessThanOrEqual(LIMIT);
  expect(Math.max(...excel.stats.requestBytes.slice(from))).toBeLessThanOrEqual(LIMIT);
}, 120_000);
