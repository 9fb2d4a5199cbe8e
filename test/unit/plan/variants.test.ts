/** Other plans of the genre, written for these tests: the shapes staff will paste. */
import { parsePlan, type Plan } from "../../../src/plan";
import { fixture } from "../../support/files";

const byId = (p: Plan, id: number) => p.tasks.find((t) => t.id === id)!;

describe("county plan: 1、 numbering, full-width brackets, 配合单位, prose sections with numbers", () => {
  const plan = parsePlan(fixture("plans/county-digital-2023.txt"));

  test("title past the furniture, the 发布日期 line, the year from the title", () => {
    expect(plan.title).toBe("临河县数字政府建设2023年工作方案");
    expect(plan.published).toBe("2023-03-15");
    expect(plan.year).toBe(2023);
  });

  test("numbered goals in 总体要求 and 保障措施 are not tasks", () => {
    expect(plan.tasks.map((t) => t.id)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(plan.domains.map((d) => d.name)).toEqual(["优化政务服务", "强化数据共享"]);
    expect(plan.domains[0].leadUnits).toEqual(["县行政审批局"]);
  });

  test("（牵头单位：…；配合单位：…）, 【】, 责任单位 alone, (X牵头,Y按职责分工负责)", () => {
    expect(byId(plan, 1)).toMatchObject({
      leadUnits: ["县行政审批局"],
      responsibleUnits: ["县大数据中心", "县司法局"],
    });
    expect(byId(plan, 2)).toMatchObject({
      leadUnits: [],
      responsibleUnits: ["县行政审批局", "各乡镇人民政府"],
    });
    expect(byId(plan, 4)).toMatchObject({ leadUnits: ["县大数据中心"], responsibleUnits: ["县直各部门"] });
    expect(byId(plan, 5)).toMatchObject({ leadUnits: ["县大数据中心"], responsibleUnits: ["县直有关部门"] });
  });

  test("6月30日前, 2023年9月底前, 年底前, 6月底完成, 第三季度末前", () => {
    expect(byId(plan, 1).deadlines.map((d) => d.date)).toEqual(["2023-06-30", "2023-09-30"]);
    expect(byId(plan, 2).deadlines.map((d) => [d.date, d.text])).toEqual([["2023-12-31", "年底前"]]);
    expect(byId(plan, 4).deadlines.map((d) => d.date)).toEqual(["2023-06-30", "2023-09-30"]);
  });

  test("长期坚持 and 持续推进: inferred year end, flagged", () => {
    expect(byId(plan, 3).deadlines).toEqual([
      expect.objectContaining({ date: "2023-12-31", inferred: true, term: "长期坚持" }),
    ]);
    expect(byId(plan, 6).deadlines[0]).toMatchObject({ inferred: true, term: "持续推进" });
    const flagged = plan.diagnostics.filter((d) => d.code === "DEADLINE_NO_DATE_TERM").map((d) => d.line);
    expect(flagged).toEqual([byId(plan, 3).line, byId(plan, 6).line]);
  });

  test("targets", () => {
    expect(byId(plan, 2).targets).toEqual(["压缩至3个工作日以内"]);
    expect(byId(plan, 3).targets).toEqual(["不少于20人"]);
  });
});

describe("PDF copy: hard line breaks, labels on their own lines, CRLF, BOM, full-width spaces", () => {
  const raw = fixture("plans/city-pdf-copy.txt");
  const messy = "\uFEFF" + raw.replace(/\n/g, "\r\n").replace(/^1\./m, "\u3000\u30001.");
  const plan = parsePlan(messy);

  test("the same plan whatever the line endings and leading spaces", () => {
    const clean = parsePlan(raw);
    expect(plan.tasks.map((t) => [t.title, t.leadUnits, t.responsibleUnits, t.deadlines])).toEqual(
      clean.tasks.map((t) => [t.title, t.leadUnits, t.responsibleUnits, t.deadlines]),
    );
    expect(plan.title).toBe("河川市优化营商环境三年行动方案（2024—2026年）");
  });

  test("a multi-year plan counts from its first year", () => {
    expect(plan.year).toBe(2024);
  });

  test("broken lines are joined back into one paragraph", () => {
    expect(byId(plan, 1).body).toContain("实现企业开办全程网上办理，办理时限压缩至0.5个工作日以内。");
    expect(byId(plan, 1).targets).toEqual(["压缩至0.5个工作日以内"]);
    expect(byId(plan, 5).deadlines[0]).toMatchObject({ date: "2024-12-31", text: "年底前" });
  });

  test("labels on their own lines, including 完成时限", () => {
    expect(byId(plan, 1)).toMatchObject({
      leadUnits: ["市市场监管局"],
      responsibleUnits: ["市税务局", "市公安局", "市人社局"],
    });
    expect(byId(plan, 1).deadlines.map((d) => [d.date, d.text])).toEqual([["2024-06-30", "2024年6月底前"]]);
    expect(byId(plan, 2).deadlines.map((d) => d.date)).toEqual(["2025-12-31"]);
    expect(byId(plan, 3).deadlines.map((d) => d.date)).toEqual(["2024-06-30"]);
    expect(byId(plan, 4)).toMatchObject({ leadUnits: [], responsibleUnits: ["市水务集团"] });
    expect(byId(plan, 5)).toMatchObject({ leadUnits: ["市自然资源局"], responsibleUnits: ["市发改委"] });
  });

  test("the 组织实施 section's quarterly reporting is not a task", () => {
    expect(plan.tasks).toHaveLength(5);
  });
});

describe("three levels (一、 > (一) > 1. > (1)), numbering restarting in each domain", () => {
  const plan = parsePlan(fixture("plans/district-three-levels.txt"));

  test("tasks renumbered in plan order, the number as written kept as a label", () => {
    expect(plan.tasks.map((t) => t.id)).toEqual([1, 2, 3, 4, 5]);
    expect(plan.tasks.map((t) => t.label)).toEqual([
      "（一）1.",
      "（一）2.",
      "（二）1.",
      "（二）2.",
      "（二）3.",
    ]);
    expect(plan.diagnostics.map((d) => d.code)).toContain("TASK_RENUMBERED");
  });

  test("(1) sub-items stay in their task, with their deadlines", () => {
    expect(byId(plan, 1).deadlines.map((d) => [d.date, d.clause])).toEqual([
      ["2025-05-31", "（1）5月底前完成辖区企业摸底"],
      ["2025-08-20", "（2）8月中旬前完成隐患整改"],
    ]);
    expect(byId(plan, 1)).toMatchObject({
      leadUnits: ["区应急局"],
      responsibleUnits: ["区公安分局", "区消防救援大队"],
    });
  });

  test("a title with a deadline clause after a comma and no 。", () => {
    expect(byId(plan, 2).title).toBe("推进智能化监管平台建设");
    expect(byId(plan, 2).deadlines[0].date).toBe("2025-12-31");
  });

  test("the 工作要求 section is prose; unlabelled duty kept", () => {
    expect(plan.tasks).toHaveLength(5);
    expect(byId(plan, 5).collectiveDuty).toBe("区有关部门按照职责分工负责");
  });
});

describe("tasks numbered (一) under 一、 domains", () => {
  const plan = parsePlan(fixture("plans/town-chinese-ordinals.txt"));
  test("domains from 一、 headings, tasks from (一) items", () => {
    expect(plan.domains.map((d) => d.name)).toEqual(["产业发展", "人居环境"]);
    expect(plan.tasks.map((t) => [t.id, t.title, t.domainOrdinal])).toEqual([
      [1, "发展特色种植", 1],
      [2, "壮大集体经济", 1],
      [3, "推进厕所改造", 2],
      [4, "整治村容村貌", 2],
    ]);
    expect(byId(plan, 3).deadlines[0].date).toBe("2024-10-31");
    expect(plan.units.find((u) => u.name === "各村")?.collective).toBe(true);
  });
});

describe("labels in brackets of their own, short labels, Chinese-numeral months, bare months and years", () => {
  const plan = parsePlan(fixture("plans/bureau-bracket-labels.txt"));
  test("【牵头单位】X on its own line, 牵头：/配合： short labels", () => {
    expect(byId(plan, 1)).toMatchObject({
      leadUnits: ["区行政审批局"],
      responsibleUnits: ["区数据局", "区司法局"],
    });
    expect(byId(plan, 2)).toMatchObject({ leadUnits: ["区政务服务中心"], responsibleUnits: ["各街道"] });
    expect(byId(plan, 3)).toMatchObject({ leadUnits: ["区工商联"], responsibleUnits: ["区直有关部门"] });
  });
  test("十月底前, 三月底前, 完成时限 2025年12月 and 2025年", () => {
    expect(byId(plan, 1).deadlines.map((d) => [d.date, d.text])).toEqual([
      ["2025-10-31", "十月底前"],
      ["2025-12-31", "2025年12月"],
    ]);
    expect(byId(plan, 2).deadlines.map((d) => d.date)).toEqual(["2025-12-31"]);
    expect(byId(plan, 3).deadlines.map((d) => d.date)).toEqual(["2025-03-31"]);
    expect(byId(plan, 1).title).toBe("推行“高效办成一件事”");
    expect(byId(plan, 1).body).toBe("十月底前上线10个主题事项。");
  });
});
