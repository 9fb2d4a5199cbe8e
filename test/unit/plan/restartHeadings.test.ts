/**
 * A Word list printed to PDF numbers domains and tasks alike (`1.推进…` over `1.加快…`): the headings are
 * told by their place — a short line with no units or deadline, the numbering under it starting again.
 */
import { parsePlan } from "../../../src/plan";

const task = (n: number, title: string, lead: string, month: number) =>
  `${n}.${title}。全年完成${n * 10}项。完成时限：2024年${month}月底前。（牵头单位：${lead}；责任单位：区财政局）`;

const plan = [
  "南湖区2024年数字政府建设要点",
  "1.推进数字基础设施建设",
  task(1, "加快基站建设", "区通信办", 6),
  task(2, "建设城市数据中心", "区大数据局", 9),
  "2.提升数字政府服务能力",
  task(1, "深化一网通办", "区政务服务中心", 3),
  task(2, "推进电子证照", "区大数据局", 10),
  task(3, "完善热线分析", "区政府办公室", 12),
  "3.强化数字安全保障",
  task(1, "健全网络安全责任制", "区委网信办", 8),
].join("\n");

test("headings numbered like their tasks are read as domains", () => {
  const p = parsePlan(plan);
  expect(p.domains.map((d) => d.name)).toEqual([
    "推进数字基础设施建设",
    "提升数字政府服务能力",
    "强化数字安全保障",
  ]);
  expect(p.tasks.map((t) => [t.id, t.title, t.domainOrdinal, t.leadUnits[0]])).toEqual([
    [1, "加快基站建设", 1, "区通信办"],
    [2, "建设城市数据中心", 1, "区大数据局"],
    [3, "深化一网通办", 2, "区政务服务中心"],
    [4, "推进电子证照", 2, "区大数据局"],
    [5, "完善热线分析", 2, "区政府办公室"],
    [6, "健全网络安全责任制", 3, "区委网信办"],
  ]);
  expect(p.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  // Said, not silent: the office sees that headings were inferred.
  expect(p.diagnostics.map((d) => d.code)).toContain("HEADING_BY_STRUCTURE");
});

test("the same as a PDF copy gives it: one line per wrapped line, no blank lines", () => {
  const wrapped = plan
    .split("\n")
    .flatMap((l) => l.match(/.{1,24}/gu) ?? [])
    .join("\n");
  const p = parsePlan(wrapped);
  expect(p.domains.map((d) => d.name)).toEqual(parsePlan(plan).domains.map((d) => d.name));
  expect(p.tasks).toHaveLength(6);
});

test("a short task without units is not a heading when the numbering under it does not restart", () => {
  const text = [
    "南湖区2024年重点工作",
    "一、重点任务",
    task(1, "加快基站建设", "区通信办", 6),
    "2.开展调研",
    task(3, "深化一网通办", "区政务服务中心", 3),
  ].join("\n");
  const p = parsePlan(text);
  expect(p.domains.map((d) => d.name)).toEqual(["重点任务"]);
  expect(p.tasks.map((t) => t.id)).toEqual([1, 2, 3]);
  expect(p.diagnostics.map((d) => d.code)).not.toContain("HEADING_BY_STRUCTURE");
});

test("a repeated task number under a short task stays an error, not a heading", () => {
  const text = [
    "南湖区2024年重点工作",
    "一、重点任务",
    task(1, "加快基站建设", "区通信办", 6),
    "2.开展调研",
    task(1, "深化一网通办", "区政务服务中心", 3),
  ].join("\n");
  const p = parsePlan(text);
  expect(p.tasks).toHaveLength(3);
  expect(p.diagnostics.map((d) => d.code)).toContain("TASK_NUMBER_DUPLICATE");
});
