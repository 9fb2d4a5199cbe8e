/** What the pane says when Excel or the browser fails: Chinese, with what to do, never the raw English alone. */
import { officeErrorMessage } from "../../../src/render/office/errors";
import { ExcelEmulator, LATEST } from "../../support/office/emulator";
import { newSheet, newWorkbook } from "../../../src/render/office/memory/state";

test("Excel's own errors, as the real library raises them, come out in Chinese with what to do", async () => {
  const book = newWorkbook();
  book.sheets.push(newSheet("Sheet1"));
  const excel = new ExcelEmulator(book, LATEST);
  const err = await excel
    .run(async (context) => {
      context.workbook.worksheets.add("Sheet1");
      await context.sync();
    })
    .catch((e: unknown) => e);
  const text = officeErrorMessage(err);
  expect(text).toMatch(/已有同名的工作表.*请把同名的那一项改名或删除后重试（ItemAlreadyExists）/);
  expect(text).not.toMatch(/A resource with the same name/);
});

test.each([
  [new RangeError("Invalid time value"), /日期无效。请按“2022-09-30”的格式/],
  [
    Object.assign(new Error("The requested resource doesn't exist."), { code: "ItemNotFound" }),
    /找不到需要的工作表.*（ItemNotFound）/,
  ],
  [new Error("ApiNotFound: Worksheet.tabColor needs ExcelApi 1.7."), /此版本 Excel 不支持所需的功能/],
  [new Error("工作簿中没有“说明”工作表。"), /^工作簿中没有“说明”工作表$/],
  [new Error("Something odd"), /^发生了意外错误，请保存工作簿.*（Something odd）$/],
])("%s", (err, expected) => {
  expect(officeErrorMessage(err)).toMatch(expected);
});
