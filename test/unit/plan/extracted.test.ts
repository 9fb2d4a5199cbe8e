/**
 * Text as extraction gives it: hard wraps anywhere (inside unit names, numbers, brackets), page numbers and
 * running headers, spaces between digits and Chinese, ASCII punctuation, headings split over two lines.
 * Each variant must parse to the same tasks, units, deadlines and domains as the clean text.
 */
import { parsePlan, type Plan } from "../../../src/plan";
import { fixture, seedText } from "../../support/files";
import { scorePlan } from "../../support/planScore";
import { displayWidth } from "../../../src/plan/blocks";

const PLANS = [
  "seed",
  "plans/county-digital-2023.txt",
  "plans/district-three-levels.txt",
  "plans/town-chinese-ordinals.txt",
  "plans/bureau-bracket-labels.txt",
  "plans/harbor-long-units.txt",
] as const;
const textOf = (name: (typeof PLANS)[number]) => (name === "seed" ? seedText() : fixture(name));

/** Hard-wrap every line at `width` display columns, as a PDF reader's copy does. */
function hardWrap(text: string, width: number): string {
  return text
    .split("\n")
    .flatMap((line) => {
      const out: string[] = [];
      let cur = "";
      for (const ch of line) {
        if (displayWidth(cur + ch) > width) {
          out.push(cur);
          cur = "";
        }
        cur += ch;
      }
      out.push(cur);
      return out;
    })
    .join("\n");
}

/** Page furniture every `every` lines: a running header and a page number, as a PDF copy carries them. */
function withPages(text: string, every: number, header: string): string {
  const lines = text.split("\n");
  const out: string[] = [];
  lines.forEach((l, i) => {
    out.push(l);
    if (i % every === every - 1) out.push("", `— ${Math.floor(i / every) + 1} —`, header, "");
  });
  return out.join("\n");
}

const same = (clean: Plan, got: Plan) => {
  const s = scorePlan(clean, got);
  expect(s.misses).toEqual([]);
  expect(got.domains.map((d) => d.name)).toEqual(clean.domains.map((d) => d.name));
};

describe.each(PLANS)("%s", (name) => {
  const text = textOf(name);
  const clean = parsePlan(text);

  test("a line break at every position inside every unit bracket", () => {
    // The n-th position of every bracket at once: as many parses as the longest bracket is long.
    const spans = [
      ...text.matchAll(/[〔【（(][^〔【（()）】〕\n]*(牵头|责任|配合)[^〔【（()）】〕\n]*[〕】）)]/g),
    ].map((m) => [m.index!, m.index! + m[0].length]);
    expect(spans.length).toBeGreaterThan(0);
    const longest = Math.max(...spans.map(([a, b]) => b - a));
    for (let k = 1; k < longest; k++) {
      let out = "";
      let pos = 0;
      for (const [a, b] of spans) {
        if (a + k >= b) continue;
        out += text.slice(pos, a + k) + "\n";
        pos = a + k;
      }
      same(clean, parsePlan(out + text.slice(pos)));
    }
  });

  test("a blank line between every two lines (paragraphs as Word gives them)", () => {
    same(clean, parsePlan(text.split("\n").join("\n\n")));
  });

  test("a PDF's lines pasted into Word, each line a paragraph of its own", () => {
    for (const width of [50, 71, 96]) {
      const got = parsePlan(hardWrap(text, width).split("\n").join("\n\n"));
      expect({ width, misses: scorePlan(clean, got).misses }).toEqual({ width, misses: [] });
    }
  });

  test("hard-wrapped at many widths, with page numbers, running headers and spaces around digits", () => {
    const header = clean.title || "行动计划";
    for (let width = 40; width <= 100; width += 3) {
      const wrapped = withPages(hardWrap(text, width), 37, header)
        .replace(/(\d)([\u4e00-\u9fff])/g, "$1 $2")
        .replace(/([\u4e00-\u9fff])(\d)/g, "$1 $2");
      const got = parsePlan(wrapped);
      expect({ width, misses: scorePlan(clean, got).misses }).toEqual({ width, misses: [] });
      expect(got.domains.map((d) => d.name)).toEqual(clean.domains.map((d) => d.name));
    }
  });
});

/** Hard-wrap every line after `chars` characters (whatever their width), as a narrow text column does. */
function wrapByChars(text: string, chars: number): string {
  return text
    .split("\n")
    .flatMap((line) => [...line].join("").match(new RegExp(`.{1,${chars}}`, "gu")) ?? [""])
    .join("\n");
}

describe.each(PLANS.filter((p) => p !== "seed"))("%s in a narrow column", (name) => {
  const text = textOf(name);
  test("5 to 8 characters a line, with ASCII punctuation and spaces around digits: as the unwrapped text", () => {
    const ascii = text
      .replace(/[（）：；，]/g, (c) => ({ "（": "(", "）": ")", "：": ":", "；": ";", "，": "," })[c]!)
      .replace(/(\d)([\u4e00-\u9fff])/g, "$1 $2")
      .replace(/([\u4e00-\u9fff])(\d)/g, "$1 $2");
    const clean = parsePlan(ascii);
    for (let chars = 5; chars <= 8; chars++) {
      // (A title cut into pieces this small may lose its year: the year is not in question here.)
      const got = parsePlan(wrapByChars(ascii, chars), { fallbackYear: clean.year });
      expect({ chars, misses: scorePlan(clean, got).misses }).toEqual({ chars, misses: [] });
      expect(got.domains.map((d) => d.name)).toEqual(clean.domains.map((d) => d.name));
    }
  });
});

test("a wrapped line that begins with 一、 in the middle of a task is not a heading", () => {
  const text = seedText();
  const at = text.indexOf("一、联合验收");
  expect(at).toBeGreaterThan(0);
  // The paragraph wrapped so that a line ends right before `一、`, as full as the text's other lines.
  const start = text.lastIndexOf("\n", at) + 1;
  const before = [...text.slice(start, at)];
  const lines: string[] = [];
  while (before.length) {
    let line = "";
    while (before.length && displayWidth(before[before.length - 1] + line) <= 60) line = before.pop()! + line;
    lines.unshift(line);
  }
  const wrapped = hardWrap(text.slice(0, start), 60) + lines.join("\n") + "\n" + hardWrap(text.slice(at), 60);
  const clean = parsePlan(text);
  const got = parsePlan(wrapped);
  same(clean, got);
  expect(got.domains).toHaveLength(16);
});

test("ASCII punctuation where the original had full-width", () => {
  const text = fixture("plans/county-digital-2023.txt");
  const ascii = text.replace(
    /[（）：；，]/g,
    (c) => ({ "（": "(", "）": ")", "：": ":", "；": ";", "，": "," })[c]!,
  );
  const clean = parsePlan(text);
  const got = parsePlan(ascii);
  expect(got.tasks.map((t) => [t.leadUnits, t.responsibleUnits, t.deadlines.map((d) => d.date)])).toEqual(
    clean.tasks.map((t) => [t.leadUnits, t.responsibleUnits, t.deadlines.map((d) => d.date)]),
  );
  expect(got.domains.map((d) => d.name)).toEqual(clean.domains.map((d) => d.name));
});

test("a title and a heading split over two lines", () => {
  const text = [
    "河川市优化营商环境三年行动",
    "方案",
    "",
    "二、主要任务",
    "（一）市场准入和企业全生命周期服务便利化改革领域〔领域牵头单位：市市场监管",
    "局〕",
    "1.压缩企业开办时间。6月底前实现一日办结。〔牵头单位：市市场监管局〕",
  ].join("\n");
  const p = parsePlan(text);
  expect(p.title).toBe("河川市优化营商环境三年行动方案");
  expect(p.domains[0]).toMatchObject({
    name: "市场准入和企业全生命周期服务便利化改革领域",
    leadUnits: ["市市场监管局"],
  });
});

test("a table of tasks copied as text (a tab between cells) reads like the same plan in paragraphs", () => {
  const clean = parsePlan(fixture("plans/lakeside-task-table.txt"));
  const tabbed = [
    "湖滨区2023年优化营商环境重点任务分工方案",
    "发布日期：2023年3月1日",
    "二、重点任务",
    "序号\t重点任务\t牵头单位\t责任单位\t完成时限",
    "（一）政务服务领域\t\t\t\t",
    "1\t推行企业开办“一网通办”。企业开办时间压缩至0.5个工作日以内。\t区行政审批服务局\t区市场监督管理局、区税务局\t2023年6月底前",
    "2\t深化“证照分离”改革。实现涉企经营许可事项全覆盖。\t区行政审批服务局\t区直有关部门\t9月底前",
    "3\t建设“15分钟政务服务圈”。推动便民服务中心达标提质。\t区政务服务中心\t各镇人民政府（街道办事处）\t12月底前",
    "（二）要素保障领域",
    "4\t优化用电报装服务。低压小微企业接电时间压减至15个工作日以内。\t国网湖滨供电公司\t区发展和改革局、自然资源和规划分局\t7月中旬前",
    "5\t保障工业项目用地。推行“标准地+承诺制”出让。\t自然资源和规划分局\t区工业和信息化局\t全年",
    "6\t加强金融服务。新增普惠小微贷款不少于10亿元。\t区金融服务中心\t人行湖滨支行、各银行业金融机构\t第三季度末前",
  ].join("\n");
  const got = parsePlan(tabbed);
  expect(scorePlan(clean, got).misses).toEqual([]);
  expect(got.domains.map((d) => d.name)).toEqual(["政务服务领域", "要素保障领域"]);
});

test("lines repeated on every task (labels, deadlines, a value under its label) are content, not running headers", () => {
  const task = (n: number) =>
    [
      `${n}.任务${n}。推进工作。`,
      "牵头单位：",
      "区发展和改革局",
      "责任单位：区财政局",
      "2024年6月底前完成",
    ].join("\n");
  const text = ["某区2024年重点工作方案", "（一）重点工作", task(1), task(2), task(3), task(4)].join("\n");
  const p = parsePlan(text);
  expect(p.tasks.map((t) => [t.leadUnits, t.responsibleUnits, t.deadlines.map((d) => d.date)])).toEqual(
    [1, 2, 3, 4].map(() => [["区发展和改革局"], ["区财政局"], ["2024-06-30"]]),
  );
});

test("one paragraph per line (a PDF's text): a bracket left open by a typo does not swallow the next task", () => {
  const text = [
    "红星镇2024年重点工作",
    "一、产业发展",
    "1.建设蔬菜大棚。新建大棚200座，6月底前完成。（牵头单位：镇农业服务中心；责任单位：各村）",
    "2.发展农村电商。建设镇级电商服务站，年底前完成。（牵头单位：镇经济发展办；责任单位：镇邮政所",
    "2.改造集贸市场。9月底前完工。（牵头单位：镇规划建设办）",
  ].join("\n");
  const p = parsePlan(text, { fallbackYear: 2030 });
  expect(p.tasks.map((t) => [t.id, t.title, t.leadUnits, t.responsibleUnits])).toEqual([
    [1, "建设蔬菜大棚", ["镇农业服务中心"], ["各村"]],
    [2, "发展农村电商", ["镇经济发展办"], ["镇邮政所"]],
    [3, "改造集贸市场", ["镇规划建设办"], []],
  ]);
  expect(p.diagnostics.map((d) => d.code)).toEqual(
    expect.arrayContaining(["BRACKET_UNCLOSED", "TASK_NUMBER_DUPLICATE"]),
  );
});
