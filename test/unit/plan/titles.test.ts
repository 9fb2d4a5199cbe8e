/**
 * The plan's title as a copy gives it: wrapped at the title's own width and run into the preface, or
 * behind a cover notice that issues it (`关于印发《…》的通知`).
 */
import { parsePlan } from "../../../src/plan";

const PREFACE = "为进一步激发市场活力，根据上级有关部署，结合本县实际，制定本方案。";

test.each([
  ["白沙县2024年优化营商环境行动方案", 17],
  ["白沙县促进民营经济高质量发展三年行动计划（2024—2026年）", 20],
  ["白沙县2024年数字政府建设工作要点", 18],
])(
  "a title wrapped at its own width and run into the preface is cut at its last word: %s",
  (title, width) => {
    const body = title + PREFACE;
    const lines: string[] = [];
    for (let i = 0; i < body.length; i += width) lines.push(body.slice(i, i + width));
    const text = [...lines, "一、重点任务", "1.压减开办时间。6月底前完成。（牵头单位：县市场监管局）"].join(
      "\n",
    );
    const p = parsePlan(text, { fallbackYear: 2030 });
    expect(p.title).toBe(title);
    expect(p.tasks.map((t) => t.leadUnits)).toEqual([["县市场监管局"]]);
  },
);

test("a plan received with its cover notice takes the plan's own title, not the notice's", () => {
  const text = [
    "白沙县人民政府办公室",
    "关于印发《白沙县2024年优化营商环境行动方案》的通知",
    "各乡镇人民政府，县直各部门：",
    "现将《白沙县2024年优化营商环境行动方案》印发给你们，请认真贯彻落实。",
    "白沙县人民政府办公室",
    "2024年3月5日",
    "白沙县2024年优化营商环境行动方案",
    "一、重点任务",
    "1.压减开办时间。6月底前完成。（牵头单位：县市场监管局）",
  ].join("\n");
  const p = parsePlan(text);
  expect(p.title).toBe("白沙县2024年优化营商环境行动方案");
  expect(p.published).toBe("2024-03-05");
});

test("a title that is still a sentence is warned about", () => {
  const text = [
    "为激发市场活力，制定本方案。",
    "一、重点任务",
    "1.压减开办时间。（牵头单位：县市场监管局）",
  ].join("\n");
  const p = parsePlan(text, { fallbackYear: 2024 });
  expect(p.diagnostics.map((d) => d.code)).toContain("PLAN_TITLE_PROSE");
});
