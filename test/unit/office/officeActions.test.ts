/**
 * The pane's Office actions (src/taskpane/officeActions.ts) with `Excel` and `Office` being Microsoft's client
 * library over the host emulator: the live check ignores the add-in's own writes, follows the ledger to the
 * new sheet after an update, and stops for good when switched off.
 */
import { newSheet, newWorkbook } from "../../../src/render/office/memory/state";
import { officeActions } from "../../../src/taskpane/officeActions";
import { seedPlan } from "../../support/ledgerFile";
import { ExcelEmulator, LATEST } from "../../support/office/emulator";
import { realLibrary } from "../../support/office/library";

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const globals = globalThis as unknown as { Excel?: unknown; Office?: unknown };

afterEach(() => {
  delete globals.Excel;
  delete globals.Office;
});

test("live check through the pane's actions: own writes ignored, follows an update, stops when off", async () => {
  const book = newWorkbook();
  book.sheets.push(newSheet("Sheet1"));
  const excel = new ExcelEmulator(book, LATEST);
  const lib = realLibrary();
  globals.Office = {
    context: { requirements: { isSetSupported: (_set: string, v: string) => excel.supports(v) } },
  };
  // Excel.run(batch) opens a new context on this host; Excel.run(context, batch) reuses one, as in Office.
  globals.Excel = {
    run: (a: unknown, b?: unknown) => (b ? lib.Excel.run(a, b as never) : excel.run(a as never)),
  };
  const actions = officeActions();
  await actions.generate(seedPlan, "2022-09-30");
  let checks = 0;
  const stop = await actions.watchLedger!(() => checks++);
  excel.type("任务台账", "E2", "行政审批部");
  await wait(1200);
  expect(checks).toBe(1);
  const issues = (await actions.validate()).issues;
  await actions.highlight(issues);
  await wait(1200);
  expect(checks).toBe(1);
  await actions.update(seedPlan);
  await wait(1200);
  expect(checks).toBe(1);
  excel.type("任务台账", "J3", "已完成");
  await wait(1200);
  expect(checks).toBe(2);
  stop();
  await wait(100);
  expect(excel.watchedSheets).toBe(0);
  excel.type("任务台账", "J4", "已完成");
  await wait(1200);
  expect(checks).toBe(2);
}, 30_000);
