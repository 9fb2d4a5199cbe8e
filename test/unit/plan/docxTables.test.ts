/** Word tables of tasks as mammoth gives them (rows of cells with spans), in the shapes offices use. */
import { docxToPlanText, parsePlan, type DocxCell } from "../../../src/plan";

const cell = (text: string, span: Partial<DocxCell> = {}): DocxCell => ({ text, ...span });
const planOf = (rows: DocxCell[][]) =>
  parsePlan(
    docxToPlanText([
      { kind: "paragraph", text: "某区2024年重点任务清单" },
      { kind: "table", rows },
    ]),
  );

test("a two-row header (责任单位 over 牵头单位 | 配合单位), merged cells and a 领域 column", () => {
  const p = planOf([
    [
      cell("序号", { rowSpan: 2 }),
      cell("领域", { rowSpan: 2 }),
      cell("工作任务", { rowSpan: 2 }),
      cell("责任单位", { colSpan: 2 }),
      cell("完成时限", { rowSpan: 2 }),
    ],
    [cell("牵头单位"), cell("配合单位")],
    [
      cell("1"),
      cell("政务服务", { rowSpan: 2 }),
      cell("推行一网通办。"),
      cell("区审批局", { rowSpan: 2 }),
      cell("区数据局\n区司法局"),
      cell("6月底前"),
    ],
    [cell("2"), cell("深化一窗受理。"), cell("各街道"), cell("长期坚持")],
    [cell("3"), cell("要素保障"), cell("降低用电成本。"), cell("区发改局"), cell(""), cell("2024年9月")],
  ]);
  expect(p.tasks.map((t) => [t.id, t.title, t.domain, t.leadUnits, t.responsibleUnits])).toEqual([
    [1, "推行一网通办", "政务服务", ["区审批局"], ["区数据局", "区司法局"]],
    [2, "深化一窗受理", "政务服务", ["区审批局"], ["各街道"]],
    [3, "降低用电成本", "要素保障", ["区发改局"], []],
  ]);
  expect(p.tasks.map((t) => t.deadlines.map((d) => [d.date, d.inferred]))).toEqual([
    [["2024-06-30", false]],
    [["2024-12-31", true]],
    [["2024-09-30", false]],
  ]);
  expect(p.tasks[1].deadlines[0].term).toBe("长期坚持");
});

test("a table that is not a table of tasks is read as lines of text", () => {
  const text = docxToPlanText([{ kind: "table", rows: [[cell("附件"), cell("联系人：张三")]] }]);
  expect(text).toBe("附件 联系人：张三");
});

test("a 完成时限 cell that repeats the date the task's text gives adds no second milestone", () => {
  const p = planOf([
    [cell("序号"), cell("任务"), cell("牵头单位"), cell("完成时限")],
    [cell("1"), cell("推行一网通办。6月底前完成事项梳理，9月底前上线。"), cell("区审批局"), cell("9月底前")],
    [cell("2"), cell("深化一窗受理。"), cell("区政务中心"), cell("2024年10月底前")],
  ]);
  expect(p.tasks.map((t) => t.deadlines.map((d) => d.date))).toEqual([
    ["2024-06-30", "2024-09-30"],
    ["2024-10-31"],
  ]);
});
