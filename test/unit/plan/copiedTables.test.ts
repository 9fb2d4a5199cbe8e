/**
 * A task table copied out of a PDF as text has lost its columns; it is recognised by its header and the
 * parse stops with an error saying to pick the PDF or Word file itself, instead of a ledger of fragments.
 */
import { parsePlan } from "../../../src/plan";

const COPIED = "PLAN_TABLE_COPIED_FROM_PDF";
const errorsOf = (text: string) =>
  parsePlan(text, { fallbackYear: 2025 }).diagnostics.filter((d) => d.severity === "error");

test("cells as lines of their own (a PDF reader's copy, pdftotext): the header's words give it away", () => {
  const text = [
    "西湖区2025年为民办实事项目清单",
    "序号 项目名称",
    "",
    "责任单位",
    "",
    "完成时间",
    "",
    "1",
    "",
    "新建社区食堂",
    "12 个。",
    "",
    "区民政局",
    "",
    "2025 年 9 月底前",
  ].join("\n");
  const errors = errorsOf(text);
  expect(errors.map((d) => [d.code, d.line])).toContainEqual([COPIED, 2]);
  expect(errors.find((d) => d.code === COPIED)!.message).toContain("请直接选择这个 PDF 文件或 Word 原件");
});

test("columns set apart by spaces (pdftotext -layout): the header line gives it away", () => {
  const text = [
    "西湖区2025年为民办实事项目清单",
    "",
    "   序号      重点任务          牵头单位       配合单位       完成时限",
    "",
    "          新建社区食堂12     区民政局       区财政局、各",
    " 1        个，覆盖全部街                    街道办事处       9 月底前",
  ].join("\n");
  // (The row's first line stands above its number, with no blank line to set rows apart: not rebuilt.)
  expect(errorsOf(text).map((d) => d.code)).toContain(COPIED);
});

test("a plan with labels on lines of their own, or a heading named like a column, is no copied table", () => {
  const text = [
    "东岭县2025年重点工作方案",
    "重点任务",
    "1.建设口袋公园。",
    "牵头单位：",
    "县住房和城乡建设局",
    "责任单位：",
    "县自然资源局",
    "完成时限：",
    "2025年10月底前",
    "2.改造农贸市场。（牵头单位：县商务局）",
  ].join("\n");
  expect(errorsOf(text)).toEqual([]);
  // A table copied out of Word keeps its tabs and is read as rows.
  const tabbed = [
    "东岭县2025年重点工作",
    "序号\t重点任务\t牵头单位\t完成时限",
    "1\t建设口袋公园\t县住建局\t10月底前",
  ];
  const p = parsePlan(tabbed.join("\n"), { fallbackYear: 2025 });
  expect(p.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  expect(p.tasks.map((t) => t.leadUnits)).toEqual([["县住建局"]]);
});
