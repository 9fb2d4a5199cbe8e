/**
 * What 更新台账 leaves on the cells it writes and what it gives the rows it adds, through the strict fake and
 * through Microsoft's own client library. Hyperlinks (ExcelApi 1.7 `Range.hyperlink`), comments (ExcelApi 1.10
 * `workbook.comments`, "tied to an individual cell") and notes are things of a cell apart from its content:
 * writing its value keeps them, rows inserted above move them with their cell. Staff put them on plan cells the
 * update rewrites, on their own cells, and under the table; after the update each is on the same cell with the
 * same task, and the update's requests use no member that reads or changes them. Rows added through the table
 * get the layout's number formats, dropdown, date rule and 预警 colours (Excel's documentation does not promise
 * that rows added to a table take them).
 */
import type { Plan } from "../../../src/plan";
import { capabilitiesFor } from "../../../src/render/office/capabilities";
import { WorkbookHost } from "../../../src/render/office/host";
import { fakeRun, supportsOf, type SyncStats } from "../../../src/render/office/memory/fakeExcel";
import { getCell, newSheet, newWorkbook, type MemoryWorkbook } from "../../../src/render/office/memory/state";
import { seedPlan } from "../../support/ledgerFile";
import { ExcelEmulator, LATEST } from "../../support/office/emulator";

const ASOF = "2022-09-30";
const TASKS = seedPlan.tasks.length;
const FOOTNOTE_ROW = TASKS + 5;

async function ledger(): Promise<MemoryWorkbook> {
  const book = newWorkbook();
  book.sheets.push(newSheet("Sheet1"));
  const stats: SyncStats = { syncs: 0, requestBytes: [] };
  await new WorkbookHost(fakeRun(book, stats), capabilitiesFor(supportsOf(book)), () => ASOF).generate(
    seedPlan,
    ASOF,
  );
  getCell(
    book.sheets.find((s) => s.name === "任务台账")!,
    FOOTNOTE_ROW,
    1,
  ).value = "注：本表每月5日前更新";
  return book;
}

/** Task 4 retitled (its title cell C5 is rewritten), task 7 removed, two tasks appended (rows inserted under the table). */
function revision(): Plan {
  const tasks = seedPlan.tasks
    .filter((_, i) => i !== 6)
    .map((t, i) => (i === 3 ? { ...t, title: `${t.title}（修订）` } : t));
  const extra = [
    { ...seedPlan.tasks[11], id: 0, title: "新增的专项任务", body: "开展专项整治行动，建立长效机制。" },
    { ...seedPlan.tasks[2], id: 0, title: "另一项新增任务", body: "完善配套制度。", targets: [] },
  ];
  return { ...seedPlan, tasks: [...tasks, ...extra].map((t, i) => ({ ...t, id: i + 1 })) };
}

const LINK = "file:///D:/台账材料/会议纪要1.pdf";
/** Where staff put them: a link in 佐证材料, comments on a plan cell the update rewrites and on the footnote, a note in 备注. */
const PUT = {
  link: "M4",
  comment: "C5",
  footnote: `A${FOOTNOTE_ROW}`,
  note: "O6",
};

const sheetOf = (book: MemoryWorkbook) => book.sheets.find((s) => s.name === "任务台账")!;
const at = (book: MemoryWorkbook, a1: string) => {
  const m = /^([A-Z]+)(\d+)$/.exec(a1)!;
  return getCell(sheetOf(book), Number(m[2]), m[1].charCodeAt(0) - 64);
};

function expectAttachmentsKept(book: MemoryWorkbook, retitled: string) {
  expect(at(book, PUT.link)).toMatchObject({ value: "会议纪要1.pdf", hyperlink: { address: LINK } });
  expect(at(book, PUT.comment)).toMatchObject({
    value: retitled,
    comment: { content: "标题按领导批示调整过" },
  });
  expect(at(book, PUT.note).note).toBe("已电话催办");
  // Two rows were inserted under the table: the footnote moved down two rows, its comment with it.
  expect(at(book, `A${FOOTNOTE_ROW + 2}`)).toMatchObject({
    value: "注：本表每月5日前更新",
    comment: { content: "办公室" },
  });
  expect(at(book, PUT.footnote).comment).toBeUndefined();
}

test("strict fake: links, comments and notes stay on their cells through an update that rewrites and appends", async () => {
  const book = await ledger();
  const run = fakeRun(book);
  await run(async (context) => {
    context.workbook.worksheets.getItemOrNullObject("任务台账").getRange(PUT.link).hyperlink = {
      address: LINK,
      textToDisplay: "会议纪要1.pdf",
    };
    await context.sync();
  });
  // Comments and notes: as staff put them in Excel (the fake's API has no members for them; the add-in uses none).
  at(book, PUT.comment).comment = { content: "标题按领导批示调整过" };
  at(book, PUT.note).value = "催办";
  at(book, PUT.note).note = "已电话催办";
  at(book, PUT.footnote).comment = { content: "办公室" };
  const stats: SyncStats = { syncs: 0, requestBytes: [] };
  const host = new WorkbookHost(fakeRun(book, stats), capabilitiesFor(supportsOf(book)), () => ASOF);
  await host.update(revision(), { confirmed: true });
  expectAttachmentsKept(book, `${seedPlan.tasks[3].title}（修订）`);
  const seen = await run(async (context) => {
    const link = context.workbook.worksheets
      .getItemOrNullObject("任务台账")
      .getRange(PUT.link)
      .load("hyperlink");
    await context.sync();
    return link.hyperlink.address;
  });
  expect(seen).toBe(LINK);
});

test("strict fake: Range.hyperlink needs ExcelApi 1.7, as Excel says", async () => {
  const book = await ledger();
  book.apiMinor = 6;
  const run = fakeRun(book);
  await expect(
    run(async (context) => {
      context.workbook.worksheets.getItemOrNullObject("任务台账").getRange("M2").hyperlink = {
        address: LINK,
      };
      await context.sync();
    }),
  ).rejects.toThrow(/ApiNotFound: Range.hyperlink needs ExcelApi 1.7/);
});

/** Members that read or change a cell's link, comment or note, or that could remove or move them. */
const TOUCHING = /hyperlink|comment|note|\.clear$|\.delete$|\.insert$|copyFrom|merge|getEntireRow/i;

test("Microsoft's library: links and comments put through the API stay, and no request of the update touches them", async () => {
  const book = await ledger();
  const setUp = new ExcelEmulator(book, LATEST);
  await setUp.run(async (context) => {
    const ctx = context as unknown as Excel.RequestContext;
    const ws = ctx.workbook.worksheets.getItem("任务台账");
    ws.getRange(PUT.link).hyperlink = { address: LINK, textToDisplay: "会议纪要1.pdf" };
    ws.getRange(PUT.note).values = [["催办"]];
    ctx.workbook.comments.add(`任务台账!${PUT.comment}`, "标题按领导批示调整过");
    ctx.workbook.comments.add(`任务台账!${PUT.footnote}`, "办公室");
    await ctx.sync();
  });
  // Notes (ExcelApi 1.18) are not in the client library this project carries: put as staff would, in Excel.
  at(book, PUT.note).note = "已电话催办";

  // A fresh emulator: its record of members is the update's alone.
  const excel = new ExcelEmulator(book, LATEST);
  const host = new WorkbookHost(excel.run, capabilitiesFor(excel.supports), () => ASOF);
  await host.update(revision(), { confirmed: true });
  const used = [...excel.stats.members.keys()];
  expect(used.filter((m) => TOUCHING.test(m) && m !== "NamedItem.delete")).toEqual([]);
  expect(used).toContain("TableRowCollection.add");
  expectAttachmentsKept(book, `${seedPlan.tasks[3].title}（修订）`);

  // Read back through the library, as an add-in would see them.
  const seen = await excel.run(async (context) => {
    const ctx = context as unknown as Excel.RequestContext;
    const link = ctx.workbook.worksheets.getItem("任务台账").getRange(PUT.link).load("hyperlink");
    const comment = ctx.workbook.comments.getItemByCell(`任务台账!${PUT.comment}`).load("content");
    const moved = ctx.workbook.comments.getItemByCell(`任务台账!A${FOOTNOTE_ROW + 2}`).load("content");
    await ctx.sync();
    return [link.hyperlink.address, comment.content, moved.content];
  });
  expect(seen).toEqual([LINK, "标题按领导批示调整过", "办公室"]);
});

describe.each([
  ["strict fake", (book: MemoryWorkbook) => ({ run: fakeRun(book), supports: supportsOf(book) })],
  [
    "Microsoft's client library",
    (book: MemoryWorkbook) => {
      const excel = new ExcelEmulator(book, LATEST);
      return { run: excel.run, supports: excel.supports };
    },
  ],
])("rows added for new tasks, through the %s", (_label, make) => {
  test("get the layout's date formats, status dropdown, date rule and 预警 colours", async () => {
    const book = await ledger();
    const shell = make(book);
    const host = new WorkbookHost(shell.run, capabilitiesFor(shell.supports), () => ASOF);
    const result = await host.update(revision(), { confirmed: true });
    expect(result.skipped).toEqual([]);
    const s = sheetOf(book);
    const [first, last] = [TASKS + 2, TASKS + 3];
    expect(getCell(s, first, 3).value).toBe("新增的专项任务");
    for (const r of [first, last]) {
      expect(getCell(s, r, 7).numberFormat).toBe("yyyy-mm-dd"); // 完成时限
      expect(getCell(s, r, 12).numberFormat).toBe("yyyy-mm-dd"); // 完成日期
    }
    const rule = (a1: string) => s.validations.find((v) => v.address === a1)?.rule;
    expect(rule(`J${first}:J${last}`)).toMatchObject({ list: { source: "未启动,推进中,已完成" } });
    expect(rule(`L${first}:L${last}`)).toMatchObject({ date: { operator: "Between" } });
    expect(s.conditionalFormats.filter((c) => c.address === `N${first}:N${last}`)).toHaveLength(5);
    // The new rows' list key leaves the dashboard's lists once the task is removed, as the built rows' does.
    expect(getCell(s, first, 16).formula).toContain(`Q${first}<>"已移除"`);
  });
});

test("Excel 2019 (ExcelApi 1.7): new rows get their formats and colours; the pane is told the dropdown is left out", async () => {
  const book = await ledger();
  const excel = new ExcelEmulator(book, 7);
  const host = new WorkbookHost(excel.run, capabilitiesFor(excel.supports), () => ASOF);
  const result = await host.update(revision(), { confirmed: true });
  expect(result.skipped.join("")).toMatch(/新增任务行的下拉列表和日期校验（需要 ExcelApi 1.8/);
  const s = sheetOf(book);
  expect(s.validations.some((v) => v.address.startsWith(`J${TASKS + 2}`))).toBe(false);
  expect(getCell(s, TASKS + 2, 12).numberFormat).toBe("yyyy-mm-dd");
});
