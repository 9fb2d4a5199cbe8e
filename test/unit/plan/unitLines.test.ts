/** Units one per line under their label (`责任单位：` / `区水务局` / `区交通运输局`), in text and in Word. */
import { docxToPlanText, parsePlan } from "../../../src/plan";

const TASKS = [
  [
    "1.整治背街小巷。6月底前完成首批20条。",
    "牵头单位：",
    "县城市管理局",
    "责任单位：",
    "县水务局",
    "县交通运输局",
    "各乡镇人民政府",
  ],
  ["2.清理违规广告。9月底前完成。", "牵头单位：县城市管理局", "责任单位：县市场监督管理局", "各乡镇人民政府"],
  [
    "3.治理占道经营。年底前建立长效机制。",
    "牵头单位：",
    "县公安局",
    "责任单位：",
    "县商务局",
    "各乡镇人民政府",
  ],
];
const HEAD = ["西河县2024年城乡环境整治方案", "一、主要任务"];
const EXPECTED = [
  [["县城市管理局"], ["县水务局", "县交通运输局", "各乡镇人民政府"]],
  [["县城市管理局"], ["县市场监督管理局", "各乡镇人民政府"]],
  [["县公安局"], ["县商务局", "各乡镇人民政府"]],
];
const units = (text: string) => parsePlan(text).tasks.map((t) => [t.leadUnits, t.responsibleUnits]);

test("in text, each task's lines together", () => {
  expect(units([...HEAD, ...TASKS.flat()].join("\n"))).toEqual(EXPECTED);
});

test("in text, tasks apart by blank lines (the repeated unit is not taken for a running header)", () => {
  expect(
    units(
      [
        ...HEAD,
        "",
        ...TASKS.map((t) => t.join("\n"))
          .join("\n\n")
          .split("\n"),
      ].join("\n"),
    ),
  ).toEqual(EXPECTED);
});

test("in Word, every line its own paragraph", () => {
  const paragraphs = [...HEAD, ...TASKS.flat()].map((text) => ({ kind: "paragraph" as const, text }));
  expect(units(docxToPlanText(paragraphs))).toEqual(EXPECTED);
});

test("a sentence after the units is not taken for a unit", () => {
  const p = parsePlan(
    [...HEAD, "1.整治背街小巷。", "责任单位：", "县水务局", "各街道要加强日常巡查。"].join("\n"),
  );
  expect(p.tasks[0].responsibleUnits).toEqual(["县水务局"]);
});
