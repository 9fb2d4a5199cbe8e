/**
 * Text as copies give it: full-width digits, CJK radicals a PDF font stands in for ideographs, zero-width
 * and no-break spaces from web pages. Each must read as the plain text would.
 */
import { foldLookalikes, parsePlan } from "../../../src/plan";

const PLAIN = [
  "东湖县2025年农村人居环境整治行动方案",
  "一、重点任务",
  "1.开展村庄清洁行动。7月底前完成首轮清理。（牵头单位：县农业农村局；配合单位：县卫生健康委、各镇人民政府）",
  "2.推进厕所改造。2025年9月30日前完成改造任务。（牵头单位：县住房和城乡建设局）",
  "3.建立长效管护机制。年底前建立门前三包制度。（牵头单位：县市场监督管理局）",
].join("\n");

const toFullWidthDigits = (s: string) =>
  s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0x30 + 0xff10));
const toRadicals = (s: string) =>
  s.replace(/月/g, "\u2f49").replace(/日/g, "\u2f47").replace(/长/g, "\u2ed3").replace(/门/g, "\u2ed4");
const toWebCopy = (s: string) =>
  s
    .replace(/牵头单位/g, "牵\u200b头单位")
    .replace(/（牵/g, "\u00a0（牵")
    .replace(/监督/g, "监\u200b督");

const summary = (text: string) => {
  const p = parsePlan(text, { fallbackYear: 2030 });
  return {
    year: p.year,
    title: p.title,
    tasks: p.tasks.map((t) => [
      t.id,
      t.title,
      t.leadUnits,
      t.responsibleUnits,
      t.deadlines.map((d) => d.date),
    ]),
    domains: p.domains.map((d) => d.name),
  };
};

test("the plain plan reads as expected", () => {
  const s = summary(PLAIN);
  expect(s.year).toBe(2025);
  expect(s.tasks).toEqual([
    [1, "开展村庄清洁行动", ["县农业农村局"], ["县卫生健康委", "各镇人民政府"], ["2025-07-31"]],
    [2, "推进厕所改造", ["县住房和城乡建设局"], [], ["2025-09-30"]],
    [3, "建立长效管护机制", ["县市场监督管理局"], [], ["2025-12-31"]],
  ]);
});

test.each([
  ["full-width digits", toFullWidthDigits],
  ["CJK radicals for 月日长门", toRadicals],
  ["zero-width and no-break spaces", toWebCopy],
  ["all of them at once", (s: string) => toWebCopy(toRadicals(toFullWidthDigits(s)))],
])("%s read like the plain text", (_name, disguise) => {
  const disguised = disguise(PLAIN);
  expect(disguised).not.toBe(PLAIN);
  expect(summary(disguised)).toEqual(summary(PLAIN));
});

test("folding keeps full-width punctuation, circled numbers and line count", () => {
  const s = "（一）甲：乙；丙，丁。①２０２４年⽉\u200b\n\u00a0三";
  const folded = foldLookalikes(s);
  expect(folded).toBe("（一）甲：乙；丙，丁。①2024年月\n 三");
  expect(folded.split("\n")).toHaveLength(2);
});

describe("plan year when the title and publication date give none", () => {
  const body = [
    "南湖区人民政府办公室",
    "南湖区营商环境重点任务",
    "一、重点任务",
    "1.推行联合验收，2024 年 6 月底前全面实施，9月底前覆盖全区。（区住房和城乡建设局牵头）",
    "2.优化报装服务，到2024年底办结时间压缩一半。（区发展改革局牵头）",
    "3.总结2019年以来的经验，年底前形成报告。（区政务服务中心牵头）",
  ].join("\n");

  test("comes from the body's dated deadlines, with a warning, not from this year", () => {
    const p = parsePlan(body, { fallbackYear: 2030 });
    expect(p.year).toBe(2024);
    expect(p.tasks[0].deadlines.map((d) => d.date)).toEqual(["2024-06-30", "2024-09-30"]);
    expect(p.tasks[2].deadlines.map((d) => d.date)).toEqual(["2024-12-31"]);
    expect(p.diagnostics).toContainEqual(
      expect.objectContaining({ code: "PLAN_YEAR_FROM_BODY", severity: "warning" }),
    );
    expect(p.diagnostics.map((d) => d.code)).not.toContain("PLAN_YEAR_UNKNOWN");
  });

  test("a page header with the office's name does not become the title", () => {
    expect(parsePlan(body, { fallbackYear: 2030 }).title).toBe("南湖区营商环境重点任务");
  });

  test("falls back to the given year, with a warning, only when the body has no dated deadline", () => {
    const p = parsePlan(body.replace(/2024\s*年\s*/g, ""), { fallbackYear: 2030 });
    expect(p.year).toBe(2030);
    expect(p.diagnostics.map((d) => d.code)).toContain("PLAN_YEAR_UNKNOWN");
  });
});
