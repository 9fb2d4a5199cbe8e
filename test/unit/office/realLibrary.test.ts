/**
 * Every host action through Microsoft's own Excel client library (`@microsoft/office-js`) with a host
 * emulator behind its request executor, at ExcelApi 1.4, 1.6, 1.7, 1.8 and the latest: members within the
 * level, syncs per action, request and response bytes as the library serialises them, and nothing left
 * behind when an action fails half-way.
 */
import { parsePlan } from "../../../src/plan";
import { capabilitiesFor } from "../../../src/render/office/capabilities";
import { HIGHLIGHT, MARKS_SHEET, WorkbookHost } from "../../../src/render/office/host";
import { LiveCheck, type RunIn } from "../../../src/render/office/liveCheck";
import { getCell, newSheet, newWorkbook, type MemoryWorkbook } from "../../../src/render/office/memory/state";
import { fakeRun } from "../../../src/render/office/memory/fakeExcel";
import type { RunBatch } from "../../../src/render/office/api";
import { fromMemory } from "../../support/memoryCompare";
import { Sender, writeWorkbook } from "../../../src/render/office/writeWorkbook";
import { emptySheet } from "../../../src/workbook/spec";
import { syntheticPlan } from "../../../bench/synthetic";
import { seedPlan } from "../../support/ledgerFile";
import { ExcelEmulator, LATEST } from "../../support/office/emulator";
import { realLibrary } from "../../support/office/library";

const ASOF = "2022-09-30";
const LIMIT = 4.5 * 1024 * 1024;

/** A workbook as Excel opens one: never without a sheet. */
function blankBook() {
  const book = newWorkbook();
  book.sheets.push(newSheet("Sheet1"));
  return book;
}

function setup(level: number, book = blankBook()) {
  const excel = new ExcelEmulator(book, level);
  const host = new WorkbookHost(
    excel.run,
    capabilitiesFor(excel.supports),
    () => ASOF,
    () => "2022-10-08 09:00",
  );
  const count = async <T>(f: () => Promise<T>) => {
    const before = excel.stats.syncs;
    const value = await f();
    return { value, syncs: excel.stats.syncs - before };
  };
  return { excel, host, book, count };
}
const sheet = (book: ReturnType<typeof newWorkbook>, name: string) =>
  book.sheets.find((s) => s.name === name)!;

describe.each([4, 6, 7, 8, LATEST])("ExcelApi 1.%i", (level) => {
  test("generate, validate, refresh, as-of, highlight, clear and update run; no member above the level", async () => {
    const { excel, host, book, count } = setup(level);
    const g = await count(() => host.generate(seedPlan, ASOF));
    expect(g.syncs).toBeLessThanOrEqual(3);
    expect(book.sheets.map((s) => s.name)).toEqual([
      "Sheet1",
      "说明",
      "仪表盘",
      "任务台账",
      "时间节点",
      "单位",
      "别名统计",
      "计划原文",
    ]);
    if (level < 7) expect(g.value.skipped.join()).toMatch(/图表/);
    excel.type("任务台账", "E2", "行政审批部");
    const v = await host.validate();
    expect(v.issues.map((i) => i.code)).toContain("UNIT_UNKNOWN");
    await host.refreshDashboard();
    await host.setAsOf("2022-10-31");
    expect(await host.asOf()).toBe("2022-10-31");
    expect(await host.highlight(v.issues)).toBeGreaterThan(0);
    expect(await host.clearHighlight()).toBeGreaterThan(0);
    const u = await count(() => host.update(seedPlan));
    expect(u.syncs).toBeLessThanOrEqual(5);
    // A revision that removes a task and adds one: the 计划状态 column through the table, rows through it.
    const revised = {
      ...seedPlan,
      tasks: [
        ...seedPlan.tasks.filter((t) => t.id !== 5),
        { ...seedPlan.tasks[0], id: 119, title: "新增任务", body: "全新的专项工作内容。" },
      ],
    };
    const r = await count(() => host.update(revised, { confirmed: true }));
    expect(r.syncs).toBeLessThanOrEqual(6);
    expect(getCell(sheet(book, "任务台账"), 6, 17).value).toBe("已移除");
    expect(getCell(sheet(book, "任务台账"), 120, 3).value).toBe("新增任务");
    if (level < 6) expect(r.value.skipped.join()).toMatch(/划线/);
    else expect(sheet(book, "任务台账").conditionalFormats.some((c) => c.strikethrough)).toBe(true);
    for (const [member, need] of excel.stats.members)
      expect([member, need]).toEqual([member, Math.min(need, level)]);
    expect(Math.max(...excel.stats.requestBytes)).toBeLessThanOrEqual(LIMIT);
    expect(Math.max(...excel.stats.responseBytes)).toBeLessThanOrEqual(LIMIT);
  });
});

test("10,000 tasks: every request and response ≤ 4.5 MB for generate, validate, refresh and update", async () => {
  const { excel, host } = setup(LATEST);
  const big = parsePlan(syntheticPlan(10_000));
  await host.generate(big, ASOF);
  // The plan copy's columns are copied from the ledger inside Excel, not sent a second time.
  expect(excel.stats.members.has("Range.copyFrom")).toBe(true);
  expect(excel.stats.requestBytes.reduce((a, b) => a + b, 0)).toBeLessThan(8.5 * 1024 * 1024);
  await host.validate();
  await host.refreshDashboard();
  await host.update(big);
  expect(Math.max(...excel.stats.requestBytes)).toBeLessThanOrEqual(LIMIT);
  expect(Math.max(...excel.stats.responseBytes)).toBeLessThanOrEqual(LIMIT);
}, 120_000);

test("a generate that fails half-way removes what it wrote and says so; a retry then succeeds", async () => {
  const { excel, host, book } = setup(LATEST);
  const before = book.sheets.length;
  // A plan task whose text is longer than Excel's 32,767 characters per cell stops the write.
  const huge = parsePlan(`某区2024年计划\n（一）领域\n1.任务${"很长".repeat(17_000)}。〔牵头单位:A局〕`);
  await expect(host.generate(huge, ASOF)).rejects.toThrow(/已删除|32767/);
  expect(book.sheets.length).toBe(before);
  expect(book.names.size).toBe(0);
  await host.generate(seedPlan, ASOF);
  expect(excel.book.names.get("统计截止日期")).toBe("说明!$D$4");
});

test("text Excel would convert stays text; staff text starting with = survives an update", async () => {
  const { excel, host, book } = setup(LATEST);
  const odd = [
    "TRUE",
    "1E5",
    "(100)",
    "$100",
    "#N/A",
    "Jan-22",
    "12:00 PM",
    "=SUM(A1)",
    "-5%",
    "2022/8/1",
    "22-Jan",
  ];
  const spec = { sheets: [{ ...emptySheet("文本"), rows: odd.map((t) => [t]) }], names: [] };
  await excel.run(async (context) => {
    const sender = new Sender(context);
    await writeWorkbook(context, spec, capabilitiesFor(excel.supports), sender);
    await sender.flush();
  });
  expect(odd.map((_, i) => getCell(sheet(book, "文本"), i + 1, 1).value)).toEqual(odd);
  await host.generate(seedPlan, ASOF);
  excel.type("任务台账", "K2", "'=这是进展，不是公式");
  await host.update(seedPlan);
  expect(getCell(sheet(book, "任务台账"), 2, 11)).toMatchObject({
    value: "=这是进展，不是公式",
    formula: undefined,
  });
});

test("1904 date system: dates written and read in the workbook's own system", async () => {
  const book = blankBook();
  book.date1904 = true;
  const { host } = setup(LATEST, book);
  await host.generate(seedPlan, ASOF);
  expect(await host.asOf()).toBe(ASOF);
  const v = await host.validate();
  expect(v.asOf).toBe(ASOF);
});

test("highlight uses colours no ledger rule uses, and clear works from a fresh host (after reopening)", async () => {
  const { excel, host, book } = setup(LATEST);
  await host.generate(seedPlan, ASOF);
  excel.type("任务台账", "E2", "行政审批部");
  const issues = (await host.validate()).issues;
  await host.highlight(issues);
  const ledger = sheet(book, "任务台账");
  expect(getCell(ledger, 2, 5).style.fill).toBe(HIGHLIGHT.error);
  const rules = ledger.conditionalFormats.map((c) => c.fill.toUpperCase());
  expect(rules).not.toContain(HIGHLIGHT.error.toUpperCase());
  expect(rules).not.toContain(HIGHLIGHT.warning.toUpperCase());
  const reopened = new WorkbookHost(excel.run, capabilitiesFor(excel.supports), () => ASOF);
  expect(await reopened.markCount()).toBe(issues.filter((i) => i.cell).length);
  await reopened.clearHighlight();
  expect(getCell(ledger, 2, 5).style.fill).toBeUndefined();
  expect(book.sheets.some((s) => s.name === MARKS_SHEET)).toBe(false);
});

/** Waits until `f()` holds (events arrive asynchronously), or gives up after a second. */
async function eventually(f: () => boolean): Promise<boolean> {
  for (let i = 0; i < 100 && !f(); i++) await new Promise((r) => setTimeout(r, 10));
  return f();
}
const settle = () => new Promise((r) => setTimeout(r, 150));

test("live check: fires on staff edits, stops when stopped (removed through its own context), survives an update", async () => {
  const { excel, host } = setup(LATEST);
  await host.generate(seedPlan, ASOF);
  let checks = 0;
  const runIn: RunIn = (ctx, batch) => realLibrary().Excel.run(ctx as never, batch as never);
  const live = new LiveCheck(excel.run, runIn, () => checks++, 0, 20);
  await live.start();
  excel.type("任务台账", "J2", "已完成");
  expect(await eventually(() => checks === 1)).toBe(true);
  // The add-in's own writes raise change events too; they do not trigger a re-check.
  await live.quietly(() => host.highlight([{ sheet: "任务台账", cell: "E2", severity: "error" } as never]));
  await settle();
  expect(checks).toBe(1);
  await live.quietly(() => host.update(seedPlan));
  await live.restart();
  await settle();
  excel.type("任务台账", "J3", "已完成");
  expect(await eventually(() => checks === 2)).toBe(true);
  await live.stop();
  expect(excel.watchedSheets).toBe(0);
  excel.type("任务台账", "J4", "已完成");
  await settle();
  expect(checks).toBe(2);
});

test("the library keeps a handler that a new context tries to remove (why LiveCheck uses the adding context)", async () => {
  const { excel, host } = setup(LATEST);
  await host.generate(seedPlan, ASOF);
  let calls = 0;
  const reg = await excel.run(async (context) => {
    const r = context.workbook.worksheets
      .getItemOrNullObject("任务台账")
      .onChanged.add(async () => void calls++);
    await context.sync();
    return r;
  });
  await excel.run(async (context) => {
    reg.remove();
    await context.sync();
  });
  excel.type("任务台账", "J2", "已完成");
  expect(await eventually(() => calls === 1)).toBe(true);
  expect(excel.watchedSheets).toBe(1);
  // Removed through the context that added it, it goes.
  await realLibrary().Excel.run(reg.context as never, async (context: { sync(): Promise<void> }) => {
    reg.remove();
    await context.sync();
  });
  expect(excel.watchedSheets).toBe(0);
});

describe("the strict fake agrees with Excel through the real library", () => {
  /** The same script against the fake and against the emulator behind Microsoft's library. */
  async function both(script: (run: RunBatch, book: MemoryWorkbook) => Promise<unknown>, level = LATEST) {
    const fakeBook = blankBook();
    fakeBook.apiMinor = level;
    const fake = await script(fakeRun(fakeBook), fakeBook).catch(
      (e: Error) =>
        `error: ${/ApiNotFound|ItemAlreadyExists|InvalidArgument/.exec(e.message)?.[0] ?? e.message}`,
    );
    const realBook = blankBook();
    const excel = new ExcelEmulator(realBook, level);
    const real = await script(excel.run, realBook).catch(
      (e: Error & { code?: string }) => `error: ${e.code}`,
    );
    return { fake, real, fakeBook, realBook };
  }

  test("the seed's generate writes the same cells, names and tables", async () => {
    const { fakeBook, realBook } = await both((run) =>
      new WorkbookHost(
        run,
        capabilitiesFor(() => true),
        () => ASOF,
      ).generate(seedPlan, ASOF),
    );
    expect(fromMemory(fakeBook)).toEqual(fromMemory(realBook));
    expect([...fakeBook.names]).toEqual([...realBook.names]);
    expect(fakeBook.sheets.map((s) => s.tables)).toEqual(
      realBook.sheets.map((s) => s.tables.map(({ name, address, style }) => ({ name, address, style }))),
    );
  });

  test("conversions, apostrophes and formulas read back alike", async () => {
    const inputs = [
      "TRUE",
      "1E5",
      "(100)",
      "$100",
      "#N/A",
      "Jan-22",
      "12:00 PM",
      "'=abc",
      "=1+1",
      "5%",
      "纯文本",
    ];
    const { fake, real } = await both(async (run) =>
      run(async (context) => {
        const ws = context.workbook.worksheets.add("S");
        ws.getRange(`A1:A${inputs.length}`).values = inputs.map((v) => [v]);
        const r = ws.getRange(`A1:A${inputs.length}`);
        r.load(["formulas", "values"]);
        await context.sync();
        return [r.formulas, r.values.map((row) => [typeof row[0]])];
      }),
    );
    expect(fake).toEqual(real);
    expect((real as unknown[][][])[0].flat()).toEqual([
      true,
      100000,
      -100,
      100,
      "#N/A",
      44562,
      0.5,
      "=abc",
      "=1+1",
      0.05,
      "纯文本",
    ]);
  });

  test("names outlive their sheet as #REF! and block adding the name again", async () => {
    const { fake, real } = await both(async (run, book) => {
      await run(async (context) => {
        context.workbook.worksheets.add("说明");
        context.workbook.names.add("统计截止日期", "=说明!$B$4");
        await context.sync();
        context.workbook.worksheets.getItemOrNullObject("说明").delete();
        await context.sync();
      });
      const ref = book.names.get("统计截止日期");
      const again = await run(async (context) => {
        context.workbook.names.add("统计截止日期", "=Sheet1!$A$1");
        await context.sync();
      }).catch(() => "refused");
      return [ref, again];
    });
    expect(fake).toEqual(real);
    expect(real).toEqual(["#REF!$B$4", "refused"]);
  });

  test.each([4, 6])(
    "members above ExcelApi 1.%i are refused alike (tab colour, frozen panes)",
    async (level) => {
      const { fake, real } = await both(
        (run) =>
          run(async (context) => {
            const ws = context.workbook.worksheets.add("S");
            ws.tabColor = "#FF0000";
            ws.freezePanes.freezeRows(1);
            await context.sync();
          }),
        level,
      );
      expect(fake).toBe("error: ApiNotFound");
      expect(real).toBe("error: ApiNotFound");
    },
  );

  test("rows over 409 points and cells over 32,767 characters are refused alike", async () => {
    const tall = await both((run) =>
      run(async (context) => {
        context.workbook.worksheets.add("S").getRange("A1").format.rowHeight = 410;
        await context.sync();
      }),
    );
    expect([tall.fake, tall.real]).toEqual(["error: InvalidArgument", "error: InvalidArgument"]);
    const long = await both((run) =>
      run(async (context) => {
        context.workbook.worksheets.add("S").getRange("A1").values = [["字".repeat(32_768)]];
        await context.sync();
      }),
    );
    expect([long.fake, long.real]).toEqual(["error: InvalidArgument", "error: InvalidArgument"]);
  });
});

test("safe fixes: written only where the cell still holds what was checked", async () => {
  const { excel, host } = setup(LATEST);
  await host.generate(seedPlan, ASOF);
  excel.type("任务台账", "J3", "已办结");
  excel.type("任务台账", "L4", "'2022/8/1");
  excel.type("任务台账", "J5", "已办结");
  const before = await host.validate();
  const fixable = before.issues.filter((i) => i.fix);
  expect(fixable.map((i) => i.cell).sort()).toEqual(["J3", "J5", "L4"]);
  excel.type("任务台账", "J5", "未启动"); // changed by staff after the check
  expect(await host.applyFixes(before.issues)).toBe(2);
  const after = await host.validate();
  expect(after.issues.filter((i) => i.fix)).toEqual([]);
  expect(getCell(sheet(excel.book, "任务台账"), 5, 10).value).toBe("未启动");
});

test("used ranges count formatted cells unless values only, alike in the fake and through the library", async () => {
  const script = (run: RunBatch) =>
    run(async (context) => {
      const ws = context.workbook.worksheets.add("S");
      ws.getRange("B2").values = [["x"]];
      ws.getRange("D9").format.fill.color = "#FF0000";
      await context.sync();
      const all = ws.getUsedRangeOrNullObject(false).load("address");
      const values = ws.getUsedRangeOrNullObject(true).load("address");
      await context.sync();
      return [all.address, values.address];
    });
  const fakeBook = blankBook();
  const fake = await script(fakeRun(fakeBook));
  const real = await script(new ExcelEmulator(blankBook(), LATEST).run);
  expect(fake).toEqual(real);
  expect(real).toEqual(["S!B2:D9", "S!B2"]);
});

test("a table name already in use is refused alike", async () => {
  const script = (run: RunBatch) =>
    run(async (context) => {
      const ws = context.workbook.worksheets.add("S");
      ws.tables.add("S!A1:B3", true).name = "Tasks";
      ws.tables.add("S!D1:E3", true).name = "Tasks";
      await context.sync();
    }).then(
      () => "written",
      (e: Error & { code?: string }) => e.code ?? /InvalidArgument/.exec(e.message)?.[0],
    );
  expect(await script(fakeRun(blankBook()))).toBe("InvalidArgument");
  expect(await script(new ExcelEmulator(blankBook(), LATEST).run)).toBe("InvalidArgument");
});

describe("an action that fails half-way leaves the workbook as it was, and says so", () => {
  /** Excel failing on the first chart: after the sheets' cells, before the end. */
  const failOnCharts = (member: string) => member === "ChartCollection.add";

  test("generate: the sheets written so far are removed", async () => {
    const { excel, host, book } = setup(LATEST);
    excel.failOn = failOnCharts;
    await expect(host.generate(seedPlan, ASOF)).rejects.toThrow(/Excel 内部出错.*写了一半的工作表已删除/);
    expect(book.sheets.map((s) => s.name)).toEqual(["Sheet1"]);
    expect(book.names.size).toBe(0);
    excel.failOn = null;
    await host.generate(seedPlan, ASOF);
    expect(book.sheets).toHaveLength(8);
  });

  test("refresh: the half-written dashboard is removed, the ledger untouched, a new refresh rebuilds it", async () => {
    const { excel, host, book } = setup(LATEST);
    await host.generate(seedPlan, ASOF);
    excel.type("任务台账", "J2", "已完成");
    const ledger = JSON.stringify(fromMemory(book)["任务台账"]);
    excel.failOn = failOnCharts;
    await expect(host.refreshDashboard()).rejects.toThrow(/未写完的“仪表盘”已删除/);
    expect(book.sheets.some((s) => s.name === "仪表盘")).toBe(false);
    expect(JSON.stringify(fromMemory(book)["任务台账"])).toBe(ledger);
    excel.failOn = null;
    await host.refreshDashboard();
    expect(book.sheets.map((s) => s.name)[2]).toBe("仪表盘");
  });

  test("update: a write that fails half-way is undone and says so; no sheet renamed or deleted, staff entries kept", async () => {
    const { excel, host, book } = setup(LATEST);
    await host.generate(seedPlan, ASOF);
    excel.type("任务台账", "J2", "已完成");
    excel.type("任务台账", "K2", "'=进展，不是公式");
    const names = book.sheets.map((s) => s.name);
    const revised = {
      ...seedPlan,
      tasks: [
        ...seedPlan.tasks,
        { ...seedPlan.tasks[0], id: 119, title: "新增任务", body: "全新的专项工作。" },
      ],
    };
    const ledgerBefore = JSON.stringify(fromMemory(book)["任务台账"]);
    excel.failOn = (member) => member === "TableRowCollection.add";
    await expect(host.update(revised)).rejects.toThrow(/已全部撤销，台账和更新前一样/);
    expect(book.sheets.map((s) => s.name)).toEqual(names);
    expect(JSON.stringify(fromMemory(book)["任务台账"])).toBe(ledgerBefore);
    expect(getCell(sheet(book, "任务台账"), 2, 10).value).toBe("已完成");
    excel.failOn = null;
    await host.update(revised);
    expect(getCell(sheet(book, "任务台账"), 120, 3).value).toBe("新增任务");
    expect(getCell(sheet(book, "任务台账"), 2, 11).value).toBe("=进展，不是公式");
  });
});

test("highlight checks the ledger as it is now: a list made before staff edits does not mark the wrong cells", async () => {
  const { excel, host, book } = setup(6);
  await host.generate(seedPlan, ASOF);
  const ownJ10 = getCell(sheet(book, "任务台账"), 10, 10).value;
  excel.type("任务台账", "J10", "已办结");
  const before = (await host.validate()).issues;
  expect(before.some((i) => i.cell === "J10")).toBe(true);
  // After the check, staff put J10 right and get E12 wrong; the pane still shows the old list.
  excel.type("任务台账", "J10", ownJ10);
  excel.type("任务台账", "E12", "行政审批部");
  const { marked, issues } = await host.highlightCurrent();
  const ledger = sheet(book, "任务台账");
  expect(getCell(ledger, 10, 10).style.fill).not.toBe(HIGHLIGHT.error);
  expect([HIGHLIGHT.error, HIGHLIGHT.warning]).toContain(getCell(ledger, 12, 5).style.fill);
  expect(issues.some((i) => i.cell === "J10")).toBe(false);
  expect(issues.some((i) => i.cell === "E12")).toBe(true);
  expect(marked).toBe(new Set(issues.filter((i) => i.cell).map((i) => `${i.sheet}!${i.cell}`)).size);
});

test("clear puts back only cells that still carry the mark: a colour staff chose afterwards stays", async () => {
  const { excel, host, book } = setup(4);
  await host.generate(seedPlan, ASOF);
  excel.type("任务台账", "J3", "乱写");
  excel.type("任务台账", "E12", "行政审批部");
  const ledger = sheet(book, "任务台账");
  const ownE12 = getCell(ledger, 12, 5).style.fill;
  await host.highlight((await host.validate()).issues);
  expect(getCell(ledger, 3, 10).style.fill).toBe(HIGHLIGHT.error);
  getCell(ledger, 3, 10).style.fill = "#0000FF"; // staff colour J3 blue themselves
  const reopened = new WorkbookHost(excel.run, capabilitiesFor(excel.supports), () => ASOF);
  await reopened.clearHighlight();
  expect(getCell(ledger, 3, 10).style.fill).toBe("#0000FF");
  expect(getCell(ledger, 12, 5).style.fill).toBe(ownE12);
  expect(book.sheets.some((s) => s.name === MARKS_SHEET)).toBe(false);
});

test("a logical value typed into 状态 is quoted as Excel shows it (TRUE), not as JavaScript does", async () => {
  const { excel, host } = setup(LATEST);
  await host.generate(seedPlan, ASOF);
  excel.type("任务台账", "J3", true);
  const issue = (await host.validate()).issues.find((i) => i.cell === "J3");
  expect(issue?.message).toContain("状态“TRUE”");
});
