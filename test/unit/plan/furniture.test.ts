/**
 * Page furniture in copied text: only lines at a page's edge can be page numbers or running headers;
 * a wrapped fragment that recurs, or a bare number broken off a date, is text.
 */
import { blankFurniture } from "../../../src/plan/furniture";
import { parsePlan } from "../../../src/plan";

test("a fragment recurring in the middle of paragraphs is kept", () => {
  const lines = [
    "甲任务内容（牵",
    "头单位：区数据资源管理",
    "局）。",
    "乙任务内容（牵",
    "头单位：区数据资源管理",
    "局）。",
    "丙任务内容（牵",
    "头单位：区数据资源管理",
    "局）。",
  ];
  expect(blankFurniture(lines)).toEqual(lines);
});

test("a header repeated at page edges is dropped everywhere outside the title area", () => {
  const body = (n: number) => [`第${n}段正文，内容较长需要换行`, `继续第${n}段的正文内容。`];
  const lines = [
    "某县行动方案",
    "",
    ...body(1),
    ...body(1),
    ...body(1),
    "",
    "— 1 —",
    "",
    "某县人民政府办公室文件",
    ...body(2),
    "",
    "— 2 —",
    "",
    "某县人民政府办公室文件",
    ...body(3),
    "\f某县人民政府办公室文件",
    ...body(4),
  ];
  const out = blankFurniture(lines);
  expect(out.filter((l) => l?.includes("办公室文件"))).toEqual([]);
  expect(out.filter((l) => l?.includes("— "))).toEqual([]);
  expect(out.filter((l) => l?.includes("正文")).length).toBe(12);
});

test("a bare number is a page number at a page edge, text when it runs on into the next line", () => {
  const lines = ["推进改造工作，", "202", "3年6月底前完成。", "", "12", "", "下一段。"];
  expect(blankFurniture(lines)).toEqual([
    "推进改造工作，",
    "202",
    "3年6月底前完成。",
    "",
    null,
    "",
    "下一段。",
  ]);
});

test("a plan wrapped so that a label fragment recurs keeps every lead unit and its dates", () => {
  const text = [
    "北山县2023年营商环境工作方案",
    "一、重点任务",
    "1.推行帮办代办服务（牵",
    "头单位：县政务服务中",
    "心）。",
    "2.压缩审批时限，",
    "202",
    "3年6月底前完成（牵",
    "头单位：县政务服务中",
    "心）。",
    "3.建设企业服务平台（牵",
    "头单位：县政务服务中",
    "心）。",
  ].join("\n");
  const p = parsePlan(text, { fallbackYear: 2030 });
  expect(p.tasks.map((t) => t.leadUnits)).toEqual([
    ["县政务服务中心"],
    ["县政务服务中心"],
    ["县政务服务中心"],
  ]);
  expect(p.tasks[1].deadlines.map((d) => d.date)).toEqual(["2023-06-30"]);
});
