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

/** A plan of our own, its paragraphs hard-wrapped at `width` characters. */
function wrappedPlan(district: string, width: number): { clean: string; lines: string[] } {
  const paras = [
    `${district}优化营商环境2024年工作方案`,
    "一、提升政务服务",
    `1.推进“一件事一次办”。9月底前上线20个主题服务。（牵头单位：${district}政务服务管理局；配合单位：${district}公安分局、${district}人力资源和社会保障局）`,
    `2.深化工程建设审批改革。2024年6月底前实现全流程网办。（牵头单位：${district}住房和城乡建设局；配合单位：${district}自然资源分局、${district}行政审批服务中心）`,
    "二、优化市场环境",
    `3.规范涉企检查。第三季度末前建立检查计划统筹机制。（牵头单位：${district}司法局；配合单位：各镇（街道）、${district}市场监督管理局）`,
    `4.加强信用监管。12月31日前完成信用分级分类。（牵头单位：${district}发展和改革局；配合单位：${district}税务局、${district}市场监督管理局）`,
    `5.强化要素保障。年底前新增标准厂房10万平方米。（牵头单位：${district}工业和信息化局；配合单位：${district}财政局）`,
  ];
  const lines: string[] = [];
  for (const p of paras) for (let i = 0; i < p.length; i += width) lines.push(p.slice(i, i + width));
  return { clean: paras.join("\n"), lines };
}

/** What matters of a parse: each task's number, title, units, deadlines and domain. */
const essence = (text: string) =>
  parsePlan(text, { fallbackYear: 2030 }).tasks.map((t) => ({
    id: t.id,
    title: t.title,
    lead: t.leadUnits,
    resp: t.responsibleUnits,
    deadlines: t.deadlines.map((d) => d.date),
    domain: t.domain,
    text: t.text,
  }));

test.each([
  ["南湖区", 17, "南湖区人民政府办公室 2024年3月"],
  ["东川县", 23, "东川县政府办〔2024〕12号"],
  ["西岭镇", 29, "西岭镇党政办公室、西岭镇人民政府"],
])(
  "%s: a running header with a date, 文号 or 、 at every page break of a copy is dropped (width %i)",
  (district, width, header) => {
    const { clean, lines } = wrappedPlan(district, width);
    // pdftotext's shape: the page number closes a page, a form feed opens the next on the header.
    const pdftotext: string[] = [];
    // A copy's shape: blank lines around a `— N —` page number, then the header.
    const copied: string[] = [];
    lines.forEach((l, k) => {
      pdftotext.push(l);
      copied.push(l);
      if (k % 6 === 5) {
        const page = (k + 1) / 6;
        pdftotext.push(`-${page}-`, "", `\f${header}`);
        copied.push("", `— ${page} —`, "", header, "");
      }
    });
    const want = essence(clean);
    expect(want).toHaveLength(5);
    expect(essence(pdftotext.join("\n"))).toEqual(want);
    expect(essence(copied.join("\n"))).toEqual(want);
  },
);

test("a line that recurs at only a few of many page breaks is text", () => {
  const lines: string[] = ["某县2024年工作方案", "一、重点任务"];
  for (let n = 1; n <= 8; n++) {
    lines.push(`${n}.第${n}项任务的内容较长需要换行，`, "（牵头单位：县发展和改革局）");
    lines.push("", `— ${n} —`, "", n % 4 === 0 ? "县发展和改革局负责统筹。" : `第${n}页正文继续。`);
  }
  const out = blankFurniture(lines);
  expect(out.filter((l) => l === "县发展和改革局负责统筹。")).toHaveLength(2);
});

test("a deadline cut by a page break with its furniture in between is read whole", () => {
  const text = [
    "金川县2024年政务服务工作方案",
    "一、重点任务",
    "1.扩大跨省通办范围，9月30",
    "",
    "— 1 —",
    "",
    "金川县人民政府办公室 2024年2月",
    "",
    "日前新增通办事项20项。（牵头单位：县政务服务中心）",
    "2.推行帮办代办，年底前覆盖全",
    "",
    "— 2 —",
    "",
    "金川县人民政府办公室 2024年2月",
    "",
    "部镇街。（牵头单位：县行政审批局）",
  ].join("\n");
  const p = parsePlan(text, { fallbackYear: 2030 });
  expect(p.tasks.map((t) => [t.id, t.deadlines.map((d) => d.date), t.leadUnits])).toEqual([
    [1, ["2024-09-30"], ["县政务服务中心"]],
    [2, ["2024-12-31"], ["县行政审批局"]],
  ]);
  expect(p.tasks.map((t) => t.text).join("")).not.toContain("办公室");
});

test("a space between Chinese and an ASCII bracket means nothing: the typed text and its PDF copy read the same", () => {
  const typed = "1.推进土地出 (转)让信息共享 (含划拨) 工作。（牵头单位：区自然资源分局）";
  const copied = "1.推进土地出(转)让信息共享(含划拨)工作。（牵头单位：区自然资源分局）";
  const a = parsePlan(typed, { fallbackYear: 2024 }).tasks[0];
  const b = parsePlan(copied, { fallbackYear: 2024 }).tasks[0];
  expect([a.title, a.text]).toEqual([b.title, b.text]);
  expect(a.title).toBe("推进土地出(转)让信息共享(含划拨)工作");
});
