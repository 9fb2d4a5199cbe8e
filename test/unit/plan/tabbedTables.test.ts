/**
 * A task table pasted as text (tabs between cells): a 领域 column filled on each group's first row, as a
 * merged cell copies out of Word; cells with line breaks quoted the way Excel copies them.
 */
import { parsePlan } from "../../../src/plan";

const rowsOf = (text: string) =>
  parsePlan(text, { fallbackYear: 2024 }).tasks.map((t) => [
    t.id,
    t.domain,
    t.title,
    t.leadUnits,
    t.responsibleUnits,
    t.deadlines.map((d) => d.date),
  ]);

test("a 领域 column filled on a group's first row gives each task its domain", () => {
  const text = [
    "桐乡镇2024年民生实事安排",
    "领域\t序号\t重点任务\t牵头单位\t配合单位\t完成时限",
    "教育医疗\t1\t新建幼儿园一所。\t镇社会事务办\t镇财政所\t2024年8月底前",
    "\t2\t改造卫生院门诊楼。\t镇卫生院\t镇规划建设办\t10月底前",
    "道路交通\t3\t硬化村道12公里。\t镇规划建设办\t各村（社区）\t年底前",
    "\t4\t增设公交站点8处。\t镇综合执法队\t镇交通站\t6月30日前",
  ].join("\n");
  expect(rowsOf(text)).toEqual([
    [1, "教育医疗", "新建幼儿园一所", ["镇社会事务办"], ["镇财政所"], ["2024-08-31"]],
    [2, "教育医疗", "改造卫生院门诊楼", ["镇卫生院"], ["镇规划建设办"], ["2024-10-31"]],
    [3, "道路交通", "硬化村道12公里", ["镇规划建设办"], ["各村（社区）"], ["2024-12-31"]],
    [4, "道路交通", "增设公交站点8处", ["镇综合执法队"], ["镇交通站"], ["2024-06-30"]],
  ]);
});

test("Excel's quoted cells: a unit per line inside one cell, quotes doubled inside, rows after it in place", () => {
  const text = [
    "桐乡镇2024年民生实事安排",
    "序号\t重点任务\t牵头单位\t责任单位\t完成时限",
    '1\t"推进""一件事""集成办理。"\t镇便民服务中心\t"镇社会事务办',
    "镇财政所",
    '镇派出所"\t9月底前',
    '2\t建设口袋公园3处。\t"镇规划建设办"\t镇综合执法队\t"2024年',
    '11月底前"',
    "3\t改造老旧小区2个。\t镇规划建设办\t镇财政所\t年底前",
  ].join("\n");
  const p = parsePlan(text, { fallbackYear: 2030 });
  expect(rowsOf(text)).toEqual([
    [
      1,
      "主要任务",
      '推进"一件事"集成办理',
      ["镇便民服务中心"],
      ["镇社会事务办", "镇财政所", "镇派出所"],
      ["2024-09-30"],
    ],
    [2, "主要任务", "建设口袋公园3处", ["镇规划建设办"], ["镇综合执法队"], ["2024-11-30"]],
    [3, "主要任务", "改造老旧小区2个", ["镇规划建设办"], ["镇财政所"], ["2024-12-31"]],
  ]);
  // The rows' lines: task 3 is on line 8 of what was pasted.
  expect(p.tasks[2].line).toBe(8);
});
