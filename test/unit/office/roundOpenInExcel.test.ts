/**
 * 分发's “在 Excel 中打开”: the pane's Office actions offer it only where Excel has `Excel.createWorkbook`
 * (ExcelApi 1.8), checked when the pane starts, and hand Excel the copy's bytes as base64.
 */
import { officeActions } from "../../../src/taskpane/officeActions";

const globals = globalThis as unknown as { Excel?: unknown; Office?: unknown };

afterEach(() => {
  delete globals.Excel;
  delete globals.Office;
});

test("offered only where Excel has Excel.createWorkbook (ExcelApi 1.8); the copy's bytes go to Excel", async () => {
  const opened: string[] = [];
  const setUp = (level: number, withCreate: boolean) => {
    globals.Office = {
      context: {
        requirements: { isSetSupported: (_set: string, v: string) => Number(v.split(".")[1]) <= level },
      },
    };
    globals.Excel = {
      run: () => Promise.reject(new Error("not used")),
      ...(withCreate ? { createWorkbook: (b64: string) => (opened.push(b64), Promise.resolve()) } : {}),
    };
    return officeActions();
  };
  expect(setUp(7, true).openWorkbook).toBeNull();
  expect(setUp(8, false).openWorkbook).toBeNull();
  const actions = setUp(8, true);
  const copy = Buffer.from("PK\u0003\u0004 a copy");
  await actions.openWorkbook!(copy.toString("base64"));
  expect(opened.map((b) => Buffer.from(b, "base64").equals(copy))).toEqual([true]);
});
