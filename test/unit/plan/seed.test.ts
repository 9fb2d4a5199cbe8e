/** The bundled plan, quirk by quirk (see DOMAIN notes): every task must come out right. */
import { parsePlan, type Plan, type Task } from "../../../src/plan";
import { fixture, seedText } from "../../support/files";

let plan: Plan;
const task = (id: number): Task => {
  const t = plan.tasks.find((x) => x.id === id);
  if (!t) throw new Error(`task ${id} missing`);
  return t;
};
const explicit = (id: number) =>
  task(id)
    .deadlines.filter((d) => !d.inferred)
    .map((d) => d.date);

beforeAll(() => {
  plan = parsePlan(seedText());
});

test("title skips the page furniture; publication date and plan year", () => {
  expect(plan.title).toBe("聊城高新区营商环境创新2022年行动计划");
  expect(plan.published).toBe("2022-07-08");
  expect(plan.year).toBe(2022);
});

test("16 domains with their own lead units, 118 tasks numbered 1–118", () => {
  expect(plan.domains).toHaveLength(16);
  expect(plan.domains[0]).toMatchObject({
    ordinal: 1,
    name: "开办企业领域(含个体户、农村合作社)",
    leadUnits: ["行政审批服务部"],
  });
  expect(plan.domains[13].leadUnits).toEqual(["科技创新发展部", "党群工作部", "投资促进部"]);
  expect(plan.domains[15]).toMatchObject({
    ordinal: 16,
    name: "减税降费领域",
    leadUnits: ["财政管理部", "税务局"],
  });
  expect(plan.tasks.map((t) => t.id)).toEqual(Array.from({ length: 118 }, (_, i) => i + 1));
  const perDomain = plan.domains.map((d) => plan.tasks.filter((t) => t.domainOrdinal === d.ordinal).length);
  expect(perDomain).toEqual([9, 18, 6, 4, 5, 5, 6, 7, 5, 1, 7, 8, 6, 20, 3, 8]);
  expect(task(118).domain).toBe("减税降费领域");
});

test("prose sections (工作目标, 保障措施) give no tasks and no domains", () => {
  expect(plan.domains.map((d) => d.name)).not.toContain("强化统筹协调");
  expect(plan.tasks.some((t) => t.text.includes("牵头抓总"))).toBe(false);
});

test("every task matches the hand-checked table of titles, units and explicit deadlines", () => {
  const rows = fixture("seed-tasks.tsv")
    .replace(/\n+$/, "")
    .split("\n")
    .filter((l) => !l.startsWith("#"));
  expect(rows).toHaveLength(118);
  for (const row of rows) {
    const [id, title, lead, resp, deadlines] = row.split("\t");
    const t = task(Number(id));
    expect({
      id: t.id,
      title: t.title,
      lead: t.leadUnits.join("、"),
      resp: t.responsibleUnits.join("、"),
    }).toEqual({
      id: Number(id),
      title,
      lead,
      resp,
    });
    expect(
      t.deadlines
        .filter((d) => !d.inferred)
        .map((d) => `${d.date}=${d.text}`)
        .join(" "),
    ).toBe(deadlines ?? "");
  }
});

test("a document number 〔2021〕 is not a unit bracket", () => {
  expect(task(31).leadUnits).toEqual(["科技创新发展部", "新城供电中心"]);
  expect(task(31).responsibleUnits).toEqual(["财政管理部", "自然资源和规划分局", "建设管理部"]);
  expect(task(31).text).toContain("〔2021〕1161号");
  expect(plan.units.map((u) => u.name)).not.toContain("2021");
});

test("several unit brackets in one task, and 〔责任单位:…〕 standing alone", () => {
  expect(task(28).leadUnits).toEqual(["新城供电中心", "行政审批服务部"]);
  expect(task(28).responsibleUnits).toEqual(["科技创新发展部", "信息技术产业发展服务中心", "发展环境保障部"]);
  expect(task(71).leadUnits).toEqual(["综合管理办公室", "行政审批服务部"]);
  expect(task(71).responsibleUnits).toEqual(["区直各部门", "各分支机构"]);
  expect(task(71).body).toContain("围绕个人全生命周期和企业全生命周期");
});

test("牵头部门 for 牵头单位, and `,` between the labels", () => {
  expect(task(88).leadUnits).toEqual(["科技创新发展部"]);
  expect(task(109).leadUnits).toEqual(["司法分局"]);
  expect(task(109).responsibleUnits).toEqual(["区有关执法部门"]);
});

test("brackets with no label are kept as a collective duty and reported", () => {
  for (const [id, duty] of [
    [58, "打击证券违法活动区有关责任部门单位"],
    [59, "区有关单位按照职责分工负责"],
    [78, "区有关部门单位按照职责分工负责"],
  ] as const) {
    expect(task(id).collectiveDuty).toBe(duty);
    expect(task(id).leadUnits).toEqual([]);
    expect(
      plan.diagnostics.some((d) => d.code === "UNIT_BRACKET_UNLABELLED" && d.line === task(id).line),
    ).toBe(true);
  }
});

test("titles not closed by 。 are cut where the body begins", () => {
  expect(task(63).title).toBe("优化政府采购资金电子化支付服务");
  expect(task(63).body.startsWith("10月底前")).toBe(true);
  expect(task(96).title).toBe("加大外籍高端人才引进力度");
  expect(task(98).title).toBe("改革创新人才工程遴选机制");
  expect(task(101).title).toBe("健全完善人力资源服务业发展政策体系");
  expect(task(103).title).toBe("优化外国人才在聊服务");
  // A long title that is closed by 。 stays whole.
  expect(task(10).title).toBe("持续强化聊城市工程建设审批管理系统(以下简称“工建系统”)全覆盖、全流程应用");
});

test("several deadlines in one task, each tied to its clause", () => {
  const d = task(12).deadlines;
  expect(d.map((x) => x.date)).toEqual(["2022-07-31", "2022-10-31", "2022-10-31"]);
  expect(d[0].clause).toBe("7月底前,分类完成工程建设项目全流程办理实施细则,公布事项清单和审批流程");
  expect(d[2].clause).toBe("10月底前,出台工程建设项目审批全过程帮办服务规范");
  expect(task(109).deadlines[1].clause.startsWith("根据省统一部署,9月底前")).toBe(true);
  expect(explicit(85)).toEqual(["2022-07-31", "2022-10-31"]);
});

test("中旬 and 全年", () => {
  expect(task(8).deadlines[0]).toMatchObject({ date: "2022-07-20", text: "7月中旬前", inferred: false });
  expect(task(77).deadlines).toEqual([
    expect.objectContaining({ date: "2022-12-31", text: "全年", inferred: false }),
  ]);
  expect(task(32).deadlines.map((x) => x.text)).toEqual(["8月底前", "全年"]);
});

test("validity periods are not deadlines; tasks without one get the year's end, inferred", () => {
  for (const id of [112, 113, 114]) {
    expect(task(id).deadlines).toEqual([{ date: "2022-12-31", text: "", inferred: true, clause: "" }]);
  }
  expect(task(1).deadlines).toEqual([{ date: "2022-12-31", text: "", inferred: true, clause: "" }]);
  const inferred = plan.diagnostics.find((d) => d.code === "DEADLINE_INFERRED");
  expect(inferred?.message).toContain("75项任务未写明时限");
});

test("quantitative targets are picked up inline", () => {
  expect(task(6).targets).toContain("99%以上");
  // `压减到 20个工作日`: the stray space of the source does not cut the target from its verb.
  expect(task(19).targets).toContain("压减到20个工作日");
  expect(task(32).targets).toEqual(expect.arrayContaining(["不少于500", "压减至4.6小时以内"]));
  expect(task(88).targets).toEqual(["20家左右", "130家左右"]);
  expect(task(64).targets).toContain("提高至45%");
  expect(task(31).targets).toEqual([]); // 〔2021〕1161号 and 10千伏 are not targets
});

test("the unit registry: 28 units, five collective, with the tasks each leads or supports", () => {
  expect(plan.units).toHaveLength(28);
  expect(
    plan.units
      .filter((u) => u.collective)
      .map((u) => u.name)
      .sort(),
  ).toEqual(["区有关执法部门", "区直各部门", "各产业发展服务中心", "各分支机构", "各镇(街道)"].sort());
  const approvals = plan.units.find((u) => u.name === "行政审批服务部")!;
  expect(approvals.leadTasks).toContain(1);
  expect(approvals.supportTasks).toContain(10);
  expect(approvals.leadDomains).toEqual([1, 2, 11]);
  expect(plan.units.find((u) => u.name === "各镇(街道)")?.supportTasks).toEqual([66, 67, 69, 72, 73]);
});

test("the seed parses with no errors or warnings", () => {
  expect(plan.diagnostics.filter((d) => d.severity !== "info")).toEqual([]);
});
