/**
 * Word's auto-numbered lists: mammoth gives each item's list level but not the number format, so the
 * numbers are inferred from the levels. Documents built here as mammoth's document tree.
 */
import { docxToPlanText, mammothBlocks, parsePlan } from "../../../src/plan";

const para = (text: string, level?: number) => ({
  type: "paragraph",
  children: [{ type: "run", children: [{ type: "text", value: text }] }],
  ...(level === undefined ? {} : { numbering: { isOrdered: true, level: String(level) } }),
});
const doc = (...children: object[]) => ({ type: "document", children });
const read = (d: object) => parsePlan(docxToPlanText(mammothBlocks(d)), { fallbackYear: 2030 });

test("a two-level list of short headings over tasks reads as domains and tasks", () => {
  const p = read(
    doc(
      para("西湖县2025年数字乡村建设工作要点"),
      para("完善乡村信息基础设施", 0),
      para("推进光纤入村。6月底前行政村光纤通达率100%。（牵头单位：县通信办）", 1),
      para("建设村级服务站。年底前覆盖全部行政村。（牵头单位：县商务局）", 1),
      para("发展农村数字经济", 0),
      para("培育电商带头人。9月底前培训200人。（牵头单位：县人社局；配合单位：县商务局）", 1),
    ),
  );
  expect(p.domains.map((d) => d.name)).toEqual(["完善乡村信息基础设施", "发展农村数字经济"]);
  expect(p.tasks.map((t) => [t.id, t.domainOrdinal, t.title, t.leadUnits])).toEqual([
    [1, 1, "推进光纤入村", ["县通信办"]],
    [2, 1, "建设村级服务站", ["县商务局"]],
    [3, 2, "培育电商带头人", ["县人社局"]],
  ]);
  expect(p.tasks[2].deadlines.map((d) => d.date)).toEqual(["2025-09-30"]);
});

test("a list of tasks with sub-items under them keeps tasks at the top level", () => {
  const p = read(
    doc(
      para("西湖县2025年数字乡村建设工作要点"),
      para("一、重点任务"),
      para("推进光纤入村，提升网络质量。（牵头单位：县通信办）", 0),
      para("6月底前完成20个村", 1),
      para("年底前完成全部行政村", 1),
      para("建设村级服务站。年底前覆盖全部行政村。（牵头单位：县商务局）", 0),
    ),
  );
  expect(p.tasks.map((t) => [t.id, t.leadUnits])).toEqual([
    [1, ["县通信办"]],
    [2, ["县商务局"]],
  ]);
  expect(p.tasks[0].deadlines.map((d) => d.date)).toEqual(["2025-06-30", "2025-12-31"]);
});
